// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <sys/stat.h>
#include <libgen.h>
#include <errno.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/output.h"
#include "kernel/sysfile.h"
#include "lib/units.h"

enum {
	OPT_SYSROOT = 's',	/* -s as lsmem and lscpu have it */
	OPT_QUIET = 'q',
	OPT_SHELL = 'y',	/* as lsblk */
	OPT_STRICT = 0x100,
	OPT_SOURCE,
	OPT_OUTPUT_ALL,
	OPT_USAGE,
};

static const struct argp_option out_options[] = {
	{ "output", 'o', "LIST", 0, "columns to print (\"+LIST\" adds to the default)", 0 },
	{ "output-all", OPT_OUTPUT_ALL, NULL, 0, "print every column of the first table (but those of a cost of their own, as list's PFNS)", 0 },
	{ "json", 'J', NULL, 0, "JSON output (sizes in bytes, addresses as \"0x\" strings, hidden ones null)", 0 },
	{ "raw", 'r', NULL, 0, "raw output: one line per row, no alignment (no value: \"-\")", 0 },
	{ "pairs", 'P', NULL, 0, "KEY=\"value\" output (no value: \"\")", 0 },
	{ "shell", OPT_SHELL, NULL, 0, "with --pairs: keys usable as shell variables (MAX_FREE for MAX-FREE), for eval", 0 },
	{ "noheadings", 'n', NULL, 0, "don't print headings (nor the titles above tables)", 0 },
	{ "bytes", 'b', NULL, 0, "print sizes in bytes rather than in human form", 0 },
	{ "list-columns", 'H', NULL, 0, "list the columns of every table, their JSON types and descriptions", 0 },
	{ "quiet", OPT_QUIET, NULL, 0, "no notes on stderr (where the data came from, what is hidden and why): errors only", 0 },
	{ 0 }
};

/* -o LIST: every name must be a column of the first view; no empty name, no empty list */
static void check_columns(struct argp_state *st, const struct outopts *o)
{
	const struct viewdesc *d = o->views;
	const char *p = o->columns;
	size_t n, count = 0;

	if (!d)
		return;
	if (*p == '+') {
		p++;
		count = d->ndefaults;
	}
	if (!*p)
		argp_error(st, "--output: an empty column list: '%s' (--list-columns lists them)", o->columns);
	for (;; p += n + 1) {
		char name[64];

		n = strcspn(p, ",");
		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		if (!n)
			argp_error(st, "--output: an empty column name in '%s'", o->columns);
		if (out_column_id(d->info, d->ninfo, name) < 0)
			argp_error(st, "unknown column: '%s' (--list-columns lists them)", name);
		if (++count > OUT_MAXCOLS)
			argp_error(st, "--output: more than %d columns", OUT_MAXCOLS);
		if (!p[n])
			break;
	}
}

/* the options that only set a flag */
static int *flag_of(struct outopts *o, int key)
{
	switch (key) {
	case 'J':
		return &o->json;
	case 'r':
		return &o->raw;
	case 'P':
		return &o->pairs;
	case OPT_SHELL:
		return &o->shell;
	case 'n':
		return &o->noheadings;
	case 'b':
		return &o->bytes;
	case 'H':
		return &o->list_columns;
	case OPT_OUTPUT_ALL:
		return &o->output_all;
	case OPT_STRICT:
		return &o->strict;
	default:
		return NULL;
	}
}

/* the command's name, "list" of "vmapctl list", for messages that name the command */
static const char *cmd_name(const struct argp_state *st)
{
	const char *sp = st->name ? strchr(st->name, ' ') : NULL;

	return sp ? sp + 1 : "this command";
}

