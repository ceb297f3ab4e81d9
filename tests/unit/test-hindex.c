// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the hash index (src/lib/hindex.c): inserts and lookups,
 * growth, keys of one hash, removal (runs closed up, around the table's end
 * too), many keys, and the hash itself.
 */
#include <stdint.h>

#include "lib/hindex.h"
#include "testsuite.h"

/* the keys of the entries: addresses, as the trace's allocations */
static uint64_t *keys;

static uint64_t key_hash(uint64_t k)
{
	return hash_u64(HASH_SEED, k);
}

/* the entry of key k, or HINDEX_NONE; *pos where it was found */
static size_t find(const struct hindex *ix, uint64_t k, struct hindex_pos *pos)
{
	size_t i;

	for (i = hindex_first(ix, key_hash(k), pos); i != HINDEX_NONE; i = hindex_next(ix, pos))
		if (keys[i] == k)
			return i;
	return HINDEX_NONE;
}

/* a walk of every slot: as many used as entries, each found where its probe starts it */
static int consistent(const struct hindex *ix)
{
	size_t i, used = 0;
	struct hindex_pos pos;

	for (i = 0; i < ix->nslots; i++) {
		if (!ix->slot[i].idx)
			continue;
		used++;
		if (find(ix, keys[ix->slot[i].idx - 1], &pos) != ix->slot[i].idx - 1 || pos.k != i)
			return 0;
	}
	return used == ix->n && (!ix->nslots || ix->n * 2 <= ix->nslots);
}

