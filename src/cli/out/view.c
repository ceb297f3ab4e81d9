// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Views: a table's columns (the defaults, -o, --output-all) and the libsmartcols table behind it;
 * its lines and its title.
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

int out_is_machine(const struct outopts *o)
{
	return o->json || o->raw || o->pairs;
}

int out_column_id(const struct colinfo *info, size_t ninfo, const char *name)
{
	size_t i;

	for (i = 0; i < ninfo; i++)
		if (!strcasecmp(info[i].name, name))
			return (int)i;
	return -1;
}

/* names were checked while parsing (check_columns) */
static void add_columns(struct outview *v, const char *list)
{
	char *copy = strdup(list), *save = NULL, *tok;

	if (!copy)
		err(EXIT_ERROR, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok && v->nids < OUT_MAXCOLS; tok = strtok_r(NULL, ",", &save)) {
		int id = out_column_id(v->info, v->ninfo, tok);

		if (id >= 0)
			v->ids[v->nids++] = id;
	}
	free(copy);
}

void out_view_with(struct outview *v, const struct outopts *o, size_t idx, const int *defaults, size_t ndefaults)
{
	const struct viewdesc *d = &o->views[idx];
	const char *cols = idx == 0 ? o->columns : NULL;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->name = d->name;
	v->info = d->info;
	v->ninfo = d->ninfo;
	v->o = o;
	v->addr_digits = 16;
	v->one = d->one;
	v->terminal = !out_is_machine(o) && isatty(STDOUT_FILENO);

	if (idx == 0 && o->output_all) {
		for (i = 0; i < d->ninfo && v->nids < OUT_MAXCOLS; i++)
			if (!(d->info[i].flags & OUT_FL_ASKED))
				v->ids[v->nids++] = (int)i;
	} else if (!cols || *cols == '+') {
		v->implicit = !cols;
		for (i = 0; i < ndefaults && v->nids < OUT_MAXCOLS; i++)
			v->ids[v->nids++] = defaults[i];
		if (cols)
			cols++;
	}
	if (cols && *cols)
		add_columns(v, cols);
	memset(v->slot, -1, sizeof(v->slot));
	for (i = 0; i < v->nids; i++) {
		int id = v->ids[i];

		if (id < 0 || id >= OUT_MAXCOLS || v->slot[id] >= 0)
			v->dup = 1;	/* shown twice: looked up one by one */
		else
			v->slot[id] = (signed char)i;
	}

	v->tb = scols_new_table();
	if (!v->tb)
		err(EXIT_ERROR, "cannot create output table");
	scols_table_set_name(v->tb, d->name);
	scols_table_enable_json(v->tb, o->json);
	scols_table_enable_raw(v->tb, o->raw);
	scols_table_enable_export(v->tb, o->pairs);
	scols_table_enable_shellvar(v->tb, o->shell);
	scols_table_enable_noheadings(v->tb, o->noheadings);

	for (i = 0; i < v->nids; i++) {
		const struct colinfo *ci = &d->info[v->ids[i]];
		struct libscols_column *cl;
		int flags = ci->flags & ~OUT_FL_OWN;

		/*
		 * Nothing is cut: a pipe or file gets every value on its line; on a
		 * terminal, a column that may give up width wraps at its values'
		 * word boundaries (term_wrap_points).
		 */
		if (!v->terminal)
			flags &= ~OUT_FL_WRAPS;
		else if (flags & OUT_FL_WRAPS)
			flags = (flags & ~SCOLS_FL_TRUNC) | SCOLS_FL_WRAP;
		cl = scols_table_new_column(v->tb, ci->name, ci->whint, flags);
		if (!cl)
			err(EXIT_ERROR, "cannot create output column");
		if (v->terminal && (flags & SCOLS_FL_WRAP) && term_wrap_column(cl))
			err(EXIT_ERROR, "cannot create output column");
		/*
		 * an array or object: its JSON text, printed as it is (as a number
		 * is); a boolean too (out_str writes true or false): libsmartcols
		 * prints an unknown one as false, not null
		 */
		if (o->json)
			scols_column_set_json_type(cl, ci->kind == CK_LIST || ci->kind == CK_NODES ||
						   ci->kind == CK_BOOL ? SCOLS_JSON_NUMBER : ck_json_type(ci->kind));
	}
	if (d->title)
		out_title(v, d->title);
}

void out_view(struct outview *v, const struct outopts *o, size_t idx)
{
	out_view_with(v, o, idx, o->views[idx].defaults, o->views[idx].ndefaults);
}

int out_has_column(const struct outview *v, int id)
{
	size_t i;

	for (i = 0; i < v->nids; i++)
		if (v->ids[i] == id)
			return 1;
	return 0;
}

struct libscols_line *out_line(struct outview *v)
{
	struct libscols_line *ln;

	if (v->st) {
		stream_next_row(v);
		return NULL;	/* not used when streaming */
	}
	ln = scols_table_new_line(v->tb, NULL);

	if (!ln)
		err(EXIT_ERROR, "cannot create output line");
	return ln;
}

int out_col_index(const struct outview *v, int id)
{
	size_t i;

	if (!v->dup)
		return id >= 0 && id < OUT_MAXCOLS ? v->slot[id] : -1;
	for (i = 0; i < v->nids; i++)
		if (v->ids[i] == id)
			return (int)i;
	return -1;
}

void out_title(struct outview *v, const char *title)
{
	/* a title is never data: not in -J, -r, -P, nor under -n */
	if (out_is_machine(v->o) || v->o->noheadings)
		return;
	v->titled = 1;
	if (scols_cell_set_data(scols_table_get_title(v->tb), title))
		err(EXIT_ERROR, "cannot set output title");
}

void out_view_free(struct outview *v)
{
	stream_free(v);
	scols_unref_table(v->tb);
	v->tb = NULL;
}
