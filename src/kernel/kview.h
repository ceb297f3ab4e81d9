/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The live kernel read like crash and drgn do, without debuginfo: /proc/kcore
 * (ELF, libelf), /proc/kallsyms and /dev/mem. x86_64 only for now.
 */
#ifndef VMAPCTL_KERNEL_KVIEW_H
#define VMAPCTL_KERNEL_KVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/kcore.h"
#include "kernel/sysfile.h"
#include "lib/area.h"
#include "lib/x86pt.h"

struct kview {
	const char *sysroot;
	struct buf kallsyms;
	struct kcore kc;
	uint64_t page_offset_base, vmalloc_base, vmemmap_base;
	uint64_t vmalloc_end;		/* vmalloc_base + VmallocTotal, page aligned */
	uint64_t lowmem_end;		/* i386: high_memory; 0 on x86_64 */
	uint64_t modules_start, modules_end;
	uint64_t text_start, text_end;
	uint64_t top_pgt_phys;
	unsigned levels;	/* 4 or 5 */
	struct x86_tables *tables;	/* kview_translate's kept tables */
	int system_map;		/* kallsyms hid its addresses: the core's symbols from /boot/System.map */
	const struct buf *meminfo;	/* /proc/meminfo as the caller read it, or NULL (borrowed) */
	int kallsyms_borrowed;		/* kallsyms is the caller's, not freed here */
};

/* Open kcore and kallsyms, read the randomised bases. Prints its errors. */
int kview_open(struct kview *kv, const char *sysroot);
/*
 * The same with /proc/meminfo and /proc/kallsyms read already (not read again;
 * they must outlive kv), either NULL for "read it".
 */
int kview_open_with(struct kview *kv, const char *sysroot, const struct buf *meminfo, const struct buf *kallsyms);
void kview_close(struct kview *kv);
/*
 * Only what the page-table walk needs (top table, paging mode), from kcore's
 * VMCOREINFO note when it has them, without reading /proc/kallsyms; the full
 * kview_open otherwise. The other fields are left 0 then.
 */
int kview_open_walk(struct kview *kv, const char *sysroot);
/* A symbol's address, quietly: 0, -1 no such symbol, -2 hidden (zero). */
int kview_symbol(const struct kview *kv, const char *name, uint64_t *addr);
/* A symbol's address (0 on success); an address "0x..." is taken as is. */
int kview_resolve(const struct kview *kv, const char *text, uint64_t *addr);
/* x86_64's fixed module area: X86_64_MODULES_VADDR, _END (lib/area.h) */

/* 1 when va lies in the vmalloc or the modules area (where kcore can lie: walk) */
int kview_in_vmalloc_space(const struct kview *kv, uint64_t va);
/* 0 translated, 1 not mapped, -1 unreadable, -2 not supported (not x86_64) */
int kview_vtop(const struct kview *kv, uint64_t va, struct x86_walk *w);
/* The same, page after page: each page table read once (lib/x86pt.h); *phys only. */
int kview_translate(struct kview *kv, uint64_t va, uint64_t *phys);

#endif
