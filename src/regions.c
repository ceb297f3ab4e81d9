// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vmalloc space model: /proc/vmallocinfo lines typed and attributed, with
 * /proc/iomem (which device an ioremap maps) and /proc/modules (which module
 * lives in a module-memory area). Each file is read once, and only if needed.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmapctl.h"

/* The order decides TYPE when a line carries several tags ("vmalloc user"). */
static const unsigned type_order[] = {
	VMI_UNPURGED, VMI_VM_MAP_RAM, VMI_IOREMAP, VMI_VMALLOC, VMI_VMAP,
	VMI_SPARSE, VMI_DMA_COHERENT, VMI_USER, VMI_VPAGES,
};

static struct sv cstr(const char *s)
{
	struct sv r = { s, strlen(s) };

	return r;
}

static struct sv region_type(const struct vmi_entry *e)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_order); i++)
		if (e->tags & type_order[i])
			return cstr(vmi_tag_name((unsigned)__builtin_ctz(type_order[i])));
	if (e->nextra)
		return e->extra[0];	/* a tag of a newer kernel, shown as is */
	return cstr("other");		/* a bare vm_struct (get_vm_area) */
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

static void load_iomem(struct vmspace *vs, const char *sysroot)
{
	if (sysfile_read(sysroot, "/proc/iomem", &vs->iomem_buf, 0))
		return;	/* warned: RESOURCE stays empty */
	if (iomem_parse(vs->iomem_buf.p, vs->iomem_buf.n, &vs->iomem))
		err(EXIT_ERROR, "out of memory");
	if (vs->iomem.nbad)
		warnx("%s:%u: %u malformed line(s) skipped",
		      sysfile_path(sysroot, "/proc/iomem"), vs->iomem.first_bad, vs->iomem.nbad);
	if (iomem_is_zeroed(&vs->iomem)) {
		warnx("%s: resource addresses are hidden (zeros without CAP_SYS_ADMIN): RESOURCE is not shown; run as root",
		      sysfile_path(sysroot, "/proc/iomem"));
		return;
	}
	vs->have_iomem = 1;
}

static void load_modules(struct vmspace *vs, const char *sysroot)
{
	size_t i;

	/* no /proc/modules: a kernel without module support has no modules */
	if (sysfile_read(sysroot, "/proc/modules", &vs->modules_buf, SYSF_OPTIONAL))
		return;
	if (modules_parse(vs->modules_buf.p, vs->modules_buf.n, &vs->mods))
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < vs->mods.n; i++)
		if (!vs->mods.v[i].base)
			return;	/* hidden bases: no attribution by address */
	vs->have_modules = 1;
}

int vmspace_load(struct vmspace *vs, const char *sysroot, unsigned need, int strict)
{
	const char *vpath = "/proc/vmallocinfo";
	size_t i;

	memset(vs, 0, sizeof(*vs));
	if (sysfile_read(sysroot, vpath, &vs->vmi_buf, 0))
		return -1;
	if (vmi_parse(vs->vmi_buf.p, vs->vmi_buf.n, &vs->vmi))
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < vs->vmi.nerr; i++)
		warnx("%s:%u: malformed line %s: %s", sysfile_path(sysroot, vpath),
		      vs->vmi.err[i].lineno, strict ? "(--strict)" : "skipped",
		      vs->vmi.err[i].why);
	if (strict && vs->vmi.nerr)
		return -1;

	vs->mode = vmi_addr_mode(vs->vmi.v, vs->vmi.n);
	vs->addr_digits = 16;
	for (i = 0; i < vs->vmi.n; i++)
		if (vs->vmi.v[i].addr_digits) {
			vs->addr_digits = vs->vmi.v[i].addr_digits;
			break;
		}
	if (vs->mode == ADDR_HASHED)
		warnx("%s: kernel addresses are hashed (kernel.kptr_restrict=0), START and END are not shown; "
		      "to see them run 'sysctl kernel.kptr_restrict=1' as root",
		      sysfile_path(sysroot, vpath));
	else if (vs->mode == ADDR_ZERO)
		warnx("%s: kernel addresses are hidden (zeros: kernel.kptr_restrict=2, or no CAP_SYSLOG), START and END are not shown; "
		      "to see them run 'sysctl kernel.kptr_restrict=1' as root",
		      sysfile_path(sysroot, vpath));
	else if (vs->mode == ADDR_PTRVAL)
		warnx("%s: kernel addresses are hidden ((____ptrval____): kernel.kptr_restrict=0 before the random pool "
		      "was ready), START and END are not shown; to see them run 'sysctl kernel.kptr_restrict=1' as root",
		      sysfile_path(sysroot, vpath));

	if (need & NEED_IOMEM)
		load_iomem(vs, sysroot);
	if ((need & NEED_MODULES) && vs->mode == ADDR_REAL)
		load_modules(vs, sysroot);
	if (need & NEED_MEMINFO)
		vs->have_meminfo = sysfile_read(sysroot, "/proc/meminfo", &vs->meminfo_buf, 0) == 0;

	vs->n = vs->vmi.n;
	vs->r = calloc(vs->n ? vs->n : 1, sizeof(*vs->r));
	if (!vs->r)
		err(EXIT_ERROR, "out of memory");
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

void vmspace_free(struct vmspace *vs)
{
	free(vs->r);
	vmi_table_free(&vs->vmi);
	iomem_table_free(&vs->iomem);
	module_table_free(&vs->mods);
	buf_free(&vs->vmi_buf);
	buf_free(&vs->iomem_buf);
	buf_free(&vs->modules_buf);
	buf_free(&vs->meminfo_buf);
}

struct range {
	uint64_t start, end;
};

static int cmp_range(const void *pa, const void *pb)
{
	const struct range *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

void vmspace_area_use(const struct vmspace *vs, uint64_t lo, uint64_t hi, struct area_use *u)
{
	struct range *rg = calloc(vs->n ? vs->n : 1, sizeof(*rg));
	uint64_t cur = lo;
	size_t i, n = 0;

	if (!rg)
		err(EXIT_ERROR, "out of memory");
	memset(u, 0, sizeof(*u));
	for (i = 0; i < vs->n; i++) {
		const struct vmi_entry *e = vs->r[i].e;

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
}