static error_t out_parse_opt(int key, char *arg, struct argp_state *state)
{
	struct outopts *o = state->input;
	int *flag = flag_of(o, key);

	if (flag) {
		*flag = 1;
		return 0;
	}
	switch (key) {
	case 'o':
		o->columns = arg;
		break;
	case OPT_SYSROOT:
		/* an empty $DIR: not the live system in disguise */
		if (!*arg)
			argp_error(state, "--sysroot: an empty DIR (leave -s out to read the live system)");
		o->sysroot = arg;
		break;
	case OPT_QUIET:
		sysfile_quiet = 1;
		break;
	case OPT_SOURCE:
		if (!strcmp(arg, "text"))
			o->source = OUT_SRC_TEXT;
		else if (!strcmp(arg, "kernel"))
			o->source = OUT_SRC_KERNEL;
		else
			argp_error(state, "--source: '%s' is neither text nor kernel", arg);
		break;
	case ARGP_KEY_END:
		if (o->json + o->raw + o->pairs > 1)
			argp_error(state, "--json, --raw and --pairs are mutually exclusive");
		if (o->shell && !o->pairs)
			argp_error(state, "--shell applies to --pairs only");
		if (o->columns && o->output_all)
			argp_error(state, "--output and --output-all are mutually exclusive");
		if (o->columns)
			check_columns(state, o);
		break;
	case ARGP_KEY_SUCCESS:
		/*
		 * After every parser's ARGP_KEY_END (argp ends the children first), so that
		 * the command's own arguments are checked before this look at DIR. None
		 * there at all (unreadable is for the reading to say).
		 */
		if (o->sysroot && o->sysroot_kcore && access(sysfile_path(o->sysroot, "/proc/kcore"), F_OK) &&
		    errno == ENOENT)
			argp_error(state, "--sysroot %s: no proc/kcore in it: %s reads kernel memory, "
				   "which a capture of 'vmapctl snapshot' does not hold",
				   o->sysroot, cmd_name(state));
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp out_argp = { out_options, out_parse_opt, NULL, NULL, NULL, NULL, NULL };

static const struct argp_option sysroot_options[] = {
	{ "sysroot", OPT_SYSROOT, "DIR", 0, "read DIR/proc/... (a capture, see 'snapshot') instead of the live files", 0 },
	{ 0 }
};

/* -s: a capture */
static const struct argp sysroot_argp = { sysroot_options, out_parse_opt, NULL, NULL, NULL, NULL, NULL };

/* -s DIR that must hold proc/kcore */
static error_t kcore_sysroot_parse(int key, char *arg, struct argp_state *state)
{
	struct outopts *o = state->input;

	if (key == OPT_SYSROOT)
		o->sysroot_kcore = 1;
	return out_parse_opt(key, arg, state);
}

/* -s refused: the command has nothing to read in a capture */
static error_t no_sysroot_parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_SYSROOT)
		return ARGP_ERR_UNKNOWN;
	(void)arg;
	argp_error(state, "--sysroot does not apply: %s works on the running kernel only, "
		   "which no capture holds", cmd_name(state));
	return 0;
}

static const struct argp_option kcore_sysroot_options[] = {
	{ "sysroot", OPT_SYSROOT, "DIR", 0,
	  "read DIR/proc/kcore, kallsyms, ... (a kernel memory image) instead of the live files; "
	  "a capture of 'snapshot' holds no kcore", 0 },
	{ 0 }
};

/* -s of layout, peek and vtop: an image with a kcore, not a capture */
static const struct argp kcore_sysroot_argp = { kcore_sysroot_options, kcore_sysroot_parse, NULL, NULL, NULL, NULL, NULL };

static const struct argp_option no_sysroot_options[] = {
	{ "sysroot", OPT_SYSROOT, "DIR", OPTION_HIDDEN, NULL, 0 },
	{ 0 }
};

/* -s of the commands of the running kernel: not offered, refused with the reason */
static const struct argp no_sysroot_argp = { no_sysroot_options, no_sysroot_parse, NULL, NULL, NULL, NULL, NULL };

