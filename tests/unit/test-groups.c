// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/groups.c: regions summed by name (absent apart from
 * every name), merged, sorted; a group found again after a sort.
 */
#include <string.h>

#include "lib/groups.h"
#include "testsuite.h"

static struct sv S(const char *s)
{
	return (struct sv){ s, strlen(s) };
}

static void groups_sum(void)
{
	struct groups g = { 0 };
	char copy[] = "vmalloc";	/* the same name at another address: by its text, not its pointer */

	ok(!groups_add(&g, S("vmalloc"), 0x2000, 1) && !groups_add(&g, S("ioremap"), 0x1000, 0) &&
	   !groups_add(&g, S(copy), 0x3000, 2) && !groups_add(&g, (struct sv){ NULL, 0 }, 0x1000, 1),
	   "groups_add: four regions in");
	ok(g.n == 3 && g.v[0].regions == 2 && g.v[0].size == 0x5000 && g.v[0].pages == 3,
	   "one group a name, in the order first seen, the regions summed");
	ok(g.v[2].absent && !g.v[2].name.p, "an absent name is a group of its own");
	ok(!groups_add(&g, S(""), 0x1000, 1) && g.n == 4 && !g.v[3].absent, "an empty name is not the absent one");
	groups_free(&g);
}

static void groups_sorted(void)
{
	struct groups g = { 0 };

	groups_add(&g, S("a"), 0x1000, 1);
	groups_add(&g, S("b"), 0x8000, 1);
	groups_add(&g, S("c"), 0x1000, 1);
	groups_add(&g, S("c"), 0x1000, 1);
	groups_sort(&g);
	ok(g.n == 3 && !memcmp(g.v[0].name.p, "b", 1) && !memcmp(g.v[1].name.p, "c", 1) && !memcmp(g.v[2].name.p, "a", 1),
	   "groups_sort: biggest size first, then most regions");
	/* an add after the sort finds its group in its new place */
	ok(!groups_add(&g, S("a"), 0x1000, 1) && g.n == 3 && g.v[2].regions == 2,
	   "an add after a sort finds its group, no second one");
	groups_free(&g);
}

static void groups_merged(void)
{
	struct groups a = { 0 }, b = { 0 };

	groups_add(&a, S("x"), 0x1000, 1);
	groups_add(&b, S("y"), 0x2000, 2);
	groups_add(&b, S("x"), 0x3000, 3);
	ok(!groups_merge(&a, &b) && a.n == 2 && a.v[0].size == 0x4000 && a.v[0].regions == 2 && a.v[1].pages == 2,
	   "groups_merge: src's groups added to dst's of the same name");
	groups_free(&a);
	groups_free(&b);
}

static const struct unit_test tests[] = {
	UNIT_TEST(groups_sum),
	UNIT_TEST(groups_sorted),
	UNIT_TEST(groups_merged),
};

UNIT_TESTS_MAIN(tests)
