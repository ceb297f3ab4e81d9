// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The use of an area: its holes, free bytes and largest hole from the ranges
 * in it, one sorted run or many merged (a 6.9+ kernel prints a run a vmap
 * node). Pure: see space.h (ranges_area_use).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/common.h"
#include "lib/space.h"
#include "lib/text.h"

/* The holes, ranges given in order of start: those starting outside [lo, hi) left out. */
struct holes {
	uint64_t lo, hi, cur;	/* cur: the end of what is covered so far */
	struct area_use *u;
};

static inline void holes_add(struct holes *h, uint64_t start, uint64_t end)
{
	if (start < h->lo || start >= h->hi)
		return;
	if (end > h->hi)
		end = h->hi;
	if (end < start)
		end = start;	/* no kernel prints that: taken as empty, so order among equal starts is moot */
	h->u->regions++;
	if (start > h->cur) {
		h->u->holes++;
		h->u->free += start - h->cur;
		if (start - h->cur > h->u->largest_hole)
			h->u->largest_hole = start - h->cur;
	}
	if (end > h->cur)
		h->cur = end;
}

enum { MERGE_RUNS = 64 };

/* ranges [from, to) of a segment, ascending by start */
struct run {
	const struct vrange *at, *end;
};

/*
 * The ranges of every run in order of start: from the run with the lowest
 * head, as long as its starts stay at or below the next lowest head (runs of
 * a kernel's per-node lists interleave in long stretches).
 */
static void walk_runs(struct run *r, size_t nrun, struct holes *h)
{
	for (;;) {
		size_t best = nrun, k;
		uint64_t limit = UINT64_MAX;

		for (k = 0; k < nrun; k++) {
			if (r[k].at == r[k].end)
				continue;
			if (best == nrun || r[k].at->start < r[best].at->start) {
				if (best != nrun)
					limit = r[best].at->start;
				best = k;
			} else if (r[k].at->start < limit) {
				limit = r[k].at->start;
			}
		}
		if (best == nrun)
			return;
		do {
			holes_add(h, r[best].at->start, r[best].at->end);
			r[best].at++;
		} while (r[best].at < r[best].end && r[best].at->start <= limit);
	}
}

int ranges_area_use_segs(struct vrange *const *seg, const size_t *nseg, size_t nsegs, uint64_t lo,
			 uint64_t hi, struct area_use *u)
{
	struct holes h = { lo, hi, lo, u };
	struct run run[MERGE_RUNS];
	size_t nrun = 0, s, i, total = 0;

	memset(u, 0, sizeof(*u));
	/*
	 * Visited in order of start without sorting when the ranges are a few
	 * ascending runs (the kernel's order: one run before 6.9, one a node
	 * since, the lazily freed ones after), else sorted first.
	 */
	for (s = 0; s < nsegs; s++)	/* every segment's, however many runs are found below */
		total += nseg[s];
	for (s = 0; s < nsegs && nrun <= MERGE_RUNS; s++) {
		const struct vrange *v = seg[s];

		for (i = 0; i < nseg[s] && nrun <= MERGE_RUNS; i++) {
			if (i && v[i].start >= v[i - 1].start)
				continue;
			if (nrun < MERGE_RUNS) {
				if (nrun)
					run[nrun - 1].end = i ? &v[i] : run[nrun - 1].end;
				run[nrun].at = &v[i];
				run[nrun].end = v + nseg[s];
			}
			nrun++;
		}
	}
	if (nrun <= MERGE_RUNS) {
		walk_runs(run, nrun, &h);
	} else {	/* many runs: all of them in one array, sorted */
		struct vrange *all = nsegs == 1 ? seg[0] : malloc((total ? total : 1) * sizeof(*all));
		size_t n = 0;

		if (!all)
			return -1;
		for (s = 0; nsegs > 1 && s < nsegs; s++) {
			memcpy(all + n, seg[s], nseg[s] * sizeof(*all));
			n += nseg[s];
		}
		if (radix_sort_u64(all, total, sizeof(*all), offsetof(struct vrange, start))) {
			if (all != seg[0])
				free(all);
			return -1;
		}
		for (i = 0; i < total; i++)
			holes_add(&h, all[i].start, all[i].end);
		if (all != seg[0])
			free(all);
	}
	if (hi > h.cur) {	/* from the last region to the end */
		u->holes++;
		u->free += hi - h.cur;
		if (hi - h.cur > u->largest_hole)
			u->largest_hole = hi - h.cur;
	}
	u->used = (hi - lo) - u->free;
	return 0;
}

int ranges_area_use(struct vrange *rg, size_t n, uint64_t lo, uint64_t hi, struct area_use *u)
{
	return ranges_area_use_segs(&rg, &n, 1, lo, hi, u);
}
