// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl vtop ADDR|SYMBOL [LEN]: translate kernel virtual addresses by walking
 * the kernel page tables (init_top_pgt, read through /proc/kcore's direct map),
 * 4- or 5-level, 4 KiB, 2 MiB and 1 GiB pages. One address: every level; a
 * range: one row per page.
 */
#include <argp.h>
#include <elf.h>
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/kview.h"

enum { LV_LEVEL, LV_INDEX, LV_TABLE, LV_ENTRY, LV_FLAGS };

static const struct colinfo level_cols[] = {
	[LV_LEVEL] = { "LEVEL", 5, 0, "page-table level (pml5, pgd, pud, pmd, pte)", CK_STR },
	[LV_INDEX] = { "INDEX", 5, SCOLS_FL_RIGHT, "index of the entry in its table", CK_NUM },
	[LV_TABLE] = { "TABLE", 18, SCOLS_FL_RIGHT, "physical address of the table", CK_ADDR },
	[LV_ENTRY] = { "ENTRY", 18, SCOLS_FL_RIGHT, "the entry", CK_ADDR },
	[LV_FLAGS] = { "FLAGS", 20, 0, "its flags", CK_STR },
};
static const int level_defaults[] = { LV_LEVEL, LV_INDEX, LV_TABLE, LV_ENTRY, LV_FLAGS };

enum { TR_ADDR, TR_PHYS, TR_PFN, TR_PAGESIZE, TR_FLAGS, TR_CACHE };

static const struct colinfo tr_cols[] = {
	[TR_ADDR]     = { "ADDRESS", 18, SCOLS_FL_RIGHT, "virtual address", CK_ADDR },
	[TR_PHYS]     = { "PHYS", 18, SCOLS_FL_RIGHT, "physical address", CK_ADDR },
	[TR_PFN]      = { "PFN", 10, SCOLS_FL_RIGHT, "page frame number", CK_STR },
	[TR_PAGESIZE] = { "PAGESIZE", 6, SCOLS_FL_RIGHT, "size of the page that maps it", CK_SIZE },
	[TR_FLAGS]    = { "FLAGS", 20, 0, "P present, RW/RO, NX/X, USER, G global, PCD, PWT, PAT", CK_STR },
	[TR_CACHE]    = { "CACHE", 4, 0, "cache mode from PAT/PCD/PWT: WB, WC, UC-, UC, WT, WP", CK_STR },
};
static const int tr_defaults[] = { TR_ADDR, TR_PHYS, TR_PFN, TR_PAGESIZE, TR_FLAGS, TR_CACHE };

enum { V_TRANSLATION, V_LEVELS };

static const struct viewdesc vtop_views[] = {
	[V_TRANSLATION] = VIEWDESC("translation", "Translation:", tr_cols, tr_defaults),
	[V_LEVELS]      = VIEWDESC("levels", NULL, level_cols, level_defaults),
};

struct vtop_args {
	struct outopts out;	/* first: see out_children */
	const char *what;
	uint64_t len;
};

static const char vtop_doc[] =
	"Translate a kernel virtual address to a physical one by walking the kernel page "
	"tables (x86_64, 4- or 5-level), printing every level; with LEN, every page of the "
	"range. -o selects the columns of the translation. Needs root.";

static error_t vtop_parse(int key, char *arg, struct argp_state *st)
{
	struct vtop_args *a = st->input;

	return args_addr_len(key, arg, st, &a->what, &a->len, UINT64_MAX);
}

static void tr_row(struct outview *v, uint64_t va, const struct x86_walk *w)
{
	struct libscols_line *ln = out_line(v);
	char b[96];

	out_addr(v, ln, TR_ADDR, va, 1);
	out_addr(v, ln, TR_PHYS, w->phys, 1);
	snprintf(b, sizeof(b), "0x%" PRIx64, w->phys >> 12);
	out_str(v, ln, TR_PFN, b);
	out_size(v, ln, TR_PAGESIZE, w->page_size);
	x86_flags_text(w->flags, w->page_size > 4096, b, sizeof(b));
	out_str(v, ln, TR_FLAGS, b);
	out_str(v, ln, TR_CACHE, x86_cache_mode(w));
}

/* One address: every level of the walk, then the translation when there is one. */
static int walk_one(const struct kview *kv, uint64_t va, const struct outopts *o)
{
	struct outview lv, tv, *views[2] = { &lv, &tv };
	struct x86_walk w;
	unsigned i;
	int rc, prc;

	out_view(&lv, o, V_LEVELS);
	out_title(&lv, kv->levels == 5 ? "Page-table walk (5-level):" : "Page-table walk (4-level):");
	rc = kview_vtop(kv, va, &w);
	for (i = 0; i < w.nlv; i++) {
		struct libscols_line *ln = out_line(&lv);
		char b[96];

		out_str(&lv, ln, LV_LEVEL, w.lv[i].name);
		out_num(&lv, ln, LV_INDEX, w.lv[i].index);
		out_addr(&lv, ln, LV_TABLE, w.lv[i].table, 1);
		out_addr(&lv, ln, LV_ENTRY, w.lv[i].entry, 1);
		x86_flags_text(w.lv[i].entry, i + 1 < w.nlv || w.page_size > 4096, b, sizeof(b));
		out_str(&lv, ln, LV_FLAGS, (w.lv[i].entry & X86_PTE_PRESENT) ? b : "not present");
	}
	if (rc == 0) {
		out_view(&tv, o, V_TRANSLATION);
		tr_row(&tv, va, &w);
	}
	prc = out_print(views, rc == 0 ? 2 : 1);
	if (rc > 0)
		warnx("0x%" PRIx64 ": not mapped (not present at the %s level)", va, w.lv[w.nlv - 1].name);
	else if (rc < 0 && w.nlv)
		warnx("0x%" PRIx64 ": cannot read the page tables through /proc/kcore", va);
	return rc || prc ? -1 : 0;
}

/* A range: one translation row per page. */
static int walk_range(const struct kview *kv, uint64_t va, uint64_t len, const struct outopts *o)
{
	struct outview tv, *views[1] = { &tv };
	uint64_t last = (va + len - 1) & PAGE_MASK;	/* no wrap: checked by the caller */
	struct x86_walk w;
	int rc = 0;

	out_view(&tv, o, V_TRANSLATION);
	for (va &= PAGE_MASK; !rc; va += PAGE_SIZE) {
		rc = kview_vtop(kv, va, &w);
		if (rc > 0)
			warnx("0x%" PRIx64 ": not mapped (not present at the %s level)", va, w.lv[w.nlv - 1].name);
		else if (rc < 0)
			warnx("0x%" PRIx64 ": cannot read the page tables through /proc/kcore", va);
		else
			tr_row(&tv, va, &w);
		if (va == last)
			break;
	}
	if (out_print(views, 1))
		rc = -1;
	return rc ? -1 : 0;
}

static int cmd_vtop(int argc, char *argv[])
{
	struct vtop_args a = { .out = { vtop_views, ARRAY_SIZE(vtop_views) } };
	struct kview kv;
	uint64_t va;
	int rc;

	cmd_args(&vmapctl_cmd_vtop, argc, argv, &a);
	if (kview_open(&kv, a.out.sysroot))
		return EXIT_ERROR;
	if (kv.kc.machine != EM_X86_64) {
		warnx("vtop walks x86_64 page tables only; this kernel is 32-bit x86 (machine %u)", kv.kc.machine);
		rc = -1;
	} else if (kview_resolve(&kv, a.what, &va)) {
		rc = -1;
	} else if (a.len && a.len - 1 > UINT64_MAX - va) {
		warnx("0x%" PRIx64 " + %" PRIu64 " bytes runs past the end of the address space", va, a.len);
		rc = -1;
	} else {
		rc = a.len ? walk_range(&kv, va, a.len, &a.out) : walk_one(&kv, va, &a.out);
	}
	kview_close(&kv);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_vtop = {
	.name = "vtop", .run = cmd_vtop,
	.help = "translate a kernel address: the page-table walk",
	.doc = vtop_doc, .parse = vtop_parse, .children = kcore_out_children,
	.args_doc = "ADDR|SYMBOL [LEN]",
};
