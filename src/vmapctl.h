/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VMAPCTL_H
#define VMAPCTL_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"

/* Exit status, documented in vmapctl(8). */
#define EXIT_OK		0
#define EXIT_ERROR	1
#define EXIT_USAGE	64	/* EX_USAGE, argp's own default */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- files (the I/O edge) ---------------------------------------------- */

struct buf {
	char *p;
	size_t n;
};

enum {
	SYSF_OPTIONAL = 1,	/* ENOENT is not an error: return -ENOENT quietly */
};

/*
 * Read SYSROOT/PATH (or PATH when sysroot is NULL) into b. On error, print one
 * line naming the file and the cause and return -errno.
 */
int sysfile_read(const char *sysroot, const char *path, struct buf *b, int flags);
void buf_free(struct buf *b);
/* The path as shown to the user. Static buffer. */
const char *sysfile_path(const char *sysroot, const char *path);

/* ---- sizes ------------------------------------------------------------- */

/* "4K", "1.5M" (util-linux style, 1024 based). */
void size_to_human(uint64_t bytes, char *out, size_t outlen);
/* "4096", "4K", "4KiB", "1M", "2G": 0 on success. */
int parse_size(const char *s, uint64_t *out);

/* ---- the vmalloc space model ------------------------------------------- */

enum modkind {
	MOD_NONE,	/* no caller: nothing to attribute */
	MOD_KERNEL,	/* caller in the core kernel */
	MOD_NAMED,	/* caller's [module], or the module living in the area */
	MOD_UNKNOWN,	/* module memory whose owner cannot be told */
};

struct region {
	const struct vmi_entry *e;
	unsigned lineno;
	struct sv type;			/* what made it */
	enum modkind modkind;
	struct sv module;		/* MOD_NAMED */
	const struct iomem_entry *res;	/* ioremap: innermost resource */
};

enum {
	NEED_IOMEM = 1,
	NEED_MODULES = 2,
	NEED_MEMINFO = 4,
};

struct vmspace {
	struct buf vmi_buf, iomem_buf, modules_buf, meminfo_buf;
	struct vmi_table vmi;
	struct iomem_table iomem;
	struct module_table mods;
	enum addr_mode mode;
	int have_iomem;		/* iomem read and its addresses real */
	int have_modules;	/* modules read and their bases real */
	int have_meminfo;
	unsigned addr_digits;
	struct region *r;
	size_t n;
};

/* 0 on success; prints its own errors and warnings. */
int vmspace_load(struct vmspace *vs, const char *sysroot, unsigned need, int strict);
void vmspace_free(struct vmspace *vs);
/* How the regions use the address range [lo, hi): those starting inside count. */
struct area_use {
	uint64_t regions, used, holes, largest_hole, free;
};
void vmspace_area_use(const struct vmspace *vs, uint64_t lo, uint64_t hi, struct area_use *u);

/* Module name text for a region ("kernel", the module, or NULL for unknown/none). */
const char *region_module(const struct region *r, char *tmp, size_t tmplen);
int region_has_type(const struct region *r, const char *name);

#endif
