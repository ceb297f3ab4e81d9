// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl fit SIZE: would a vmalloc or vmap of SIZE succeed now, where would
 * it go, and would it after a purge of the lazily freed backlog. The
 * allocator's lowest-address first fit (lib/fit.h) over the free tree's
 * blocks read from the kernel, or, from the text, over the gaps between its
 * regions (an estimate: the text shows neither the free tree nor the 6.9+
 * pools).
 */
#include <argp.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/space-load.h"
#include "kernel/sysfile.h"
#include "lib/area.h"
#include "lib/fit.h"
#include "lib/hints.h"
#include "lib/units.h"

/* exit status: fits, does not, cannot tell */
#define FIT_YES 0
#define FIT_NO 1
#define FIT_ERROR 2

enum {
	FIT_COL_REQUEST, FIT_COL_NEEDS, FIT_COL_ALIGN, FIT_COL_AREA, FIT_COL_FITS, FIT_COL_START, FIT_COL_HOLE, FIT_COL_HOLE_SIZE,
	FIT_COL_AFTER_PURGE, FIT_COL_PURGE_START, FIT_COL_COUNT, FIT_COL_POOLED, FIT_COL_SOURCE, FIT_COL_REASON,
};

static const struct colinfo fit_cols[] = {
	[FIT_COL_REQUEST]     = { "REQUEST", 6, SCOLS_FL_RIGHT, "the size asked for", CK_SIZE },
	[FIT_COL_NEEDS]       = { "NEEDS", 6, SCOLS_FL_RIGHT, "address space it takes: whole pages and the guard page", CK_SIZE },
	[FIT_COL_ALIGN]       = { "ALIGN", 5, SCOLS_FL_RIGHT, "alignment of its start", CK_SIZE },
	[FIT_COL_AREA]        = { "AREA", 7, 0, "vmalloc or modules", CK_STR },
	[FIT_COL_FITS]        = { "FITS", 4, 0, "would it succeed now", CK_BOOL },
	[FIT_COL_START]       = { "START", 18, SCOLS_FL_RIGHT, "where it would go: the lowest fit", CK_ADDR },
	[FIT_COL_HOLE]        = { "HOLE", 18, SCOLS_FL_RIGHT, "the start of the free block it would come from", CK_ADDR },
	[FIT_COL_HOLE_SIZE]   = { "HOLE-SIZE", 6, SCOLS_FL_RIGHT, "that block's size", CK_SIZE },
	[FIT_COL_AFTER_PURGE] = { "AFTER-PURGE", 4, 0, "would it succeed once the lazily freed areas (and 6.9+'s pools) are given back: the kernel does that and retries before it fails", CK_BOOL },
	[FIT_COL_PURGE_START] = { "PURGE-START", 18, SCOLS_FL_RIGHT, "where it would go then", CK_ADDR },
	[FIT_COL_COUNT]       = { "COUNT", 5, SCOLS_FL_RIGHT, "how many of it would succeed one after another (the kernel purging once when one fails), nothing else allocating meanwhile; at most 1,000,000", CK_NUM },
	[FIT_COL_POOLED]      = { "POOLED", 6, SCOLS_FL_RIGHT, "freed areas of exactly this size in the nodes' pools, which a CPU of their node takes first (6.9+, up to 1 MiB)", CK_NUM },
	[FIT_COL_SOURCE]      = { "SOURCE", 6, 0, "kernel (its free tree) or text (an estimate from /proc/vmallocinfo)", CK_STR },
	[FIT_COL_REASON]      = { "REASON", 30, SCOLS_FL_WRAP, "with hidden addresses, what the answer rests on (shown then): why it cannot be told, or the free bytes it exceeds; null when the addresses were read", CK_STR },
};
static const int fit_defaults[] = {
	FIT_COL_REQUEST, FIT_COL_NEEDS, FIT_COL_AREA, FIT_COL_FITS, FIT_COL_START, FIT_COL_HOLE_SIZE, FIT_COL_AFTER_PURGE, FIT_COL_COUNT,
	FIT_COL_SOURCE,
};
/* hidden addresses: REASON too */
static const int hidden_defaults[] = {
	FIT_COL_REQUEST, FIT_COL_NEEDS, FIT_COL_AREA, FIT_COL_FITS, FIT_COL_START, FIT_COL_HOLE_SIZE, FIT_COL_AFTER_PURGE, FIT_COL_COUNT,
	FIT_COL_SOURCE, FIT_COL_REASON,
};
static const struct viewdesc fit_views[] = { VIEWDESC1("fit", NULL, fit_cols, fit_defaults) };

struct fit_args {
	struct outopts out;	/* first: see out_children */
	uint64_t size, align;
	int modules, no_guard;
	const char *size_arg;
};

enum { OPT_ALIGN = 0x300, OPT_AREA, OPT_NO_GUARD };

