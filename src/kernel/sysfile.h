/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The I/O edge: the kernel's files, live or from a --sysroot capture. */
#ifndef VMAPCTL_KERNEL_SYSFILE_H
#define VMAPCTL_KERNEL_SYSFILE_H

#include <stddef.h>

struct buf {
	char *p;
	size_t n;
	int mapped;	/* p is a read-only mapping of the file (a capture), not malloc'd */
};

enum {
	SYSF_OPTIONAL = 1,	/* ENOENT is not an error: return -ENOENT quietly */
	SYSF_PRIVILEGED = 2,	/* a file for root: EACCES, EPERM returned quietly */
};

/*
 * Read SYSROOT/PATH (or PATH when sysroot is NULL) into b. On error, print one
 * line naming the file and the cause and return -errno.
 */
int sysfile_read(const char *sysroot, const char *path, struct buf *b, int flags);
void buf_free(struct buf *b);
/* The path as shown to the user. Static buffer. */
const char *sysfile_path(const char *sysroot, const char *path);
/* The fix for hidden kernel addresses (hint_kptr) for this process, live or in a capture. */
const char *sysfile_kptr_hint(const char *sysroot);
/* "PATH: CAUSE" for errno e (positive), once, on stderr. */
void sysfile_warn(const char *sysroot, const char *path, int e);

#endif
