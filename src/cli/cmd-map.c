// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl map: the vmalloc area as a picture, occupancy and fragmentation at
 * a glance: on a terminal in bands of cells, or as SVG (--svg FILE).
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "cli/picture-out.h"
#include "kernel/kview.h"
#include "kernel/space-load.h"
#include "lib/groups.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"
#include "lib/picture.h"
#include "lib/units.h"

enum { CELL_COL_START, CELL_COL_END, CELL_COL_USED, CELL_COL_PERCENT, CELL_COL_KEY, CELL_COL_CATEGORY, CELL_COL_REGIONS, CELL_COL_MARK };

static const struct colinfo cell_cols[] = {
	[CELL_COL_START]    = { "START", 18, SCOLS_FL_RIGHT, "the cell's first address", CK_ADDR },
	[CELL_COL_END]      = { "END", 18, SCOLS_FL_RIGHT, "its end (exclusive)", CK_ADDR },
	[CELL_COL_USED]     = { "USED", 6, SCOLS_FL_RIGHT, "its width used by regions: bytes on the linear scale, the scale's units on the compressed one", CK_SIZE },
	[CELL_COL_PERCENT]  = { "PERCENT", 5, SCOLS_FL_RIGHT, "USED as a share of the cell's width on the scale", CK_NUM },
	[CELL_COL_KEY]      = { "KEY", 3, 0, "the legend's letter of its main category", CK_STR },
	[CELL_COL_CATEGORY] = { "CATEGORY", 10, 0, "the type (or module) with most bytes in it", CK_STR },
	[CELL_COL_REGIONS]  = { "REGIONS", 4, SCOLS_FL_RIGHT, "regions that begin in it", CK_NUM },
	[CELL_COL_MARK]     = { "MARK", 4, SCOLS_FL_RIGHT, "n: the n-th largest hole has its middle here", CK_NUM },
};
static const int cell_defaults[] = { CELL_COL_START, CELL_COL_END, CELL_COL_USED, CELL_COL_PERCENT, CELL_COL_KEY, CELL_COL_CATEGORY, CELL_COL_REGIONS, CELL_COL_MARK };

enum { LEGEND_COL_KEY, LEGEND_COL_CATEGORY, LEGEND_COL_REGIONS, LEGEND_COL_SIZE };

static const struct colinfo legend_cols[] = {
	[LEGEND_COL_KEY]      = { "KEY", 3, 0, "its letter in the ASCII picture", CK_STR },
	[LEGEND_COL_CATEGORY] = { "CATEGORY", 10, 0, "the type or module", CK_STR },
	[LEGEND_COL_REGIONS]  = { "REGIONS", 6, SCOLS_FL_RIGHT, "its regions in the range drawn", CK_NUM },
	[LEGEND_COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "their bytes there", CK_SIZE },
};
static const int legend_defaults[] = { LEGEND_COL_KEY, LEGEND_COL_CATEGORY, LEGEND_COL_REGIONS, LEGEND_COL_SIZE };

enum { HOLE_COL_RANK, HOLE_COL_START, HOLE_COL_END, HOLE_COL_SIZE };

static const struct colinfo hole_cols[] = {
	[HOLE_COL_RANK]  = { "RANK", 4, SCOLS_FL_RIGHT, "1 for the largest", CK_NUM },
	[HOLE_COL_START] = { "START", 18, SCOLS_FL_RIGHT, "the hole's first address", CK_ADDR },
	[HOLE_COL_END]   = { "END", 18, SCOLS_FL_RIGHT, "its end (exclusive)", CK_ADDR },
	[HOLE_COL_SIZE]  = { "SIZE", 6, SCOLS_FL_RIGHT, "its size: the biggest area that fits is this less a guard page", CK_SIZE },
};
static const int hole_defaults[] = { HOLE_COL_RANK, HOLE_COL_START, HOLE_COL_END, HOLE_COL_SIZE };