/* the longest run of used slots */
static size_t longest_run(const struct hindex *ix)
{
	size_t i, run = 0, best = 0;

	for (i = 0; i < ix->nslots; i++) {
		run = ix->slot[i].idx ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void empty(void)
{
	struct hindex ix = { 0 };
	struct hindex_pos pos;

	ok(hindex_first(&ix, 42, &pos) == HINDEX_NONE, "an empty index finds nothing, and allocates nothing");
	hindex_free(&ix);
	ok(!ix.slot && !ix.nslots && !ix.n, "freed: empty again");
}

static void inserts(void)
{
	static uint64_t k[] = { 0xffffc90000000000ULL, 0xffffc90000001000ULL, 0, 1, 0xffffffffffffffffULL };
	struct hindex ix = { 0 };
	struct hindex_pos pos;
	size_t i, bad = 0;

	keys = k;
	for (i = 0; i < 5; i++)
		if (hindex_add(&ix, key_hash(k[i]), i))
			bad++;
	ok(!bad && ix.n == 5, "five keys in");
	for (i = 0; i < 5; i++)
		if (find(&ix, k[i], &pos) != i)
			bad++;
	ok(!bad, "each found, at its own index");
	ok(find(&ix, 0xffffc90000002000ULL, &pos) == HINDEX_NONE && find(&ix, 2, &pos) == HINDEX_NONE,
	   "keys not in are not found");
	ok(hindex_add(&ix, 1, HINDEX_MAX) == -1 && ix.n == 5, "an index past HINDEX_MAX refused");
	ok(consistent(&ix), "every slot where its probe finds it");
	hindex_free(&ix);
}

static void growth(void)
{
	enum { N = 100000 };
	struct hindex ix = { 0 };
	struct hindex_pos pos;
	size_t i, bad = 0, grew = 0, last = 0;
	struct hindex_slot *slot;

	keys = calloc(N, sizeof(*keys));
	for (i = 0; i < N; i++) {
		keys[i] = 0xffffc90000000000ULL + (uint64_t)i * 4096;	/* pages: the low bits all zero */
		if (hindex_add(&ix, key_hash(keys[i]), i))
			bad++;
		if (ix.nslots != last) {
			grew++;
			last = ix.nslots;
		}
		if ((i & 0xfff) == 0 && find(&ix, keys[i / 2], &pos) != i / 2)
			bad++;
	}
	ok(!bad && ix.n == N, "100000 keys in, the earlier ones found while it grew");
	ok(grew >= 10 && !(ix.nslots & (ix.nslots - 1)) && ix.nslots >= 2 * N && ix.nslots <= 8 * N,
	   "grown by doubling: a power of two, at most half full");
	for (i = 0; i < N; i++)
		if (find(&ix, keys[i], &pos) != i || find(&ix, keys[i] + 8, &pos) != HINDEX_NONE)
			bad++;
	ok(!bad, "all of them found after, none beside them");
	ok(consistent(&ix), "every slot where its probe finds it");
	ok(longest_run(&ix) < 100, "page addresses spread: no long runs");
	hindex_free(&ix);
	ok(hindex_reserve(&ix, N) == 0 && ix.nslots >= 2 * N, "room reserved for 100000");
	slot = ix.slot;
	for (i = 0; i < N; i++)
		if (hindex_add(&ix, key_hash(keys[i]), i))
			bad++;
	ok(!bad && ix.slot == slot && consistent(&ix), "and filled without growing");
	ok(hindex_reserve(&ix, 10) == 0 && ix.slot == slot, "a smaller reserve keeps the table");
	ok(hindex_reserve(&ix, (size_t)HINDEX_MAX + 1) == -1, "no room past HINDEX_MAX");
	hindex_free(&ix);
	free(keys);
}

/* keys of one hash: the index gives them all, the caller tells them apart */
static void collisions(void)
{
	enum { N = 300 };
	struct hindex ix = { 0 };
	struct hindex_pos pos;
	size_t i, seen = 0, bad = 0;

	for (i = 0; i < N; i++)
		if (hindex_add(&ix, 7, i))
			bad++;
	for (i = hindex_first(&ix, 7, &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
		seen++;
	ok(!bad && seen == N, "300 entries of one hash: all 300 given");
	for (i = hindex_first(&ix, 8, &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
		bad++;
	ok(!bad, "another hash gives none of them");
	/* out from the middle of the run, then its first: the others still given */
	for (i = hindex_first(&ix, 7, &pos); i != HINDEX_NONE && i != N / 2; i = hindex_next(&ix, &pos))
		;
	if (i == N / 2)
		hindex_del(&ix, &pos);
	hindex_first(&ix, 7, &pos);
	hindex_del(&ix, &pos);
	seen = 0;
	for (i = hindex_first(&ix, 7, &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
		if (seen++, i == N / 2)
			bad++;
	ok(!bad && seen == N - 2 && ix.n == N - 2, "two taken out of the run: the other 298 still given");
	hindex_free(&ix);
}

/* a hash whose probe starts at slot k of an index of nslots (found by trying) */
static uint64_t hash_at(size_t k, size_t nslots)
{
	struct hindex ix = { NULL, nslots, 0 };
	struct hindex_slot *slot = calloc(nslots, sizeof(*slot));
	struct hindex_pos pos;
	uint64_t h;

	ix.slot = slot;
	for (h = 1;; h++) {
		hindex_first(&ix, h, &pos);
		if (pos.k == k)
			break;
	}
	free(slot);
	return h;
}

/* a run over the table's end: taken out before and after it, the rest still found */
static void wrap(void)
{
	static uint64_t k[6];
	struct hindex ix = { 0 };
	struct hindex_pos pos;
	uint64_t last, first;
	size_t i, bad = 0;

	hindex_reserve(&ix, 1);
	last = hash_at(ix.nslots - 1, ix.nslots);
	first = hash_at(0, ix.nslots);
	keys = k;
	/* three at the last slot's hash (the last, then slots 0 and 1), two at slot 0's, one at slot 1's */
	for (i = 0; i < 6; i++)
		k[i] = i;
	for (i = 0; i < 3; i++)
		bad += hindex_add(&ix, last, i) != 0;
	bad += hindex_add(&ix, first, 3) != 0 || hindex_add(&ix, first, 4) != 0;
	bad += hindex_add(&ix, hash_at(1, ix.nslots), 5) != 0;
	ok(!bad && ix.slot[ix.nslots - 1].idx && ix.slot[0].idx && ix.slot[4].idx && !ix.slot[5].idx,
	   "a run from the last slot over the end");
	hindex_first(&ix, last, &pos);
	hindex_del(&ix, &pos);	/* the last slot: the run behind it moves back over the end */
	for (i = hindex_first(&ix, first, &pos); i != HINDEX_NONE && i != 3; i = hindex_next(&ix, &pos))
		;
	if (i == 3)
		hindex_del(&ix, &pos);
	ok(ix.n == 4 && !ix.slot[4].idx, "two taken out: the run closed up behind them");
	for (i = hindex_first(&ix, last, &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
		bad += i != 1 && i != 2;
	for (i = hindex_first(&ix, first, &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
		bad += i != 4;
	for (i = hindex_first(&ix, hash_at(1, ix.nslots), &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
		bad += i != 5;
	ok(!bad, "the others found, the ones taken out not");
	hindex_free(&ix);
}

/* many keys come and go, checked against what should be there */
static void churn(void)
{
	enum { N = 20000, OPS = 400000 };
	struct hindex ix = { 0 };
	struct hindex_pos pos;
	unsigned char *in = calloc(N, 1);
	uint64_t r = 1;
	size_t i, live = 0, bad = 0, peak = 0;

	keys = calloc(N, sizeof(*keys));
	for (i = 0; i < N; i++)
		keys[i] = 0xffffffffc0000000ULL + (uint64_t)i * 0x5000;
	for (i = 0; i < OPS; i++) {
		size_t e, j;

		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		e = (size_t)(r >> 33) % N;
		j = find(&ix, keys[e], &pos);
		if ((j != HINDEX_NONE) != in[e] || (j != HINDEX_NONE && j != e))
			bad++;
		if (in[e]) {
			hindex_del(&ix, &pos);
			live--;
		} else {
			bad += hindex_add(&ix, key_hash(keys[e]), e) != 0;
			live++;
		}
		in[e] ^= 1;
		if (live > peak)
			peak = live;
		if (i % 4096 == 0 && !consistent(&ix)) {	/* a broken removal fills the table: stop before */
			bad++;
			break;
		}
	}
	ok(!bad && ix.n == live, "400000 inserts and removals of 20000 keys: each lookup as expected");
	ok(consistent(&ix), "every slot where its probe finds it");
	for (i = 0; i < N; i++)
		if ((find(&ix, keys[i], &pos) != HINDEX_NONE) != in[i])
			bad++;
	ok(!bad, "at the end, exactly the keys in");
	ok(ix.nslots <= 4 * peak, "removals leave nothing behind: the table sized by the most at once");
	hindex_free(&ix);
	free(in);
	free(keys);
}

/* tuples hashed field after field: the count of bytes goes in, so fields do not run together */
static void hashes(void)
{
	uint64_t ab_c = hash_bytes(hash_bytes(HASH_SEED, "ab", 2), "c", 1);
	uint64_t a_bc = hash_bytes(hash_bytes(HASH_SEED, "a", 1), "bc", 2);
	static const char name[] = "__vmalloc_node_range_noprof";
	char copy[sizeof(name)];
	unsigned i, bits = 0;

	memcpy(copy, name, sizeof(name));
	ok(ab_c != a_bc, "(ab, c) and (a, bc) differ");
	ok(hash_bytes(HASH_SEED, name, sizeof(name) - 1) == hash_bytes(HASH_SEED, copy, sizeof(name) - 1),
	   "the same bytes elsewhere: the same hash");
	ok(hash_bytes(HASH_SEED, NULL, 0) != hash_bytes(HASH_SEED, "\0", 1) &&
	   hash_bytes(HASH_SEED, NULL, 0) != HASH_SEED, "an empty field still counts");
	copy[sizeof(name) - 2] ^= 1;	/* the last byte: past the first word, in the tail */
	ok(hash_bytes(HASH_SEED, name, sizeof(name) - 1) != hash_bytes(HASH_SEED, copy, sizeof(name) - 1),
	   "a bit of the last byte changes it");
	for (i = 0; i < 64; i++) {
		uint64_t d = hash_u64(HASH_SEED, 0x1000) ^ hash_u64(HASH_SEED, 0x1000 ^ (1ULL << i));

		bits += d != 0 && __builtin_popcountll(d) >= 12;
	}
	ok(bits == 64, "each bit of an address changes many of the hash's");
}

static const struct unit_test tests[] = {
	UNIT_TEST(empty),
	UNIT_TEST(inserts),
	UNIT_TEST(growth),
	UNIT_TEST(collisions),
	UNIT_TEST(wrap),
	UNIT_TEST(churn),
	UNIT_TEST(hashes),
};

UNIT_TESTS_MAIN(tests)
