// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lib/vdiff.h"
#include "lib/units.h"

static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t hash_sv(uint64_t h, struct sv s)
{
	size_t i = 0;
	uint64_t w;

	if (!s.p)
		return mix(h, 0x5bd1e995);
	h = mix(h, s.n + 1);
	for (; i + 8 <= s.n; i += 8) {
		memcpy(&w, s.p + i, 8);
		h = mix(h, w);
	}
	if (i < s.n) {
		w = 0;
		memcpy(&w, s.p + i, s.n - i);
		h = mix(h, w);
	}
	return h;
}

/* ---- the groups: (type, module, function) -------------------------------- */

static uint64_t group_hash(struct sv type, struct sv module, struct sv func)
{
	return hash_sv(hash_sv(hash_sv(1, type), module), func);
}

static int group_rehash(struct vdiff *d)
{
	size_t ns = d->nslots ? d->nslots * 2 : 256, i;
	uint32_t *slot = calloc(ns, sizeof(*slot));

	if (!slot)
		return -1;
	for (i = 0; i < d->n; i++) {
		const struct vdiff_group *g = &d->g[i];
		size_t k = group_hash(g->type, g->module, g->func) & (ns - 1);

		while (slot[k])
			k = (k + 1) & (ns - 1);
		slot[k] = (uint32_t)i + 1;
	}
	free(d->slot);
	d->slot = slot;
	d->nslots = ns;
	return 0;
}

/* the group of r (made when new), or NULL when out of memory */
static struct vdiff_group *group_of(struct vdiff *d, const struct region *r)
{
	struct sv module = region_module_sv(r);
	struct sv func = r->e->caller.n ? r->e->func : (struct sv){ NULL, 0 };
	size_t k;

	if ((d->n + 1) * 2 > d->nslots && group_rehash(d))
		return NULL;
	k = group_hash(r->type, module, func) & (d->nslots - 1);
	for (; d->slot[k]; k = (k + 1) & (d->nslots - 1)) {
		struct vdiff_group *g = &d->g[d->slot[k] - 1];

		if (sv_same(g->type, r->type) && sv_same(g->module, module) && sv_same(g->func, func))
			return g;
	}
	if (grow_array((void **)&d->g, &d->alloc, d->n, sizeof(*d->g)))
		return NULL;
	memset(&d->g[d->n], 0, sizeof(d->g[0]));
	d->g[d->n].type = r->type;
	d->g[d->n].module = module;
	d->g[d->n].func = func;
	d->slot[k] = (uint32_t)++d->n;
	return &d->g[d->n - 1];
}

/* ---- the regions of the first state, by identity -------------------------- */

struct ident {
	const struct region *r;	/* the first of them */
	size_t group;		/* its group's index */
	uint64_t left;		/* how many of them are not matched yet */
};

struct idmap {
	struct ident *v;
	size_t n, nslots;	/* nslots: a power of two, over twice n */
	int by_address;
};

static uint64_t ident_hash(const struct idmap *m, const struct region *r)
{
	const struct vmi_entry *e = r->e;
	uint64_t h = mix(hash_sv(hash_sv(hash_sv(7, e->caller), r->type), e->module), e->size);

	if (m->by_address)
		h = mix(mix(h, e->start), e->end);
	return h;
}

static int ident_same(const struct idmap *m, const struct region *a, const struct region *b)
{
	if (m->by_address && (a->e->start != b->e->start || a->e->end != b->e->end))
		return 0;
	return a->e->size == b->e->size && sv_same(a->type, b->type) &&
	       a->e->module.n == b->e->module.n &&
	       (!a->e->module.n || !memcmp(a->e->module.p, b->e->module.p, a->e->module.n)) &&
	       a->e->caller.n == b->e->caller.n &&
	       (!a->e->caller.n || !memcmp(a->e->caller.p, b->e->caller.p, a->e->caller.n));
}

static struct ident *ident_find(struct idmap *m, const struct region *r)
{
	size_t k = ident_hash(m, r) & (m->nslots - 1);

	for (; m->v[k].r; k = (k + 1) & (m->nslots - 1))
		if (ident_same(m, m->v[k].r, r))
			return &m->v[k];
	return &m->v[k];	/* a free slot */
}

static int counted(const struct region *r, unsigned flags)
{
	return (flags & VDIFF_UNPURGED) || !(r->e->tags & VMI_UNPURGED);
}

