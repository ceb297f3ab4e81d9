// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl summary: totals per type, per module, top callers; vmalloc space use. */
#include <argp.h>
#include <err.h>
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

enum { GROUP_COL_NAME, GROUP_COL_REGIONS, GROUP_COL_SIZE, GROUP_COL_BACKED, GROUP_COL_PAGES, GROUP_COL_PERCENT };

static const struct colinfo group_cols[] = {
	[GROUP_COL_NAME]    = { "NAME", 20, SCOLS_FL_TRUNC, "the type, module or caller function", CK_STR },
	[GROUP_COL_REGIONS] = { "REGIONS", 7, SCOLS_FL_RIGHT, "number of regions", CK_NUM },
	[GROUP_COL_SIZE]    = { "SIZE", 6, SCOLS_FL_RIGHT, "address space they reserve, guard pages included", CK_SIZE },
	[GROUP_COL_BACKED]  = { "BACKED", 6, SCOLS_FL_RIGHT, "memory behind them as the kernel counts it: PAGES in bytes (a sparse area's pages are not counted)", CK_SIZE },
	[GROUP_COL_PAGES]   = { "PAGES", 6, SCOLS_FL_RIGHT, "pages allocated for them (sum of pages=)", CK_NUM },
	[GROUP_COL_PERCENT] = { "PERCENT", 6, SCOLS_FL_RIGHT, "share of all regions' SIZE", CK_NUM },
};
static const int group_defaults[] = { GROUP_COL_NAME, GROUP_COL_REGIONS, GROUP_COL_SIZE, GROUP_COL_BACKED, GROUP_COL_PAGES, GROUP_COL_PERCENT };

enum {
	SPACE_COL_TOTAL, SPACE_COL_USED, SPACE_COL_REGIONS, SPACE_COL_SIZE, SPACE_COL_BACKED, SPACE_COL_SPARSE, SPACE_COL_UNPURGED, SPACE_COL_HOLES,
	SPACE_COL_LARGEST, SPACE_COL_FREE, SPACE_COL_BACKLOG, SPACE_COL_PURGE_AT, SPACE_COL_POOLED, SPACE_COL_SOURCE,
};

static const struct colinfo total_cols[] = {
	[SPACE_COL_TOTAL]    = { "VMALLOC-TOTAL", 6, SCOLS_FL_RIGHT, "size of the vmalloc space (VmallocTotal)", CK_SIZE },
	[SPACE_COL_USED]     = { "VMALLOC-USED", 6, SCOLS_FL_RIGHT, "pages the kernel counts as vmalloc'ed (VmallocUsed)", CK_SIZE },
	[SPACE_COL_REGIONS]  = { "REGIONS", 6, SCOLS_FL_RIGHT, "regions in /proc/vmallocinfo", CK_NUM },
	[SPACE_COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "address space they reserve (guard pages and sparse areas included)", CK_SIZE },
	[SPACE_COL_BACKED]   = { "BACKED", 6, SCOLS_FL_RIGHT, "memory behind them as the kernel counts it (pages=)", CK_SIZE },
	[SPACE_COL_SPARSE]   = { "SPARSE", 6, SCOLS_FL_RIGHT, "of SIZE, what sparse areas reserve (BPF arenas, 6.9+): address space, not memory", CK_SIZE },
	[SPACE_COL_UNPURGED] = { "UNPURGED", 6, SCOLS_FL_RIGHT, "of which lazily freed, not yet purged", CK_SIZE },
	[SPACE_COL_HOLES]    = { "HOLES", 5, SCOLS_FL_RIGHT, "free holes: the free tree's blocks in the vmalloc area (kernel source), or the gaps between regions (text, real addresses only)", CK_NUM },
	[SPACE_COL_LARGEST]  = { "LARGEST-HOLE", 6, SCOLS_FL_RIGHT, "largest free hole: the biggest vmalloc/vmap that can still succeed is this less its guard page", CK_SIZE },
	[SPACE_COL_FREE]     = { "FREE", 6, SCOLS_FL_RIGHT, "free address space of the vmalloc area: its holes' sum", CK_SIZE },
	[SPACE_COL_BACKLOG]  = { "BACKLOG", 6, SCOLS_FL_RIGHT, "lazily freed, waiting for a purge (the kernel's vmap_lazy_nr; kernel source)", CK_SIZE },
	[SPACE_COL_PURGE_AT] = { "PURGE-AT", 6, SCOLS_FL_RIGHT, "the backlog that makes the kernel purge: lazy_max_pages() (kernel source)", CK_SIZE },
	[SPACE_COL_POOLED]   = { "POOLED", 6, SCOLS_FL_RIGHT, "freed areas kept in the vmap nodes' pools: free, but not in the free tree (6.9+, kernel source)", CK_SIZE },
	[SPACE_COL_SOURCE]   = { "SOURCE", 6, 0, "where the figures come from: kernel (its own lists) or text (/proc/vmallocinfo)", CK_STR },
};
static const int total_defaults[] = {
	SPACE_COL_TOTAL, SPACE_COL_USED, SPACE_COL_REGIONS, SPACE_COL_SIZE, SPACE_COL_BACKED, SPACE_COL_SPARSE, SPACE_COL_UNPURGED, SPACE_COL_HOLES,
	SPACE_COL_LARGEST, SPACE_COL_FREE, SPACE_COL_BACKLOG, SPACE_COL_PURGE_AT, SPACE_COL_POOLED, SPACE_COL_SOURCE,
};

