/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The bounds of the vmalloc and the modules areas: the kernel's own when it
 * told them, else what the text tells (the lowest region outside module
 * memory and VmallocTotal; x86_64's fixed module area). Pure: facts in,
 * bounds or why not out; saying it is the caller's.
 */
#ifndef VMAPCTL_LIB_AREA_H
#define VMAPCTL_LIB_AREA_H

#include <stdint.h>

/* x86_64's fixed module area (arch/x86/include/asm/pgtable_64_types.h) */
#define X86_64_MODULES_VADDR	0xffffffffc0000000ULL	/* __START_KERNEL_map + KERNEL_IMAGE_SIZE (1 GiB) */
/* with KASLR the module allocator starts 1 to 1024 pages above it, a random number of them a boot */
#define X86_64_MODULES_KASLR_MAX	(1024 * 4096ULL)
#define X86_64_MODULES_END	0xffffffffff000000ULL

/* what the bounds are told from */
struct area_facts {
	int kernel;			/* the kernel's own bounds, below */
	uint64_t vstart, vend, mstart, mend;
	uint64_t lowest;		/* text: the lowest region outside module memory, UINT64_MAX none */
	int have_total;
	uint64_t total;			/* text: VmallocTotal in bytes, whole pages */
	unsigned addr_digits;		/* text: 8, a 32-bit kernel */
};

enum area_why {
	AREA_OK,
	AREA_EMPTY,		/* the kernel's bounds are empty */
	AREA_MODULES_32BIT,	/* a 32-bit kernel keeps its modules in the vmalloc area */
	AREA_UNKNOWN,		/* the text does not tell: no VmallocTotal, or no region */
};

/* [lo, hi) of the vmalloc area, or of the modules area: AREA_OK, or why not */
enum area_why area_bounds(const struct area_facts *f, int modules, uint64_t *lo, uint64_t *hi);

#endif
