// SPDX-License-Identifier: GPL-2.0-or-later
/* The tables of vmapctl demo: mappings and their pages; loading the module. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli/demo.h"
#include "cli/regions-view.h"
#include "kernel/kmodule.h"

enum { MAPPING_COL_ID, MAPPING_COL_KIND, MAPPING_COL_ADDR, MAPPING_COL_SIZE, MAPPING_COL_PAGES, MAPPING_COL_WHERE, MAPPING_COL_KEEP, MAPPING_COL_PID, MAPPING_COL_VERIFIED };

static const struct colinfo map_cols[] = {
	[MAPPING_COL_ID]       = { "ID", 3, SCOLS_FL_RIGHT, "mapping id", CK_NUM },
	[MAPPING_COL_KIND]     = { "KIND", 10, 0, "vmalloc, vmap, vm_map_ram, kmap, kmap_local, ioremap", CK_STR },
	[MAPPING_COL_ADDR]     = { "ADDRESS", 18, SCOLS_FL_RIGHT, "kernel virtual address (first page)", CK_ADDR },
	[MAPPING_COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "bytes mapped", CK_SIZE },
	[MAPPING_COL_PAGES]    = { "PAGES", 5, SCOLS_FL_RIGHT, "pages", CK_NUM },
	[MAPPING_COL_WHERE]    = { "WHERE", 12, 0, "area of the address: vmalloc area, direct map, pkmap window, fixmap", CK_STR },
	[MAPPING_COL_KEEP]     = { "KEEP", 4, 0, "owned by the module (else by the process that made it)", CK_BOOL },
	[MAPPING_COL_PID]      = { "PID", 5, SCOLS_FL_RIGHT, "process that made it (0 for KEEP)", CK_NUM },
	[MAPPING_COL_VERIFIED] = { "VERIFIED", 3, 0, "the module read its pattern back through another mapping", CK_BOOL },
};
static const int map_defaults[] = { MAPPING_COL_ID, MAPPING_COL_KIND, MAPPING_COL_ADDR, MAPPING_COL_SIZE, MAPPING_COL_PAGES, MAPPING_COL_WHERE, MAPPING_COL_KEEP, MAPPING_COL_PID };

enum { PAGE_COL_ID, PAGE_COL_PAGE, PAGE_COL_ADDR, PAGE_COL_PFN, PAGE_COL_PHYS, PAGE_COL_WHERE, PAGE_COL_HIGHMEM };

static const struct colinfo page_cols[] = {
	[PAGE_COL_ID]      = { "ID", 3, SCOLS_FL_RIGHT, "mapping id", CK_NUM },
	[PAGE_COL_PAGE]    = { "PAGE", 4, SCOLS_FL_RIGHT, "page index in the mapping", CK_NUM },
	[PAGE_COL_ADDR]    = { "ADDRESS", 18, SCOLS_FL_RIGHT, "virtual address of the page", CK_ADDR },
	[PAGE_COL_PFN]     = { "PFN", 8, SCOLS_FL_RIGHT, "page frame number (the module's ground truth)", CK_ADDR },
	[PAGE_COL_PHYS]    = { "PHYS", 12, SCOLS_FL_RIGHT, "physical address", CK_ADDR },
	[PAGE_COL_WHERE]   = { "WHERE", 12, 0, "area of the page's address", CK_STR },
	[PAGE_COL_HIGHMEM] = { "HIGHMEM", 3, 0, "the page is in high memory (no direct-map address)", CK_BOOL },
};
static const int page_defaults[] = { PAGE_COL_PAGE, PAGE_COL_ADDR, PAGE_COL_PFN, PAGE_COL_PHYS, PAGE_COL_WHERE, PAGE_COL_HIGHMEM };
static const int page_defaults_id[] = { PAGE_COL_ID, PAGE_COL_PAGE, PAGE_COL_ADDR, PAGE_COL_PFN, PAGE_COL_PHYS, PAGE_COL_WHERE, PAGE_COL_HIGHMEM };

enum { STEP_COL_STEP, STEP_COL_TEXT };

static const struct colinfo story_cols[] = {
	[STEP_COL_STEP] = { "STEP", 7, 0, "module, map, pages, vmallocinfo, read, keep, unmap", CK_STR },
	[STEP_COL_TEXT] = { "TEXT", 60, SCOLS_FL_WRAP, "what happened", CK_STR },
};
static const int story_defaults[] = { STEP_COL_STEP, STEP_COL_TEXT };

static const struct viewdesc map_views[] = {
	[DV_MAPPINGS] = VIEWDESC("mappings", NULL, map_cols, map_defaults),
	[DV_PAGES]    = VIEWDESC("pages", NULL, page_cols, page_defaults),
};

static const struct viewdesc story_views[] = {
	[SV_STORY]   = VIEWDESC("story", NULL, story_cols, story_defaults),
	[SV_PAGES]   = VIEWDESC("pages", NULL, page_cols, page_defaults),
	[SV_REGIONS] = { "regions", NULL, NULL, 0, NULL, 0 },	/* filled from regions_view */
};

