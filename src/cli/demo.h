/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vmapctl demo, split by action: cmd-demo.c parses and dispatches;
 * demo-views.c has the tables of mappings and pages; demo-map.c map, unmap and
 * status; demo-story.c the story of one mapping; demo-bounds.c the kernel's
 * bounds; demo-exhaust.c filling the vmalloc area, demo-arena.c a 64-bit
 * one with BPF arenas; demo-jit.c the BPF JIT's
 * limit, met from user space.
 */
#ifndef VMAPCTL_CLI_DEMO_H
#define VMAPCTL_CLI_DEMO_H

#include <stdint.h>

#include "cli/output.h"
#include "kernel/demodev.h"

enum demo_action { ACT_STORY, ACT_MAP, ACT_UNMAP, ACT_STATUS, ACT_BOUNDS, ACT_EXHAUST, ACT_OVERASK, ACT_JIT, ACT_ARENA };

struct demo_args {
	struct outopts out;	/* first: see out_children */
	enum demo_action act;
	int kind;
	uint64_t pages, phys, size, id;
	int have_phys, have_size, have_pages, have_filter, keep;
	int jit_filter;		/* jit: enum bpfjit_filter */
	const char *module;
};

/* The views of each action (-o selects the first's columns). */
enum { DV_MAPPINGS, DV_PAGES };		/* map, status */
enum { SV_STORY, SV_PAGES, SV_REGIONS };	/* the story */
void demo_views_for(enum demo_action act, struct outopts *o);

unsigned demo_addr_digits(void);
void demo_add_mapping(struct outview *mv, const struct demo_mapping *m);
void demo_add_pages(struct outview *pv, const struct demo_mapping *m);
/* Page columns with the mapping's ID first (several mappings in one table). */
void demo_pages_view_with_id(struct outview *pv, const struct outopts *o, size_t idx);

/* Unload it when this run loaded it: rc, or EXIT_ERROR when that fails. */
int demo_unload_if(int loaded_here, int rc);

/* MAP as the arguments say: 0, or -errno after saying why */
int demo_map_one(int fd, const struct demo_args *a, int keep, struct vmapctl_map *mp);

int demo_story(const struct demo_args *a);
int demo_map(const struct demo_args *a);
int demo_unmap(const struct demo_args *a);
int demo_status(const struct demo_args *a);
int demo_bounds(const struct demo_args *a);
int demo_exhaust(const struct demo_args *a);
int demo_exhaust_arena(const struct demo_args *a);
int demo_overask(const struct demo_args *a);
int demo_jit(const struct demo_args *a);

#endif
