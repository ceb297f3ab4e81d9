// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioctl-errors: drive /dev/vmapctl_demo with every bad value and expect the
 * documented errno each time (src/uapi/vmapctl_demo.h). TAP on stdout.
 * Run as root with the module loaded and no live mappings.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uapi/vmapctl_demo.h"

static int n, failed;

static void expect(int rc, int want_errno, const char *what)
{
	int e = rc < 0 ? errno : 0;
	int ok = want_errno ? (rc < 0 && e == want_errno) : rc == 0;

	n++;
	if (!ok)
		failed++;
	printf("%sok %d - %s: %s", ok ? "" : "not ", n, what, want_errno ? strerrorname_np(want_errno) : "success");
	if (!ok)
		printf(" (got %s)", rc < 0 ? strerrorname_np(e) : "success");
	printf("\n");
}

static int map(int fd, uint32_t kind, uint32_t flags, uint64_t pages, struct vmapctl_map *out)
{
	struct vmapctl_map m = { .kind = kind, .flags = flags, .pages = pages };
	int rc = ioctl(fd, VMAPCTL_IOC_MAP, &m);

	if (out)
		*out = m;
	return rc;
}

static int unmap(int fd, uint64_t id)
{
	struct vmapctl_unmap u = { .id = id };

	return ioctl(fd, VMAPCTL_IOC_UNMAP, &u);
}

