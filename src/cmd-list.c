// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl list: one row per region of the vmalloc space. */
#include <argp.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kernel.h"
#include "output.h"
#include "vmapctl.h"

enum {
	COL_START, COL_END, COL_SIZE, COL_TYPE, COL_TAGS, COL_CALLER, COL_MODULE,
	COL_PAGES, COL_PHYS, COL_RESOURCE, COL_NUMA, COL_LINE, COL_PFNS,
};

static const struct colinfo list_cols[] = {
	[COL_START]    = { "START", 18, SCOLS_FL_RIGHT, "start address (hidden when the kernel hashes or zeroes it)", SCOLS_JSON_STRING, CK_ADDR },
	[COL_END]      = { "END", 18, SCOLS_FL_RIGHT, "end address, exclusive (hidden likewise)", SCOLS_JSON_STRING, CK_ADDR },
	[COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "size of the area, guard page included", SCOLS_JSON_NUMBER, CK_SIZE },
	[COL_TYPE]     = { "TYPE", 10, 0, "what made it: vmalloc, vmap, vm_map_ram, ioremap, unpurged, ...", SCOLS_JSON_STRING, CK_STR },
	[COL_TAGS]     = { "TAGS", 10, 0, "every tag of the line (vmalloc,user,vpages,...)", SCOLS_JSON_STRING, CK_STR },
	[COL_CALLER]   = { "CALLER", 30, SCOLS_FL_TRUNC, "the function that made it, as the kernel prints it", SCOLS_JSON_STRING, CK_STR },
	[COL_MODULE]   = { "MODULE", 10, 0, "the caller's module or the module living there; \"kernel\"", SCOLS_JSON_STRING, CK_STR },
	[COL_PAGES]    = { "PAGES", 5, SCOLS_FL_RIGHT, "pages allocated for it (pages=)", SCOLS_JSON_NUMBER, CK_NUM },
	[COL_PHYS]     = { "PHYS", 18, SCOLS_FL_RIGHT, "physical address mapped (ioremap)", SCOLS_JSON_STRING, CK_ADDR },
	[COL_RESOURCE] = { "RESOURCE", 16, SCOLS_FL_TRUNC, "innermost /proc/iomem resource holding PHYS (the device)", SCOLS_JSON_STRING, CK_STR },
	[COL_NUMA]     = { "NUMA", 8, 0, "pages per NUMA node (N0=4,N1=2)", SCOLS_JSON_STRING, CK_STR },
	[COL_LINE]     = { "LINE", 4, SCOLS_FL_RIGHT, "line number in /proc/vmallocinfo", SCOLS_JSON_NUMBER, CK_NUM },
	[COL_PFNS]     = { "PFNS", 20, SCOLS_FL_WRAP, "PFNs behind its pages, by page-table walk (kcore)", SCOLS_JSON_STRING, CK_STR },
};

static const int list_defaults[] = {
	COL_START, COL_END, COL_SIZE, COL_TYPE, COL_PAGES, COL_CALLER, COL_MODULE,
	COL_PHYS, COL_RESOURCE,
};

enum {
	OPT_TYPE = 't', OPT_MODULE = 'm', OPT_CALLER = 'c', OPT_MINSIZE = 's',
	OPT_SORT = 0x200, OPT_STRICT,
};

struct list_args {
	struct outopts out;
	const char *types, *module, *caller, *sort;
	uint64_t min_size;
	int strict;
};

static const struct argp_option list_options[] = {
	{ "type", OPT_TYPE, "LIST", 0, "only regions of these types or tags (comma-separated)", 1 },
	{ "module", OPT_MODULE, "NAME", 0, "only regions of this module (\"kernel\" for core code)", 1 },
	{ "caller", OPT_CALLER, "TEXT", 0, "only regions whose caller contains TEXT", 1 },
	{ "min-size", OPT_MINSIZE, "SIZE", 0, "only regions of at least SIZE bytes (K, M, G suffixes)", 1 },
	{ "sort", OPT_SORT, "COLUMN", 0, "sort by COLUMN (default: START when addresses are real, else file order)", 1 },
	{ "strict", OPT_STRICT, NULL, 0, "a malformed line is an error, not a warning", 1 },
	{ 0 }
};

