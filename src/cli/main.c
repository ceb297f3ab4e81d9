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

struct vmapctl_cmd {
	const char *name;
	int (*run)(int argc, char *argv[]);
	const char *help;
};

static const struct vmapctl_cmd commands[] = {
	{ "list", cmd_list, "list the regions of the vmalloc space" },
	{ "summary", cmd_summary, "totals per type, module and caller; used and free space" },
	{ "snapshot", cmd_snapshot, "capture the /proc files vmapctl reads, for --sysroot" },
	{ "demo", cmd_demo, "make, show and unmake a real mapping (vmapctl_demo module)" },
	{ "layout", cmd_layout, "this boot's kernel memory map: KASLR bases, areas, paging" },
	{ "peek", cmd_peek, "hexdump kernel memory (kcore, page tables, /dev/mem)" },
	{ "vtop", cmd_vtop, "translate a kernel address: the page-table walk" },
	{ "fit", cmd_fit, "would a vmalloc of SIZE succeed now, and where would it go" },
	{ "diff", cmd_diff, "what appeared and vanished between two states (leaks)" },
	{ "watch", cmd_watch, "who grows and shrinks, redrawn every few seconds" },
	{ "trace", cmd_trace, "record allocations, frees and failures (tracefs, 6.2+)" },
	{ "map", cmd_map, "the vmalloc area drawn: regions, holes, fragmentation; or as SVG" },
	{ "metrics", cmd_metrics, "OpenMetrics text for Prometheus (node_exporter's textfile)" },
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
			fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
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
		if (!strcmp(argv[cmd_index], commands[i].name)) {
			char name[64];

			snprintf(name, sizeof(name), "vmapctl %s", commands[i].name);
			argv[cmd_index] = name;
			return commands[i].run(argc - cmd_index, argv + cmd_index);
		}
	}
	warnx("unknown command '%s' (try 'vmapctl --help')", argv[cmd_index]);
	return EXIT_USAGE;
}
