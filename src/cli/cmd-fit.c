// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl fit SIZE: would a vmalloc or vmap of SIZE succeed now, where would
 * it go, and would it after a purge of the lazily freed backlog. The
 * allocator's lowest-address first fit (lib/kstate.h, kfit) over the free
 * tree's blocks read from the kernel, or, from the text, over the gaps
 * between its regions (an estimate: the text shows neither the free tree nor
 * the 6.9+ pools).
 */
#include <argp.h>
#include <err.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/kview.h"
#include "kernel/space-load.h"
#include "lib/kstate.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"
#include "lib/parse.h"
#include "lib/units.h"

/* exit status: fits, does not, cannot tell */
#define FIT_YES 0
#define FIT_NO 1
#define FIT_ERROR 2

enum {
	FCOL_REQUEST, FCOL_NEEDS, FCOL_ALIGN, FCOL_AREA, FCOL_FITS, FCOL_START, FCOL_HOLE, FCOL_HOLE_SIZE,
	FCOL_AFTER_PURGE, FCOL_PURGE_START, FCOL_COUNT, FCOL_POOLED, FCOL_SOURCE, FCOL_REASON,
};

static const struct colinfo fit_cols[] = {
	[FCOL_REQUEST]     = { "REQUEST", 6, SCOLS_FL_RIGHT, "the size asked for", SCOLS_JSON_NUMBER, CK_SIZE },
	[FCOL_NEEDS]       = { "NEEDS", 6, SCOLS_FL_RIGHT, "address space it takes: whole pages and the guard page", SCOLS_JSON_NUMBER, CK_SIZE },
	[FCOL_ALIGN]       = { "ALIGN", 5, SCOLS_FL_RIGHT, "alignment of its start", SCOLS_JSON_NUMBER, CK_SIZE },
	[FCOL_AREA]        = { "AREA", 7, 0, "vmalloc or modules", SCOLS_JSON_STRING, CK_STR },
	[FCOL_FITS]        = { "FITS", 4, 0, "would it succeed now", SCOLS_JSON_BOOLEAN, CK_STR },
	[FCOL_START]       = { "START", 18, SCOLS_FL_RIGHT, "where it would go: the lowest fit", SCOLS_JSON_STRING, CK_ADDR },
	[FCOL_HOLE]        = { "HOLE", 18, SCOLS_FL_RIGHT, "the start of the free block it would come from", SCOLS_JSON_STRING, CK_ADDR },
	[FCOL_HOLE_SIZE]   = { "HOLE-SIZE", 6, SCOLS_FL_RIGHT, "that block's size", SCOLS_JSON_NUMBER, CK_SIZE },
	[FCOL_AFTER_PURGE] = { "AFTER-PURGE", 4, 0, "would it succeed once the lazily freed areas (and 6.9+'s pools) are given back: the kernel does that and retries before it fails", SCOLS_JSON_BOOLEAN, CK_STR },
	[FCOL_PURGE_START] = { "PURGE-START", 18, SCOLS_FL_RIGHT, "where it would go then", SCOLS_JSON_STRING, CK_ADDR },
	[FCOL_COUNT]       = { "COUNT", 5, SCOLS_FL_RIGHT, "how many of it would succeed one after another (the kernel purging once when one fails), nothing else allocating meanwhile; at most 1,000,000", SCOLS_JSON_NUMBER, CK_NUM },
	[FCOL_POOLED]      = { "POOLED", 6, SCOLS_FL_RIGHT, "freed areas of exactly this size in the nodes' pools, which a CPU of their node takes first (6.9+, up to 1 MiB)", SCOLS_JSON_NUMBER, CK_NUM },
	[FCOL_SOURCE]      = { "SOURCE", 6, 0, "kernel (its free tree) or text (an estimate from /proc/vmallocinfo)", SCOLS_JSON_STRING, CK_STR },
	[FCOL_REASON]      = { "REASON", 30, SCOLS_FL_WRAP, "with hidden addresses, what the answer rests on (shown then): why it cannot be told, or the free bytes it exceeds; null when the addresses were read", SCOLS_JSON_STRING, CK_STR },
};
static const int fit_defaults[] = {
	FCOL_REQUEST, FCOL_NEEDS, FCOL_AREA, FCOL_FITS, FCOL_START, FCOL_HOLE_SIZE, FCOL_AFTER_PURGE, FCOL_COUNT,
	FCOL_SOURCE,
};
/* hidden addresses: REASON too */
static const int hidden_defaults[] = {
	FCOL_REQUEST, FCOL_NEEDS, FCOL_AREA, FCOL_FITS, FCOL_START, FCOL_HOLE_SIZE, FCOL_AFTER_PURGE, FCOL_COUNT,
	FCOL_SOURCE, FCOL_REASON,
};
static const struct viewdesc fit_views[] = { VIEWDESC1("fit", NULL, fit_cols, fit_defaults) };

