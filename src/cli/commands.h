/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The commands of the command table (main.c). */
#ifndef VMAPCTL_CLI_COMMANDS_H
#define VMAPCTL_CLI_COMMANDS_H

/*
 * A command, as kmod's struct kmod_cmd: each command's file declares its own
 * beside its function; main.c's table only lists them.
 */
#include <argp.h>

struct cmdopt;

struct vmapctl_cmd {
	const char *name;
	int (*run)(int argc, char *argv[]);	/* argv[0] is "vmapctl NAME"; an exit status */
	const char *help;			/* a line of vmapctl --help */
	/* its arguments, as cmd_args (cli/args.h) parses them */
	const struct cmdopt *opts;		/* its own options, or NULL */
	/* what the table leaves (OPTK_OWN, arguments, checks at the end), or NULL: no arguments */
	error_t (*parse)(int key, char *arg, struct argp_state *st);
	const char *args_doc, *doc;		/* argp's: "A B"; what --help says of it */
	const struct argp_child *children;	/* the option groups it shares (cli/output.h) */
	int plain;				/* its arguments do not start with a struct outopts */
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
