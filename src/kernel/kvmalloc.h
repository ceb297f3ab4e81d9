/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel's own vmalloc bookkeeping, read without debuginfo: the struct
 * layouts from BTF (/sys/kernel/btf/vmlinux, libbpf), the globals' addresses
 * from /proc/kallsyms, the memory through /proc/kcore. Kernels with one global
 * busy tree (5.x to 6.8) and with vmap nodes (6.9+).
 */
#ifndef VMAPCTL_KERNEL_KVMALLOC_H
#define VMAPCTL_KERNEL_KVMALLOC_H

#include <stddef.h>

#include "kernel/kview.h"
#include "kernel/sysfile.h"
#include "lib/kstate.h"

/*
 * A whole read of the kernel's vmalloc state into ks, checked (lib/kstate.h:
 * the areas tile the address space) and tried again when the kernel changed
 * it while it was read. kv is open (kview_open). 0, or -1 with a one-line
 * reason in why (nothing printed).
 */
int kvmalloc_read(struct kview *kv, struct kstate *ks, char *why, size_t len);

/*
 * Can the kernel be read at all (root, kcore, BTF)? 0, or -1 with the reason
 * and its fix in why. Cheap: no file is read.
 */
int kvmalloc_probe(const char *sysroot, char *why, size_t len);

/*
 * The busy and lazily freed areas of ks as /proc/vmallocinfo prints them,
 * with real addresses and the callers through kallsyms (kv's), into out
 * (malloc'd). NUMA counts (N0=...) are not given. 0, or -1 out of memory.
 */
int kvmalloc_text(const struct kview *kv, const struct kstate *ks, struct buf *out);

#endif
