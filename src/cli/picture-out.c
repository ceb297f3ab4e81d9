// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "cli/picture-out.h"
#include "lib/units.h"

/* terminal colours (SGR) and SVG fills of the categories, in order: told apart at a glance */
static const int sgr[PIC_NCAT] = { 32, 34, 33, 35, 36, 31, 92, 94, 93, 95, 96, 91, 37, 90, 97, 30 };
static const char *const fill[PIC_NCAT] = {
	"#2ca02c", "#1f77b4", "#e6ab02", "#9467bd", "#17becf", "#d62728", "#98df8a", "#aec7e8",
	"#ffbb78", "#c5b0d5", "#9edae5", "#ff9896", "#7f7f7f", "#bcbd22", "#8c564b", "#e377c2",
};

char pic_letter(unsigned cat)
{
	return (char)('A' + (cat < PIC_NCAT ? cat : PIC_NCAT - 1));
}

static unsigned digits(const struct picture *p)
{
	return p->hi - 1 > 0xffffffffULL ? 16 : 8;
}

static void glyph(FILE *f, const struct picture *p, const struct pic_cell *c, int fancy)
{
	double frac = pic_cell_fill(p, c);
	int cat = pic_cell_cat(c);

	if (c->mark) {	/* a listed hole is always marked, a cell partly used too */
		if (fancy)
			fprintf(f, "\033[1m%d\033[0m", c->mark);
		else
			fputc('0' + c->mark, f);
	} else if (cat >= 0) {
		if (!fancy)
			fputc(frac >= 0.5 ? pic_letter((unsigned)cat) : pic_letter((unsigned)cat) - 'A' + 'a', f);
		else
			fprintf(f, "\033[%dm%s\033[0m", sgr[cat],
				frac >= 0.875 ? "\u2588" : frac >= 0.5 ? "\u2593" : frac >= 0.125 ? "\u2592" : "\u2591");
	} else if (c->shrunk > 0) {
		fputs(fancy ? "\033[2m\u2248\033[0m" : "~", f);
	} else {
		fputs(fancy ? "\033[2m\u00b7\033[0m" : ".", f);
	}
}

void pic_terminal(FILE *f, const struct picture *p, const struct pic_style *st, size_t width, int fancy)
{
	size_t rows = p->ncells / width, r, c;
	unsigned d = digits(p), i;
	char a[32], b[32];

	for (r = 0; r < rows; r++) {
		u64_to_hex(p->cell[r * width].start, d, a);
		fprintf(f, "%s %s", a, fancy ? "\u2502" : "|");
		for (c = 0; c < width; c++)
			glyph(f, p, &p->cell[r * width + c], fancy);
		fprintf(f, "%s\n", fancy ? "\u2502" : "|");
	}
	fputc('\n', f);
	for (i = 0; i < st->ncat; i++) {
		if (!p->nregions[i])
			continue;
		size_to_human(p->by_cat[i], a, sizeof(a));
		if (fancy)
			fprintf(f, "  \033[%dm\u2588\033[0m %-20s %7zu regions %8s\n", sgr[i], st->name[i], p->nregions[i], a);
		else
			fprintf(f, "  %c %-20s %7zu regions %8s\n", pic_letter(i), st->name[i], p->nregions[i], a);
	}
	if (!fancy)
		fputs("  (a capital: the cell is mostly used; a small letter: partly; . a hole; ~ a hole drawn shrunk)\n", f);
	for (i = 0; i < p->nmark && i < p->nholes; i++) {
		size_to_human(p->holes[i].end - p->holes[i].start, a, sizeof(a));
		u64_to_hex(p->holes[i].start, d, b);
		fprintf(f, "  %u %8s hole at %s\n", i + 1, a, b);
	}
}

/* ---- SVG --------------------------------------------------------------------- */

enum { LEFT = 150, TOP = 40, BAND = 26, GAP = 22, RIGHT = 150 };

