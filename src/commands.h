/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VMAPCTL_COMMANDS_H
#define VMAPCTL_COMMANDS_H

/* Each subcommand: argv[0] is "vmapctl NAME". Returns an exit status. */
int cmd_list(int argc, char *argv[]);
int cmd_summary(int argc, char *argv[]);
int cmd_snapshot(int argc, char *argv[]);

#endif
