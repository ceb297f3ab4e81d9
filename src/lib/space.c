// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vmalloc space model: /proc/vmallocinfo lines typed and attributed, with
 * /proc/iomem (which device an ioremap maps) and /proc/modules (which module
 * lives in a module-memory area). Pure: see space.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/common.h"
#include "lib/space.h"

/* The order decides TYPE when a line carries several tags ("vmalloc user"). */
static const unsigned type_order[] = {
	VMI_UNPURGED, VMI_VM_MAP_RAM, VMI_IOREMAP, VMI_VMALLOC, VMI_VMAP,
	VMI_SPARSE, VMI_DMA_COHERENT, VMI_USER, VMI_VPAGES,
};

static struct sv region_type(const struct vmi_entry *e)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_order); i++)
		if (e->tags & type_order[i])
			return sv_cstr(vmi_tag_name((unsigned)__builtin_ctz(type_order[i])));
	if (e->nextra)
		return e->extra[0];	/* a tag of a newer kernel, shown as is */
	return sv_cstr("other");		/* a bare vm_struct (get_vm_area) */
}

/* Callers through which the kernel allocates module memory (2.6 .. 6.18). */
static int is_module_allocator(struct sv caller)
{
	static const char *const fn[] = {
		"module_alloc", "move_module", "module_memory_alloc", "execmem_alloc",
		"execmem_vmalloc", "__execmem_alloc", "load_module",
		"layout_and_allocate", "sys_init_module", "__do_sys_init_module",
		"__do_sys_finit_module",
	};
	const char *plus = memchr(caller.p, '+', caller.n);
	struct sv name = { caller.p, plus ? (size_t)(plus - caller.p) : caller.n };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fn); i++)
		if (sv_eq(name, fn[i]))
			return 1;
	return 0;
}

static void attribute_module(struct vmspace *vs, struct region *r)
{
	const struct vmi_entry *e = r->e;
	size_t i;

	if (e->module.n) {
		r->modkind = MOD_NAMED;
		r->module = e->module;
		return;
	}
	if (vs->have_modules) {
		for (i = 0; i < vs->mods.n; i++) {
			if (vs->mods.v[i].base == e->start) {
				r->modkind = MOD_NAMED;
				r->module = vs->mods.v[i].name;
				return;
			}
		}
	}
	if (!e->caller.n)
		r->modkind = MOD_NONE;
	else if (is_module_allocator(e->caller))
		r->modkind = MOD_UNKNOWN;
	else
		r->modkind = MOD_KERNEL;
}

const char *region_module(const struct region *r, char *tmp, size_t tmplen)
{
	switch (r->modkind) {
	case MOD_KERNEL:
		return "kernel";
	case MOD_NAMED:
		snprintf(tmp, tmplen, "%.*s", (int)r->module.n, r->module.p);
		return tmp;
	default:
		return NULL;
	}
}

int region_has_type(const struct region *r, const char *name)
{
	unsigned i;

	if (sv_eq(r->type, name))
		return 1;
	for (i = 0; i < VMI_NTAGS; i++)
		if ((r->e->tags & (1u << i)) && !strcmp(vmi_tag_name(i), name))
			return 1;
	for (i = 0; i < r->e->nextra; i++)
		if (sv_eq(r->e->extra[i], name))
			return 1;
	return 0;
}

static int add_diag(struct vmspace *vs, enum space_diag_kind kind, unsigned lineno, unsigned count,
		    const char *why)
{
	struct space_diag *d = realloc(vs->diag, (vs->ndiag + 1) * sizeof(*d));

	if (!d)
		return -1;
	vs->diag = d;
	d[vs->ndiag].kind = kind;
	d[vs->ndiag].lineno = lineno;
	d[vs->ndiag].count = count;
	d[vs->ndiag].why = why;
	vs->ndiag++;
	return 0;
}

static int build_iomem(struct vmspace *vs, const struct space_input *in)
{
	if (iomem_parse(in->iomem, in->iomem_len, &vs->iomem))
		return -1;
	if (vs->iomem.nbad &&
	    add_diag(vs, DIAG_IOMEM_BAD_LINES, vs->iomem.first_bad, vs->iomem.nbad, NULL))
		return -1;
	if (iomem_is_zeroed(&vs->iomem))
		return add_diag(vs, DIAG_IOMEM_HIDDEN, 0, 0, NULL);
	vs->have_iomem = 1;
	return 0;
}

