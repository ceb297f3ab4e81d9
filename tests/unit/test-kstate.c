// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/kstate.c: the kernel's state as read, its checks, the
 * first fit, the count, and the ranges' union and complement.
 */
#include <stdint.h>

#include "lib/kstate.h"
#include "testsuite.h"

/* 4K pages; the space [1, 0x100000) tiled by busy, lazy, pool and free */
static struct kbusy busy[] = { { .start = 0x10000, .end = 0x12000 }, { .start = 0x20000, .end = 0x30000 } };
static struct kva lazy[] = { { 0x12000, 0x14000 } }, pool[] = { { 0x14000, 0x15000 } };
static const struct kva fr[] = { { 1, 0x10000 }, { 0x15000, 0x20000 }, { 0x30000, 0x100000 } };

static void kstate_checks(void)
{
	struct kva f[] = { fr[0], fr[1], fr[2] };	/* the reads that changed, made here */
	struct kstate ks = { 0 };
	struct karea_use u;
	char why[200];

	ks.busy = busy;
	ks.nbusy = 2;
	ks.lazy = lazy;
	ks.nlazy = 1;
	ks.pool = pool;
	ks.npool = 1;
	ks.free = f;
	ks.nfree = 3;
	ks.space_end = 0x100000;
	ks.free_root_max = 0x100000 - 0x30000;
	ok(kstate_check(&ks, why, sizeof(why)) == 0, "kstate: busy, lazy, pool and free tile the space");
	ks.free_root_max = 0x1000;
	ok(kstate_check(&ks, why, sizeof(why)) && strstr(why, "largest"), "kstate: the root's max must be the largest block");
	ks.free_root_max = 0x100000 - 0x30000;
	f[1].start = 0x16000;
	ok(kstate_check(&ks, why, sizeof(why)) && strstr(why, "gap"), "kstate: a gap is a read that changed");
	f[1].start = 0x14000;
	ok(kstate_check(&ks, why, sizeof(why)) && strstr(why, "overlap"), "kstate: an overlap too");
	f[1].start = 0x15000;
	kstate_area_use(&ks, 0x8000, 0x40000, &u);
	ok(u.nfree == 3 && u.free == 0x8000 + 0xb000 + 0x10000 && u.largest == 0x10000 && u.lazy == 0x2000 &&
	   u.pool == 0x1000 && u.busy == 0x12000, "kstate: an area's use, ranges cut at its bounds");
}

/* the lowest fit; the kernel fails when the lowest fit lies past vend */
static void kfit_lowest(void)
{
	uint64_t at;
	const struct kva *blk;

	ok(kfit(fr, 3, 0x4000, 0x1000, 0x8000, 0x100000, &at, &blk) == 0 && at == 0x8000, "kfit: the lowest block, from vstart");
	ok(kfit(fr, 3, 0x9000, 0x1000, 0x8000, 0x100000, &at, &blk) == 0 && at == 0x15000, "kfit: the next block that holds it");
	ok(kfit(fr, 3, 0x4000, 0x10000, 0x8000, 0x100000, &at, &blk) == 0 && at == 0x30000, "kfit: aligned");
	ok(kfit(fr, 3, 0x20000, 0x1000, 0x8000, 0x40000, &at, &blk) == -1, "kfit: the lowest fit past vend fails");
	ok(kfit(fr, 3, 0xd1000, 0x1000, 0x8000, 0x100000, &at, &blk) == -1, "kfit: too big");
}

static void kfit_counts(void)
{
	/* 0x4000 at a time: 2 in [0x8000,0x10000), 2 in [0x15000,0x20000) (0x3000 left), 52 above */
	ok(kfit_count(fr, 3, NULL, 0, 0x4000, 0x1000, 0x8000, 0x100000, 1000) == 2 + 2 + 52, "kfit_count: back to back, block by block");
	/* after a purge the lazy 0x2000 joins the 0x1000 left below it... not enough: the same */
	ok(kfit_count(fr, 3, lazy, 1, 0x4000, 0x1000, 0x8000, 0x100000, 1000) == 56, "kfit_count: the purge gives too little");
	ok(kfit_count(fr, 3, lazy, 1, 0x3000, 0x1000, 0x8000, 0x100000, 1000) == 2 + 3 + 69,
	   "kfit_count: the leftovers (0x2000 each) stay too small after the purge");
	{	/* a leftover of 0x2000 joined by the purged 0x1000 above it: one more */
		struct kva f2[] = { { 0x1000, 0x3000 } }, l2[] = { { 0x3000, 0x4000 } };

		ok(kfit_count(f2, 1, NULL, 0, 0x3000, 0x1000, 0x1000, 0x100000, 10) == 0 &&
		   kfit_count(f2, 1, l2, 1, 0x3000, 0x1000, 0x1000, 0x100000, 10) == 1,
		   "kfit_count: the purge joins a leftover and a lazy area into room for one more");
	}
	ok(kfit_count(fr, 3, NULL, 0, 0x4000, 0x1000, 0x8000, 0x100000, 5) == 5, "kfit_count: at most max");
}

static void kva_union_complement(void)
{
	struct kva *m;
	size_t nm;

	ok(kva_union(fr, 3, lazy, 1, &m, &nm) == 0 && nm == 4 && m[0].end == 0x10000 && m[1].start == 0x12000,
	   "kva_union: in order, disjoint ones kept apart");
	free(m);
	ok(kva_complement(fr, 3, 0x8000, 0x40000, &m, &nm) == 0 && nm == 2 && m[0].start == 0x10000 &&
	   m[0].end == 0x15000 && m[1].start == 0x20000 && m[1].end == 0x30000, "kva_complement: what the ranges leave");
	free(m);
}

static const struct unit_test tests[] = {
	UNIT_TEST(kstate_checks),
	UNIT_TEST(kfit_lowest),
	UNIT_TEST(kfit_counts),
	UNIT_TEST(kva_union_complement),
};

UNIT_TESTS_MAIN(tests)
