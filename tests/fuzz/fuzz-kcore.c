// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the /proc/kcore reader: any bytes as the ELF core file
 * (libelf parses it), then reads through its segments by virtual and by
 * physical address. Seeded with the fake kcore tests/tools/mkkcore.c writes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/kcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcore kc;
	unsigned char buf[64];
	int fd = memfd_create("kcore", MFD_CLOEXEC);
	size_t i;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	if (kcore_open_fd(&kc, fd, "fuzz") == 0) {
		for (i = 0; i < kc.nseg; i++) {
			const struct kseg *s = &kc.seg[i];

			if (kseg_by_vaddr(kc.seg, kc.nseg, s->vaddr) == NULL && s->size)
				abort();	/* a segment's own start must be found */
			(void)kcore_read(&kc, s->vaddr, buf, sizeof(buf));
			(void)kcore_read(&kc, s->vaddr + s->size - 1, buf, sizeof(buf));	/* across the end */
			if (s->paddr != KSEG_NO_PADDR)
				(void)kcore_read_phys(&kc, s->paddr, buf, sizeof(buf));
		}
		kcore_close(&kc);
	}
	return 0;
}