static const struct viewdesc map_views[] = {
	VIEWDESC("cells", NULL, cell_cols, cell_defaults),
	VIEWDESC("legend", NULL, legend_cols, legend_defaults),
	VIEWDESC("holes", NULL, hole_cols, hole_defaults),
};

struct map_args {
	struct outopts out;	/* first: see space_children */
	const char *from, *to, *svg;
	int by, linear, ascii, modules;	/* by: BY_TYPE, BY_MODULE, BY_OWNER */
	unsigned long width, rows, holes;
};

enum { BY_TYPE, BY_MODULE, BY_OWNER };	/* --by's words, in order */

enum { OPT_FROM = 0x300, OPT_TO, OPT_BY, OPT_SCALE, OPT_ASCII, OPT_SVG, OPT_WIDTH, OPT_ROWS, OPT_HOLES, OPT_AREA };

static const char map_doc[] =
	"Draw the vmalloc area: where its regions are, by type or module, and its holes, the "
	"largest marked with their sizes, so that fragmentation shows at a glance. On a "
	"terminal in bands of cells (Unicode blocks in colour; ASCII letters off a terminal, "
	"with --ascii or NO_COLOR); --svg FILE writes a standalone SVG with a tooltip for "
	"each region; -J, -r and -P print the cells, the legend and the holes as tables.\v"
	"The compressed scale (the default) keeps kilobyte regions visible in a 32 TiB area: "
	"holes and regions wider than 64 times the median region are drawn that wide (a hole: ~). With hidden "
	"addresses there is no layout: the kernel source is used where it can be read, else "
	"each type's size is drawn as a bar.";

static const struct cmdopt map_options[] = {
	{ { "from", OPT_FROM, "ADDR", 0, "draw from this address (or offset into the area)", 1 }, OPT_OWN },
	{ { "to", OPT_TO, "ADDR", 0, "draw up to this address (or offset), exclusive", 1 }, OPT_OWN },
	{ { "by", OPT_BY, "type|module|owner", 0, "colour (and letter) by type (default), module, or module memory's owner (list's OWNER: for --area modules)", 1 },
	  OPT_CHOICE(struct map_args, by) },
	{ { "scale", OPT_SCALE, "compressed|linear", 0, "compressed (default): holes and regions over 64 times the median region are drawn that wide, said in the title; linear: the true one", 1 },
	  OPT_CHOICE(struct map_args, linear) },
	{ { "ascii", OPT_ASCII, NULL, 0, "plain ASCII, no colour (also off a terminal and with NO_COLOR)", 1 },
	  OPT_FLAG(struct map_args, ascii) },
	{ { "svg", OPT_SVG, "FILE", 0, "write the picture as a standalone SVG to FILE instead", 1 },
	  OPT_NONEMPTY(struct map_args, svg) },
	{ { "width", OPT_WIDTH, "N", 0, "cells a band (default: the terminal's width; 64 off a terminal; 1000 in SVG)", 1 },
	  OPT_UINT(struct map_args, width, 8, 4000, "width") },
	{ { "rows", OPT_ROWS, "N", 0, "bands (default 8)", 1 },
	  OPT_UINT(struct map_args, rows, 1, 200, "number of rows") },
	{ { "holes", OPT_HOLES, "N", 0, "largest holes to mark (default 3, at most 9)", 1 },
	  OPT_UINT(struct map_args, holes, 0, 9, "number of holes") },
	{ { "area", OPT_AREA, "vmalloc|modules", 0, "the area to draw (default vmalloc)", 1 },
	  OPT_CHOICE(struct map_args, modules) },
	OPT_END
};

/* --from and --to: their form here, before anything is read; where they fall once the area is known */
static error_t map_parse(int key, char *arg, struct argp_state *st)
{
	struct map_args *a = st->input;
	uint64_t v;

	if (key != OPT_FROM && key != OPT_TO)
		return ARGP_ERR_UNKNOWN;
	if (parse_size(arg, &v))
		argp_error(st, "--%s: invalid address: '%s'", key == OPT_FROM ? "from" : "to", arg);
	*(key == OPT_FROM ? &a->from : &a->to) = arg;
	return 0;
}

