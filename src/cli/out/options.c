// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The options every command shares, as argp groups (output: -o, -J, -r, -P, -n, -b, -H; --sysroot;
 * --strict and --source; -q; help), their help text, and -H's listing of the columns.
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
		o->quiet = 1;
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
		{ "NAME", 12, 0, "column name", CK_STR },
		{ "TYPE", 7, 0, "its JSON type", CK_STR },
		{ "VIEW", 8, 0, "the table (JSON array) it belongs to; -o selects the first", CK_STR },
		{ "DESCRIPTION", 40, SCOLS_FL_WRAP, "what it shows", CK_STR },
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
