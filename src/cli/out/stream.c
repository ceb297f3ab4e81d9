// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Rows written as they come, for -r, -P, -J and the aligned table off a terminal: the text
 * libsmartcols would print, in constant memory (the hand printer).
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

/*
 * ---- streamed rows: libsmartcols' raw, export and JSON formats, row by row;
 * the aligned format held as text, laid out as libsmartcols lays out a table
 * that is not on a terminal ----
 */

struct outstream {
	char *cell[OUT_MAXCOLS];	/* the current row's values (NULL: none) */
	size_t cap[OUT_MAXCOLS], clen[OUT_MAXCOLS];
	int has[OUT_MAXCOLS];
	int pending;			/* a row is being filled */
	unsigned long rows;
	/* the aligned format: every row's cells, each ending in NUL, in one block */
	int held;
	char *text;
	size_t len, alloc;
	size_t width[OUT_MAXCOLS];	/* the widest value of each column */
	int plain;			/* every value printable ASCII, no backslash */
	size_t direct;			/* columns of the row held as they came, in order */
};

static void put_hex(unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char b[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

	fwrite_unlocked(b, 1, 4, stdout);
}

/* raw: blanks, backslashes and what is not printable escaped as \xHH */
static void put_raw(const char *s)
{
	while (*s) {
		size_t n = 0;

		while (s[n] && s[n] != ' ' && s[n] != '\t' && s[n] != '\\' &&
		       (unsigned char)s[n] >= 0x20 && (unsigned char)s[n] < 0x7f)
			n++;
		fwrite_unlocked(s, 1, n, stdout);	/* the plain run at once */
		s += n;
		if (*s)
			put_hex((unsigned char)*s++);
	}
}

/* an export key; as a shell variable (-y), as libsmartcols makes it: what is not [A-Za-z0-9_] as '_' */
static void put_key(const char *name, int shell)
{
	if (!shell) {
		fputs_unlocked(name, stdout);
		return;
	}
	if (isdigit((unsigned char)*name))
		putchar_unlocked('_');
	for (; *name; name++)
		putchar_unlocked(isalnum((unsigned char)*name) ? *name : '_');
}

/* export: "value", with " \ ` $ and what is not printable escaped as \xHH */
static void put_quoted(const char *s)
{
	putchar_unlocked('"');
	while (*s) {
		size_t n = 0;

		while (s[n] && s[n] != '"' && s[n] != '\\' && s[n] != '`' && s[n] != '$' &&
		       (unsigned char)s[n] >= 0x20 && (unsigned char)s[n] < 0x7f)
			n++;
		fwrite_unlocked(s, 1, n, stdout);
		s += n;
		if (*s)
			put_hex((unsigned char)*s++);
	}
	putchar_unlocked('"');
}

/* the row's values at the end of the held text */
/* printable ASCII without a backslash: what libsmartcols prints as it is; eight bytes a step */
static int plain_text(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	size_t k = 0;

	for (; k + 8 <= n; k += 8) {
		uint64_t w, bs;

		memcpy(&w, s + k, 8);
		bs = w ^ (ones * '\\');
		/* a byte >= 0x80, < 0x20, 0x7f or a backslash: looked at one by one */
		if ((w & highs) | ((w - ones * 0x20) & ~w & highs) |
		    (((w ^ (ones * 0x7f)) - ones) & ~(w ^ (ones * 0x7f)) & highs) | ((bs - ones) & ~bs & highs))
			break;
	}
	for (; k < n; k++)
		if ((unsigned char)s[k] < 0x20 || (unsigned char)s[k] >= 0x7f || s[k] == '\\')
			return 0;
	return 1;
}

/* room for n more bytes at the end of the held text */
static void held_room(struct outstream *st, size_t n)
{
	size_t na;
	char *t;

	if (st->len + n <= st->alloc)
		return;
	for (na = st->alloc ? st->alloc * 2 : 1 << 16; na < st->len + n; na *= 2)
		;
	t = realloc(st->text, na);
	if (!t)
		err(EXIT_ERROR, "out of memory");
	st->text = t;
	st->alloc = na;
}

/* value s (n bytes) of column i at the end of the held text */
static void hold_cell(struct outstream *st, size_t i, const char *s, size_t n)
{
	if (st->plain && !plain_text(s, n))
		st->plain = 0;	/* libsmartcols encodes these: its layout then */
	held_room(st, n + 1);
	memcpy(st->text + st->len, s, n);
	st->text[st->len + n] = '\0';
	st->len += n + 1;
	if (n > st->width[i])
		st->width[i] = n;
}

/* the columns of the row not yet held: set ones from their buffers, the others empty */
static void hold_row(struct outview *v)
{
	struct outstream *st = v->st;
	size_t i;

	for (i = st->direct; i < v->nids; i++)
		hold_cell(st, i, st->has[i] ? st->cell[i] : "", st->has[i] ? st->clen[i] : 0);
	st->rows++;
	st->pending = 0;
}

static void stream_row(struct outview *v)
{
	struct outstream *st = v->st;
	const struct outopts *o = v->o;
	size_t i;

	if (st->held) {
		hold_row(v);
		return;
	}

	if (o->raw && !o->noheadings && !st->rows) {	/* like libsmartcols: no heading without rows */
		for (i = 0; i < v->nids; i++) {
			if (i)
				putchar(' ');
			put_raw(v->info[v->ids[i]].name);
		}
		putchar('\n');
	}
	if (o->json)
		fputs_unlocked(st->rows ? ",{\n" : "      {\n", stdout);
	for (i = 0; i < v->nids; i++) {
		const struct colinfo *ci = &v->info[v->ids[i]];
		const char *val = st->has[i] ? st->cell[i] : "";

		if (o->json) {
			fputs_unlocked("         ", stdout);
			json_put_name(ci->name);
			json_put_value(ci, st->cell[i], st->has[i]);
			fputs_unlocked(i + 1 < v->nids ? ",\n" : "\n", stdout);
		} else if (o->pairs) {
			if (i)
				putchar_unlocked(' ');
			put_key(ci->name, o->shell);
			putchar_unlocked('=');
			put_quoted(val);
		} else {
			if (i)
				putchar_unlocked(' ');
			put_raw(val);
		}
	}
	fputs_unlocked(o->json ? "      }" : "\n", stdout);
	st->rows++;
	st->pending = 0;
}

void out_view_stream(struct outview *v)
{
	const struct outopts *o = v->o;
	const char *no = getenv("VMAPCTL_NO_STREAM");
	int held = !out_is_machine(o);
	size_t i;

	if (no && *no)
		return;
	/* aligned: held here only where libsmartcols would not fit it to a terminal */
	if (v->terminal || (held && v->titled))
		return;
	for (i = 0; held && i < v->nids; i++)
		if (v->info[v->ids[i]].flags & ~(SCOLS_FL_RIGHT | SCOLS_FL_TRUNC | SCOLS_FL_WRAP | OUT_FL_OWN))
			return;
	v->st = calloc(1, sizeof(*v->st));
	if (!v->st)
		err(EXIT_ERROR, "out of memory");
	v->st->held = held;
	v->st->plain = 1;
	if (o->json && v->json_source)
		printf("{\n   \"source\": \"%s\",\n   \"%s\": [\n", v->json_source, v->name);
	else if (o->json)
		printf("{\n   \"%s\": [\n", v->name);
}

/*
 * One cell as libsmartcols prints it (print_data), at the end of the line
 * being built in b: right-aligned values padded before, the others after;
 * the last column not filled unless right-aligned; one space between
 * columns. b has room for every column's width and separator.
 */
static char *put_cell(char *b, const char *s, size_t len, size_t width, int right, int last)
{
	size_t bytes = len;	/* plain ASCII: a byte a column */

	if (last && len < width && !right)
		width = len;
	if (*s && right) {
		memset(b, ' ', width - len);
		b += width - len;
		len = width;
	}
	memcpy(b, s, bytes);
	b += bytes;
	if (last)
		return b;
	memset(b, ' ', width - len);
	b += width - len;
	*b++ = ' ';
	return b;
}

/*
 * The held rows, laid out as libsmartcols does it off a terminal
 * (count_column_width): a column is as wide as its widest value, at least its
 * heading, and its width hint when the heading fits in that hint.
 */
static void print_held(struct outview *v)
{
	struct outstream *st = v->st;
	size_t i, r, w[OUT_MAXCOLS], off[OUT_MAXCOLS + 1], linemax = 2, cap;
	int right[OUT_MAXCOLS];
	const char *p = st->text;
	char *buf, *b;

	for (i = 0; i < v->nids; i++) {
		const struct colinfo *ci = &v->info[v->ids[i]];
		size_t min = strlen(ci->name);

		if (!min)
			min = 1;
		w[i] = st->width[i];
		if (w[i] < min)
			w[i] = min;
		else if (ci->whint >= 1 && w[i] < (size_t)ci->whint && min < (size_t)ci->whint)
			w[i] = (size_t)ci->whint;
		linemax += w[i] + 1;
	}
	cap = linemax < (1 << 15) ? 1 << 16 : 2 * linemax;	/* many lines to a write */
	buf = malloc(cap);
	if (!buf)
		err(EXIT_ERROR, "out of memory");
	b = buf;
	if (st->rows && !v->o->noheadings) {
		for (i = 0; i < v->nids; i++) {
			const char *h = v->info[v->ids[i]].name;

			b = put_cell(b, h, strlen(h), w[i], v->info[v->ids[i]].flags & SCOLS_FL_RIGHT,
				     i + 1 == v->nids);
		}
		*b++ = '\n';
	}
	/*
	 * Each row: the line blanked to its full width, the cells copied in at
	 * their offsets (right-aligned ones against the column's right edge),
	 * the line cut after the last cell (a left-aligned last column is not
	 * filled).
	 */
	for (i = 0, off[0] = 0; i < v->nids; i++) {
		right[i] = (v->info[v->ids[i]].flags & SCOLS_FL_RIGHT) != 0;
		off[i + 1] = off[i] + w[i] + 1;
	}
	for (r = 0; r < st->rows; r++) {
		if ((size_t)(b - buf) + linemax > cap) {
			fwrite_unlocked(buf, 1, (size_t)(b - buf), stdout);
			b = buf;
		}
		memset(b, ' ', linemax);
		for (i = 0; i < v->nids; i++) {
			size_t n = strlen(p);

			memcpy(b + off[i] + (right[i] && n ? w[i] - n : 0), p, n);
			p += n + 1;
			if (i + 1 == v->nids)
				b += off[i] + (right[i] && n ? w[i] : n);
		}
		*b++ = '\n';
	}
	fwrite_unlocked(buf, 1, (size_t)(b - buf), stdout);
	free(buf);
}

/* The held rows into the libsmartcols table: text it has to encode. */
static void held_to_table(struct outview *v)
{
	const char *p = v->st->text;
	size_t i, r;

	for (r = 0; r < v->st->rows; r++) {
		struct libscols_line *ln = scols_table_new_line(v->tb, NULL);

		if (!ln)
			err(EXIT_ERROR, "cannot create output line");
		for (i = 0; i < v->nids; i++) {
			size_t n = strlen(p);

			if (scols_line_set_data(ln, i, p))
				err(EXIT_ERROR, "cannot set output data");
			p += n + 1;
		}
	}
}

/*
 * The last row and the end of the text: 1 when printed, 0 when the held rows
 * went to the libsmartcols table instead. out_view_free frees the rest.
 */
int stream_end(struct outview *v)
{
	if (v->st->pending)
		stream_row(v);
	if (v->st->held) {
		if (!v->st->plain) {
			held_to_table(v);
			return 0;
		}
		print_held(v);
		return 1;
	}
	if (v->o->json)
		fputs("\n   ]\n}\n", stdout);	/* libsmartcols has the empty line too when there is no row */
	return 1;
}

/* the value of column slot i of the row being streamed */
void stream_set(struct outstream *st, size_t i, const char *s)
{
	size_t n = strlen(s) + 1;

	if (st->held && i == st->direct) {	/* the next column: held at once, no copy */
		hold_cell(st, i, s, n - 1);
		st->direct++;
		while (st->direct < OUT_MAXCOLS && st->has[st->direct]) {	/* set before it */
			hold_cell(st, st->direct, st->cell[st->direct], st->clen[st->direct]);
			st->direct++;
		}
		return;
	}

	if (n > st->cap[i]) {
		free(st->cell[i]);
		st->cap[i] = n < 64 ? 64 : n;
		st->cell[i] = malloc(st->cap[i]);
		if (!st->cell[i])
			err(EXIT_ERROR, "out of memory");
	}
	memcpy(st->cell[i], s, n);
	st->clen[i] = n - 1;
	st->has[i] = 1;
}

char *out_row_begin(struct outview *v, size_t max)
{
	struct outstream *st = v->st;

	if (!st || !st->held || !st->plain || v->dup)
		return NULL;
	if (st->pending)	/* a row begun the other way */
		stream_row(v);
	held_room(st, max);
	return st->text + st->len;
}

char *out_row_cell(struct outview *v, size_t i, char *cell, size_t n, int check)
{
	struct outstream *st = v->st;

	if (check && st->plain && !plain_text(cell, n))
		st->plain = 0;	/* libsmartcols encodes it: its layout then, for all rows */
	cell[n] = '\0';
	if (n > st->width[i])
		st->width[i] = n;
	return cell + n + 1;
}

void out_row_end(struct outview *v, char *end)
{
	v->st->len = (size_t)(end - v->st->text);
	v->st->rows++;
}

void stream_next_row(struct outview *v)
{
	if (v->st->pending)	/* the row before is complete: out now */
		stream_row(v);
	memset(v->st->has, 0, sizeof(v->st->has));
	v->st->direct = 0;
	v->st->pending = 1;
}

void stream_free(struct outview *v)
{
	size_t i;

	if (!v->st)
		return;
	for (i = 0; i < OUT_MAXCOLS; i++)
		free(v->st->cell[i]);
	free(v->st->text);
	free(v->st);
	v->st = NULL;
}
