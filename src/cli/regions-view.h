/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The regions view: one row per region of the vmalloc space (list, demo). */
#ifndef VMAPCTL_CLI_REGIONS_VIEW_H
#define VMAPCTL_CLI_REGIONS_VIEW_H

#include "cli/output.h"
#include "kernel/kview.h"
#include "lib/space.h"

enum {
	COL_START, COL_END, COL_SIZE, COL_TYPE, COL_TAGS, COL_CALLER, COL_MODULE,
	COL_PAGES, COL_PHYS, COL_RESOURCE, COL_NUMA, COL_LINE, COL_PFNS, COL_OWNER, COL_PROGS,
};

extern const struct viewdesc regions_view;

/* kv: for the PFNS column (NULL leaves it empty) */
void regions_row(struct outview *view, const struct region *r, const struct vmspace *vs,
		 struct kview *kv);
/* Order by column col (sizes and counts biggest first, absent values last, then by line). */
int regions_cmp(const struct region *a, const struct region *b, int col);
/*
 * For a numeric column: a key that orders regions as regions_cmp does when
 * sorted ascending (with *absent ones last, ties in line order); -1 for a
 * text column.
 */
int regions_num_key(const struct region *r, int col, uint64_t *key, int *absent);

#endif
