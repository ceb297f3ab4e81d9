// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm/vmalloc.c's bookkeeping read through /proc/kcore, the way drgn's
 * helpers read it, but with the layouts from BTF instead of debuginfo:
 *
 *   5.x-6.8  vmap_area_list (busy, by address), purge_vmap_area_list (lazy)
 *   6.9+     vmap_nodes[nr_vmap_nodes]: .busy.head, .lazy.head, .pool[].head
 *   both     free_vmap_area_list and free_vmap_area_root (the free tree,
 *            augmented with subtree_max_size), vmap_lazy_nr, __num_online_cpus,
 *            and vm_map_ram's blocks in their xarrays (vmap_blocks before 6.9,
 *            each CPU's vmap_block_queue since)
 *
 * The kernel changes these lists while they are read. Every pointer must lie
 * in the kernel's memory (a kcore segment with a physical address: the
 * direct map or the kernel image), every list must link back (next->prev),
 * stay sorted and end; and the whole read must tile the address space the
 * free tree covers. A read that fails is tried again, then given up with the
 * reason.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/dl.h"
#include "kernel/kvmalloc.h"
#include "lib/common.h"
#include "lib/hints.h"
#include "lib/ksyms.h"

#define MAX_AREAS	(8u << 20)	/* a list longer than this is a list changing under us */
#define TRIES		5

/* member offsets, from BTF */
struct layout {
	size_t ptr;			/* the kernel's pointer size */
	size_t va_size, va_start, va_end, va_rb, va_list, va_union, va_flags;
	int has_va_flags;
	/* up to 5.10: the lazily freed areas in an llist (vmap_purge_list) through purge_list */
	int purge_llist;
	size_t va_purge;
	size_t vm_size_of, vm_addr, vm_size, vm_flags, vm_pages, vm_nr_pages, vm_phys, vm_caller;
	size_t vm_nr_pages_sz, vm_phys_sz, vm_flags_sz;
	/* vm_map_ram's blocks: struct vmap_block in xarrays (global before 6.9, per CPU since) */
	int blocks;
	size_t vb_size, vb_va, vb_free, vb_dirty, xa_head, xn_shift, xn_slots, xn_chunk, vbq_xa;
	/* 6.9+ */
	int nodes;
	size_t vn_size, vn_pool, vn_busy, vn_lazy, rbl_head, pool_size, pool_head, npools;
};

struct allocs {
	size_t busy, lazy, free, pool, blocks;
};

struct reader {
	struct kview *kv;
	const struct dl_bpf *B;
	struct btf *btf;
	struct layout l;
	struct allocs cap;	/* capacities of the kstate's arrays, for the walks of one read */
	int final;		/* the failure is the kernel's make (a symbol it lacks), not a change: no retry */
	char *why;
	size_t len;
};

static int fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->why, r->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- BTF ---------------------------------------------------------------- */

static int btf_struct(struct reader *r, const char *name, size_t *size)
{
	int id = r->B->btf__find_by_name_kind(r->btf, name, BTF_KIND_STRUCT);

	if (id < 0)
		return fail(r, "BTF has no struct %s", name);
	*size = (size_t)r->B->btf__resolve_size(r->btf, (__u32)id);
	return id;
}

/* member name of struct/union id (anonymous members searched into): its byte offset and type */
static int btf_member(struct reader *r, int id, const char *name, size_t *off, __u32 *type, int depth)
{
	const struct btf_type *t = r->B->btf__type_by_id(r->btf, (__u32)id);
	const struct btf_member *m;
	unsigned i;

	if (!t || depth > 4 || !btf_is_composite(t))
		return -1;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = r->B->btf__name_by_offset(r->btf, m->name_off);
		size_t o = btf_member_bit_offset(t, i) / 8, sub;

		if (mn && *mn) {
			if (!strcmp(mn, name)) {
				*off = o;
				if (type)
					*type = m->type;
				return 0;
			}
		} else if (btf_member(r, r->B->btf__resolve_type(r->btf, m->type), name, &sub, type, depth + 1) == 0) {
			*off = o + sub;
			return 0;
		}
	}
	return -1;
}

