// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl layout: this boot's kernel virtual memory map, and how it is used. */
#include <argp.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <elf.h>

#include "commands.h"
#include "kernel.h"
#include "output.h"
#include "vmapctl.h"

enum { LCOL_REGION, LCOL_START, LCOL_END, LCOL_SIZE, LCOL_SOURCE };

static const struct colinfo layout_cols[] = {
	[LCOL_REGION] = { "REGION", 12, 0, "area of the kernel's address space", SCOLS_JSON_STRING, CK_STR },
	[LCOL_START]  = { "START", 18, SCOLS_FL_RIGHT, "first address", SCOLS_JSON_STRING, CK_ADDR },
	[LCOL_END]    = { "END", 18, SCOLS_FL_RIGHT, "end address, exclusive", SCOLS_JSON_STRING, CK_ADDR },
	[LCOL_SIZE]   = { "SIZE", 6, SCOLS_FL_RIGHT, "size", SCOLS_JSON_NUMBER, CK_SIZE },
	[LCOL_SOURCE] = { "SOURCE", 20, 0, "where vmapctl found it", SCOLS_JSON_STRING, CK_STR },
};
static const int layout_defaults[] = { LCOL_REGION, LCOL_START, LCOL_END, LCOL_SIZE, LCOL_SOURCE };

enum { UCOL_AREA, UCOL_REGIONS, UCOL_USED, UCOL_FREE, UCOL_HOLES, UCOL_LARGEST };

static const struct colinfo use_cols[] = {
	[UCOL_AREA]    = { "AREA", 8, 0, "vmalloc or modules", SCOLS_JSON_STRING, CK_STR },
	[UCOL_REGIONS] = { "REGIONS", 7, SCOLS_FL_RIGHT, "regions of vmapctl list in it", SCOLS_JSON_NUMBER, CK_NUM },
	[UCOL_USED]    = { "USED", 6, SCOLS_FL_RIGHT, "bytes they take", SCOLS_JSON_NUMBER, CK_SIZE },
	[UCOL_FREE]    = { "FREE", 6, SCOLS_FL_RIGHT, "bytes free", SCOLS_JSON_NUMBER, CK_SIZE },
	[UCOL_HOLES]   = { "HOLES", 5, SCOLS_FL_RIGHT, "free holes", SCOLS_JSON_NUMBER, CK_NUM },
	[UCOL_LARGEST] = { "LARGEST-HOLE", 6, SCOLS_FL_RIGHT, "the largest: the biggest allocation that can succeed", SCOLS_JSON_NUMBER, CK_SIZE },
};
static const int use_defaults[] = { UCOL_AREA, UCOL_REGIONS, UCOL_USED, UCOL_FREE, UCOL_HOLES, UCOL_LARGEST };

enum { PCOL_LEVELS, PCOL_TOP };

static const struct colinfo paging_cols[] = {
	[PCOL_LEVELS] = { "LEVELS", 6, SCOLS_FL_RIGHT, "page-table levels in use (4 or 5)", SCOLS_JSON_NUMBER, CK_NUM },
	[PCOL_TOP]    = { "TOP-TABLE", 18, SCOLS_FL_RIGHT, "physical address of init_top_pgt", SCOLS_JSON_STRING, CK_ADDR },
};
static const int paging_defaults[] = { PCOL_LEVELS, PCOL_TOP };

struct layout_args {
	struct outopts out;
};

