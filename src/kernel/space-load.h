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
void space_unload(struct space_files *sf);

#endif