static int member(struct reader *r, int id, const char *sname, const char *name, size_t *off, size_t *size)
{
	__u32 type;

	if (btf_member(r, id, name, off, &type, 0))
		return fail(r, "BTF: struct %s has no member %s", sname, name);
	if (size)
		*size = (size_t)r->B->btf__resolve_size(r->btf, type);
	return 0;
}

static int read_layout(struct reader *r, int nodes)
{
	struct layout *l = &r->l;
	size_t rbl_size;
	int va, vm, vn, rbl, pool;
	__u32 type;

	l->ptr = r->kv->kc.machine == EM_386 ? 4 : 8;
	if ((va = btf_struct(r, "vmap_area", &l->va_size)) < 0 || (vm = btf_struct(r, "vm_struct", &l->vm_size_of)) < 0)
		return -1;
	if (member(r, va, "vmap_area", "va_start", &l->va_start, NULL) ||
	    member(r, va, "vmap_area", "va_end", &l->va_end, NULL) ||
	    member(r, va, "vmap_area", "rb_node", &l->va_rb, NULL) ||
	    member(r, va, "vmap_area", "list", &l->va_list, NULL) ||
	    member(r, va, "vmap_area", "vm", &l->va_union, NULL) ||
	    member(r, vm, "vm_struct", "addr", &l->vm_addr, NULL) ||
	    member(r, vm, "vm_struct", "size", &l->vm_size, NULL) ||
	    member(r, vm, "vm_struct", "flags", &l->vm_flags, &l->vm_flags_sz) ||
	    member(r, vm, "vm_struct", "pages", &l->vm_pages, NULL) ||
	    member(r, vm, "vm_struct", "nr_pages", &l->vm_nr_pages, &l->vm_nr_pages_sz) ||
	    member(r, vm, "vm_struct", "phys_addr", &l->vm_phys, &l->vm_phys_sz) ||
	    member(r, vm, "vm_struct", "caller", &l->vm_caller, NULL))
		return -1;
	{	/* the blocks: optional, said when missing */
		int vb, xa, xn, vbq;
		__u32 stype;

		l->blocks = (vb = r->B->btf__find_by_name_kind(r->btf, "vmap_block", BTF_KIND_STRUCT)) > 0 &&
			    (xa = r->B->btf__find_by_name_kind(r->btf, "xarray", BTF_KIND_STRUCT)) > 0 &&
			    (xn = r->B->btf__find_by_name_kind(r->btf, "xa_node", BTF_KIND_STRUCT)) > 0 &&
			    btf_member(r, vb, "va", &l->vb_va, NULL, 0) == 0 &&
			    btf_member(r, vb, "free", &l->vb_free, NULL, 0) == 0 &&
			    btf_member(r, vb, "dirty", &l->vb_dirty, NULL, 0) == 0 &&
			    btf_member(r, xa, "xa_head", &l->xa_head, NULL, 0) == 0 &&
			    btf_member(r, xn, "shift", &l->xn_shift, NULL, 0) == 0 &&
			    btf_member(r, xn, "slots", &l->xn_slots, &stype, 0) == 0;
		if (l->blocks) {
			const struct btf_type *t = r->B->btf__type_by_id(r->btf, (__u32)r->B->btf__resolve_type(r->btf, stype));

			l->vb_size = (size_t)r->B->btf__resolve_size(r->btf, (__u32)vb);
			l->xn_chunk = t && btf_is_array(t) ? btf_array(t)->nelems : 0;
			l->blocks = l->xn_chunk > 0 && l->xn_chunk <= 256;
		}
		/* 6.9+: an xarray in each CPU's vmap_block_queue */
		vbq = r->B->btf__find_by_name_kind(r->btf, "vmap_block_queue", BTF_KIND_STRUCT);
		if (l->blocks && vbq > 0 && btf_member(r, vbq, "vmap_blocks", &l->vbq_xa, NULL, 0))
			l->vbq_xa = (size_t)-1;	/* the queue has no xarray: the global one */
		else if (vbq <= 0)
			l->vbq_xa = (size_t)-1;
	}
	/* before 6.3 no flags: every busy area without a vm_struct is vm_map_ram's */
	l->has_va_flags = btf_member(r, va, "flags", &l->va_flags, NULL, 0) == 0;
	l->purge_llist = btf_member(r, va, "purge_list", &l->va_purge, NULL, 0) == 0;
	l->nodes = nodes;
	if (!nodes)
		return 0;
	if ((vn = btf_struct(r, "vmap_node", &l->vn_size)) < 0 || (rbl = btf_struct(r, "rb_list", &rbl_size)) < 0 ||
	    (pool = btf_struct(r, "vmap_pool", &l->pool_size)) < 0)
		return -1;
	if (member(r, vn, "vmap_node", "busy", &l->vn_busy, NULL) ||
	    member(r, vn, "vmap_node", "lazy", &l->vn_lazy, NULL) ||
	    member(r, rbl, "rb_list", "head", &l->rbl_head, NULL) ||
	    member(r, pool, "vmap_pool", "head", &l->pool_head, NULL))
		return -1;
	if (btf_member(r, vn, "pool", &l->vn_pool, &type, 0) == 0) {
		const struct btf_type *t = r->B->btf__type_by_id(r->btf, (__u32)r->B->btf__resolve_type(r->btf, type));

		if (!t || !btf_is_array(t))
			return fail(r, "BTF: vmap_node.pool is not an array");
		l->npools = btf_array(t)->nelems;
	}
	return 0;
}

