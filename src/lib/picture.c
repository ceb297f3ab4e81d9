// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/picture.h"

#define MIN_CAP 4096

/* keep the largest holes, biggest first */
static void note_hole(struct picture *p, uint64_t start, uint64_t end)
{
	size_t i, cap = sizeof(p->holes) / sizeof(p->holes[0]);
	uint64_t n = end - start;

	p->allholes++;
	p->free += n;
	for (i = p->nholes; i > 0 && p->holes[i - 1].end - p->holes[i - 1].start < n; i--)
		;
	if (i >= cap)
		return;
	memmove(&p->holes[i + 1], &p->holes[i], (cap - i - 1) * sizeof(p->holes[0]));
	p->holes[i].start = start;
	p->holes[i].end = end;
	if (p->nholes < cap)
		p->nholes++;
}

struct walk {
	struct picture *p;
	double u, cu;		/* where the next piece starts; a cell's width */
	size_t mid[9], first[9], last[9];	/* a marked hole's middle cell and its cells, by rank - 1 */
	int seen[9];
};

/* a piece [a0, a1) of units: a region of cat (id) or a hole (cat -1: shrunk when drawn narrower, mark: its rank) */
static void piece(struct walk *w, uint64_t a0, uint64_t a1, double units, int cat, size_t id, int shrunk, int mark)
{
	struct picture *p = w->p;
	double end = w->u + units, perbyte = units / (double)(a1 - a0), b;
	size_t c = (size_t)(w->u / w->cu), last;

	if (c >= p->ncells)
		c = p->ncells - 1;
	last = (size_t)((end - units * 1e-12) / w->cu);
	if (last >= p->ncells)
		last = p->ncells - 1;
	if (cat >= 0)
		p->cell[c].nregions++;
	for (; c <= last; c++) {
		struct pic_cell *cl = &p->cell[c];
		double c0 = (double)c * w->cu, c1 = c0 + w->cu, from = w->u > c0 ? w->u : c0, to = end < c1 ? end : c1;

		b = c0;		/* the cell starts in this piece: its first address */
		if (b >= w->u && b < end)
			cl->start = a0 + (uint64_t)((b - w->u) / perbyte);
		if (to <= from)
			continue;
		if (cat >= 0) {
			if (!cl->has_first) {
				cl->has_first = 1;
				cl->first = id;
			}
			cl->used += to - from;
			cl->by_cat[cat] += to - from;
		} else if (shrunk) {
			cl->shrunk += to - from;
		}
	}
	if (cat < 0 && mark) {	/* the hole's middle and its cells: marked once all are known */
		size_t m = (size_t)((w->u + units / 2) / w->cu), f = (size_t)(w->u / w->cu);

		w->seen[mark - 1] = 1;
		w->mid[mark - 1] = m < p->ncells ? m : p->ncells - 1;
		w->first[mark - 1] = f < p->ncells ? f : p->ncells - 1;
		w->last[mark - 1] = last;
	}
	w->u = end;
}

static int hole_rank(const struct picture *p, uint64_t start, uint64_t end, unsigned nmark)
{
	size_t i;

	for (i = 0; i < p->nholes && i < nmark; i++)
		if (p->holes[i].start == start && p->holes[i].end == end)
			return (int)i + 1;
	return 0;
}

/*
 * Every marked hole gets a cell of its own, the largest first: the cell of its
 * middle, else the nearest free one among its cells, else the nearest free one
 * (a hole narrower than a cell can share its cell with another). The legend
 * lists them all, so the picture shows them all.
 */
static void place_marks(struct picture *p, const struct walk *w)
{
	unsigned k;

	for (k = 0; k < p->nmark && k < 9; k++) {
		size_t d, best = SIZE_MAX, m = w->mid[k];

		if (!w->seen[k])
			continue;
		for (d = 0; best == SIZE_MAX && (d <= m || m + d < p->ncells); d++) {
			if (m + d < p->ncells && !p->cell[m + d].mark && m + d <= w->last[k])
				best = m + d;
			else if (d <= m && !p->cell[m - d].mark && m - d >= w->first[k])
				best = m - d;
		}
		for (d = 0; best == SIZE_MAX && (d <= m || m + d < p->ncells); d++) {
			if (m + d < p->ncells && !p->cell[m + d].mark)
				best = m + d;
			else if (d <= m && !p->cell[m - d].mark)
				best = m - d;
		}
		if (best != SIZE_MAX)
			p->cell[best].mark = (int)k + 1;
	}
}

/* a hole's or a region's width on the scale: compressed, none wider than cap */
static double hole_units(const struct picture *p, uint64_t n, int *shrunk)
{
	*shrunk = p->scale == PIC_COMPRESSED && n > p->cap;
	return *shrunk ? (double)p->cap : (double)n;
}

/*
 * The compressed scale's cap: 64 times the median region (its power of two,
 * from a histogram: one pass, no sort), so that a few huge areas (a BPF
 * arena's 4 GiB, a hole of terabytes) do not squeeze the rest into a cell.
 */
