/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmalloc space of a live kernel or a capture: reads each file the caller
 * needs once, builds the model (lib/space.h) and reports its diagnostics.
 */
#ifndef VMAPCTL_KERNEL_SPACE_LOAD_H
#define VMAPCTL_KERNEL_SPACE_LOAD_H

#include "kernel/sysfile.h"
#include "lib/space.h"

enum {
	NEED_IOMEM = 1,
	NEED_MODULES = 2,
	NEED_MEMINFO = 4,
	NEED_QUIET = 8,		/* no note about hidden addresses (the caller explains) */
};

struct space_files {
	struct vmspace vs;
	struct buf vmi, iomem, modules, meminfo;
	int have_meminfo;
	const char *sysroot;
	struct space_input in;		/* the text of the files read */
};

/* a vmallocinfo this big (1 MiB) or bigger is read in parts, by threads */
#define SPACE_BIG ((size_t)1 << 20)

/* 0 on success; prints its own errors and warnings. strict: a malformed line fails. */
int space_load(struct space_files *sf, const char *sysroot, unsigned need, int strict);
/* space_load in two steps: the files read (sf->vmi.n tells the size), then the model */
int space_read(struct space_files *sf, const char *sysroot, unsigned need);
int space_build(struct space_files *sf, unsigned need, int strict);
/*
 * The same without keeping the lines (lib/space.h, vmspace_scan_parts): fn
 * sees each region while the file is read. A file of SPACE_BIG or more is read in
 * SPACE_MAX_PARTS parts by space_threads() threads at once (ctx[i] for part i,
 * in file order), a smaller one in one part (ctx[0]); sf->vs has the tables,
 * the count and the mode. flags: SPACE_LINENO when fn wants line numbers. fn
 * must not fail but for lack of memory.
 */
int space_scan(struct space_files *sf, const char *sysroot, unsigned need, int strict,
	       unsigned flags, space_fn fn, void *const *ctx);
/* The same of files space_read read. */
int space_scan_read(struct space_files *sf, unsigned need, int strict, unsigned flags, space_fn fn,
		    void *const *ctx);
/* How many threads read a big file: the processors online (1 .. SPACE_MAX_PARTS). */
unsigned space_threads(void);
void space_unload(struct space_files *sf);

#endif
