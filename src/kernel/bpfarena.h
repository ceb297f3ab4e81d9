/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BPF arena maps (6.9+, kernel/bpf/arena.c) as a way to take vmalloc address
 * space from user space without the module: each arena's kernel side is a
 * VM_SPARSE area of 4 GiB and a 64 KiB guard (KERN_VM_SZ: the reach of a
 * 16-bit instruction offset past its end), reserved by get_vm_area() at
 * creation, with no page behind it until the arena's pages are touched.
 */
#ifndef VMAPCTL_KERNEL_BPFARENA_H
#define VMAPCTL_KERNEL_BPFARENA_H

#include <stdint.h>

/* what get_vm_area() is asked for (its guard page comes on top) */
#define BPFARENA_KERN_VM_SIZE ((UINT64_C(1) << 32) + (UINT64_C(1) << 16))

/*
 * Create one arena of one page: its fd (closing it frees the area, after the
 * kernel's deferred map free), or -errno: ENOMEM when the vmalloc area has no
 * room; EINVAL or EOPNOTSUPP when the kernel has no arenas; EPERM without
 * CAP_BPF.
 */
int bpfarena_create(void);

#endif