struct svg_job {
	const struct picture *p;
	const struct pic_style *st;
	size_t width;
	const char *title;
};

static const char *fill_of(const struct pic_style *st, int cat)
{
	return st->fill[cat] ? st->fill[cat] : fill[cat];
}

static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n')
				fputc(*s, f);
		}
	}
}

/* b continues a's rect: the same region fills both, and only it */
static int same_run(const struct picture *p, const struct pic_cell *a, const struct pic_cell *b)
{
	return a->has_first && b->has_first && a->first == b->first && b->nregions == 0 && !b->mark &&
	       pic_cell_units(p) > 0 && pic_cell_fill(p, a) >= 0.999 && pic_cell_fill(p, b) >= 0.999 &&
	       pic_cell_cat(a) == pic_cell_cat(b);
}

static void cell_title(FILE *f, const struct svg_job *j, const struct pic_cell *c)
{
	char a[32], b[32], u[32];
	static char *desc;	/* grown until the description fits (a caller may be 512 and more) */
	static size_t cap;
	unsigned d = digits(j->p);

	u64_to_hex(c->start, d, a);
	u64_to_hex(c->end, d, b);
	size_to_human((uint64_t)(c->used + 0.5), u, sizeof(u));
	fprintf(f, "<title>%s-%s: %s used", a, b, u);
	if (c->nregions > 1)
		fprintf(f, ", %zu regions begin here; the first", c->nregions);
	if (c->has_first && j->st->describe) {
		for (;;) {	/* describe() cuts as snprintf: a full buffer may have been cut */
			if (cap) {
				desc[cap - 2] = '\0';
				j->st->describe(j->st->ctx, c->first, desc, cap);
				if (desc[cap - 2] == '\0')
					break;
			}
			cap = cap ? 2 * cap : 1024;
			desc = realloc(desc, cap);
			if (!desc)
				err(EXIT_ERROR, "out of memory");
		}
		fputs("\n", f);
		xml_text(f, desc);
	}
	fputs("</title>", f);
}

/* the document's start: its size, its title, the white page */
static void svg_head(FILE *f, const struct svg_job *j, size_t rows)
{
	const struct picture *p = j->p;
	int w = LEFT + 1000 + RIGHT, legend = 0, h;
	unsigned i;

	for (i = 0; i < j->st->ncat; i++)
		legend += p->nregions[i] != 0;
	h = TOP + (int)rows * (BAND + GAP) + 20 * (legend + (int)p->nmark) + 40;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		   "font-family=\"monospace\" font-size=\"12\">\n<title>", w, h, w, h);
	xml_text(f, j->title);
	fprintf(f, "</title>\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		   "<text x=\"10\" y=\"22\" font-size=\"11\">", w, h);
	xml_text(f, j->title);
	fputs("</text>\n", f);
}

/* a band's cell c at x: a rect for the run of cells its region fills, or a shrunk hole; its mark. The run's last cell. */
static size_t svg_cell(FILE *f, const struct svg_job *j, const struct pic_cell *row, size_t c, double x, int y)
{
	const struct picture *p = j->p;
	const struct pic_cell *cl = &row[c];
	double cw = 1000.0 / (double)j->width, frac = pic_cell_fill(p, cl);
	int cat = pic_cell_cat(cl);
	size_t k2 = c, i;

	if (cat >= 0) {
		/* one rect for the run of cells one region fills: its tooltip once */
		struct pic_cell run = *cl;

		while (k2 + 1 < j->width && same_run(p, cl, &row[k2 + 1]))
			k2++;
		run.end = row[k2].end;
		run.used = 0;
		for (i = c; i <= k2; i++)
			run.used += row[i].used;
		fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" fill-opacity=\"%.2f\">",
			x, y, cw * (double)(k2 - c + 1), BAND, fill_of(j->st, cat), frac >= 0.5 ? 1.0 : 0.45 + frac);
		cell_title(f, j, &run);
		fputs("</rect>\n", f);
	} else if (cl->shrunk > 0) {
		fprintf(f, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"#d9d9d9\">"
			   "<title>a hole, drawn shrunk</title></rect>\n", x, y + BAND / 3, cw, BAND / 3);
	}
	if (cl->mark)
		fprintf(f, "<text x=\"%.2f\" y=\"%d\" font-weight=\"bold\" text-anchor=\"middle\">%d</text>\n",
			x + cw / 2, y + BAND / 2 + 4, cl->mark);
	return k2;
}

