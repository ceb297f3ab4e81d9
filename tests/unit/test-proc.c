// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/parse-proc.c: /proc/iomem, meminfo, modules and kallsyms.
 */
#include <stdint.h>

#include "lib/parse.h"
#include "testsuite.h"

static int sveq(struct sv s, const char *lit)
{
	return sv_eq(s, lit);
}

/* iomem: nesting, wide values, names with spaces and colons */
static void iomem_nesting(void)
{
	struct iomem_table io = { 0 };
	const char *s = "00000000-00000fff : Reserved\n"
			"c0000000-febfffff : PCI Bus 0000:00\n"
			"  fea00000-feafffff : 0000:00:04.0\n"
			"    fea00000-fea000ff : edu\n"
			"100000000-13fffffff : System RAM\n"
			"bogus line\n";

	ok(iomem_parse(s, strlen(s), &io) == 0 && io.n == 5 && io.nbad == 1 && io.first_bad == 6,
	   "iomem parsed, bad line counted");
	ok(iomem_lookup(&io, 0xfea00010) && sveq(iomem_lookup(&io, 0xfea00010)->name, "edu"),
	   "innermost resource");
	ok(iomem_lookup(&io, 0xfea10000) && sveq(iomem_lookup(&io, 0xfea10000)->name, "0000:00:04.0"),
	   "parent when outside the child");
	ok(iomem_lookup(&io, 0x120000000) && io.v[4].start == 0x100000000ULL, "wide (>32-bit) values");
	ok(!iomem_lookup(&io, 0xbfffffff), "no resource");
	ok(!iomem_is_zeroed(&io), "real iomem is not zeroed");
	iomem_table_free(&io);
}

/* iomem_span: the resources a range runs through, indexed and not */
static void iomem_spans(void)
{
	struct iomem_table io = { 0 };
	const char *s = "00000000-00000fff : Reserved\n"
			"00001000-0009fbff : System RAM\n"
			"0009fc00-000fffff : Reserved\n"
			"  000f0000-000fffff : System ROM\n"
			"c0000000-febfffff : PCI Bus 0000:00\n"
			"  fea00000-feafffff : 0000:00:04.0\n"
			"    fea00000-fea000ff : edu\n";
	const struct iomem_entry *r[8];
	int pass;

	ok(iomem_parse(s, strlen(s), &io) == 0 && io.n == 7, "iomem for spans parsed");
	for (pass = 0; pass < 2; pass++) {	/* linear lookups, then indexed ones */
		size_t got;

		got = iomem_span(&io, 0x9f000, 0xa0fff, r, 8);
		ok(got == 2 && sveq(r[0]->name, "System RAM") && sveq(r[1]->name, "Reserved"),
		   pass ? "indexed: a range from System RAM into the EBDA names both" : "a range from System RAM into the EBDA names both");
		got = iomem_span(&io, 0xeff000, 0xefffff, r, 8);
		ok(got == 0, "no resource in a gap");
		got = iomem_span(&io, 0xfe9ff000, 0xfea00fff, r, 8);
		ok(got == 3 && sveq(r[0]->name, "PCI Bus 0000:00") && sveq(r[1]->name, "edu") &&
		   sveq(r[2]->name, "0000:00:04.0"), "a child inside the range is named, then its parent again");
		got = iomem_span(&io, 0xfea00000, 0xfea000ff, r, 8);
		ok(got == 1 && sveq(r[0]->name, "edu"), "a range in one resource names it alone");
		got = iomem_span(&io, 0xbffff000, 0xc0000fff, r, 8);
		ok(got == 1 && sveq(r[0]->name, "PCI Bus 0000:00"), "a range from a gap into a resource");
		got = iomem_span(&io, 0, 0xfffff, r, 2);
		ok(got == 2, "at most max");
		if (!pass && iomem_index(&io))
			break;
	}
	iomem_table_free(&io);
}

