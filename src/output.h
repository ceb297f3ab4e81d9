/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one output layer: every command that prints data describes its columns
 * with a colinfo table (util-linux lsns.c style) and prints through libsmartcols,
 * so -o, -J, -r, -P, -n and -b mean the same everywhere.
 */
#ifndef VMAPCTL_OUTPUT_H
#define VMAPCTL_OUTPUT_H

#include <argp.h>
#include <libsmartcols.h>
#include <stdint.h>

#include "parse.h"

enum colkind {
	CK_STR,		/* text */
	CK_ADDR,	/* kernel address: "0x..." string, null when hidden */
	CK_SIZE,	/* bytes: human unless -b; a number in JSON */
	CK_NUM,		/* count: a number */
};

struct colinfo {
	const char *name;
	double whint;
	int flags;		/* SCOLS_FL_* */
	const char *help;
	int json_type;		/* SCOLS_JSON_* */
	enum colkind kind;
};

#define OUT_MAXCOLS 32

struct outopts {
	const char *columns;	/* -o */
	int json, raw, pairs, noheadings, bytes;
	const char *sysroot;	/* --sysroot */
};

/* The common options as an argp child: its input is a struct outopts *. */
extern const struct argp out_argp;
/* The children list of every data command's argp: the output options. */
extern const struct argp_child out_children[];

struct outview {
	const char *name;		/* JSON array name */
	const struct colinfo *info;
	size_t ninfo;
	int ids[OUT_MAXCOLS];		/* selected columns, in order */
	size_t nids;
	unsigned addr_digits;		/* zero padding of addresses */
	const struct outopts *o;
	struct libscols_table *tb;
};

/*
 * Select the columns (from o->columns, or the defaults; "+LIST" appends to them)
 * and create the table. Prints an error and returns -1 on an unknown column.
 */
int out_view_init(struct outview *v, const char *name, const struct colinfo *info,
		  size_t ninfo, const int *defaults, size_t ndefaults,
		  const struct outopts *o);
/* Column id by name (case-insensitive), or -1. */
int out_column_id(const struct colinfo *info, size_t ninfo, const char *name);
int out_has_column(const struct outview *v, int id);
/* Help text listing the columns, for argp's help filter. malloc'd. */
char *out_columns_help(const struct colinfo *info, size_t ninfo);

struct libscols_line *out_line(struct outview *v);
void out_str(struct outview *v, struct libscols_line *ln, int id, const char *s);
void out_sv(struct outview *v, struct libscols_line *ln, int id, struct sv s);
void out_addr(struct outview *v, struct libscols_line *ln, int id, uint64_t a, int valid);
void out_size(struct outview *v, struct libscols_line *ln, int id, uint64_t bytes);
void out_num(struct outview *v, struct libscols_line *ln, int id, uint64_t n);

/* A title above the table, in the human (aligned) format only. */
void out_title(struct outview *v, const char *title);

/* Print views (one JSON object holding all of them) and free them. 0 or -1. */
int out_print(struct outview **views, size_t n);
void out_view_free(struct outview *v);

#endif
