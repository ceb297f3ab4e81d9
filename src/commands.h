/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VMAPCTL_COMMANDS_H
#define VMAPCTL_COMMANDS_H

#include "parse.h"

/* Each subcommand: argv[0] is "vmapctl NAME". Returns an exit status. */
int cmd_list(int argc, char *argv[]);
int cmd_summary(int argc, char *argv[]);
int cmd_snapshot(int argc, char *argv[]);
int cmd_demo(int argc, char *argv[]);
int cmd_layout(int argc, char *argv[]);
int cmd_peek(int argc, char *argv[]);
int cmd_vtop(int argc, char *argv[]);

/* The list view, for commands that show vmallocinfo rows too. */
struct outview;
struct outopts;
struct region;
struct kview;
int list_view_init(struct outview *view, const char *name, const struct outopts *o);
/* kv: for the PFNS column (NULL leaves it empty) */
void list_add_row(struct outview *view, const struct region *r, enum addr_mode mode,
		  const struct kview *kv);

#endif