/* ---- one pass over the file: each region's range and name, the names' bytes ---- */

/*
 * A part of the file as read (lib/space.h, vmspace_scan_parts): its regions
 * with a provisional category (the index of their name in the part's table),
 * the names with their bytes, and the lowest start outside module memory.
 */
struct part {
	struct pic_region *r;
	size_t n, alloc;
	struct groups names;	/* name -> bytes, regions: index = provisional category */
	uint64_t lowest;
	int by;
	const char *base;	/* the text: a region's id is its line's offset in it */
};

static struct sv region_key(const struct region *r, int by)
{
	if (by == BY_OWNER)
		return r->owner ? sv_cstr(owner_name(r->owner)) : no_module_word;
	return by == BY_MODULE ? region_module_word(r) : r->type;
}

static int scan_region(void *ctx, const struct region *r, struct sv line)
{
	struct part *pt = ctx;
	long i = groups_add_at(&pt->names, region_key(r, pt->by), r->e->size, 0);

	if (i < 0 || grow_array((void **)&pt->r, &pt->alloc, pt->n, sizeof(*pt->r)))
		return -1;
	pt->r[pt->n++] = (struct pic_region){ r->e->start, r->e->end, (unsigned)i, (size_t)(line.p - pt->base) };
	if (!region_is_module_memory(r) && r->e->start < pt->lowest)
		pt->lowest = r->e->start;
	return 0;
}

struct cats {
	char text[PIC_NCAT][64];
	uint64_t bytes[PIC_NCAT];
	size_t regions[PIC_NCAT];
	unsigned n;
};

/*
 * The parts as one: the categories by bytes (the 15 biggest names, the rest
 * as "other"), every region's category final, all regions in one array.
 */
static struct pic_region *merge_parts(struct part *pt, unsigned np, struct cats *k, size_t *nout, uint64_t *lowest)
{
	struct groups all = { 0 };
	struct pic_region *r;
	size_t total = 0, i, j, at = 0;
	unsigned p, *map;

	memset(k, 0, sizeof(*k));
	*lowest = UINT64_MAX;
	for (p = 0; p < np; p++) {
		total += pt[p].n;
		if (groups_merge(&all, &pt[p].names))
			err(EXIT_ERROR, "out of memory");
		if (pt[p].lowest < *lowest)
			*lowest = pt[p].lowest;
	}
	groups_sort(&all);
	for (i = 0; i < all.n && k->n < PIC_NCAT; i++) {
		int other = k->n == PIC_NCAT - 1 && all.n > PIC_NCAT;

		snprintf(k->text[k->n], sizeof(k->text[0]), "%.*s", other ? 5 : (int)all.v[i].name.n,
			 other ? "other" : all.v[i].name.p);
		k->n++;
	}
	for (i = 0; i < all.n; i++) {
		unsigned c = i < k->n ? (unsigned)i : k->n - 1;

		u64_acc(&k->bytes[c], all.v[i].size);	/* sums saturate */
		k->regions[c] += all.v[i].regions;
	}
	r = malloc((total ? total : 1) * sizeof(*r));
	if (!r)
		err(EXIT_ERROR, "out of memory");
	for (p = 0; p < np; p++) {
		/* provisional -> final: the name's place in the sorted whole */
		map = malloc((pt[p].names.n + 1) * sizeof(*map));
		if (!map)
			err(EXIT_ERROR, "out of memory");
		for (i = 0; i < pt[p].names.n; i++) {
			for (j = 0; j < all.n && !sv_same(all.v[j].name, pt[p].names.v[i].name); j++)
				;
			map[i] = j < k->n ? (unsigned)j : k->n - 1;
		}
		for (i = 0; i < pt[p].n; i++) {
			r[at] = pt[p].r[i];
			r[at++].cat = map[pt[p].r[i].cat];
		}
		free(map);
	}
	groups_free(&all);
	*nout = at;
	return r;
}