static const char fit_doc[] =
	"Would a vmalloc or vmap of SIZE (4K, 2M, 1G, ...) succeed now, and where would it "
	"go: the kernel's lowest-address first fit over its free tree, read through "
	"/proc/kcore (root). Also whether it would once the lazily freed areas are purged. "
	"From /proc/vmallocinfo alone (real addresses) the answer is an estimate.\v"
	"Exit status: 0 it fits, 1 it does not, 2 it cannot be told, 64 usage error.";

static const struct cmdopt fit_options[] = {
	{ { "align", OPT_ALIGN, "BYTES", 0, "alignment of the start, a power of two (default: a page)", 1 }, OPT_OWN },
	{ { "area", OPT_AREA, "vmalloc|modules", 0, "where to look (default vmalloc)", 1 },
	  OPT_CHOICE(struct fit_args, modules) },
	{ { "no-guard", OPT_NO_GUARD, NULL, 0, "without the guard page (VM_NO_GUARD)", 1 },
	  OPT_FLAG(struct fit_args, no_guard) },
	OPT_END
};

/* --align, a power of two; SIZE, one */
static error_t fit_parse(int key, char *arg, struct argp_state *st)
{
	struct fit_args *a = st->input;

	if (key == OPT_ALIGN) {
		if (parse_size(arg, &a->align) || !a->align || (a->align & (a->align - 1)))
			argp_error(st, "--align: '%s' is not a power of two", arg);
	} else if (key == ARGP_KEY_ARG) {
		if (a->size_arg)
			argp_error(st, "one SIZE only");
		a->size_arg = arg;
		if (parse_size(arg, &a->size) || !a->size)
			argp_error(st, "invalid size: '%s'", arg);
	} else if (key == ARGP_KEY_END && !a->size_arg && !a->out.list_columns) {
		argp_error(st, "SIZE is missing");
	} else {
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* a yes/no that may be unknown (-1): null */
static void tri(struct outview *v, struct libscols_line *ln, int id, int yes)
{
	if (yes < 0)
		out_str(v, ln, id, NULL);
	else
		out_bool(v, ln, id, yes);
}

/*
 * Hidden addresses: where it would go cannot be told, but a request larger
 * than the area's free bytes (its size less every region's that is surely in
 * it: module memory, which x86_64 keeps apart, left out) fails wherever the
 * regions are. FIT_NO then, else FIT_ERROR; the row printed either way.
 */
static int fit_hidden(const struct fit_args *a, struct space_files *sf, uint64_t need)
{
	struct outview v, *views[1] = { &v };
	struct libscols_line *ln;
	struct fit_bound b = { -1, -1, 0, 0 };
	uint64_t area = 0;
	char reason[512], t1[32], t2[32];

	snprintf(reason, sizeof(reason), "%s: where a new area goes cannot be told", hint_hidden(sf->vs.mode));
	if (a->modules)
		area = X86_64_MODULES_END - X86_64_MODULES_VADDR;
	if (a->modules || !space_text_total(sf, &area))
		fit_hidden_bound(&sf->vs, a->modules, area, need, &b);
	if (!b.fits) {
		size_to_human(need > b.free_now && !a->modules ? b.free_now : area, t1, sizeof(t1));
		size_to_human(area, t2, sizeof(t2));
		snprintf(reason, sizeof(reason), "%s: larger than the %s area's %s free (of %s)%s, wherever the regions are",
			 hint_hidden(sf->vs.mode), a->modules ? "modules" : "vmalloc",
			 a->modules ? t2 : t1, t2, b.fits_later ? ", until a purge" : "");
	}
	if (b.fits)
		warnx("%s: %s; %s, or run vmapctl as root with /proc/kcore",
		      sysfile_path(sf->sysroot, "/proc/vmallocinfo"), reason, sysfile_kptr_hint(sf->sysroot));
	out_view_with(&v, &a->out, 0, hidden_defaults, ARRAY_SIZE(hidden_defaults));
	ln = out_line(&v);
	out_size(&v, ln, FIT_COL_REQUEST, a->size);
	out_size(&v, ln, FIT_COL_NEEDS, need);
	out_size(&v, ln, FIT_COL_ALIGN, a->align);
	out_str(&v, ln, FIT_COL_AREA, a->modules ? "modules" : "vmalloc");
	tri(&v, ln, FIT_COL_FITS, b.fits);
	out_str(&v, ln, FIT_COL_START, NULL);
	out_str(&v, ln, FIT_COL_HOLE, NULL);
	out_str(&v, ln, FIT_COL_HOLE_SIZE, NULL);
	tri(&v, ln, FIT_COL_AFTER_PURGE, b.fits_later);
	out_str(&v, ln, FIT_COL_PURGE_START, NULL);
	if (!b.fits_later)
		out_num(&v, ln, FIT_COL_COUNT, 0);
	else
		out_str(&v, ln, FIT_COL_COUNT, NULL);
	out_str(&v, ln, FIT_COL_POOLED, NULL);
	out_str(&v, ln, FIT_COL_SOURCE, "text");
	out_str(&v, ln, FIT_COL_REASON, reason);
	if (out_print(views, 1))
		return FIT_ERROR;
	return b.fits ? FIT_ERROR : FIT_NO;
}

/* the answer's row: 0, or -1 */
static int fit_row(const struct fit_args *a, const struct space_files *sf, uint64_t need, const struct fit_answer *f)
{
	struct outview v, *views[1] = { &v };
	struct libscols_line *ln;

	out_view(&v, &a->out, 0);
	v.addr_digits = sf->vs.addr_digits;
	ln = out_line(&v);
	out_size(&v, ln, FIT_COL_REQUEST, a->size);
	out_size(&v, ln, FIT_COL_NEEDS, need);
	out_size(&v, ln, FIT_COL_ALIGN, a->align);
	out_str(&v, ln, FIT_COL_AREA, a->modules ? "modules" : "vmalloc");
	out_bool(&v, ln, FIT_COL_FITS, f->fits);
	out_addr(&v, ln, FIT_COL_START, f->at, f->fits);
	out_addr(&v, ln, FIT_COL_HOLE, f->hole.start, f->fits);
	if (f->fits)
		out_size(&v, ln, FIT_COL_HOLE_SIZE, f->hole.end - f->hole.start);
	else
		out_str(&v, ln, FIT_COL_HOLE_SIZE, NULL);
	out_bool(&v, ln, FIT_COL_AFTER_PURGE, f->fits_later);
	out_addr(&v, ln, FIT_COL_PURGE_START, f->at_later, f->fits_later);
	out_num(&v, ln, FIT_COL_COUNT, f->count);
	if (f->have_pooled)
		out_num(&v, ln, FIT_COL_POOLED, f->pooled);
	else
		out_str(&v, ln, FIT_COL_POOLED, NULL);
	out_str(&v, ln, FIT_COL_SOURCE, sf->kernel ? "kernel" : "text");
	return out_print(views, 1);
}

/* the kernel's free tree, or the text's estimate (real addresses): FIT_YES, FIT_NO or FIT_ERROR */
static int fit(const struct fit_args *a, struct space_files *sf, uint64_t need)
{
	struct fit_answer f;
	uint64_t vstart, vend;
	int rc;

	if (space_alloc_bounds(sf, a->modules, vmspace_text_vstart(&sf->vs), &vstart, &vend))
		return FIT_ERROR;
	if (!sf->kernel)
		out_note(&a->out, "an estimate from %s: the free tree is not in the text, %s, and freed areas kept in pools (6.9+) look free",
		      sysfile_path(sf->sysroot, "/proc/vmallocinfo"),
		      a->modules ? "the module allocator's KASLR start is not in it (the area's first page is taken)"
				 : "the lowest region is taken as the area's start");
	rc = sf->kernel ? fit_kernel(&sf->ks, need, a->align, vstart, vend, &f)
			: fit_text(&sf->vs, need, a->align, vstart, vend, &f);
	if (rc)
		err(FIT_ERROR, "out of memory");
	if (fit_row(a, sf, need, &f))
		return FIT_ERROR;
	return f.fits ? FIT_YES : FIT_NO;
}

static int cmd_fit(int argc, char *argv[])
{
	struct fit_args a = { .out = { fit_views, 1 }, .align = PAGE_SIZE };
	struct space_files sf;
	uint64_t need;
	int rc;

	cmd_args(&vmapctl_cmd_fit, argc, argv, &a);
	if (fit_need(a.size, !a.no_guard, &need))
		errx(FIT_ERROR, "%s: too big", a.size_arg);
	if (space_read(&sf, a.out.sysroot, NEED_MODULES | NEED_MEMINFO | space_source_need(&a.out, NEED_EXACT)) ||
	    space_build(&sf, NEED_MODULES | NEED_MEMINFO | NEED_HIDDEN_TOLD | (a.out.quiet ? NEED_QUIET : 0), a.out.strict))
		rc = FIT_ERROR;
	else if (!sf.kernel && sf.vs.mode != ADDR_REAL)
		rc = fit_hidden(&a, &sf, need);
	else
		rc = fit(&a, &sf, need);
	space_unload(&sf);
	return rc;
}

const struct vmapctl_cmd vmapctl_cmd_fit = {
	.name = "fit", .run = cmd_fit,
	.help = "would a vmalloc of SIZE succeed now, and where would it go",
	.doc = fit_doc, .opts = fit_options, .parse = fit_parse, .children = space_children,
	.args_doc = "SIZE",
};