/* ---- memory ------------------------------------------------------------- */

/* [a, a + n) in the kernel's own memory: a kcore segment with a physical address */
static int kernel_mem(const struct reader *r, uint64_t a, size_t n)
{
	const struct kseg *s = kseg_by_vaddr(r->kv->kc.seg, r->kv->kc.nseg, a);

	size_t align = n >= r->l.ptr ? r->l.ptr : n >= 4 ? 4 : 1;	/* structs by pointers, ints by 4 */

	return s && s->paddr != KSEG_NO_PADDR && a % align == 0 && n <= s->size - (a - s->vaddr);
}

static int rd(struct reader *r, uint64_t a, void *b, size_t n, const char *what)
{
	int rc;

	if (!kernel_mem(r, a, n))
		return fail(r, "%s at 0x%" PRIx64 " is not in the kernel's memory (changed while read?)", what, a);
	rc = kcore_read(&r->kv->kc, a, b, n);
	if (rc)
		return fail(r, "%s: cannot read %s at 0x%" PRIx64 ": %s",
			    sysfile_path(r->kv->sysroot, "/proc/kcore"), what, a, strerror(-rc));
	return 0;
}

/* an unsigned value of size n at b + off */
static uint64_t val(const unsigned char *b, size_t off, size_t n)
{
	uint64_t v = 0;
	uint32_t v32;
	uint16_t v16;

	switch (n) {
	case 8:
		memcpy(&v, b + off, 8);
		return v;
	case 4:
		memcpy(&v32, b + off, 4);
		return v32;
	case 2:
		memcpy(&v16, b + off, 2);
		return v16;
	case 1:
		return b[off];
	default:
		return 0;
	}
}

static uint64_t ptr(const struct reader *r, const unsigned char *b, size_t off)
{
	return val(b, off, r->l.ptr);
}

static int read_ptr(struct reader *r, uint64_t a, uint64_t *v, const char *what)
{
	unsigned char b[8];

	if (rd(r, a, b, r->l.ptr, what))
		return -1;
	*v = ptr(r, b, 0);
	return 0;
}

static int sym(struct reader *r, const char *name, uint64_t *a)
{
	int rc = kview_symbol(r->kv, name, a);

	if (rc == -1) {
		r->final = 1;
		return fail(r, "%s: no symbol %s", sysfile_path(r->kv->sysroot, "/proc/kallsyms"), name);
	}
	if (rc == -2)
		return fail(r, "%s: %s", sysfile_path(r->kv->sysroot, "/proc/kallsyms"), hint_hidden(ADDR_ZERO));
	return 0;
}

/* ---- the lists ---------------------------------------------------------- */

typedef int (*area_fn)(struct reader *r, struct kstate *ks, uint64_t va, const unsigned char *b);