static void parts_free(struct part *pt, unsigned np)
{
	unsigned p;

	for (p = 0; p < np; p++) {
		free(pt[p].r);
		groups_free(&pt[p].names);
	}
}

/* what one scan of the text read needs */
struct scan_ctx {
	struct part *pt;
	const struct map_args *a;
};

/* one scan of the text read: 0, or -1 */
static int scan_once(void *ctx, struct space_files *sf, unsigned need)
{
	struct scan_ctx *sc = ctx;
	struct part *pt = sc->pt;
	void *pctx[SPACE_MAX_PARTS];
	unsigned p;

	parts_free(pt, SPACE_MAX_PARTS);
	for (p = 0; p < SPACE_MAX_PARTS; p++) {
		memset(&pt[p], 0, sizeof(pt[p]));
		pt[p].lowest = UINT64_MAX;
		pt[p].by = sc->a->by;
		pt[p].base = sf->in.vmi;
		pctx[p] = &pt[p];
	}
	return space_scan_read(sf, need, sc->a->out.strict, 0, scan_region, pctx);
}

/*
 * By default the text; when it hides the addresses, the kernel's own lists
 * if they can be read (space_load_text_first, as list). Quiet about hidden
 * addresses: the bars drawn instead say it.
 */
static int load(struct part *pt, const struct map_args *a, struct space_files *sf)
{
	struct scan_ctx sc = { pt, a };

	return space_load_text_first(sf, a->out.sysroot,
				     NEED_MODULES | NEED_MEMINFO | NEED_HIDDEN_TOLD | (a->by != BY_TYPE ? NEED_KALLSYMS : 0) |
					     space_source_need(&a->out, 0),
				     scan_once, &sc);
}

/* ---- the area ------------------------------------------------------------------ */

/* --from/--to (checked while parsing): an address, or an offset into [lo, hi); one line when outside it */
static int bound(const char *opt, const char *arg, uint64_t lo, uint64_t hi, uint64_t *v)
{
	char a[32], b[32];
	uint64_t x;

	if (parse_size(arg, &x))
		return -1;
	if (x < lo && x <= hi - lo)	/* an offset into the area */
		x += lo;
	if (x < lo || x > hi) {
		u64_to_hex(lo, 16, a);
		u64_to_hex(hi, 16, b);
		warnx("--%s %s: outside the area drawn, %s-%s (an address in it, or an offset up to %#llx)", opt, arg, a, b,
		      (unsigned long long)(hi - lo));
		return -1;
	}
	*v = x;
	return 0;
}

struct describe_ctx {
	const struct space_files *sf;
};

/* a region by its line's offset in the text: parsed again, as list prints its rows */
static void describe(void *ctx, size_t id, char *buf, size_t n)
{
	const struct describe_ctx *d = ctx;
	const char *line = d->sf->in.vmi + id, *nl = memchr(line, '\n', d->sf->in.vmi_len - id), *why;
	struct vmi_entry e;
	struct region r;
	struct sv m;
	char a[32], s[32];

	if (vmi_parse_line(line, nl ? (size_t)(nl - line) : d->sf->in.vmi_len - id, &e, &why)) {
		snprintf(buf, n, "?");
		return;
	}
	vmspace_region_init(&d->sf->vs, &e, 0, &r);
	m = region_module_word(&r);
	u64_to_hex(e.start, d->sf->vs.addr_digits ? d->sf->vs.addr_digits : 16, a);
	size_to_human(e.size, s, sizeof(s));
	snprintf(buf, n, "%s %s %.*s %.*s %.*s", a, s, (int)r.type.n, r.type.p,
		 e.caller.n ? (int)e.caller.n : 1, e.caller.n ? e.caller.p : "-", (int)m.n, m.p);
}