enum { BLOCK_COL_START, BLOCK_COL_END, BLOCK_COL_PAGES, BLOCK_COL_USED, BLOCK_COL_FREE, BLOCK_COL_DIRTY, BLOCK_COL_CPU };

static const struct colinfo block_cols[] = {
	[BLOCK_COL_START] = { "START", 18, SCOLS_FL_RIGHT, "the block's first address", CK_ADDR },
	[BLOCK_COL_END]   = { "END", 18, SCOLS_FL_RIGHT, "its end, exclusive (the vm_map_ram line of list)", CK_ADDR },
	[BLOCK_COL_PAGES] = { "PAGES", 5, SCOLS_FL_RIGHT, "pages of address space it holds", CK_NUM },
	[BLOCK_COL_USED]  = { "USED", 5, SCOLS_FL_RIGHT, "pages handed out by vm_map_ram and not yet given back", CK_NUM },
	[BLOCK_COL_FREE]  = { "FREE", 5, SCOLS_FL_RIGHT, "pages it can still hand out", CK_NUM },
	[BLOCK_COL_DIRTY] = { "DIRTY", 5, SCOLS_FL_RIGHT, "pages given back (vm_unmap_ram) whose TLB entries are not flushed yet: not reusable until then", CK_NUM },
	[BLOCK_COL_CPU]   = { "CPU", 3, SCOLS_FL_RIGHT, "the CPU whose queue holds it (6.9+)", CK_NUM },
};
static const int block_defaults[] = { BLOCK_COL_START, BLOCK_COL_END, BLOCK_COL_PAGES, BLOCK_COL_USED, BLOCK_COL_FREE, BLOCK_COL_DIRTY, BLOCK_COL_CPU };

enum { OWNER_COL_OWNER, OWNER_COL_REGIONS, OWNER_COL_SIZE, OWNER_COL_BACKED, OWNER_COL_PROGS };

static const struct colinfo owner_cols[] = {
	[OWNER_COL_OWNER]   = { "OWNER", 8, 0, "who holds the module memory: module, bpf (the JIT), ftrace, kprobes, shared, kernel, unknown (list's OWNER)", CK_STR },
	[OWNER_COL_REGIONS] = { "REGIONS", 7, SCOLS_FL_RIGHT, "number of regions", CK_NUM },
	[OWNER_COL_SIZE]    = { "SIZE", 6, SCOLS_FL_RIGHT, "address space they reserve, guard pages included", CK_SIZE },
	[OWNER_COL_BACKED]  = { "BACKED", 6, SCOLS_FL_RIGHT, "memory behind them as the kernel counts it (pages=)", CK_SIZE },
	[OWNER_COL_PROGS]   = { "PROGS", 5, SCOLS_FL_RIGHT, "eBPF programs inside, as /proc/kallsyms lists them (not classic BPF); null without kallsyms", CK_NUM },
};
static const int owner_defaults[] = { OWNER_COL_OWNER, OWNER_COL_REGIONS, OWNER_COL_SIZE, OWNER_COL_BACKED, OWNER_COL_PROGS };

