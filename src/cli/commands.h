/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The commands of the command table (main.c). */
#ifndef VMAPCTL_CLI_COMMANDS_H
#define VMAPCTL_CLI_COMMANDS_H

/*
 * A command, as kmod's struct kmod_cmd: each command's file declares its own
 * beside its function; main.c's table only lists them.
 */
struct vmapctl_cmd {
	const char *name;
	int (*run)(int argc, char *argv[]);	/* argv[0] is "vmapctl NAME"; an exit status */
	const char *help;			/* a line of vmapctl --help */
};

extern const struct vmapctl_cmd vmapctl_cmd_list;
extern const struct vmapctl_cmd vmapctl_cmd_summary;
extern const struct vmapctl_cmd vmapctl_cmd_snapshot;
extern const struct vmapctl_cmd vmapctl_cmd_demo;
extern const struct vmapctl_cmd vmapctl_cmd_layout;
extern const struct vmapctl_cmd vmapctl_cmd_peek;
extern const struct vmapctl_cmd vmapctl_cmd_vtop;
extern const struct vmapctl_cmd vmapctl_cmd_fit;
extern const struct vmapctl_cmd vmapctl_cmd_diff;
extern const struct vmapctl_cmd vmapctl_cmd_watch;
extern const struct vmapctl_cmd vmapctl_cmd_trace;
extern const struct vmapctl_cmd vmapctl_cmd_map;
extern const struct vmapctl_cmd vmapctl_cmd_metrics;

#endif
