// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Pure parsers for /proc/iomem (kernel/resource.c r_show), /proc/meminfo,
 * /proc/modules (kernel/module/procfs.c m_show) and /proc/kallsyms.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"

/* ---- iomem: "%*s%0*llx-%0*llx : %s", two spaces of indent per level ---- */

int iomem_parse(const char *buf, size_t len, struct iomem_table *t)
{
	size_t pos = 0;
	unsigned lineno = 0;
	struct sv line;

	while (next_line(buf, len, &pos, &line)) {
		struct iomem_entry e;
		size_t ind = 0;
		const char *dash, *colon;
		struct sv a, b;

		lineno++;
		if (!line.n)
			continue;
		while (ind < line.n && line.p[ind] == ' ')
			ind++;
		dash = memchr(line.p + ind, '-', line.n - ind);
		colon = dash ? memchr(dash, ':', line.n - (size_t)(dash - line.p)) : NULL;
		if (!dash || !colon || colon - dash < 2 || colon[-1] != ' ' ||
		    (size_t)(colon - line.p) + 2 > line.n || colon[1] != ' ')
			goto bad;
		a.p = line.p + ind;
		a.n = (size_t)(dash - a.p);
		b.p = dash + 1;
		b.n = (size_t)(colon - 1 - b.p);
		if (sv_to_u64(a, 16, &e.start) || sv_to_u64(b, 16, &e.end) || e.end < e.start)
			goto bad;
		e.depth = (unsigned)(ind / 2);
		e.name.p = colon + 2;
		e.name.n = line.n - (size_t)(colon + 2 - line.p);
		if (grow_array((void **)&t->v, &t->alloc, t->n, sizeof(*t->v)))
			return -1;
		t->v[t->n++] = e;
		continue;
bad:
		if (!t->nbad++)
			t->first_bad = lineno;
	}
	return 0;
}

void iomem_table_free(struct iomem_table *t)
{
	free(t->v);
	free(t->parent);
	memset(t, 0, sizeof(*t));
}

int iomem_is_zeroed(const struct iomem_table *t)
{
	size_t i;

	if (!t->n)
		return 0;
	for (i = 0; i < t->n; i++)
		if (t->v[i].start || t->v[i].end)
			return 0;
	return 1;
}

int iomem_index(struct iomem_table *t)
{
	size_t *stack, depth = 0, i;

	free(t->parent);
	t->parent = calloc(t->n ? t->n : 1, sizeof(*t->parent));
	stack = calloc(t->n ? t->n : 1, sizeof(*stack));
	if (!t->parent || !stack) {
		free(t->parent);
		free(stack);
		t->parent = NULL;
		return -1;
	}
	t->sorted = 1;
	for (i = 0; i < t->n; i++) {
		const struct iomem_entry *e = &t->v[i], *sib = NULL, *up;

		/* the open ancestors: those of a smaller depth that contain this one */
		while (depth && (t->v[stack[depth - 1]].depth >= e->depth ||
				 t->v[stack[depth - 1]].end < e->start)) {
			if (t->v[stack[depth - 1]].depth == e->depth)
				sib = &t->v[stack[depth - 1]];	/* the previous sibling */
			depth--;
		}
		t->parent[i] = depth ? stack[depth - 1] : SIZE_MAX;
		stack[depth++] = i;
		up = t->parent[i] == SIZE_MAX ? NULL : &t->v[t->parent[i]];
		/*
		 * The bisection holds for a tree as the kernel prints it: starts that
		 * never decrease, each entry one level under a parent that holds it,
		 * siblings apart. Anything else is looked up entry by entry.
		 */
		if ((i && e->start < t->v[i - 1].start) || (sib && sib->end >= e->start) ||
		    (up ? e->depth != up->depth + 1 || e->end > up->end : e->depth != 0))
			t->sorted = 0;
	}
	free(stack);
	return 0;
}

