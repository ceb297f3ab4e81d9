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

#include "commands.h"
#include "kernel.h"
#include "output.h"
#include "vmapctl.h"

enum { LV_LEVEL, LV_INDEX, LV_TABLE, LV_ENTRY, LV_FLAGS };

static const struct colinfo level_cols[] = {
	[LV_LEVEL] = { "LEVEL", 5, 0, "page-table level (pml5, pgd, pud, pmd, pte)", SCOLS_JSON_STRING, CK_STR },
	[LV_INDEX] = { "INDEX", 5, SCOLS_FL_RIGHT, "index of the entry in its table", SCOLS_JSON_NUMBER, CK_NUM },
	[LV_TABLE] = { "TABLE", 18, SCOLS_FL_RIGHT, "physical address of the table", SCOLS_JSON_STRING, CK_ADDR },
	[LV_ENTRY] = { "ENTRY", 18, SCOLS_FL_RIGHT, "the entry", SCOLS_JSON_STRING, CK_ADDR },
	[LV_FLAGS] = { "FLAGS", 20, 0, "its flags", SCOLS_JSON_STRING, CK_STR },
};
static const int level_defaults[] = { LV_LEVEL, LV_INDEX, LV_TABLE, LV_ENTRY, LV_FLAGS };

enum { TR_ADDR, TR_PHYS, TR_PFN, TR_PAGESIZE, TR_FLAGS, TR_CACHE };

static const struct colinfo tr_cols[] = {
	[TR_ADDR]     = { "ADDRESS", 18, SCOLS_FL_RIGHT, "virtual address", SCOLS_JSON_STRING, CK_ADDR },
	[TR_PHYS]     = { "PHYS", 18, SCOLS_FL_RIGHT, "physical address", SCOLS_JSON_STRING, CK_ADDR },
	[TR_PFN]      = { "PFN", 10, SCOLS_FL_RIGHT, "page frame number", SCOLS_JSON_STRING, CK_STR },
	[TR_PAGESIZE] = { "PAGESIZE", 6, SCOLS_FL_RIGHT, "size of the page that maps it", SCOLS_JSON_NUMBER, CK_SIZE },
	[TR_FLAGS]    = { "FLAGS", 20, 0, "P present, RW/RO, NX/X, USER, G global, PCD, PWT, PAT", SCOLS_JSON_STRING, CK_STR },
	[TR_CACHE]    = { "CACHE", 4, 0, "cache mode from PAT/PCD/PWT: WB, WC, UC-, UC, WT, WP", SCOLS_JSON_STRING, CK_STR },
};
static const int tr_defaults[] = { TR_ADDR, TR_PHYS, TR_PFN, TR_PAGESIZE, TR_FLAGS, TR_CACHE };

struct vtop_args {
	struct outopts out;
	const char *what;
	uint64_t len;
};

static error_t vtop_parse(int key, char *arg, struct argp_state *st)
{
	struct vtop_args *a = st->input;

	switch (key) {
	case ARGP_KEY_INIT:
		st->child_inputs[0] = &a->out;
		break;
	default:
		return kview_parse_addr_len(key, arg, st, &a->what, &a->len, UINT64_MAX);
	}
	return 0;
}

static char *vtop_help(int key, const char *text, void *input)
{
	(void)input;
	if (key == ARGP_KEY_HELP_EXTRA)
		return out_columns_help(tr_cols, ARRAY_SIZE(tr_cols));
	return (char *)text;
}

static const struct argp vtop_argp = {
	NULL, vtop_parse, "ADDR|SYMBOL [LEN]",
	"Translate a kernel virtual address to a physical one by walking the kernel page "
	"tables (x86_64, 4- or 5-level), printing every level; with LEN, every page of the "
	"range. -o selects the columns of the translation. Needs root.",
	out_children, vtop_help, NULL
};

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

int cmd_vtop(int argc, char *argv[])
{
	struct vtop_args a = { 0 };
	struct kview kv;
	struct outview lv, tv, *views[2] = { &lv, &tv };
	struct outopts fixed;
	struct x86_walk w;
	uint64_t va, end;
	unsigned i;
	int rc;

	argp_parse(&vtop_argp, argc, argv, 0, NULL, &a);
	if (kview_open(&kv, a.out.sysroot))
		return EXIT_ERROR;
	if (kv.kc.machine != EM_X86_64) {
		warnx("vtop walks x86_64 page tables only; this kernel is 32-bit x86 (machine %u)", kv.kc.machine);
		kview_close(&kv);
		return EXIT_ERROR;
	}
	if (kview_resolve(&kv, a.what, &va)) {
		kview_close(&kv);
		return EXIT_ERROR;
	}
	if (out_view_init(&tv, "translation", tr_cols, ARRAY_SIZE(tr_cols), tr_defaults, ARRAY_SIZE(tr_defaults), &a.out)) {
		kview_close(&kv);
		return EXIT_USAGE;
	}
	fixed = a.out;
	fixed.columns = NULL;

	if (!a.len) {
		out_view_init(&lv, "levels", level_cols, ARRAY_SIZE(level_cols), level_defaults, ARRAY_SIZE(level_defaults), &fixed);
		out_title(&lv, kv.levels == 5 ? "Page-table walk (5-level):" : "Page-table walk (4-level):");
		rc = kview_vtop(&kv, va, &w);
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
		if (rc == 0)
			tr_row(&tv, va, &w);
		out_title(&tv, "Translation:");
		{
			size_t n = rc == 0 ? 2 : 1;	/* the translation only when there is one */
			int prc = out_print(views, n);

			if (n == 1)
				out_view_free(&tv);	/* out_print frees what it printed */
			if (prc && rc == 0)
				rc = -1;
		}
		if (rc > 0)
			warnx("0x%" PRIx64 ": not mapped (not present at the %s level)", va, w.lv[w.nlv - 1].name);
		else if (rc < 0 && w.nlv)
			warnx("0x%" PRIx64 ": cannot read the page tables through /proc/kcore", va);
		kview_close(&kv);
		return rc ? EXIT_ERROR : EXIT_OK;
	}

	rc = 0;
	end = va + a.len;
	for (va &= ~4095ULL; va < end && !rc; va += 4096) {
		rc = kview_vtop(&kv, va, &w);
		if (rc > 0)
			warnx("0x%" PRIx64 ": not mapped (not present at the %s level)", va, w.lv[w.nlv - 1].name);
		else if (rc < 0)
			warnx("0x%" PRIx64 ": cannot read the page tables through /proc/kcore", va);
		else
			tr_row(&tv, va, &w);
	}
	views[0] = &tv;
	if (out_print(views, 1))
		rc = -1;
	kview_close(&kv);
	return rc ? EXIT_ERROR : EXIT_OK;
}
