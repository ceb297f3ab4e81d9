// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl layout: this boot's kernel virtual memory map, and how it is used. */
#include <argp.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/kview.h"
#include "kernel/space-load.h"
#include "lib/kstate.h"

enum { LAYOUT_COL_REGION, LAYOUT_COL_START, LAYOUT_COL_END, LAYOUT_COL_SIZE, LAYOUT_COL_SOURCE };

static const struct colinfo layout_cols[] = {
	[LAYOUT_COL_REGION] = { "REGION", 12, 0, "area of the kernel's address space", CK_STR },
	[LAYOUT_COL_START]  = { "START", 18, SCOLS_FL_RIGHT, "first address", CK_ADDR },
	[LAYOUT_COL_END]    = { "END", 18, SCOLS_FL_RIGHT, "end address, exclusive", CK_ADDR },
	[LAYOUT_COL_SIZE]   = { "SIZE", 6, SCOLS_FL_RIGHT, "size", CK_SIZE },
	[LAYOUT_COL_SOURCE] = { "SOURCE", 20, 0, "where vmapctl found it", CK_STR },
};
static const int layout_defaults[] = { LAYOUT_COL_REGION, LAYOUT_COL_START, LAYOUT_COL_END, LAYOUT_COL_SIZE, LAYOUT_COL_SOURCE };

enum {
	USE_COL_AREA, USE_COL_REGIONS, USE_COL_USED, USE_COL_BACKED, USE_COL_SPARSE, USE_COL_FREE, USE_COL_HOLES, USE_COL_LARGEST,
	USE_COL_LAZY, USE_COL_POOLED, USE_COL_SOURCE,
};

static const struct colinfo use_cols[] = {
	[USE_COL_AREA]    = { "AREA", 8, 0, "vmalloc or modules", CK_STR },
	[USE_COL_REGIONS] = { "REGIONS", 7, SCOLS_FL_RIGHT, "regions of vmapctl list in it", CK_NUM },
	[USE_COL_USED]    = { "USED", 6, SCOLS_FL_RIGHT, "address space they take (guard pages and sparse reservations included)", CK_SIZE },
	[USE_COL_BACKED]  = { "BACKED", 6, SCOLS_FL_RIGHT, "memory behind them as the kernel counts it (pages=)", CK_SIZE },
	[USE_COL_SPARSE]  = { "SPARSE", 6, SCOLS_FL_RIGHT, "address space sparse areas reserve (BPF arenas, 6.9+; their pages are not in pages=)", CK_SIZE },
	[USE_COL_FREE]    = { "FREE", 6, SCOLS_FL_RIGHT, "bytes free: the free tree's (kernel source), or what no region covers (text)", CK_SIZE },
	[USE_COL_HOLES]   = { "HOLES", 5, SCOLS_FL_RIGHT, "free holes", CK_NUM },
	[USE_COL_LARGEST] = { "LARGEST-HOLE", 6, SCOLS_FL_RIGHT, "the largest: the biggest allocation that can succeed is this less its guard page", CK_SIZE },
	[USE_COL_LAZY]    = { "LAZY", 6, SCOLS_FL_RIGHT, "of USED, lazily freed: free after the next purge", CK_SIZE },
	[USE_COL_POOLED]  = { "POOLED", 6, SCOLS_FL_RIGHT, "freed areas in the vmap nodes' pools: neither a region nor in the free tree (6.9+, kernel source)", CK_SIZE },
	[USE_COL_SOURCE]  = { "SOURCE", 6, 0, "kernel (its own lists) or text (/proc/vmallocinfo)", CK_STR },
};
static const int use_defaults[] = {
	USE_COL_AREA, USE_COL_REGIONS, USE_COL_USED, USE_COL_BACKED, USE_COL_SPARSE, USE_COL_FREE, USE_COL_HOLES, USE_COL_LARGEST,
	USE_COL_LAZY, USE_COL_POOLED, USE_COL_SOURCE,
};

