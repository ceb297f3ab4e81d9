// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/text.c: the one sort.
 */
#include <stdint.h>

#include "lib/text.h"
#include "testsuite.h"

/*
 * the one sort: stable, for every path (insertion; 64-bit keys in six
 * digits; page-aligned kernel addresses, few bits that differ; a sorted
 * input; ascending runs merged; many ties; 32, 33, 128, 129 runs: the
 * merge and the radix past it), and a permutation of its input: each
 * element once, with its own key
 */
static void radix_sort_stable_permutation(void)
{
	static const size_t sizes[] = { 0, 1, 5, 63, 64, 1000, 70000, 4096, 70000, 70000, 7001, 7002,
					70000, 70000, 70000, 70000 };
	static const size_t runs[] = { 32, 33, 128, 129 };
	struct kv { uint64_t key; uint64_t seq; } *a = malloc(70000 * sizeof(*a)),
						  *orig = malloc(70000 * sizeof(*orig));
	unsigned char *seen = malloc(70000);
	uint64_t x = 88172645463325252ULL;
	size_t z, i;
	int bad = 0;

	for (z = 0; a && orig && seen && z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		size_t len = sizes[z];

		for (i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			switch (z < 10 ? z % 4 : z < 12 ? 3 : 4) {
			case 0: a[i].key = x; break;				/* no ties */
			case 1: a[i].key = x % 50; break;			/* many ties */
			case 2: a[i].key = 0xffffc90000000000ULL | (x & 0xffffffff000ULL); break;
			case 3:	/* sorted, or in 2 .. 3 ascending runs with ties */
				a[i].key = z < 10 ? i / 3 : (i % (len / (z - 8) + 1)) / 4;
				break;
			case 4:	/* runs[z - 12] ascending runs, interleaved as a kernel's vmap nodes */
				a[i].key = 0xffffc90000000000ULL + ((i % (len / runs[z - 12] + 1)) * runs[z - 12] +
								     i / (len / runs[z - 12] + 1)) * 4096;
				break;
			}
			a[i].seq = i;
		}
		memcpy(orig, a, len * sizeof(*a));
		if (radix_sort_u64(a, len, sizeof(*a), 0))
			bad++;
		for (i = 1; i < len; i++)
			if (a[i - 1].key > a[i].key || (a[i - 1].key == a[i].key && a[i - 1].seq > a[i].seq))
				bad++;
		memset(seen, 0, len);
		for (i = 0; i < len; i++) {	/* a permutation: every seq once, its key unchanged */
			if (a[i].seq >= len || seen[a[i].seq]++ || a[i].key != orig[a[i].seq].key)
				bad++;
		}
	}
	ok(a && orig && seen && !bad,
	   "radix_sort_u64: a permutation of its input, ordered and stable at 0 .. 70,000 elements, any key bits, up to 129 runs");
	free(a);
	free(orig);
	free(seen);
}

static const struct unit_test tests[] = {
	UNIT_TEST(radix_sort_stable_permutation),
};

UNIT_TESTS_MAIN(tests)