static const struct argp_option strict_options[] = {
	{ "strict", OPT_STRICT, NULL, 0, "a malformed line of /proc/vmallocinfo is an error, not a warning", 1 },
	{ "source", OPT_SOURCE, "text|kernel", 0,
	  "where the areas come from: /proc/vmallocinfo, or the kernel's own lists through /proc/kcore and BTF "
	  "(root; real addresses and the exact free space). Default: the kernel's when it can be read and "
	  "the text lacks something (hidden addresses; the free space for summary)", 1 },
	{ 0 }
};

/* --strict, for the commands that read /proc/vmallocinfo; it shares the struct outopts */
static const struct argp strict_argp = { strict_options, out_parse_opt, NULL, NULL, NULL, NULL, NULL };

/*
 * -h, --usage and -V, as util-linux lists them, once: the commands are parsed
 * with ARGP_NO_HELP (argp's own would add -? and a second --help).
 */
static const struct argp_option help_options[] = {
	{ "help", 'h', NULL, 0, "display this help", -1 },
	{ "usage", OPT_USAGE, NULL, 0, "display a short usage message", -1 },
	{ "version", 'V', NULL, 0, "display version", -1 },
	{ 0 }
};

static error_t help_parse_opt(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	switch (key) {
	case 'h':
		argp_state_help(state, state->out_stream, ARGP_HELP_STD_HELP);
		break;
	case OPT_USAGE:
		argp_state_help(state, state->out_stream, ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		break;
	case 'V':
		fprintf(state->out_stream, "%s\n", argp_program_version);
		exit(EXIT_OK);
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp help_argp = { help_options, help_parse_opt, NULL, NULL, NULL, NULL, NULL };

static const struct argp_option quiet_options[] = {
	{ "quiet", OPT_QUIET, NULL, 0, "no notes on stderr (where the data came from, what is hidden and why): errors only", 0 },
	{ 0 }
};

static const struct argp quiet_argp = { quiet_options, out_parse_opt, NULL, NULL, NULL, NULL, NULL };

const struct argp_child out_children[] = {
	{ &out_argp, 0, "Output options:", 2 },
	{ &sysroot_argp, 0, NULL, 2 },
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

const struct argp_child kcore_children[] = {
	{ &strict_argp, 0, NULL, 1 },
	{ &out_argp, 0, "Output options:", 2 },
	{ &kcore_sysroot_argp, 0, NULL, 2 },
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

const struct argp_child kcore_out_children[] = {
	{ &out_argp, 0, "Output options:", 2 },
	{ &kcore_sysroot_argp, 0, NULL, 2 },
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

const struct argp_child live_children[] = {
	{ &out_argp, 0, "Output options:", 2 },
	{ &no_sysroot_argp, 0, NULL, 2 },
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

const struct argp_child space_children[] = {
	{ &strict_argp, 0, NULL, 1 },
	{ &out_argp, 0, "Output options:", 2 },
	{ &sysroot_argp, 0, NULL, 2 },
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

const struct argp_child input_children[] = {
	{ &strict_argp, 0, NULL, 1 },
	{ &quiet_argp, 0, NULL, 1 },
	{ &sysroot_argp, 0, NULL, 1 },
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

const struct argp_child help_children[] = {
	{ &help_argp, 0, NULL, -1 },
	{ 0 }
};

static const char *json_type_name(const struct colinfo *ci)
{
	if (ci->kind == CK_LIST)
		return "array";
	if (ci->kind == CK_NODES)
		return "object";
	switch (ci->json_type) {
	case SCOLS_JSON_NUMBER:
		return "number";
	case SCOLS_JSON_BOOLEAN:
		return "boolean";
	default:
		return "string";
	}
}

/* argp wraps a help line that reaches its right margin, 79: these stop before */
#define HELP_RMARGIN 78

/* text at column indent (the first line already there, at column col), wrapped at blanks */
static void put_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (col > indent && col + 1 + n > HELP_RMARGIN) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += n;
		p += n;
		p += strspn(p, " ");
	}
	fputc('\n', f);
}

/* a command's own "Exit status: ..." (its doc after '\v'), printed at the end of its help */
static char *own_exit_status;

static char *help_filter(int key, const char *text, const struct outopts *o)
{
	char *s = NULL;
	size_t len = 0, v, i, w = 0;
	FILE *f;

	if (key == ARGP_KEY_HELP_POST_DOC && text) {
		const char *e = strstr(text, "Exit status:");
		size_t n;

		if (!e)
			return (char *)text;
		free(own_exit_status);
		own_exit_status = strdup(e);
		for (n = (size_t)(e - text); n && isspace((unsigned char)text[n - 1]); n--)
			;
		return n ? strndup(text, n) : NULL;
	}
	if (key != ARGP_KEY_HELP_EXTRA)
		return (char *)text;
	f = open_memstream(&s, &len);
	if (!f)
		return NULL;
	if (text)
		fprintf(f, "%s\n\n", text);
	for (v = 0; o && v < o->nviews; v++)
		for (i = 0; i < o->views[v].ninfo; i++)
			if (strlen(o->views[v].info[i].name) > w)
				w = strlen(o->views[v].info[i].name);
	/* as util-linux: the names right-aligned, each description indented under its start */
	for (v = 0; o && v < o->nviews; v++) {
		const struct viewdesc *d = &o->views[v];

		if (v)
			fprintf(f, "\nThe %s table's columns (always its defaults):\n", d->name);
		else
			fputs("Available output columns:\n", f);
		for (i = 0; i < d->ninfo; i++) {
			fprintf(f, " %*s  ", (int)w, d->info[i].name);
			put_wrapped(f, d->info[i].help, w + 3, w + 3);
		}
	}
	if (o && o->nviews)
		fputc('\n', f);
	fputs(own_exit_status ? own_exit_status : "Exit status: 0 success, 1 failure, 64 usage error.", f);
	fputc('\n', f);
	free(own_exit_status);
	own_exit_status = NULL;
	fclose(f);
	return s;
}

char *out_help(int key, const char *text, void *input)
{
	return help_filter(key, text, input);
}

char *out_help_plain(int key, const char *text, void *input)
{
	(void)input;
	return help_filter(key, text, NULL);
}

/* -H: NAME TYPE VIEW DESCRIPTION of every column of every view */
static int list_columns(const struct outopts *o)
{
	static const struct colinfo cols[] = {
		{ "NAME", 12, 0, "column name", SCOLS_JSON_STRING, CK_STR },
		{ "TYPE", 7, 0, "its JSON type", SCOLS_JSON_STRING, CK_STR },
		{ "VIEW", 8, 0, "the table (JSON array) it belongs to; -o selects the first", SCOLS_JSON_STRING, CK_STR },
		{ "DESCRIPTION", 40, SCOLS_FL_WRAP, "what it shows", SCOLS_JSON_STRING, CK_STR },
	};
	static const int defs[] = { 0, 1, 2, 3 };
	static const struct viewdesc desc[] = { VIEWDESC("columns", NULL, cols, defs) };
	struct outopts lo = *o;
	struct outview v, *views[1] = { &v };
	size_t i, k;

	lo.views = desc;
	lo.nviews = 1;
	lo.columns = NULL;
	out_view(&v, &lo, 0);
	for (i = 0; i < o->nviews; i++)
		for (k = 0; k < o->views[i].ninfo; k++) {
			struct libscols_line *ln = out_line(&v);
			const struct colinfo *c = &o->views[i].info[k];

			out_str(&v, ln, 0, c->name);
			out_str(&v, ln, 1, json_type_name(c));
			out_str(&v, ln, 2, o->views[i].name);
			out_str(&v, ln, 3, c->help);
		}
	return out_print(views, 1);
}

void cmd_parse(const struct argp *argp, int argc, char *argv[], void *args, struct outopts *o)
{
	argp_parse(argp, argc, argv, ARGP_NO_HELP, NULL, args);
	if (o && o->list_columns)
		exit(list_columns(o) ? EXIT_ERROR : EXIT_OK);
}

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

/* a column that may give up width on a terminal: it wraps at its values' word boundaries */
#define OUT_FL_WRAPS (SCOLS_FL_TRUNC | SCOLS_FL_WRAP)

/*
 * The wrapping of such a column on a terminal: its text comes with a newline
 * at each point where it may wrap (wrap_points); each line takes as many
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
		 * word boundaries (wrap_points).
		 */
		if (!v->terminal)
			flags &= ~OUT_FL_WRAPS;
		else if (flags & OUT_FL_WRAPS)
			flags = (flags & ~SCOLS_FL_TRUNC) | SCOLS_FL_WRAP;
		cl = scols_table_new_column(v->tb, ci->name, ci->whint, flags);
		if (!cl)
			err(EXIT_ERROR, "cannot create output column");
		/* an array or object: its JSON text, printed as it is (as a number is) */
		if (v->terminal && (flags & SCOLS_FL_WRAP) &&
		    (scols_column_set_wrapfunc(cl, wrap_chunksize, wrap_nextchunk, NULL) ||
		     scols_column_set_safechars(cl, "\n")))
			err(EXIT_ERROR, "cannot create output column");
		/* a boolean too (out_str writes true or false): libsmartcols prints an unknown one as false, not null */
		if (o->json)
			scols_column_set_json_type(cl, ci->kind == CK_LIST || ci->kind == CK_NODES ||
						   ci->json_type == SCOLS_JSON_BOOLEAN ? SCOLS_JSON_NUMBER : ci->json_type);
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

/* JSON string: " and \ escaped, control characters as \uXXXX */
static void put_json_string(const char *s)
{
	putchar_unlocked('"');
	while (*s) {
		size_t n = 0;

		while (s[n] && s[n] != '"' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		fwrite_unlocked(s, 1, n, stdout);
		s += n;
		if (*s == '"' || *s == '\\') {
			putchar_unlocked('\\');
			putchar_unlocked(*s++);
		} else if (*s) {
			printf("\\u%04x", (unsigned char)*s++);
		}
	}
	putchar_unlocked('"');
}

static void put_json_name(const char *name)
{
	char b[64];
	size_t i;

	for (i = 0; name[i] && i < sizeof(b) - 4; i++)
		b[i] = (char)tolower((unsigned char)name[i]);
	putchar_unlocked('"');
	fwrite_unlocked(b, 1, i, stdout);
	fwrite_unlocked("\": ", 1, 3, stdout);
}

static void put_json_value(const struct colinfo *ci, const char *s, int has)
{
	if ((!has || !s) && ci->kind == CK_LIST) {	/* none: an empty list */
		fputs_unlocked("[]", stdout);
	} else if (!has || !s) {
		fputs_unlocked("null", stdout);
	} else if (ci->json_type == SCOLS_JSON_NUMBER || ci->kind == CK_LIST || ci->kind == CK_NODES) {
		fputs_unlocked(*s ? s : "null", stdout);
	} else if (ci->json_type == SCOLS_JSON_BOOLEAN) {
		fputs_unlocked(!*s || !strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
		      !strcasecmp(s, "n") ? "false" : "true", stdout);
	} else {
		put_json_string(s);
	}
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
			put_json_name(ci->name);
			put_json_value(ci, st->cell[i], st->has[i]);
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
static int stream_end(struct outview *v)
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
static void stream_set(struct outstream *st, size_t i, const char *s)
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

struct libscols_line *out_line(struct outview *v)
{
	struct libscols_line *ln;

	if (v->st) {	/* the row before is complete: out now */
		if (v->st->pending)
			stream_row(v);
		memset(v->st->has, 0, sizeof(v->st->has));
		v->st->direct = 0;
		v->st->pending = 1;
		return NULL;	/* not used when streaming */
	}
	ln = scols_table_new_line(v->tb, NULL);

	if (!ln)
		err(EXIT_ERROR, "cannot create output line");
	return ln;
}

static int col_index(const struct outview *v, int id)
{
	size_t i;

	if (!v->dup)
		return id >= 0 && id < OUT_MAXCOLS ? v->slot[id] : -1;
	for (i = 0; i < v->nids; i++)
		if (v->ids[i] == id)
			return (int)i;
	return -1;
}

/*
 * The JSON text of a CK_LIST or CK_NODES value, in a buffer of its own: "a,b" as
 * ["a","b"], "N0=4,N1=2" as {"0": 4, "1": 2}. Separators: commas or blanks.
 */
static char *json_compound(const char *s, int nodes)
{
	size_t n = strlen(s), o = 0;
	char *b = malloc(2 * n + 8), *p;	/* each byte at most doubled (escapes; ": " for "=") */
	int first = 1;

	if (!b)
		err(EXIT_ERROR, "out of memory");
	b[o++] = nodes ? '{' : '[';
	while (*s) {
		size_t k = strcspn(s, ", ");

		if (k) {
			if (!first)
				o += (size_t)sprintf(b + o, nodes ? ", " : ",");
			first = 0;
			if (nodes && (p = memchr(s, '=', k)) && s[0] == 'N') {	/* N0=4 */
				b[o++] = '"';
				memcpy(b + o, s + 1, (size_t)(p - s - 1));
				o += (size_t)(p - s - 1);
				b[o++] = '"';
				b[o++] = ':';
				b[o++] = ' ';
				memcpy(b + o, p + 1, (size_t)(s + k - p - 1));
				o += (size_t)(s + k - p - 1);
			} else {
				size_t i;

				b[o++] = '"';
				for (i = 0; i < k; i++) {
					if (s[i] == '"' || s[i] == '\\')
						b[o++] = '\\';
					b[o++] = s[i];
				}
				b[o++] = '"';
			}
		}
		s += k;
		s += strspn(s, ", ");
	}
	b[o++] = nodes ? '}' : ']';
	b[o] = '\0';
	return b;
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

static char *wrap_points(const char *s)
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
	if (v->o->json && id >= 0 && (size_t)id < v->ninfo && v->info[id].json_type == SCOLS_JSON_BOOLEAN)
		s = !*s || !strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") || !strcasecmp(s, "n") ?
		    "false" : "true";
	if (v->o->json && id >= 0 && (size_t)id < v->ninfo &&
	    (v->info[id].kind == CK_LIST || v->info[id].kind == CK_NODES)) {
		compound = json_compound(s, v->info[id].kind == CK_NODES);
		s = compound;
	} else if (v->terminal && id >= 0 && (size_t)id < v->ninfo && (v->info[id].flags & OUT_FL_WRAPS) &&
		   (compound = wrap_points(s))) {
		s = compound;
	}
	if (!v->dup) {
		int k = col_index(v, id);

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

/* an address, zero-padded to digits, or absent */
static void put_addr(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid, unsigned digits)
{
	char b[32];

	if (col_index(v, id) < 0)
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

void out_phys(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid)
{
	put_addr(v, ln, id, a, valid, v->terminal ? 1 : v->addr_digits);
}

void out_size(struct outview *v, struct libscols_line *ln, int id, uint64_t bytes)
{
	char b[32];

	if (col_index(v, id) < 0)
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

	if (col_index(v, id) < 0)
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

	if (col_index(v, id) < 0)
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

	if (col_index(v, id) < 0)
		return;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		err(EXIT_ERROR, "out of memory");
	out_str(v, ln, id, s);
	free(s);
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

/* The inside of a JSON object printed by libsmartcols: between its outer braces. */
/*
 * A table's JSON as a member of the enclosing object: libsmartcols' text
 * without its braces; a table of one row (v->one) as an object, or null when
 * it has none.
 */
static int print_json_members(struct outview *v, int first)
{
	char *s = NULL, *a, *z;
	size_t len = 0, rows = scols_table_get_nlines(v->tb);
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return -1;
	scols_table_set_stream(v->tb, f);
	if (scols_print_table(v->tb)) {
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
	if (v->one && rows <= 1) {	/* "name": [ {...} ]: the brackets dropped */
		char *lb = memchr(a, '[', (size_t)(z - a)), *rb = z;

		while (rb > a && rb[-1] != ']')
			rb--;
		if (lb && rb > lb) {
			char *in = lb + 1, *end = rb - 1;

			while (in < end && (*in == ' ' || *in == '\n'))
				in++;
			while (end > in && (end[-1] == ' ' || end[-1] == '\n'))
				end--;
			printf("%s%.*s%s%.*s", first ? "" : ",\n", (int)(lb - a), a, rows ? "" : "null",
			       (int)(end - in), in);
			free(s);
			return 0;
		}
	}
	printf("%s%.*s", first ? "" : ",\n", (int)(z - a), a);
	free(s);
	return 0;
}

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

/*
 * The widths of a table on a terminal, set before libsmartcols lays it out
 * (fit_hints): each column as wide as its longest value (width) and its
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
	sysfile_note("%s not shown (%zu columns): -o shows them", buf, term);
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
 * see wrap_points) give up the difference, down to their longest word (one
 * longer than the column's hint counts as that long); when even that does
 * not fit and the columns are the defaults, the spare ones (OUT_FL_SPARE)
 * are left out, the last first, and a line on stderr names them; then words
 * longer than their column break inside, down to a column as wide as its
 * name (8 at least). Nothing is cut: a cell's lines, joined, are its value.
 * Columns that cannot wrap and are too wide make the lines that wide.
 */
static void fit_hints(struct outview *v)
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
		rc = print_json_members(views[0], 1);
		fputs("\n}\n", stdout);
	} else if (n == 1 && views[0]->o->json && views[0]->one) {
		fputs("{\n", stdout);
		rc = print_json_members(views[0], 1);
		fputs("\n}\n", stdout);
	} else if (n == 1 || !views[0]->o->json) {
		for (i = 0; i < n && !rc; i++) {
			if (n > 1 && (views[i]->o->raw || views[i]->o->pairs))
				add_table_column(views[i]);
			if (views[i]->terminal)
				fit_hints(views[i]);
			if (i)
				putchar('\n');
			fflush(stdout);
			rc = scols_print_table(views[i]->tb) ? -1 : 0;
		}
	} else {
		fputs("{\n", stdout);
		for (i = 0; i < n && !rc; i++)
			rc = print_json_members(views[i], i == 0);
		fputs("\n}\n", stdout);
	}
	for (i = 0; i < n; i++)
		out_view_free(views[i]);
	return write_failed() ? -1 : rc;
}

void out_view_free(struct outview *v)
{
	if (v->st) {
		size_t i;

		for (i = 0; i < OUT_MAXCOLS; i++)
			free(v->st->cell[i]);
		free(v->st->text);
		free(v->st);
		v->st = NULL;
	}
	scols_unref_table(v->tb);
	v->tb = NULL;
}

int out_file_atomic(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx)
{
	char *dup = strdup(path), *base = strdup(path), *tmp = NULL;
	FILE *f = NULL;
	int fd, e = 0, rc;

	if (!dup || !base || asprintf(&tmp, "%s/.%s.XXXXXX", dirname(dup), basename(base)) < 0)
		err(EXIT_ERROR, "out of memory");
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		warnx("%s: %s", path, strerror(e));
		goto out;
	}
	if (fchmod(fd, 0644) || !(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
	} else {
		rc = fn(f, ctx);
		if (rc || fflush(f) || fsync(fileno(f)))
			e = errno ? errno : EIO;
		if (fclose(f) && !e)
			e = errno;
		if (!e && rename(tmp, path))
			e = errno;
	}
	if (e) {
		unlink(tmp);
		warnx("%s: %s", path, strerror(e));
	}
out:
	free(dup);
	free(base);
	free(tmp);
	return e ? -1 : 0;
}