enum {
	MAREA_COL_START, MAREA_COL_END, MAREA_COL_SIZE, MAREA_COL_ALLOC_START, MAREA_COL_REGIONS, MAREA_COL_USED, MAREA_COL_HOLES,
	MAREA_COL_LARGEST, MAREA_COL_FREE, MAREA_COL_JIT, MAREA_COL_JIT_CHARGED, MAREA_COL_JIT_LIMIT,
};

static const struct colinfo marea_cols[] = {
	[MAREA_COL_START]     = { "START", 18, SCOLS_FL_RIGHT, "the module area's first address (x86-64: fixed; the kernel's when read)", CK_ADDR },
	[MAREA_COL_END]       = { "END", 18, SCOLS_FL_RIGHT, "its end, exclusive", CK_ADDR },
	[MAREA_COL_SIZE]      = { "SIZE", 6, SCOLS_FL_RIGHT, "its size", CK_SIZE },
	[MAREA_COL_ALLOC_START] = { "ALLOC-START", 18, SCOLS_FL_RIGHT, "where the kernel allocates module memory from (x86-64 KASLR: 1 to 1024 pages in; nothing below is used); null from the text", CK_ADDR },
	[MAREA_COL_REGIONS]   = { "REGIONS", 7, SCOLS_FL_RIGHT, "regions in it, the lazily freed too (hidden addresses: the module memory its callers tell)", CK_NUM },
	[MAREA_COL_USED]      = { "USED", 6, SCOLS_FL_RIGHT, "address space they reserve, guard pages included", CK_SIZE },
	[MAREA_COL_HOLES]     = { "HOLES", 5, SCOLS_FL_RIGHT, "free holes between them (real addresses only)", CK_NUM },
	[MAREA_COL_LARGEST]   = { "LARGEST-HOLE", 6, SCOLS_FL_RIGHT, "largest free hole: the biggest module, or BPF pack, that can still be loaded is this less its guard page", CK_SIZE },
	[MAREA_COL_FREE]      = { "FREE", 6, SCOLS_FL_RIGHT, "free address space: the holes' sum", CK_SIZE },
	[MAREA_COL_JIT]       = { "BPF-JIT", 6, SCOLS_FL_RIGHT, "address space of the BPF JIT's own regions (its packs and images: what it charges is at most this, but where the execmem ROX cache holds them, 7.3 x86-64, they lie in chunks shared with module text, owner shared)", CK_SIZE },
	[MAREA_COL_JIT_CHARGED] = { "BPF-JIT-CHARGED", 6, SCOLS_FL_RIGHT, "what the JIT has charged against the limit (bpf_jit_current, pages before 5.18 as bytes); read with the kernel's lists through /proc/kcore (root, BTF): null from the text", CK_SIZE },
	[MAREA_COL_JIT_LIMIT] = { "BPF-JIT-LIMIT", 6, SCOLS_FL_RIGHT, "net.core.bpf_jit_limit: past it the kernel refuses unprivileged loads (ENOTSUPP, 524); null unless root", CK_SIZE },
};
static const int marea_defaults[] = {
	MAREA_COL_START, MAREA_COL_END, MAREA_COL_SIZE, MAREA_COL_ALLOC_START, MAREA_COL_REGIONS, MAREA_COL_USED, MAREA_COL_HOLES,
	MAREA_COL_LARGEST, MAREA_COL_FREE, MAREA_COL_JIT, MAREA_COL_JIT_CHARGED, MAREA_COL_JIT_LIMIT,
};

/* -o selects the columns of the three group tables (made from the first) */
static const struct viewdesc summary_views[] = {
	VIEWDESC("types", "Regions by type:", group_cols, group_defaults),
	VIEWDESC1("vmalloc", "The vmalloc space:", total_cols, total_defaults),
	VIEWDESC("blocks", "vm_map_ram's blocks (kernel source):", block_cols, block_defaults),
	VIEWDESC("owners", "Module memory by owner:", owner_cols, owner_defaults),
	VIEWDESC1("module-area", "The module area:", marea_cols, marea_defaults),
};

