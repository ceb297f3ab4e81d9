// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/vmallocinfo, as printed by mm/vmalloc.c from 2.6.28 to 6.18:
 *
 *   0x<start>-0x<end> <size> [caller [module]] [pages=N] [phys=ADDR] [ioremap]
 *       [sparse] [vmalloc] [vmap] [user] [dma-coherent] [vpages] [N<node>=<pages>...]
 *   0x<start>-0x<end> <size> vm_map_ram
 *   0x<start>-0x<end> <size> unpurged vm_area
 *
 * phys= is "%pa" (0x + zero padded) on current kernels and bare "%llx" on old ones.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define TAG(s) { s, sizeof(s) - 1 }
static const struct {
	const char *s;
	size_t n;
} tag_names[VMI_NTAGS] = {
	TAG("ioremap"), TAG("sparse"), TAG("vmalloc"), TAG("vmap"), TAG("user"), TAG("dma-coherent"),
	TAG("vpages"), TAG("vm_map_ram"), TAG("unpurged"),
};

const char *vmi_tag_name(unsigned bit)
{
	return bit < VMI_NTAGS ? tag_names[bit].s : NULL;
}

struct sv vmi_tag_sv(unsigned bit)
{
	struct sv s = { NULL, 0 };

	if (bit < VMI_NTAGS) {
		s.p = tag_names[bit].s;
		s.n = tag_names[bit].n;
	}
	return s;
}

/* 1 for the placeholder %p prints before its hash key is ready */
#if defined(__SSE2__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Sixteen hex digits (0-9 a-f) at once: 0, or -1 when one is not. */
static inline int hex16(const char *p, uint64_t *out)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));	/* '0'-'9' -> 0-9 */
	const __m128i a = _mm_sub_epi8(v, _mm_set1_epi8('a'));	/* 'a'-'f' -> 0-5 */
	const __m128i isd = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
	const __m128i isa = _mm_cmpeq_epi8(_mm_min_epu8(a, _mm_set1_epi8(5)), a);
	__m128i x;

	if (_mm_movemask_epi8(_mm_or_si128(isd, isa)) != 0xffff)
		return -1;
	x = _mm_or_si128(_mm_and_si128(isd, d), _mm_andnot_si128(isd, _mm_add_epi8(a, _mm_set1_epi8(10))));
	/* two digits a byte, the first the high nibble; eight bytes, the first the highest */
	x = _mm_or_si128(_mm_and_si128(_mm_slli_epi16(x, 4), _mm_set1_epi16(0x0ff0)), _mm_srli_epi16(x, 8));
	x = _mm_packus_epi16(x, x);
	*out = __builtin_bswap64((uint64_t)_mm_cvtsi128_si64(x));
	return 0;
}
#else
/*
 * Eight hex digits at once (lowercase, as the kernel prints them): 0, or -1
 * when a byte is not one of 0-9 a-f.
 */
static int hex8(const char *p, uint32_t *out)
{
	uint64_t w, digit, letter, ok;

	memcpy(&w, p, 8);
	/* each byte: '0'-'9' is 0x30-0x39, 'a'-'f' 0x61-0x66 */
	digit = ((w | 0x8080808080808080ULL) - 0x3030303030303030ULL) &
		~((w | 0x8080808080808080ULL) - 0x3a3a3a3a3a3a3a3aULL) & 0x8080808080808080ULL;
	letter = ((w | 0x8080808080808080ULL) - 0x6161616161616161ULL) &
		 ~((w | 0x8080808080808080ULL) - 0x6767676767676767ULL) & 0x8080808080808080ULL;
	ok = (digit | letter) & ~w;	/* and no byte with its top bit set */
	if (ok != 0x8080808080808080ULL)
		return -1;
	/* '0'-'9' -> 0-9, 'a'-'f' -> 10-15: low nibble, plus 9 for letters */
	w = (w & 0x0f0f0f0f0f0f0f0fULL) + (letter >> 7) * 9;
	/* pack the eight nibbles, the first byte the most significant */
	w = ((w << 4) | (w >> 8)) & 0x00ff00ff00ff00ffULL;
	w = ((w << 8) | (w >> 16)) & 0x0000ffff0000ffffULL;
	w = (w << 16) | (w >> 32);
	*out = (uint32_t)w;
	return 0;
}

/* Sixteen hex digits: 0, or -1 when one is not. */
static inline int hex16(const char *p, uint64_t *out)
{
	uint32_t hi, lo;

	if (hex8(p, &hi) || hex8(p + 8, &lo))
		return -1;
	*out = (uint64_t)hi << 32 | lo;
	return 0;
}
#endif