extern const struct viewdesc demo_bounds_view, demo_exhaust_view, demo_overask_view, demo_jit_views[2], demo_arena_view;

void demo_views_for(enum demo_action act, struct outopts *o)
{
	static struct viewdesc story[ARRAY_SIZE(story_views)];

	switch (act) {
	case ACT_BOUNDS:
		o->views = &demo_bounds_view;
		o->nviews = 1;
		break;
	case ACT_EXHAUST:
		o->views = &demo_exhaust_view;
		o->nviews = 1;
		break;
	case ACT_ARENA:
		o->views = &demo_arena_view;
		o->nviews = 1;
		break;
	case ACT_OVERASK:
		o->views = &demo_overask_view;
		o->nviews = 1;
		break;
	case ACT_JIT:
		o->views = demo_jit_views;
		o->nviews = 2;
		break;
	case ACT_STORY:
		memcpy(story, story_views, sizeof(story));
		story[SV_REGIONS] = regions_view;
		o->views = story;
		o->nviews = ARRAY_SIZE(story);
		break;
	default:
		o->views = map_views;
		o->nviews = ARRAY_SIZE(map_views);
	}
}

unsigned demo_addr_digits(void)
{
	return sizeof(long) == 8 ? 16 : 8;
}

void demo_pages_view_with_id(struct outview *pv, const struct outopts *o, size_t idx)
{
	out_view_with(pv, o, idx, page_defaults_id, ARRAY_SIZE(page_defaults_id));
	pv->addr_digits = demo_addr_digits();
}

void demo_add_mapping(struct outview *mv, const struct demo_mapping *m)
{
	struct libscols_line *ln = out_line(mv);
	const struct vmapctl_info *i = &m->info;

	mv->addr_digits = demo_addr_digits();
	out_num(mv, ln, MAPPING_COL_ID, i->id);
	out_str(mv, ln, MAPPING_COL_KIND, demo_kind_name(i->kind));
	out_addr(mv, ln, MAPPING_COL_ADDR, i->addr, 1);
	out_size(mv, ln, MAPPING_COL_SIZE, i->size);
	out_num(mv, ln, MAPPING_COL_PAGES, i->npages);
	out_str(mv, ln, MAPPING_COL_WHERE, demo_where_name(i->where));
	out_bool(mv, ln, MAPPING_COL_KEEP, i->map_flags & VMAPCTL_MAP_KEEP);
	out_num(mv, ln, MAPPING_COL_PID, (uint64_t)i->owner_pid);
	out_bool(mv, ln, MAPPING_COL_VERIFIED, i->state & VMAPCTL_STATE_VERIFIED);
}

void demo_add_pages(struct outview *pv, const struct demo_mapping *m)
{
	uint64_t p;

	pv->addr_digits = demo_addr_digits();
	for (p = 0; p < m->info.npages && p < VMAPCTL_DEMO_MAX_PAGES; p++) {
		const struct vmapctl_page *pg = &m->pages[p];
		struct libscols_line *ln = out_line(pv);

		out_num(pv, ln, PAGE_COL_ID, m->info.id);
		out_num(pv, ln, PAGE_COL_PAGE, p);
		out_addr(pv, ln, PAGE_COL_ADDR, pg->addr, 1);
		out_printf(pv, ln, PAGE_COL_PFN, "0x%" PRIx64, (uint64_t)pg->pfn);
		out_printf(pv, ln, PAGE_COL_PHYS, "0x%" PRIx64, (uint64_t)pg->phys);
		out_str(pv, ln, PAGE_COL_WHERE, demo_where_name(pg->where));
		out_bool(pv, ln, PAGE_COL_HIGHMEM, pg->highmem);
	}
}

int demo_unload_if(int loaded_here, int rc)
{
	if (loaded_here && demo_module_unload())
		return EXIT_ERROR;
	return rc;
}