struct summary_args {
	struct outopts out;	/* first: see out_children */
	unsigned top;
};

enum { OPT_TOP = 0x300 };

static const char summary_doc[] =
	"Totals of the vmalloc space: per type, per module, the top callers, and how much "
	"of the space is used and free (the largest hole decides whether the next large "
	"vmalloc or vmap can succeed).\v"
	"-o selects the columns of the per-type, per-module and per-caller tables.";

static const struct cmdopt summary_options[] = {
	{ { "top", OPT_TOP, "N", 0, "how many callers to list (default 10, 0 for all)", 1 },
	  OPT_UINT(struct summary_args, top, 0, 100000, "number of callers") },
	OPT_END
};

/* ---- the tally, made while the file is read ------------------------------- */

struct tally {
	struct groups bytype, bymod, bycaller;
	struct owner_sums owners;
	uint64_t total, unpurged, sparse;
	struct vrange *rg;		/* every region's range, for the holes */
	size_t nrg, rgalloc;
	uint64_t lowest;		/* the lowest region that is not module memory */
	/* merged: each part's ranges, as they are (no copy) */
	struct vrange *seg[SPACE_MAX_PARTS];
	size_t nseg[SPACE_MAX_PARTS];
	unsigned nsegs;
};

static int tally_region(void *ctx, const struct region *r, struct sv line)
{
	struct tally *t = ctx;
	const struct vmi_entry *e = r->e;
	uint64_t pages = e->has_pages ? e->pages : 0;

	(void)line;
	if (groups_add(&t->bytype, r->type, e->size, pages) ||
	    groups_add(&t->bymod, region_module_sv(r), e->size, pages) ||
	    (e->caller.n && groups_add(&t->bycaller, e->func, e->size, pages)))
		return -1;
	u64_acc(&t->total, e->size);	/* sums saturate: never wrap */
	if (e->tags & VMI_UNPURGED)
		u64_acc(&t->unpurged, e->size);
	if (e->tags & VMI_SPARSE)
		u64_acc(&t->sparse, e->size);
	if (grow_array((void **)&t->rg, &t->rgalloc, t->nrg, sizeof(*t->rg)))
		return -1;
	t->rg[t->nrg].start = e->start;
	t->rg[t->nrg].end = e->end;
	t->nrg++;
	if (!region_is_module_memory(r) && e->start < t->lowest)
		t->lowest = e->start;
	owner_sums_add(&t->owners, r);
	return 0;
}

/* t and then u, as one tally (u's ranges stay in u: see tally_keep_ranges) */
static int tally_merge(struct tally *t, const struct tally *u)
{
	if (groups_merge(&t->bytype, &u->bytype) || groups_merge(&t->bymod, &u->bymod) ||
	    groups_merge(&t->bycaller, &u->bycaller))
		return -1;
	u64_acc(&t->total, u->total);
	u64_acc(&t->unpurged, u->unpurged);
	u64_acc(&t->sparse, u->sparse);
	if (u->lowest < t->lowest)
		t->lowest = u->lowest;
	owner_sums_merge(&t->owners, &u->owners);
	return 0;
}

/* u's ranges, as they are, become t's next segment (t may be u) */
static void tally_keep_ranges(struct tally *t, struct tally *u)
{
	t->seg[t->nsegs] = u->rg;
	t->nseg[t->nsegs++] = u->nrg;
	u->rg = NULL;
	u->nrg = u->rgalloc = 0;
}

/* pages= of every region: the per-type tally's sum */
static uint64_t tally_pages(const struct tally *t)
{
	uint64_t pages = 0;
	size_t i;

	for (i = 0; i < t->bytype.n; i++)
		u64_acc(&pages, t->bytype.v[i].pages);
	return pages;
}

static void tally_free(struct tally *t)
{
	unsigned i;

	groups_free(&t->bytype);
	groups_free(&t->bymod);
	groups_free(&t->bycaller);
	free(t->rg);
	for (i = 0; i < t->nsegs; i++)
		free(t->seg[i]);
}

