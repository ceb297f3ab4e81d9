/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * String views and the one tokenizer of every parser: views (struct sv) point
 * into a caller's buffer, which must outlive them. Pure: no I/O; views and
 * tokens allocate nothing; grow_array and radix_sort_u64 do (out of memory: -1).
 */
#ifndef VMAPCTL_LIB_TEXT_H
#define VMAPCTL_LIB_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct sv {
	const char *p;
	size_t n;
};

static inline struct sv sv_cstr(const char *s)
{
	struct sv r = { s, strlen(s) };

	return r;
}

static inline int sv_eq(struct sv s, const char *lit)
{
	size_t l = strlen(lit);	/* a literal's: folded at compile time */

	return s.n == l && memcmp(s.p, lit, l) == 0;
}

/* Two views, either maybe absent (p NULL): equal when both absent or the same bytes. */
static inline int sv_same(struct sv a, struct sv b)
{
	if (!a.p || !b.p)
		return !a.p && !b.p;
	return a.n == b.n && !memcmp(a.p, b.p, a.n);
}

/* Their order as memcmp's, shorter first on a tie, absent ones last. */
static inline int sv_compare(struct sv a, struct sv b)
{
	int c;

	if (!a.p || !b.p)
		return !a.p - !b.p;
	c = memcmp(a.p, b.p, a.n < b.n ? a.n : b.n);
	return c ? c : (a.n > b.n) - (a.n < b.n);
}

static inline int sv_starts(struct sv s, const char *lit)
{
	size_t l = strlen(lit);

	return s.n >= l && memcmp(s.p, lit, l) == 0;
}

/* s without its first off bytes (off <= s.n) */
static inline struct sv sv_from(struct sv s, size_t off)
{
	struct sv r = { s.p + off, s.n - off };

	return r;
}



/* Iterate over the lines of a buffer: returns 0 at the end. */
static inline int next_line(const char *buf, size_t len, size_t *pos, struct sv *line)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	line->p = buf + *pos;
	nl = memchr(line->p, '\n', len - *pos);
	line->n = nl ? (size_t)(nl - line->p) : len - *pos;
	*pos += line->n + (nl ? 1 : 0);
	return 1;
}

/* a zero byte in w (exact: the classic test) */
static inline uint64_t has_zero(uint64_t w)
{
	return (w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL;
}

/*
 * The next blank-separated token of *rest (blanks: space and tab), which is
 * advanced past it: returns 0 when only blanks are left. Inline: the parsers'
 * innermost loop.
 */
static inline int next_tok(struct sv *rest, struct sv *tok)
{
	const char *p = rest->p, *end = p + rest->n, *q;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end) {
		rest->p = p;
		rest->n = 0;
		return 0;
	}
	/* to the next blank, eight bytes at a time */
	for (q = p; end - q >= 8; q += 8) {
		uint64_t w, m;

		memcpy(&w, q, 8);
		m = has_zero(w ^ 0x2020202020202020ULL) | has_zero(w ^ 0x0909090909090909ULL);
		if (m) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* the lowest flagged byte is a blank (has_zero errs only above it) */
			q += __builtin_ctzll(m) / 8;
			goto found;
#else
			break;
#endif
		}
	}
	while (q < end && *q != ' ' && *q != '\t')
		q++;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
found:
#endif
	tok->p = p;
	tok->n = (size_t)(q - p);
	rest->p = q;
	rest->n = (size_t)(end - q);
	return 1;
}


/* The same, as a value: an empty view when only blanks are left. */
static inline struct sv take_tok(struct sv *rest)
{
	struct sv t = { rest->p, 0 };

	next_tok(rest, &t);
	return t;
}

/*
 * Room for element n of the growing array *v of *alloc elements of elem bytes
 * (doubling; overflow-checked): 0, or -1 when out of memory (*v unchanged).
 */
int grow_array(void **v, size_t *alloc, size_t n, size_t elem);

/*
 * Sort n elements of elem bytes by the uint64_t at key_off in each, stable,
 * in linear time: sorted input is left as it is, up to 32 ascending runs are
 * merged, anything else goes through an LSD radix over the bits that differ
 * at all (digits of at most 11 bits); an insertion sort under 64 elements.
 * 0, or -1 when out of memory (v unchanged).
 */
int radix_sort_u64(void *v, size_t n, size_t elem, size_t key_off);

/* Hex/decimal number of exactly the token's length: 0 on success, -1 on overflow or junk. */
int sv_to_u64(struct sv s, int base, uint64_t *out);

#endif
