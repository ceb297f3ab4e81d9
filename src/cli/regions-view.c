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
	[COL_START]    = { "START", 18, SCOLS_FL_RIGHT, "start address (hidden when the kernel hashes or zeroes it)", SCOLS_JSON_STRING, CK_ADDR },
	[COL_END]      = { "END", 18, SCOLS_FL_RIGHT, "end address, exclusive (hidden likewise)", SCOLS_JSON_STRING, CK_ADDR },
	[COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "size of the area, guard page included", SCOLS_JSON_NUMBER, CK_SIZE },
	[COL_TYPE]     = { "TYPE", 10, 0, "what made it: vmalloc, vmap, vm_map_ram, ioremap, unpurged, ...", SCOLS_JSON_STRING, CK_STR },
	[COL_TAGS]     = { "TAGS", 10, 0, "every tag of the line (vmalloc,user,vpages,...)", SCOLS_JSON_STRING, CK_LIST },
	[COL_CALLER]   = { "CALLER", 30, SCOLS_FL_TRUNC, "the function that made it, as the kernel prints it", SCOLS_JSON_STRING, CK_STR },
	[COL_MODULE]   = { "MODULE", 10, SCOLS_FL_TRUNC | OUT_FL_SPARE, "the caller's module or the module living there; \"kernel\"", SCOLS_JSON_STRING, CK_STR },
	[COL_PAGES]    = { "PAGES", 5, SCOLS_FL_RIGHT, "pages allocated for it (pages=)", SCOLS_JSON_NUMBER, CK_NUM },
	[COL_PHYS]     = { "PHYS", 10, SCOLS_FL_RIGHT | OUT_FL_SPARE, "physical address mapped (ioremap)", SCOLS_JSON_STRING, CK_ADDR },
	[COL_RESOURCE] = { "RESOURCE", 16, SCOLS_FL_TRUNC | OUT_FL_SPARE, "innermost /proc/iomem resource holding PHYS (the device); each of them when the mapping runs into the next", SCOLS_JSON_STRING, CK_STR },
	[COL_NUMA]     = { "NUMA", 8, 0, "pages per NUMA node (N0=4,N1=2)", SCOLS_JSON_STRING, CK_NODES },
	[COL_LINE]     = { "LINE", 4, SCOLS_FL_RIGHT, "line number in /proc/vmallocinfo", SCOLS_JSON_NUMBER, CK_NUM },
	[COL_PFNS]     = { "PFNS", 20, SCOLS_FL_WRAP | OUT_FL_ASKED, "PFNs behind its pages, by page-table walk (kcore)", SCOLS_JSON_STRING, CK_STR },
};

static const int regions_defaults[] = {
	COL_START, COL_END, COL_SIZE, COL_TYPE, COL_PAGES, COL_CALLER, COL_MODULE,
	COL_PHYS, COL_RESOURCE,
};

const struct viewdesc regions_view = VIEWDESC("regions", NULL, list_cols, regions_defaults);

/*
 * A text buffer that grows to what it holds: a value is never cut (a caller
 * may be KSYM_NAME_LEN, 512, and more with its offset and module).
 */
struct tbuf {
	char *p;
	size_t cap;
};

/* room for n bytes and a NUL in t */
static char *tbuf_room(struct tbuf *t, size_t n)
{
	if (n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *p;

		while (cap < n + 1)
			cap *= 2;
		p = realloc(t->p, cap);
		if (!p)
			err(EXIT_ERROR, "out of memory");
		t->p = p;
		t->cap = cap;
	}
	return t->p;
}

