// SPDX-License-Identifier: GPL-2.0-or-later
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/common.h"
#include "lib/fit.h"
#include "lib/text.h"
#include "lib/units.h"

/* the kernel pools freed areas up to this many pages (MAX_VA_SIZE_PAGES) */
#define POOL_MAX_PAGES 256

/* free now, after a purge, and what a purge gives back: each sorted, disjoint, malloc'd */
struct fit_lists {
	struct kva *now, *later, *lazy;
	size_t nnow, nlater, nlazy;
};

static void lists_free(struct fit_lists *l)
{
	free(l->now);
	free(l->later);
	free(l->lazy);
}

int fit_need(uint64_t size, int guard, uint64_t *need)
{
	*need = ((size + PAGE_SIZE - 1) & PAGE_MASK) + (guard ? PAGE_SIZE : 0);
	return *need < size ? -1 : 0;
}

/* the first fits over the lists, and how many in a row */
static int answer(const struct fit_lists *l, uint64_t need, uint64_t align, uint64_t vstart, uint64_t vend,
		  struct fit_answer *ans)
{
	const struct kva *blk = NULL;
	int64_t count;

	ans->fits = kfit(l->now, l->nnow, need, align, vstart, vend, &ans->at, &blk) == 0;
	if (ans->fits) {	/* the free tree's blocks span the gaps between the areas too: the part in this one */
		ans->hole.start = blk->start > vstart ? blk->start : vstart;
		ans->hole.end = blk->end < vend ? blk->end : vend;
	}
	ans->fits_later = kfit(l->later, l->nlater, need, align, vstart, vend, &ans->at_later, NULL) == 0;
	count = kfit_count(l->now, l->nnow, l->lazy, l->nlazy, need, align, vstart, vend, FIT_COUNT_MAX);
	if (count < 0)
		return -1;
	ans->count = (uint64_t)count;
	return 0;
}

int fit_kernel(const struct kstate *ks, uint64_t need, uint64_t align, uint64_t vstart, uint64_t vend,
	       struct fit_answer *ans)
{
	struct fit_lists l = { 0 };
	size_t i;
	int rc = -1;

	memset(ans, 0, sizeof(*ans));
	/*
	 * What a failed allocation gets back before it retries: the lazily
	 * freed areas, and (6.9+) every node's pool, fully decayed into the
	 * free tree (reclaim_and_purge_vmap_areas)
	 */
	if (kva_union(ks->lazy, ks->nlazy, ks->pool, ks->npool, &l.lazy, &l.nlazy) ||
	    kva_union(ks->free, ks->nfree, l.lazy, l.nlazy, &l.later, &l.nlater))
		goto out;
	l.now = malloc((ks->nfree ? ks->nfree : 1) * sizeof(*l.now));	/* the free tree's blocks as they are */
	if (!l.now)
		goto out;
	if (ks->nfree)
		memcpy(l.now, ks->free, ks->nfree * sizeof(*l.now));
	l.nnow = ks->nfree;
	ans->have_pooled = ks->nodes != 0;
	if (ks->nodes && need <= POOL_MAX_PAGES * PAGE_SIZE)
		for (i = 0; i < ks->npool; i++)
			ans->pooled += ks->pool[i].end - ks->pool[i].start == need;
	rc = answer(&l, need, align, vstart, vend, ans);
out:
	lists_free(&l);
	return rc;
}

enum which { ALL, BUSY, LAZY };

/* the regions' ranges (all, the busy ones, the lazily freed ones), sorted by start; NULL out of memory */
static struct kva *text_ranges(const struct vmspace *vs, enum which w, size_t *n)
{
	struct kva *v = malloc((vs->n ? vs->n : 1) * sizeof(*v));
	size_t i, k = 0;

	if (!v)
		return NULL;
	for (i = 0; i < vs->n; i++) {
		const struct vmi_entry *e = vs->r[i].e;
		int lazy = (e->tags & VMI_UNPURGED) != 0;

		if (w == ALL || (w == LAZY) == lazy)
			v[k++] = (struct kva){ e->start, e->end };
	}
	/* the text is sorted, or (6.9+) in a run a vmap node: linear either way */
	if (radix_sort_u64(v, k, sizeof(*v), offsetof(struct kva, start))) {
		free(v);
		return NULL;
	}
	*n = k;
	return v;
}

/* the text's free lists over [vstart, vend): 0, or -1 out of memory */
static int text_lists(const struct vmspace *vs, uint64_t vstart, uint64_t vend, struct fit_lists *l)
{
	size_t nall = 0, nbusy = 0, nlazy = 0;
	struct kva *all = text_ranges(vs, ALL, &nall), *busy = text_ranges(vs, BUSY, &nbusy),
		   *lazy = text_ranges(vs, LAZY, &nlazy);
	int rc = -1;

	if (all && busy && lazy &&
	    !kva_complement(all, nall, vstart, vend, &l->now, &l->nnow) &&
	    !kva_complement(busy, nbusy, vstart, vend, &l->later, &l->nlater) &&
	    !kva_union(lazy, nlazy, NULL, 0, &l->lazy, &l->nlazy))	/* merged where they touch */
		rc = 0;
	free(all);
	free(busy);
	free(lazy);
	return rc;
}

int fit_text(const struct vmspace *vs, uint64_t need, uint64_t align, uint64_t vstart, uint64_t vend,
	     struct fit_answer *ans)
{
	struct fit_lists l = { 0 };
	int rc = -1;

	memset(ans, 0, sizeof(*ans));
	if (!text_lists(vs, vstart, vend, &l))
		rc = answer(&l, need, align, vstart, vend, ans);
	lists_free(&l);
	return rc;
}

void fit_hidden_bound(const struct vmspace *vs, int modules, uint64_t area, uint64_t need, struct fit_bound *b)
{
	uint64_t all = 0, busy = 0;
	size_t i;

	for (i = 0; i < vs->n && !modules; i++) {
		const struct region *r = &vs->r[i];

		if (region_is_module_memory(r))
			continue;
		u64_acc(&all, r->e->size);
		if (!(r->e->tags & VMI_UNPURGED))
			u64_acc(&busy, r->e->size);
	}
	b->free_now = area > all ? area - all : 0;
	b->free_later = area > busy ? area - busy : 0;
	b->fits = b->fits_later = -1;
	if (need > b->free_later)
		b->fits = b->fits_later = 0;
	else if (need > b->free_now)
		b->fits = 0;
}
