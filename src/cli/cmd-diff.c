// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl diff A B: what appeared and vanished between two states of the vmalloc space. */
#include <argp.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/picture-out.h"
#include "kernel/space-load.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"
#include "lib/picture.h"
#include "lib/units.h"
#include "lib/vdiff.h"

/* the totals' columns first: the total view lists those alone (a row of no caller, module or type) */
enum {
	COL_BEFORE, COL_AFTER, COL_CHANGE, COL_SIZE_BEFORE,
	COL_SIZE_AFTER, COL_SIZE_CHANGE, COL_APPEARED, COL_VANISHED, COL_APPEARED_SIZE,
	COL_VANISHED_SIZE, COL_PAGES_CHANGE, COL_MATCH, COL_CALLER, COL_MODULE, COL_TYPE,
};

static const struct colinfo diff_cols[] = {
	[COL_CALLER]        = { "CALLER", 24, SCOLS_FL_TRUNC, "the function that made the regions (null: none printed)", CK_STR },
	[COL_MODULE]        = { "MODULE", 10, 0, "kernel, the module, or null when it cannot be told", CK_STR },
	[COL_TYPE]          = { "TYPE", 8, 0, "what made them (vmalloc, vmap, ioremap, ...)", CK_STR },
	[COL_BEFORE]        = { "BEFORE", 6, SCOLS_FL_RIGHT, "regions in the first state", CK_NUM },
	[COL_AFTER]         = { "AFTER", 6, SCOLS_FL_RIGHT, "regions in the second state", CK_NUM },
	[COL_CHANGE]        = { "CHANGE", 6, SCOLS_FL_RIGHT, "AFTER - BEFORE", CK_NUM },
	[COL_SIZE_BEFORE]   = { "SIZE-BEFORE", 6, SCOLS_FL_RIGHT, "their address space in the first state (guard pages included)", CK_SIZE },
	[COL_SIZE_AFTER]    = { "SIZE-AFTER", 6, SCOLS_FL_RIGHT, "their address space in the second state", CK_SIZE },
	[COL_SIZE_CHANGE]   = { "SIZE-CHANGE", 6, SCOLS_FL_RIGHT, "SIZE-AFTER - SIZE-BEFORE: the growth (the rows are sorted by it)", CK_SIZE },
	[COL_APPEARED]      = { "APPEARED", 6, SCOLS_FL_RIGHT, "regions of the second state not in the first", CK_NUM },
	[COL_VANISHED]      = { "VANISHED", 6, SCOLS_FL_RIGHT, "regions of the first state not in the second", CK_NUM },
	[COL_APPEARED_SIZE] = { "APPEARED-SIZE", 6, SCOLS_FL_RIGHT, "their address space", CK_SIZE },
	[COL_VANISHED_SIZE] = { "VANISHED-SIZE", 6, SCOLS_FL_RIGHT, "their address space", CK_SIZE },
	[COL_PAGES_CHANGE]  = { "PAGES-CHANGE", 6, SCOLS_FL_RIGHT, "change of the pages allocated for them (pages=)", CK_NUM },
	[COL_MATCH]         = { "MATCH", 8, 0, "how regions were matched: address (START, END, caller, type) or caller (caller, SIZE and type: addresses hidden on a side)", CK_STR },
};
static const int diff_defaults[] = {
	COL_CALLER, COL_MODULE, COL_TYPE, COL_BEFORE, COL_AFTER, COL_CHANGE, COL_SIZE_BEFORE,
	COL_SIZE_AFTER, COL_SIZE_CHANGE, COL_APPEARED, COL_VANISHED,
};
/* every column of the totals: -o selects the first table's only, so one left out could never be shown */
static const int total_defaults[] = {
	COL_BEFORE, COL_AFTER, COL_CHANGE, COL_SIZE_BEFORE, COL_SIZE_AFTER, COL_SIZE_CHANGE, COL_APPEARED,
	COL_VANISHED, COL_APPEARED_SIZE, COL_VANISHED_SIZE, COL_PAGES_CHANGE, COL_MATCH,
};

static const struct viewdesc diff_views[] = {
	VIEWDESC("changes", "Changes by caller, module and type:", diff_cols, diff_defaults),
	{ "total", "In all:", diff_cols, COL_MATCH + 1, total_defaults, ARRAY_SIZE(total_defaults), 1 },
};

struct diff_args {
	struct outopts out;	/* first: see out_children */
	const char *state[2];
	uint64_t threshold;
	int all, unpurged;
	const char *module;
	const char *svg;
};

