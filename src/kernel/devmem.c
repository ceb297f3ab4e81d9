// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/devmem.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"

static const char *explain(int e, int mmio)
{
	if (e == EPERM || e == EACCES)
		return mmio ? "/dev/mem refuses this range: a driver holds it busy (CONFIG_IO_STRICT_DEVMEM), or not root"
			    : "/dev/mem refuses RAM (CONFIG_STRICT_DEVMEM): only I/O ranges can be read there";
	return hint_errno("/dev/mem", e, 0);
}

int devmem_read(const char *sysroot, uint64_t phys, void *buf, size_t len, int mmio, const char **why)
{
	int fd = open(sysfile_path(sysroot, "/dev/mem"), O_RDONLY | O_SYNC | O_CLOEXEC);
	int e = 0;

	if (fd < 0) {
		e = errno;
		*why = explain(e, mmio);
		return -e;
	}
	if (!mmio) {
		ssize_t r = pread(fd, buf, len, (off_t)phys);

		if (r != (ssize_t)len)
			e = r < 0 ? errno : EIO;
	} else {
		long pg = sysconf(_SC_PAGESIZE);
		uint64_t base = phys & ~(uint64_t)(pg - 1);
		size_t maplen = (size_t)(phys + len - base + (uint64_t)pg - 1) & ~(size_t)(pg - 1);
		volatile uint32_t *p = mmap(NULL, maplen, PROT_READ, MAP_SHARED, fd, (off_t)base);

		if (p == MAP_FAILED) {
			e = errno;
		} else {
			/* device registers: whole aligned 32-bit reads, like readl() */
			uint64_t a;
			unsigned char *out = buf;

			for (a = phys & ~3ULL; a < phys + len; a += 4) {
				uint32_t v = p[(a - base) / 4];
				unsigned k;

				for (k = 0; k < 4; k++)
					if (a + k >= phys && a + k < phys + len)
						out[a + k - phys] = (unsigned char)(v >> (8 * k));
			}
			munmap((void *)p, maplen);
		}
	}
	close(fd);
	if (e) {
		*why = explain(e, mmio);
		return -e;
	}
	return 0;
}
