// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "kernel/dl.h"
#include "kernel/kmodule.h"
#include "kernel/sysfile.h"
#include "lib/common.h"
#include "lib/hints.h"
#include "lib/text.h"

int demo_module_loaded(void)
{
	struct buf b;
	size_t pos = 0;
	struct sv line;
	int found = 0;

	if (sysfile_read(NULL, "/proc/modules", &b, SYSF_OPTIONAL) == -ENOENT) {
		warnx("this kernel has no module support (no /proc/modules): vmapctl demo needs a kernel that can load modules");
		return -1;
	}
	while (!found && next_line(b.p, b.n, &pos, &line))
		found = line.n > strlen(DEMO_MODULE) && !memcmp(line.p, DEMO_MODULE " ", strlen(DEMO_MODULE) + 1);
	buf_free(&b);
	return found;
}

int ko_vermagic_release(const char *path, char *out, size_t len)
{
	const struct dl_elf *E = dl_elf();
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = -1;
	Elf *e;
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (fd < 0 || !E) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	E->elf_version(EV_CURRENT);
	e = E->elf_begin(fd, ELF_C_READ, NULL);
	if (!e || E->elf_kind(e) != ELF_K_ELF || E->elf_getshdrstrndx(e, &shstrndx)) {
		if (e)
			E->elf_end(e);
		close(fd);
		return -1;
	}
	while ((scn = E->elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		const char *name;
		Elf_Data *d;
		size_t off;

		if (!E->gelf_getshdr(scn, &sh))
			continue;
		name = E->elf_strptr(e, shstrndx, sh.sh_name);
		if (!name || strcmp(name, ".modinfo"))
			continue;
		d = E->elf_getdata(scn, NULL);
		/* NUL-separated "key=value" strings */
		for (off = 0; d && off < d->d_size;) {
			const char *s = (const char *)d->d_buf + off;
			size_t n = strnlen(s, d->d_size - off);

			if (n > 9 && !strncmp(s, "vermagic=", 9)) {
				size_t r = strcspn(s + 9, " ");

				snprintf(out, len, "%.*s", (int)r, s + 9);
				rc = 0;
				break;
			}
			off += n + 1;
		}
		break;
	}
	E->elf_end(e);
	close(fd);
	return rc;
}

static const char *insert_error(int e)
{
	switch (e) {
	case EKEYREJECTED:
	case EKEYREVOKED:
	case ENOKEY:
	case EBADMSG:
		return "the kernel requires a signed module (module.sig_enforce or Secure Boot); sign it or install it with DKMS and an enrolled key";
	case EPERM:
		return "not permitted: not root, or the kernel is locked down (lockdown) or has kernel.modules_disabled=1";
	case ENOEXEC:
		return "invalid module format: built for another kernel";
	default:
		return strerror(e);
	}
}

static struct kmod_module *find_module(const struct dl_kmod *K, struct kmod_ctx *ctx, const char *path)
{
	struct kmod_module *mod = NULL;
	struct kmod_list *list = NULL;
	struct utsname u;
	int rc;

	if (path) {
		rc = K->kmod_module_new_from_path(ctx, path, &mod);
		if (rc < 0)
			warnx("%s: %s", path, strerror(-rc));
		return rc < 0 ? NULL : mod;
	}
	rc = K->kmod_module_new_from_lookup(ctx, DEMO_MODULE, &list);
	if (rc >= 0 && list) {
		mod = K->kmod_module_get_module(list);
		K->kmod_module_unref_list(list);
		if (mod && K->kmod_module_get_path(mod))
			return mod;
		if (mod)
			K->kmod_module_unref(mod);
	}
	uname(&u);
	warnx("%s is not installed for kernel %s (make dkms-install), give --module PATH",
	      DEMO_MODULE, u.release);
	return NULL;
}

int demo_module_load(const char *path, int *loaded_here)
{
	const struct dl_kmod *K;
	struct kmod_ctx *ctx;
	struct kmod_module *mod;
	const char *ko;
	char built[256];
	struct utsname u;
	int rc, i;

	*loaded_here = 0;
	rc = demo_module_loaded();
	if (rc)
		return rc < 0 ? -1 : 0;
	if (geteuid() != 0) {
		warnx("%s: %s", DEMO_MODULE, hint_errno(DEMO_MODULE, EPERM, 0));
		return -1;
	}
	K = dl_kmod();
	if (!K)
		return -1;
	ctx = K->kmod_new(NULL, NULL);
	if (!ctx) {
		warnx("cannot initialise libkmod");
		return -1;
	}
	mod = find_module(K, ctx, path);
	if (!mod) {
		K->kmod_unref(ctx);
		return -1;
	}
	ko = K->kmod_module_get_path(mod);
	uname(&u);
	if (ko_vermagic_release(ko, built, sizeof(built))) {
		warnx("%s: not a kernel module (no .modinfo vermagic)", ko);
		rc = -1;
	} else if (strcmp(built, u.release)) {
		warnx("%s: built for kernel %s, but this kernel is %s: rebuild it (make module, or make dkms-install)",
		      ko, built, u.release);
		rc = -1;
	} else {
		rc = K->kmod_module_insert_module(mod, 0, NULL);
		if (rc == -EEXIST) {
			rc = 0;
		} else if (rc < 0) {
			warnx("%s: cannot load it: %s", ko, insert_error(-rc));
			rc = -1;
		} else {
			*loaded_here = 1;
		}
	}
	K->kmod_module_unref(mod);
	K->kmod_unref(ctx);
	if (rc)
		return -1;
	/* devtmpfs makes the node in misc_register; udev may still be at work */
	for (i = 0; i < 200 && access(VMAPCTL_DEMO_DEVICE, F_OK); i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
	if (access(VMAPCTL_DEMO_DEVICE, F_OK)) {
		warnx("%s: no device node 2 s after loading %s (is devtmpfs mounted on /dev?)",
		      VMAPCTL_DEMO_DEVICE, DEMO_MODULE);
		if (*loaded_here && demo_module_unload() == 0)
			*loaded_here = 0;
		return -1;
	}
	return 0;
}

int demo_module_unload(void)
{
	const struct dl_kmod *K = dl_kmod();
	struct kmod_ctx *ctx = K ? K->kmod_new(NULL, NULL) : NULL;
	struct kmod_module *mod = NULL;
	int rc;

	if (!ctx)
		return -1;
	rc = K->kmod_module_new_from_name(ctx, DEMO_MODULE, &mod);
	if (rc >= 0)
		rc = K->kmod_module_remove_module(mod, 0);
	if (rc < 0)
		warnx("%s: cannot unload it: %s", DEMO_MODULE, strerror(-rc));
	if (mod)
		K->kmod_module_unref(mod);
	K->kmod_unref(ctx);
	return rc < 0 ? -1 : 0;
}
