// SPDX-License-Identifier: GPL-2.0-or-later
/* The regions view: the columns of 'vmapctl list' and a row of them per region. */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/regions-view.h"
#include "lib/units.h"

static const struct colinfo list_cols[] = {
	[COL_START]    = { "START", 18, SCOLS_FL_RIGHT, "start address (hidden when the kernel hashes or zeroes it)", CK_ADDR },
	[COL_END]      = { "END", 18, SCOLS_FL_RIGHT, "end address, exclusive (hidden likewise)", CK_ADDR },
	[COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "size of the area, guard page included", CK_SIZE },
	[COL_TYPE]     = { "TYPE", 10, 0, "what made it: vmalloc, vmap, vm_map_ram, ioremap, unpurged, ...", CK_STR },
	[COL_TAGS]     = { "TAGS", 10, 0, "every tag of the line (vmalloc,user,vpages,...)", CK_LIST },
	[COL_CALLER]   = { "CALLER", 30, SCOLS_FL_TRUNC, "the function that made it, as the kernel prints it", CK_STR },
	[COL_MODULE]   = { "MODULE", 10, SCOLS_FL_TRUNC | OUT_FL_SPARE, "the caller's module or the module living there (by its base, or its symbols in /proc/kallsyms); \"kernel\"", CK_STR },
	[COL_PAGES]    = { "PAGES", 5, SCOLS_FL_RIGHT, "pages allocated for it (pages=)", CK_NUM },
	[COL_PHYS]     = { "PHYS", 10, SCOLS_FL_RIGHT | OUT_FL_SPARE | OUT_FL_PHYS, "physical address mapped (ioremap)", CK_ADDR },
	[COL_RESOURCE] = { "RESOURCE", 16, SCOLS_FL_TRUNC | OUT_FL_SPARE, "innermost /proc/iomem resource holding PHYS (the device); each of them when the mapping runs into the next", CK_STR },
	[COL_NUMA]     = { "NUMA", 8, 0, "pages per NUMA node (N0=4,N1=2)", CK_NODES },
	[COL_LINE]     = { "LINE", 4, SCOLS_FL_RIGHT, "line number in /proc/vmallocinfo", CK_NUM },
	[COL_PFNS]     = { "PFNS", 20, SCOLS_FL_WRAP | OUT_FL_ASKED, "PFNs behind its pages, by page-table walk (kcore)", CK_STR },
	[COL_OWNER]    = { "OWNER", 7, 0, "module memory's holder: module, bpf (the JIT), ftrace, kprobes, shared, kernel, unknown; null outside it", CK_STR },
	[COL_PROGS]    = { "PROGS", 5, SCOLS_FL_RIGHT, "eBPF programs inside, as /proc/kallsyms lists them (not classic BPF: seccomp and socket filters)", CK_NUM },
};

static const int regions_defaults[] = {
	COL_START, COL_END, COL_SIZE, COL_TYPE, COL_PAGES, COL_CALLER, COL_MODULE,
	COL_PHYS, COL_RESOURCE,
};

const struct viewdesc regions_view = VIEWDESC("regions", NULL, list_cols, regions_defaults);

/* "vmalloc,user,...": every tag of the line, whole; "" when none */
static const char *tags_text(const struct vmi_entry *e, struct tbuf *out)
{
	size_t o = 0;
	unsigned i;

	tbuf_room(out, 0)[0] = '\0';
	for (i = 0; i < VMI_NTAGS + e->nextra; i++) {
		struct sv t;

		if (i < VMI_NTAGS) {
			if (!(e->tags & (1u << i)))
				continue;
			t = sv_cstr(vmi_tag_name(i));
		} else {
			t = e->extra[i - VMI_NTAGS];
		}
		tbuf_room(out, o + 1 + t.n);
		if (o)
			out->p[o++] = ',';
		memcpy(out->p + o, t.p, t.n);
		o += t.n;
		out->p[o] = '\0';
	}
	return out->p;
}

/*
 * "0x1234,0x2000-0x2003": the PFNs behind each page of the region, walked in
 * the page tables; pages not mapped (the guard page) are left out.
 */
