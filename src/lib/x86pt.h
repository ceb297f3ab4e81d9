/* SPDX-License-Identifier: GPL-2.0-or-later */
/* x86_64 page-table walk, pure: memory comes through a callback. */
#ifndef VMAPCTL_X86PT_H
#define VMAPCTL_X86PT_H

#include <stdint.h>

#define X86_PTE_PRESENT	(1ULL << 0)
#define X86_PTE_RW	(1ULL << 1)
#define X86_PTE_USER	(1ULL << 2)
#define X86_PTE_PWT	(1ULL << 3)
#define X86_PTE_PCD	(1ULL << 4)
#define X86_PTE_ACCESSED (1ULL << 5)
#define X86_PTE_DIRTY	(1ULL << 6)
#define X86_PTE_PSE	(1ULL << 7)	/* a large page at PUD/PMD level; PAT at PTE level */
#define X86_PTE_GLOBAL	(1ULL << 8)
#define X86_PTE_PAT_LARGE (1ULL << 12)
#define X86_PTE_NX	(1ULL << 63)
#define X86_PTE_ADDR	0x000ffffffffff000ULL

struct x86_level {
	const char *name;	/* pml5, pgd, pud, pmd, pte */
	unsigned index;
	uint64_t table;		/* physical address of the table */
	uint64_t entry;
};

struct x86_walk {
	struct x86_level lv[5];
	unsigned nlv;
	int present;		/* translated */
	uint64_t phys;		/* of the address */
	uint64_t page_size;
	uint64_t flags;		/* of the last entry */
	int pat;		/* PAT bit of the last entry */
};

/* Read 8 bytes of physical memory: 0 on success. */
typedef int (*phys_read_fn)(void *ctx, uint64_t phys, uint64_t *val);

/*
 * Translate va with the top-level table at top_phys (init_top_pgt's physical
 * address), 4 or 5 levels. Returns 0 when translated, 1 when not present at
 * some level (w->nlv says where), -1 when memory could not be read.
 */
int x86_walk(uint64_t top_phys, unsigned levels, uint64_t va, phys_read_fn rd, void *ctx,
	     struct x86_walk *w);
/*
 * Page after page, each page table read once: the last table of each level is
 * kept, and a walk that stays in it reads nothing (drgn's arch_x86_64.c keeps
 * its tables the same way). Tables come whole through a callback.
 */
typedef int (*table_read_fn)(void *ctx, uint64_t phys, uint64_t table[512]);

struct x86_tables {
	uint64_t phys[5];		/* the table kept at each level */
	int valid[5];
	uint64_t e[5][512];
	unsigned long reads;		/* tables read so far */
};

/*
 * Translate va with the tables of top_phys through cache: 0 mapped (*phys),
 * 1 not present, -1 a table could not be read.
 */
int x86_translate(struct x86_tables *cache, uint64_t top_phys, unsigned levels, uint64_t va,
		  table_read_fn rd, void *ctx, uint64_t *phys);

/* Linux's PAT setup: WB, WC, UC-, UC, WB, WP, UC-, WT. */
const char *x86_cache_mode(const struct x86_walk *w);
/* "P RW NX G PCD ..." */
void x86_flags_text(uint64_t e, int large, char *out, unsigned len);

#endif
