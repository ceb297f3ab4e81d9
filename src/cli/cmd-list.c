// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl list: one row per region of the vmalloc space. */
#include <argp.h>
#include <err.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/regions-view.h"
#include "kernel/kview.h"
#include "kernel/space-load.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"
#include "lib/units.h"

enum {
	OPT_TYPE = 't', OPT_MODULE = 'm', OPT_CALLER = 'c', OPT_ALL = 'a',
	OPT_SORT = 0x200, OPT_MINSIZE,	/* no -s: that is --sysroot, as in lsmem */
};

/* A filter's values: each -t, -m or -c adds its comma-separated list to them */
struct filter {
	char **v;
	size_t n;
};

struct list_args {
	struct outopts out;	/* first: see out_children */
	struct filter types, modules, callers;
	int all;		/* -a: the lazily freed areas too */
	int unpurged;		/* they were asked for by type */
	int sort_col;		/* -1: START when addresses are real, else file order */
	uint64_t min_size;
};

static const char list_doc[] =
	"List the regions of the kernel's vmalloc space (/proc/vmallocinfo), with what "
	"made each one, its caller and module, and for ioremap the device it maps.";

static const struct cmdopt list_options[] = {
	{ { "all", OPT_ALL, NULL, 0, "also the lazily freed areas (type unpurged), left out by default", 1 },
	  OPT_FLAG(struct list_args, all) },
	{ { "type", OPT_TYPE, "LIST", 0, "only regions of these types or tags (comma-separated, any case; repeatable)", 1 }, OPT_OWN },
	{ { "module", OPT_MODULE, "LIST", 0, "only regions of these modules (\"kernel\" for core code, \"-\" for none; repeatable)", 1 }, OPT_OWN },
	{ { "caller", OPT_CALLER, "TEXT", 0, "only regions whose caller contains TEXT (repeatable: any of them)", 1 }, OPT_OWN },
	{ { "min-size", OPT_MINSIZE, "SIZE", 0, "only regions of at least SIZE bytes (4096, 4K, 1.5M: as vmapctl prints sizes)", 1 },
	  OPT_SIZE(struct list_args, min_size) },
	{ { "sort", OPT_SORT, "COLUMN", 0, "sort by COLUMN (default: START when addresses are real, else file order)", 1 }, OPT_OWN },
	OPT_END
};

/* arg's values added to f: split at commas (when split), blanks around each dropped */
static void filter_add(struct argp_state *st, struct filter *f, char *arg, int split)
{
	char *save = NULL, *tok;
	const char *p = arg;

	/* every item named, as -o's: "a,,b", ",a", "a," and " " are usage errors */
	for (;;) {
		size_t n = split ? strcspn(p, ",") : strlen(p), i;

		for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
			;
		if (i == n)
			argp_error(st, "%s: '%s'", split && strchr(arg, ',') ? "an empty name in" : "an empty value", arg);
		if (!p[n])
			break;
		p += n + 1;
	}
	for (tok = split ? strtok_r(arg, ",", &save) : arg; tok; tok = split ? strtok_r(NULL, ",", &save) : NULL) {
		char *end = tok + strlen(tok), **v;

		while (*tok == ' ' || *tok == '\t')
			tok++;
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (!*tok)
			continue;
		v = realloc(f->v, (f->n + 1) * sizeof(*v));
		if (!v)
			argp_failure(st, EXIT_ERROR, ENOMEM, "options");
		f->v = v;
		f->v[f->n++] = tok;
	}
	if (!f->n)
		argp_error(st, "an empty list: '%s'", arg);
}

