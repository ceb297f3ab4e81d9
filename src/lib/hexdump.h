/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one hexdump: a row of up to 16 bytes as hex and as text. Pure. */
#ifndef VMAPCTL_LIB_HEXDUMP_H
#define VMAPCTL_LIB_HEXDUMP_H

#include <stddef.h>

#define HEXDUMP_ROW	16
#define HEXDUMP_HEXLEN	(3 * HEXDUMP_ROW)	/* "xx xx ... xx" and its NUL */
#define HEXDUMP_ASCLEN	(HEXDUMP_ROW + 1)

/* n (<= 16) bytes: hex "ed 00 00 01", ascii "...." (printable or '.'). */
void hexdump_row(const unsigned char *p, size_t n, char hex[HEXDUMP_HEXLEN], char ascii[HEXDUMP_ASCLEN]);

#endif
