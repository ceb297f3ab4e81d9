// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ksyms.h"
#include "lib/text.h"

struct ord {
	struct ksym k;
	size_t i;
};

static int cmp_ord(const void *pa, const void *pb)
{
	const struct ord *a = pa, *b = pb;

	if (a->k.addr != b->k.addr)
		return a->k.addr < b->k.addr ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

int ksym_index_build(const char *buf, size_t len, struct ksym_index *ix)
{
	struct ord *o = NULL;
	size_t pos = 0, n = 0, alloc = 0, i;
	struct sv line;

	memset(ix, 0, sizeof(*ix));
	while (next_line(buf, len, &pos, &line)) {
		struct ksym k;

		if (kallsyms_parse_line(line.p, line.n, &k) || !k.addr)
			continue;
		if (n == alloc) {
			struct ord *t = realloc(o, (alloc = alloc ? 2 * alloc : 4096) * sizeof(*o));

			if (!t) {
				free(o);
				return -1;
			}
			o = t;
		}
		o[n].k = k;
		o[n].i = n;
		n++;
	}
	qsort(o, n, sizeof(*o), cmp_ord);
	ix->v = malloc((n ? n : 1) * sizeof(*ix->v));
	if (!ix->v) {
		free(o);
		return -1;
	}
	for (i = 0; i < n; i++)
		ix->v[i] = o[i].k;
	ix->n = n;
	free(o);
	return 0;
}

void ksym_index_free(struct ksym_index *ix)
{
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

static int same_owner(const struct ksym *a, const struct ksym *b)
{
	return a->module.n == b->module.n && (!a->module.n || !memcmp(a->module.p, b->module.p, a->module.n));
}

/* what kallsyms leaves out of a module's lookup: mapping symbols ($x, .L...) */
static int mapping_symbol(const struct ksym *k)
{
	return k->name.p[0] == '$' || (k->name.n >= 2 && k->name.p[0] == '.' && k->name.p[1] == 'L');
}

size_t ksym_format(const struct ksym_index *ix, uint64_t addr, char *out, size_t len)
{
	size_t lo = 0, hi = ix->n, b, j;
	uint64_t next = 0;
	const struct ksym *k;
	int n;

	while (lo < hi) {	/* the first symbol above addr */
		size_t mid = lo + (hi - lo) / 2;

		if (ix->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo) {
		n = snprintf(out, len, "0x%llx", (unsigned long long)addr);
		return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
	}
	b = lo - 1;
	/* the owner's symbol at the greatest address not above addr: the first of its aliases */
	while (b > 0 && mapping_symbol(&ix->v[b]))
		b--;
	while (b > 0 && ix->v[b - 1].addr == ix->v[b].addr && same_owner(&ix->v[b - 1], &ix->v[b]))
		b--;
	k = &ix->v[b];
	/* its size: up to the owner's next symbol above it */
	for (j = b + 1; j < ix->n; j++) {
		if (ix->v[j].addr > k->addr && same_owner(&ix->v[j], k) && !mapping_symbol(&ix->v[j])) {
			next = ix->v[j].addr;
			break;
		}
	}
	if (!next) {	/* past its owner's last symbol: where its code ends is not known */
		n = snprintf(out, len, "0x%llx", (unsigned long long)addr);
		return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
	}
	if (k->module.n)
		n = snprintf(out, len, "%.*s+0x%llx/0x%llx [%.*s]", (int)k->name.n, k->name.p,
			     (unsigned long long)(addr - k->addr), (unsigned long long)(next - k->addr),
			     (int)k->module.n, k->module.p);
	else
		n = snprintf(out, len, "%.*s+0x%llx/0x%llx", (int)k->name.n, k->name.p,
			     (unsigned long long)(addr - k->addr), (unsigned long long)(next - k->addr));
	return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
}