static error_t layout_parse(int key, char *arg, struct argp_state *st)
{
	struct layout_args *a = st->input;

	switch (key) {
	case ARGP_KEY_INIT:
		st->child_inputs[0] = &a->out;
		break;
	case ARGP_KEY_ARG:
		argp_error(st, "unexpected argument: '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *layout_help(int key, const char *text, void *input)
{
	(void)input;
	if (key == ARGP_KEY_HELP_EXTRA)
		return out_columns_help(layout_cols, ARRAY_SIZE(layout_cols));
	return (char *)text;
}

static const struct argp layout_argp = {
	NULL, layout_parse, NULL,
	"The kernel's virtual memory map on this boot (x86_64): the KASLR-randomised bases "
	"read from /proc/kcore at the addresses /proc/kallsyms gives, the vmalloc and "
	"modules areas and how the regions of 'vmapctl list' use them, and the paging mode. "
	"Needs root.",
	out_children, layout_help, NULL
};

static void row(struct outview *v, const char *name, uint64_t start, uint64_t end, int have_end, const char *src)
{
	struct libscols_line *ln = out_line(v);

	out_str(v, ln, LCOL_REGION, name);
	out_addr(v, ln, LCOL_START, start, 1);
	out_addr(v, ln, LCOL_END, end, have_end);
	if (have_end)
		out_size(v, ln, LCOL_SIZE, end - start);
	else
		out_str(v, ln, LCOL_SIZE, NULL);
	out_str(v, ln, LCOL_SOURCE, src);
}

static void use_row(struct outview *v, const char *name, const struct vmspace *vs, uint64_t lo, uint64_t hi)
{
	struct libscols_line *ln = out_line(v);
	struct area_use u;

	vmspace_area_use(vs, lo, hi, &u);
	out_str(v, ln, UCOL_AREA, name);
	out_num(v, ln, UCOL_REGIONS, u.regions);
	out_size(v, ln, UCOL_USED, u.used);
	out_size(v, ln, UCOL_FREE, u.free);
	out_num(v, ln, UCOL_HOLES, u.holes);
	out_size(v, ln, UCOL_LARGEST, u.largest_hole);
}

int cmd_layout(int argc, char *argv[])
{
	struct layout_args a = { 0 };
	struct kview kv;
	struct vmspace vs;
	struct outview lv, uv, pv, *views[3] = { &lv, &pv, &uv };
	struct outopts fixed;
	uint64_t ram_end = 0;
	size_t i, nviews = 2;
	int rc;

	argp_parse(&layout_argp, argc, argv, 0, NULL, &a);
	if (kview_open(&kv, a.out.sysroot))
		return EXIT_ERROR;
	if (out_view_init(&lv, "layout", layout_cols, ARRAY_SIZE(layout_cols),
			  layout_defaults, ARRAY_SIZE(layout_defaults), &a.out)) {
		kview_close(&kv);
		return EXIT_USAGE;
	}
	fixed = a.out;
	fixed.columns = NULL;
	out_view_init(&pv, "paging", paging_cols, ARRAY_SIZE(paging_cols), paging_defaults, ARRAY_SIZE(paging_defaults), &fixed);
	out_title(&lv, "Kernel virtual memory:");
	out_title(&pv, "Paging:");

	if (kv.kc.machine == EM_386) {
		lv.addr_digits = pv.addr_digits = 8;
		row(&lv, "direct map", kv.page_offset_base, kv.lowmem_end, 1, "kcore RAM (lowmem)");
		row(&lv, "vmalloc", kv.vmalloc_base, kv.vmalloc_end, 1, "kcore vmalloc, VmallocTotal");
		row(&lv, "kernel text", kv.text_start, kv.text_end, 1, "_text, _etext");
		row(&lv, "modules", kv.modules_start, kv.modules_end, 1, "in the vmalloc area");
	} else {
		for (i = 0; i < kv.kc.nseg; i++)	/* RAM segments: their physical end */
			if (kv.kc.seg[i].paddr != KSEG_NO_PADDR && kv.kc.seg[i].vaddr == kv.page_offset_base + kv.kc.seg[i].paddr &&
			    kv.kc.seg[i].paddr + kv.kc.seg[i].size > ram_end)
				ram_end = kv.kc.seg[i].paddr + kv.kc.seg[i].size;
		row(&lv, "direct map", kv.page_offset_base, kv.page_offset_base + ram_end, 1, "page_offset_base, kcore RAM");
		row(&lv, "vmalloc", kv.vmalloc_base, kv.vmalloc_end, 1, "vmalloc_base, VmallocTotal");
		row(&lv, "vmemmap", kv.vmemmap_base, 0, 0, "vmemmap_base");
		row(&lv, "kernel text", kv.text_start, kv.text_end, 1, "_text, _etext");
		row(&lv, "modules", kv.modules_start, kv.modules_end, 1, "x86_64 constants");
	}
	{
		struct libscols_line *ln = out_line(&pv);

		if (kv.levels)
			out_num(&pv, ln, PCOL_LEVELS, kv.levels);
		else
			out_str(&pv, ln, PCOL_LEVELS, NULL);
		out_addr(&pv, ln, PCOL_TOP, kv.top_pgt_phys, kv.top_pgt_phys != 0);
	}

	if (vmspace_load(&vs, a.out.sysroot, NEED_MODULES, 0) == 0) {
		if (vs.mode == ADDR_REAL) {
			out_view_init(&uv, "use", use_cols, ARRAY_SIZE(use_cols), use_defaults, ARRAY_SIZE(use_defaults), &fixed);
			out_title(&uv, "How the regions of vmapctl list use them:");
			use_row(&uv, "vmalloc", &vs, kv.vmalloc_base, kv.vmalloc_end);
			if (kv.modules_start != kv.vmalloc_base)
				use_row(&uv, "modules", &vs, kv.modules_start, kv.modules_end);
			nviews = 3;
		}
		vmspace_free(&vs);
	}
	rc = out_print(views, nviews);
	kview_close(&kv);
	return rc ? EXIT_ERROR : EXIT_OK;
}