enum { PAGING_COL_LEVELS, PAGING_COL_TOP };

static const struct colinfo paging_cols[] = {
	[PAGING_COL_LEVELS] = { "LEVELS", 6, SCOLS_FL_RIGHT, "page-table levels in use (4 or 5)", CK_NUM },
	[PAGING_COL_TOP]    = { "TOP-TABLE", 18, SCOLS_FL_RIGHT, "physical address of init_top_pgt", CK_ADDR },
};
static const int paging_defaults[] = { PAGING_COL_LEVELS, PAGING_COL_TOP };

enum { V_LAYOUT, V_PAGING, V_USE };

static const struct viewdesc layout_views[] = {
	[V_LAYOUT] = VIEWDESC("layout", "Kernel virtual memory:", layout_cols, layout_defaults),
	[V_PAGING] = VIEWDESC1("paging", "Paging:", paging_cols, paging_defaults),
	[V_USE]    = VIEWDESC("use", "How the regions of vmapctl list use them:", use_cols, use_defaults),
};

struct layout_args {
	struct outopts out;	/* first: see out_children */
};

static void row(struct outview *v, const char *name, uint64_t start, uint64_t end, int have_end, const char *src)
{
	struct libscols_line *ln = out_line(v);

	out_str(v, ln, LAYOUT_COL_REGION, name);
	out_addr(v, ln, LAYOUT_COL_START, start, 1);
	out_addr(v, ln, LAYOUT_COL_END, end, have_end);
	if (have_end)
		out_size(v, ln, LAYOUT_COL_SIZE, end - start);
	else
		out_str(v, ln, LAYOUT_COL_SIZE, NULL);
	out_str(v, ln, LAYOUT_COL_SOURCE, src);
}

static void use_row(struct outview *v, const char *name, const struct space_files *sf, uint64_t lo, uint64_t hi)
{
	struct libscols_line *ln = out_line(v);
	struct area_use u, busy;

	/* u: every region, the lazily freed ones too; busy: without them */
	if (vmspace_area_use(&sf->vs, lo, hi, 0, &u) || vmspace_area_use(&sf->vs, lo, hi, 1, &busy))
		err(EXIT_ERROR, "out of memory");
	out_str(v, ln, USE_COL_AREA, name);
	out_num(v, ln, USE_COL_REGIONS, u.regions);
	out_size(v, ln, USE_COL_USED, u.used);
	out_size(v, ln, USE_COL_BACKED, u.backed);
	out_size(v, ln, USE_COL_SPARSE, u.sparse);
	out_size(v, ln, USE_COL_LAZY, u.used - busy.used);
	if (sf->kernel) {	/* the free tree's blocks, exactly */
		struct karea_use ku;

		kstate_area_use(&sf->ks, lo, hi, &ku);
		out_size(v, ln, USE_COL_FREE, ku.free);
		out_num(v, ln, USE_COL_HOLES, ku.nfree);
		out_size(v, ln, USE_COL_LARGEST, ku.largest);
		if (sf->ks.nodes)
			out_size(v, ln, USE_COL_POOLED, ku.pool);
		else
			out_str(v, ln, USE_COL_POOLED, NULL);
	} else {
		out_size(v, ln, USE_COL_FREE, u.free);
		out_num(v, ln, USE_COL_HOLES, u.holes);
		out_size(v, ln, USE_COL_LARGEST, u.largest_hole);
		out_str(v, ln, USE_COL_POOLED, NULL);
	}
	out_str(v, ln, USE_COL_SOURCE, sf->kernel ? "kernel" : "text");
}