static int parse_addr(struct sv t, uint64_t *v)
{
	/* the common case: 16 digits after 0x */
	if (t.n == 18 && t.p[0] == '0' && t.p[1] == 'x' && !hex16(t.p + 2, v))
		return 0;
	if (!sv_starts(t, "0x"))
		return -1;
	if (t.n > 2 + 16 && !sv_eq(sv_from(t, 2), "(____ptrval____)"))
		return -1;	/* more than 16 hex digits: no kernel prints that */
	if (sv_eq(sv_from(t, 2), "(____ptrval____)")) {
		*v = 0;
		return 1;
	}
	return sv_to_u64(sv_from(t, 2), 16, v);
}

/*
 * Decimal digits only: 0, or -1. Up to 19 digits (no overflow possible)
 * inline, longer ones by sv_to_u64.
 */
static inline int dec_u64(struct sv s, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.n - 1 >= 19)	/* empty, or long enough to overflow */
		return sv_to_u64(s, 10, out);
	for (i = 0; i < s.n; i++) {
		unsigned d = (unsigned)(unsigned char)s.p[i] - '0';

		if (d > 9)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/* N<node>=<pages>: both decimal numbers that fit 64 bits */
static int is_numa(struct sv t)
{
	size_t i = 1;
	uint64_t v;

	if (t.n < 4 || t.p[0] != 'N')
		return 0;
	while (i < t.n && t.p[i] != '=')
		i++;
	if (i == t.n)
		return 0;
	{
		struct sv node = { t.p + 1, i - 1 };
		struct sv val = { t.p + i + 1, t.n - i - 1 };

		return dec_u64(node, &v) == 0 && dec_u64(val, &v) == 0;
	}
}

/* A tag word as the kernel would spell one: [A-Za-z][A-Za-z0-9_-]* */
static int is_word(struct sv t)
{
	size_t i;

	if (!t.n || !((t.p[0] >= 'a' && t.p[0] <= 'z') || (t.p[0] >= 'A' && t.p[0] <= 'Z')))
		return 0;
	for (i = 1; i < t.n; i++) {
		char c = t.p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

/* word or word=value */
static int is_tag_like(struct sv t)
{
	const char *eq = memchr(t.p, '=', t.n);
	struct sv key = { t.p, eq ? (size_t)(eq - t.p) : t.n };

	return t.n <= 64 && is_word(key);	/* the kernel's tags are short words */
}

static int tag_bit(struct sv t)
{
	unsigned i;

	for (i = 0; i < VMI_NTAGS; i++)
		if (t.n == tag_names[i].n && t.p[0] == tag_names[i].s[0] &&
		    !memcmp(t.p, tag_names[i].s, t.n))
			return (int)i;
	return -1;
}

/*
 * %pS: "sym+0xoff/0xlen", or a bare hex address for a symbol-less caller:
 * 1 with *func set to the function's part (before "+"), or 0.
 */
static int looks_like_caller(struct sv t, struct sv *func)
{
	const char *plus = memchr(t.p, '+', t.n);

	*func = t;
	if (plus)
		func->n = (size_t)(plus - t.p);
	return plus != NULL || sv_starts(t, "0x");
}

/* START-END: 0, or -1 with *why set */
static int parse_range(struct sv t, struct vmi_entry *e, const char **why)
{
	const char *dash = t.n == 37 && t.p[18] == '-' ? t.p + 18 : memchr(t.p, '-', t.n);
	struct sv a, b;
	int pa, pb;

	if (!dash) {
		*why = "no START-END address range";
		return -1;
	}
	a.p = t.p;
	a.n = (size_t)(dash - t.p);
	b.p = dash + 1;
	b.n = t.n - a.n - 1;
	pa = parse_addr(a, &e->start);
	pb = parse_addr(b, &e->end);
	if (pa < 0 || pb < 0 || pa != pb) {
		*why = "bad START-END address range";
		return -1;
	}
	e->ptrval = (unsigned char)pa;
	e->addr_digits = pa ? 0 : (unsigned)a.n - 2;
	return 0;
}

static int printable_byte(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t';
}

/*
 * The kernel prints printable ASCII only (symbol and module names, numbers,
 * tags). Eight bytes at a time: a word with a byte below 0x20, of 0x7f or
 * above 0x7f is looked at byte by byte (a tab is fine).
 */
static int printable(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, low, del;

		memcpy(&w, s + i, 8);
		low = (w - ones * 0x20) & ~w & highs;		/* a byte < 0x20 (bytes < 0x80) */
		del = ((w ^ (ones * 0x7f)) - ones) & ~(w ^ (ones * 0x7f)) & highs;	/* a byte == 0x7f */
		if ((w & highs) || low || del) {
			size_t k;

			for (k = 0; k < 8; k++)
				if (!printable_byte((unsigned char)s[i + k]))
					return 0;
		}
	}
	for (; i < n; i++)
		if (!printable_byte((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * The line's tokens (blank-separated, blanks: space and tab). With SSE2 (every
 * x86-64) the blanks of the whole line are found at once, a bit a byte and
 * sixteen bytes a step, while the same bytes are checked to be printable; each
 * token is then two ctz's away. Without SSE2, or for a line of LEX_MAX bytes or
 * more (a long Rust symbol), next_tok.
 */
enum { LEX_WORDS = 8, LEX_MAX = LEX_WORDS * 64 };

struct lex {
	const char *s;
	size_t n, pos;
	int bits;			/* blank[] is in use, else rest */
	struct sv rest;
	uint64_t blank[LEX_WORDS];	/* bit i: s[i] is a blank, or i >= n */
};

#ifdef __SSE2__
/* sixteen bytes: their blanks as bits; -1 when one is not printable */
static inline int blanks16(const char *p, unsigned *blank)
{
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	unsigned tab = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
	unsigned sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
	/* below 0x20 (signed: 0x80 and above too) or 0x7f, a tab aside */
	unsigned bad = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
								_mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f))));

	*blank = sp | tab;
	return bad & ~tab ? -1 : 0;
}
#endif

/* 0, or -1 when the line has a byte that is not printable */
static int lex_init(struct lex *lx, const char *s, size_t n)
{
	lx->s = s;
	lx->n = n;
	lx->pos = 0;
	lx->rest.p = s;
	lx->rest.n = n;
#ifdef __SSE2__
	lx->bits = n < LEX_MAX;
	if (lx->bits) {
		size_t i, k, last = n >> 6;	/* the word holding bit n: blanks from n on */
		unsigned b;

		for (k = 0; k < last; k++)
			lx->blank[k] = 0;
		lx->blank[last] = ~0ULL << (n & 63);
		for (i = 0; i + 16 <= n; i += 16) {
			if (blanks16(s + i, &b))
				return -1;
			lx->blank[i >> 6] |= (uint64_t)b << (i & 63);
		}
		if (i < n) {
			char tail[16];

			memset(tail, 'a', sizeof(tail));	/* a harmless letter past the end */
			memcpy(tail, s + i, n - i);
			if (blanks16(tail, &b))
				return -1;
			lx->blank[i >> 6] |= (uint64_t)(b & ((1u << (n - i)) - 1)) << (i & 63);
		}
		return 0;
	}
#else
	lx->bits = 0;
#endif
	return printable(s, n) ? 0 : -1;
}

/* the next token: 1, or 0 when only blanks are left */
static inline int lex_next(struct lex *lx, struct sv *t)
{
	size_t p = lx->pos, q;
	uint64_t m;

	if (!lx->bits)
		return next_tok(&lx->rest, t);
	for (;;) {	/* the first byte that is not a blank */
		if (p >= lx->n) {
			lx->pos = lx->n;
			return 0;
		}
		m = ~lx->blank[p >> 6] >> (p & 63);
		if (m) {
			p += (size_t)__builtin_ctzll(m);
			break;
		}
		p = (p | 63) + 1;
	}
	if (p >= lx->n) {
		lx->pos = lx->n;
		return 0;
	}
	for (q = p;;) {	/* the blank after it: there is one at n */
		m = lx->blank[q >> 6] >> (q & 63);
		if (m) {
			q += (size_t)__builtin_ctzll(m);
			break;
		}
		q = (q | 63) + 1;
	}
	t->p = lx->s + p;
	t->n = q - p;
	lx->pos = q;
	return 1;
}

/* where a lexer is, to go back to */
struct lexmark {
	size_t pos;
	struct sv rest;
};

static inline struct lexmark lex_mark(const struct lex *lx)
{
	struct lexmark m = { lx->pos, lx->rest };

	return m;
}

static inline void lex_back(struct lex *lx, struct lexmark m)
{
	lx->pos = m.pos;
	lx->rest = m.rest;
}

/* " [module]" (or "[module buildid]") after the caller, if there: 0, or -1 with *why set */
static int parse_module(struct lex *lx, struct vmi_entry *e, const char **why)
{
	struct lexmark save = lex_mark(lx);
	struct sv t, m, more;

	if (!lex_next(lx, &t) || t.p[0] != '[') {
		lex_back(lx, save);
		return 0;
	}
	m.p = t.p + 1;
	m.n = t.n - 1;
	if (m.n && m.p[m.n - 1] == ']') {
		m.n--;
	} else {
		/* "[module buildid]": keep the first word */
		do {
			if (!lex_next(lx, &more)) {
				*why = "unterminated [module]";
				return -1;
			}
		} while (more.p[more.n - 1] != ']');
	}
	if (!m.n) {
		*why = "empty [module]";
		return -1;
	}
	e->module = m;
	return 0;
}

/* One token after the caller: pages=, phys=, N<node>=, a tag. 0, or -1 with *why set */
static int parse_token(struct sv t, struct lex *lx, struct vmi_entry *e, const char **why)
{
	int bit;

	if (t.p[0] == 'p' && sv_starts(t, "pages=")) {
		if (e->has_pages || dec_u64(sv_from(t, 6), &e->pages)) {
			*why = "bad pages=";
			return -1;
		}
		e->has_pages = 1;
	} else if (t.p[0] == 'p' && sv_starts(t, "phys=")) {
		struct sv v = sv_from(t, 5);

		if (sv_starts(v, "0x"))
			v = sv_from(v, 2);
		if (e->has_phys || sv_to_u64(v, 16, &e->phys)) {
			*why = "bad phys=";
			return -1;
		}
		e->has_phys = 1;
	} else if (is_numa(t)) {
		if (!e->numa.p)
			e->numa = t;
		else
			e->numa.n = (size_t)(t.p + t.n - e->numa.p);
	} else if ((bit = tag_bit(t)) >= 0) {
		e->tags |= 1u << bit;
		if (bit == 8) {	/* "unpurged vm_area" */
			struct lexmark save = lex_mark(lx);

			if (!lex_next(lx, &t) || !sv_eq(t, "vm_area"))
				lex_back(lx, save);
		}
	} else if (is_tag_like(t)) {
		/* a tag added by a later kernel: keep it, shown as is */
		if (e->nextra < VMI_MAX_EXTRA)
			e->extra[e->nextra++] = t;
	} else {
		*why = "unexpected token";
		return -1;
	}
	return 0;
}

/*
 * SIZE as no kernel prints it: 0, not whole pages (the smallest page of any
 * architecture is 4 KiB, and every area is made of pages), or more than the
 * kernel's "%ld" of an unsigned long prints as a positive number (a 32-bit
 * long where START has 8 digits). 0, or -1 with *why set.
 */
static int size_possible(const struct vmi_entry *e, const char **why)
{
	uint64_t max = e->addr_digits == 8 ? (UINT64_C(1) << 31) - 1 : (UINT64_C(1) << 63) - 1;

	if (e->size > max) {
		*why = "SIZE larger than a kernel prints (beyond a signed long)";
		return -1;
	}
	if (!e->size) {
		*why = "SIZE 0: no area is empty";
		return -1;
	}
	if (e->size % VMI_MIN_PAGE) {
		*why = "SIZE is not a whole number of pages";
		return -1;
	}
	return 0;
}

int vmi_parse_head(const char *s, size_t n, struct vmi_entry *e, const char **why)
{
	struct sv rest = { s, n }, t;

	e->start = e->end = e->size = 0;
	e->ptrval = 0;
	e->addr_digits = 0;
	if (!next_tok(&rest, &t))
		return 1;
	if (parse_range(t, e, why))
		return -1;
	if (!next_tok(&rest, &t) || dec_u64(t, &e->size)) {
		*why = "bad or missing SIZE";
		return -1;
	}
	return size_possible(e, why);
}

unsigned vmi_addr_class(const struct vmi_entry *e)
{
	if (e->ptrval)
		return VMI_ADDR_PTRVAL;
	if (!e->start && !e->end)
		return VMI_ADDR_ZERO;
	if (e->end > e->start && e->end - e->start == e->size)
		return VMI_ADDR_CONSISTENT;
	return VMI_ADDR_OTHER;
}

const char *vmi_addr_class_why(const struct vmi_entry *e)
{
	switch (vmi_addr_class(e)) {
	case VMI_ADDR_PTRVAL:
		return "(____ptrval____) addresses, where the other lines' are real";
	case VMI_ADDR_ZERO:
		return "START and END 0, where the other lines' addresses are real";
	case VMI_ADDR_OTHER:
		return e->end < e->start ? "END below START, where the other lines' addresses are real" :
					   "SIZE is not END - START, where the other lines' addresses are real";
	default:
		return NULL;
	}
}

enum addr_mode vmi_mode_of(const size_t count[VMI_NCLASS])
{
	size_t n = 0, p = count[VMI_ADDR_PTRVAL], z = count[VMI_ADDR_ZERO], o = count[VMI_ADDR_OTHER];
	unsigned i;

	for (i = 0; i < VMI_NCLASS; i++)
		n += count[i];
	if (!n || count[VMI_ADDR_CONSISTENT] > n / 2)
		return ADDR_REAL;	/* most lines real: the others are bad lines */
	if (p && p >= z && p >= o)
		return ADDR_PTRVAL;
	if (z && z > o)
		return ADDR_ZERO;
	return ADDR_HASHED;
}

int vmi_parse_line(const char *s, size_t n, struct vmi_entry *e, const char **why)
{
	static const struct sv none = { NULL, 0 };
	struct lex lx;
	struct sv t;
	int first = 1;

	/*
	 * Each field but extra[] (valid up to nextra), one by one: cheaper than a
	 * memset a line, and a chained assignment would reload what it stored.
	 */
	e->start = 0;
	e->end = 0;
	e->size = 0;
	e->pages = 0;
	e->phys = 0;
	e->caller = none;
	e->func = none;
	e->module = none;
	e->numa = none;
	e->nextra = 0;
	e->tags = 0;
	e->addr_digits = 0;
	e->has_pages = 0;
	e->has_phys = 0;
	e->ptrval = 0;
	if (lex_init(&lx, s, n)) {
		*why = "a byte that is not printable ASCII (NUL, a control character or non-ASCII text)";
		return -1;
	}
	if (!lex_next(&lx, &t))
		return 1;
	if (parse_range(t, e, why))
		return -1;
	if (!lex_next(&lx, &t) || dec_u64(t, &e->size)) {
		*why = "bad or missing SIZE";
		return -1;
	}
	while (lex_next(&lx, &t)) {
		if (first && looks_like_caller(t, &e->func)) {
			e->caller = t;
			if (parse_module(&lx, e, why))
				return -1;
		} else if (parse_token(t, &lx, e, why)) {
			return -1;
		}
		first = 0;
	}
	if (size_possible(e, why))
		return -1;
	/* nr_pages: small pages of the area ("%d" of an unsigned int) */
	if (e->has_pages && (e->pages > e->size / VMI_MIN_PAGE || e->pages > 0x7fffffff)) {
		*why = "pages= more pages than SIZE holds";
		return -1;
	}
	return 0;
}

int vmi_parse(const char *buf, size_t len, struct vmi_table *t)
{
	size_t pos = 0;
	unsigned lineno = 0;
	struct sv line;

	while (next_line(buf, len, &pos, &line)) {
		struct vmi_entry e;
		const char *why = NULL;
		int r;

		lineno++;
		r = vmi_parse_line(line.p, line.n, &e, &why);
		if (r == 1)
			continue;
		if (r == 0 && pos == len && buf[len - 1] != '\n') {
			r = -1;		/* a capture cut short: the kernel ends every line */
			why = "cut short: the file ends inside this line (no newline)";
		}
		if (r < 0) {
			if (grow_array((void **)&t->err, &t->errs_alloc, t->nerr, sizeof(*t->err)))
				return -1;
			t->err[t->nerr].lineno = lineno;
			t->err[t->nerr].why = why;
			t->nerr++;
			continue;
		}
		if (t->n == t->alloc) {	/* entries and their line numbers grow together */
			size_t la = t->alloc;

			if (grow_array((void **)&t->lineno, &la, t->n, sizeof(*t->lineno)) ||
			    grow_array((void **)&t->v, &t->alloc, t->n, sizeof(*t->v)))
				return -1;
		}
		t->lineno[t->n] = lineno;
		t->v[t->n++] = e;
	}
	return 0;
}

void vmi_table_free(struct vmi_table *t)
{
	free(t->v);
	free(t->lineno);
	free(t->err);
	memset(t, 0, sizeof(*t));
}

enum addr_mode vmi_addr_mode(const struct vmi_entry *v, size_t n)
{
	size_t count[VMI_NCLASS] = { 0 }, i;

	for (i = 0; i < n; i++)
		count[vmi_addr_class(&v[i])]++;
	return vmi_mode_of(count);
}
