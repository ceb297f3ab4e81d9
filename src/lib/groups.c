// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lib/groups.h"
#include "lib/units.h"

/*
 * The length and, of longer names, the first 16 and last 8 bytes: no loop for
 * the names tallied here (functions, modules, types), which differ there.
 */
static uint64_t hash(struct sv s, int absent)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = absent ? k : (uint64_t)s.n * k + 1, w[3] = { 0, 0, 0 };
	size_t i;

	if (s.n >= 8) {
		memcpy(&w[0], s.p, 8);
		memcpy(&w[2], s.p + s.n - 8, 8);
		if (s.n >= 16)
			memcpy(&w[1], s.p + 8, 8);
	} else {
		for (i = 0; i < s.n; i++)
			w[0] = w[0] << 8 | (unsigned char)s.p[i];
	}
	for (i = 0; i < 3; i++) {
		h = (h ^ w[i]) * k;
		h ^= h >> 29;
	}
	return h ^ (h >> 32);
}

static int same(const struct group *g, struct sv name, int absent)
{
	uint64_t a, b;

	if (g->absent != absent || g->name.n != name.n)
		return 0;
	if (name.n < 8)
		return !name.n || !memcmp(g->name.p, name.p, name.n);
	memcpy(&a, g->name.p, 8);	/* the first eight bytes inline: most differ there */
	memcpy(&b, name.p, 8);
	return a == b && !memcmp(g->name.p + 8, name.p + 8, name.n - 8);
}

static int rehash(struct groups *g)
{
	size_t ns = g->nslots ? g->nslots * 2 : 64, i;
	uint32_t *slot = calloc(ns, sizeof(*slot));

	if (!slot)
		return -1;
	for (i = 0; i < g->n; i++) {
		size_t k = hash(g->v[i].name, g->v[i].absent) & (ns - 1);

		while (slot[k])
			k = (k + 1) & (ns - 1);
		slot[k] = (uint32_t)i + 1;
	}
	free(g->slot);
	g->slot = slot;
	g->nslots = ns;
	return 0;
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
	size_t k, c = ((uintptr_t)name.p >> 3) % 16;
	struct group *x;

	if (!absent && g->seen[c].p == name.p && g->seen[c].n == name.n && g->slot) {
		x = &g->v[g->seen[c].idx];	/* the same text at the same address: the same group */
		goto found;
	}
	if (absent)
		name.n = 0;
	if ((g->n + 1) * 2 > g->nslots && rehash(g))
		return -1;
	for (k = hash(name, absent) & (g->nslots - 1); g->slot[k]; k = (k + 1) & (g->nslots - 1))
		if (same(&g->v[g->slot[k] - 1], name, absent))
			break;
	if (g->slot[k]) {
		x = &g->v[g->slot[k] - 1];
	} else {
		if (grow_array((void **)&g->v, &g->alloc, g->n, sizeof(*g->v)))
			return -1;
		x = &g->v[g->n];
		memset(x, 0, sizeof(*x));
		x->name = name;
		x->absent = absent;
		g->slot[k] = (uint32_t)++g->n;
	}
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
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_group);
	free(g->slot);		/* the order changed: no more lookups */
	g->slot = NULL;
	g->nslots = 0;
	memset(g->seen, 0, sizeof(g->seen));
}

void groups_free(struct groups *g)
{
	free(g->v);
	free(g->slot);
	memset(g, 0, sizeof(*g));
}