static void areas(struct outview *lv, const struct kview *kv)
{
	uint64_t ram_end = 0;
	size_t i;

	if (kv->kc.machine == EM_386) {
		lv->addr_digits = 8;
		row(lv, "direct map", kv->page_offset_base, kv->lowmem_end, 1, "kcore RAM (lowmem)");
		row(lv, "vmalloc", kv->vmalloc_base, kv->vmalloc_end, 1, "kcore vmalloc, VmallocTotal");
		row(lv, "kernel text", kv->text_start, kv->text_end, 1, "_text, _etext");
		row(lv, "modules", kv->modules_start, kv->modules_end, 1, "in the vmalloc area");
		return;
	}
	for (i = 0; i < kv->kc.nseg; i++) {	/* RAM segments: their physical end */
		const struct kseg *s = &kv->kc.seg[i];

		if (s->paddr != KSEG_NO_PADDR && s->vaddr == kv->page_offset_base + s->paddr &&
		    s->paddr + s->size > ram_end)
			ram_end = s->paddr + s->size;
	}
	row(lv, "direct map", kv->page_offset_base, kv->page_offset_base + ram_end, 1, "page_offset_base, kcore RAM");
	row(lv, "vmalloc", kv->vmalloc_base, kv->vmalloc_end, 1, "vmalloc_base, VmallocTotal");
	row(lv, "vmemmap", kv->vmemmap_base, 0, 0, "vmemmap_base");
	row(lv, "kernel text", kv->text_start, kv->text_end, 1, "_text, _etext");
	row(lv, "modules", kv->modules_start, kv->modules_end, 1, "x86_64 constants");
}

static void paging(struct outview *pv, const struct kview *kv)
{
	struct libscols_line *ln = out_line(pv);

	if (kv->kc.machine == EM_386)
		pv->addr_digits = 8;
	if (kv->levels)
		out_num(pv, ln, PAGING_COL_LEVELS, kv->levels);
	else
		out_str(pv, ln, PAGING_COL_LEVELS, NULL);
	out_addr(pv, ln, PAGING_COL_TOP, kv->top_pgt_phys, kv->top_pgt_phys != 0);
}

/* the use table, when the regions' addresses are real: 1 made, 0 not */
static int use(struct outview *uv, struct kview *kv, const struct outopts *o)
{
	struct space_files sf;
	unsigned need = NEED_MODULES | space_source_need(o, NEED_EXACT);
	int made = 0;

	if (space_read_with(&sf, o->sysroot, need, kv) == 0 && space_build(&sf, need, o->strict) == 0 &&
	    sf.vs.mode == ADDR_REAL) {
		out_view(uv, o, V_USE);
		use_row(uv, "vmalloc", &sf, kv->vmalloc_base, kv->vmalloc_end);
		if (kv->modules_start != kv->vmalloc_base)
			use_row(uv, "modules", &sf, kv->modules_start, kv->modules_end);
		made = 1;
	}
	space_unload(&sf);
	return made;
}

static const char layout_doc[] =
	"The kernel's virtual memory map on this boot (x86_64): the KASLR-randomised bases "
	"read from /proc/kcore at the addresses /proc/kallsyms gives, the vmalloc and "
	"modules areas and how the regions of 'vmapctl list' use them, and the paging mode. "
	"Needs root.";

static int cmd_layout(int argc, char *argv[])
{
	struct layout_args a = { .out = { layout_views, ARRAY_SIZE(layout_views) } };
	struct kview kv;
	struct outview lv, uv, pv, *views[3] = { &lv, &pv, &uv };
	int rc;

	cmd_args(&vmapctl_cmd_layout, argc, argv, &a);
	if (kview_open(&kv, a.out.sysroot))
		return EXIT_ERROR;
	out_view(&lv, &a.out, V_LAYOUT);
	out_view(&pv, &a.out, V_PAGING);
	areas(&lv, &kv);
	paging(&pv, &kv);
	rc = out_print(views, use(&uv, &kv, &a.out) ? 3 : 2);
	kview_close(&kv);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_layout = {
	.name = "layout", .run = cmd_layout,
	.help = "this boot's kernel memory map: KASLR bases, areas, paging",
	.doc = layout_doc, .children = kcore_children,
};
