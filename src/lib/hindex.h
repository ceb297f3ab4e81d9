/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A hash index: where the entries of a caller's array (its own, in its own
 * order) are, by the hashes of their keys. Pure.
 *
 * Open addressing with linear probing, at most half full, grown by doubling.
 * A slot holds an entry's index and its key's hash: growing hashes nothing
 * again, and a probe hands the caller only the entries of the same hash, for
 * it to compare their keys. Taking an entry out shifts the slots after it
 * back: no tombstones, lookups stay short however many come and go.
 *
 * Keys are hashed with hash_u64 and hash_bytes, field after field (names,
 * addresses, tuples of them):
 *
 *	h = hash_bytes(hash_u64(HASH_SEED, addr), name.p, name.n);
 *	for (i = hindex_first(&ix, h, &pos); i != HINDEX_NONE; i = hindex_next(&ix, &pos))
 *		if (same(&v[i], key))
 *			return i;
 *	(v[n] made)
 *	hindex_add(&ix, h, n);
 */
#ifndef VMAPCTL_LIB_HINDEX_H
#define VMAPCTL_LIB_HINDEX_H

#include <stddef.h>
#include <stdint.h>

#define HINDEX_NONE	SIZE_MAX	/* no (more) entries of that hash */
#define HINDEX_MAX	0x7ffffffeu	/* the most entries, and the highest index + 1 */
#define HASH_SEED	0x27d4eb2f165667c5ULL	/* where a key's hash starts */

struct hindex_slot {
	uint32_t idx;		/* the entry's index + 1, 0 for free */
	uint32_t hash;		/* its key's hash, folded */
};

struct hindex {
	struct hindex_slot *slot;
	size_t nslots, n;	/* nslots: 0 or a power of two, at least twice n */
};

/* a probe under way: for hindex_next and hindex_del */
struct hindex_pos {
	size_t k;
	uint32_t hash;
};

/* The hash h of a key's fields so far, with the 64-bit word v next. */
uint64_t hash_u64(uint64_t h, uint64_t v);
/* The same with n bytes next (p may be NULL when n is 0); their count goes in too. */
uint64_t hash_bytes(uint64_t h, const void *p, size_t n);

/* The first entry whose key has the hash h, or HINDEX_NONE; pos is where the probe stopped. */
size_t hindex_first(const struct hindex *ix, uint64_t h, struct hindex_pos *pos);
/* The next entry of pos's hash, or HINDEX_NONE. */
size_t hindex_next(const struct hindex *ix, struct hindex_pos *pos);
/* Index entry idx (below HINDEX_MAX) by the hash h of its key: 0, or -1 out of memory or room. */
int hindex_add(struct hindex *ix, uint64_t h, size_t idx);
/* Room for n entries in all, without growing again: 0, or -1. */
int hindex_reserve(struct hindex *ix, size_t n);
/* Take out the entry hindex_first or hindex_next just gave at pos (pos is spent). */
void hindex_del(struct hindex *ix, const struct hindex_pos *pos);
/* Empty, keeping the table: adding as many entries again cannot fail. */
void hindex_clear(struct hindex *ix);
/* Empty, with its memory freed (an index made anew starts so too: { 0 }). */
void hindex_free(struct hindex *ix);

#endif
