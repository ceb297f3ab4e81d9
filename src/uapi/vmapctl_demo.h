/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The ABI of /dev/vmapctl_demo, shared by the module (src/kmod) and vmapctl.
 *
 * Following Documentation/driver-api/ioctl.rst: fixed-layout structs of __u32
 * and __u64 with no implicit padding, user pointers as __u64, _IOWR commands,
 * -ENOTTY for an unknown command. There is no version field: a change of ABI
 * gets a new command number. Every reserved field must be zero.
 */
#ifndef _UAPI_VMAPCTL_DEMO_H
#define _UAPI_VMAPCTL_DEMO_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define VMAPCTL_DEMO_DEVICE	"/dev/vmapctl_demo"
#define VMAPCTL_DEMO_MAX_MAPPINGS	64
#define VMAPCTL_DEMO_MAX_PAGES		1024

/* What to map (vmapctl_map.kind) */
enum vmapctl_kind {
	VMAPCTL_KIND_VMALLOC = 1,	/* vmalloc() */
	VMAPCTL_KIND_VMAP = 2,		/* vmap() of pages allocated one by one */
	VMAPCTL_KIND_VM_MAP_RAM = 3,	/* vm_map_ram() of such pages */
	VMAPCTL_KIND_KMAP = 4,		/* kmap() of each page (highmem pages if any) */
	VMAPCTL_KIND_KMAP_LOCAL = 5,	/* kmap_local_page(): mapped, checked, unmapped in MAP */
	VMAPCTL_KIND_IOREMAP = 6,	/* ioremap() of an I/O range, never System RAM */
};
#define VMAPCTL_KIND_MAX 6

/* vmapctl_map.flags */
#define VMAPCTL_MAP_KEEP	(1u << 0)	/* owned by the module, not by the fd */
#define VMAPCTL_MAP_FLAGS	VMAPCTL_MAP_KEEP

/* Where an address lies (vmapctl_map.where, vmapctl_page.where) */
enum vmapctl_where {
	VMAPCTL_WHERE_UNKNOWN = 0,
	VMAPCTL_WHERE_VMALLOC = 1,	/* the vmalloc area */
	VMAPCTL_WHERE_DIRECT_MAP = 2,	/* the linear map of all lowmem (page_address) */
	VMAPCTL_WHERE_PKMAP = 3,	/* the kmap window (32-bit HIGHMEM) */
	VMAPCTL_WHERE_FIXMAP = 4,	/* the fixmap: kmap_local slots on HIGHMEM */
};

/* vmapctl_map.state */
#define VMAPCTL_STATE_UNMAPPED	(1u << 0)	/* kmap_local: already unmapped by MAP */
#define VMAPCTL_STATE_VERIFIED	(1u << 1)	/* the pattern read back through the mapping */
#define VMAPCTL_STATE_HIGHMEM	(1u << 2)	/* at least one page is in high memory */

/* MAP: create a mapping. Errors: EINVAL (kind, flags, reserved, 0 pages, range),
 * E2BIG (more than VMAPCTL_DEMO_MAX_PAGES; kmap with HIGHMEM: more than the
 * demo's share of the pkmap window, LAST_PKMAP - LAST_PKMAP/8), EBUSY (kmap:
 * that share is held by other mappings; ioremap: a busy or exclusive range, as
 * /dev/mem refuses), ENOSPC (VMAPCTL_DEMO_MAX_MAPPINGS live), EPERM (ioremap
 * of System RAM), ENOMEM, EFAULT. */
struct vmapctl_map {
	__u32 kind;		/* in: enum vmapctl_kind */
	__u32 flags;		/* in: VMAPCTL_MAP_* */
	__u64 pages;		/* in: pages to map (not ioremap) */
	__u64 phys;		/* in: ioremap: physical address */
	__u64 size;		/* in: ioremap: bytes; out: bytes mapped */
	__u64 id;		/* out: the mapping's id (> 0) */
	__u64 addr;		/* out: kernel virtual address */
	__u32 where;		/* out: enum vmapctl_where of addr */
	__u32 state;		/* out: VMAPCTL_STATE_* */
};

/* UNMAP: undo a mapping. ENOENT for an id that is not live. */
struct vmapctl_unmap {
	__u64 id;		/* in */
	__u64 reserved;		/* in: 0 */
};

