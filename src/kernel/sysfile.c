// SPDX-License-Identifier: GPL-2.0-or-later
/* The I/O edge: reading /proc files, live or from a --sysroot capture. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/sysfile.h"
#include "lib/common.h"
#include "lib/hints.h"

const char *sysfile_path(const char *sysroot, const char *path)
{
	static char b[4096];

	if (!sysroot || !*sysroot)
		return path;
	snprintf(b, sizeof(b), "%s%s", sysroot, path);
	return b;
}

void sysfile_warn(const char *sysroot, const char *path, int e)
{
	warnx("%s: %s", sysfile_path(sysroot, path),
	      hint_errno(path, e, sysroot && *sysroot));
}

const char *sysfile_kptr_hint(const char *sysroot)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	char b[16] = "";
	int fd, kr = -1, cap = -1;

	if (sysroot && *sysroot)
		return hint_kptr(1, -1, -1);
	fd = open("/proc/sys/kernel/kptr_restrict", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, b, sizeof(b) - 1) > 0)
			kr = atoi(b);
		close(fd);
	}
	if (!syscall(SYS_capget, &h, d))
		cap = (d[CAP_SYSLOG / 32].effective >> (CAP_SYSLOG % 32)) & 1;
	return hint_kptr(0, kr, cap);
}

int sysfile_read(const char *sysroot, const char *path, struct buf *b, int flags)
{
	const char *full = sysfile_path(sysroot, path);
	size_t alloc = 1 << 20;	/* one read for most /proc files; malloc maps it: untouched pages cost nothing */
	int fd, e;

	b->p = NULL;
	b->n = 0;
	b->mapped = 0;
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	{	/* a capture (a regular file with a size): mapped, not copied */
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
			/* populated at once: cheaper than a fault a page */
			void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);

			if (m != MAP_FAILED) {
				madvise(m, (size_t)st.st_size, MADV_SEQUENTIAL);
				close(fd);
				b->p = m;
				b->n = (size_t)st.st_size;
				b->mapped = 1;
				return 0;
			}
		}
	}
	b->p = malloc(alloc);
	if (!b->p)
		err(EXIT_ERROR, "out of memory");
	for (;;) {
		ssize_t r;

		if (b->n == alloc) {
			char *np;

			alloc *= 2;
			np = realloc(b->p, alloc);
			if (!np)
				err(EXIT_ERROR, "out of memory");
			b->p = np;
		}
		r = read(fd, b->p + b->n, alloc - b->n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			goto fail;
		}
		if (r == 0)
			break;
		b->n += (size_t)r;
	}
	close(fd);
	return 0;
fail:
	e = errno;
	free(b->p);
	b->p = NULL;
	b->n = 0;
	if (!(e == ENOENT && (flags & SYSF_OPTIONAL)) &&
	    !((e == EACCES || e == EPERM) && (flags & SYSF_PRIVILEGED)))
		sysfile_warn(sysroot, path, e);
	return -e;
}

void buf_free(struct buf *b)
{
	if (b->mapped)
		munmap(b->p, b->n);
	else
		free(b->p);
	b->mapped = 0;
	b->p = NULL;
	b->n = 0;
}
