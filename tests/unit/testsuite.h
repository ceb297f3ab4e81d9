/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unit tests' harness, as kmod's testsuite has one: each tests/unit/test-UNIT.c
 * tests one unit of src/lib, as named functions listed in a table that
 * UNIT_TESTS_MAIN runs. Prints TAP (one line a check, then the plan); exits
 * non-zero on any failed check, and on a test that checked nothing.
 *
 *	test-UNIT		every test of the table
 *	test-UNIT NAME...	the tests named
 */
#ifndef VMAPCTL_TESTSUITE_H
#define VMAPCTL_TESTSUITE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_test {
	const char *name;
	void (*func)(void);
};

static int ut_checks, ut_failed;

/* one check: its TAP line; a false cond fails the test and the binary */
static inline void ok(int cond, const char *what)
{
	ut_checks++;
	if (!cond)
		ut_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", ut_checks, what);
}

static inline void ut_run(const struct unit_test *t)
{
	int before = ut_checks;

	printf("# %s\n", t->name);
	t->func();
	ok(ut_checks > before, t->name);	/* a test that checked nothing tests nothing */
}

static inline int ut_main(const struct unit_test *tests, size_t n, int argc, char **argv)
{
	size_t i;
	int a;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* every line out before a sanitizer's abort */
	if (argc < 2) {
		for (i = 0; i < n; i++)
			ut_run(&tests[i]);
	}
	for (a = 1; a < argc; a++) {
		for (i = 0; i < n && strcmp(tests[i].name, argv[a]); i++)
			;
		if (i == n) {
			fprintf(stderr, "%s: no test %s\n", argv[0], argv[a]);
			return 2;
		}
		ut_run(&tests[i]);
	}
	printf("1..%d\n", ut_checks);
	return ut_failed != 0;
}

#define UNIT_TEST(fn)	{ #fn, fn }

#define UNIT_TESTS_MAIN(table)						\
	int main(int argc, char **argv)					\
	{								\
		return ut_main(table, sizeof(table) / sizeof(table[0]), argc, argv); \
	}

#endif