enum { OPT_THRESHOLD = 0x300, OPT_ALL, OPT_UNPURGED, OPT_SVG };

static const char diff_doc[] =
	"Compare two states of the vmalloc space: the regions that appeared and vanished "
	"between A and B, totalled by caller, module and type, largest growth first. A and B "
	"are captures ('vmapctl snapshot DIR') or '-' for the live system (or --sysroot).\v"
	"Regions are matched by address when both states show real addresses, else by "
	"caller, SIZE and type. Lazily freed areas are free and left out (--unpurged counts "
	"them). With --module, only that module's rows and totals count. Exit status: 0 when no row grew by more than --threshold, 2 when one did, "
	"1 on error, 64 usage error.";

static const struct cmdopt diff_options[] = {
	{ { "threshold", OPT_THRESHOLD, "BYTES", 0, "exit 2 only when a row grew by more than this (default 0)", 1 },
	  OPT_SIZE(struct diff_args, threshold) },
	{ { "all", OPT_ALL, NULL, 0, "also the rows that did not change", 1 },
	  OPT_FLAG(struct diff_args, all) },
	{ { "unpurged", OPT_UNPURGED, NULL, 0, "count lazily freed areas (unpurged vm_area), which are left out as free", 1 },
	  OPT_FLAG(struct diff_args, unpurged) },
	{ { "svg", OPT_SVG, "FILE", 0, "also draw B's vmalloc area with what appeared and vanished as SVG (real addresses on both sides)", 1 },
	  OPT_NONEMPTY(struct diff_args, svg) },
	{ { "module", 'm', "NAME[,...]", 0, "only the rows of these modules (\"kernel\" for the core kernel, \"-\" for no module): the rows, totals and exit status; an error when neither state has one", 1 },
	  OPT_NONEMPTY(struct diff_args, module) },
	OPT_END
};