/* in a sorted table: the index of the first entry starting above addr (t->n when none) */
static size_t first_above(const struct iomem_table *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct iomem_entry *iomem_lookup(const struct iomem_table *t, uint64_t addr)
{
	const struct iomem_entry *best = NULL;
	size_t i, lo;

	if (t->parent && t->sorted) {
		/*
		 * In file order (a preorder of the tree, starts never decreasing) the
		 * innermost resource holding addr is the last entry starting at or
		 * below addr, or one of its ancestors.
		 */
		lo = first_above(t, addr);
		if (!lo)
			return NULL;
		for (i = lo - 1;; i = t->parent[i]) {
			if (addr <= t->v[i].end)
				return &t->v[i];
			if (t->parent[i] == SIZE_MAX)
				return NULL;
		}
	}
	for (i = 0; i < t->n; i++) {
		const struct iomem_entry *e = &t->v[i];

		if (addr >= e->start && addr <= e->end && (!best || e->depth > best->depth))
			best = e;
	}
	return best;
}

/* the lowest start above addr, or UINT64_MAX: by bisection once indexed, else a scan */
static uint64_t next_start(const struct iomem_table *t, uint64_t addr)
{
	uint64_t best = UINT64_MAX;
	size_t i;

	if (!t->parent || !t->sorted) {
		for (i = 0; i < t->n; i++)
			if (t->v[i].start > addr && t->v[i].start < best)
				best = t->v[i].start;
		return best;
	}
	i = first_above(t, addr);
	return i < t->n ? t->v[i].start : UINT64_MAX;
}

size_t iomem_span(const struct iomem_table *t, uint64_t a, uint64_t b, const struct iomem_entry **out, size_t max)
{
	size_t n = 0;
	uint64_t x = a;

	while (n < max && x <= b) {
		const struct iomem_entry *e = iomem_lookup(t, x);
		uint64_t next = next_start(t, x);	/* a child may begin inside e */

		if (e && (!n || out[n - 1] != e))
			out[n++] = e;
		if (e && e->end < next)
			next = e->end == UINT64_MAX ? UINT64_MAX : e->end + 1;
		if (next <= x || next == UINT64_MAX)
			break;
		x = next;
	}
	return n;
}

/* ---- meminfo: "Key:   1234 kB" -------------------------------------------- */

int meminfo_get(const char *buf, size_t len, const char *key, uint64_t *bytes)
{
	size_t pos = 0, kl = strlen(key);
	struct sv line;

	while (next_line(buf, len, &pos, &line)) {
		struct sv rest, num, unit;
		uint64_t v;

		if (line.n <= kl || memcmp(line.p, key, kl) || line.p[kl] != ':')
			continue;
		rest.p = line.p + kl + 1;
		rest.n = line.n - kl - 1;
		num = take_tok(&rest);
		unit = take_tok(&rest);
		if (sv_to_u64(num, 10, &v))
			return -1;
		if (sv_eq(unit, "kB")) {
			if (v > UINT64_MAX / 1024)
				return -1;
			v *= 1024;
		} else if (unit.n) {
			return -1;
		}
		*bytes = v;
		return 0;
	}
	return -1;
}

/* ---- modules: "name size refcount deps state base (taints)" -------------- */

int sysctl_u64(const char *buf, size_t len, uint64_t *v)
{
	struct sv s = { buf, len };

	if (s.n && s.p[s.n - 1] == '\n')
		s.n--;
	return s.n ? sv_to_u64(s, 10, v) : -1;
}

int modules_parse(const char *buf, size_t len, struct module_table *t)
{
	size_t pos = 0;
	struct sv line;

	while (next_line(buf, len, &pos, &line)) {
		struct module_entry m = { 0 };
		struct sv rest = line, tok;
		int i;

		if (!line.n)
			continue;
		m.name = take_tok(&rest);
		tok = take_tok(&rest);
		if (!m.name.n || sv_to_u64(tok, 10, &m.size)) {
			t->nbad++;
			continue;
		}
		for (i = 0; i < 3; i++)		/* refcount, deps, state */
			take_tok(&rest);
		tok = take_tok(&rest);
		if (tok.n > 2 && tok.p[0] == '0' && tok.p[1] == 'x') {
			struct sv h = { tok.p + 2, tok.n - 2 };

			if (sv_to_u64(h, 16, &m.base))
				m.base = 0;
		}
		if (grow_array((void **)&t->v, &t->alloc, t->n, sizeof(*t->v)))
			return -1;
		t->v[t->n++] = m;
	}
	return 0;
}

void module_table_free(struct module_table *t)
{
	free(t->v);
	free(t->by_base);
	memset(t, 0, sizeof(*t));
}

static int cmp_base(const void *a, const void *b, void *ctx)
{
	const struct module_entry *v = ctx;
	uint64_t x = v[*(const size_t *)a].base, y = v[*(const size_t *)b].base;

	return x < y ? -1 : x > y;
}

int modules_index(struct module_table *t)
{
	size_t i;

	free(t->by_base);
	t->by_base = calloc(t->n ? t->n : 1, sizeof(*t->by_base));
	if (!t->by_base)
		return -1;
	for (i = 0; i < t->n; i++)
		t->by_base[i] = i;
	qsort_r(t->by_base, t->n, sizeof(*t->by_base), cmp_base, t->v);
	return 0;
}

const struct module_entry *modules_at(const struct module_table *t, uint64_t addr)
{
	size_t lo = 0, hi = t->n, i;

	if (!addr)
		return NULL;
	if (!t->by_base) {
		for (i = 0; i < t->n; i++)
			if (t->v[i].base == addr)
				return &t->v[i];
		return NULL;
	}
	if (!t->n || addr < t->v[t->by_base[0]].base || addr > t->v[t->by_base[t->n - 1]].base)
		return NULL;	/* outside the modules: most regions */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct module_entry *m = &t->v[t->by_base[mid]];

		if (m->base == addr)
			return m;
		if (m->base < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- kallsyms: "%px %c %s\t[%s]" ------------------------------------------ */

int kallsyms_parse_line(const char *s, size_t n, struct ksym *k)
{
	struct sv rest = { s, n }, a, ty, mod;

	memset(k, 0, sizeof(*k));
	a = take_tok(&rest);
	ty = take_tok(&rest);
	if (sv_to_u64(a, 16, &k->addr) || ty.n != 1)
		return -1;
	k->type = ty.p[0];
	k->name = take_tok(&rest);
	if (!k->name.n)
		return -1;
	mod = take_tok(&rest);
	if (mod.n >= 3 && mod.p[0] == '[' && mod.p[mod.n - 1] == ']') {
		k->module.p = mod.p + 1;
		k->module.n = mod.n - 2;
	}
	return 0;
}

int kallsyms_find(const char *buf, size_t len, const char *name, struct ksym *k)
{
	return kallsyms_find_nth(buf, len, name, 0, k);
}

int kallsyms_find_nth(const char *buf, size_t len, const char *name, unsigned nth, struct ksym *k)
{
	const char *p = buf, *end = buf + len;
	size_t nl = strlen(name);

	if (!nl)
		return -1;
	/* the name's occurrences, in file order (memmem: no line parsed but the ones that match) */
	while ((p = memmem(p, (size_t)(end - p), name, nl)) != NULL) {
		if (p > buf && p[-1] == ' ' && (p + nl == end || p[nl] == '\n' || p[nl] == '\t')) {
			const char *ls = p, *le = memchr(p, '\n', (size_t)(end - p));

			while (ls > buf && ls[-1] != '\n')
				ls--;
			if (!le)
				le = end;
			if (!kallsyms_parse_line(ls, (size_t)(le - ls), k) && k->name.n == nl && !memcmp(k->name.p, name, nl) &&
			    nth-- == 0)
				return 0;
		}
		p++;
	}
	return -1;
}