static char *region_pfns(struct kview *kv, const struct region *r)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	uint64_t va, run_start = 0, run_end = 0;
	int have = 0, first = 1;

	if (!f)
		err(EXIT_ERROR, "out of memory");
	for (va = r->e->start; va < r->e->end; va += PAGE_SIZE) {
		uint64_t phys, pfn;

		if (kview_translate(kv, va, &phys))
			continue;
		pfn = phys >> PAGE_SHIFT;
		if (have && pfn == run_end + 1) {
			run_end = pfn;
			continue;
		}
		if (have) {
			fprintf(f, run_end > run_start ? "%s0x%lx-0x%lx" : "%s0x%lx", first ? "" : ",",
				(unsigned long)run_start, (unsigned long)run_end);
			first = 0;
		}
		run_start = run_end = pfn;
		have = 1;
	}
	if (have)
		fprintf(f, run_end > run_start ? "%s0x%lx-0x%lx" : "%s0x%lx", first ? "" : ",",
			(unsigned long)run_start, (unsigned long)run_end);
	fclose(f);
	if (!len) {
		free(s);
		return NULL;
	}
	return s;
}

/* RESOURCE: every resource the region maps, ", " between them, in tmp when there are several */
static struct sv resource_sv(const struct vmspace *vs, const struct region *r, struct tbuf *tmp)
{
	const struct iomem_entry *one[8], **res = one;
	size_t max = ARRAY_SIZE(one), n, i, o = 0;

	while ((n = region_resources(vs, r, res, max)) == max) {	/* perhaps more: all of them */
		max *= 2;
		if (res == one)
			res = NULL;
		res = reallocarray(res, max, sizeof(*res));
		if (!res)
			err(EXIT_ERROR, "out of memory");
	}
	if (n <= 1) {
		if (res != one)
			free(res);
		return r->res ? r->res->name : (struct sv){ NULL, 0 };
	}
	for (i = 0; i < n; i++) {
		tbuf_room(tmp, o + 2 + res[i]->name.n);
		if (i) {
			tmp->p[o++] = ',';
			tmp->p[o++] = ' ';
		}
		memcpy(tmp->p + o, res[i]->name.p, res[i]->name.n);
		o += res[i]->name.n;
	}
	if (res != one)
		free(res);
	return (struct sv){ tmp->p, o };
}

/* what the accessor needs beside the region; a buffer a column, grown once, kept */
_Static_assert(ARRAY_SIZE(list_cols) <= OUT_MAXCOLS, "a view has at most OUT_MAXCOLS columns");
struct regions_ctx {
	const struct vmspace *vs;	/* NULL when sorting: addresses as parsed, RESOURCE the innermost */
	struct kview *kv;		/* PFNS: NULL leaves it empty */
	struct tbuf tmp[OUT_MAXCOLS];
};

static void text_val(struct outval *x, struct sv s)
{
	x->has = s.p != NULL;
	x->s = s;
}

/* "N0=4 N1=2" as "N0=4,N1=2" */
static struct sv numa_sv(struct sv numa, struct tbuf *tmp)
{
	char *p;

	if (!numa.n)
		return (struct sv){ NULL, 0 };
	for (p = (char *)tbuf_sv(tmp, numa); *p; p++)
		if (*p == ' ')
			*p = ',';
	return (struct sv){ tmp->p, numa.n };
}

static struct sv pfns_sv(struct regions_ctx *cx, const struct region *r, struct tbuf *tmp)
{
	char *p = cx->kv && cx->vs->mode == ADDR_REAL ? region_pfns(cx->kv, r) : NULL;
	struct sv s = { NULL, 0 };

	if (p) {
		s = sv_cstr(tbuf_sv(tmp, sv_cstr(p)));
		free(p);
	}
	return s;
}

