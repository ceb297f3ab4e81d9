// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl demo: make a real kernel mapping with the companion module, show it,
 * read it back, unmake it, and show it gone.
 *
 *   vmapctl demo KIND [--pages N] [--phys ADDR --size N] [--keep]   the story
 *   vmapctl demo map KIND ...      make a mapping that stays (prints its id)
 *   vmapctl demo unmap ID          undo it
 *   vmapctl demo status            the module and its live mappings
 *   vmapctl demo bounds            the kernel's own bounds of the areas
 *   vmapctl demo exhaust           fill the vmalloc area, predicting each step
 *   vmapctl demo exhaust arena     the same on 64-bit, with BPF arenas, fit predicting
 *   vmapctl demo overask           one allocation bigger than the area: it fails
 *   vmapctl demo jit               BPF filters until the JIT's limit refuses one
 */
#include <argp.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/demo.h"
#include "kernel/bpfjit.h"
#include "lib/units.h"

enum { OPT_PAGES = 0x500, OPT_PHYS, OPT_SIZE, OPT_KEEP, OPT_MODULE, OPT_FILTER };

static const char demo_doc[] =
	"Make a real kernel mapping with the vmapctl_demo module, show it (its pages, its "
	"line in /proc/vmallocinfo), read it back, unmake it and show it gone.\v"
	"Kinds: vmalloc, vmap, vm_map_ram, kmap, kmap_local, ioremap.\n\n"
	"'demo exhaust arena' needs no module: it fills a 64-bit vmalloc area with BPF arenas "
	"(6.9+, 4 GiB of address space each), as many as fit predicts, and one more, which fails.\n\n"
	"'demo jit' needs no module: it loads BPF filters as nobody until net.core.bpf_jit_limit "
	"(lowered for the run to what is charged now + --size, default 64K) refuses one, "
	"then one as root, and releases them.\n\n"
	"'demo map' always keeps its mapping (--keep): it outlives vmapctl. -o selects "
	"the columns of the first table of the action ('demo ACTION --list-columns').";

static const struct cmdopt demo_options[] = {
	{ { "pages", OPT_PAGES, "N", 0, "pages to map (default 4; at most 1024)", 1 }, OPT_OWN },
	{ { "phys", OPT_PHYS, "ADDR", 0, "ioremap: the physical address (an I/O range of /proc/iomem)", 1 }, OPT_OWN },
	{ { "size", OPT_SIZE, "SIZE", 0, "ioremap: bytes to map; overask: bytes to ask for (default: the vmalloc area's size + a page); jit: room under the limit (default 64K)", 1 }, OPT_OWN },
	{ { "filter", OPT_FILTER, "KIND", 0, "jit: socket (SO_ATTACH_FILTER, the default) or seccomp filters", 1 }, OPT_OWN },
	{ { "keep", OPT_KEEP, NULL, 0, "leave the mapping in place (owned by the module) and print its id", 1 },
	  OPT_FLAG(struct demo_args, keep) },
	{ { "module", OPT_MODULE, "PATH", 0, "the vmapctl_demo.ko to load (default: the installed one)", 1 },
	  OPT_STR(struct demo_args, module) },
	OPT_END
};

static const struct {
	const char *name;
	enum demo_action act;
} actions[] = {
	{ "map", ACT_MAP }, { "unmap", ACT_UNMAP }, { "status", ACT_STATUS },
	{ "bounds", ACT_BOUNDS }, { "exhaust", ACT_EXHAUST }, { "overask", ACT_OVERASK }, { "jit", ACT_JIT },
};

static void take_arg(struct demo_args *a, char *arg, struct argp_state *st)
{
	size_t i;

	if (st->arg_num == 0)
		for (i = 0; i < ARRAY_SIZE(actions); i++)
			if (!strcmp(arg, actions[i].name)) {
				a->act = actions[i].act;
				demo_views_for(a->act, &a->out);
				return;
			}
	if ((a->act == ACT_STORY || a->act == ACT_MAP) && a->kind <= 0) {
		a->kind = demo_kind_from_name(arg);
		if (a->kind < 0)
			argp_error(st, "unknown kind '%s' (%s)", arg, demo_kind_list());
		return;
	}
	if (a->act == ACT_EXHAUST && st->arg_num == 1 && (!strcmp(arg, "arena") || !strcmp(arg, "vmalloc"))) {
		if (!strcmp(arg, "arena")) {
			a->act = ACT_ARENA;
			demo_views_for(a->act, &a->out);
		}
		return;
	}
	if (a->act == ACT_UNMAP && !a->id) {
		char *end;

		a->id = strtoull(arg, &end, 10);
		if (!*arg || *end || !a->id)
			argp_error(st, "invalid id: '%s'", arg);
		return;
	}
	argp_error(st, "unexpected argument: '%s'", arg);
}