int main(void)
{
	struct vmapctl_map m;
	uint64_t ids[VMAPCTL_DEMO_MAX_MAPPINGS];
	int fd = open(VMAPCTL_DEMO_DEVICE, O_RDWR), i;

	if (fd < 0) {
		printf("Bail out! cannot open %s: %s\n", VMAPCTL_DEMO_DEVICE, strerror(errno));
		return 1;
	}

	expect(ioctl(fd, _IO(VMAPCTL_IOC_MAGIC, 0x7f)), ENOTTY, "unknown command number");
	expect(ioctl(fd, _IOWR('x', 0x01, struct vmapctl_map), &m), ENOTTY, "another driver's magic");
	expect(ioctl(fd, _IOWR(VMAPCTL_IOC_MAGIC, 0x01, struct vmapctl_unmap), &m), ENOTTY, "MAP number with a wrong size");
	expect(map(fd, 0, 0, 1, NULL), EINVAL, "kind 0");
	expect(map(fd, 99, 0, 1, NULL), EINVAL, "unknown kind 99");
	expect(map(fd, VMAPCTL_KIND_VMAP, 0x80000000u, 1, NULL), EINVAL, "unknown flags");
	expect(map(fd, VMAPCTL_KIND_VMAP, 0, 0, NULL), EINVAL, "0 pages");
	expect(map(fd, VMAPCTL_KIND_VMALLOC, 0, 1000000, NULL), E2BIG, "1,000,000 pages");
	expect(map(fd, VMAPCTL_KIND_VMAP, 0, VMAPCTL_DEMO_MAX_PAGES + 1, NULL), E2BIG, "1,025 pages");
	{
		struct vmapctl_map r = { .kind = VMAPCTL_KIND_VMAP, .pages = 1, .addr = 1 };

		expect(ioctl(fd, VMAPCTL_IOC_MAP, &r), EINVAL, "output field set on input");
	}
	{
		struct vmapctl_map r = { .kind = VMAPCTL_KIND_IOREMAP, .phys = 0x100000, .size = 4096 };

		expect(ioctl(fd, VMAPCTL_IOC_MAP, &r), EPERM, "ioremap of System RAM");
		r.size = 0;
		expect(ioctl(fd, VMAPCTL_IOC_MAP, &r), EINVAL, "ioremap of 0 bytes");
		r.phys = UINT64_MAX - 10;
		r.size = 4096;
		expect(ioctl(fd, VMAPCTL_IOC_MAP, &r), EINVAL, "ioremap range wrapping around");
	}
	{
		/* a struct that runs off the end of the caller's memory */
		long pg = sysconf(_SC_PAGESIZE);
		char *two = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		mprotect(two + pg, pg, PROT_NONE);
		expect(ioctl(fd, VMAPCTL_IOC_MAP, two + pg - 8), EFAULT, "short buffer (struct crosses into unmapped memory)");
		expect(ioctl(fd, VMAPCTL_IOC_INFO, NULL), EFAULT, "NULL argument");
		munmap(two, 2 * pg);
	}
	{
		struct vmapctl_overask o = { .reserved = 1 };

		expect(ioctl(fd, VMAPCTL_IOC_OVERASK, &o), EINVAL, "overask: reserved field set");
		o.reserved = 0;
		o.result = -1;
		expect(ioctl(fd, VMAPCTL_IOC_OVERASK, &o), EINVAL, "overask: output field set on input");
		o.result = 0;
		o.size = UINT64_MAX - 10;
		expect(ioctl(fd, VMAPCTL_IOC_OVERASK, &o), EINVAL, "overask: a size that wraps");
		o.size = 0;
		expect(ioctl(fd, VMAPCTL_IOC_OVERASK, &o), 0, "overask: asked");
		expect(o.result == -ENOMEM && o.size > o.area ? 0 : -1, 0, "overask: refused, ENOMEM");
	}
	expect(unmap(fd, 123456789), ENOENT, "unmap of a bad id");
	{
		struct vmapctl_unmap u = { .id = 1, .reserved = 1 };

		expect(ioctl(fd, VMAPCTL_IOC_UNMAP, &u), EINVAL, "reserved field set");
	}
	expect(map(fd, VMAPCTL_KIND_VMAP, 0, 2, &m), 0, "map 2 pages");
	{
		struct vmapctl_read r = { .id = m.id, .offset = 0, .len = 3 * 4096, .buf_ptr = 0 };
		char buf[16];

		expect(ioctl(fd, VMAPCTL_IOC_READ, &r), EINVAL, "read past the end of the mapping");
		r.len = 0;
		expect(ioctl(fd, VMAPCTL_IOC_READ, &r), EINVAL, "read of 0 bytes");
		r.len = sizeof(buf);
		r.buf_ptr = 8;
		expect(ioctl(fd, VMAPCTL_IOC_READ, &r), EFAULT, "read into a bad user pointer");
		r.buf_ptr = (uintptr_t)buf;
		expect(ioctl(fd, VMAPCTL_IOC_READ, &r), 0, "read 16 bytes");
	}
	{
		struct vmapctl_info in = { .id = m.id, .flags = 0x10 };

		expect(ioctl(fd, VMAPCTL_IOC_INFO, &in), EINVAL, "info with unknown flags");
		in.flags = 0;
		in.pages_cap = 2;
		in.pages_ptr = 16;
		expect(ioctl(fd, VMAPCTL_IOC_INFO, &in), EFAULT, "info into a bad page array");
	}
	expect(unmap(fd, m.id), 0, "unmap");
	expect(unmap(fd, m.id), ENOENT, "unmap twice");

	/* the limit of live mappings */
	for (i = 0; i < VMAPCTL_DEMO_MAX_MAPPINGS; i++) {
		if (map(fd, VMAPCTL_KIND_VMALLOC, 0, 1, &m))
			break;
		ids[i] = m.id;
	}
	n++;
	printf("%sok %d - %d mappings made\n", i == VMAPCTL_DEMO_MAX_MAPPINGS ? "" : "not ", n, i);
	failed += i != VMAPCTL_DEMO_MAX_MAPPINGS;
	expect(map(fd, VMAPCTL_KIND_VMALLOC, 0, 1, NULL), ENOSPC, "one mapping too many");
	while (i-- > 0)
		unmap(fd, ids[i]);

	/* concurrent callers: two processes map and unmap at once */
	{
		pid_t kids[2];
		int k, st, bad = 0;

		for (k = 0; k < 2; k++) {
			kids[k] = fork();
			if (kids[k] == 0) {
				int j, f = open(VMAPCTL_DEMO_DEVICE, O_RDWR);

				for (j = 0; j < 200; j++) {
					struct vmapctl_map x;

					if (map(f, 1 + j % 3, 0, 1 + j % 8, &x) || unmap(f, x.id))
						_exit(1);
				}
				_exit(0);
			}
		}
		for (k = 0; k < 2; k++) {
			waitpid(kids[k], &st, 0);
			bad |= !WIFEXITED(st) || WEXITSTATUS(st);
		}
		n++;
		failed += bad;
		printf("%sok %d - 2 processes x 200 map/unmap rounds\n", bad ? "not " : "", n);
	}
	/* a mapping left in an fd dies with it */
	{
		int f = open(VMAPCTL_DEMO_DEVICE, O_RDWR);
		struct vmapctl_info in;

		map(f, VMAPCTL_KIND_VMAP, 0, 1, &m);
		close(f);
		memset(&in, 0, sizeof(in));
		in.id = m.id;
		expect(ioctl(fd, VMAPCTL_IOC_INFO, &in), ENOENT, "an fd's mapping is gone after close");
	}
	close(fd);
	printf("1..%d\n", n);
	return failed != 0;
}
