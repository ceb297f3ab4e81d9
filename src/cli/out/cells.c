// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The cells of a row by type: text, addresses, sizes, counts, changes, booleans, each as -J,
 * -r, -P and the aligned table print it.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/out/out.h"

void out_str(struct outview *v, struct libscols_line *ln, int id, const char *s)
{
	size_t i;
	char *compound = NULL;

	/*
	 * JSON: no data is null (an empty list []); -P: "" as lsblk's; aligned and -r:
	 * "-" marks a value that is not there (a raw row's fields stay where they are)
	 */
	if (!s && v->o->pairs)
		s = "";
	else if (!s && !v->o->json)
		s = "-";
	else if (!s && id >= 0 && (size_t)id < v->ninfo && v->info[id].kind == CK_LIST)
		s = "";
	if (!s)
		return;
	if (v->o->json && id >= 0 && (size_t)id < v->ninfo && v->info[id].kind == CK_BOOL)
		s = !*s || !strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") || !strcasecmp(s, "n") ?
		    "false" : "true";
	if (v->o->json && id >= 0 && (size_t)id < v->ninfo &&
	    (v->info[id].kind == CK_LIST || v->info[id].kind == CK_NODES)) {
		compound = json_compound(s, v->info[id].kind == CK_NODES);
		s = compound;
	} else if (v->terminal && id >= 0 && (size_t)id < v->ninfo && (v->info[id].flags & OUT_FL_WRAPS) &&
		   (compound = term_wrap_points(s))) {
		s = compound;
	}
	if (!v->dup) {
		int k = out_col_index(v, id);

		if (k >= 0 && v->st)
			stream_set(v->st, (size_t)k, s);
		else if (k >= 0 && scols_line_set_data(ln, (size_t)k, s))
			err(EXIT_ERROR, "cannot set output data");
		free(compound);
		return;
	}
	for (i = 0; i < v->nids; i++) {	/* a column given twice shows twice */
		if (v->ids[i] != id)
			continue;
		if (v->st)
			stream_set(v->st, i, s);
		else if (scols_line_set_data(ln, i, s))
			err(EXIT_ERROR, "cannot set output data");
	}
	free(compound);
}

char *tbuf_room(struct tbuf *t, size_t n)
{
	if (n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *p;

		while (cap < n + 1)
			cap *= 2;
		p = realloc(t->p, cap);
		if (!p)
			err(EXIT_ERROR, "out of memory");
		t->p = p;
		t->cap = cap;
	}
	return t->p;
}

