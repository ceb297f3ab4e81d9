/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A picture (lib/picture.h) drawn: on a terminal as bands of cells (Unicode
 * blocks in colour, or plain ASCII letters), or as a standalone SVG. For map,
 * and diff --svg.
 */
#ifndef VMAPCTL_CLI_PICTURE_OUT_H
#define VMAPCTL_CLI_PICTURE_OUT_H

#include <stdio.h>

#include "lib/picture.h"

struct pic_style {
	const char *name[PIC_NCAT];	/* each category's name, for the legend */
	unsigned ncat;
	/* a region's tooltip (SVG), by its id: into buf */
	void (*describe)(void *ctx, size_t id, char *buf, size_t n);
	void *ctx;
	const char *fill[PIC_NCAT];	/* SVG colours of the categories ("#rrggbb"), NULL: the palette's */
};

/* the n-th category's letter in ASCII and the legend: A, B, ... */
char pic_letter(unsigned cat);

/*
 * Bands of width cells each, a row of addresses at its left; fancy: Unicode
 * and colour, else ASCII. Then the legend and the marked holes.
 */
void pic_terminal(FILE *f, const struct picture *p, const struct pic_style *st, size_t width, int fancy);
/* The same as a standalone SVG in FILE (written whole, by a rename): 0, or -1 after saying why. */
int pic_svg(const char *path, const struct picture *p, const struct pic_style *st, size_t width, const char *title);

#endif
