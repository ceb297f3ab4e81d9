// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/hexdump.h"

void hexdump_row(const unsigned char *p, size_t n, char hex[HEXDUMP_HEXLEN], char ascii[HEXDUMP_ASCLEN])
{
	static const char digits[] = "0123456789abcdef";
	size_t i, o = 0;

	if (n > HEXDUMP_ROW)
		n = HEXDUMP_ROW;
	for (i = 0; i < n; i++) {
		if (i)
			hex[o++] = ' ';
		hex[o++] = digits[p[i] >> 4];
		hex[o++] = digits[p[i] & 15];
		ascii[i] = p[i] >= 32 && p[i] < 127 ? (char)p[i] : '.';
	}
	hex[o] = '\0';
	ascii[n] = '\0';
}