/* the vmap_areas on the list at head (kept by address when sorted: not the pools); fn for each */
static int walk(struct reader *r, struct kstate *ks, uint64_t head, const char *what, int sorted, area_fn fn)
{
	unsigned char b[512];
	uint64_t prev = head, next, last_end = 0;
	size_t n = 0;

	if (r->l.va_size > sizeof(b))
		return fail(r, "BTF: struct vmap_area of %zu bytes", r->l.va_size);
	if (read_ptr(r, head, &next, what))
		return -1;
	while (next != head) {
		uint64_t va = next - r->l.va_list, s, e;

		if (++n > MAX_AREAS)
			return fail(r, "%s: more than %u areas (changed while read)", what, MAX_AREAS);
		if (rd(r, va, b, r->l.va_size, what))
			return -1;
		if (ptr(r, b, r->l.va_list + r->l.ptr) != prev)
			return fail(r, "%s changed while read", what);
		s = ptr(r, b, r->l.va_start);
		e = ptr(r, b, r->l.va_end);
		if (e <= s || (sorted && s < last_end))
			return fail(r, "%s: an area out of order at 0x%" PRIx64 " (changed while read)", what, s);
		last_end = e;
		if (fn(r, ks, va, b))
			return -1;
		prev = next;
		next = ptr(r, b, r->l.va_list);
	}
	return 0;
}

/*
 * Up to 5.10 the lazily freed areas wait in vmap_purge_list, an llist through
 * each area's purge_list (in the union where a busy area has its vm): newest
 * first, no back links to check, so each area is checked for itself and the
 * walk ends at MAX_AREAS should it meet a loop.
 */
static int walk_llist(struct reader *r, struct kstate *ks, uint64_t head, const char *what, area_fn fn)
{
	unsigned char b[512];
	uint64_t node;
	size_t n = 0;

	if (r->l.va_size > sizeof(b))
		return fail(r, "BTF: struct vmap_area of %zu bytes", r->l.va_size);
	if (read_ptr(r, head, &node, what))
		return -1;
	while (node) {
		uint64_t va = node - r->l.va_purge;

		if (++n > MAX_AREAS)
			return fail(r, "%s: more than %u areas (changed while read)", what, MAX_AREAS);
		if (rd(r, va, b, r->l.va_size, what))
			return -1;
		if (ptr(r, b, r->l.va_end) <= ptr(r, b, r->l.va_start))
			return fail(r, "%s: an area of no size at 0x%" PRIx64 " (changed while read)", what,
				    ptr(r, b, r->l.va_start));
		if (fn(r, ks, va, b))
			return -1;
		node = ptr(r, b, r->l.va_purge);
	}
	return 0;
}

static int push(void **v, size_t *n, size_t *alloc, size_t size)
{
	return *n < *alloc ? 0 : grow_array(v, alloc, *n, size);
}


/* an area's range onto one of the kstate's lists */
static int add_range(struct reader *r, struct kva **v, size_t *n, size_t *alloc, const unsigned char *b)
{
	if (push((void **)v, n, alloc, sizeof(**v)))
		return fail(r, "out of memory");
	(*v)[(*n)++] = (struct kva){ ptr(r, b, r->l.va_start), ptr(r, b, r->l.va_end) };
	return 0;
}

static int on_free(struct reader *r, struct kstate *ks, uint64_t va, const unsigned char *b)
{
	(void)va;
	return add_range(r, &ks->free, &ks->nfree, &r->cap.free, b);
}

static int on_lazy(struct reader *r, struct kstate *ks, uint64_t va, const unsigned char *b)
{
	(void)va;
	return add_range(r, &ks->lazy, &ks->nlazy, &r->cap.lazy, b);
}

static int on_pool(struct reader *r, struct kstate *ks, uint64_t va, const unsigned char *b)
{
	(void)va;
	return add_range(r, &ks->pool, &ks->npool, &r->cap.pool, b);
}