const char *tbuf_sv(struct tbuf *t, struct sv s)
{
	char *p = tbuf_room(t, s.n);

	if (s.n)
		memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

/* s as a C string, in a buffer kept for the next cells (out_str copies what it is given) */
static const char *sv_text(struct sv s)
{
	static struct tbuf t;

	return tbuf_sv(&t, s);
}

void out_sv(struct outview *v, struct libscols_line *ln, int id, struct sv s)
{
	if (out_col_index(v, id) < 0)
		return;
	out_str(v, ln, id, s.n ? sv_text(s) : NULL);
}

/* an address, zero-padded to digits, or absent */
static void put_addr(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid, unsigned digits)
{
	char b[32];

	if (out_col_index(v, id) < 0)
		return;
	if (!valid) {
		out_str(v, ln, id, NULL);
		return;
	}
	u64_to_hex(a, digits, b);
	out_str(v, ln, id, b);
}

void out_addr(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid)
{
	put_addr(v, ln, id, a, valid, v->addr_digits);
}

void out_size(struct outview *v, struct libscols_line *ln, int id, uint64_t bytes)
{
	char b[32];

	if (out_col_index(v, id) < 0)
		return;
	if (v->o->bytes || v->o->json)
		u64_to_dec(bytes, b);
	else
		size_to_human(bytes, b, sizeof(b));
	out_str(v, ln, id, b);
}

void out_num(struct outview *v, struct libscols_line *ln, int id, uint64_t n)
{
	char b[32];

	if (out_col_index(v, id) < 0)
		return;
	u64_to_dec(n, b);
	out_str(v, ln, id, b);
}

/* "+4K", "-8K", "0": a change, signed; a signed number in JSON and with -b */
static void out_delta(struct outview *v, struct libscols_line *ln, int id, uint64_t before,
		      uint64_t after, int size)
{
	uint64_t mag = after >= before ? after - before : before - after;
	char b[40];

	if (out_col_index(v, id) < 0)
		return;
	b[0] = after >= before ? '+' : '-';
	if (!mag)
		strcpy(b, "0");
	else if (size && !v->o->bytes && !v->o->json)
		size_to_human(mag, b + 1, sizeof(b) - 1);
	else
		u64_to_dec(mag, b + 1);
	out_str(v, ln, id, v->o->json && b[0] == '+' ? b + 1 : b);
}

void out_size_delta(struct outview *v, struct libscols_line *ln, int id, uint64_t before, uint64_t after)
{
	out_delta(v, ln, id, before, after, 1);
}

void out_num_delta(struct outview *v, struct libscols_line *ln, int id, uint64_t before, uint64_t after)
{
	out_delta(v, ln, id, before, after, 0);
}

void out_bool(struct outview *v, struct libscols_line *ln, int id, int yes)
{
	/* libsmartcols: "no" is false in JSON */
	out_str(v, ln, id, yes ? "yes" : "no");
}

void out_printf(struct outview *v, struct libscols_line *ln, int id, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (out_col_index(v, id) < 0)
		return;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(EXIT_ERROR, "out of memory");
	out_str(v, ln, id, s);
	free(s);
}

void out_val(struct outview *v, struct libscols_line *ln, int id, const struct outval *x)
{
	const struct colinfo *ci = &v->info[id];

	if (!x->has) {
		out_str(v, ln, id, NULL);
		return;
	}
	switch (ci->kind) {
	case CK_ADDR:
		put_addr(v, ln, id, x->n, 1, v->terminal && (ci->flags & OUT_FL_PHYS) ? 1 : v->addr_digits);
		break;
	case CK_SIZE:
		out_size(v, ln, id, x->n);
		break;
	case CK_NUM:
		out_num(v, ln, id, x->n);
		break;
	default:	/* a text there, even empty */
		out_str(v, ln, id, sv_text(x->s));
	}
}

/* value x as cell c at b (out_row_begin made room): the text out_val gives, in place */
static char *put_val(struct outview *v, size_t c, char *b, const struct outval *x)
{
	const struct colinfo *ci = &v->info[v->ids[c]];
	size_t n;

	if (!x->has) {
		*b = '-';
		return out_row_cell(v, c, b, 1, 0);
	}
	switch (ci->kind) {
	case CK_ADDR:
		n = u64_to_hex(x->n, v->addr_digits, b);
		break;
	case CK_SIZE:
		if (v->o->bytes) {
			n = u64_to_dec(x->n, b);
		} else {
			size_to_human(x->n, b, 32);
			n = strlen(b);
		}
		break;
	case CK_NUM:
		n = u64_to_dec(x->n, b);
		break;
	default:
		if (x->s.n)
			memcpy(b, x->s.p, x->s.n);
		return out_row_cell(v, c, b, x->s.n, 1);
	}
	return out_row_cell(v, c, b, n, 0);
}

void out_row(struct outview *v, const void *row, out_value_fn *fn, void *ctx)
{
	struct outval x[OUT_MAXCOLS];
	struct libscols_line *ln;
	size_t c, room = 0;
	char *b;

	for (c = 0; c < v->nids; c++) {
		fn(row, v->ids[c], &x[c], ctx);
		/* numbers and addresses within 64 bytes, the text whole */
		room += ck_text(v->info[v->ids[c]].kind) && x[c].has ? x[c].s.n + 1 : 64;
	}
	b = out_row_begin(v, room);
	if (b) {
		for (c = 0; c < v->nids; c++)
			b = put_val(v, c, b, &x[c]);
		out_row_end(v, b);
		return;
	}
	ln = out_line(v);
	for (c = 0; c < v->nids; c++)
		out_val(v, ln, v->ids[c], &x[c]);
}
