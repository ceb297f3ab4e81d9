// SPDX-License-Identifier: GPL-2.0-or-later
#include <dlfcn.h>
#include <err.h>
#include <stddef.h>

#include "kernel/dl.h"

/* Open soname and fill n function pointers named in names: 0, or -1 (said why). */
static int load(const char *soname, const char *deb, const char *const *names, void **fns, size_t n)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	if (!h) {
		warnx("%s (Debian: install %s)", dlerror(), deb);
		return -1;
	}
	for (i = 0; i < n; i++) {
		fns[i] = dlsym(h, names[i]);
		if (!fns[i]) {
			warnx("%s: no %s: %s", soname, names[i], dlerror());
			return -1;
		}
	}
	return 0;
}

#define DL_NAME(f) #f,

const struct dl_elf *dl_elf(void)
{
	static const char *const names[] = { DL_ELF_FUNCS(DL_NAME) };
	static struct dl_elf api;
	static int state;	/* 0 not tried, 1 loaded, -1 failed */

	if (!state)
		state = load("libelf.so.1", "libelf1", names, (void **)&api,
			     sizeof(api) / sizeof(void *)) ? -1 : 1;
	return state > 0 ? &api : NULL;
}

const struct dl_kmod *dl_kmod(void)
{
	static const char *const names[] = { DL_KMOD_FUNCS(DL_NAME) };
	static struct dl_kmod api;
	static int state;

	if (!state)
		state = load("libkmod.so.2", "libkmod2", names, (void **)&api,
			     sizeof(api) / sizeof(void *)) ? -1 : 1;
	return state > 0 ? &api : NULL;
}

const struct dl_bpf *dl_bpf(void)
{
	static const char *const names[] = { DL_BPF_FUNCS(DL_NAME) };
	static struct dl_bpf api;
	static int state;

	if (!state)
		state = load("libbpf.so.1", "libbpf1", names, (void **)&api,
			     sizeof(api) / sizeof(void *)) ? -1 : 1;
	return state > 0 ? &api : NULL;
}
