// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl metrics: the summary as OpenMetrics text (also valid Prometheus
 * text format 0.0.4), for node_exporter's textfile collector: written to a
 * temporary file beside FILE and renamed over it, so that a scrape never reads
 * half a file. No aggregation over machines: that is Prometheus' work.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/space-load.h"
#include "lib/groups.h"
#include "lib/kstate.h"
#include "lib/units.h"
#include "lib/vdiff.h"

struct metrics_args {
	struct outopts out;	/* first: see input_children (--sysroot, --source, --strict) */
	const char *output;
	unsigned top;
};

enum { OPT_TEXTFILE = 0x300, OPT_TOP, OPT_OLD_OUTPUT };

static const char metrics_doc[] =
	"Print the totals of the vmalloc space as OpenMetrics text: bytes, pages and regions by "
	"type and module, the top callers by bytes (the rest summed as \"other\", so that the "
	"series stay few), VmallocTotal and VmallocUsed, and the free space and lazy backlog "
	"when they are known. For node_exporter's textfile collector or any scraper.";

static const struct cmdopt metrics_options[] = {
	{ { "textfile", OPT_TEXTFILE, "FILE", 0, "write FILE (by a rename: never half written) instead of standard output; "
	    "for node_exporter: a FILE ending in .prom in its --collector.textfile.directory", 1 },
	  OPT_STR(struct metrics_args, output) },
	{ { "top", OPT_TOP, "N", 0, "callers with a series of their own, by bytes (default 20, 0 for all, as in summary); the rest are summed as caller=\"other\"", 1 },
	  OPT_UINT(struct metrics_args, top, 0, 100000, "number of callers") },
	/* --output is a column list in every other command: its old meaning here is refused by name */
	{ { "output", OPT_OLD_OUTPUT, "FILE", OPTION_HIDDEN, NULL, 1 }, OPT_OWN },
	OPT_END
};

static error_t metrics_parse(int key, char *arg, struct argp_state *st)
{
	if (key != OPT_OLD_OUTPUT)
		return ARGP_ERR_UNKNOWN;
	argp_error(st, "--output is a column list in vmapctl's other commands: write the file with --textfile %s", arg);
	return 0;
}