static const char *tbuf_sv(struct tbuf *t, struct sv s)
{
	char *p = tbuf_room(t, s.n);

	memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

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

/* Text of a string column, for display and sorting, whole, in tmp. NULL when absent. */
static const char *col_text(const struct region *r, int col, struct tbuf *tmp)
{
	switch (col) {
	case COL_TYPE:
		return tbuf_sv(tmp, r->type);
	case COL_TAGS:
		tags_text(r->e, tmp);
		return *tmp->p ? tmp->p : NULL;
	case COL_CALLER:
		if (!r->e->caller.n)
			return NULL;
		return tbuf_sv(tmp, r->e->caller);
	case COL_MODULE: {
		struct sv m = region_module_sv(r);

		return m.p ? tbuf_sv(tmp, m) : NULL;
	}
	case COL_RESOURCE:
		if (!r->res)
			return NULL;
		return tbuf_sv(tmp, r->res->name);
	case COL_NUMA: {
		char *p;

		if (!r->e->numa.n)
			return NULL;
		for (p = (char *)tbuf_sv(tmp, r->e->numa); *p; p++)
			if (*p == ' ')
				*p = ',';
		return tmp->p;
	}
	default:
		return NULL;
	}
}

/* Numeric key of a column: 0 when absent (*has = 0). */
static uint64_t col_num(const struct region *r, int col, int *has)
{
	*has = 1;
	switch (col) {
	case COL_START:
		return r->e->start;
	case COL_END:
		return r->e->end;
	case COL_SIZE:
		return r->e->size;
	case COL_PAGES:
		*has = r->e->has_pages;
		return r->e->pages;
	case COL_PHYS:
		*has = r->e->has_phys;
		return r->e->phys;
	case COL_LINE:
		return r->lineno;
	default:
		*has = 0;
		return 0;
	}
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

/* sv as a cell at b, whole (row_room made room for it); "-" when absent */
static char *sv_cell(struct outview *view, size_t c, char *b, struct sv s, int present)
{
	if (!present) {
		*b = '-';
		return out_row_cell(view, c, b, 1, 0);
	}
	memcpy(b, s.p, s.n);
	return out_row_cell(view, c, b, s.n, 1);
}

static char *addr_cell(struct outview *view, size_t c, char *b, uint64_t a, int valid)
{
	if (!valid) {
		*b = '-';
		return out_row_cell(view, c, b, 1, 0);
	}
	return out_row_cell(view, c, b, u64_to_hex(a, view->addr_digits, b), 0);
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

/* room for a row in place: numbers and addresses within 64 bytes, the text whole */
static size_t row_room(const struct outview *view, const struct region *r, struct sv res, size_t tags)
{
	return view->nids * 64 + r->e->caller.n + r->type.n + region_module_sv(r).n + r->e->numa.n +
	       res.n + tags;
}

/*
 * The row written in place (out_row_begin): the same text as regions_row's
 * out_* calls give, without a copy of each value. 0 when the view does not
 * take rows so.
 */

static int regions_row_in_place(struct outview *view, const struct region *r, const struct vmspace *vs)
{
	static struct tbuf rtmp, ttmp, tmp;	/* grown once, kept for the next rows */
	int real = vs->mode == ADDR_REAL;
	const struct vmi_entry *e = r->e;
	struct sv res = out_has_column(view, COL_RESOURCE) ? resource_sv(vs, r, &rtmp) : (struct sv){ NULL, 0 };
	size_t tags = out_has_column(view, COL_TAGS) ? strlen(tags_text(e, &ttmp)) : 0;
	char *b = out_row_begin(view, row_room(view, r, res, tags));
	size_t c;

	if (!b)
		return 0;
	for (c = 0; c < view->nids; c++) {
		size_t n;

		switch (view->ids[c]) {
		case COL_START:
			b = addr_cell(view, c, b, e->start, real);
			break;
		case COL_END:
			b = addr_cell(view, c, b, e->end, real);
			break;
		case COL_PHYS:
			b = addr_cell(view, c, b, e->phys, e->has_phys);
			break;
		case COL_SIZE:
			if (view->o->bytes) {
				n = u64_to_dec(e->size, b);
			} else {
				size_to_human(e->size, b, 32);
				n = strlen(b);
			}
			b = out_row_cell(view, c, b, n, 0);
			break;
		case COL_PAGES:
			if (e->has_pages)
				b = out_row_cell(view, c, b, u64_to_dec(e->pages, b), 0);
			else
				b = sv_cell(view, c, b, (struct sv){ NULL, 0 }, 0);
			break;
		case COL_LINE:
			b = out_row_cell(view, c, b, u64_to_dec(r->lineno, b), 0);
			break;
		case COL_TYPE:
			b = sv_cell(view, c, b, r->type, 1);
			break;
		case COL_CALLER:
			b = sv_cell(view, c, b, e->caller, e->caller.n > 0);
			break;
		case COL_MODULE: {
			struct sv m = region_module_sv(r);

			b = sv_cell(view, c, b, m, m.p != NULL);
			break;
		}
		case COL_RESOURCE:
			b = sv_cell(view, c, b, res, res.p != NULL);
			break;
		case COL_TAGS:
			b = sv_cell(view, c, b, sv_cstr(ttmp.p), tags > 0);
			break;
		default: {	/* NUMA, PFNS without a page-table walk */
			const char *t = col_text(r, view->ids[c], &tmp);

			b = sv_cell(view, c, b, t ? sv_cstr(t) : (struct sv){ NULL, 0 }, t != NULL);
		}
		}
	}
	out_row_end(view, b);
	return 1;
}

void regions_row(struct outview *view, const struct region *r, const struct vmspace *vs,
		 struct kview *kv)
{
	static struct tbuf tmp;	/* grown once, kept for the next rows */
	struct libscols_line *ln;
	int real = vs->mode == ADDR_REAL;
	size_t c;

	if (!kv && regions_row_in_place(view, r, vs))
		return;
	ln = out_line(view);

	for (c = 0; c < view->nids; c++) {
		int id = view->ids[c];

		switch (id) {
		case COL_START:
			out_addr(view, ln, id, r->e->start, real);
			break;
		case COL_END:
			out_addr(view, ln, id, r->e->end, real);
			break;
		case COL_PHYS:
			out_phys(view, ln, id, r->e->phys, r->e->has_phys);
			break;
		case COL_SIZE:
			out_size(view, ln, id, r->e->size);
			break;
		case COL_PAGES:
			if (r->e->has_pages)
				out_num(view, ln, id, r->e->pages);
			else
				out_str(view, ln, id, NULL);
			break;
		case COL_LINE:
			out_num(view, ln, id, r->lineno);
			break;
		case COL_PFNS: {
			char *p = kv && real ? region_pfns(kv, r) : NULL;

			out_str(view, ln, id, p);
			free(p);
			break;
		}
		case COL_RESOURCE:
			out_sv(view, ln, id, resource_sv(vs, r, &tmp));
			break;
		default:
			out_str(view, ln, id, col_text(r, id, &tmp));
		}
	}
}

int regions_cmp(const struct region *a, const struct region *b, int sort_col)
{
	int rc;

	if (ck_text(list_cols[sort_col].kind)) {
		static struct tbuf ta, tb;	/* grown once, kept for the next comparisons */
		const char *sa = col_text(a, sort_col, &ta);
		const char *sb = col_text(b, sort_col, &tb);

		if (!sa || !sb)
			rc = !sa - !sb;		/* absent values last */
		else
			rc = strcmp(sa, sb);
	} else {
		int ha, hb;
		uint64_t va = col_num(a, sort_col, &ha), vb = col_num(b, sort_col, &hb);

		if (!ha || !hb)
			rc = !ha - !hb;
		else
			rc = va < vb ? -1 : va > vb;
		if (list_cols[sort_col].kind == CK_SIZE || list_cols[sort_col].kind == CK_NUM)
			if (sort_col != COL_LINE && ha && hb)
				rc = -rc;	/* biggest first, like lsblk/lsns sort numbers */
	}
	if (!rc)
		rc = a->lineno < b->lineno ? -1 : a->lineno > b->lineno;
	return rc;
}


int regions_num_key(const struct region *r, int col, uint64_t *key, int *absent)
{
	int has;
	uint64_t v;

	if (ck_text(regions_view.info[col].kind))
		return -1;
	v = col_num(r, col, &has);
	*absent = !has;
	/* sizes and counts biggest first (but LINE), as regions_cmp */
	*key = (regions_view.info[col].kind == CK_SIZE || regions_view.info[col].kind == CK_NUM) &&
	       col != COL_LINE ? ~v : v;
	return 0;
}