struct vmapctl_page {
	__u64 addr;		/* virtual address of this page in the mapping */
	__u64 pfn;		/* page frame number, as the kernel sees it */
	__u64 phys;		/* physical address (page_to_phys or the ioremap's) */
	__u32 where;		/* enum vmapctl_where of addr */
	__u32 highmem;		/* 1 when the page is in high memory */
};

/* INFO flags */
#define VMAPCTL_INFO_NEXT	(1u << 0)	/* the first live id >= id (iterate from 1) */

/* INFO: describe a mapping and its pages. ENOENT when there is none. The first
 * min(npages, pages_cap) entries of pages_ptr are filled. */
struct vmapctl_info {
	__u64 id;		/* in (out with VMAPCTL_INFO_NEXT) */
	__u32 flags;		/* in: VMAPCTL_INFO_* */
	__u32 pages_cap;	/* in: entries at pages_ptr */
	__u64 pages_ptr;	/* in: struct vmapctl_page[pages_cap], or 0 */
	__u32 kind;		/* out */
	__u32 map_flags;	/* out: VMAPCTL_MAP_* it was made with */
	__u64 addr;		/* out */
	__u64 size;		/* out: bytes */
	__u64 npages;		/* out */
	__u32 where;		/* out */
	__u32 state;		/* out */
	__s64 owner_pid;	/* out: pid that made it; 0 for KEEP mappings */
};

/* READ: copy bytes out through the mapping (memcpy_fromio for ioremap). EINVAL
 * for a range outside the mapping; len at most 1 MiB. */
struct vmapctl_read {
	__u64 id;		/* in */
	__u64 offset;		/* in */
	__u64 len;		/* in */
	__u64 buf_ptr;		/* in: user buffer of len bytes */
};

/* LAYOUT: the kernel's own bounds of the areas a mapping can land in. */
struct vmapctl_layout {
	__u64 page_offset;	/* start of the direct map */
	__u64 high_memory;	/* end of the direct map (lowmem) */
	__u64 vmalloc_start, vmalloc_end;
	__u64 pkmap_base, pkmap_end;	/* 0 without HIGHMEM */
	__u64 fixaddr_start, fixaddr_top;	/* 0 where not defined */
	__u64 page_size;
	__u32 highmem;		/* 1 when the kernel has CONFIG_HIGHMEM */
	__u32 bits;		/* BITS_PER_LONG */
};

/*
 * OVERASK: ask once for more address space than the vmalloc area holds, so
 * that alloc_vmap_area() fails the way an exhausted area makes it fail
 * (the kernel logs it, the vmalloc tracepoint records failed=1):
 * ioremap() of a physical range that has neither
 * RAM nor a device. ENOMEM is the expected answer; were the allocation to
 * succeed (a size smaller than the free space), it is undone at once.
 */
struct vmapctl_overask {
	__u64 size;		/* in: bytes, 0 for the vmalloc area's size + a page; out: bytes asked */
	__u64 phys;		/* out: the physical address asked for */
	__u64 area;		/* out: the vmalloc area's size */
	__s32 result;		/* out: 0 when it was granted (and undone), else -errno */
	__u32 reserved;		/* in: 0 */
};

#define VMAPCTL_IOC_MAGIC	0xB7
#define VMAPCTL_IOC_MAP		_IOWR(VMAPCTL_IOC_MAGIC, 0x01, struct vmapctl_map)
#define VMAPCTL_IOC_UNMAP	_IOWR(VMAPCTL_IOC_MAGIC, 0x02, struct vmapctl_unmap)
#define VMAPCTL_IOC_INFO	_IOWR(VMAPCTL_IOC_MAGIC, 0x03, struct vmapctl_info)
#define VMAPCTL_IOC_READ	_IOWR(VMAPCTL_IOC_MAGIC, 0x04, struct vmapctl_read)
#define VMAPCTL_IOC_LAYOUT	_IOWR(VMAPCTL_IOC_MAGIC, 0x05, struct vmapctl_layout)
#define VMAPCTL_IOC_OVERASK	_IOWR(VMAPCTL_IOC_MAGIC, 0x06, struct vmapctl_overask)

/* The pattern written in every page of a mapping (not ioremap): 8-byte words
 * starting with "vmapctl" + page number, recognisable in a hexdump. */
static inline __u64 vmapctl_pattern_word(__u64 id, __u64 page, __u64 word)
{
	if (word == 0)
		return 0x006c746370616d76ULL | ((page & 0xff) << 56);	/* "vmapctl" + page */
	return (id << 48) ^ (page << 32) ^ word ^ 0x5a5a0000ULL;
}

#endif
