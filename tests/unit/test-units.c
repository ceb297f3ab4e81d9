// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/units.c: sizes in human form and back, digits.
 */
#include <stdint.h>

#include "lib/units.h"
#include "testsuite.h"

/* the sizes' generator: a 64-bit LCG */
static uint64_t next_x(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x;
}

/* sizes in human form: integers that print what printf("%.1f") printed */
static void size_to_human_as_printf(void)
{
	static const uint64_t sample[] = { 1023, 1024, 1075, 1076, 1126, 1127, 1536, 10188, 20480,
		1048575, 1048576, 1101004, 1101005, 1153433, 5767168, 1099511627776ULL,
		3ULL << 49, (1ULL << 53) - 1, 1ULL << 62, UINT64_MAX };
	uint64_t x = 0x243f6a8885a308d3ULL;
	int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		uint64_t b;
		char got[48], want[48], num[32], *dot;
		static const char units[] = "BKMGTPE";
		unsigned u = 0;
		uint64_t div = 1;

		next_x(&x);
		b = i < (int)(sizeof(sample) / sizeof(sample[0])) ? sample[i] : x >> (x % 64);
		while (u < 6 && b / div >= 1024) {
			div *= 1024;
			u++;
		}
		if (u == 0) {
			snprintf(want, sizeof(want), "%lluB", (unsigned long long)b);
		} else {
			snprintf(num, sizeof(num), "%.1f", (double)b / (double)div);
			dot = strchr(num, '.');
			if (dot && !strcmp(dot, ".0"))
				*dot = '\0';
			snprintf(want, sizeof(want), "%s%c", num, units[u]);
		}
		size_to_human(b, got, sizeof(got));
		if (strcmp(got, want) && !bad++)
			printf("# %llu: %s, printf %s\n", (unsigned long long)b, got, want);
	}
	ok(!bad, "size_to_human: what printf's %.1f prints, for 200,000 sizes");
}

/* what it prints reads back as a size that prints the same */
static void parse_size_reads_back(void)
{
	uint64_t x = 0x80e1dd50bc778213ULL;	/* where size_to_human_as_printf's 200,000 left it */
	int i, bad = 0;

	for (i = 0; i < 20000; i++) {
		uint64_t b, back = 0;
		char h[48], h2[48];

		next_x(&x);
		b = x >> (x % 64);
		size_to_human(b, h, sizeof(h));
		if ((parse_size(h, &back) || (size_to_human(back, h2, sizeof(h2)), strcmp(h, h2))) && !bad++)
			printf("# %llu: %s read back as %llu\n", (unsigned long long)b, h, (unsigned long long)back);
	}
	ok(!bad, "parse_size reads back what size_to_human prints, for 20,000 sizes");
}

static void parse_size_forms(void)
{
	static const struct { const char *s; int rc; uint64_t v; } c[] = {
		{ "1.5M", 0, 1572864 }, { "0B", 0, 0 }, { "4KB", 0, 4096 }, { "4KiB", 0, 4096 },
		{ "0x1000", 0, 4096 }, { "4096", 0, 4096 }, { "2g", 0, 2ULL << 30 }, { "0.5K", 0, 512 },
		{ "1.3K", 0, 1331 }, { "15.9E", 0, 18331451923248866918ULL }, { "16E", -1, 0 },
		{ "1.5", -1, 0 }, { "1.M", -1, 0 }, { "-1", -1, 0 }, { " 1", -1, 0 }, { "0x1.8M", -1, 0 },
		{ "1X", -1, 0 }, { "", -1, 0 }, { "M", -1, 0 }, { "1MB2", -1, 0 },
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		uint64_t got = 0;
		int rc = parse_size(c[i].s, &got);

		if (rc != c[i].rc || (!rc && got != c[i].v)) {
			printf("# parse_size(\"%s\"): %d %llu\n", c[i].s, rc, (unsigned long long)got);
			bad++;
		}
	}
	ok(!bad, "parse_size: fractions, B, iB, hex; junk and overflow refused");
}

static void digits(void)
{
	char b[32];

	ok(u64_to_hex(0xa0000, 16, b) == 18 && !strcmp(b, "0x00000000000a0000") &&
	   u64_to_hex(0xf77fe000, 8, b) == 10 && !strcmp(b, "0xf77fe000") &&
	   u64_to_dec(18446744073709551615ULL, b) == 20 && !strcmp(b, "18446744073709551615") &&
	   u64_to_dec(0, b) == 1 && !strcmp(b, "0"), "hex and decimal digits");
}

static const struct unit_test tests[] = {
	UNIT_TEST(size_to_human_as_printf),
	UNIT_TEST(parse_size_reads_back),
	UNIT_TEST(parse_size_forms),
	UNIT_TEST(digits),
};

UNIT_TESTS_MAIN(tests)