static void group_view(struct outview *v, const char *name, const char *title, struct groups *g,
		       size_t limit, uint64_t total, const struct outopts *o)
{
	size_t i;

	out_view(v, o, 0);
	scols_table_set_name(v->tb, name);
	v->name = name;
	out_title(v, title);
	groups_sort(g);
	for (i = 0; i < g->n && (!limit || i < limit); i++) {
		struct libscols_line *ln = out_line(v);

		if (g->v[i].absent)
			out_str(v, ln, GROUP_COL_NAME, NULL);
		else
			out_sv(v, ln, GROUP_COL_NAME, g->v[i].name);
		out_num(v, ln, GROUP_COL_REGIONS, g->v[i].regions);
		out_size(v, ln, GROUP_COL_SIZE, g->v[i].size);
		out_size(v, ln, GROUP_COL_BACKED, u64_mul_sat(g->v[i].pages, PAGE_SIZE));
		out_num(v, ln, GROUP_COL_PAGES, g->v[i].pages);
		out_printf(v, ln, GROUP_COL_PERCENT, o->json ? "%.1f" : "%.1f%%",
			   total ? 100.0 * (double)g->v[i].size / (double)total : 0.0);
	}
}

/*
 * Free holes of the vmalloc space. Without kcore, its start is taken as the
 * lowest region that is not module memory (the kernel allocates first-fit from
 * VMALLOC_START, and early boot allocations sit there), its end as start +
 * VmallocTotal ('vmapctl layout' reads the exact bounds). Regions outside (the
 * x86_64 modules area) are left out.
 */
static void find_holes(const struct space_files *sf, struct tally *t, struct area_use *u)
{
	uint64_t lo, hi;

	memset(u, 0, sizeof(*u));
	if (space_text_area(sf, t->lowest, &lo, &hi))
		return;
	if (ranges_area_use_segs(t->seg, t->nseg, t->nsegs, lo, hi, u))
		err(EXIT_ERROR, "out of memory");
}

/* VmallocTotal and VmallocUsed of meminfo (when read), the regions, the holes */
static void space_view(struct outview *v, const struct space_files *sf, struct tally *t,
		       const struct outopts *o)
{
	const struct buf *mi = &sf->meminfo;
	uint64_t vtotal = 0, vused = 0;
	int have_total = sf->have_meminfo && !meminfo_get(mi->p, mi->n, "VmallocTotal", &vtotal);
	int have_used = sf->have_meminfo && !meminfo_get(mi->p, mi->n, "VmallocUsed", &vused);
	struct libscols_line *ln;
	struct area_use use;

	out_view(v, o, 1);
	ln = out_line(v);
	if (have_total)
		out_size(v, ln, SPACE_COL_TOTAL, vtotal);
	else
		out_str(v, ln, SPACE_COL_TOTAL, NULL);
	if (have_used)
		out_size(v, ln, SPACE_COL_USED, vused);
	else
		out_str(v, ln, SPACE_COL_USED, NULL);
	out_num(v, ln, SPACE_COL_REGIONS, sf->vs.n);
	out_size(v, ln, SPACE_COL_SIZE, t->total);
	out_size(v, ln, SPACE_COL_BACKED, tally_pages(t) * PAGE_SIZE);
	out_size(v, ln, SPACE_COL_SPARSE, t->sparse);
	out_size(v, ln, SPACE_COL_UNPURGED, t->unpurged);
	if (sf->kernel) {	/* the free tree's blocks in the vmalloc area, exactly */
		struct karea_use ku;

		kstate_area_use(&sf->ks, sf->vstart, sf->vend, &ku);
		out_num(v, ln, SPACE_COL_HOLES, ku.nfree);
		out_size(v, ln, SPACE_COL_LARGEST, ku.largest);
		out_size(v, ln, SPACE_COL_FREE, ku.free);
		out_size(v, ln, SPACE_COL_BACKLOG, sf->ks.lazy_pages * PAGE_SIZE);
		out_size(v, ln, SPACE_COL_PURGE_AT, sf->ks.lazy_max_pages * PAGE_SIZE);
		if (sf->ks.nodes)
			out_size(v, ln, SPACE_COL_POOLED, ku.pool);
		else
			out_str(v, ln, SPACE_COL_POOLED, NULL);
		out_str(v, ln, SPACE_COL_SOURCE, "kernel");
		return;
	}
	if (sf->vs.mode == ADDR_REAL && have_total) {
		find_holes(sf, t, &use);
		out_num(v, ln, SPACE_COL_HOLES, use.holes);
		out_size(v, ln, SPACE_COL_LARGEST, use.largest_hole);
		out_size(v, ln, SPACE_COL_FREE, use.free);
	} else {
		out_str(v, ln, SPACE_COL_HOLES, NULL);
		out_str(v, ln, SPACE_COL_LARGEST, NULL);
		out_str(v, ln, SPACE_COL_FREE, NULL);
	}
	out_str(v, ln, SPACE_COL_BACKLOG, NULL);
	out_str(v, ln, SPACE_COL_PURGE_AT, NULL);
	out_str(v, ln, SPACE_COL_POOLED, NULL);
	out_str(v, ln, SPACE_COL_SOURCE, "text");
}

