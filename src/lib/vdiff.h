/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two states of the vmalloc space compared: which regions appeared and which
 * vanished, totalled by caller, module and type. Pure: two models in, groups
 * out.
 *
 * A region of the first state is the same region in the second when both
 * have the same START, END, caller (with its [module]) and type (real
 * addresses on both sides); when either side's addresses are hidden (hashed,
 * zeroed), when the caller, SIZE and type are the same: the regions of one such kind are matched by
 * count. Hash maps either way: the kernel's order (unsorted since 6.9) does
 * not matter, and the time is linear in the regions.
 */
#ifndef VMAPCTL_LIB_VDIFF_H
#define VMAPCTL_LIB_VDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "lib/hindex.h"
#include "lib/space.h"

struct vdiff_side {
	uint64_t regions, bytes, pages;
};

struct vdiff_group {
	struct sv type;
	struct sv module;	/* "kernel", a module; p NULL: not known */
	struct sv func;		/* the caller's function; p NULL: no caller */
	struct vdiff_side before, after;
	uint64_t appeared, appeared_bytes;
	uint64_t vanished, vanished_bytes;
};

struct vdiff {
	struct vdiff_group *g;	/* first seen first; vdiff_sort orders them */
	size_t n, alloc;
	struct hindex ix;	/* g by (type, module, function) */
	int by_address;		/* matched by address (both sides real) */
	struct vdiff_group total;	/* every region's: no names */
};

/* lazily freed ("unpurged") areas count: by default they are left out, being free */
#define VDIFF_UNPURGED 1u

/*
 * Compare a (before) with b (after): both built with their regions
 * (vmspace_build); a NULL: no first state (b's regions totalled). d's views point into their text, which must outlive d.
 * 0, or -1 when out of memory (d is then freed).
 */
int vdiff_build(struct vdiff *d, const struct vmspace *a, const struct vmspace *b, unsigned flags);
/*
 * The same, marking the regions: a_gone[i] = 1 for a's region i that
 * vanished, b_new[i] = 1 for b's that appeared (arrays of a->n and b->n,
 * zeroed by the caller; either may be NULL). Matched by caller, SIZE and
 * type, only the first of a kind that vanished is marked.
 */
int vdiff_build_marks(struct vdiff *d, const struct vmspace *a, const struct vmspace *b, unsigned flags,
		      unsigned char *a_gone, unsigned char *b_new);
/* a group whose regions or bytes changed, or that saw one appear or vanish */
int vdiff_changed(const struct vdiff_group *g);
/* Largest growth of bytes first, then most regions appeared, then by name. */
void vdiff_sort(struct vdiff *d);
void vdiff_free(struct vdiff *d);

#endif
