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

/* one element: inline for the sizes sorted here (16: a range, 8: a key) */
static inline void copy_elem(char *d, const char *s, size_t elem)
{
	if (elem == 16)
		memcpy(d, s, 16);
	else if (elem == 8)
		memcpy(d, s, 8);
	else
		memcpy(d, s, elem);
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

/* after passes between v and tmp: the result in v, tmp freed */
static void settle(void *v, const char *src, size_t bytes, char *tmp)
{
	if (src != v)
		memcpy(v, src, bytes);
	free(tmp);
}

/* [a, m) and [m, b) of src, each sorted, into [a, b) of dst: stable */
static void merge2(const char *src, char *dst, size_t a, size_t m, size_t b, size_t elem,
		   size_t key_off)
{
	size_t i = a, j = m, k = a;

	while (i < m && j < b) {
		if (key_at(src, j, elem, key_off) < key_at(src, i, elem, key_off))
			copy_elem(dst + k++ * elem, src + j++ * elem, elem);
		else
			copy_elem(dst + k++ * elem, src + i++ * elem, elem);
	}
	memcpy(dst + k * elem, src + i * elem, (m - i) * elem);
	k += m - i;
	memcpy(dst + k * elem, src + j * elem, (b - j) * elem);
}

/*
 * A few ascending runs (a kernel's per-node lists since 6.9, busy areas then
 * lazily freed ones before): merged pairwise, a sequential pass per level.
 */
static int merge_runs(char *v, size_t n, size_t elem, size_t key_off, size_t *run, size_t nrun)
{
	char *tmp = malloc(n * elem), *src = v, *dst, *t;
	size_t r, k;

	if (!tmp)
		return -1;
	dst = tmp;
	while (nrun > 1) {
		for (r = k = 0; r < nrun; r += 2) {
			size_t a = run[r], m = r + 1 < nrun ? run[r + 1] : n;
			size_t b = r + 2 < nrun ? run[r + 2] : n;

			merge2(src, dst, a, m, b, elem, key_off);
			run[k++] = a;
		}
		nrun = k;
		t = src;
		src = dst;
		dst = t;
	}
	settle(v, src, n * elem, tmp);
	return 0;
}

int radix_sort_u64(void *v, size_t n, size_t elem, size_t key_off)
{
	enum { MAXBITS = 11, MAXRUNS = 32 };
	uint64_t first, diff = 0, prev;
	unsigned lo, nbits, passes, bits, p;
	size_t buckets, mask, i, nrun = 1, run[MAXRUNS];
	char *src = v, *dst, *tmp;
	size_t *count;

	if (n < 64)
		return n < 2 ? 0 : insertion_sort(v, n, elem, key_off);
	/* the bits that differ at all, and the ascending runs */
	first = prev = key_at(src, 0, elem, key_off);
	run[0] = 0;
	for (i = 1; i < n; i++) {
		uint64_t k = key_at(src, i, elem, key_off);

		diff |= k ^ first;
		if (k < prev) {
			if (nrun < MAXRUNS)
				run[nrun] = i;
			nrun++;
		}
		prev = k;
	}
	if (nrun == 1)
		return 0;	/* sorted already */
	if (nrun <= MAXRUNS)
		return merge_runs(v, n, elem, key_off, run, nrun);
	/*
	 * Digits over the bits that differ only, of at most 11 bits (2,048
	 * buckets: the scatter's streams stay in cache), as few passes as that
	 * allows.
	 */
	lo = (unsigned)__builtin_ctzll(diff);
	nbits = 64 - (unsigned)__builtin_clzll(diff) - lo;
	passes = (nbits + MAXBITS - 1) / MAXBITS;
	bits = (nbits + passes - 1) / passes;
	buckets = (size_t)1 << bits;
	mask = buckets - 1;
	tmp = malloc(n * elem);
	count = calloc(passes * buckets, sizeof(*count));
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	for (i = 0; i < n; i++) {	/* every pass's histogram in one read */
		uint64_t k = key_at(src, i, elem, key_off) >> lo;

		for (p = 0; p < passes; p++)
			count[p * buckets + ((k >> (p * bits)) & mask)]++;
	}
	dst = tmp;
	for (p = 0; p < passes; p++) {
		size_t *c = count + p * buckets, sum = 0;
		unsigned shift = lo + p * bits;
		char *t;

		for (i = 0; i < buckets; i++) {	/* counts to first positions */
			size_t x = c[i];

			c[i] = sum;
			sum += x;
		}
		for (i = 0; i < n; i++)
			copy_elem(dst + elem * c[(key_at(src, i, elem, key_off) >> shift) & mask]++,
				  src + elem * i, elem);
		t = src;
		src = dst;
		dst = t;
	}
	settle(v, src, n * elem, tmp);
	free(count);
	return 0;
}
