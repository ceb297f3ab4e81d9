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

/*
 * dl_NAME(): the library's functions, loaded on the first call (0 not tried,
 * 1 loaded, -1 failed: NULL, said once by load)
 */
#define DL_API(NAME, FUNCS, SONAME, PACKAGE)						\
	const struct dl_##NAME *dl_##NAME(void)						\
	{										\
		static const char *const names[] = { FUNCS(DL_NAME) };			\
		static struct dl_##NAME api;						\
		static int state;							\
											\
		if (!state)								\
			state = load(SONAME, PACKAGE, names, (void **)&api,		\
				     sizeof(api) / sizeof(void *)) ? -1 : 1;		\
		return state > 0 ? &api : NULL;						\
	}

DL_API(elf, DL_ELF_FUNCS, "libelf.so.1", "libelf1")
DL_API(kmod, DL_KMOD_FUNCS, "libkmod.so.2", "libkmod2")
DL_API(bpf, DL_BPF_FUNCS, "libbpf.so.1", "libbpf1")