/* The regions view's accessor: the value of each column, the one place it is told. */
static void region_value(const void *row, int id, struct outval *x, void *ctx)
{
	const struct region *r = row;
	const struct vmi_entry *e = r->e;
	struct regions_ctx *cx = ctx;
	struct tbuf *tmp = &cx->tmp[id];
	int real = !cx->vs || cx->vs->mode == ADDR_REAL;	/* sorting: as parsed */

	*x = (struct outval){ 1, 0, { NULL, 0 } };
	switch (id) {
	case COL_START:
		x->n = e->start;
		x->has = real;
		break;
	case COL_END:
		x->n = e->end;
		x->has = real;
		break;
	case COL_SIZE:
		x->n = e->size;
		break;
	case COL_PAGES:
		x->n = e->pages;
		x->has = e->has_pages;
		break;
	case COL_PHYS:
		x->n = e->phys;
		x->has = e->has_phys;
		break;
	case COL_LINE:
		x->n = r->lineno;
		break;
	case COL_TYPE:
		x->s = r->type;
		break;
	case COL_TAGS:
		tags_text(e, tmp);
		text_val(x, *tmp->p ? sv_cstr(tmp->p) : (struct sv){ NULL, 0 });
		break;
	case COL_CALLER:
		text_val(x, e->caller.n ? e->caller : (struct sv){ NULL, 0 });
		break;
	case COL_MODULE:
		text_val(x, region_module_sv(r));
		break;
	case COL_RESOURCE:
		text_val(x, cx->vs ? resource_sv(cx->vs, r, tmp) : r->res ? r->res->name : (struct sv){ NULL, 0 });
		break;
	case COL_NUMA:
		text_val(x, numa_sv(e->numa, tmp));
		break;
	case COL_PFNS:
		text_val(x, pfns_sv(cx, r, tmp));
		break;
	case COL_OWNER:
		text_val(x, r->owner ? sv_cstr(owner_name(r->owner)) : (struct sv){ NULL, 0 });
		break;
	case COL_PROGS:
		x->n = r->progs;
		x->has = r->syms_told && (r->owner == OWNER_BPF || r->owner == OWNER_SHARED);
		break;
	default:
		x->has = 0;
	}
}

void regions_row(struct outview *view, const struct region *r, const struct vmspace *vs,
		 struct kview *kv)
{
	static struct regions_ctx cx;	/* its buffers kept for the next rows */

	cx.vs = vs;
	cx.kv = kv;
	out_row(view, r, region_value, &cx);
}

/* a column's value for sorting (the buffers of the comparison's side) */
static void sort_value(const struct region *r, int col, struct outval *x, struct regions_ctx *cx)
{
	cx->vs = NULL;
	cx->kv = NULL;
	region_value(r, col, x, cx);
}

static int sv_cmp(struct sv a, struct sv b)
{
	int rc = memcmp(a.p, b.p, a.n < b.n ? a.n : b.n);

	return rc ? rc : (a.n > b.n) - (a.n < b.n);
}

int regions_cmp(const struct region *a, const struct region *b, int sort_col)
{
	static struct regions_ctx ca, cb;	/* grown once, kept for the next comparisons */
	struct outval xa, xb;
	int rc;

	sort_value(a, sort_col, &xa, &ca);
	sort_value(b, sort_col, &xb, &cb);
	if (!xa.has || !xb.has)
		rc = !xa.has - !xb.has;		/* absent values last */
	else if (ck_text(list_cols[sort_col].kind))
		rc = sv_cmp(xa.s, xb.s);
	else
		rc = xa.n < xb.n ? -1 : xa.n > xb.n;
	if (!ck_text(list_cols[sort_col].kind) && xa.has && xb.has &&
	    (list_cols[sort_col].kind == CK_SIZE || list_cols[sort_col].kind == CK_NUM) && sort_col != COL_LINE)
		rc = -rc;	/* biggest first, like lsblk/lsns sort numbers */
	if (!rc)
		rc = a->lineno < b->lineno ? -1 : a->lineno > b->lineno;
	return rc;
}

int regions_num_key(const struct region *r, int col, uint64_t *key, int *absent)
{
	static struct regions_ctx cx;
	struct outval x;

	if (ck_text(regions_view.info[col].kind))
		return -1;
	sort_value(r, col, &x, &cx);
	*absent = !x.has;
	/* sizes and counts biggest first (but LINE), as regions_cmp */
	*key = (regions_view.info[col].kind == CK_SIZE || regions_view.info[col].kind == CK_NUM) &&
	       col != COL_LINE ? ~x.n : x.n;
	return 0;
}