/* a category as a table's cell: no module is no value (null in JSON, "-" in text) */
static const char *category_cell(const struct map_args *a, const char *name)
{
	return a->by != BY_TYPE && !strcmp(name, NO_MODULE_WORD) ? NULL : name;
}

/* the picture as tables (-J, -r, -P) */
static int print_tables(const struct map_args *a, const struct picture *p, const struct pic_style *st)
{
	struct outview vc, vl, vh, *views[3] = { &vc, &vl, &vh };
	unsigned d = p->hi > 0x100000000ULL ? 16 : 8, i;
	size_t c;

	out_view(&vc, &a->out, 0);
	vc.addr_digits = d;
	for (c = 0; c < p->ncells; c++) {
		const struct pic_cell *cl = &p->cell[c];
		struct libscols_line *ln = out_line(&vc);
		int cat = pic_cell_cat(cl);
		char key[2] = { cat >= 0 ? pic_letter((unsigned)cat) : 0, 0 };

		out_addr(&vc, ln, CELL_COL_START, cl->start, 1);
		out_addr(&vc, ln, CELL_COL_END, cl->end, 1);
		out_size(&vc, ln, CELL_COL_USED, (uint64_t)(cl->used + 0.5));
		out_printf(&vc, ln, CELL_COL_PERCENT, "%.1f", 100.0 * pic_cell_fill(p, cl));
		out_str(&vc, ln, CELL_COL_KEY, cat >= 0 ? key : NULL);
		out_str(&vc, ln, CELL_COL_CATEGORY, cat >= 0 ? category_cell(a, st->name[cat]) : NULL);
		out_num(&vc, ln, CELL_COL_REGIONS, cl->nregions);
		if (cl->mark)
			out_num(&vc, ln, CELL_COL_MARK, (uint64_t)cl->mark);
		else
			out_str(&vc, ln, CELL_COL_MARK, NULL);
	}
	out_view(&vl, &a->out, 1);
	for (i = 0; i < st->ncat; i++) {
		struct libscols_line *ln = out_line(&vl);
		char key[2] = { pic_letter(i), 0 };

		out_str(&vl, ln, LEGEND_COL_KEY, key);
		out_str(&vl, ln, LEGEND_COL_CATEGORY, category_cell(a, st->name[i]));
		out_num(&vl, ln, LEGEND_COL_REGIONS, p->nregions[i]);
		out_size(&vl, ln, LEGEND_COL_SIZE, p->by_cat[i]);
	}
	out_view(&vh, &a->out, 2);
	vh.addr_digits = d;
	for (i = 0; i < p->nholes && i < p->nmark; i++) {	/* the holes marked, as the legend lists them */
		struct libscols_line *ln = out_line(&vh);

		out_num(&vh, ln, HOLE_COL_RANK, i + 1);
		out_addr(&vh, ln, HOLE_COL_START, p->holes[i].start, 1);
		out_addr(&vh, ln, HOLE_COL_END, p->holes[i].end, 1);
		out_size(&vh, ln, HOLE_COL_SIZE, p->holes[i].end - p->holes[i].start);
	}
	return out_print(views, 3);
}

/* hidden addresses: each category's bytes as a bar, never a made-up map (-J: the legend alone) */
static int bars(const struct map_args *a, const struct cats *k, int fancy)
{
	struct picture p;
	struct pic_style st = { .ncat = k->n };
	uint64_t max = 1;
	unsigned c;
	char s[32];

	memset(&p, 0, sizeof(p));
	for (c = 0; c < k->n; c++) {
		st.name[c] = k->text[c];
		p.by_cat[c] = k->bytes[c];
		p.nregions[c] = k->regions[c];
		if (k->bytes[c] > max)
			max = k->bytes[c];
	}
	if (out_is_machine(&a->out))
		return print_tables(a, &p, &st) ? EXIT_ERROR : EXIT_OK;
	for (c = 0; c < k->n; c++) {
		int w = (int)((double)k->bytes[c] / (double)max * 50 + 0.5), j;

		size_to_human(k->bytes[c], s, sizeof(s));
		printf("%-20s %8s %7zu regions ", k->text[c], s, k->regions[c]);
		for (j = 0; j < (w ? w : 1); j++)
			fputs(fancy ? "\u2588" : "#", stdout);
		putchar('\n');
	}
	return EXIT_OK;
}

