// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/area.c: the bounds of the vmalloc area and of the
 * module area, from the kernel's lists or from the text's facts.
 */
#include <stdint.h>
#include <string.h>

#include "lib/area.h"
#include "testsuite.h"

static void area_bounds_kernel(void)
{
	struct area_facts f = { .kernel = 1, .vstart = 0x1000, .vend = 0x9000, .mstart = 0x9000, .mend = 0x9000 };
	uint64_t lo, hi;

	ok(area_bounds(&f, 0, &lo, &hi) == AREA_OK && lo == 0x1000 && hi == 0x9000, "area_bounds: the kernel's");
	ok(area_bounds(&f, 1, &lo, &hi) == AREA_EMPTY, "area_bounds: an empty module area refused");
}

static void area_bounds_text(void)
{
	struct area_facts f;
	uint64_t lo, hi;

	memset(&f, 0, sizeof(f));
	f.lowest = 0xffffc90000000000ULL;
	f.addr_digits = 16;
	ok(area_bounds(&f, 0, &lo, &hi) == AREA_UNKNOWN, "area_bounds: the text without VmallocTotal");
	f.have_total = 1;
	f.total = 0x100000;
	ok(area_bounds(&f, 0, &lo, &hi) == AREA_OK && lo == f.lowest && hi == f.lowest + 0x100000,
	   "area_bounds: the text's, from its lowest region");
	ok(area_bounds(&f, 1, &lo, &hi) == AREA_OK && lo == X86_64_MODULES_VADDR && hi == X86_64_MODULES_END,
	   "area_bounds: x86_64's module area");
	f.addr_digits = 8;
	ok(area_bounds(&f, 1, &lo, &hi) == AREA_MODULES_32BIT, "area_bounds: a 32-bit kernel has no module area apart");
	f.addr_digits = 16;
	f.lowest = UINT64_MAX;
	ok(area_bounds(&f, 0, &lo, &hi) == AREA_UNKNOWN, "area_bounds: no region");
}

static const struct unit_test tests[] = {
	UNIT_TEST(area_bounds_kernel),
	UNIT_TEST(area_bounds_text),
};

UNIT_TESTS_MAIN(tests)
