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

static int parse_addr(struct sv t, uint64_t *v)
{
	uint32_t hi, lo;

	/* the common case: 16 digits after 0x */
	if (t.n == 18 && t.p[0] == '0' && t.p[1] == 'x' && !hex8(t.p + 2, &hi) && !hex8(t.p + 10, &lo)) {
		*v = (uint64_t)hi << 32 | lo;
		return 0;
	}
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

/* " [module]" (or "[module buildid]") after the caller, if there: 0, or -1 with *why set */
static int parse_module(struct sv *rest, struct vmi_entry *e, const char **why)
{
	struct sv save = *rest, t, m, more;

	if (!next_tok(rest, &t) || t.p[0] != '[') {
		*rest = save;
		return 0;
	}
	m.p = t.p + 1;
	m.n = t.n - 1;
	if (m.n && m.p[m.n - 1] == ']') {
		m.n--;
	} else {
		/* "[module buildid]": keep the first word */
		do {
			if (!next_tok(rest, &more)) {
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
static int parse_token(struct sv t, struct sv *rest, struct vmi_entry *e, const char **why)
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
			struct sv save = *rest;

			if (!next_tok(rest, &t) || !sv_eq(t, "vm_area"))
				*rest = save;
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

int vmi_parse_line(const char *s, size_t n, struct vmi_entry *e, const char **why)
{
	struct sv rest = { s, n }, t;
	int first = 1;

	/* each field but extra[] (valid up to nextra): cheaper than a memset a line */
	e->start = e->end = e->size = e->pages = e->phys = 0;
	e->caller = e->func = e->module = e->numa = (struct sv){ NULL, 0 };
	e->nextra = 0;
	e->tags = 0;
	e->addr_digits = 0;
	e->has_pages = e->has_phys = e->ptrval = 0;
	if (!printable(s, n)) {
		*why = "a byte that is not printable ASCII (NUL, a control character or non-ASCII text)";
		return -1;
	}
	if (!next_tok(&rest, &t))
		return 1;
	if (parse_range(t, e, why))
		return -1;
	if (!next_tok(&rest, &t) || dec_u64(t, &e->size)) {
		*why = "bad or missing SIZE";
		return -1;
	}
	while (next_tok(&rest, &t)) {
		if (first && looks_like_caller(t, &e->func)) {
			e->caller = t;
			if (parse_module(&rest, e, why))
				return -1;
		} else if (parse_token(t, &rest, e, why)) {
			return -1;
		}
		first = 0;
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
	size_t i, zeros = 0;

	for (i = 0; i < n; i++)
		if (v[i].ptrval)
			return ADDR_PTRVAL;
	for (i = 0; i < n; i++) {
		if (v[i].start == 0 && v[i].end == 0)
			zeros++;
		else if (v[i].end - v[i].start != v[i].size)
			return ADDR_HASHED;
	}
	if (n && zeros == n)
		return ADDR_ZERO;
	if (zeros)	/* some zero, some consistent: nothing is trustworthy */
		return ADDR_HASHED;
	return ADDR_REAL;
}
