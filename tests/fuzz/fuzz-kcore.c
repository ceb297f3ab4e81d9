// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the /proc/kcore reader: any bytes as the ELF core file
 * (libelf parses it), then reads through its segments by virtual and by
 * physical address, each checked against the input itself: the bytes read
 * are the file's bytes at the segment's offset, a read where no segment is
 * fails with -ENXIO (past the top of the address space too: no wrap to 0),
 * one past the end of the file fails (no wrap of the offset). Seeded with the
 * fake kcore tests/tools/mkkcore.c writes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/kcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { LEN = 64 };

/*
 * What a read of len bytes at addr must give, from the input's bytes: each
 * piece from the first segment (in table order) that holds its address, at
 * that segment's file offset. 0 with the bytes in out; -ENXIO when a piece
 * has no segment (or runs past 2^64); -EIO when a piece lies (partly) past
 * the end of the file.
 */
static int expect(const struct kcore *kc, const uint8_t *data, size_t size, uint64_t addr, int by_paddr,
		  uint8_t *out, size_t len)
{
	while (len) {
		const struct kseg *s = NULL;
		uint64_t base = 0, off, c, at;
		size_t i;

		for (i = 0; i < kc->nseg && !s; i++) {
			base = by_paddr ? kc->seg[i].paddr : kc->seg[i].vaddr;
			if (by_paddr && kc->seg[i].paddr == KSEG_NO_PADDR)
				continue;
			if (addr >= base && addr - base < kc->seg[i].size)
				s = &kc->seg[i];
		}
		if (!s)
			return -ENXIO;
		off = addr - base;
		c = s->size - off < len ? s->size - off : len;
		if (__builtin_add_overflow(s->offset, off, &at) || at > size || c > size - at)
			return -EIO;
		memcpy(out, data + at, c);
		out += c;
		len -= c;
		if (len && addr + c < addr)
			return -ENXIO;	/* the rest past the top of the address space */
		addr += c;
	}
	return 0;
}

/* the reader's answer equals the input's: the same bytes, or a failure where one is due */
static void check(const struct kcore *kc, const uint8_t *data, size_t size, uint64_t addr, int by_paddr)
{
	uint8_t got[LEN], want[LEN];
	int rg, rw;

	memset(got, 0xa5, sizeof(got));
	rg = by_paddr ? kcore_read_phys(kc, addr, got, LEN) : kcore_read(kc, addr, got, LEN);
	rw = expect(kc, data, size, addr, by_paddr, want, LEN);
	if (rw == 0 ? rg != 0 || memcmp(got, want, LEN) : rg == 0)
		abort();	/* bytes that are not the file's, or a read that should have failed */
	if (rw == -ENXIO && rg != -ENXIO)
		abort();	/* no segment there: said so */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcore kc;
	int fd = memfd_create("kcore", MFD_CLOEXEC);
	size_t i;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	if (kcore_open_fd(&kc, fd, "fuzz") == 0) {
		for (i = 0; i < kc.nseg; i++) {
			const struct kseg *s = &kc.seg[i];

			if (kseg_by_vaddr(kc.seg, kc.nseg, s->vaddr) == NULL && s->size)
				abort();	/* a segment's own start must be found */
			check(&kc, data, size, s->vaddr, 0);
			check(&kc, data, size, s->vaddr + s->size - 1, 0);	/* across the end */
			check(&kc, data, size, s->vaddr + s->size, 0);		/* the byte after */
			check(&kc, data, size, s->vaddr - 1, 0);		/* the byte before */
			if (s->size > LEN)
				check(&kc, data, size, s->vaddr + s->size / 2, 0);
			if (s->paddr != KSEG_NO_PADDR) {
				check(&kc, data, size, s->paddr, 1);
				check(&kc, data, size, s->paddr + s->size - 1, 1);
				check(&kc, data, size, s->paddr + s->size, 1);
			}
		}
		check(&kc, data, size, 0, 0);
		check(&kc, data, size, UINT64_MAX - LEN / 2, 0);	/* the top of the space: no wrap */
		kcore_close(&kc);
	}
	return 0;
}
