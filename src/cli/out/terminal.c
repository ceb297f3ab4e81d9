// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A table fitted to the terminal: text columns wrap at their words' ends, spare default
 * columns are left out and named; nothing is cut.
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
 * The wrapping of such a column on a terminal: its text comes with a newline
 * at each point where it may wrap (term_wrap_points); each line takes as many
 * pieces as fit the column's width (one at least: a word is never cut).
 */
static size_t wrap_chunksize(const struct libscols_column *cl, const char *data, void *u)
{
	size_t best = 0;

	(void)cl;
	(void)u;
	while (data && *data) {
		size_t n = strcspn(data, "\n");

		if (n > best)
			best = n;
		data += n + (data[n] == '\n');
	}
	return best;
}

static char *wrap_nextchunk(const struct libscols_column *cl, char *data, void *u)
{
	size_t width = scols_column_get_width(cl), n = 0;
	char *p, *nl, *q;

	(void)u;
	if (!data)
		return NULL;
	/* the pieces that fit, the first whatever its length */
	for (p = data; *p; ) {
		size_t k = strcspn(p, "\n");

		if (p != data && n + k > width)
			break;
		n += k;
		p += k;
		if (*p == '\n')
			p++;
	}
	/*
	 * that line without its newlines; the rest where it was (libsmartcols
	 * goes on at the pointer returned, counting the bytes it skips: the
	 * length of the text stays as it was)
	 */
	for (nl = data, q = data; q < p; q++)
		if (*q != '\n')
			*nl++ = *q;
	*nl = '\0';
	if (!*p)	/* the last line: what is left past its NUL is the end */
		return nl == p ? NULL : p;
	return p;
}

int term_wrap_column(struct libscols_column *cl)
{
	return scols_column_set_wrapfunc(cl, wrap_chunksize, wrap_nextchunk, NULL) ||
	       scols_column_set_safechars(cl, "\n") ? -1 : 0;
}

/*
 * On a terminal, a column that may give up width (OUT_FL_WRAPS) wraps at its
 * values' word boundaries: a caller before its "+offset/length" and after
 * each '_' of its name, a list after each ',' (", " after the blank), words
 * after their blank. The text with newlines there, in a buffer of its own;
 * NULL when it has none.
 */
static int wrap_after(const char *s, size_t i)
{
	switch (s[i]) {
	case ' ':
		return s[i + 1] && s[i + 1] != ' ';
	case ',':
		return s[i + 1] && s[i + 1] != ' ';
	case '_':	/* not in a run of them ("__vmalloc_node": "__vmalloc_" "node") */
		return i && s[i - 1] != '_' && s[i + 1] && s[i + 1] != '_';
	default:
		return s[i + 1] == '+' || s[i + 1] == '[';
	}
}

char *term_wrap_points(const char *s)
{
	size_t n = strlen(s), o = 0, i;
	char *b;

	for (i = 0; i + 1 < n && !wrap_after(s, i); i++)
		;
	if (i + 1 >= n)
		return NULL;
	b = malloc(2 * n + 1);	/* a newline at most a byte */
	if (!b)
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < n; i++) {
		b[o++] = s[i];
		if (i + 1 < n && wrap_after(s, i))
			b[o++] = '\n';
	}
	b[o] = '\0';
	return b;
}

/*
 * The same text with a newline also inside each word longer than width,
 * every width characters (not inside a UTF-8 one): for a word wider than its
 * column can be (a Rust symbol of hundreds of characters).
 */
static char *wrap_long_words(const char *s, size_t width)
{
	size_t n = strlen(s), o = 0, i, run = 0;
	char *b = malloc(2 * n + 1);

	if (!b)
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < n; i++) {
		b[o++] = s[i];
		run = s[i] == '\n' ? 0 : run + 1;
		if (run >= width && s[i + 1] && s[i + 1] != '\n' && ((unsigned char)s[i + 1] & 0xc0) != 0x80) {
			b[o++] = '\n';
			run = 0;
		}
	}
	b[o] = '\0';
	return b;
}

/*
 * The widths of a table on a terminal, set before libsmartcols lays it out
 * (term_fit): each column as wide as its longest value (width) and its
 * longest word (piece).
 */
static void fit_widths(struct outview *v, size_t *width, size_t *piece, size_t ncols)
{
	struct libscols_iter *it = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;
	size_t c;

	if (!it)
		err(EXIT_ERROR, "out of memory");
	for (c = 0; c < ncols; c++)
		width[c] = piece[c] = strlen(v->info[v->ids[c]].name);
	while (!scols_table_next_line(v->tb, it, &ln))
		for (c = 0; c < ncols; c++) {
			const char *d = scols_cell_get_data(scols_line_get_cell(ln, c));
			size_t w = 0, run = 0;

			for (; d && *d; d++) {
				if (*d == '\n') {
					run = 0;
					continue;
				}
				w++;
				if (++run > piece[c])
					piece[c] = run;
			}
			if (w > width[c])
				width[c] = w;
		}
	scols_free_iter(it);
	for (c = 0; c < ncols; c++)
		if (!(v->info[v->ids[c]].flags & OUT_FL_WRAPS))
			piece[c] = width[c];
}

