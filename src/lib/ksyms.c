// SPDX-License-Identifier: GPL-2.0-or-later
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/ksyms.h"
#include "lib/text.h"

static int build(const char *buf, size_t len, int modules, struct ksym_index *ix)
{
	size_t pos = 0, alloc = 0;
	struct sv line;

	memset(ix, 0, sizeof(*ix));
	while (next_line(buf, len, &pos, &line)) {
		struct ksym k;

		/* a module symbol's line ends in "]" */
		if (modules && (!line.n || line.p[line.n - 1] != ']'))
			continue;
		if (kallsyms_parse_line(line.p, line.n, &k) || !k.addr || (modules && !k.module.n))
			continue;
		if (ix->n == alloc && grow_array((void **)&ix->v, &alloc, ix->n, sizeof(*ix->v))) {
			ksym_index_free(ix);
			return -1;
		}
		ix->v[ix->n++] = k;
	}
	/*
	 * by address, stable (aliases stay in file order): the core kernel's
	 * symbols come sorted already, each module's in a run of its own
	 */
	if (radix_sort_u64(ix->v, ix->n, sizeof(*ix->v), offsetof(struct ksym, addr))) {
		ksym_index_free(ix);
		return -1;
	}
	return 0;
}

int ksym_index_build(const char *buf, size_t len, struct ksym_index *ix)
{
	return build(buf, len, 0, ix);
}

int ksym_index_build_modules(const char *buf, size_t len, struct ksym_index *ix)
{
	return build(buf, len, 1, ix);
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