struct fit_args {
	struct outopts out;	/* first: see out_children */
	uint64_t size, align;
	int modules, no_guard;
	const char *size_arg;
};

enum { OPT_ALIGN = 0x300, OPT_AREA, OPT_NO_GUARD };

static const struct argp_option fit_options[] = {
	{ "align", OPT_ALIGN, "BYTES", 0, "alignment of the start, a power of two (default: a page)", 1 },
	{ "area", OPT_AREA, "vmalloc|modules", 0, "where to look (default vmalloc)", 1 },
	{ "no-guard", OPT_NO_GUARD, NULL, 0, "without the guard page (VM_NO_GUARD)", 1 },
	{ 0 }
};

static error_t fit_parse(int key, char *arg, struct argp_state *st)
{
	struct fit_args *a = st->input;

	switch (key) {
	case OPT_ALIGN:
		if (parse_size(arg, &a->align) || !a->align || (a->align & (a->align - 1)))
			argp_error(st, "--align: '%s' is not a power of two", arg);
		break;
	case OPT_AREA:
		if (!strcmp(arg, "modules"))
			a->modules = 1;
		else if (strcmp(arg, "vmalloc"))
			argp_error(st, "--area: '%s' is neither vmalloc nor modules", arg);
		break;
	case OPT_NO_GUARD:
		a->no_guard = 1;
		break;
	case ARGP_KEY_ARG:
		if (a->size_arg)
			argp_error(st, "one SIZE only");
		a->size_arg = arg;
		if (parse_size(arg, &a->size) || !a->size)
			argp_error(st, "invalid size: '%s'", arg);
		break;
	case ARGP_KEY_END:
		if (!a->size_arg && !a->out.list_columns)
			argp_error(st, "SIZE is missing");
		return args_none(key, arg, st);
	default:
		return args_none(key, arg, st);
	}
	return 0;
}

static const struct argp fit_argp = {
	fit_options, fit_parse, "SIZE",
	"Would a vmalloc or vmap of SIZE (4K, 2M, 1G, ...) succeed now, and where would it "
	"go: the kernel's lowest-address first fit over its free tree, read through "
	"/proc/kcore (root). Also whether it would once the lazily freed areas are purged. "
	"From /proc/vmallocinfo alone (real addresses) the answer is an estimate.\v"
	"Exit status: 0 it fits, 1 it does not, 2 it cannot be told, 64 usage error.",
	space_children, out_help, NULL
};

enum which { ALL, BUSY, LAZY };

/* the regions' ranges (all, the busy ones, the lazily freed ones), sorted by start */
static struct kva *text_ranges(const struct vmspace *vs, enum which w, size_t *n)
{
	struct kva *v = malloc((vs->n ? vs->n : 1) * sizeof(*v));
	size_t i, k = 0;

	if (!v)
		err(FIT_ERROR, "out of memory");
	for (i = 0; i < vs->n; i++) {
		const struct vmi_entry *e = vs->r[i].e;
		int lazy = (e->tags & VMI_UNPURGED) != 0;

		if (w == ALL || (w == LAZY) == lazy)
			v[k++] = (struct kva){ e->start, e->end };
	}
	/* the text is sorted, or (6.9+) in a run a vmap node: linear either way */
	if (radix_sort_u64(v, k, sizeof(*v), offsetof(struct kva, start)))
		err(FIT_ERROR, "out of memory");
	*n = k;
	return v;
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
	uint64_t area = 0, all = 0, busy = 0;
	int known = 0, fits = -1, later = -1;
	char reason[512], t1[32], t2[32];
	size_t i;

