// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lib/groups.h"
#include "lib/units.h"

/* a group's key: its name, or none (absent) */
static uint64_t key_hash(struct sv name, int absent)
{
	return hash_bytes(hash_u64(HASH_SEED, (uint64_t)absent), name.p, name.n);
}

static int same(const struct group *g, struct sv name, int absent)
{
	return g->absent == absent && g->name.n == name.n && (!name.n || !memcmp(g->name.p, name.p, name.n));
}

/* the group of name (made when new), or NULL when out of memory */
static struct group *group_of(struct groups *g, struct sv name, int absent)
{
	uint64_t h = key_hash(name, absent);
	struct hindex_pos pos;
	struct group *x;
	size_t i;

	for (i = hindex_first(&g->ix, h, &pos); i != HINDEX_NONE; i = hindex_next(&g->ix, &pos))
		if (same(&g->v[i], name, absent))
			return &g->v[i];
	if (grow_array((void **)&g->v, &g->alloc, g->n, sizeof(*g->v)) || hindex_add(&g->ix, h, g->n))
		return NULL;
	x = &g->v[g->n++];
	memset(x, 0, sizeof(*x));
	x->name = name;
	x->absent = absent;
	return x;
}

static long add(struct groups *g, struct sv name, uint64_t regions, uint64_t size, uint64_t pages);

int groups_add(struct groups *g, struct sv name, uint64_t size, uint64_t pages)
{
	return add(g, name, 1, size, pages) < 0 ? -1 : 0;
}

long groups_add_at(struct groups *g, struct sv name, uint64_t size, uint64_t pages)
{
	return add(g, name, 1, size, pages);
}

int groups_merge(struct groups *dst, const struct groups *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct sv name = src->v[i].name;

		if (src->v[i].absent)
			name.p = NULL;
		if (add(dst, name, src->v[i].regions, src->v[i].size, src->v[i].pages) < 0)
			return -1;
	}
	return 0;
}

static long add(struct groups *g, struct sv name, uint64_t regions, uint64_t size, uint64_t pages)
{
	int absent = name.p == NULL;
	size_t c = ((uintptr_t)name.p >> 3) % 16;
	struct group *x;

	if (!absent && g->seen[c].p == name.p && g->seen[c].n == name.n && g->ix.n) {
		x = &g->v[g->seen[c].idx];	/* the same text at the same address: the same group */
		goto found;
	}
	if (absent)
		name.n = 0;
	x = group_of(g, name, absent);
	if (!x)
		return -1;
	if (!absent) {
		g->seen[c].p = name.p;
		g->seen[c].n = name.n;
		g->seen[c].idx = (uint32_t)(x - g->v);
	}
found:
	u64_acc(&x->regions, regions);	/* sums saturate: never wrap */
	u64_acc(&x->size, size);
	u64_acc(&x->pages, pages);
	return (long)(x - g->v);
}

static int cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	size_t n = a->name.n < b->name.n ? a->name.n : b->name.n;
	int c;

	if (a->size != b->size)
		return a->size < b->size ? 1 : -1;
	if (a->regions != b->regions)
		return a->regions < b->regions ? 1 : -1;
	c = n ? memcmp(a->name.p, b->name.p, n) : 0;
	return c ? c : (a->name.n > b->name.n) - (a->name.n < b->name.n);
}

void groups_sort(struct groups *g)
{
	size_t i;

	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_group);
	memset(g->seen, 0, sizeof(g->seen));
	/* indexed again in the new order, in the table it has: an add after a sort finds its group */
	hindex_clear(&g->ix);
	for (i = 0; i < g->n; i++)
		(void)hindex_add(&g->ix, key_hash(g->v[i].name, g->v[i].absent), i);
}

void groups_free(struct groups *g)
{
	free(g->v);
	hindex_free(&g->ix);
	memset(g, 0, sizeof(*g));
}