static int on_busy(struct reader *r, struct kstate *ks, uint64_t va, const unsigned char *b)
{
	const struct layout *l = &r->l;
	struct kbusy *k;
	uint64_t vm;

	(void)va;
	if (push((void **)&ks->busy, &ks->nbusy, &r->cap.busy, sizeof(*ks->busy)))
		return fail(r, "out of memory");
	k = &ks->busy[ks->nbusy++];
	memset(k, 0, sizeof(*k));
	k->start = ptr(r, b, l->va_start);
	k->end = ptr(r, b, l->va_end);
	vm = ptr(r, b, l->va_union);
	k->va_flags = l->has_va_flags ? (uint32_t)(ptr(r, b, l->va_flags) & 0xff) : vm ? 0 : KVA_VMAP_RAM;
	if (vm && !(k->va_flags & KVA_VMAP_RAM)) {
		unsigned char v[256];

		if (l->vm_size_of > sizeof(v))
			return fail(r, "BTF: struct vm_struct of %zu bytes", l->vm_size_of);
		if (rd(r, vm, v, l->vm_size_of, "a vm_struct"))
			return -1;
		k->has_vm = 1;
		k->vm_addr = ptr(r, v, l->vm_addr);
		k->vm_size = ptr(r, v, l->vm_size);
		k->vm_flags = val(v, l->vm_flags, l->vm_flags_sz);
		k->nr_pages = val(v, l->vm_nr_pages, l->vm_nr_pages_sz);
		k->phys = val(v, l->vm_phys, l->vm_phys_sz);
		k->caller = ptr(r, v, l->vm_caller);
		k->pages = ptr(r, v, l->vm_pages);
	}
	return 0;
}

/* ---- vm_map_ram's blocks: the xarrays that hold them ------------------- */

/* a vmap_block: its area and its counts */
static int on_block(struct reader *r, struct kstate *ks, uint64_t vb, int64_t cpu)
{
	unsigned char b[512], v[512];
	uint64_t va;
	struct kblock *k;

	if (r->l.vb_size > sizeof(b) || r->l.va_size > sizeof(v))
		return fail(r, "BTF: struct vmap_block of %zu bytes", r->l.vb_size);
	if (rd(r, vb, b, r->l.vb_size, "a vmap_block"))
		return -1;
	va = ptr(r, b, r->l.vb_va);
	if (rd(r, va, v, r->l.va_size, "a vmap_block's area"))
		return -1;
	if (push((void **)&ks->blocks, &ks->nblocks, &r->cap.blocks, sizeof(*ks->blocks)))
		return fail(r, "out of memory");
	k = &ks->blocks[ks->nblocks++];
	k->start = ptr(r, v, r->l.va_start);
	k->end = ptr(r, v, r->l.va_end);
	k->free = ptr(r, b, r->l.vb_free);
	k->dirty = ptr(r, b, r->l.vb_dirty);
	k->cpu = cpu;
	if (k->end <= k->start || k->free + k->dirty > (k->end - k->start) / PAGE_SIZE)
		return fail(r, "a vmap_block at 0x%" PRIx64 " with counts out of range (changed while read)", vb);
	return 0;
}

/* an xarray entry: a node (internal, above 4096) walked into, a pointer taken, the rest skipped */
static int xa_entry(struct reader *r, struct kstate *ks, uint64_t e, int depth, int64_t cpu, size_t *n)
{
	if (!e || (e & 1))		/* empty, or a value entry */
		return 0;
	if ((e & 3) == 2) {		/* internal */
		unsigned char nb[8 * 256 + 64];
		size_t i, len = r->l.xn_slots + r->l.xn_chunk * r->l.ptr;
		uint64_t node = e - 2;

		if (e <= 4096)		/* retry, zero or sibling entries */
			return 0;
		if (depth > 12 || len > sizeof(nb))
			return fail(r, "vmap_blocks: an xarray deeper than it can be (changed while read)");
		if (rd(r, node, nb, len, "an xa_node"))
			return -1;
		for (i = 0; i < r->l.xn_chunk; i++)
			if (xa_entry(r, ks, ptr(r, nb, r->l.xn_slots + i * r->l.ptr), depth + 1, cpu, n))
				return -1;
		return 0;
	}
	if (++*n > MAX_AREAS)
		return fail(r, "vmap_blocks: more than %u blocks (changed while read)", MAX_AREAS);
	return on_block(r, ks, e, cpu);
}