/* meminfo */
static void meminfo(void)
{
	uint64_t v;
	const char *s = "MemTotal:       24000000 kB\nVmallocTotal:   34359738367 kB\nVmallocUsed:       14044 kB\nHugePages_Total:       0\n";

	ok(meminfo_get(s, strlen(s), "VmallocTotal", &v) == 0 && v == 34359738367ULL * 1024, "VmallocTotal in bytes");
	ok(meminfo_get(s, strlen(s), "HugePages_Total", &v) == 0 && v == 0, "value without unit");
	ok(meminfo_get(s, strlen(s), "Vmalloc", &v) < 0, "no prefix match");
}

/* a sysctl's number: the whole file, or nothing */
static void sysctl(void)
{
	uint64_t v = 7;

	ok(sysctl_u64("528482304\n", 10, &v) == 0 && v == 528482304, "sysctl: net.core.bpf_jit_limit as the 6.12 guest has it");
	ok(sysctl_u64("528482304", 9, &v) == 0, "sysctl: without its newline");
	v = 7;
	ok(sysctl_u64("5284\n", 3, &v) == 0 && v == 528, "sysctl: the length given, not the string's");
	ok(sysctl_u64("", 0, &v) < 0 && sysctl_u64("\n", 1, &v) < 0, "sysctl: empty is no number");
	ok(sysctl_u64("12 34\n", 6, &v) < 0 && sysctl_u64("-1\n", 3, &v) < 0, "sysctl: two numbers, a sign: refused");
	ok(sysctl_u64("99999999999999999999\n", 21, &v) < 0, "sysctl: past 64 bits: refused, not wrapped");
}

/* modules */
static void modules(void)
{
	struct module_table mt = { 0 };
	const char *s = "vmapctl_demo 16384 0 - Live 0xffffffffc0a00000 (OE)\n"
			"e1000 147456 0 - Live 0x0000000000000000\n";

	ok(modules_parse(s, strlen(s), &mt) == 0 && mt.n == 2 && sveq(mt.v[0].name, "vmapctl_demo") &&
	   mt.v[0].size == 16384 && mt.v[0].base == 0xffffffffc0a00000ULL && mt.v[1].base == 0,
	   "modules: name, size, base");
	module_table_free(&mt);
}

/* kallsyms */
static void kallsyms(void)
{
	struct ksym k;
	const char *s = "ffffffff81000000 T _text\n"
			"ffffffff82a1b2c0 D vmalloc_base\n"
			"ffffffffc0a01000 t demo_ioctl\t[vmapctl_demo]\n";

	ok(kallsyms_find(s, strlen(s), "vmalloc_base", &k) == 0 && k.addr == 0xffffffff82a1b2c0ULL &&
	   k.type == 'D' && !k.module.n, "kallsyms core symbol");
	ok(kallsyms_find(s, strlen(s), "demo_ioctl", &k) == 0 && sveq(k.module, "vmapctl_demo"),
	   "kallsyms module symbol");
	ok(kallsyms_find(s, strlen(s), "vmalloc", &k) < 0, "kallsyms: no prefix match");
}

/* two static variables of one name (6.12: execmem_info in arch/x86/mm/init.c and mm/execmem.c) */
static void kallsyms_nth(void)
{
	struct ksym k;
	const char *s = "ffffffffa17f5360 d execmem_info\n"
			"ffffffffa17f5e60 d default_execmem_info\n"
			"ffffffffa17f5f50 d execmem_info\n";

	ok(kallsyms_find_nth(s, strlen(s), "execmem_info", 0, &k) == 0 && k.addr == 0xffffffffa17f5360ULL,
	   "kallsyms: the first of a name");
	ok(kallsyms_find_nth(s, strlen(s), "execmem_info", 1, &k) == 0 && k.addr == 0xffffffffa17f5f50ULL,
	   "kallsyms: the second, past another that ends with the name");
	ok(kallsyms_find_nth(s, strlen(s), "execmem_info", 2, &k) < 0, "kallsyms: no third");
}

static const struct unit_test tests[] = {
	UNIT_TEST(iomem_nesting),
	UNIT_TEST(kallsyms_nth),
	UNIT_TEST(iomem_spans),
	UNIT_TEST(meminfo),
	UNIT_TEST(sysctl),
	UNIT_TEST(modules),
	UNIT_TEST(kallsyms),
};

UNIT_TESTS_MAIN(tests)
