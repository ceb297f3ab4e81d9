// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"

size_t u64_to_dec(uint64_t n, char *out)
{
	char tmp[24];
	size_t k = 0, i;

	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	for (i = 0; i < k; i++)
		out[i] = tmp[k - 1 - i];
	out[k] = '\0';
	return k;
}

size_t u64_to_hex(uint64_t n, unsigned digits, char *out)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	unsigned nd, i;

	for (i = 0; i < 16; i++)	/* all sixteen, the last first */
		tmp[15 - i] = hex[(n >> (4 * i)) & 15];
	nd = n ? 16 - (unsigned)__builtin_clzll(n) / 4 : 1;
	if (digits > 16)
		digits = 16;
	if (nd < digits)
		nd = digits;
	out[0] = '0';
	out[1] = 'x';
	memcpy(out + 2, tmp + 16 - nd, nd);
	out[2 + nd] = '\0';
	return 2 + nd;
}

/* s (k bytes) as a C string in out, cut to outlen - 1 bytes as snprintf would */
static void put_str(char *out, size_t outlen, const char *s, size_t k)
{
	if (!outlen)
		return;
	if (k >= outlen)
		k = outlen - 1;
	memcpy(out, s, k);
	out[k] = '\0';
}

void size_to_human(uint64_t bytes, char *out, size_t outlen)
{
	static const char units[] = "BKMGTPE";
	unsigned u = 0;
	uint64_t div = 1;

	while (u < sizeof(units) - 2 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (u == 0) {
		char num[32];
		size_t k = u64_to_dec(bytes, num);

		num[k++] = 'B';
		put_str(out, outlen, num, k);
		return;
	}
	if (bytes < (1ULL << 53)) {
		/*
		 * What "%.1f" of bytes / div prints, in integers: bytes / div is
		 * exact in a double here (div is a power of two), and printf rounds the
		 * exact value to tenths, ties to even.
		 */
		uint64_t t = bytes * 10;	/* < 2^57: no overflow (and no 128-bit type on i386) */
		uint64_t q = t / div, rem = t % div;
		char num[32];
		size_t k;

		if (2 * rem > div || (2 * rem == div && (q & 1)))
			q++;
		k = u64_to_dec(q / 10, num);	/* printf's digits, without printf's cost a row */
		if (q % 10) {
			num[k++] = '.';
			num[k++] = (char)('0' + q % 10);
		}
		num[k++] = units[u];
		put_str(out, outlen, num, k);
		return;
	}
	{
		char num[32], *dot;

		snprintf(num, sizeof(num), "%.1f", (double)bytes / (double)div);
		dot = strchr(num, '.');
		if (dot && !strcmp(dot, ".0"))
			*dot = '\0';
		snprintf(out, outlen, "%s%c", num, units[u]);
	}
}

int parse_size(const char *s, uint64_t *out)
{
	const char *sfx = "KMGTPE", *p;
	uint64_t v, mul = 1, frac = 0, den = 1;
	char *end;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end == '.' && !(s[0] == '0' && (s[1] | 0x20) == 'x')) {	/* "1.5M", as size_to_human prints */
		if (!isdigit((unsigned char)*++end))
			return -1;
		for (; isdigit((unsigned char)*end); end++)
			if (den <= UINT64_MAX / 10 / 10) {	/* further digits do not change the bytes */
				frac = frac * 10 + (uint64_t)(*end - '0');
				den *= 10;
			}
	}
	if (*end && (p = strchr(sfx, *end & ~0x20))) {
		mul = 1ULL << (10 * (p - sfx + 1));
		end++;
		if (!strcmp(end, "iB"))
			end += 2;
	}
	if (*end == 'B')	/* "4KB", and "0B" */
		end++;
	if (*end || (frac && mul == 1))	/* a fraction of a byte is no size */
		return -1;
	if (v > UINT64_MAX / mul)
		return -1;
	v *= mul;
	if (frac) {
		long double f = (long double)frac / (long double)den * (long double)mul;

		if ((long double)(UINT64_MAX - v) < f)
			return -1;
		v += (uint64_t)f;
	}
	*out = v;
	return 0;
}