static void compute_cap(struct picture *p, const struct pic_region *r, size_t n)
{
	size_t hist[64] = { 0 }, i, k = 0, seen = 0;
	uint64_t at = p->lo, s, e, median = 0;
	unsigned b;

	for (i = 0; i < n; i++) {
		s = r[i].start < at ? at : r[i].start;
		e = r[i].end > p->hi ? p->hi : r[i].end;
		if (e <= s || s >= p->hi)
			continue;
		hist[63 - __builtin_clzll(e - s)]++;
		k++;
		at = e;
	}
	for (b = 0; b < 64 && k; b++) {
		seen += hist[b];
		if (seen * 2 > k) {
			median = 1ULL << b;
			break;
		}
	}
	p->cap = median * 64 > MIN_CAP ? median * 64 : MIN_CAP;
}

/* first pass: the bytes used and the holes, clipped to [lo, hi) */
static void tally_regions(struct picture *p, const struct pic_region *r, size_t n)
{
	uint64_t at = p->lo, s, e;
	size_t i;

	for (i = 0; i < n; i++) {
		s = r[i].start < at ? at : r[i].start;
		e = r[i].end > p->hi ? p->hi : r[i].end;
		if (e <= s || s >= p->hi)
			continue;
		if (s > at)
			note_hole(p, at, s);
		p->used += e - s;
		p->by_cat[r[i].cat] += e - s;
		p->nregions[r[i].cat]++;
		at = e;
	}
	if (at < p->hi)
		note_hole(p, at, p->hi);
}

/* the scale's length: every hole and region, each as wide as it is drawn */
static void scale_length(struct picture *p, const struct pic_region *r, size_t n)
{
	uint64_t at = p->lo, s, e;
	size_t i;
	int shrunk;

	p->units = 0;
	for (i = 0; i <= n; i++) {
		s = i < n ? (r[i].start < at ? at : r[i].start) : p->hi;
		e = i < n ? (r[i].end > p->hi ? p->hi : r[i].end) : p->hi;
		if (i < n && (e <= s || s >= p->hi))
			continue;
		if (s > at) {
			p->units += hole_units(p, s - at, &shrunk);
			p->shrunk += shrunk;
		}
		if (i < n) {
			p->units += hole_units(p, e - s, &shrunk);
			p->shrunk += shrunk;
		}
		at = e > at ? e : at;
	}
}

/* second pass: the pieces into the cells, and the marked holes placed */
static void fill_cells(struct picture *p, const struct pic_region *r, size_t n)
{
	struct walk w;
	uint64_t at = p->lo, s, e;
	size_t i, c;
	int shrunk;

	for (c = 0; c < p->ncells; c++)
		p->cell[c].start = p->hi;
	memset(&w, 0, sizeof(w));
	w.p = p;
	w.u = 0;
	w.cu = p->units / (double)p->ncells;
	for (i = 0; i <= n; i++) {
		double units;

		s = i < n ? (r[i].start < at ? at : r[i].start) : p->hi;
		e = i < n ? (r[i].end > p->hi ? p->hi : r[i].end) : p->hi;
		if (i < n && (e <= s || s >= p->hi))
			continue;
		if (s > at) {
			units = hole_units(p, s - at, &shrunk);
			piece(&w, at, s, units, -1, 0, shrunk, hole_rank(p, at, s, p->nmark));
		}
		if (i < n) {
			piece(&w, s, e, hole_units(p, e - s, &shrunk), (int)r[i].cat, r[i].id, 0, 0);
			at = e;
		}
	}
	place_marks(p, &w);
}

/* each cell ends where the next begins (starts never reached by rounding: the next's) */
static void cell_ends(struct picture *p)
{
	size_t c;

	for (c = p->ncells; c-- > 0;) {
		p->cell[c].end = c + 1 < p->ncells ? p->cell[c + 1].start : p->hi;
		if (c && p->cell[c].start < p->cell[c - 1].start)
			p->cell[c].start = p->cell[c].end;
	}
	p->cell[0].start = p->lo;
}

int picture_draw(struct picture *p, const struct pic_region *r, size_t n, uint64_t lo, uint64_t hi,
		 size_t ncells, enum pic_scale scale, unsigned nmark)
{
	memset(p, 0, sizeof(*p));
	if (hi <= lo || !ncells)
		return -1;
	p->lo = lo;
	p->hi = hi;
	p->nmark = nmark;
	p->scale = scale;
	p->ncells = ncells;
	p->cell = calloc(ncells, sizeof(*p->cell));
	if (!p->cell)
		return -1;
	tally_regions(p, r, n);
	compute_cap(p, r, n);
	scale_length(p, r, n);
	fill_cells(p, r, n);
	cell_ends(p);
	return 0;
}

int pic_cell_cat(const struct pic_cell *c)
{
	int best = -1, i;

	for (i = 0; i < PIC_NCAT; i++)
		if (c->by_cat[i] > 0 && (best < 0 || c->by_cat[i] > c->by_cat[best]))
			best = i;
	return best;
}

void picture_free(struct picture *p)
{
	free(p->cell);
	memset(p, 0, sizeof(*p));
}
