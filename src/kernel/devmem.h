/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VMAPCTL_KERNEL_DEVMEM_H
#define VMAPCTL_KERNEL_DEVMEM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Read physical memory: device memory (MMIO) through an mmap of /dev/mem with
 * aligned 32-bit loads (pread of MMIO fails with EFAULT), RAM with pread.
 * Returns 0, or -errno with *why set to a sentence for the user.
 */
int devmem_read(const char *sysroot, uint64_t phys, void *buf, size_t len, int mmio, const char **why);

#endif
