// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/ksyms.c: kallsyms by address, as %pS prints it.
 */
#include <stdint.h>

#include "lib/ksyms.h"
#include "testsuite.h"

static void ksym_by_address(void)
{
	struct ksym_index ix;
	char out[128];
	static const char syms[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81000100 T alpha\n"
		"ffffffff81000100 T alpha_alias\n"
		"ffffffff81000180 t beta\n"
		"ffffffffc0000000 t mod_init\t[demo]\n"
		"ffffffffc0000040 t mod_map\t[demo]\n"
		"ffffffffc0000090 t mod_last\t[demo]\n";

	ok(ksym_index_build(syms, strlen(syms), &ix) == 0 && ix.n == 7, "ksyms: every symbol indexed");
	ksym_format(&ix, 0xffffffff81000110, out, sizeof(out));
	ok(!strcmp(out, "alpha+0x10/0x80"), "ksyms: %pS, the first alias, its size to the next symbol");
	ksym_format(&ix, 0xffffffffc0000058, out, sizeof(out));
	ok(!strcmp(out, "mod_map+0x18/0x50 [demo]"), "ksyms: a module's symbol and its module");
	ksym_format(&ix, 0xffffffffc00000a0, out, sizeof(out));
	ok(!strcmp(out, "0xffffffffc00000a0"), "ksyms: past a module's last symbol, the address (its end is not known)");
	ksym_format(&ix, 0x1000, out, sizeof(out));
	ok(!strcmp(out, "0x1000"), "ksyms: below every symbol, the address");
	ksym_index_free(&ix);
}

static const struct unit_test tests[] = {
	UNIT_TEST(ksym_by_address),
};

UNIT_TESTS_MAIN(tests)
