/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Would a vmalloc or vmap of a size succeed now, where would it go, and would
 * it after a purge: the free lists assembled from the kernel's state
 * (lib/kstate.h) or estimated from the text's regions (lib/space.h), and the
 * allocator's first fit over them (kfit, kfit_count). Pure: the model in,
 * the answer out.
 */
#ifndef VMAPCTL_LIB_FIT_H
#define VMAPCTL_LIB_FIT_H

#include <stdint.h>

#include "lib/kstate.h"
#include "lib/space.h"

/* how many in a row are counted at most */
#define FIT_COUNT_MAX 1000000

struct fit_answer {
	int fits;			/* now */
	uint64_t at;			/* where, when fits */
	struct kva hole;		/* the free block it comes from, its part in the area, when fits */
	int fits_later;			/* once the lazily freed areas (and the pools) are given back */
	uint64_t at_later;
	uint64_t count;			/* one after another, the kernel purging once: at most FIT_COUNT_MAX */
	int have_pooled;		/* the kernel's pools were read (6.9+) */
	uint64_t pooled;		/* freed areas of exactly need in them */
};

/* The address space a request of size takes: whole pages and (guard) the guard page. -1 too big. */
int fit_need(uint64_t size, int guard, uint64_t *need);
/*
 * need bytes aligned to align in [vstart, vend) over the kernel's free tree;
 * after a purge, with the lazily freed areas and every node's pool given
 * back to it. 0, or -1 out of memory.
 */
int fit_kernel(const struct kstate *ks, uint64_t need, uint64_t align, uint64_t vstart, uint64_t vend,
	       struct fit_answer *ans);
/*
 * The same estimated from the text's regions (real addresses): free is what
 * no region covers, and after a purge what no busy one does; pools are not
 * seen. 0, or -1 out of memory.
 */
int fit_text(const struct vmspace *vs, uint64_t need, uint64_t align, uint64_t vstart, uint64_t vend,
	     struct fit_answer *ans);

/*
 * Hidden addresses: where it goes cannot be told, but a request larger than
 * the area's free bytes fails wherever the regions are. area: the area's
 * size; for the vmalloc area every region's bytes that are surely in it are
 * taken off (module memory, which x86_64 keeps apart, left out); the modules
 * area is taken as free. fits and fits_later: 0 a certain no, -1 unknown.
 */
struct fit_bound {
	int fits, fits_later;
	uint64_t free_now, free_later;
};
void fit_hidden_bound(const struct vmspace *vs, int modules, uint64_t area, uint64_t need, struct fit_bound *b);

#endif