static void side_add(struct vdiff_side *s, const struct region *r)
{
	s->regions++;
	u64_acc(&s->bytes, r->e->size);	/* sums saturate: never wrap */
	u64_acc(&s->pages, r->e->has_pages ? r->e->pages : 0);
}

int vdiff_build(struct vdiff *d, const struct vmspace *a, const struct vmspace *b, unsigned flags)
{
	return vdiff_build_marks(d, a, b, flags, NULL, NULL);
}

int vdiff_build_marks(struct vdiff *d, const struct vmspace *a, const struct vmspace *b, unsigned flags,
		      unsigned char *a_gone, unsigned char *b_new)
{
	static const struct vmspace none = { .mode = ADDR_REAL };
	struct idmap m = { NULL, 0, 64, 0 };
	size_t i;

	if (!a)
		a = &none;
	m.by_address = a->mode == ADDR_REAL && b->mode == ADDR_REAL;
	memset(d, 0, sizeof(*d));
	d->by_address = m.by_address;
	while (m.nslots < 2 * a->n + 2)
		m.nslots *= 2;
	m.v = calloc(m.nslots, sizeof(*m.v));
	if (!m.v)
		return -1;
	for (i = 0; i < a->n; i++) {
		const struct region *r = &a->r[i];
		struct vdiff_group *g;
		struct ident *id;

		if (!counted(r, flags))
			continue;
		g = group_of(d, r);
		if (!g)
			goto oom;
		side_add(&g->before, r);
		side_add(&d->total.before, r);
		id = ident_find(&m, r);
		if (!id->r) {
			id->r = r;
			id->group = (size_t)(g - d->g);
		}
		id->left++;
	}
	for (i = 0; i < b->n; i++) {
		const struct region *r = &b->r[i];
		struct vdiff_group *g;
		struct ident *id;

		if (!counted(r, flags))
			continue;
		side_add(&d->total.after, r);
		id = ident_find(&m, r);
		if (id->r && id->left) {
			/* the same region: it stays in its group (module memory is told on real addresses only) */
			id->left--;
			side_add(&d->g[id->group].after, r);
			continue;
		}
		g = group_of(d, r);
		if (!g)
			goto oom;
		side_add(&g->after, r);
		g->appeared++;
		u64_acc(&g->appeared_bytes, r->e->size);
		if (b_new)
			b_new[i] = 1;
		d->total.appeared++;
		u64_acc(&d->total.appeared_bytes, r->e->size);
	}
	for (i = 0; i < m.nslots; i++) {
		struct ident *id = &m.v[i];
		struct vdiff_group *g;

		if (!id->r || !id->left)
			continue;
		g = &d->g[id->group];
		g->vanished += id->left;
		u64_acc(&g->vanished_bytes, u64_mul_sat(id->left, id->r->e->size));
		d->total.vanished += id->left;
		u64_acc(&d->total.vanished_bytes, u64_mul_sat(id->left, id->r->e->size));
		if (a_gone)	/* the first of them: by address, the one */
			a_gone[id->r - a->r] = 1;
	}
	free(m.v);
	return 0;
oom:
	free(m.v);
	vdiff_free(d);
	return -1;
}

int vdiff_changed(const struct vdiff_group *g)
{
	return g->appeared || g->vanished || g->before.regions != g->after.regions ||
	       g->before.bytes != g->after.bytes;
}

static int group_cmp(const void *x, const void *y)
{
	const struct vdiff_group *a = x, *b = y;
	int64_t ga = (int64_t)(a->after.bytes - a->before.bytes);
	int64_t gb = (int64_t)(b->after.bytes - b->before.bytes);
	int c;

	if (ga != gb)
		return ga > gb ? -1 : 1;
	if (a->appeared != b->appeared)
		return a->appeared > b->appeared ? -1 : 1;
	if (a->vanished != b->vanished)
		return a->vanished > b->vanished ? -1 : 1;
	if ((c = sv_compare(a->func, b->func)) || (c = sv_compare(a->module, b->module)))
		return c;
	return sv_compare(a->type, b->type);
}

void vdiff_sort(struct vdiff *d)
{
	qsort(d->g, d->n, sizeof(*d->g), group_cmp);
	free(d->slot);		/* the indexes are stale */
	d->slot = NULL;
	d->nslots = 0;
}

void vdiff_free(struct vdiff *d)
{
	free(d->g);
	free(d->slot);
	memset(d, 0, sizeof(*d));
}
