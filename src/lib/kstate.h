/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's own vmalloc bookkeeping as read from its memory
 * (kernel/kvmalloc.c): busy areas, the free blocks of the free tree, the
 * lazily freed backlog, the nodes' pools (6.9+). Pure: the checks that the
 * read is whole, the use of an area, and the allocator's first fit.
 */
#ifndef VMAPCTL_LIB_KSTATE_H
#define VMAPCTL_LIB_KSTATE_H

#include <stddef.h>
#include <stdint.h>

struct kva {
	uint64_t start, end;
};

/* vm_struct flags (include/linux/vmalloc.h; the same values from 5.x to 6.12) */
#define KVM_IOREMAP		0x1
#define KVM_ALLOC		0x2
#define KVM_MAP			0x4
#define KVM_USERMAP		0x8
#define KVM_DMA_COHERENT	0x10
#define KVM_NO_GUARD		0x40
#define KVM_FLUSH_RESET_PERMS	0x100
#define KVM_ALLOW_HUGE_VMAP	0x400
#define KVM_SPARSE		0x1000
/* vmap_area flags (mm/vmalloc.c) */
#define KVA_VMAP_RAM		0x1
#define KVA_VMAP_BLOCK		0x2

struct kbusy {
	uint64_t start, end;		/* the vmap_area */
	uint64_t vm_addr, vm_size;	/* its vm_struct, when has_vm */
	uint64_t vm_flags, nr_pages, phys, caller, pages;
	uint32_t va_flags;		/* KVA_VMAP_* (the low byte) */
	uint32_t has_vm;
};

/* a per-CPU block of vm_map_ram (struct vmap_block): its area and its pages' use */
struct kblock {
	uint64_t start, end;
	uint64_t free, dirty;		/* pages free to hand out; freed but not yet flushed */
	int64_t cpu;			/* the CPU whose queue holds it; -1 when not known */
};

struct kstate {
	unsigned nodes;			/* vmap nodes (6.9+); 0: the global busy tree of older kernels */
	struct kbusy *busy;
	size_t nbusy;
	struct kva *lazy, *free, *pool;	/* each sorted by start */
	size_t nlazy, nfree, npool;
	uint64_t free_root_max;		/* the free tree's subtree_max_size at its root */
	uint64_t lazy_pages;		/* vmap_lazy_nr */
	uint64_t lazy_max_pages;	/* the purge threshold: lazy_max_pages() */
	unsigned cpus;			/* online, for lazy_max_pages */
	uint64_t space_end;		/* the top of the address space the free tree covers (ULONG_MAX) */
	struct kblock *blocks;		/* vm_map_ram's blocks, by start (when they could be read) */
	size_t nblocks;
	int have_blocks;
};

void kstate_free(struct kstate *ks);
/* Sort busy, lazy, free and pool by start. -1 out of memory. */
int kstate_sort(struct kstate *ks);
/*
 * A read is whole when busy, lazy, pool and free areas tile [1, space_end)
 * (the free tree covers every address that is not in use) and the largest
 * free block is the root's subtree_max_size. 0, or -1 with why set.
 */
int kstate_check(const struct kstate *ks, char *why, size_t len);

/* What an area [lo, hi) holds (ranges cut at its bounds). */
struct karea_use {
	uint64_t busy, nbusy, free, nfree, largest, lazy, nlazy, pool, npool;
};
void kstate_area_use(const struct kstate *ks, uint64_t lo, uint64_t hi, struct karea_use *u);

/*
 * The allocator's first fit (mm/vmalloc.c, __alloc_vmap_area): the lowest
 * free block where size bytes aligned to align fit at or above vstart; it
 * succeeds when they end at or below vend. free is sorted and disjoint.
 * 0 and *addr (and *blk, the block) when it fits, -1 when not.
 */
int kfit(const struct kva *free, size_t n, uint64_t size, uint64_t align, uint64_t vstart, uint64_t vend,
	 uint64_t *addr, const struct kva **blk);
/*
 * How many areas of size, one after another, succeed: the first fit over free
 * until one fails, then, as the kernel purges and tries again, over what is
 * left of free with the lazily freed areas lazy (sorted, disjoint) given
 * back, until one fails again. Nothing else allocates meanwhile. At most max.
 * -1 out of memory.
 */
int64_t kfit_count(const struct kva *fr, size_t nfree, const struct kva *lazy, size_t nlazy, uint64_t size,
		   uint64_t align, uint64_t vstart, uint64_t vend, uint64_t max);
/*
 * a and b (each sorted, disjoint) as one sorted list with touching ranges
 * merged, as the free tree merges what is given back: *out malloc'd.
 */
int kva_union(const struct kva *a, size_t na, const struct kva *b, size_t nb, struct kva **out, size_t *nout);
/* The ranges of [lo, hi) that none of r (sorted by start, may overlap) covers: *out malloc'd. */
int kva_complement(const struct kva *r, size_t n, uint64_t lo, uint64_t hi, struct kva **out, size_t *nout);

#endif