static int xa_walk(struct reader *r, struct kstate *ks, uint64_t xa, int64_t cpu, size_t *n)
{
	uint64_t head;

	if (read_ptr(r, xa + r->l.xa_head, &head, "vmap_blocks"))
		return -1;
	return xa_entry(r, ks, head, 0, cpu, n);
}

/* every block; 0 when read or when this kernel's are not known (have_blocks 0), -1 failed */
static int read_blocks(struct reader *r, struct kstate *ks)
{
	uint64_t a, pcpu, nra, nr;
	unsigned char b[8];
	size_t n = 0, cpu;

	if (!r->l.blocks)
		return 0;
	if (r->l.vbq_xa == (size_t)-1) {	/* one global xarray */
		if (kview_symbol(r->kv, "vmap_blocks", &a))
			return 0;
		if (xa_walk(r, ks, a, -1, &n))
			return -1;
		ks->have_blocks = 1;
		return 0;
	}
	/* one a CPU: the per-CPU variable at its offset in each CPU's area */
	if (kview_symbol(r->kv, "vmap_block_queue", &a) || kview_symbol(r->kv, "__per_cpu_offset", &pcpu) ||
	    kview_symbol(r->kv, "nr_cpu_ids", &nra))
		return 0;
	if (rd(r, nra, b, 4, "nr_cpu_ids"))
		return -1;
	nr = val(b, 0, 4);
	if (!nr || nr > 8192)
		return fail(r, "nr_cpu_ids is %" PRIu64, nr);
	for (cpu = 0; cpu < nr; cpu++) {
		uint64_t off;

		if (read_ptr(r, pcpu + cpu * r->l.ptr, &off, "__per_cpu_offset"))
			return -1;
		if (xa_walk(r, ks, a + off + r->l.vbq_xa, (int64_t)cpu, &n))
			return -1;
	}
	ks->have_blocks = 1;
	return 0;
}