	if (a->modules) {
		area = X86_64_MODULES_END - X86_64_MODULES_VADDR;
		known = 1;
	} else if (!space_text_total(sf, &area)) {
		for (i = 0; i < sf->vs.n; i++) {
			const struct region *r = &sf->vs.r[i];

			if (region_is_module_memory(r))
				continue;
			u64_acc(&all, r->e->size);
			if (!(r->e->tags & VMI_UNPURGED))
				u64_acc(&busy, r->e->size);
		}
		known = 1;
	}
	snprintf(reason, sizeof(reason), "%s: where a new area goes cannot be told", hint_hidden(sf->vs.mode));
	if (known) {
		uint64_t free_now = area > all ? area - all : 0, free_later = area > busy ? area - busy : 0;

		if (need > free_later)
			fits = later = 0;
		else if (need > free_now)
			fits = 0;
		if (!fits) {
			size_to_human(need > free_now && !a->modules ? free_now : area, t1, sizeof(t1));
			size_to_human(area, t2, sizeof(t2));
			snprintf(reason, sizeof(reason), "%s: larger than the %s area's %s free (of %s)%s, wherever the regions are",
				 hint_hidden(sf->vs.mode), a->modules ? "modules" : "vmalloc",
				 a->modules ? t2 : t1, t2, later ? ", until a purge" : "");
		}
	}
	if (fits)
		warnx("%s: %s; %s, or run vmapctl as root with /proc/kcore",
		      sysfile_path(sf->sysroot, "/proc/vmallocinfo"), reason, sysfile_kptr_hint(sf->sysroot));
	out_view_with(&v, &a->out, 0, hidden_defaults, ARRAY_SIZE(hidden_defaults));
	ln = out_line(&v);
	out_size(&v, ln, FCOL_REQUEST, a->size);
	out_size(&v, ln, FCOL_NEEDS, need);
	out_size(&v, ln, FCOL_ALIGN, a->align);
	out_str(&v, ln, FCOL_AREA, a->modules ? "modules" : "vmalloc");
	tri(&v, ln, FCOL_FITS, fits);
	out_str(&v, ln, FCOL_START, NULL);
	out_str(&v, ln, FCOL_HOLE, NULL);
	out_str(&v, ln, FCOL_HOLE_SIZE, NULL);
	tri(&v, ln, FCOL_AFTER_PURGE, later);
	out_str(&v, ln, FCOL_PURGE_START, NULL);
	if (!later)
		out_num(&v, ln, FCOL_COUNT, 0);
	else
		out_str(&v, ln, FCOL_COUNT, NULL);
	out_str(&v, ln, FCOL_POOLED, NULL);
	out_str(&v, ln, FCOL_SOURCE, "text");
	out_str(&v, ln, FCOL_REASON, reason);
	if (out_print(views, 1))
		return FIT_ERROR;
	return fits ? FIT_ERROR : FIT_NO;
}