/* A and B: two states, not both the live system */
static error_t diff_parse(int key, char *arg, struct argp_state *st)
{
	struct diff_args *a = st->input;

	if (key == ARGP_KEY_ARG && st->arg_num < 2) {
		a->state[st->arg_num] = args_nonempty(st, arg, st->arg_num ? "B" : "A");
	} else if (key == ARGP_KEY_END && !a->out.list_columns) {
		if (st->arg_num < 2)
			argp_error(st, "two states to compare are needed: A B ('-' for the live system)");
		if (!strcmp(a->state[0], "-") && !strcmp(a->state[1], "-"))
			argp_error(st, "only one of A and B can be the live system ('-')");
	} else {
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int load(struct space_files *sf, const char *state, const struct outopts *o)
{
	const char *sysroot = strcmp(state, "-") ? state : o->sysroot;

	if (!space_load(sf, sysroot, NEED_MODULES | NEED_MEMINFO | NEED_HIDDEN_TOLD | space_source_need(o, NEED_SRC_TEXT),
			o->strict))
		return 0;
	space_unload(sf);	/* what was read before the error */
	return -1;
}

/* a row of a group, or of the totals (no names; match: how regions were matched) */
static void group_row(struct outview *v, const struct vdiff_group *g, const char *match)
{
	struct libscols_line *ln = out_line(v);

	out_sv(v, ln, COL_CALLER, g->func);
	out_sv(v, ln, COL_MODULE, g->module);
	out_sv(v, ln, COL_TYPE, g->type);
	out_num(v, ln, COL_BEFORE, g->before.regions);
	out_num(v, ln, COL_AFTER, g->after.regions);
	out_num_delta(v, ln, COL_CHANGE, g->before.regions, g->after.regions);
	out_size(v, ln, COL_SIZE_BEFORE, g->before.bytes);
	out_size(v, ln, COL_SIZE_AFTER, g->after.bytes);
	out_size_delta(v, ln, COL_SIZE_CHANGE, g->before.bytes, g->after.bytes);
	out_num(v, ln, COL_APPEARED, g->appeared);
	out_num(v, ln, COL_VANISHED, g->vanished);
	out_size(v, ln, COL_APPEARED_SIZE, g->appeared_bytes);
	out_size(v, ln, COL_VANISHED_SIZE, g->vanished_bytes);
	out_num_delta(v, ln, COL_PAGES_CHANGE, g->before.pages, g->after.pages);
	out_str(v, ln, COL_MATCH, match);
}

/* module name m (p NULL: no module, "-") is one of --module's (all are, without it) */
static int named(const struct diff_args *a, struct sv m)
{
	const char *p = a->module;

	if (!p)
		return 1;
	for (;;) {
		size_t n = strcspn(p, ",");

		if (m.p ? m.n == n && !memcmp(m.p, p, n) : n == 1 && *p == '-')
			return 1;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

/* the group is of a module asked for (-m NAME,...; "-": none), or none was asked for */
static int wanted(const struct diff_args *a, const struct vdiff_group *g)
{
	return named(a, g->module);
}

/*
 * --module names something either side knows: a region of it, or a module
 * /proc/modules lists (a module may have no region of its own: on 7.x x86-64
 * its text lies in a chunk of the execmem ROX cache, which is no one module's)
 */
static int module_known(const struct diff_args *a, const struct vdiff *d, const struct space_files *sf)
{
	size_t i, s;

	for (i = 0; i < d->n; i++)
		if (wanted(a, &d->g[i]))
			return 1;
	for (s = 0; s < 2; s++)
		for (i = 0; i < sf[s].vs.mods.n; i++)
			if (named(a, sf[s].vs.mods.v[i].name))
				return 1;
	return 0;
}

/* d's totals over the groups of the module asked for */
static void module_totals(struct vdiff *d, const struct diff_args *a)
{
	struct vdiff_group *t = &d->total;
	size_t i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < d->n; i++) {
		const struct vdiff_group *g = &d->g[i];

		if (!wanted(a, g))
			continue;
		t->before.regions += g->before.regions;
		u64_acc(&t->before.bytes, g->before.bytes);	/* sums saturate: never wrap */
		u64_acc(&t->before.pages, g->before.pages);
		t->after.regions += g->after.regions;
		u64_acc(&t->after.bytes, g->after.bytes);
		u64_acc(&t->after.pages, g->after.pages);
		t->appeared += g->appeared;
		u64_acc(&t->appeared_bytes, g->appeared_bytes);
		t->vanished += g->vanished;
		u64_acc(&t->vanished_bytes, g->vanished_bytes);
	}
}

/* ---- --svg: B's area with what appeared (and A's regions that vanished) ------------- */

enum { DCAT_KEPT, DCAT_APPEARED, DCAT_VANISHED };

struct diff_draw {
	const struct vmspace *a, *b;
};

static void diff_describe(void *ctx, size_t id, char *buf, size_t n)
{
	const struct diff_draw *dd = ctx;
	int gone = id >= dd->b->n;
	const struct region *r = gone ? &dd->a->r[id - dd->b->n] : &dd->b->r[id];
	struct sv m = region_module_sv(r);
	char s[32], at[32];

	u64_to_hex(r->e->start, 16, at);
	size_to_human(r->e->size, s, sizeof(s));
	snprintf(buf, n, "%s%s %s %.*s %.*s %.*s", gone ? "vanished: " : "", at, s, (int)r->type.n, r->type.p,
		 r->e->caller.n ? (int)r->e->caller.n : 1, r->e->caller.n ? r->e->caller.p : "-",
		 m.p ? (int)m.n : 1, m.p ? m.p : "-");
}

static int diff_svg(const struct diff_args *a, const struct space_files *sf, unsigned flags)
{
	const struct vmspace *va = &sf[0].vs, *vb = &sf[1].vs;
	unsigned char *gone = calloc(va->n + 1, 1), *fresh = calloc(vb->n + 1, 1);
	struct pic_region *pr = malloc((va->n + vb->n + 1) * sizeof(*pr));
	struct diff_draw dd = { va, vb };
	struct pic_style st = { { "kept", "appeared", "vanished" }, 3, diff_describe, &dd,
				{ "#b0b0b0", "#2ca02c", "#d62728" } };
	struct picture p;
	struct vdiff d;
	uint64_t lo, hi;
	size_t i, n = 0;
	char title[512];
	int rc = -1;

	if (!gone || !fresh || !pr)
		err(EXIT_ERROR, "out of memory");
	if (space_area_bounds(&sf[1], 0, vmspace_text_vstart(vb), &lo, &hi))
		goto out;
	if (vdiff_build_marks(&d, va, vb, flags, gone, fresh))
		err(EXIT_ERROR, "out of memory");
	vdiff_free(&d);
	for (i = 0; i < vb->n; i++)
		if ((flags & VDIFF_UNPURGED) || !(vb->r[i].e->tags & VMI_UNPURGED))
			pr[n++] = (struct pic_region){ vb->r[i].e->start, vb->r[i].e->end,
						       fresh[i] ? DCAT_APPEARED : DCAT_KEPT, i };
	for (i = 0; i < va->n; i++)
		if (gone[i])
			pr[n++] = (struct pic_region){ va->r[i].e->start, va->r[i].e->end, DCAT_VANISHED, vb->n + i };
	if (radix_sort_u64(pr, n, sizeof(*pr), offsetof(struct pic_region, start)) ||
	    picture_draw(&p, pr, n, lo, hi, 8 * 1000, PIC_COMPRESSED, 3))
		err(EXIT_ERROR, "out of memory");
	snprintf(title, sizeof(title), "vmapctl diff %s %s: %zu appeared, %zu vanished (compressed scale)",
		 a->state[0], a->state[1], p.nregions[DCAT_APPEARED], p.nregions[DCAT_VANISHED]);
	rc = pic_svg(a->svg, &p, &st, 1000, title);
	picture_free(&p);
out:
	free(gone);
	free(fresh);
	free(pr);
	return rc;
}

/* --svg needs real addresses on both sides: said before anything is printed, as map --svg does. 0 or -1 */
static int svg_drawable(const struct space_files *sf)
{
	int i;

	for (i = 0; i < 2; i++)
		if (sf[i].vs.mode != ADDR_REAL) {
			warnx("%s: %s: --svg: there is no layout to draw (%s, or run vmapctl as root with /proc/kcore)",
			      sysfile_path(sf[i].sysroot, "/proc/vmallocinfo"), hint_hidden(sf[i].vs.mode),
			      sysfile_kptr_hint(sf[i].sysroot));
			return -1;
		}
	return 0;
}

static int cmd_diff(int argc, char *argv[])
{
	struct diff_args a = { .out = { diff_views, ARRAY_SIZE(diff_views) } };
	struct space_files sf[2];
	struct outview vc, vt, *views[2] = { &vc, &vt };
	struct vdiff d;
	int grew = 0, rc;
	size_t i;

	cmd_args(&vmapctl_cmd_diff, argc, argv, &a);
	if (load(&sf[0], a.state[0], &a.out))
		return EXIT_ERROR;
	if (load(&sf[1], a.state[1], &a.out)) {
		space_unload(&sf[0]);
		return EXIT_ERROR;
	}
	if (a.svg && svg_drawable(sf)) {
		space_unload(&sf[1]);
		space_unload(&sf[0]);
		return EXIT_ERROR;
	}
	if (vdiff_build(&d, &sf[0].vs, &sf[1].vs, a.unpurged ? VDIFF_UNPURGED : 0))
		err(EXIT_ERROR, "out of memory");
	if (a.module) {	/* a filter that selects nothing checks nothing: a gate with a typo must not pass */
		if (!module_known(&a, &d, sf)) {
			warnx("--module %s: no region of %s in %s nor in %s, nor loaded (\"kernel\" is the core kernel, \"-\" no module; 'vmapctl summary -s DIR' lists them)",
			      a.module, strchr(a.module, ',') ? "these modules" : "this module", a.state[0], a.state[1]);
			vdiff_free(&d);
			space_unload(&sf[1]);
			space_unload(&sf[0]);
			return EXIT_ERROR;
		}
	}
	if (!d.by_address && !out_is_machine(&a.out))
		fprintf(stderr, "vmapctl: %s shows no real addresses: regions matched by caller, size and type\n",
			sf[0].vs.mode != ADDR_REAL ? a.state[0] : a.state[1]);
	vdiff_sort(&d);
	if (a.module)
		module_totals(&d, &a);
	out_view(&vc, &a.out, 0);
	out_title(&vc, diff_views[0].title);
	for (i = 0; i < d.n; i++) {
		const struct vdiff_group *g = &d.g[i];

		if (!wanted(&a, g))
			continue;
		if (g->after.bytes > g->before.bytes && g->after.bytes - g->before.bytes > a.threshold)
			grew = 1;
		if (a.all || vdiff_changed(g))
			group_row(&vc, g, NULL);
	}
	out_view(&vt, &a.out, 1);
	out_title(&vt, diff_views[1].title);
	group_row(&vt, &d.total, d.by_address ? "address" : "caller");
	rc = out_print(views, 2);
	vdiff_free(&d);
	if (a.svg && diff_svg(&a, sf, a.unpurged ? VDIFF_UNPURGED : 0))
		rc = -1;
	space_unload(&sf[1]);
	space_unload(&sf[0]);
	if (rc)
		return EXIT_ERROR;
	return grew ? EXIT_GREW : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_diff = {
	.name = "diff", .run = cmd_diff,
	.help = "what appeared and vanished between two states (leaks)",
	.doc = diff_doc, .opts = diff_options, .parse = diff_parse, .children = space_children,
	.args_doc = "A B",
};
