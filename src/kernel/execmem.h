/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the kernel's allocator of module memory starts in the module area.
 * x86-64 with KASLR moves it up by a random 1 to 1024 pages, once a boot, and
 * nothing below is ever allocated: 5.10 to 6.9 keep the offset in
 * arch/x86/kernel/module.c's module_load_offset (chosen at the first
 * module_alloc: 0 until then); 6.10+ in execmem's ranges, set at boot
 * (arch/x86/mm/init.c's execmem_info, which mm/execmem.c's pointer of the
 * same name points to; its first range, module text, starts first).
 */
#ifndef VMAPCTL_KERNEL_EXECMEM_H
#define VMAPCTL_KERNEL_EXECMEM_H

#include <stdint.h>

#include "kernel/kview.h"

/* 0 and *start, or -1 where it cannot be told (quietly: a kernel without the symbols, an offset not chosen yet) */
int execmem_modules_start(const struct kview *kv, uint64_t *start);

#endif
