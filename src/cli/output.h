/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one output layer: every command that prints data describes its views
 * (tables) with colinfo arrays (util-linux lsns.c style) and prints through
 * libsmartcols, so -o, -J, -r, -P, -n, -b, -H and --sysroot mean the same
 * everywhere. -o selects the columns of a command's first view.
 */
#ifndef VMAPCTL_CLI_OUTPUT_H
#define VMAPCTL_CLI_OUTPUT_H

#include <argp.h>
#include <libsmartcols.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/common.h"
#include "lib/text.h"

enum colkind {
	CK_STR,		/* text */
	CK_ADDR,	/* kernel address: "0x..." string, null when hidden */
	CK_SIZE,	/* bytes: human unless -b; a number in JSON */
	CK_NUM,		/* count: a number */
	CK_LIST,	/* "a,b": a JSON array of strings */
	CK_NODES,	/* "N0=4,N1=2": a JSON object of numbers by node, {"0": 4, "1": 2} */
	CK_BOOL,	/* "yes"/"no" (any of 0, no, false, n, empty is false): a JSON boolean */
};

/* a column shown, sorted and compared as text */
static inline int ck_text(enum colkind k)
{
	return k == CK_STR || k == CK_LIST || k == CK_NODES || k == CK_BOOL;
}

/* its JSON type (SCOLS_JSON_*): told by its kind (lists and nodes are printed as JSON text) */
static inline int ck_json_type(enum colkind k)
{
	return k == CK_SIZE || k == CK_NUM ? SCOLS_JSON_NUMBER : k == CK_BOOL ? SCOLS_JSON_BOOLEAN : SCOLS_JSON_STRING;
}

/* colinfo.flags beside SCOLS_FL_*: a column of its own cost (PFNS: a page-table walk), shown
 * when named, left out of --output-all */
#define OUT_FL_ASKED (1 << 30)
/* ... and a default column that a terminal too narrow for the defaults leaves out, saying so */
#define OUT_FL_SPARE (1 << 29)
/* ... and an address column of physical addresses: a terminal shows it without leading zeros */
#define OUT_FL_PHYS (1 << 28)
#define OUT_FL_OWN (OUT_FL_ASKED | OUT_FL_SPARE | OUT_FL_PHYS)

struct colinfo {
	const char *name;
	double whint;
	int flags;		/* SCOLS_FL_*, OUT_FL_ASKED, OUT_FL_SPARE, OUT_FL_PHYS */
	const char *help;
	enum colkind kind;	/* how it is shown, and its JSON type (ck_json_type) */
};

/* A table a command prints: its JSON name, its columns and default columns. */
struct viewdesc {
	const char *name;
	const char *title;	/* above the table in the human format, or NULL */
	const struct colinfo *info;
	size_t ninfo;
	const int *defaults;
	size_t ndefaults;
	int one;		/* one row: in JSON an object, not an array of one */
};
#define VIEWDESC(name, title, info, defaults) \
	{ name, title, info, ARRAY_SIZE(info), defaults, ARRAY_SIZE(defaults), 0 }
/* a table of one row (totals, a translation): "name": { ... } in JSON */
#define VIEWDESC1(name, title, info, defaults) \
	{ name, title, info, ARRAY_SIZE(info), defaults, ARRAY_SIZE(defaults), 1 }

#define OUT_MAXCOLS 32

enum { OUT_SRC_TEXT = 1, OUT_SRC_KERNEL = 2 };

struct outopts {
	const struct viewdesc *views;	/* the command's views; -o selects views[0]'s columns */
	size_t nviews;
	const char *columns;	/* -o */
	int json, raw, pairs, noheadings, bytes, list_columns;
	int shell;		/* -y: -P's keys as shell variable names */
	int output_all;		/* --output-all: every column of views[0] */
	int strict;		/* --strict (space_children) */
	int quiet;		/* -q: no notes (out_note, NEED_QUIET) */
	int source;		/* --source: 0 the default, OUT_SRC_TEXT, OUT_SRC_KERNEL (space_children) */
	const char *sysroot;	/* --sysroot */
	int sysroot_kcore;	/* it must hold proc/kcore (kcore_children) */
};

/*
 * The children of a data command's argp: the output options, --sysroot and
 * -h, --usage, -V. The command's argp input must be a struct whose first
 * member is its struct outopts, its help_filter out_help (which lists the
 * columns and ends with the exit status), and it is parsed with
 * ARGP_NO_HELP (cmd_args, cli/args.h): the help options are these, once.
 */
extern const struct argp_child out_children[];
/* the same with --strict and --source, for the commands that read /proc/vmallocinfo */
extern const struct argp_child space_children[];
/*
 * For the commands that read kernel memory (layout; peek and vtop without
 * --strict): --sysroot DIR must hold proc/kcore, else a usage error saying so.
 */
extern const struct argp_child kcore_children[];
extern const struct argp_child kcore_out_children[];
/* the output options for commands of the running kernel alone: -s refused with the reason */
extern const struct argp_child live_children[];
/* --strict, --source, -q and --sysroot without the table options, for output of a format of its own */
extern const struct argp_child input_children[];
/* -h, --usage, -V alone, for commands that print no table */
extern const struct argp_child help_children[];
/*
 * The help filter: the columns of every view (input: the struct outopts),
 * then the exit status, once: the one a command's doc gives after its '\v'
 * ("Exit status: ...") moved to the end, else the common one.
 */
char *out_help(int key, const char *text, void *input);
/* the same for an argp whose input is no struct outopts: the exit status alone */
char *out_help_plain(int key, const char *text, void *input);

