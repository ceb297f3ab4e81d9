// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kstate.h"

void kstate_free(struct kstate *ks)
{
	free(ks->busy);
	free(ks->lazy);
	free(ks->free);
	free(ks->pool);
	free(ks->blocks);
	memset(ks, 0, sizeof(*ks));
}

static int cmp_kva(const void *pa, const void *pb)
{
	const struct kva *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

static int cmp_kbusy(const void *pa, const void *pb)
{
	const struct kbusy *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

static int cmp_kblock(const void *pa, const void *pb)
{
	const struct kblock *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

int kstate_sort(struct kstate *ks)
{
	qsort(ks->blocks, ks->nblocks, sizeof(*ks->blocks), cmp_kblock);
	qsort(ks->busy, ks->nbusy, sizeof(*ks->busy), cmp_kbusy);
	qsort(ks->lazy, ks->nlazy, sizeof(*ks->lazy), cmp_kva);
	qsort(ks->free, ks->nfree, sizeof(*ks->free), cmp_kva);
	qsort(ks->pool, ks->npool, sizeof(*ks->pool), cmp_kva);
	return 0;
}

/* one range with what it is, for the tiling check */
struct tagged {
	uint64_t start, end;
	const char *what;
};

static int cmp_tagged(const void *pa, const void *pb)
{
	const struct tagged *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

int kstate_check(const struct kstate *ks, char *why, size_t len)
{
	size_t n = ks->nbusy + ks->nlazy + ks->nfree + ks->npool, i, k = 0;
	struct tagged *t = malloc((n ? n : 1) * sizeof(*t));
	uint64_t cur = 1, largest = 0;
	int rc = 0;

	if (!t) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	for (i = 0; i < ks->nbusy; i++)
		t[k++] = (struct tagged){ ks->busy[i].start, ks->busy[i].end, "busy" };
	for (i = 0; i < ks->nlazy; i++)
		t[k++] = (struct tagged){ ks->lazy[i].start, ks->lazy[i].end, "lazily freed" };
	for (i = 0; i < ks->npool; i++)
		t[k++] = (struct tagged){ ks->pool[i].start, ks->pool[i].end, "pooled" };
	for (i = 0; i < ks->nfree; i++) {
		t[k++] = (struct tagged){ ks->free[i].start, ks->free[i].end, "free" };
		if (ks->free[i].end - ks->free[i].start > largest)
			largest = ks->free[i].end - ks->free[i].start;
	}
	qsort(t, n, sizeof(*t), cmp_tagged);
	for (i = 0; i < n && !rc; i++) {
		if (t[i].end <= t[i].start) {
			snprintf(why, len, "an empty %s area at 0x%llx", t[i].what, (unsigned long long)t[i].start);
			rc = -1;
		} else if (t[i].start != cur) {
			snprintf(why, len, "%s at 0x%llx (%s area at 0x%llx)",
				 t[i].start > cur ? "a gap" : "an overlap", (unsigned long long)cur, t[i].what,
				 (unsigned long long)t[i].start);
			rc = -1;
		}
		cur = t[i].end;
	}
	if (!rc && cur != ks->space_end) {
		snprintf(why, len, "the areas end at 0x%llx, not at the top of the space", (unsigned long long)cur);
		rc = -1;
	}
	if (!rc && largest != ks->free_root_max) {
		snprintf(why, len, "the largest free block (0x%llx bytes) is not the free tree's own (0x%llx)",
			 (unsigned long long)largest, (unsigned long long)ks->free_root_max);
		rc = -1;
	}
	free(t);
	return rc;
}

/* [s, e) cut to [lo, hi): its size there, 0 when outside */
static uint64_t cut(uint64_t s, uint64_t e, uint64_t lo, uint64_t hi)
{
	if (s < lo)
		s = lo;
	if (e > hi)
		e = hi;
	return e > s ? e - s : 0;
}

static void tally(const struct kva *r, size_t n, uint64_t lo, uint64_t hi, uint64_t *bytes, uint64_t *count,
		  uint64_t *largest)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t b = cut(r[i].start, r[i].end, lo, hi);

		if (!b)
			continue;
		*bytes += b;
		(*count)++;
		if (largest && b > *largest)
			*largest = b;
	}
}

void kstate_area_use(const struct kstate *ks, uint64_t lo, uint64_t hi, struct karea_use *u)
{
	size_t i;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < ks->nbusy; i++) {
		uint64_t b = cut(ks->busy[i].start, ks->busy[i].end, lo, hi);

		if (b) {
			u->busy += b;
			u->nbusy++;
		}
	}
	tally(ks->free, ks->nfree, lo, hi, &u->free, &u->nfree, &u->largest);
	tally(ks->lazy, ks->nlazy, lo, hi, &u->lazy, &u->nlazy, NULL);
	tally(ks->pool, ks->npool, lo, hi, &u->pool, &u->npool, NULL);
}

int kfit(const struct kva *free, size_t n, uint64_t size, uint64_t align, uint64_t vstart, uint64_t vend,
	 uint64_t *addr, const struct kva **blk)
{
	size_t i;

	if (!align || (align & (align - 1)) || !size)
		return -1;
	for (i = 0; i < n; i++) {
		uint64_t a = free[i].start > vstart ? free[i].start : vstart;

		if (free[i].end <= vstart)
			continue;
		a = (a + align - 1) & ~(align - 1);
		if (a < vstart || a + size < a)	/* wrapped */
			continue;
		if (a + size <= free[i].end) {
			/* the lowest match; beyond vend it fails (the kernel does not look further) */
			if (a + size > vend)
				return -1;
			*addr = a;
			if (blk)
				*blk = &free[i];
			return 0;
		}
	}
	return -1;
}

/*
 * Areas of size packed by first fit into b (sorted), each block cut to what
 * is left above its last area; stops at the first that fails (none fits, or
 * the lowest fit ends above vend). How many, at most max.
 */
static uint64_t pack(struct kva *b, size_t n, uint64_t size, uint64_t align, uint64_t vstart, uint64_t vend,
		     uint64_t max)
{
	uint64_t count = 0;
	size_t i;

	for (i = 0; i < n && count < max; i++) {
		uint64_t a = b[i].start > vstart ? b[i].start : vstart;

		if (b[i].end <= vstart)
			continue;
		a = (a + align - 1) & ~(align - 1);
		while (count < max && a >= vstart && a + size > a && a + size <= b[i].end) {
			if (a + size > vend)	/* the lowest fit is beyond the area: it fails */
				return count;
			if (size % align == 0) {	/* back to back: as many as the block and the area hold */
				uint64_t lim = b[i].end < vend ? b[i].end : vend, k = (lim - a) / size;

				if (k > max - count)
					k = max - count;
				count += k;
				a += k * size;
			} else {
				count++;
				a = (a + size + align - 1) & ~(align - 1);
			}
			b[i].start = a < b[i].end ? a : b[i].end;
		}
	}
	return count;
}

int64_t kfit_count(const struct kva *fr, size_t nfree, const struct kva *lazy, size_t nlazy, uint64_t size,
		   uint64_t align, uint64_t vstart, uint64_t vend, uint64_t max)
{
	struct kva *b = malloc((nfree ? nfree : 1) * sizeof(*b)), *u;
	uint64_t count;
	size_t nu, i, k;

	if (!align || (align & (align - 1)) || !size)
		return 0;
	if (!b)
		return -1;
	memcpy(b, fr, nfree * sizeof(*b));
	count = pack(b, nfree, size, align, vstart, vend, max);
	for (i = k = 0; i < nfree; i++)	/* the blocks left, without the used-up ones */
		if (b[i].end > b[i].start)
			b[k++] = b[i];
	if (count < max && nlazy) {
		if (kva_union(b, k, lazy, nlazy, &u, &nu)) {
			free(b);
			return -1;
		}
		count += pack(u, nu, size, align, vstart, vend, max - count);
		free(u);
	}
	free(b);
	return (int64_t)count;
}

int kva_union(const struct kva *a, size_t na, const struct kva *b, size_t nb, struct kva **out, size_t *nout)
{
	struct kva *v = malloc((na + nb ? na + nb : 1) * sizeof(*v));
	size_t i = 0, j = 0, k = 0;

	if (!v)
		return -1;
	while (i < na || j < nb) {
		struct kva x = j >= nb || (i < na && a[i].start <= b[j].start) ? a[i++] : b[j++];

		if (k && x.start <= v[k - 1].end) {
			if (x.end > v[k - 1].end)
				v[k - 1].end = x.end;
		} else {
			v[k++] = x;
		}
	}
	*out = v;
	*nout = k;
	return 0;
}

int kva_complement(const struct kva *r, size_t n, uint64_t lo, uint64_t hi, struct kva **out, size_t *nout)
{
	struct kva *v = malloc((n + 1) * sizeof(*v));
	uint64_t cur = lo;
	size_t i, k = 0;

	if (!v)
		return -1;
	for (i = 0; i < n && cur < hi; i++) {
		if (r[i].end <= cur)
			continue;
		if (r[i].start > cur)
			v[k++] = (struct kva){ cur, r[i].start < hi ? r[i].start : hi };
		if (r[i].end > cur)
			cur = r[i].end;
	}
	if (cur < hi)
		v[k++] = (struct kva){ cur, hi };
	*out = v;
	*nout = k;
	return 0;
}
