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
};

/* 0 on success; prints its own errors and warnings. strict: a malformed line fails. */
int space_load(struct space_files *sf, const char *sysroot, unsigned need, int strict);
/*
 * The same without keeping the lines (lib/space.h, vmspace_scan_parts): fn
 * sees each region while the file is read, in nparts parts at once (ctx[i] for
 * part i, in file order; one part for a file under 1 MiB; 0: space_parts()); sf->vs has the tables, the count and the mode. fn
 * must not fail but for lack of memory.
 */
int space_scan(struct space_files *sf, const char *sysroot, unsigned need, int strict,
	       unsigned nparts, space_fn fn, void *const *ctx);
/* How many parts to read a big file in: the processors online (1 .. SPACE_MAX_PARTS). */
unsigned space_parts(void);
void space_unload(struct space_files *sf);

#endif
