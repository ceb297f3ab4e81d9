// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl: inspect the kernel's live virtual mappings.
 *
 * One command table (kmod's struct kmod_cmd), one file per subcommand.
 */
#include <argp.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "lib/common.h"

const char *argp_program_version = "vmapctl " VMAPCTL_VERSION;

/* the commands, in the order --help lists them; each is declared in its own file */
static const struct vmapctl_cmd *const commands[] = {
	&vmapctl_cmd_list,
	&vmapctl_cmd_summary,
	&vmapctl_cmd_snapshot,
	&vmapctl_cmd_demo,
	&vmapctl_cmd_layout,
	&vmapctl_cmd_peek,
	&vmapctl_cmd_vtop,
	&vmapctl_cmd_fit,
	&vmapctl_cmd_diff,
	&vmapctl_cmd_watch,
	&vmapctl_cmd_trace,
	&vmapctl_cmd_map,
	&vmapctl_cmd_metrics,
};

static char *main_help(int key, const char *text, void *input)
{
	(void)input;
	if (key == ARGP_KEY_HELP_EXTRA) {
		char *s = NULL;
		size_t len = 0, i;
		FILE *f = open_memstream(&s, &len);

		if (!f)
			return NULL;
		fputs("Commands:\n", f);
		for (i = 0; i < ARRAY_SIZE(commands); i++)
			fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->help);
		/* lines within argp's margin: it would wrap them to column 0 */
		fputs("\n'vmapctl COMMAND --help' describes each command and its options;\n"
		      "'vmapctl COMMAND --list-columns' its output columns.\n\n"
		      "Exit status: 0 success, 1 failure, 64 usage error\n"
		      "(diff and fit: see their --help).\n", f);
		fclose(f);
		return s;
	}
	return (char *)text;
}

static error_t main_parse(int key, char *arg, struct argp_state *st)
{
	int *cmd_index = st->input;

	(void)arg;
	switch (key) {
	case ARGP_KEY_ARG:
		*cmd_index = st->next - 1;
		st->next = st->argc;	/* the rest belongs to the command */
		break;
	case ARGP_KEY_NO_ARGS:
		argp_error(st, "no command given");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp main_argp = {
	NULL, main_parse, "COMMAND [OPTION...]",
	"Inspect the kernel's live virtual mappings: what made every region of the "
	"vmalloc space (vmalloc, vmap, vm_map_ram, ioremap, ...), which caller, module "
	"and device.",
	help_children, main_help, NULL
};

int main(int argc, char *argv[])
{
	int cmd_index = -1;
	size_t i;

	argp_err_exit_status = EXIT_USAGE;
	atexit(out_close_stdout);
	/* "vmapctl: ..." in every message, however it was started (getopt names argv[0]) */
	argv[0] = (char *)"vmapctl";
	argp_parse(&main_argp, argc, argv, ARGP_IN_ORDER | ARGP_NO_HELP, NULL, &cmd_index);

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[cmd_index], commands[i]->name)) {
			char name[64];

			snprintf(name, sizeof(name), "vmapctl %s", commands[i]->name);
			argv[cmd_index] = name;
			return commands[i]->run(argc - cmd_index, argv + cmd_index);
		}
	}
	warnx("unknown command '%s' (try 'vmapctl --help')", argv[cmd_index]);
	return EXIT_USAGE;
}
