/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmalloc space as a picture: an address range cut into cells, each with
 * the bytes its regions use there by category (type, module, ...), on a
 * linear scale or a compressed one where holes and regions wider than 64
 * times the median region (its power of two) are drawn that wide (widths on the scale: a cell's
 * used and by_cat are in the scale's units, bytes on the linear one). Pure:
 * ranges in, cells out; drawing them (terminal, SVG) is the caller's.
 */
#ifndef VMAPCTL_LIB_PICTURE_H
#define VMAPCTL_LIB_PICTURE_H

#include <stddef.h>
#include <stdint.h>

#define PIC_NCAT 16	/* categories: the caller folds the rest into its last */

struct pic_region {
	uint64_t start, end;	/* [start, end) */
	unsigned cat;		/* < PIC_NCAT */
	size_t id;		/* the caller's: for the cell's first region */
};

struct pic_cell {
	uint64_t start, end;		/* the addresses it covers: [start, end) */
	double used;			/* of its width on the scale (pic_cell_units), regions' */
	double by_cat[PIC_NCAT];
	double shrunk;			/* of which a shrunk hole's */
	size_t nregions;		/* regions that start in it */
	size_t first;			/* the first region (pic_region.id) in it, when has_first */
	int has_first;
	int mark;			/* 1..: the n-th largest hole has its middle here; 0 none */
};

struct pic_hole {
	uint64_t start, end;
};

enum pic_scale { PIC_LINEAR, PIC_COMPRESSED };

struct picture {
	uint64_t lo, hi;
	enum pic_scale scale;
	uint64_t cap;			/* compressed: holes and regions above this are drawn this wide */
	size_t ncells;
	struct pic_cell *cell;
	double units;			/* the whole scale */
	uint64_t used, free;		/* bytes of [lo, hi) */
	uint64_t by_cat[PIC_NCAT];	/* bytes */
	size_t nregions[PIC_NCAT];
	struct pic_hole holes[9];	/* the largest, biggest first */
	size_t nholes, allholes;
	unsigned nmark;			/* holes[0 .. nmark) are marked in the cells */
	size_t shrunk;			/* holes and regions drawn shrunk (compressed) */
};

/* The width of every cell on the scale */
static inline double pic_cell_units(const struct picture *p)
{
	return p->ncells ? p->units / (double)p->ncells : 0;
}

/* The part of a cell regions fill, 0 to 1 */
static inline double pic_cell_fill(const struct picture *p, const struct pic_cell *c)
{
	double u = pic_cell_units(p);

	return u > 0 ? c->used / u : 0;
}

/*
 * Draw the n regions (sorted by start, overlapping ones clipped) over [lo, hi)
 * in ncells cells; marks the nmark (<= 9) largest holes. 0, or -1 when out of
 * memory.
 */
int picture_draw(struct picture *p, const struct pic_region *r, size_t n, uint64_t lo, uint64_t hi,
		 size_t ncells, enum pic_scale scale, unsigned nmark);
/* The cell's category with the most bytes, or -1 for none. */
int pic_cell_cat(const struct pic_cell *c);
void picture_free(struct picture *p);

#endif