/* the filters, --sort's column; "unpurged" asked for by type */
static error_t list_parse(int key, char *arg, struct argp_state *st)
{
	struct list_args *a = st->input;
	size_t i;

	switch (key) {
	case OPT_TYPE:
		filter_add(st, &a->types, arg, 1);
		break;
	case OPT_MODULE:
		filter_add(st, &a->modules, arg, 1);
		break;
	case OPT_CALLER:
		filter_add(st, &a->callers, arg, 0);
		break;
	case OPT_SORT:
		a->sort_col = out_column_id(regions_view.info, regions_view.ninfo, arg);
		if (a->sort_col < 0)
			argp_error(st, "unknown column for --sort: '%s'", arg);
		break;
	case ARGP_KEY_END:
		for (i = 0; i < a->types.n; i++)
			if (!strcasecmp(a->types.v[i], "unpurged"))
				a->unpurged = 1;
		return ARGP_ERR_UNKNOWN;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* ---- filters and sorting ---------------------------------------------- */

static int any_type(const struct region *r, const struct filter *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (region_has_type(r, f->v[i]))
			return 1;
	return 0;
}

static int any_module(const struct region *r, const struct filter *f)
{
	struct sv m = region_module_sv(r);
	size_t i;

	for (i = 0; i < f->n; i++)
		if (m.p ? sv_eq(m, f->v[i]) : !strcmp(f->v[i], "-"))
			return 1;
	return 0;
}

static int any_caller(const struct region *r, const struct filter *f)
{
	size_t i;

	for (i = 0; i < f->n && r->e->caller.n; i++)
		if (memmem(r->e->caller.p, r->e->caller.n, f->v[i], strlen(f->v[i])))
			return 1;
	return 0;
}

/* What keep() says of a region */
enum { DROP, KEEP, UNPURGED };

/* UNPURGED: a lazily freed area the filters keep, left out as none of -a and -t unpurged asked for it */
static int keep(const struct region *r, const struct list_args *a)
{
	if (a->types.n && !any_type(r, &a->types))
		return DROP;
	if (a->modules.n && !any_module(r, &a->modules))
		return DROP;
	if (a->callers.n && !any_caller(r, &a->callers))
		return DROP;
	if (r->e->size < a->min_size)
		return DROP;
	return (r->e->tags & VMI_UNPURGED) && !a->all && !a->unpurged ? UNPURGED : KEEP;
}

/* On a terminal, a line on stderr: the lazily freed areas left out, or no row at all */
static void say_left_out(const struct list_args *a, size_t rows, size_t unpurged)
{
	if (!isatty(STDERR_FILENO))
		return;
	if (unpurged)
		out_note(&a->out, "%zu lazily freed area%s (unpurged) not shown: -a shows them", unpurged, unpurged == 1 ? "" : "s");
	else if (!rows && (a->types.n || a->modules.n || a->callers.n || a->min_size))
		out_note(&a->out, "no region matches the filters");
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	return regions_cmp(*(const struct region *const *)pa, *(const struct region *const *)pb,
			   *(const int *)ctx);
}

/* The files the chosen columns, filters and sort need, besides vmallocinfo. */
static unsigned needs(const struct outview *v, const struct list_args *a)
{
	unsigned need = 0;

	if (out_has_column(v, COL_RESOURCE) || a->sort_col == COL_RESOURCE)
		need |= NEED_IOMEM;
	/* module memory's owner and module: its base in /proc/modules, its symbols in kallsyms */
	if (out_has_column(v, COL_MODULE) || out_has_column(v, COL_OWNER) || out_has_column(v, COL_PROGS) ||
	    a->modules.n || a->sort_col == COL_MODULE || a->sort_col == COL_OWNER || a->sort_col == COL_PROGS)
		need |= NEED_MODULES | NEED_KALLSYMS;
	return need;
}

/* The page-table walk behind PFNS: kcore and kallsyms. 1 opened, 0 not needed, -1 failed. */
static int open_kview(struct kview *kv, const struct outview *v, const struct vmspace *vs, const char *sysroot)
{
	if (!out_has_column(v, COL_PFNS))
		return 0;
	if (vs->mode != ADDR_REAL) {
		warnx("PFNS needs real addresses: %s", sysfile_kptr_hint(sysroot));
		return 0;
	}
	return kview_open_walk(kv, sysroot) ? -1 : 1;
}

static int print_rows(struct outview *v, const struct list_args *a, const struct vmspace *vs,
		      int sort_col, struct kview *kv)
{
	struct outview *views[1] = { v };
	const struct region **rows = calloc(vs->n ? vs->n : 1, sizeof(*rows));
	size_t i, nrows = 0, unpurged = 0;

	if (!rows)
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < vs->n; i++)
		switch (keep(&vs->r[i], a)) {
		case KEEP:
			rows[nrows++] = &vs->r[i];
			break;
		case UNPURGED:
			unpurged++;
			break;
		}
	say_left_out(a, nrows, unpurged);
	if (sort_col != COL_LINE)	/* the model is in line order */
		qsort_r(rows, nrows, sizeof(*rows), cmp_rows, &sort_col);
	out_view_stream(v);
	for (i = 0; i < nrows; i++)
		regions_row(v, rows[i], vs, kv);
	free(rows);
	return out_print(views, 1);
}

/* ---- the fast way, for every numeric sort: an index of the lines, then each line again ---- */

struct row {
	uint64_t key;		/* of the sort column (START as well when it is not known yet) */
	const char *line;	/* the line, in the file's text */
	uint32_t len, lineno;
	uint32_t absent;	/* no value in the sort column: last */
	uint32_t pad;
};

struct index {
	const struct list_args *a;
	int col;		/* the sort column, or -1: START if the addresses are real, else LINE */
	struct row *v;
	size_t n, alloc;
	size_t unpurged;	/* left out: see keep() */
};

static int index_line(void *ctx, const struct region *r, struct sv line)
{
	struct index *ix = ctx;
	struct row *w;
	int absent = 0;

	switch (keep(r, ix->a)) {
	case DROP:
		return 0;
	case UNPURGED:
		ix->unpurged++;
		return 0;
	}
	if (grow_array((void **)&ix->v, &ix->alloc, ix->n, sizeof(*ix->v)))
		return -1;
	w = &ix->v[ix->n++];
	memset(w, 0, sizeof(*w));
	if (ix->col < 0)
		w->key = r->e->start;
	else
		regions_num_key(r, ix->col, &w->key, &absent);
	w->absent = (uint32_t)absent;
	w->line = line.p;
	w->len = (uint32_t)line.n;
	w->lineno = r->lineno;
	return 0;
}

/* By key, stable; the rows with no value moved last, in order. */
static int sort_rows(struct row *v, size_t n)
{
	struct row *tmp;
	size_t i, k;

	if (radix_sort_u64(v, n, sizeof(*v), offsetof(struct row, key)))
		return -1;
	tmp = malloc((n ? n : 1) * sizeof(*tmp));
	if (!tmp)
		return -1;
	for (i = k = 0; i < n; i++)	/* present ones first, stable */
		if (!v[i].absent)
			tmp[k++] = v[i];
	for (i = 0; i < n; i++)
		if (v[i].absent)
			tmp[k++] = v[i];
	memcpy(v, tmp, n * sizeof(*v));
	free(tmp);
	return 0;
}

static int print_index(struct outview *v, struct index *ix, const struct vmspace *vs,
		       int sort_by_key, struct kview *kv)
{
	struct outview *views[1] = { v };
	size_t i;

	if (sort_by_key && sort_rows(ix->v, ix->n))
		err(EXIT_ERROR, "out of memory");
	say_left_out(ix->a, ix->n, ix->unpurged);
	out_view_stream(v);
	for (i = 0; i < ix->n; i++) {
		const struct row *w = &ix->v[i];
		struct vmi_entry e;
		struct region r;
		const char *why;

		/* the line again: it parsed once, it parses the same */
		if (vmi_parse_line(w->line, w->len, &e, &why))
			continue;
		vmspace_region_init(vs, &e, w->lineno, &r);
		regions_row(v, &r, vs, kv);
	}
	return out_print(views, 1);
}

/* Load and print: the whole model for a text sort column, an index of the lines otherwise. */
/* the parts' indexes after each other, in part 0 */
static int join(struct index *ix, unsigned np)
{
	unsigned i;

	for (i = 1; i < np; i++) {
		if (ix[i].n) {
			struct row *v = realloc(ix[0].v, (ix[0].n + ix[i].n) * sizeof(*v));

			if (!v)
				return -1;
			memcpy(v + ix[0].n, ix[i].v, ix[i].n * sizeof(*v));
			ix[0].v = v;
			ix[0].n += ix[i].n;
			ix[0].alloc = ix[0].n;
		}
		ix[0].unpurged += ix[i].unpurged;
		free(ix[i].v);
		ix[i].v = NULL;
	}
	return 0;
}

/* what one load of the text read needs: the index, and whether to use it as asked */
struct load_ctx {
	struct index *parts;
	const struct list_args *a;
	int by, *by_index;
};

/*
 * Load what was read: the whole model for a text sort column or a file small
 * enough to keep whole (each line parsed once), an index of the lines of a
 * big one otherwise. *by_index says which.
 */
static int load_once(void *ctx, struct space_files *sf, unsigned need)
{
	struct load_ctx *l = ctx;
	void *pctx[SPACE_MAX_PARTS];
	unsigned np = SPACE_MAX_PARTS, i;
	int rc;

	*l->by_index = l->by && sf->vmi.n >= SPACE_BIG;
	if (!*l->by_index)
		return space_build(sf, need, l->a->out.strict);
	for (i = 0; i < np; i++) {
		free(l->parts[i].v);
		memset(&l->parts[i], 0, sizeof(l->parts[i]));
		l->parts[i].a = l->a;
		l->parts[i].col = l->a->sort_col;
		pctx[i] = &l->parts[i];
	}
	rc = space_scan_read(sf, need, l->a->out.strict, SPACE_LINENO, index_line, pctx);
	if (join(l->parts, np))
		err(EXIT_ERROR, "out of memory");
	return rc;
}

/*
 * By default the text; when it hides the addresses, the kernel's own lists
 * instead if they can be read (then the text's note about hidden addresses
 * is not needed, and not said): space_load_text_first.
 */
static int load(struct index *parts, const struct outview *view, const struct list_args *a,
		struct space_files *sf, int *by_index)
{
	struct load_ctx l = { parts, a, *by_index, by_index };

	return space_load_text_first(sf, a->out.sysroot, needs(view, a) | space_source_need(&a->out, 0),
				     load_once, &l);
}

static int list(struct outview *view, const struct list_args *a, struct space_files *sf)
{
	struct index parts[SPACE_MAX_PARTS] = { { 0 } }, *ix = &parts[0];
	struct kview kv;
	int rc, sort_col, have_kv, by_index = a->sort_col < 0 ||
		!ck_text(regions_view.info[a->sort_col].kind);

	if (load(parts, view, a, sf, &by_index)) {
		free(ix->v);
		return -1;
	}
	view->addr_digits = sf->vs.addr_digits;
	view->json_source = sf->kernel ? "kernel" : "text";
	sort_col = a->sort_col >= 0 ? a->sort_col : sf->vs.mode == ADDR_REAL ? COL_START : COL_LINE;
	if ((sort_col == COL_START || sort_col == COL_END) && sf->vs.mode != ADDR_REAL) {
		warnx("cannot sort by %s: the kernel hid the addresses", regions_view.info[sort_col].name);
		rc = -1;
	} else if ((have_kv = open_kview(&kv, view, &sf->vs, a->out.sysroot)) < 0) {
		rc = -1;
	} else {
		/* the index is in line order already: sorted only by another column */
		rc = by_index ? print_index(view, ix, &sf->vs, sort_col != COL_LINE, have_kv ? &kv : NULL)
			      : print_rows(view, a, &sf->vs, sort_col, have_kv ? &kv : NULL);
		if (have_kv)
			kview_close(&kv);
	}
	free(ix->v);
	return rc;
}

static int cmd_list(int argc, char *argv[])
{
	struct list_args a = { .out = { &regions_view, 1 }, .sort_col = -1 };
	struct space_files sf;
	struct outview view;
	int rc;

	cmd_args(&vmapctl_cmd_list, argc, argv, &a);
	out_view(&view, &a.out, 0);
	rc = list(&view, &a, &sf);
	out_view_free(&view);
	space_unload(&sf);
	free(a.types.v);
	free(a.modules.v);
	free(a.callers.v);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_list = {
	.name = "list", .run = cmd_list,
	.help = "list the regions of the vmalloc space",
	.doc = list_doc, .opts = list_options, .parse = list_parse, .children = space_children,
};