/* module memory by owner, in the order of enum region_owner */
static void owners_view(struct outview *v, const struct tally *t, const struct outopts *o)
{
	unsigned i;

	out_view(v, o, 3);
	out_title(v, "Module memory by owner:");
	for (i = OWNER_NONE + 1; i < OWNER_NKINDS; i++) {
		const struct owner_sum *s = &t->owners.own[i];
		struct libscols_line *ln;

		if (!s->regions)
			continue;
		ln = out_line(v);
		out_str(v, ln, OWNER_COL_OWNER, owner_name(i));
		out_num(v, ln, OWNER_COL_REGIONS, s->regions);
		out_size(v, ln, OWNER_COL_SIZE, s->size);
		out_size(v, ln, OWNER_COL_BACKED, u64_mul_sat(s->pages, PAGE_SIZE));
		if (s->progs_told && (i == OWNER_BPF || i == OWNER_SHARED))
			out_num(v, ln, OWNER_COL_PROGS, s->progs);
		else
			out_str(v, ln, OWNER_COL_PROGS, NULL);
	}
}

/*
 * The module area, where it is one of its own (x86-64): its bounds, what
 * module memory holds of it and its holes, the BPF JIT's part and limit.
 * 0 printed, -1 not (a 32-bit kernel keeps its modules in the vmalloc area).
 */
static int marea_view(struct outview *v, const struct space_files *sf, struct tally *t,
		      const struct outopts *o)
{
	uint64_t lo, hi, regions, used;
	struct libscols_line *ln;
	struct area_use use;

	if (space_area_bounds_why(sf, 1, t->lowest, &lo, &hi) != AREA_OK)
		return -1;
	owner_sums_total(&t->owners, &regions, &used);
	out_view(v, o, 4);
	v->addr_digits = 16;
	ln = out_line(v);
	out_addr(v, ln, MAREA_COL_START, lo, 1);
	out_addr(v, ln, MAREA_COL_END, hi, 1);
	out_size(v, ln, MAREA_COL_SIZE, hi - lo);
	out_addr(v, ln, MAREA_COL_ALLOC_START, sf->malloc_start, sf->kernel && sf->have_malloc_start);
	if (sf->vs.mode == ADDR_REAL) {	/* every region inside, the lazily freed too, as the holes see them */
		if (ranges_area_use_segs(t->seg, t->nseg, t->nsegs, lo, hi, &use))
			err(EXIT_ERROR, "out of memory");
		out_num(v, ln, MAREA_COL_REGIONS, use.regions);
		out_size(v, ln, MAREA_COL_USED, use.used);
		out_num(v, ln, MAREA_COL_HOLES, use.holes);
		out_size(v, ln, MAREA_COL_LARGEST, use.largest_hole);
		out_size(v, ln, MAREA_COL_FREE, use.free);
	} else {	/* hidden: module memory as its callers tell it */
		out_num(v, ln, MAREA_COL_REGIONS, regions);
		out_size(v, ln, MAREA_COL_USED, used);
		out_str(v, ln, MAREA_COL_HOLES, NULL);
		out_str(v, ln, MAREA_COL_LARGEST, NULL);
		out_str(v, ln, MAREA_COL_FREE, NULL);
	}
	out_size(v, ln, MAREA_COL_JIT, t->owners.own[OWNER_BPF].size);
	if (sf->have_jit_charged)
		out_size(v, ln, MAREA_COL_JIT_CHARGED, sf->jit_charged);
	else
		out_str(v, ln, MAREA_COL_JIT_CHARGED, NULL);
	if (sf->have_jit_limit)
		out_size(v, ln, MAREA_COL_JIT_LIMIT, sf->jit_limit);
	else
		out_str(v, ln, MAREA_COL_JIT_LIMIT, NULL);
	return 0;
}