/*
 * argp_parse for a command's argp (cmd_args makes it; ARGP_NO_HELP: the children's -h) with args
 * starting with o; then, for -H/--list-columns, prints the columns of every
 * view and exits.
 */
void cmd_parse(const struct argp *argp, int argc, char *argv[], void *args, struct outopts *o);

struct outview {
	const char *name;		/* JSON array name */
	const struct colinfo *info;
	size_t ninfo;
	int ids[OUT_MAXCOLS];		/* selected columns, in order */
	size_t nids;
	signed char slot[OUT_MAXCOLS];	/* where column id is (-1: not shown), unless dup */
	int dup;			/* a column shown twice: slot[] unused */
	unsigned addr_digits;		/* zero padding of addresses */
	const struct outopts *o;
	struct libscols_table *tb;
	struct outstream *st;		/* streamed rows (out_view_stream), else NULL */
	int titled;			/* out_title was called */
	const char *json_source;	/* a "source" member before the table in JSON, or NULL */
	int one;			/* viewdesc.one */
	int terminal;			/* aligned, on a terminal: libsmartcols fits it to the width */
	int implicit;			/* the default columns, none asked for: OUT_FL_SPARE ones may be left out */
};

/*
 * Create view number idx of o->views: with -o's columns for the first view
 * ("+LIST" appends to the defaults), the defaults for the others. -o was
 * checked while parsing.
 */
void out_view(struct outview *v, const struct outopts *o, size_t idx);
/* The same with other default columns. */
void out_view_with(struct outview *v, const struct outopts *o, size_t idx, const int *defaults, size_t n);
/*
 * Write the rows of v as they come instead of holding them in a libsmartcols
 * table, for -r, -P and -J: the same text, in constant memory. The aligned
 * format off a terminal is held as plain text and laid out the way
 * libsmartcols lays it out there (text it would have to encode goes to
 * libsmartcols after all). For a view printed alone; it does nothing on a
 * terminal, for a titled view, or when VMAPCTL_NO_STREAM is set.
 */
void out_view_stream(struct outview *v);
/* Column id by name (case-insensitive), or -1. */
int out_column_id(const struct colinfo *info, size_t ninfo, const char *name);
int out_has_column(const struct outview *v, int id);
/* 1 when the output is for a program (-J, -r, -P): no prose around the tables */
int out_is_machine(const struct outopts *o);

/*
 * A text buffer that grows to what it holds, for a cell's text: a value is
 * never cut (a caller may be KSYM_NAME_LEN, 512, and more with its offset and
 * module). Zeroed to start; free(p) at the end. Out of memory exits.
 */
struct tbuf {
	char *p;
	size_t cap;
};
/* room for n bytes and a NUL in t */
char *tbuf_room(struct tbuf *t, size_t n);
/* s copied into t, NUL-terminated */
const char *tbuf_sv(struct tbuf *t, struct sv s);

struct libscols_line *out_line(struct outview *v);
void out_str(struct outview *v, struct libscols_line *ln, int id, const char *s);
void out_sv(struct outview *v, struct libscols_line *ln, int id, struct sv s);
void out_addr(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid);
void out_size(struct outview *v, struct libscols_line *ln, int id, uint64_t bytes);
void out_num(struct outview *v, struct libscols_line *ln, int id, uint64_t n);
void out_bool(struct outview *v, struct libscols_line *ln, int id, int yes);
/* after - before, signed: "+4K", "-2" (sizes human unless -b); a number in JSON */
void out_size_delta(struct outview *v, struct libscols_line *ln, int id, uint64_t before, uint64_t after);
void out_num_delta(struct outview *v, struct libscols_line *ln, int id, uint64_t before, uint64_t after);
/*
 * A cell's value, as a view's accessor gives it for its column's kind: a
 * number (CK_ADDR, CK_SIZE, CK_NUM) or a text (the other kinds).
 */
struct outval {
	int has;		/* 0: not there ("-"; null in JSON) */
	uint64_t n;
	struct sv s;		/* valid until the accessor is called again for the column */
};
/* A view's accessor: the value of column id of a row. */
typedef void out_value_fn(const void *row, int id, struct outval *x, void *ctx);
/*
 * A row of v, each column's value from fn: written in place where the view
 * holds plain text for its own layout (aligned, off a terminal), else cell
 * by cell as out_val writes them. The one row path of a view with an accessor.
 */
void out_row(struct outview *v, const void *row, out_value_fn *fn, void *ctx);
/* One cell from its value, as its column's kind and flags want it. */
void out_val(struct outview *v, struct libscols_line *ln, int id, const struct outval *x);
/* printf into a column */
void out_printf(struct outview *v, struct libscols_line *ln, int id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A title above the table, in the human (aligned) format only. */
void out_title(struct outview *v, const char *title);

/*
 * Write path whole or not at all: fn writes into a temporary file beside it,
 * which is then renamed over it (mode 0644: for every reader). 0, or -1
 * after one line naming the file and the cause.
 */
int out_file_atomic(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx);

/*
 * A note, not an error: where the data came from, what is hidden and how to
 * see it, what was left out. On stderr as warnx, unless -q.
 */
void out_note(const struct outopts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print views (one JSON object holding all of them) and free them. 0 or -1. */
int out_print(struct outview **views, size_t n);
/*
 * At exit (main registers it), as util-linux's close_stdout: standard output
 * flushed and closed; a failed write (--help > /dev/full) is said once and
 * the exit status made EXIT_ERROR.
 */
void out_close_stdout(void);
void out_view_free(struct outview *v);

#endif