/* band r: its addresses at both ends, its cells, a tick each quarter */
static void svg_band(FILE *f, const struct svg_job *j, size_t r)
{
	const struct picture *p = j->p;
	const struct pic_cell *first = &p->cell[r * j->width], *last = first + j->width - 1;
	double cw = 1000.0 / (double)j->width;
	int y = TOP + (int)r * (BAND + GAP);
	unsigned d = digits(p), i;
	char a[32], b[32];
	size_t c;

	u64_to_hex(first->start, d, a);
	u64_to_hex(last->end, d, b);
	fprintf(f, "<g>\n<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", LEFT - 6, y + BAND / 2 + 4, a);
	fprintf(f, "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + 1006, y + BAND / 2 + 4, b);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"1000\" height=\"%d\" fill=\"#f7f7f7\" stroke=\"#999999\" stroke-width=\"0.5\"/>\n",
		LEFT, y, BAND);
	for (c = 0; c < j->width; c++)
		c = svg_cell(f, j, first, c, LEFT + (double)c * cw, y);
	/* scale marks: a tick each quarter of the band, with its address */
	for (i = 1; i < 4; i++) {
		const struct pic_cell *t = &first[i * j->width / 4];

		u64_to_hex(t->start, d, a);
		fprintf(f, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" stroke=\"#555555\" stroke-width=\"0.5\"/>\n"
			   "<text x=\"%.2f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%s</text>\n",
			LEFT + i * 250.0, y + BAND, LEFT + i * 250.0, y + BAND + 4, LEFT + i * 250.0, y + BAND + 13, a);
	}
	fputs("</g>\n", f);
}

/* below the bands: the categories drawn, then the marked holes */
static void svg_legend(FILE *f, const struct svg_job *j, size_t rows)
{
	const struct picture *p = j->p;
	int h = TOP + (int)rows * (BAND + GAP) + 10;
	unsigned d = digits(p), i, k = 0;
	char a[32], b[32];

	for (i = 0; i < j->st->ncat; i++) {
		if (!p->nregions[i])
			continue;
		size_to_human(p->by_cat[i], a, sizeof(a));
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">",
			LEFT, h + 20 * (int)k, fill_of(j->st, (int)i), LEFT + 20, h + 20 * (int)k + 11);
		xml_text(f, j->st->name[i]);
		fprintf(f, ": %zu regions, %s</text>\n", p->nregions[i], a);
		k++;
	}
	for (i = 0; i < p->nmark && i < p->nholes; i++, k++) {
		size_to_human(p->holes[i].end - p->holes[i].start, a, sizeof(a));
		u64_to_hex(p->holes[i].start, d, b);
		fprintf(f, "<text x=\"%d\" y=\"%d\"><tspan font-weight=\"bold\">%u</tspan>  hole of %s at %s</text>\n",
			LEFT + 4, h + 20 * (int)k + 11, i + 1, a, b);
	}
}

static int svg_write(FILE *f, void *ctx)
{
	const struct svg_job *j = ctx;
	size_t rows = j->p->ncells / j->width, r;

	svg_head(f, j, rows);
	for (r = 0; r < rows; r++)
		svg_band(f, j, r);
	svg_legend(f, j, rows);
	fputs("</svg>\n", f);
	return ferror(f) ? -1 : 0;
}

int pic_svg(const char *path, const struct picture *p, const struct pic_style *st, size_t width, const char *title)
{
	struct svg_job j = { p, st, width, title };

	return out_file_atomic(path, svg_write, &j);
}
