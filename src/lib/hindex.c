// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lib/hindex.h"

/* xxHash64's primes: its rounds for the words, its avalanche for the end */
#define P1	0x9e3779b185ebca87ULL
#define P2	0xc2b2ae3d27d4eb4fULL
#define P3	0x165667b19e3779f9ULL
#define P4	0x85ebca77c2b2ae63ULL

static uint64_t rotl(uint64_t x, int r)
{
	return x << r | x >> (64 - r);
}

uint64_t hash_u64(uint64_t h, uint64_t v)
{
	h ^= rotl(v * P2, 31) * P1;
	return rotl(h, 27) * P1 + P4;
}

uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t w;
	size_t i;

	h = hash_u64(h, n);
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = hash_u64(h, w);
	}
	if (i < n) {
		w = 0;
		memcpy(&w, s + i, n - i);
		h = hash_u64(h, w);
	}
	return h;
}

/* every bit of h into the 32 a slot keeps */
static uint32_t fold(uint64_t h)
{
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return (uint32_t)h;
}

/* from pos->k on: the next entry of pos->hash, pos->k left on it (or on the free slot that ends the run) */
static size_t probe(const struct hindex *ix, struct hindex_pos *pos)
{
	size_t mask = ix->nslots - 1;

	for (; ix->slot[pos->k].idx; pos->k = (pos->k + 1) & mask)
		if (ix->slot[pos->k].hash == pos->hash)
			return ix->slot[pos->k].idx - 1;
	return HINDEX_NONE;
}

size_t hindex_first(const struct hindex *ix, uint64_t h, struct hindex_pos *pos)
{
	pos->hash = fold(h);
	pos->k = 0;
	if (!ix->nslots)
		return HINDEX_NONE;
	pos->k = pos->hash & (ix->nslots - 1);
	return probe(ix, pos);
}

size_t hindex_next(const struct hindex *ix, struct hindex_pos *pos)
{
	pos->k = (pos->k + 1) & (ix->nslots - 1);
	return probe(ix, pos);
}

/* the slots moved to a table of ns (their hashes kept: nothing is hashed again) */
static int resize(struct hindex *ix, size_t ns)
{
	struct hindex_slot *slot = calloc(ns, sizeof(*slot));
	size_t i, k;

	if (!slot)
		return -1;
	for (i = 0; i < ix->nslots; i++) {
		if (!ix->slot[i].idx)
			continue;
		for (k = ix->slot[i].hash & (ns - 1); slot[k].idx; k = (k + 1) & (ns - 1))
			;
		slot[k] = ix->slot[i];
	}
	free(ix->slot);
	ix->slot = slot;
	ix->nslots = ns;
	return 0;
}

int hindex_reserve(struct hindex *ix, size_t n)
{
	size_t ns = ix->nslots ? ix->nslots : 64;

	if (n > HINDEX_MAX)
		return -1;
	while (n > ns / 2) {
		if (ns > SIZE_MAX / 2 / sizeof(*ix->slot))
			return -1;
		ns *= 2;
	}
	return ns == ix->nslots ? 0 : resize(ix, ns);
}

int hindex_add(struct hindex *ix, uint64_t h, size_t idx)
{
	uint32_t hash = fold(h);
	size_t k;

	if (idx >= HINDEX_MAX || (ix->n + 1 > ix->nslots / 2 && hindex_reserve(ix, ix->n + 1)))
		return -1;
	for (k = hash & (ix->nslots - 1); ix->slot[k].idx; k = (k + 1) & (ix->nslots - 1))
		;
	ix->slot[k].idx = (uint32_t)idx + 1;
	ix->slot[k].hash = hash;
	ix->n++;
	return 0;
}

/*
 * The slot at pos emptied, and the run after it closed up: a slot moves back
 * into the hole unless its probe starts after the hole (cyclically, up to it),
 * where a probe for it would never pass the hole.
 */
void hindex_del(struct hindex *ix, const struct hindex_pos *pos)
{
	size_t mask = ix->nslots - 1, hole = pos->k, j = pos->k, home;

	for (;;) {
		j = (j + 1) & mask;
		if (!ix->slot[j].idx)
			break;
		home = ix->slot[j].hash & mask;
		if (hole <= j ? hole < home && home <= j : hole < home || home <= j)
			continue;
		ix->slot[hole] = ix->slot[j];
		hole = j;
	}
	ix->slot[hole].idx = 0;
	ix->n--;
}

void hindex_clear(struct hindex *ix)
{
	if (ix->slot)
		memset(ix->slot, 0, ix->nslots * sizeof(*ix->slot));
	ix->n = 0;
}

void hindex_free(struct hindex *ix)
{
	free(ix->slot);
	memset(ix, 0, sizeof(*ix));
}
