// SPDX-License-Identifier: GPL-2.0-or-later
/* Modelled on the walk of drgn's libdrgn/arch_x86_64.c, without debuginfo. */
#include <stdio.h>
#include <string.h>

#include "lib/x86pt.h"

int x86_walk(uint64_t top_phys, unsigned levels, uint64_t va, phys_read_fn rd, void *ctx,
	     struct x86_walk *w)
{
	static const char *const names5[] = { "pml5", "pgd", "pud", "pmd", "pte" };
	static const char *const names4[] = { "pgd", "pud", "pmd", "pte" };
	uint64_t table = top_phys & X86_PTE_ADDR;
	unsigned l;

	memset(w, 0, sizeof(*w));
	if (levels != 4 && levels != 5)
		return -1;
	for (l = 0; l < levels; l++) {
		unsigned shift = 12 + 9 * (levels - 1 - l);
		struct x86_level *lv = &w->lv[w->nlv++];

		lv->name = levels == 5 ? names5[l] : names4[l];
		lv->index = (unsigned)((va >> shift) & 511);
		lv->table = table;
		if (rd(ctx, table + lv->index * 8, &lv->entry))
			return -1;
		if (!(lv->entry & X86_PTE_PRESENT))
			return 1;
		w->flags = lv->entry;
		/* a 1 GiB page at the PUD, 2 MiB at the PMD */
		if (l < levels - 1 && shift <= 30 && (lv->entry & X86_PTE_PSE)) {
			uint64_t mask = (1ULL << shift) - 1;

			w->page_size = 1ULL << shift;
			w->phys = ((lv->entry & X86_PTE_ADDR) & ~mask) | (va & mask);
			w->pat = !!(lv->entry & X86_PTE_PAT_LARGE);
			w->present = 1;
			return 0;
		}
		table = lv->entry & X86_PTE_ADDR;
	}
	w->page_size = 4096;
	w->phys = table | (va & 4095);
	w->pat = !!(w->flags & X86_PTE_PSE);	/* bit 7 is PAT in a PTE */
	w->present = 1;
	return 0;
}

int x86_translate(struct x86_tables *c, uint64_t top_phys, unsigned levels, uint64_t va,
		  table_read_fn rd, void *ctx, uint64_t *phys)
{
	uint64_t table = top_phys & X86_PTE_ADDR;
	unsigned l;

	if (levels != 4 && levels != 5)
		return -1;
	for (l = 0; l < levels; l++) {
		unsigned shift = 12 + 9 * (levels - 1 - l);
		uint64_t entry;

		if (!c->valid[l] || c->phys[l] != table) {
			if (rd(ctx, table, c->e[l]))
				return -1;
			c->phys[l] = table;
			c->valid[l] = 1;
			c->reads++;
		}
		entry = c->e[l][(va >> shift) & 511];
		if (!(entry & X86_PTE_PRESENT))
			return 1;
		/* a 1 GiB page at the PUD, 2 MiB at the PMD */
		if (l < levels - 1 && shift <= 30 && (entry & X86_PTE_PSE)) {
			uint64_t mask = (1ULL << shift) - 1;

			*phys = ((entry & X86_PTE_ADDR) & ~mask) | (va & mask);
			return 0;
		}
		table = entry & X86_PTE_ADDR;
	}
	*phys = table | (va & 4095);
	return 0;
}

const char *x86_cache_mode(const struct x86_walk *w)
{
	static const char *const mode[8] = { "WB", "WC", "UC-", "UC", "WB", "WP", "UC-", "WT" };
	unsigned i = (w->pat ? 4 : 0) | ((w->flags & X86_PTE_PCD) ? 2 : 0) | ((w->flags & X86_PTE_PWT) ? 1 : 0);

	return mode[i];
}

void x86_flags_text(uint64_t e, int large, char *out, unsigned len)
{
	snprintf(out, len, "%s%s%s%s%s%s%s%s%s%s%s",
		 (e & X86_PTE_PRESENT) ? "P" : "-",
		 (e & X86_PTE_RW) ? " RW" : " RO",
		 (e & X86_PTE_USER) ? " USER" : "",
		 (e & X86_PTE_NX) ? " NX" : " X",
		 (e & X86_PTE_GLOBAL) ? " G" : "",
		 (e & X86_PTE_PCD) ? " PCD" : "",
		 (e & X86_PTE_PWT) ? " PWT" : "",
		 large ? ((e & X86_PTE_PSE) ? " PSE" : "") : ((e & X86_PTE_PSE) ? " PAT" : ""),
		 (large && (e & X86_PTE_PSE) && (e & X86_PTE_PAT_LARGE)) ? " PAT" : "",
		 (e & X86_PTE_ACCESSED) ? " A" : "",
		 (e & X86_PTE_DIRTY) ? " D" : "");
}