static int map_fancy(const struct outopts *o, int ascii)
{
	const char *nc = getenv("NO_COLOR");

	return !ascii && !out_is_machine(o) && isatty(STDOUT_FILENO) && !(nc && *nc);
}

static size_t map_term_width(void)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long w = 0;

	if (cols && *cols)
		w = strtol(cols, NULL, 10);
	if (w <= 0 && isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws))
		w = ws.ws_col;
	return w > 40 ? (size_t)w - 22 : 64;
}

/*
 * No picture to draw: no regions, or hidden addresses (a bar for each
 * category then, never a made-up map). 1 with *rc set when so, else 0.
 */
static int no_layout(const struct map_args *a, const struct space_files *sf, const struct cats *k, int fancy,
		     int *rc)
{
	if (!k->n && a->svg) {
		warnx("%s: no regions: --svg has nothing to draw", sysfile_path(sf->sysroot, "/proc/vmallocinfo"));
		*rc = EXIT_ERROR;
	} else if (!k->n) {	/* -J: the tables, empty */
		if (out_is_machine(&a->out))
			*rc = bars(a, k, fancy);
		else
			printf("no regions\n");
	} else if (sf->vs.mode != ADDR_REAL && a->svg) {	/* as diff --svg: no picture rather than a made-up one */
		warnx("%s: %s: --svg: there is no layout to draw (%s, or run vmapctl as root with /proc/kcore)",
		      sysfile_path(sf->sysroot, "/proc/vmallocinfo"), hint_hidden(sf->vs.mode), sysfile_kptr_hint(sf->sysroot));
		*rc = EXIT_ERROR;
	} else if (sf->vs.mode != ADDR_REAL) {
		if (!out_is_machine(&a->out))
			out_note(&a->out, "%s: %s: no layout to draw; each %s's size instead (%s, or run vmapctl as root with /proc/kcore)",
			      sysfile_path(sf->sysroot, "/proc/vmallocinfo"), hint_hidden(sf->vs.mode),
			      a->by == BY_OWNER ? "owner" : a->by == BY_MODULE ? "module" : "type", sysfile_kptr_hint(sf->sysroot));
		*rc = bars(a, k, fancy);
	} else {
		return 0;
	}
	return 1;
}

/* [from, to): the area (space_area_bounds), or the part --from and --to say. 0, or -1 after saying why. */
static int map_range(const struct map_args *a, const struct space_files *sf, uint64_t lowest, uint64_t *from,
		     uint64_t *to)
{
	uint64_t lo, hi;

	if (space_area_bounds(sf, a->modules, lowest, &lo, &hi))
		return -1;
	*from = lo;
	*to = hi;
	if ((a->from && bound("from", a->from, lo, hi, from)) || (a->to && bound("to", a->to, lo, hi, to)))
		return -1;
	if (*to <= *from) {
		warnx("--from %s: not below --to %s", a->from ? a->from : "(the area's start)", a->to ? a->to : "(the area's end)");
		return -1;
	}
	return 0;
}