static error_t list_parse(int key, char *arg, struct argp_state *st)
{
	struct list_args *a = st->input;

	switch (key) {
	case ARGP_KEY_INIT:
		st->child_inputs[0] = &a->out;
		break;
	case OPT_TYPE:
		a->types = arg;
		break;
	case OPT_MODULE:
		a->module = arg;
		break;
	case OPT_CALLER:
		a->caller = arg;
		break;
	case OPT_MINSIZE:
		if (parse_size(arg, &a->min_size))
			argp_error(st, "invalid size: '%s'", arg);
		break;
	case OPT_SORT:
		if (out_column_id(list_cols, ARRAY_SIZE(list_cols), arg) < 0)
			argp_error(st, "unknown column for --sort: '%s'", arg);
		a->sort = arg;
		break;
	case OPT_STRICT:
		a->strict = 1;
		break;
	case ARGP_KEY_ARG:
		argp_error(st, "unexpected argument: '%s'", arg);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *list_help(int key, const char *text, void *input)
{
	(void)input;
	if (key == ARGP_KEY_HELP_EXTRA)
		return out_columns_help(list_cols, ARRAY_SIZE(list_cols));
	return (char *)text;
}

static const struct argp list_argp = {
	list_options, list_parse, NULL,
	"List the regions of the kernel's vmalloc space (/proc/vmallocinfo), with what "
	"made each one, its caller and module, and for ioremap the device it maps.",
	out_children, list_help, NULL
};

/* ---- filters and sorting ---------------------------------------------- */

static int type_matches(const struct region *r, const char *types)
{
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", types);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		if (region_has_type(r, tok))
			return 1;
	return 0;
}

static int keep(const struct region *r, const struct list_args *a)
{
	char tmp[128];

	if (a->types && !type_matches(r, a->types))
		return 0;
	if (a->module) {
		const char *m = region_module(r, tmp, sizeof(tmp));

		if (!m || strcmp(m, a->module))
			return 0;
	}
	if (a->caller && (!r->e->caller.n ||
			  !memmem(r->e->caller.p, r->e->caller.n, a->caller, strlen(a->caller))))
		return 0;
	if (r->e->size < a->min_size)
		return 0;
	return 1;
}

static void tags_text(const struct vmi_entry *e, char *out, size_t len)
{
	size_t o = 0;
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < VMI_NTAGS; i++)
		if (e->tags & (1u << i))
			o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%s", o ? "," : "", vmi_tag_name(i));
	for (i = 0; i < e->nextra; i++)
		o += (size_t)snprintf(out + o, o < len ? len - o : 0, "%s%.*s", o ? "," : "",
				      (int)e->extra[i].n, e->extra[i].p);
}

/* Text of a string column, for display and sorting. NULL when absent. */
static const char *col_text(const struct region *r, int col, char *tmp, size_t len)
{
	switch (col) {
	case COL_TYPE:
		snprintf(tmp, len, "%.*s", (int)r->type.n, r->type.p);
		return tmp;
	case COL_TAGS:
		tags_text(r->e, tmp, len);
		return *tmp ? tmp : NULL;
	case COL_CALLER:
		if (!r->e->caller.n)
			return NULL;
		snprintf(tmp, len, "%.*s", (int)r->e->caller.n, r->e->caller.p);
		return tmp;
	case COL_MODULE:
		return region_module(r, tmp, len);
	case COL_RESOURCE:
		if (!r->res)
			return NULL;
		snprintf(tmp, len, "%.*s", (int)r->res->name.n, r->res->name.p);
		return tmp;
	case COL_NUMA: {
		size_t i;

		if (!r->e->numa.n)
			return NULL;
		snprintf(tmp, len, "%.*s", (int)r->e->numa.n, r->e->numa.p);
		for (i = 0; tmp[i]; i++)
			if (tmp[i] == ' ')
				tmp[i] = ',';
		return tmp;
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
static char *region_pfns(const struct kview *kv, const struct region *r)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	uint64_t va, run_start = 0, run_end = 0;
	int have = 0, first = 1;

	if (!f)
		err(EXIT_ERROR, "out of memory");
	for (va = r->e->start; va < r->e->end; va += 4096) {
		struct x86_walk w;
		uint64_t pfn;

		if (kview_vtop(kv, va, &w))
			continue;
		pfn = w.phys >> 12;
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

void list_add_row(struct outview *view, const struct region *r, enum addr_mode mode,
		  const struct kview *kv)
{
	struct libscols_line *ln = out_line(view);
	int real = mode == ADDR_REAL;
	char tmp[256];
	size_t c;

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
			out_addr(view, ln, id, r->e->phys, r->e->has_phys);
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
		default:
			out_str(view, ln, id, col_text(r, id, tmp, sizeof(tmp)));
		}
	}
}

int list_view_init(struct outview *view, const char *name, const struct outopts *o)
{
	return out_view_init(view, name, list_cols, ARRAY_SIZE(list_cols),
			     list_defaults, ARRAY_SIZE(list_defaults), o);
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const struct region *a = *(const struct region *const *)pa;
	const struct region *b = *(const struct region *const *)pb;
	int sort_col = *(const int *)ctx;
	int rc;

	if (list_cols[sort_col].kind == CK_STR) {
		char ta[256], tb[256];
		const char *sa = col_text(a, sort_col, ta, sizeof(ta));
		const char *sb = col_text(b, sort_col, tb, sizeof(tb));

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

int cmd_list(int argc, char *argv[])
{
	struct list_args a = { 0 };
	struct vmspace vs;
	struct kview kv;
	struct outview view, *views[1] = { &view };
	const struct region **rows;
	unsigned need = 0;
	size_t i, nrows = 0;
	int rc, sort_col, have_kv = 0;

	argp_parse(&list_argp, argc, argv, 0, NULL, &a);

	if (list_view_init(&view, "regions", &a.out))
		return EXIT_USAGE;
	if (out_has_column(&view, COL_RESOURCE) || (a.sort && !strcasecmp(a.sort, "RESOURCE")))
		need |= NEED_IOMEM;
	if (out_has_column(&view, COL_MODULE) || a.module || (a.sort && !strcasecmp(a.sort, "MODULE")))
		need |= NEED_MODULES;

	if (vmspace_load(&vs, a.out.sysroot, need, a.strict)) {
		out_view_free(&view);
		vmspace_free(&vs);
		return EXIT_ERROR;
	}
	view.addr_digits = vs.addr_digits;

	if (a.sort) {
		sort_col = out_column_id(list_cols, ARRAY_SIZE(list_cols), a.sort);
		if ((sort_col == COL_START || sort_col == COL_END) && vs.mode != ADDR_REAL) {
			warnx("cannot sort by %s: the kernel hid the addresses", list_cols[sort_col].name);
			out_view_free(&view);
			vmspace_free(&vs);
			return EXIT_ERROR;
		}
	} else {
		sort_col = vs.mode == ADDR_REAL ? COL_START : COL_LINE;
	}

	if (out_has_column(&view, COL_PFNS)) {	/* the page-table walk: kcore and kallsyms */
		if (vs.mode != ADDR_REAL) {
			warnx("PFNS needs real addresses: run 'sysctl kernel.kptr_restrict=1' as root");
		} else if (kview_open(&kv, a.out.sysroot)) {
			out_view_free(&view);
			vmspace_free(&vs);
			return EXIT_ERROR;
		} else {
			have_kv = 1;
		}
	}

	rows = calloc(vs.n ? vs.n : 1, sizeof(*rows));
	if (!rows)
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < vs.n; i++)
		if (keep(&vs.r[i], &a))
			rows[nrows++] = &vs.r[i];
	qsort_r(rows, nrows, sizeof(*rows), cmp_rows, &sort_col);

	for (i = 0; i < nrows; i++)
		list_add_row(&view, rows[i], vs.mode, have_kv ? &kv : NULL);
	free(rows);
	rc = out_print(views, 1);
	if (have_kv)
		kview_close(&kv);
	vmspace_free(&vs);
	return rc ? EXIT_ERROR : EXIT_OK;
}
