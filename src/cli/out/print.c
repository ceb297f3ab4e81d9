// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Printing views: one table, several, or one JSON document of them; a write error told once.
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

static int write_error_told;	/* out_print said "write error": out_close_stdout says it no more */

static int write_failed(void)
{
	if (!fflush(stdout) && !ferror(stdout))
		return 0;
	if (errno != EPIPE)
		warn("write error");
	write_error_told = 1;
	return 1;
}

void out_close_stdout(void)
{
	int bad = ferror(stdout), e;

	if (fclose(stdout))
		bad = 1;
	e = errno;
	if (!bad)
		return;
	if (!write_error_told && e != EPIPE)	/* a reader that stopped early (| head): nothing to say */
		warnx("write error: %s", strerror(e ? e : EIO));
	_exit(EXIT_ERROR);
}

/*
 * Several tables in -r or -P: their rows would mix, with the same keys. Each
 * row gets a first column TABLE, the table's JSON name, as a key of its own.
 */
static void add_table_column(struct outview *v)
{
	struct libscols_column *cl = scols_table_new_column(v->tb, "TABLE", 0, 0);
	struct libscols_iter *it = scols_new_iter(SCOLS_ITER_FORWARD);
	struct libscols_line *ln;

	if (!cl || !it)
		err(EXIT_ERROR, "cannot create output column");
	while (!scols_table_next_line(v->tb, it, &ln))
		if (scols_line_set_column_data(ln, cl, v->name))
			err(EXIT_ERROR, "cannot set output data");
	scols_free_iter(it);
	if (scols_table_move_column(v->tb, NULL, cl))
		err(EXIT_ERROR, "cannot move output column");
}

int out_print(struct outview **views, size_t n)
{
	size_t i;
	int rc = 0;

	if (n == 1 && views[0]->st && stream_end(views[0])) {
		out_view_free(views[0]);
		return write_failed() ? -1 : 0;
	}
	if (n == 1 && views[0]->o->json && views[0]->json_source) {	/* the member, then the table's */
		printf("{\n   \"source\": \"%s\",\n", views[0]->json_source);
		rc = json_print_members(views[0], 1);
		fputs("\n}\n", stdout);
	} else if (n == 1 && views[0]->o->json && views[0]->one) {
		fputs("{\n", stdout);
		rc = json_print_members(views[0], 1);
		fputs("\n}\n", stdout);
	} else if (n == 1 || !views[0]->o->json) {
		for (i = 0; i < n && !rc; i++) {
			if (n > 1 && (views[i]->o->raw || views[i]->o->pairs))
				add_table_column(views[i]);
			if (views[i]->terminal)
				term_fit(views[i]);
			if (i)
				putchar('\n');
			fflush(stdout);
			rc = scols_print_table(views[i]->tb) ? -1 : 0;
		}
	} else {
		fputs("{\n", stdout);
		for (i = 0; i < n && !rc; i++)
			rc = json_print_members(views[i], i == 0);
		fputs("\n}\n", stdout);
	}
	for (i = 0; i < n; i++)
		out_view_free(views[i]);
	return write_failed() ? -1 : rc;
}

void out_note(const struct outopts *o, const char *fmt, ...)
{
	va_list ap;

	if (o && o->quiet)
		return;
	va_start(ap, fmt);
	vwarnx(fmt, ap);
	va_end(ap);
}
