// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "lib/vdiff.h"
#include "lib/units.h"

static uint64_t hash_sv(uint64_t h, struct sv s)
{
	return hash_bytes(h, s.p, s.n);
}

/* ---- the groups: (type, module, function) -------------------------------- */

/* the group of r (made when new), or NULL when out of memory */
static struct vdiff_group *group_of(struct vdiff *d, const struct region *r)
{
	/*
	 * With hidden addresses on a side, the module living in an area cannot
	 * be told there: neither side groups by it, or the same area would move
	 * from the module's group to the unknown one between the states.
	 */
	struct sv module = !d->by_address && region_is_module_memory(r) ? (struct sv){ NULL, 0 } : region_module_sv(r);
	struct sv func = r->e->caller.n ? r->e->func : (struct sv){ NULL, 0 };
	uint64_t h = hash_sv(hash_sv(hash_sv(HASH_SEED, r->type), module), func);
	struct hindex_pos pos;
	struct vdiff_group *g;
	size_t i;

	for (i = hindex_first(&d->ix, h, &pos); i != HINDEX_NONE; i = hindex_next(&d->ix, &pos)) {
		g = &d->g[i];
		if (sv_same(g->type, r->type) && sv_same(g->module, module) && sv_same(g->func, func))
			return g;
	}
	if (grow_array((void **)&d->g, &d->alloc, d->n, sizeof(*d->g)) || hindex_add(&d->ix, h, d->n))
		return NULL;
	g = &d->g[d->n++];
	memset(g, 0, sizeof(*g));
	g->type = r->type;
	g->module = module;
	g->func = func;
	return g;
}

/* ---- the regions of the first state, by identity -------------------------- */

struct ident {
	const struct region *r;	/* the first of them */
	size_t group;		/* its group's index */
	uint64_t left;		/* how many of them are not matched yet */
};

struct idmap {
	struct ident *v;	/* in a's order */
	size_t n, alloc;
	struct hindex ix;	/* v by identity */
	int by_address;
};

static uint64_t ident_hash(const struct idmap *m, const struct region *r)
{
	const struct vmi_entry *e = r->e;
	uint64_t h = hash_u64(hash_sv(hash_sv(hash_sv(HASH_SEED, e->caller), r->type), e->module), e->size);

	if (m->by_address)
		h = hash_u64(hash_u64(h, e->start), e->end);
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

/* the identity of r, or NULL when none has it yet */
static struct ident *ident_find(const struct idmap *m, const struct region *r, uint64_t h)
{
	struct hindex_pos pos;
	size_t i;

	for (i = hindex_first(&m->ix, h, &pos); i != HINDEX_NONE; i = hindex_next(&m->ix, &pos))
		if (ident_same(m, m->v[i].r, r))
			return &m->v[i];
	return NULL;
}

/* the identity of r, made when new (of group), or NULL when out of memory */
static struct ident *ident_of(struct idmap *m, const struct region *r, size_t group)
{
	uint64_t h = ident_hash(m, r);
	struct ident *id = ident_find(m, r, h);

	if (id)
		return id;
	if (grow_array((void **)&m->v, &m->alloc, m->n, sizeof(*m->v)) || hindex_add(&m->ix, h, m->n))
		return NULL;
	id = &m->v[m->n++];
	id->r = r;
	id->group = group;
	id->left = 0;
	return id;
}

static void idmap_free(struct idmap *m)
{
	free(m->v);
	hindex_free(&m->ix);
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

/* a's regions into their groups' before and their identities: 0, or -1 out of memory */
static int tally_before(struct vdiff *d, struct idmap *m, const struct vmspace *a, unsigned flags)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		const struct region *r = &a->r[i];
		struct vdiff_group *g;
		struct ident *id;

		if (!counted(r, flags))
			continue;
		g = group_of(d, r);
		if (!g)
			return -1;
		side_add(&g->before, r);
		side_add(&d->total.before, r);
		id = ident_of(m, r, (size_t)(g - d->g));
		if (!id)
			return -1;
		id->left++;
	}
	return 0;
}

/* b's regions: each the same as one of a's still unmatched, or one that appeared; 0, or -1 out of memory */
static int tally_after(struct vdiff *d, struct idmap *m, const struct vmspace *b, unsigned flags,
		       unsigned char *b_new)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct region *r = &b->r[i];
		struct vdiff_group *g;
		struct ident *id;

		if (!counted(r, flags))
			continue;
		side_add(&d->total.after, r);
		id = ident_find(m, r, ident_hash(m, r));
		if (id && id->left) {
			/* the same region: it stays in its group (module memory is told on real addresses only) */
			id->left--;
			side_add(&d->g[id->group].after, r);
			continue;
		}
		g = group_of(d, r);
		if (!g)
			return -1;
		side_add(&g->after, r);
		g->appeared++;
		u64_acc(&g->appeared_bytes, r->e->size);
		if (b_new)
			b_new[i] = 1;
		d->total.appeared++;
		u64_acc(&d->total.appeared_bytes, r->e->size);
	}
	return 0;
}

/* a's regions left unmatched: they vanished */
static void tally_vanished(struct vdiff *d, const struct idmap *m, const struct vmspace *a, unsigned char *a_gone)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct ident *id = &m->v[i];
		struct vdiff_group *g;

		if (!id->left)
			continue;
		g = &d->g[id->group];
		g->vanished += id->left;
		u64_acc(&g->vanished_bytes, u64_mul_sat(id->left, id->r->e->size));
		d->total.vanished += id->left;
		u64_acc(&d->total.vanished_bytes, u64_mul_sat(id->left, id->r->e->size));
		if (a_gone)	/* the first of them: by address, the one */
			a_gone[id->r - a->r] = 1;
	}
}

int vdiff_build(struct vdiff *d, const struct vmspace *a, const struct vmspace *b, unsigned flags)
{
	return vdiff_build_marks(d, a, b, flags, NULL, NULL);
}

int vdiff_build_marks(struct vdiff *d, const struct vmspace *a, const struct vmspace *b, unsigned flags,
		      unsigned char *a_gone, unsigned char *b_new)
{
	static const struct vmspace none = { .mode = ADDR_REAL };
	struct idmap m = { NULL, 0, 0, { 0 }, 0 };

	if (!a)
		a = &none;
	m.by_address = a->mode == ADDR_REAL && b->mode == ADDR_REAL;
	memset(d, 0, sizeof(*d));
	d->by_address = m.by_address;
	if (hindex_reserve(&m.ix, a->n) || tally_before(d, &m, a, flags) || tally_after(d, &m, b, flags, b_new)) {
		idmap_free(&m);
		vdiff_free(d);
		return -1;
	}
	tally_vanished(d, &m, a, a_gone);
	idmap_free(&m);
	return 0;
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
	hindex_free(&d->ix);	/* the indexes are stale */
}

void vdiff_free(struct vdiff *d)
{
	free(d->g);
	hindex_free(&d->ix);
	memset(d, 0, sizeof(*d));
}