static int build_modules(struct vmspace *vs, const struct space_input *in)
{
	size_t i;

	if (modules_parse(in->modules, in->modules_len, &vs->mods))
		return -1;
	for (i = 0; i < vs->mods.n; i++)
		if (!vs->mods.v[i].base)
			return 0;	/* hidden bases: no attribution by address */
	vs->have_modules = 1;
	return 0;
}

static int build(struct vmspace *vs, const struct space_input *in)
{
	size_t i;

	if (vmi_parse(in->vmi, in->vmi_len, &vs->vmi))
		return -1;
	for (i = 0; i < vs->vmi.nerr; i++)
		if (add_diag(vs, DIAG_VMI_BAD_LINE, vs->vmi.err[i].lineno, 1, vs->vmi.err[i].why))
			return -1;
	vs->mode = vmi_addr_mode(vs->vmi.v, vs->vmi.n);
	if (vs->mode != ADDR_REAL && vs->vmi.n && add_diag(vs, DIAG_VMI_HIDDEN, 0, 0, NULL))
		return -1;
	vs->addr_digits = 16;
	for (i = 0; i < vs->vmi.n; i++)
		if (vs->vmi.v[i].addr_digits) {
			vs->addr_digits = vs->vmi.v[i].addr_digits;
			break;
		}
	if (in->iomem && build_iomem(vs, in))
		return -1;
	/* module bases are compared with START: only when the addresses are real */
	if (in->modules && vs->mode == ADDR_REAL && build_modules(vs, in))
		return -1;

	vs->n = vs->vmi.n;
	vs->r = calloc(vs->n ? vs->n : 1, sizeof(*vs->r));
	if (!vs->r)
		return -1;
	for (i = 0; i < vs->n; i++) {
		struct region *r = &vs->r[i];

		r->e = &vs->vmi.v[i];
		r->lineno = vs->vmi.lineno[i];
		r->type = region_type(r->e);
		attribute_module(vs, r);
		if (vs->have_iomem && r->e->has_phys)
			r->res = iomem_lookup(&vs->iomem, r->e->phys);
	}
	return 0;
}

int vmspace_build(struct vmspace *vs, const struct space_input *in)
{
	memset(vs, 0, sizeof(*vs));
	if (build(vs, in)) {
		vmspace_free(vs);
		return -1;
	}
	return 0;
}

void vmspace_free(struct vmspace *vs)
{
	free(vs->r);
	free(vs->diag);
	vmi_table_free(&vs->vmi);
	iomem_table_free(&vs->iomem);
	module_table_free(&vs->mods);
	memset(vs, 0, sizeof(*vs));
}

const struct region *vmspace_region_at(const struct vmspace *vs, uint64_t addr)
{
	const struct region *lazy = NULL;
	size_t i;

	for (i = 0; i < vs->n; i++) {
		const struct vmi_entry *e = vs->r[i].e;

		if (addr < e->start || addr >= e->end)
			continue;
		if (!(e->tags & VMI_UNPURGED))
			return &vs->r[i];
		lazy = &vs->r[i];
	}
	return lazy;
}

int region_is_module_memory(const struct region *r)
{
	return r->modkind == MOD_UNKNOWN || (r->modkind == MOD_NAMED && !r->e->module.n);
}

struct range {
	uint64_t start, end;
};

static int cmp_range(const void *pa, const void *pb)
{
	const struct range *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

int vmspace_area_use(const struct vmspace *vs, uint64_t lo, uint64_t hi, int busy_only,
		     struct area_use *u)
{
	struct range *rg = calloc(vs->n ? vs->n : 1, sizeof(*rg));
	uint64_t cur = lo;
	size_t i, n = 0;

	memset(u, 0, sizeof(*u));
	if (!rg)
		return -1;
	for (i = 0; i < vs->n; i++) {
		const struct vmi_entry *e = vs->r[i].e;

		if (busy_only && (e->tags & VMI_UNPURGED))
			continue;
		if (e->start >= lo && e->start < hi) {
			rg[n].start = e->start;
			rg[n].end = e->end < hi ? e->end : hi;
			n++;
		}
	}
	qsort(rg, n, sizeof(*rg), cmp_range);
	u->regions = n;
	for (i = 0; i <= n; i++) {
		uint64_t next = i < n ? rg[i].start : hi;

		if (next > cur) {
			u->holes++;
			u->free += next - cur;
			if (next - cur > u->largest_hole)
				u->largest_hole = next - cur;
		}
		if (i < n && rg[i].end > cur)
			cur = rg[i].end;
	}
	u->used = (hi - lo) - u->free;
	free(rg);
	return 0;
}
