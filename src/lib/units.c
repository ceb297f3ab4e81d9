// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"

void size_to_human(uint64_t bytes, char *out, size_t outlen)
{
	static const char units[] = "BKMGTPE";
	unsigned u = 0;
	uint64_t div = 1;
	char num[32], *dot;

	while (u < sizeof(units) - 2 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (u == 0) {
		snprintf(out, outlen, "%" PRIu64 "B", bytes);
		return;
	}
	snprintf(num, sizeof(num), "%.1f", (double)bytes / (double)div);
	dot = strchr(num, '.');
	if (dot && !strcmp(dot, ".0"))
		*dot = '\0';
	snprintf(out, outlen, "%s%c", num, units[u]);
}

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	uint64_t v, mul = 1;
	const char *sfx = "KMGTPE";
	const char *p;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end) {
		p = strchr(sfx, end[0] & ~0x20);
		if (!p || !end[0])
			return -1;
		mul = 1ULL << (10 * (p - sfx + 1));
		end++;
		if (!strcmp(end, "iB") || !strcmp(end, "B"))
			end += strlen(end);
		if (*end)
			return -1;
	}
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}