/* the picture's title: the area drawn, its use, its holes and its scale */
static void map_title(const struct map_args *a, const struct picture *p, size_t n, char *title, size_t len)
{
	char t1[32], t2[32], t3[32], t4[32];

	size_to_human(p->hi - p->lo, t1, sizeof(t1));
	size_to_human(p->used, t2, sizeof(t2));
	size_to_human(p->nholes ? p->holes[0].end - p->holes[0].start : 0, t3, sizeof(t3));
	size_to_human(p->cap, t4, sizeof(t4));
	snprintf(title, len, "%s area %#llx-%#llx (%s): %s used (%.2f%%) in %zu regions; %zu holes, the largest %s; %s scale%s%s%s",
		 a->modules ? "modules" : "vmalloc", (unsigned long long)p->lo, (unsigned long long)p->hi, t1, t2,
		 100.0 * (double)p->used / (double)(p->hi - p->lo), n, p->allholes, t3, a->linear ? "linear" : "compressed",
		 !a->linear && p->shrunk ? ", holes and regions over " : "", !a->linear && p->shrunk ? t4 : "",
		 !a->linear && p->shrunk ? " drawn that wide" : "");
}

/* the regions pr (all of them) of [from, to) drawn: on the terminal, as SVG or as tables. EXIT_OK or EXIT_ERROR */
static int map_draw(const struct map_args *a, const struct space_files *sf, struct pic_region *pr, size_t all,
		    const struct cats *k, uint64_t from, uint64_t to, int fancy)
{
	struct describe_ctx dc = { sf };
	struct pic_style st = { .describe = describe, .ctx = &dc, .ncat = k->n };
	struct picture p;
	size_t i, n = 0, width;
	char title[768];
	int rc = EXIT_OK;

	for (i = 0; i < all; i++)	/* those of [from, to) */
		if (pr[i].end > from && pr[i].start < to)
			pr[n++] = pr[i];
	if (radix_sort_u64(pr, n, sizeof(*pr), offsetof(struct pic_region, start)))
		err(EXIT_ERROR, "out of memory");
	width = a->width ? a->width : a->svg ? 1000 : map_term_width();
	if (picture_draw(&p, pr, n, from, to, width * a->rows, a->linear ? PIC_LINEAR : PIC_COMPRESSED, (unsigned)a->holes))
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < k->n; i++)
		st.name[i] = k->text[i];
	map_title(a, &p, n, title, sizeof(title));
	if (a->svg) {
		if (pic_svg(a->svg, &p, &st, width, title))
			rc = EXIT_ERROR;
	} else if (out_is_machine(&a->out)) {
		if (print_tables(a, &p, &st))
			rc = EXIT_ERROR;
	} else {
		printf("%s\n\n", title);
		pic_terminal(stdout, &p, &st, width, fancy);
	}
	picture_free(&p);
	return rc;
}

static int cmd_map(int argc, char *argv[])
{
	struct map_args a = { .out = { map_views, ARRAY_SIZE(map_views) }, .rows = 8, .holes = 3 };
	struct part parts[SPACE_MAX_PARTS] = { { 0 } };
	struct space_files sf;
	struct pic_region *pr;
	struct cats k;
	uint64_t from, to, lowest;
	size_t all;
	int fancy, rc = EXIT_OK;

	cmd_args(&vmapctl_cmd_map, argc, argv, &a);
	fancy = map_fancy(&a.out, a.ascii);
	if (load(parts, &a, &sf)) {
		parts_free(parts, SPACE_MAX_PARTS);
		space_unload(&sf);
		return EXIT_ERROR;
	}
	pr = merge_parts(parts, SPACE_MAX_PARTS, &k, &all, &lowest);
	parts_free(parts, SPACE_MAX_PARTS);
	if (!no_layout(&a, &sf, &k, fancy, &rc))
		rc = map_range(&a, &sf, lowest, &from, &to) ? EXIT_ERROR : map_draw(&a, &sf, pr, all, &k, from, to, fancy);
	free(pr);
	space_unload(&sf);
	return rc;
}

const struct vmapctl_cmd vmapctl_cmd_map = {
	.name = "map", .run = cmd_map,
	.help = "the vmalloc area drawn: regions, holes, fragmentation; or as SVG",
	.doc = map_doc, .opts = map_options, .parse = map_parse, .children = space_children,
};
