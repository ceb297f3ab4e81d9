// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "lib/text.h"

int next_line(const char *buf, size_t len, size_t *pos, struct sv *line)
{
	const char *nl;

	if (*pos >= len)
		return 0;
	line->p = buf + *pos;
	nl = memchr(line->p, '\n', len - *pos);
	line->n = nl ? (size_t)(nl - line->p) : len - *pos;
	*pos += line->n + (nl ? 1 : 0);
	return 1;
}

int next_tok(struct sv *rest, struct sv *tok)
{
	while (rest->n && (*rest->p == ' ' || *rest->p == '\t')) {
		rest->p++;
		rest->n--;
	}
	if (!rest->n)
		return 0;
	tok->p = rest->p;
	tok->n = 0;
	while (tok->n < rest->n && rest->p[tok->n] != ' ' && rest->p[tok->n] != '\t')
		tok->n++;
	rest->p += tok->n;
	rest->n -= tok->n;
	return 1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sv_to_u64(struct sv s, int base, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.n == 0)
		return -1;
	for (i = 0; i < s.n; i++) {
		int d = hexval(s.p[i]);

		if (d < 0 || d >= base)
			return -1;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -1;	/* overflow */
		v = v * (uint64_t)base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

int grow_array(void **v, size_t *alloc, size_t n, size_t elem)
{
	size_t na;
	void *nv;

	if (n < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : 64;
	if (na < *alloc || na > SIZE_MAX / elem)
		return -1;
	nv = realloc(*v, na * elem);
	if (!nv)
		return -1;
	*v = nv;
	*alloc = na;
	return 0;
}
