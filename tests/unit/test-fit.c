// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/fit.c: whether the next allocation fits, over the
 * kernel's lists (now, and after the purge the kernel makes when it fails),
 * and the size it asks for.
 */
#include <stdint.h>

#include "lib/fit.h"
#include "lib/kstate.h"
#include "testsuite.h"

/* 4K pages; the space [1, 0x100000) tiled by busy, lazy, pool and free */
static struct kbusy busy[] = { { .start = 0x10000, .end = 0x12000 }, { .start = 0x20000, .end = 0x30000 } };
static struct kva lazy[] = { { 0x12000, 0x14000 } }, pool[] = { { 0x14000, 0x15000 } };
static struct kva fr[] = { { 1, 0x10000 }, { 0x15000, 0x20000 }, { 0x30000, 0x100000 } };

static void state(struct kstate *ks)
{
	*ks = (struct kstate){ 0 };
	ks->busy = busy;
	ks->nbusy = 2;
	ks->lazy = lazy;
	ks->nlazy = 1;
	ks->pool = pool;
	ks->npool = 1;
	ks->free = fr;
	ks->nfree = 3;
	ks->space_end = 0x100000;
	ks->free_root_max = 0x100000 - 0x30000;
}

/* the purge gives back the lazy area and the pool */
static void fit_kernel_purge(void)
{
	struct kva lp[] = { { 0x12000, 0x15000 } };
	struct fit_answer fa;
	struct kstate ks;

	state(&ks);
	ok(fit_kernel(&ks, 0x9000, 0x1000, 0x8000, 0x100000, &fa) == 0 && fa.fits && fa.at == 0x15000 &&
	   fa.hole.start == 0x15000 && fa.hole.end == 0x20000 && fa.fits_later && fa.at_later == 0x12000 &&
	   fa.count == (uint64_t)kfit_count(fr, 3, lp, 1, 0x9000, 0x1000, 0x8000, 0x100000, FIT_COUNT_MAX) &&
	   !fa.have_pooled, "fit_kernel: now in the free tree, after a purge where the lazy area and the pool were");
	ok(fit_kernel(&ks, 0xd1000, 0x1000, 0x8000, 0x100000, &fa) == 0 && !fa.fits && !fa.fits_later &&
	   !fa.count && !fa.hole.start, "fit_kernel: too big, before and after a purge");
}

static void fit_kernel_pooled(void)
{
	struct fit_answer fa;
	struct kstate ks;

	state(&ks);
	ks.nodes = 2;
	ok(fit_kernel(&ks, 0x1000, 0x1000, 0x8000, 0x100000, &fa) == 0 && fa.have_pooled && fa.pooled == 1,
	   "fit_kernel: the pooled areas of exactly the size (6.9+)");
}

/* the free tree covers the whole address space: the hole told is the part of the block in the area */
static void fit_kernel_hole_in_area(void)
{
	struct fit_answer fa;
	struct kstate ks;

	state(&ks);
	ok(fit_kernel(&ks, 0x1000, 0x1000, 0x8000, 0x40000, &fa) == 0 && fa.fits && fa.at == 0x8000 &&
	   fa.hole.start == 0x8000 && fa.hole.end == 0x10000, "fit_kernel: a block that starts below the area: its part in it");
	ok(fit_kernel(&ks, 0xc000, 0x1000, 0x8000, 0x40000, &fa) == 0 && fa.fits && fa.at == 0x30000 &&
	   fa.hole.start == 0x30000 && fa.hole.end == 0x40000, "fit_kernel: a block that ends past the area: its part in it");
}

static void fit_need_pages(void)
{
	uint64_t need;

	ok(fit_need(1, 1, &need) == 0 && need == 0x2000, "fit_need: a byte is a page, and its guard page");
	ok(fit_need(0x1000, 0, &need) == 0 && need == 0x1000, "fit_need: whole pages, no guard");
	ok(fit_need(UINT64_MAX - 0x800, 1, &need) == -1, "fit_need: too big to round up");
}

static const struct unit_test tests[] = {
	UNIT_TEST(fit_kernel_purge),
	UNIT_TEST(fit_kernel_pooled),
	UNIT_TEST(fit_kernel_hole_in_area),
	UNIT_TEST(fit_need_pages),
};

UNIT_TESTS_MAIN(tests)
