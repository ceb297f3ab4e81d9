// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "lib/text.h"

/* the value of a hex digit, 0xff for any other byte */
static const unsigned char digit_value[256] = {
	['0'] = 0, ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
	['8'] = 8, ['9'] = 9, ['a'] = 10, ['b'] = 11, ['c'] = 12, ['d'] = 13, ['e'] = 14, ['f'] = 15,
	['A'] = 10, ['B'] = 11, ['C'] = 12, ['D'] = 13, ['E'] = 14, ['F'] = 15,
};

static int digit(char c, int base)
{
	unsigned char d = digit_value[(unsigned char)c];

	/* the table's zeros: only '0' is a digit 0 */
	if ((d == 0 && c != '0') || d >= base)
		return -1;
	return d;
}

int sv_to_u64(struct sv s, int base, uint64_t *out)
{
	/* digits that cannot overflow: 15 in hex, 19 in decimal; a check only past them */
	size_t safe = base == 16 ? 15 : 19, i;
	uint64_t v = 0;

	if (s.n == 0)
		return -1;
	for (i = 0; i < s.n; i++) {
		int d = digit(s.p[i], base);

		if (d < 0)
			return -1;
		if (i < safe) {
			v = v * (uint64_t)base + (uint64_t)d;
		} else if (__builtin_mul_overflow(v, (uint64_t)base, &v) ||
			   __builtin_add_overflow(v, (uint64_t)d, &v)) {
			return -1;	/* overflow */
		}
	}
	*out = v;
	return 0;
}

int grow_array(void **v, size_t *alloc, size_t n, size_t elem)
{
	size_t na;
	void *nv;

	if (n < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : 64;
	if (na < *alloc || na > SIZE_MAX / elem)
		return -1;
	nv = realloc(*v, na * elem);
	if (!nv)
		return -1;
	*v = nv;
	*alloc = na;
	return 0;
}

static uint64_t key_at(const char *base, size_t i, size_t elem, size_t key_off)
{
	uint64_t k;

	memcpy(&k, base + i * elem + key_off, sizeof(k));
	return k;
}

/* a stable insertion sort, for the few elements a radix pass would cost more than */
static int insertion_sort(char *v, size_t n, size_t elem, size_t key_off)
{
	char *t = malloc(elem);
	size_t i, j;

	if (!t)
		return -1;
	for (i = 1; i < n; i++) {
		uint64_t k = key_at(v, i, elem, key_off);

		for (j = i; j > 0 && key_at(v, j - 1, elem, key_off) > k; j--)
			;
		if (j < i) {
			memcpy(t, v + i * elem, elem);
			memmove(v + (j + 1) * elem, v + j * elem, (i - j) * elem);
			memcpy(v + j * elem, t, elem);
		}
	}
	free(t);
	return 0;
}

int radix_sort_u64(void *v, size_t n, size_t elem, size_t key_off)
{
	/* 8-bit digits below 64k elements (256 buckets a pass), 16-bit above */
	unsigned bits = n < 65536 ? 8 : 16, shift;
	size_t buckets = (size_t)1 << bits, mask = buckets - 1;
	char *src = v, *dst, *tmp;
	size_t *count, i;

	if (n < 64)
		return n < 2 ? 0 : insertion_sort(v, n, elem, key_off);
	tmp = malloc(n * elem);
	count = malloc((buckets + 1) * sizeof(*count));
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	dst = tmp;
	for (shift = 0; shift < 64; shift += bits) {
		char *t;

		memset(count, 0, (buckets + 1) * sizeof(*count));
		for (i = 0; i < n; i++)
			count[((key_at(src, i, elem, key_off) >> shift) & mask) + 1]++;
		for (i = 0; i <= buckets; i++)
			if (count[i] == n)
				break;
		if (i <= buckets)
			continue;	/* one value of these bits everywhere: nothing to move */
		for (i = 1; i <= buckets; i++)
			count[i] += count[i - 1];
		for (i = 0; i < n; i++)
			memcpy(dst + elem * count[(key_at(src, i, elem, key_off) >> shift) & mask]++,
			       src + elem * i, elem);
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * elem);
	free(tmp);
	free(count);
	return 0;
}