static int cmd_fit(int argc, char *argv[])
{
	struct fit_args a = { .out = { fit_views, 1 }, .align = PAGE_SIZE };
	struct space_files sf;
	struct outview v, *views[1] = { &v };
	struct kva *now = NULL, *later = NULL, *lazy = NULL;
	size_t nnow = 0, nlater = 0, nlazy = 0;
	int64_t count;
	uint64_t need, vstart, vend, at = 0, at2 = 0, pooled = 0;
	const struct kva *blk = NULL, *blk2 = NULL;
	int fits, fits2, rc;
	struct libscols_line *ln;

	cmd_parse(&fit_argp, argc, argv, &a, &a.out);
	need = ((a.size + PAGE_SIZE - 1) & PAGE_MASK) + (a.no_guard ? 0 : PAGE_SIZE);
	if (need < a.size)
		errx(FIT_ERROR, "%s: too big", a.size_arg);
	if (space_read(&sf, a.out.sysroot, NEED_MODULES | NEED_MEMINFO | space_source_need(&a.out, NEED_EXACT)) ||
	    space_build(&sf, NEED_MODULES | NEED_MEMINFO | NEED_QUIET, a.out.strict)) {
		space_unload(&sf);
		return FIT_ERROR;
	}
	if (sf.kernel) {
		vstart = a.modules ? sf.mstart : sf.vstart;
		vend = a.modules ? sf.mend : sf.vend;
		now = sf.ks.free;
		nnow = sf.ks.nfree;
		/*
		 * What a failed allocation gets back before it retries: the lazily
		 * freed areas, and (6.9+) every node's pool, fully decayed into the
		 * free tree (reclaim_and_purge_vmap_areas)
		 */
		if (kva_union(sf.ks.lazy, sf.ks.nlazy, sf.ks.pool, sf.ks.npool, &lazy, &nlazy) ||
		    kva_union(sf.ks.free, sf.ks.nfree, lazy, nlazy, &later, &nlater))
			err(FIT_ERROR, "out of memory");
		if (sf.ks.nodes && need <= 256 * PAGE_SIZE) {	/* MAX_VA_SIZE_PAGES */
			size_t i;

			for (i = 0; i < sf.ks.npool; i++)
				pooled += sf.ks.pool[i].end - sf.ks.pool[i].start == need;
		}
	} else {
		struct kva *all, *busy;
		size_t nall, nbusy;

		if (sf.vs.mode != ADDR_REAL) {
			rc = fit_hidden(&a, &sf, need);
			space_unload(&sf);
			return rc;
		}
		if (a.modules) {
			vstart = X86_64_MODULES_VADDR;
			vend = X86_64_MODULES_END;
		} else {
			if (space_text_area(&sf, vmspace_text_vstart(&sf.vs), &vstart, &vend)) {
				warnx("%s: the vmalloc area's bounds are not known", sysfile_path(sf.sysroot, "/proc/meminfo"));
				space_unload(&sf);
				return FIT_ERROR;
			}
		}
		sysfile_note("an estimate from %s: the free tree is not in the text, the lowest region is taken as the area's start, and freed areas kept in pools (6.9+) look free",
		      sysfile_path(sf.sysroot, "/proc/vmallocinfo"));
		all = text_ranges(&sf.vs, ALL, &nall);
		busy = text_ranges(&sf.vs, BUSY, &nbusy);
		if (kva_complement(all, nall, vstart, vend, &now, &nnow) ||
		    kva_complement(busy, nbusy, vstart, vend, &later, &nlater))
			err(FIT_ERROR, "out of memory");
		{	/* lazily freed areas, merged where they touch */
			size_t nl;
			struct kva *l = text_ranges(&sf.vs, LAZY, &nl);

			if (kva_union(l, nl, NULL, 0, &lazy, &nlazy))
				err(FIT_ERROR, "out of memory");
			free(l);
		}
		free(all);
		free(busy);
	}
	fits = kfit(now, nnow, need, a.align, vstart, vend, &at, &blk) == 0;
	fits2 = kfit(later, nlater, need, a.align, vstart, vend, &at2, &blk2) == 0;
	count = kfit_count(now, nnow, lazy, nlazy, need, a.align, vstart, vend, 1000000);
	if (count < 0)
		err(FIT_ERROR, "out of memory");

	out_view(&v, &a.out, 0);
	v.addr_digits = sf.vs.addr_digits;
	ln = out_line(&v);
	out_size(&v, ln, FCOL_REQUEST, a.size);
	out_size(&v, ln, FCOL_NEEDS, need);
	out_size(&v, ln, FCOL_ALIGN, a.align);
	out_str(&v, ln, FCOL_AREA, a.modules ? "modules" : "vmalloc");
	out_bool(&v, ln, FCOL_FITS, fits);
	out_addr(&v, ln, FCOL_START, at, fits);
	out_addr(&v, ln, FCOL_HOLE, fits ? blk->start : 0, fits);
	if (fits)
		out_size(&v, ln, FCOL_HOLE_SIZE, blk->end - blk->start);
	else
		out_str(&v, ln, FCOL_HOLE_SIZE, NULL);
	out_bool(&v, ln, FCOL_AFTER_PURGE, fits2);
	out_addr(&v, ln, FCOL_PURGE_START, at2, fits2);
	out_num(&v, ln, FCOL_COUNT, (uint64_t)count);
	if (sf.kernel && sf.ks.nodes)
		out_num(&v, ln, FCOL_POOLED, pooled);
	else
		out_str(&v, ln, FCOL_POOLED, NULL);
	out_str(&v, ln, FCOL_SOURCE, sf.kernel ? "kernel" : "text");
	rc = out_print(views, 1);
	if (!sf.kernel)
		free(now);
	free(lazy);
	free(later);
	space_unload(&sf);
	return rc ? FIT_ERROR : fits ? FIT_YES : FIT_NO;
}

const struct vmapctl_cmd vmapctl_cmd_fit = {
	.name = "fit",
	.run = cmd_fit,
	.help = "would a vmalloc of SIZE succeed now, and where would it go",
};
