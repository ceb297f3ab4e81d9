// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/jitbudget.c: the step at which the kernel refuses an
 * unprivileged BPF load (kernel/bpf/core.c bpf_jit_charge_modmem: refused when
 * the counter after the charge is past the limit, not when it reaches it).
 * The 6.12 figures are the 6.12 guest's (bpf_jit_limit 528482304).
 */
#include <stdint.h>

#include "lib/jitbudget.h"
#include "testsuite.h"

static void refused_step(void)
{
	ok(jit_refused_step(0, 64, 128) == 3, "jitbudget: a charge that reaches the limit exactly is taken; the next is refused");
	ok(jit_refused_step(100, 64, 163) == 1, "jitbudget: one unit short: the first load is refused");
	ok(jit_refused_step(100, 64, 164) == 2, "jitbudget: room for exactly one");
	ok(jit_refused_step(200, 64, 100) == 1, "jitbudget: charged past the limit already (root's loads): refused at once");
	ok(jit_refused_step(5, 0, 100) == 0, "jitbudget: nothing charged: never refused");
	ok(jit_refused_step(0, 1, UINT64_MAX) == UINT64_MAX, "jitbudget: saturates instead of wrapping to 0");
	ok(jit_refused_step(4416, 1536, 528482304) == 344062, "jitbudget: the 6.12 guest's limit, 1.5K programs");
}

static void units(void)
{
	struct jit_unit bytes = { 1 }, pages = { 4096 };

	ok(jit_limit_units(528482304, bytes) == 528482304, "jitbudget: 5.18+: the limit in bytes as it is");
	ok(jit_limit_units(528482304, pages) == 129024, "jitbudget: before 5.18: the limit in pages (bpf_jit_limit >> PAGE_SHIFT)");
	ok(jit_limit_units(4095, pages) == 0, "jitbudget: a limit below a page is 0 pages");
}

static const struct unit_test tests[] = {
	UNIT_TEST(refused_step),
	UNIT_TEST(units),
};

UNIT_TESTS_MAIN(tests)
