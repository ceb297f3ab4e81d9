/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/kcore (an ELF core file, libelf): the kernel's memory by address. */
#ifndef VMAPCTL_KERNEL_KCORE_H
#define VMAPCTL_KERNEL_KCORE_H

#include <stddef.h>
#include <stdint.h>

#define KSEG_NO_PADDR UINT64_MAX

struct kseg {
	uint64_t vaddr, paddr, size, offset;	/* paddr KSEG_NO_PADDR when none */
};

struct kcore {
	int fd;			/* -1 when closed */
	unsigned machine;	/* e_machine */
	struct kseg *seg;
	size_t nseg;
	char *vmcoreinfo;	/* the VMCOREINFO note's text ("KEY=value" lines), or NULL */
};

/* Lookups over the segment table. */
const struct kseg *kseg_by_vaddr(const struct kseg *s, size_t n, uint64_t va);
const struct kseg *kseg_by_paddr(const struct kseg *s, size_t n, uint64_t pa);

/* Prints its errors. */
int kcore_open(struct kcore *kc, const char *sysroot);
/* The same on an open file (kc owns fd from then on, closed on failure); path for messages. */
int kcore_open_fd(struct kcore *kc, int fd, const char *path);
void kcore_close(struct kcore *kc);
/*
 * A value of the VMCOREINFO note: "SYMBOL(init_top_pgt)" (hex), "NUMBER(...)"
 * (decimal), "KERNELOFFSET" (hex). 0, or -1 when the note or the key is missing.
 */
int kcore_vmcoreinfo(const struct kcore *kc, const char *key, uint64_t *val);
/* Read through the segments: -ENXIO where no segment backs the range. */
int kcore_read(const struct kcore *kc, uint64_t va, void *buf, size_t len);
int kcore_read_phys(const struct kcore *kc, uint64_t pa, void *buf, size_t len);

#endif
