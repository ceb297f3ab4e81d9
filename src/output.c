// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "output.h"
#include "vmapctl.h"

enum {
	OPT_SYSROOT = 0x100,
};

static const struct argp_option out_options[] = {
	{ "output", 'o', "LIST", 0, "columns to print (\"+LIST\" adds to the default)", 0 },
	{ "json", 'J', NULL, 0, "JSON output (sizes in bytes, addresses as \"0x\" strings, hidden ones null)", 0 },
	{ "raw", 'r', NULL, 0, "raw output: one line per row, no alignment", 0 },
	{ "pairs", 'P', NULL, 0, "KEY=\"value\" output", 0 },
	{ "noheadings", 'n', NULL, 0, "don't print headings", 0 },
	{ "bytes", 'b', NULL, 0, "print sizes in bytes rather than in human form", 0 },
	{ "sysroot", OPT_SYSROOT, "DIR", 0, "read DIR/proc/... (a capture, see 'snapshot') instead of the live files", 0 },
	{ 0 }
};

static error_t out_parse_opt(int key, char *arg, struct argp_state *state)
{
	struct outopts *o = state->input;

	switch (key) {
	case 'o':
		o->columns = arg;
		break;
	case 'J':
		o->json = 1;
		break;
	case 'r':
		o->raw = 1;
		break;
	case 'P':
		o->pairs = 1;
		break;
	case 'n':
		o->noheadings = 1;
		break;
	case 'b':
		o->bytes = 1;
		break;
	case OPT_SYSROOT:
		o->sysroot = arg;
		break;
	case ARGP_KEY_END:
		if (o->json + o->raw + o->pairs > 1)
			argp_error(state, "--json, --raw and --pairs are mutually exclusive");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

const struct argp out_argp = { out_options, out_parse_opt, NULL, NULL, NULL, NULL, NULL };

const struct argp_child out_children[] = {
	{ &out_argp, 0, "Output options:", 2 },
	{ 0 }
};

int out_column_id(const struct colinfo *info, size_t ninfo, const char *name)
{
	size_t i;

	for (i = 0; i < ninfo; i++)
		if (!strcasecmp(info[i].name, name))
			return (int)i;
	return -1;
}

static int add_columns(struct outview *v, const char *list)
{
	char *copy = strdup(list), *save = NULL, *tok;
	int rc = 0;

	if (!copy)
		err(EXIT_ERROR, "out of memory");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int id = out_column_id(v->info, v->ninfo, tok);

		if (id < 0) {
			warnx("unknown column: %s (see --help for the list)", tok);
			rc = -1;
			break;
		}
		if (v->nids >= OUT_MAXCOLS) {
			warnx("too many columns");
			rc = -1;
			break;
		}
		v->ids[v->nids++] = id;
	}
	free(copy);
	return rc;
}

int out_view_init(struct outview *v, const char *name, const struct colinfo *info,
		  size_t ninfo, const int *defaults, size_t ndefaults,
		  const struct outopts *o)
{
	const char *cols = o->columns;
	size_t i;

	memset(v, 0, sizeof(*v));
	v->name = name;
	v->info = info;
	v->ninfo = ninfo;
	v->o = o;
	v->addr_digits = 16;

	if (!cols || *cols == '+') {
		for (i = 0; i < ndefaults; i++)
			v->ids[v->nids++] = defaults[i];
		if (cols)
			cols++;
	}
	if (cols && *cols && add_columns(v, cols))
		return -1;
	if (!v->nids) {
		warnx("no columns selected");
		return -1;
	}

	v->tb = scols_new_table();
	if (!v->tb)
		err(EXIT_ERROR, "cannot create output table");
	scols_table_set_name(v->tb, name);
	scols_table_enable_json(v->tb, o->json);
	scols_table_enable_raw(v->tb, o->raw);
	scols_table_enable_export(v->tb, o->pairs);
	scols_table_enable_noheadings(v->tb, o->noheadings);

	for (i = 0; i < v->nids; i++) {
		const struct colinfo *ci = &info[v->ids[i]];
		struct libscols_column *cl;
		int flags = ci->flags;

		/* truncate only to fit a terminal: a pipe or file gets it all */
		if (o->json || o->raw || o->pairs || !isatty(STDOUT_FILENO))
			flags &= ~SCOLS_FL_TRUNC;
		cl = scols_table_new_column(v->tb, ci->name, ci->whint, flags);
		if (!cl)
			err(EXIT_ERROR, "cannot create output column");
		if (o->json)
			scols_column_set_json_type(cl, ci->json_type);
	}
	return 0;
}

int out_has_column(const struct outview *v, int id)
{
	size_t i;

	for (i = 0; i < v->nids; i++)
		if (v->ids[i] == id)
			return 1;
	return 0;
}

char *out_columns_help(const struct colinfo *info, size_t ninfo)
{
	char *s = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return NULL;
	fputs("Available output columns:\n", f);
	for (i = 0; i < ninfo; i++)
		fprintf(f, " %12s  %s\n", info[i].name, info[i].help);
	fclose(f);
	return s;
}

struct libscols_line *out_line(struct outview *v)
{
	struct libscols_line *ln = scols_table_new_line(v->tb, NULL);

	if (!ln)
		err(EXIT_ERROR, "cannot create output line");
	return ln;
}

static int col_index(const struct outview *v, int id)
{
	size_t i;

	for (i = 0; i < v->nids; i++)
		if (v->ids[i] == id)
			return (int)i;
	return -1;
}

void out_str(struct outview *v, struct libscols_line *ln, int id, const char *s)
{
	int i = col_index(v, id);

	if (i < 0)
		return;
	/* JSON: no data is null; text: "-" marks a value that is not there */
	if (!s && !v->o->json)
		s = "-";
	if (s && scols_line_set_data(ln, (size_t)i, s))
		err(EXIT_ERROR, "cannot set output data");
}

void out_sv(struct outview *v, struct libscols_line *ln, int id, struct sv s)
{
	char *tmp;

	if (col_index(v, id) < 0)
		return;
	if (!s.n) {
		out_str(v, ln, id, NULL);
		return;
	}
	tmp = strndup(s.p, s.n);
	if (!tmp)
		err(EXIT_ERROR, "out of memory");
	out_str(v, ln, id, tmp);
	free(tmp);
}

void out_addr(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid)
{
	char b[32];

	if (col_index(v, id) < 0)
		return;
	if (!valid) {
		out_str(v, ln, id, NULL);
		return;
	}
	snprintf(b, sizeof(b), "0x%0*" PRIx64, (int)v->addr_digits, a);
	out_str(v, ln, id, b);
}

void out_size(struct outview *v, struct libscols_line *ln, int id, uint64_t bytes)
{
	char b[32];

	if (col_index(v, id) < 0)
		return;
	if (v->o->bytes || v->o->json)
		snprintf(b, sizeof(b), "%" PRIu64, bytes);
	else
		size_to_human(bytes, b, sizeof(b));
	out_str(v, ln, id, b);
}

void out_num(struct outview *v, struct libscols_line *ln, int id, uint64_t n)
{
	char b[32];

	if (col_index(v, id) < 0)
		return;
	snprintf(b, sizeof(b), "%" PRIu64, n);
	out_str(v, ln, id, b);
}

void out_title(struct outview *v, const char *title)
{
	if (v->o->json || v->o->raw || v->o->pairs)
		return;
	if (scols_cell_set_data(scols_table_get_title(v->tb), title))
		err(EXIT_ERROR, "cannot set output title");
}

/* The inside of a JSON object printed by libsmartcols: between its outer braces. */
static int print_json_members(struct libscols_table *tb, int first)
{
	char *s = NULL, *a, *z;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return -1;
	scols_table_set_stream(tb, f);
	if (scols_print_table(tb)) {
		fclose(f);
		free(s);
		return -1;
	}
	fclose(f);
	a = strchr(s, '{');
	z = strrchr(s, '}');
	if (!a || !z || z < a) {
		free(s);
		return -1;
	}
	a++;
	while (z > a && (z[-1] == '\n' || z[-1] == ' '))
		z--;
	if (a < z && *a == '\n')
		a++;
	printf("%s%.*s", first ? "" : ",\n", (int)(z - a), a);
	free(s);
	return 0;
}

int out_print(struct outview **views, size_t n)
{
	size_t i;
	int rc = 0;

	if (n == 1 || !views[0]->o->json) {
		for (i = 0; i < n && !rc; i++) {
			if (i)
				putchar('\n');
			fflush(stdout);
			rc = scols_print_table(views[i]->tb) ? -1 : 0;
		}
	} else {
		fputs("{\n", stdout);
		for (i = 0; i < n && !rc; i++)
			rc = print_json_members(views[i]->tb, i == 0);
		fputs("\n}\n", stdout);
	}
	for (i = 0; i < n; i++)
		out_view_free(views[i]);
	if (fflush(stdout) || ferror(stdout)) {
		warn("write error");
		rc = -1;
	}
	return rc;
}

void out_view_free(struct outview *v)
{
	scols_unref_table(v->tb);
	v->tb = NULL;
}