/* the columns left out (hidden[c]), named once for each text (watch redraws) */
static void note_left_out(const struct outview *v, const char *hidden, size_t ncols, size_t term)
{
	static char *last;
	char buf[512];
	size_t c, n = 0;

	buf[0] = '\0';
	for (c = 0; c < ncols && n + 1 < sizeof(buf); c++)
		if (hidden[c])
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "", v->info[v->ids[c]].name);
	if (!n || (last && !strcmp(last, buf)))
		return;
	free(last);
	last = strdup(buf);
	out_note(v->o, "%s not shown (%zu columns): -o shows them", buf, term);
}

/* the columns that wrap give up width, the first first, down to floor[] */
static void fit_give(size_t *width, const size_t *floor, size_t ncols, size_t *total, size_t term)
{
	size_t c;

	for (c = 0; c < ncols && *total > term; c++)
		if (width[c] > floor[c]) {
			size_t give = width[c] - floor[c] < *total - term ? width[c] - floor[c] : *total - term;

			width[c] -= give;
			*total -= give;
		}
}

/* a column narrower than its longest word: its cells with long words broken to its width */
static void fit_break_words(struct outview *v, size_t c, size_t width)
{
	struct libscols_iter *it = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;

	if (!it)
		err(EXIT_ERROR, "out of memory");
	while (!scols_table_next_line(v->tb, it, &ln)) {
		const char *d = scols_cell_get_data(scols_line_get_cell(ln, c));
		char *b;

		if (!d || strlen(d) <= width)
			continue;
		b = wrap_long_words(d, width);
		if (scols_line_refer_data(ln, c, b))
			err(EXIT_ERROR, "cannot set output data");
	}
	scols_free_iter(it);
}

/*
 * Fit a table to the terminal: each column as wide as its longest value.
 * When that is wider than the terminal, the columns that wrap (OUT_FL_WRAPS,
 * see term_wrap_points) give up the difference, down to their longest word (one
 * longer than the column's hint counts as that long); when even that does
 * not fit and the columns are the defaults, the spare ones (OUT_FL_SPARE)
 * are left out, the last first, and a line on stderr names them; then words
 * longer than their column break inside, down to a column as wide as its
 * name (8 at least). Nothing is cut: a cell's lines, joined, are its value.
 * Columns that cannot wrap and are too wide make the lines that wide.
 */
void term_fit(struct outview *v)
{
	size_t c, ncols = scols_table_get_ncols(v->tb), total = 0, least = 0, term;
	size_t width[OUT_MAXCOLS], piece[OUT_MAXCOLS], soft[OUT_MAXCOLS], hard[OUT_MAXCOLS];
	char hidden[OUT_MAXCOLS] = { 0 };

	if (ncols > v->nids)
		ncols = v->nids;
	if (ncols > OUT_MAXCOLS)
		ncols = OUT_MAXCOLS;
	if (!ncols)
		return;
	fit_widths(v, width, piece, ncols);
	for (c = 0; c < ncols; c++) {
		size_t name = strlen(v->info[v->ids[c]].name), hint = (size_t)v->info[v->ids[c]].whint;

		soft[c] = hard[c] = piece[c];
		if (v->info[v->ids[c]].flags & OUT_FL_WRAPS) {
			soft[c] = piece[c] < hint ? piece[c] : hint > name ? hint : name;
			hard[c] = soft[c] < 8 ? soft[c] : name > 8 ? name : 8;
		}
		total += width[c] + (c > 0);
		least += soft[c] + (c > 0);
	}
	term = scols_table_get_termwidth(v->tb);
	/* the defaults: the spare ones left out, the last first, while the rest cannot fit */
	for (c = ncols; v->implicit && least > term && c-- > 0; )
		if (v->info[v->ids[c]].flags & OUT_FL_SPARE) {
			struct libscols_column *cl = scols_table_get_column(v->tb, c);

			total -= width[c] + 1;
			least -= soft[c] + 1;
			width[c] = piece[c] = soft[c] = hard[c] = 0;
			hidden[c] = 1;
			if (scols_column_set_flags(cl, scols_column_get_flags(cl) | SCOLS_FL_HIDDEN))
				err(EXIT_ERROR, "cannot lay out the table");
		}
	note_left_out(v, hidden, ncols, term);
	fit_give(width, soft, ncols, &total, term);
	fit_give(width, hard, ncols, &total, term);
	for (c = 0; c < ncols; c++) {
		if (!hidden[c] && piece[c] > width[c])
			fit_break_words(v, c, width[c]);
		/* every column as wide as computed (a hint is no room of its own) */
		scols_column_set_whint(scols_table_get_column(v->tb, c), (double)width[c]);
	}
	if (total > term && scols_table_set_termwidth(v->tb, total))
		err(EXIT_ERROR, "cannot lay out the table");
}
