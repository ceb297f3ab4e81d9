/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The output layer's rooms, among themselves: what one of them (options,
 * view, cells, stream, json, terminal, print, atomic) gives the others.
 * Commands use cli/output.h.
 */
#ifndef VMAPCTL_CLI_OUT_OUT_H
#define VMAPCTL_CLI_OUT_OUT_H

#include <ctype.h>
#include <libgen.h>
#include <sys/stat.h>

#include "cli/output.h"
#include "kernel/sysfile.h"
#include "lib/units.h"

/* a column that may give up width on a terminal: it wraps at its values' word boundaries */
#define OUT_FL_WRAPS (SCOLS_FL_TRUNC | SCOLS_FL_WRAP)

/* view.c: where column id is in v's row, or -1 */
int out_col_index(const struct outview *v, int id);

/* stream.c: the rows of a streamed view (out_view_stream) */
struct outstream;
/* the row before is complete (written now); a new one begins */
void stream_next_row(struct outview *v);
/* cell i of the row being filled */
void stream_set(struct outstream *st, size_t i, const char *s);
/* the last row and the held table written: 0, or -1 on a write error */
int stream_end(struct outview *v);
void stream_free(struct outview *v);

/*
 * stream.c: a row written in place, for views that hold plain text for
 * their own layout (aligned, off a terminal): out_row_begin gives room for
 * max bytes of cells (each followed by its NUL), or NULL when the view takes
 * its values by out_str & co. Each cell, of column index 0, 1, ... in order,
 * is written at the pointer given and closed by out_row_cell (check: text
 * that may not be printable ASCII), which gives where the next one goes;
 * out_row_end ends the row at that pointer.
 */
char *out_row_begin(struct outview *v, size_t max);
char *out_row_cell(struct outview *v, size_t i, char *cell, size_t n, int check);
void out_row_end(struct outview *v, char *end);

/* json.c */
const char *json_type_name(const struct colinfo *ci);
/* a JSON string, its name and ": ", and a cell's value as its column's type wants */
void json_put_string(const char *s);
void json_put_name(const char *name);
void json_put_value(const struct colinfo *ci, const char *s, int has);
/* the JSON text of a CK_LIST or CK_NODES value, in a buffer of its own */
char *json_compound(const char *s, int nodes);
/* a table's JSON as a member of the document being printed; first: no comma before */
int json_print_members(struct outview *v, int first);

/* terminal.c */
/* a column that wraps at the newlines term_wrap_points put in: 0, or -1 */
int term_wrap_column(struct libscols_column *cl);
/* the text with a newline at each word's end where it may wrap, or NULL: none */
char *term_wrap_points(const char *s);
/* the table's widths fitted to the terminal, before libsmartcols prints it */
void term_fit(struct outview *v);

#endif