static void check(const struct demo_args *a, struct argp_state *st)
{
	if (a->out.list_columns)
		return;
	if ((a->act == ACT_STORY || a->act == ACT_MAP) && a->kind <= 0)
		argp_error(st, "no kind given");
	if (a->act == ACT_UNMAP && !a->id)
		argp_error(st, "no id given");
	if (a->kind == VMAPCTL_KIND_IOREMAP && !(a->have_phys && a->have_size))
		argp_error(st, "ioremap needs --phys ADDR and --size SIZE");
	if (a->act == ACT_OVERASK && (a->have_phys || a->have_pages || a->keep))
		argp_error(st, "overask takes --size only");
	if (a->act == ACT_ARENA && (a->have_phys || a->have_pages || a->have_size || a->keep || a->module))
		argp_error(st, "exhaust arena takes no option of its own (it needs no module)");
	if (a->act == ACT_JIT && (a->have_phys || a->have_pages || a->keep || a->module))
		argp_error(st, "jit takes --size and --filter only (it needs no module)");
	if (a->act != ACT_JIT && a->have_filter)
		argp_error(st, "--filter is for jit");
	if (a->kind > 0 && a->kind != VMAPCTL_KIND_IOREMAP && (a->have_phys || a->have_size))
		argp_error(st, "--phys and --size are for ioremap");
	if (a->kind == VMAPCTL_KIND_IOREMAP && a->have_pages)
		argp_error(st, "ioremap takes --size, not --pages");
}

/* a number with K/M/G suffixes into *v, remembering it was given */
static void take_number(struct argp_state *st, const char *arg, uint64_t *v, int *given, int zero_ok,
			const char *what)
{
	if (parse_size(arg, v) || (!zero_ok && !*v))
		argp_error(st, "invalid %s: '%s'", what, arg);
	*given = 1;
}

static error_t demo_parse(int key, char *arg, struct argp_state *st)
{
	struct demo_args *a = st->input;

	switch (key) {
	case OPT_PAGES:	/* the module's limit, checked here: before the module is loaded */
		take_number(st, arg, &a->pages, &a->have_pages, 0, "number of pages");
		if (a->pages > VMAPCTL_DEMO_MAX_PAGES)
			argp_error(st, "invalid number of pages: '%s' (1 to %u: the module maps at most that many)", arg,
				   VMAPCTL_DEMO_MAX_PAGES);
		break;
	case OPT_PHYS:
		take_number(st, arg, &a->phys, &a->have_phys, 1, "address");
		break;
	case OPT_SIZE:
		take_number(st, arg, &a->size, &a->have_size, 0, "size");
		break;
	case OPT_FILTER:
		if (strcmp(arg, "socket") && strcmp(arg, "seccomp"))
			argp_error(st, "unknown filter '%s' (socket, seccomp)", arg);
		a->jit_filter = strcmp(arg, "socket") ? BPFJIT_SECCOMP : BPFJIT_SOCKET;
		a->have_filter = 1;
		break;
	case ARGP_KEY_ARG:
		take_arg(a, arg, st);
		break;
	case ARGP_KEY_END:
		check(a, st);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int cmd_demo(int argc, char *argv[])
{
	struct demo_args a = { 0 };

	demo_views_for(ACT_STORY, &a.out);
	cmd_args(&vmapctl_cmd_demo, argc, argv, &a);
	switch (a.act) {
	case ACT_STATUS:
		return demo_status(&a);
	case ACT_MAP:
		return demo_map(&a);
	case ACT_UNMAP:
		return demo_unmap(&a);
	case ACT_BOUNDS:
		return demo_bounds(&a);
	case ACT_EXHAUST:
		return demo_exhaust(&a);
	case ACT_ARENA:
		return demo_exhaust_arena(&a);
	case ACT_OVERASK:
		return demo_overask(&a);
	case ACT_JIT:
		return demo_jit(&a);
	default:
		return demo_story(&a);
	}
}

const struct vmapctl_cmd vmapctl_cmd_demo = {
	.name = "demo", .run = cmd_demo,
	.help = "make, show and unmake a real mapping (vmapctl_demo module)",
	.doc = demo_doc, .opts = demo_options, .parse = demo_parse, .children = live_children,
	.args_doc = "KIND [--pages N] [--keep]\n"
		    "ioremap --phys ADDR --size SIZE\nmap KIND [...]\nunmap ID\nstatus\nbounds\nexhaust [vmalloc] [--pages N]\nexhaust arena\noverask [--size SIZE]\n"
		    "jit [--size ROOM] [--filter socket|seccomp]",
};