/* a label value, escaped as the format wants (\\, \", \n) */
static void label(FILE *f, const char *name, struct sv v)
{
	size_t i;

	fprintf(f, "%s=\"", name);
	for (i = 0; v.p && i < v.n; i++) {
		char c = v.p[i];

		if (c == '\\' || c == '"')
			fputc('\\', f);
		if (c == '\n')
			fputs("\\n", f);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void gauge_help(FILE *f, const char *name, const char *help, uint64_t v)
{
	family(f, name, help);
	fprintf(f, "%s %" PRIu64 "\n", name, v);
}

static int by_type_module(const void *x, const void *y)
{
	const struct vdiff_group *a = x, *b = y;
	int c = sv_compare(a->type, b->type);

	return c ? c : sv_compare(a->module, b->module);
}

static int by_caller(const void *x, const void *y)
{
	const struct vdiff_group *a = x, *b = y;
	int c = sv_compare(a->func, b->func);

	return c ? c : sv_compare(a->module, b->module);
}

static int by_bytes(const void *x, const void *y)
{
	const struct vdiff_group *a = x, *b = y;

	if (a->after.bytes != b->after.bytes)
		return a->after.bytes > b->after.bytes ? -1 : 1;
	return by_caller(x, y);
}

static struct sv module_label(struct sv m)
{
	return m.p ? m : no_module_word;
}

/* per (type, module): the groups of d merged in place over their first; returns how many */
static size_t merge_runs(struct vdiff_group *g, size_t n, int (*cmp)(const void *, const void *))
{
	size_t i, k = 0;

	qsort(g, n, sizeof(*g), cmp);
	for (i = 0; i < n; i++) {
		if (k && !cmp(&g[k - 1], &g[i])) {
			g[k - 1].after.regions += g[i].after.regions;
			u64_acc(&g[k - 1].after.bytes, g[i].after.bytes);
			u64_acc(&g[k - 1].after.pages, g[i].after.pages);
			continue;
		}
		g[k++] = g[i];
	}
	return k;
}

static void by_type_families(FILE *f, struct vdiff_group *g, size_t n)
{
	static const struct {
		const char *name, *help;
	} fam[] = {
		{ "vmapctl_vmalloc_regions", "Regions of the vmalloc space (lines of /proc/vmallocinfo) by type and module." },
		{ "vmapctl_vmalloc_bytes", "Address space the regions reserve (guard pages included) by type and module." },
		{ "vmapctl_vmalloc_pages", "Pages allocated for the regions (the sum of pages=) by type and module." },
	};
	size_t i, k;

	for (k = 0; k < ARRAY_SIZE(fam); k++) {
		family(f, fam[k].name, fam[k].help);
		for (i = 0; i < n; i++) {
			fprintf(f, "%s{", fam[k].name);
			label(f, "type", g[i].type);
			fputc(',', f);
			label(f, "module", module_label(g[i].module));
			fprintf(f, "} %" PRIu64 "\n",
				k == 0 ? g[i].after.regions : k == 1 ? g[i].after.bytes : g[i].after.pages);
		}
	}
}

static void by_caller_families(FILE *f, struct vdiff_group *g, size_t n, unsigned top)
{
	static const struct sv other = { "other", 5 }, none = { "none", 4 };
	struct vdiff_group rest = { 0 };
	size_t i, k, shown = !top || n < top ? n : top;	/* 0: all, as summary --top 0 */

	for (i = shown; i < n; i++) {
		rest.after.regions += g[i].after.regions;
		u64_acc(&rest.after.bytes, g[i].after.bytes);
	}
	for (k = 0; k < 2; k++) {
		family(f, k ? "vmapctl_vmalloc_caller_regions" : "vmapctl_vmalloc_caller_bytes",
		       k ? "Regions of the top callers (by bytes); caller=\"other\" sums the rest."
			 : "Address space of the top callers' regions (by bytes); caller=\"other\" sums the rest, "
			   "caller=\"none\" the regions printed without a caller.");
		for (i = 0; i <= shown; i++) {
			const struct vdiff_group *x = i < shown ? &g[i] : &rest;

			if (i == shown && shown == n)
				break;
			fprintf(f, "%s{", k ? "vmapctl_vmalloc_caller_regions" : "vmapctl_vmalloc_caller_bytes");
			label(f, "caller", i < shown ? (x->func.p ? x->func : none) : other);
			fputc(',', f);
			label(f, "module", i < shown ? module_label(x->module) : other);
			fprintf(f, "} %" PRIu64 "\n", k ? x->after.regions : x->after.bytes);
		}
	}
}

static void space_families(FILE *f, const struct space_files *sf, const struct vdiff *d)
{
	const struct buf *mi = &sf->meminfo;
	uint64_t vtotal = 0, vused = 0, unpurged = 0;
	int have_total = sf->have_meminfo && !meminfo_get(mi->p, mi->n, "VmallocTotal", &vtotal);
	size_t i;

	if (have_total)
		gauge_help(f, "vmapctl_vmalloc_total_bytes", "Size of the vmalloc space (VmallocTotal of /proc/meminfo).", vtotal);
	if (sf->have_meminfo && !meminfo_get(mi->p, mi->n, "VmallocUsed", &vused))
		gauge_help(f, "vmapctl_vmalloc_used_bytes", "Pages the kernel counts as vmalloc'ed, in bytes (VmallocUsed).", vused);
	for (i = 0; i < sf->vs.n; i++)
		if (sf->vs.r[i].e->tags & VMI_UNPURGED)
			u64_acc(&unpurged, sf->vs.r[i].e->size);
	gauge_help(f, "vmapctl_vmalloc_all_regions_bytes", "Address space of all regions (guard pages included).", d->total.after.bytes);
	gauge_help(f, "vmapctl_vmalloc_unpurged_bytes", "Of which lazily freed areas shown as unpurged vm_area.", unpurged);
	if (sf->kernel) {
		struct karea_use ku;

		kstate_area_use(&sf->ks, sf->vstart, sf->vend, &ku);
		gauge_help(f, "vmapctl_vmalloc_free_bytes", "Free address space of the vmalloc area (the kernel's free tree).", ku.free);
		gauge_help(f, "vmapctl_vmalloc_largest_free_bytes",
			   "Largest free hole of the vmalloc area: the biggest vmalloc that can succeed is this less a guard page.", ku.largest);
		gauge_help(f, "vmapctl_vmalloc_lazy_bytes", "Lazily freed address space waiting for a purge (vmap_lazy_nr).",
			   sf->ks.lazy_pages * PAGE_SIZE);
		gauge_help(f, "vmapctl_vmalloc_lazy_max_bytes", "The backlog that makes the kernel purge (lazy_max_pages()).",
			   sf->ks.lazy_max_pages * PAGE_SIZE);
	} else if (sf->vs.mode == ADDR_REAL && have_total) {
		uint64_t lo, hi;
		struct area_use u;

		if (!space_text_area(sf, vmspace_text_vstart(&sf->vs), &lo, &hi)) {
			if (vmspace_area_use(&sf->vs, lo, hi, 0, &u))
				err(EXIT_ERROR, "out of memory");
			gauge_help(f, "vmapctl_vmalloc_free_bytes",
				   "Free address space of the vmalloc area (gaps between the regions of /proc/vmallocinfo).", u.free);
			gauge_help(f, "vmapctl_vmalloc_largest_free_bytes",
				   "Largest free hole of the vmalloc area: the biggest vmalloc that can succeed is this less a guard page.",
				   u.largest_hole);
		}
	}
	family(f, "vmapctl_info", "Where the figures come from: source is kernel (its own lists) or text (/proc/vmallocinfo).");
	fprintf(f, "vmapctl_info{version=\"%s\",source=\"%s\"} 1\n", VMAPCTL_VERSION, sf->kernel ? "kernel" : "text");
}

/*
 * Module memory by owner (a module's by name), the module area's size, use
 * and holes where it is one of its own, the BPF JIT's part and limit.
 */
static void module_families(FILE *f, const struct space_files *sf)
{
	struct owner_sums os;
	struct groups mods;
	uint64_t lo, hi, regions, used;
	size_t i, k;

	memset(&os, 0, sizeof(os));
	memset(&mods, 0, sizeof(mods));
	for (i = 0; i < sf->vs.n; i++) {
		const struct region *r = &sf->vs.r[i];

		owner_sums_add(&os, r);
		if (r->owner == OWNER_MODULE &&
		    groups_add(&mods, r->module, r->e->size, r->e->has_pages ? r->e->pages : 0))
			err(EXIT_ERROR, "out of memory");
	}
	groups_sort(&mods);
	for (k = 0; k < 2; k++) {
		const char *name = k ? "vmapctl_module_memory_regions" : "vmapctl_module_memory_bytes";
		unsigned o;

		family(f, name, k ? "Regions of module memory by owner (module, bpf, ftrace, kprobes, shared, kernel, unknown); "
				    "a module's by its name, module=\"-\" the others'."
				  : "Address space of module memory (guard pages included) by owner; a module's by its name.");
		for (i = 0; i < mods.n; i++) {
			fprintf(f, "%s{owner=\"module\",", name);
			label(f, "module", mods.v[i].name);
			fprintf(f, "} %" PRIu64 "\n", k ? mods.v[i].regions : mods.v[i].size);
		}
		for (o = OWNER_NONE + 1; o < OWNER_NKINDS; o++)
			if (o != OWNER_MODULE && os.own[o].regions)
				fprintf(f, "%s{owner=\"%s\",module=\"%s\"} %" PRIu64 "\n", name, owner_name(o),
					NO_MODULE_WORD, k ? os.own[o].regions : os.own[o].size);
	}
	groups_free(&mods);
	gauge_help(f, "vmapctl_bpf_jit_bytes",
		   "Address space of the BPF JIT's own regions in module memory (its packs and images; under an execmem ROX cache they are in chunks shared with module text, owner=\"shared\").",
		   os.own[OWNER_BPF].size);
	if (sf->have_jit_charged)
		gauge_help(f, "vmapctl_bpf_jit_charged_bytes",
			   "What the BPF JIT has charged against net.core.bpf_jit_limit (bpf_jit_current; as root only).",
			   sf->jit_charged);
	if (sf->have_jit_limit)
		gauge_help(f, "vmapctl_bpf_jit_limit_bytes",
			   "net.core.bpf_jit_limit: past it the kernel refuses unprivileged BPF loads (ENOTSUPP, 524).", sf->jit_limit);
	if (space_area_bounds_why(sf, 1, vmspace_text_vstart(&sf->vs), &lo, &hi) != AREA_OK)
		return;	/* a 32-bit kernel's modules: in the vmalloc area */
	gauge_help(f, "vmapctl_module_area_bytes", "Size of the module area (x86-64: from 0xffffffffc0000000).", hi - lo);
	if (sf->vs.mode != ADDR_REAL) {
		owner_sums_total(&os, &regions, &used);
		gauge_help(f, "vmapctl_module_area_used_bytes", "Address space the module area's regions reserve.", used);
		return;
	}
	{
		struct area_use u;

		if (vmspace_area_use(&sf->vs, lo, hi, 0, &u))
			err(EXIT_ERROR, "out of memory");
		gauge_help(f, "vmapctl_module_area_used_bytes", "Address space the module area's regions reserve.", u.used);
		gauge_help(f, "vmapctl_module_area_free_bytes", "Free address space of the module area (gaps between its regions).", u.free);
		gauge_help(f, "vmapctl_module_area_largest_free_bytes",
			   "Largest free hole of the module area: the biggest module or BPF pack that can still load is this less a guard page.",
			   u.largest_hole);
	}
}

static int write_metrics(FILE *f, struct space_files *sf, unsigned top)
{
	struct vdiff d;
	size_t n;

	if (vdiff_build(&d, NULL, &sf->vs, VDIFF_UNPURGED))
		err(EXIT_ERROR, "out of memory");
	space_families(f, sf, &d);
	module_families(f, sf);
	n = merge_runs(d.g, d.n, by_type_module);
	by_type_families(f, d.g, n);
	vdiff_free(&d);
	if (vdiff_build(&d, NULL, &sf->vs, VDIFF_UNPURGED))
		err(EXIT_ERROR, "out of memory");
	n = merge_runs(d.g, d.n, by_caller);
	qsort(d.g, n, sizeof(*d.g), by_bytes);
	by_caller_families(f, d.g, n, top);
	vdiff_free(&d);
	fputs("# EOF\n", f);
	return ferror(f) ? -1 : 0;
}

struct metrics_job {
	struct space_files *sf;
	unsigned top;
};

static int write_job(FILE *f, void *ctx)
{
	struct metrics_job *j = ctx;

	return write_metrics(f, j->sf, j->top);
}

static int cmd_metrics(int argc, char *argv[])
{
	struct metrics_args a = { .top = 20 };
	struct space_files sf;
	int rc;

	cmd_args(&vmapctl_cmd_metrics, argc, argv, &a);
	if (space_load(&sf, a.out.sysroot,
		       NEED_MODULES | NEED_MEMINFO | NEED_KALLSYMS | NEED_JIT_LIMIT | NEED_JIT_CHARGED | NEED_HIDDEN_TOLD |
			       space_source_need(&a.out, NEED_EXACT),
		       a.out.strict)) {
		space_unload(&sf);	/* what was read before the error */
		return EXIT_ERROR;
	}
	if (a.output) {
		struct metrics_job j = { &sf, a.top };

		rc = out_file_atomic(a.output, write_job, &j);
	} else
		rc = write_metrics(stdout, &sf, a.top) | fflush(stdout);
	space_unload(&sf);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_metrics = {
	.name = "metrics", .run = cmd_metrics,
	.help = "OpenMetrics text for Prometheus (node_exporter's textfile)",
	.doc = metrics_doc, .opts = metrics_options, .parse = metrics_parse, .children = input_children,
};