/* one read of everything; 0, or -1 (why set) */
static int read_once(struct reader *r, struct kstate *ks)
{
	uint64_t a, root, node, lazy_nr = 0, cpus = 0;
	unsigned char b[8];
	size_t i;

	memset(&r->cap, 0, sizeof(r->cap));
	memset(ks, 0, sizeof(*ks));
	if (r->l.nodes) {
		uint64_t nodes_ptr, nr;
		unsigned char nb[4];

		if (sym(r, "vmap_nodes", &a) || read_ptr(r, a, &nodes_ptr, "vmap_nodes") ||
		    sym(r, "nr_vmap_nodes", &a) || rd(r, a, nb, 4, "nr_vmap_nodes"))
			return -1;
		nr = val(nb, 0, 4);
		if (!nr || nr > 4096)
			return fail(r, "nr_vmap_nodes is %" PRIu64, nr);
		ks->nodes = (unsigned)nr;
		if (r->l.vn_size > (64u << 10))
			return fail(r, "BTF: struct vmap_node of %zu bytes", r->l.vn_size);
		for (i = 0; i < nr; i++) {
			uint64_t vn = nodes_ptr + i * r->l.vn_size;
			unsigned char vnb[64u << 10];
			size_t p;

			/* the node at once: most of its pools are empty, seen without a read each */
			if (rd(r, vn, vnb, r->l.vn_size, "a vmap_node") ||
			    walk(r, ks, vn + r->l.vn_busy + r->l.rbl_head, "a node's busy list", 1, on_busy) ||
			    walk(r, ks, vn + r->l.vn_lazy + r->l.rbl_head, "a node's lazy list", 1, on_lazy))
				return -1;
			for (p = 0; p < r->l.npools; p++) {
				size_t off = r->l.vn_pool + p * r->l.pool_size + r->l.pool_head;

				if (ptr(r, vnb, off) != vn + off &&
				    walk(r, ks, vn + off, "a node's pool", 0, on_pool))
					return -1;
			}
		}
	} else {
		if (sym(r, "vmap_area_list", &a) || walk(r, ks, a, "vmap_area_list", 1, on_busy))
			return -1;
		if (r->l.purge_llist ? sym(r, "vmap_purge_list", &a) || walk_llist(r, ks, a, "vmap_purge_list", on_lazy) :
				       sym(r, "purge_vmap_area_list", &a) || walk(r, ks, a, "purge_vmap_area_list", 1, on_lazy))
			return -1;
	}
	if (sym(r, "free_vmap_area_list", &a) || walk(r, ks, a, "free_vmap_area_list", 1, on_free))
		return -1;
	/* the free tree's root: its subtree_max_size is the largest free block */
	if (sym(r, "free_vmap_area_root", &root) || read_ptr(r, root, &node, "free_vmap_area_root"))
		return -1;
	if (node) {
		unsigned char v[512];

		if (rd(r, node - r->l.va_rb, v, r->l.va_size, "the free tree's root"))
			return -1;
		ks->free_root_max = ptr(r, v, r->l.va_union);
	}
	if (sym(r, "vmap_lazy_nr", &a) || rd(r, a, b, r->l.ptr, "vmap_lazy_nr"))
		return -1;
	lazy_nr = ptr(r, b, 0);
	if (sym(r, "__num_online_cpus", &a) || rd(r, a, b, 4, "__num_online_cpus"))
		return -1;
	cpus = val(b, 0, 4);
	ks->lazy_pages = lazy_nr;
	ks->cpus = (unsigned)cpus;
	{	/* lazy_max_pages(): fls(num_online_cpus()) * 32 MiB of pages */
		unsigned fls = 0;

		while (fls < 32 && (cpus >> fls))
			fls++;
		ks->lazy_max_pages = (uint64_t)fls * ((32u << 20) / PAGE_SIZE);
	}
	ks->space_end = r->l.ptr == 4 ? UINT32_MAX : UINT64_MAX;
	if (read_blocks(r, ks))
		return -1;
	return kstate_sort(ks) ? fail(r, "out of memory") : kstate_check(ks, r->why, r->len);
}

int kvmalloc_probe(const char *sysroot, char *why, size_t len)
{
	const char *kc = sysfile_path(sysroot, "/proc/kcore");

	if (access(kc, R_OK)) {
		snprintf(why, len, "%s: %s", kc, hint_errno(kc, errno, sysroot != NULL));
		return -1;
	}
	if (access(sysfile_path(sysroot, "/sys/kernel/btf/vmlinux"), R_OK)) {
		snprintf(why, len, "%s: %s (a kernel without CONFIG_DEBUG_INFO_BTF)",
			 sysfile_path(sysroot, "/sys/kernel/btf/vmlinux"), strerror(errno));
		return -1;
	}
	return 0;
}

int kvmalloc_read(struct kview *kv, struct kstate *ks, char *why, size_t len)
{
	struct reader r = { .kv = kv, .why = why, .len = len };
	uint64_t a;
	int tries, rc = -1;

	r.B = dl_bpf();
	if (!r.B) {
		snprintf(why, len, "libbpf.so.1 cannot be loaded (Debian: install libbpf1)");
		return -1;
	}
	r.btf = r.B->btf__parse(sysfile_path(kv->sysroot, "/sys/kernel/btf/vmlinux"), NULL);
	if (!r.btf) {
		snprintf(why, len, "%s: %s", sysfile_path(kv->sysroot, "/sys/kernel/btf/vmlinux"), strerror(errno));
		return -1;
	}
	if (read_layout(&r, kview_symbol(kv, "vmap_nodes", &a) == 0))
		goto out;
	for (tries = 0; tries < TRIES && rc && !r.final; tries++) {
		kstate_free(ks);
		rc = read_once(&r, ks);
	}
	if (rc && !r.final) {
		char *tmp = strdup(why);	/* the cause whole, whatever its length (a path in it) */

		if (tmp) {
			snprintf(why, len, "%s, %d reads in a row", tmp, TRIES);
			free(tmp);
		}
	}
	if (rc)
		kstate_free(ks);
out:
	r.B->btf__free(r.btf);
	return rc;
}
