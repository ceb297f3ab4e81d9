/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The commands of the command table (main.c): argv[0] is "vmapctl NAME"; each returns an exit status. */
#ifndef VMAPCTL_CLI_COMMANDS_H
#define VMAPCTL_CLI_COMMANDS_H

int cmd_list(int argc, char *argv[]);
int cmd_summary(int argc, char *argv[]);
int cmd_snapshot(int argc, char *argv[]);
int cmd_demo(int argc, char *argv[]);
int cmd_layout(int argc, char *argv[]);
int cmd_peek(int argc, char *argv[]);
int cmd_vtop(int argc, char *argv[]);
int cmd_fit(int argc, char *argv[]);
int cmd_diff(int argc, char *argv[]);
int cmd_watch(int argc, char *argv[]);
int cmd_trace(int argc, char *argv[]);
int cmd_metrics(int argc, char *argv[]);
int cmd_map(int argc, char *argv[]);

#endif