/* vm_map_ram's per-CPU blocks: each one's pages used, free and dirty */
static void blocks_view(struct outview *v, const struct space_files *sf, const struct outopts *o)
{
	size_t i;

	out_view(v, o, 2);
	out_title(v, "vm_map_ram's blocks:");
	v->addr_digits = sf->vs.addr_digits ? sf->vs.addr_digits : 16;
	for (i = 0; i < sf->ks.nblocks; i++) {
		const struct kblock *b = &sf->ks.blocks[i];
		uint64_t pages = (b->end - b->start) / PAGE_SIZE;
		struct libscols_line *ln = out_line(v);

		out_addr(v, ln, BLOCK_COL_START, b->start, 1);
		out_addr(v, ln, BLOCK_COL_END, b->end, 1);
		out_num(v, ln, BLOCK_COL_PAGES, pages);
		out_num(v, ln, BLOCK_COL_USED, pages - b->free - b->dirty);
		out_num(v, ln, BLOCK_COL_FREE, b->free);
		out_num(v, ln, BLOCK_COL_DIRTY, b->dirty);
		if (b->cpu >= 0)
			out_num(v, ln, BLOCK_COL_CPU, (uint64_t)b->cpu);
		else
			out_str(v, ln, BLOCK_COL_CPU, NULL);
	}
}

static int cmd_summary(int argc, char *argv[])
{
	struct summary_args a = { .out = { summary_views, ARRAY_SIZE(summary_views) }, .top = 10 };
	struct space_files sf;
	struct tally parts[SPACE_MAX_PARTS], t;
	void *ctx[SPACE_MAX_PARTS];
	struct outview vt, vm, vc, vtot, vo, va, vb, *views[7] = { &vt, &vm, &vc, &vtot, &vo, &va, &vb };
	unsigned nv = 5;
	unsigned np = SPACE_MAX_PARTS, i;
	int rc;

	cmd_args(&vmapctl_cmd_summary, argc, argv, &a);
	for (i = 0; i < np; i++) {
		memset(&parts[i], 0, sizeof(parts[i]));
		parts[i].lowest = UINT64_MAX;
		ctx[i] = &parts[i];
	}
	/* one pass over the file (in parts at once), nothing kept of a line but its range */
	rc = space_scan(&sf, a.out.sysroot,
			NEED_MODULES | NEED_MEMINFO | NEED_KALLSYMS | NEED_JIT_LIMIT | NEED_JIT_CHARGED | space_source_need(&a.out, NEED_EXACT),
			a.out.strict, 0, tally_region, ctx);
	t = parts[0];
	tally_keep_ranges(&t, &t);
	for (i = 1; i < np; i++) {
		tally_keep_ranges(&t, &parts[i]);
		if (tally_merge(&t, &parts[i]))
			err(EXIT_ERROR, "out of memory");
		tally_free(&parts[i]);
	}
	if (rc) {
		tally_free(&t);
		space_unload(&sf);
		return EXIT_ERROR;
	}
	group_view(&vt, "types", "Regions by type:", &t.bytype, 0, t.total, &a.out);
	group_view(&vm, "modules", "By module:", &t.bymod, 0, t.total, &a.out);
	group_view(&vc, "callers", "Top callers:", &t.bycaller, a.top, t.total, &a.out);
	space_view(&vtot, &sf, &t, &a.out);
	owners_view(&vo, &t, &a.out);
	if (marea_view(&va, &sf, &t, &a.out) == 0)
		nv++;
	else
		views[5] = &vb;
	if (sf.kernel && sf.ks.have_blocks) {
		blocks_view(&vb, &sf, &a.out);
		nv++;
	}
	rc = out_print(views, nv);
	tally_free(&t);
	space_unload(&sf);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_summary = {
	.name = "summary", .run = cmd_summary,
	.help = "totals per type, module and caller; used and free space",
	.doc = summary_doc, .opts = summary_options, .children = space_children,
};
