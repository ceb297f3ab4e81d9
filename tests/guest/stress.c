// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stress: the companion module under load and abuse, from userspace.
 *
 *   stress cycles N [PHYS]   N MAP/INFO/READ/UNMAP cycles over every kind from
 *                            two processes at once (N/2 each); PHYS: an I/O
 *                            range for ioremap (the edu BAR)
 *   stress random N          N ioctls with random command numbers of the
 *                            module's magic and random struct bytes
 *   stress loop SECONDS      ioctls in a loop, opening the device each time,
 *                            until SECONDS pass or the device is gone for good
 *                            (rmmod races it)
 *   stress hold KIND PAGES SECONDS   map and hold one mapping, then unmap
 *
 * Every errno must be one the ABI documents (uapi/vmapctl_demo.h); anything
 * else, or a wrong pattern read back, is reported and fails (exit 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "uapi/vmapctl_demo.h"

static unsigned long long rnd_state;

static uint64_t rnd(void)	/* xorshift64*: reproducible from the seed printed */
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545f4914f6cdd1dULL;
}

static int documented(int e)
{
	switch (e) {
	case ENOTTY: case EINVAL: case E2BIG: case EBUSY: case ENOSPC: case EPERM:
	case ENOENT: case EFAULT: case ENOMEM: case EOPNOTSUPP:
		return 1;
	default:
		return 0;
	}
}

static int dev_open(void)
{
	int fd = open(VMAPCTL_DEMO_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		fprintf(stderr, "stress: cannot open %s: %s\n", VMAPCTL_DEMO_DEVICE, strerror(errno));
	return fd;
}

/* ---- cycles ------------------------------------------------------------------ */

/* the kernel has kmap_local_page() (5.11+): its MAP may not fail with EOPNOTSUPP */
static int kmap_local_ok;

static int kernel_at_least(unsigned major, unsigned minor)
{
	struct utsname u;
	unsigned a = 0, b = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u", &a, &b) != 2)
		return 1;
	return a > major || (a == major && b >= minor);
}

static int one_cycle(int fd, uint32_t kind, uint64_t phys)
{
	struct vmapctl_map m = { .kind = kind };
	struct vmapctl_page pages[8];
	struct vmapctl_info info;
	uint64_t buf[8], k;
	struct vmapctl_unmap u;

	if (kind == VMAPCTL_KIND_IOREMAP) {
		m.phys = phys;
		m.size = 4096;
	} else {
		m.pages = 1 + rnd() % 8;
	}
	if (ioctl(fd, VMAPCTL_IOC_MAP, &m)) {
		if (errno == ENOMEM || errno == EBUSY)	/* documented: the kernel had none, or kmap's share is held */
			return 0;
		/* documented: kmap_local before 5.11, which has no kmap_local_page() */
		if (errno == EOPNOTSUPP && kind == VMAPCTL_KIND_KMAP_LOCAL && !kmap_local_ok)
			return 0;
		fprintf(stderr, "stress: MAP kind %u: %s\n", kind, strerror(errno));
		return -1;
	}
	memset(&info, 0, sizeof(info));
	info.id = m.id;
	info.pages_cap = 8;
	info.pages_ptr = (uintptr_t)pages;
	if (ioctl(fd, VMAPCTL_IOC_INFO, &info) || info.npages != (kind == VMAPCTL_KIND_IOREMAP ? 1 : m.pages)) {
		fprintf(stderr, "stress: INFO of %llu: %s\n", (unsigned long long)m.id, strerror(errno));
		return -1;
	}
	{
		struct vmapctl_read r = { .id = m.id, .len = sizeof(buf), .buf_ptr = (uintptr_t)buf };

		if (ioctl(fd, VMAPCTL_IOC_READ, &r)) {
			fprintf(stderr, "stress: READ of %llu: %s\n", (unsigned long long)m.id, strerror(errno));
			return -1;
		}
	}
	for (k = 0; kind != VMAPCTL_KIND_IOREMAP && k < 8; k++)
		if (buf[k] != vmapctl_pattern_word(m.id, 0, k)) {
			fprintf(stderr, "stress: mapping %llu (kind %u) reads back a wrong word %llu\n",
				(unsigned long long)m.id, kind, (unsigned long long)k);
			return -1;
		}
	memset(&u, 0, sizeof(u));
	u.id = m.id;
	if (ioctl(fd, VMAPCTL_IOC_UNMAP, &u)) {
		fprintf(stderr, "stress: UNMAP of %llu: %s\n", (unsigned long long)m.id, strerror(errno));
		return -1;
	}
	return 0;
}

static int cycles(long n, uint64_t phys, unsigned seed)
{
	int fd = dev_open();
	long i;

	if (fd < 0)
		return -1;
	rnd_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < n; i++) {
		uint32_t kind = 1 + (uint32_t)(i % VMAPCTL_KIND_MAX);

		if (kind == VMAPCTL_KIND_IOREMAP && !phys)
			kind = VMAPCTL_KIND_VMAP;
		if (one_cycle(fd, kind, phys)) {
			close(fd);
			return -1;
		}
	}
	close(fd);
	return 0;
}

static int two_processes(long n, uint64_t phys)
{
	pid_t pid = fork();
	int st, rc;

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(cycles(n / 2, phys, 1) ? 1 : 0);
	rc = cycles(n - n / 2, phys, 2);
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
		rc = -1;
	return rc;
}

/* ---- random ioctls --------------------------------------------------------------- */

static unsigned char *scratch, *guard;

/* a pointer the module may be handed: none, unmapped memory, a big enough buffer, a kernel address */
static uint64_t some_pointer(void)
{
	switch (rnd() % 4) {
	case 0:
		return 0;
	case 1:
		return (uintptr_t)guard;
	case 2:
		return (uintptr_t)scratch;
	default:
		return sizeof(long) == 8 ? 0xffff888000000000ULL : 0xc0000000ULL;
	}
}

/* random bytes, often shaped like a real request so the deeper paths run too */
static void random_arg(unsigned nr, unsigned char *arg, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		arg[i] = (unsigned char)rnd();
	if (rnd() % 2)
		return;
	switch (nr) {
	case 0x01: {
		struct vmapctl_map *m = (void *)arg;

		memset(m, 0, sizeof(*m));
		m->kind = 1 + rnd() % (VMAPCTL_KIND_MAX + 1);
		m->flags = rnd() % 3;
		if (m->kind == VMAPCTL_KIND_IOREMAP) {
			m->phys = rnd() % 2 ? 0xfec00000 : rnd() & 0xffffffffULL;
			m->size = 1 + rnd() % 65536;
		} else {
			m->pages = rnd() % 1100;
		}
		break;
	}
	case 0x02:
		((struct vmapctl_unmap *)arg)->id = rnd() % 80;
		((struct vmapctl_unmap *)arg)->reserved = rnd() % 4 == 0;
		break;
	case 0x03:
		((struct vmapctl_info *)arg)->id = rnd() % 80;
		((struct vmapctl_info *)arg)->flags = rnd() % 3;
		((struct vmapctl_info *)arg)->pages_ptr = some_pointer();
		break;
	case 0x04:
		((struct vmapctl_read *)arg)->id = rnd() % 80;
		((struct vmapctl_read *)arg)->offset = rnd() % 8192;
		((struct vmapctl_read *)arg)->len = rnd() % (2 << 20);
		((struct vmapctl_read *)arg)->buf_ptr = some_pointer();
		break;
	}
}

static int random_ioctls(long n, unsigned seed)
{
	static const unsigned sizes[] = {
		sizeof(struct vmapctl_map), sizeof(struct vmapctl_unmap), sizeof(struct vmapctl_info),
		sizeof(struct vmapctl_read), sizeof(struct vmapctl_layout), 1, 8, 200,
	};
	unsigned char arg[256];
	long i, ok = 0, bad = 0;
	int fd = dev_open();

	if (fd < 0)
		return -1;
	scratch = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	guard = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED || guard == MAP_FAILED)
		return -1;
	rnd_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < n; i++) {
		unsigned nr = rnd() % 4 ? 1 + rnd() % 5 : rnd() % 256;
		unsigned size = sizes[rnd() % 8], dir = rnd() % 4 ? _IOC_READ | _IOC_WRITE : (unsigned)(rnd() % 4);
		unsigned long cmd = _IOC(dir, VMAPCTL_IOC_MAGIC, nr, size);
		void *p = rnd() % 16 ? (void *)arg : rnd() % 2 ? NULL : (void *)guard;

		random_arg(nr, arg, sizeof(arg));
		if (ioctl(fd, cmd, p) == 0) {
			ok++;
		} else if (!documented(errno)) {
			fprintf(stderr, "stress: ioctl 0x%lx: undocumented errno %d (%s)\n", cmd, errno, strerror(errno));
			bad++;
		}
		if (i % 1000 == 999) {	/* KEEP mappings outlive the fd: clear them from time to time */
			struct vmapctl_info in = { .id = 1, .flags = VMAPCTL_INFO_NEXT };

			while (ioctl(fd, VMAPCTL_IOC_INFO, &in) == 0) {
				struct vmapctl_unmap u = { .id = in.id };

				ioctl(fd, VMAPCTL_IOC_UNMAP, &u);
				memset(&in, 0, sizeof(in));
				in.id = u.id + 1;
				in.flags = VMAPCTL_INFO_NEXT;
			}
		}
	}
	close(fd);
	printf("random: %ld ioctls (seed %u), %ld succeeded, %ld undocumented errnos\n", n, seed, ok, bad);
	return bad ? -1 : 0;
}

/* ---- loop while rmmod races --------------------------------------------------------- */

static int loop(int seconds)
{
	time_t end = time(NULL) + seconds;
	long calls = 0, gone = 0;

	while (time(NULL) < end) {
		int fd = open(VMAPCTL_DEMO_DEVICE, O_RDWR | O_CLOEXEC);
		struct vmapctl_layout l;
		struct vmapctl_map m = { .kind = VMAPCTL_KIND_VMALLOC, .pages = 1 };

		if (fd < 0) {
			if (errno != ENOENT && errno != ENXIO && errno != ENODEV) {
				fprintf(stderr, "stress: open after rmmod: %s\n", strerror(errno));
				return -1;
			}
			if (++gone > 100)
				break;		/* gone for good */
			usleep(10000);
			continue;
		}
		gone = 0;
		if (ioctl(fd, VMAPCTL_IOC_LAYOUT, &l) || (ioctl(fd, VMAPCTL_IOC_MAP, &m) && !documented(errno))) {
			fprintf(stderr, "stress: ioctl in the loop: %s\n", strerror(errno));
			close(fd);
			return -1;
		}
		calls += 2;
		close(fd);	/* the mapping dies with the fd */
	}
	printf("loop: %ld ioctls\n", calls);
	return 0;
}

/* ---- hold ---------------------------------------------------------------------------- */

static int hold(uint32_t kind, uint64_t pages, int seconds)
{
	struct vmapctl_map m = { .kind = kind, .pages = pages };
	int fd = dev_open();

	if (fd < 0)
		return -1;
	if (ioctl(fd, VMAPCTL_IOC_MAP, &m)) {
		printf("hold: MAP of %llu pages: %s\n", (unsigned long long)pages, strerrorname_np(errno));
		close(fd);
		return errno == EBUSY || errno == E2BIG ? 2 : -1;
	}
	printf("hold: %llu pages mapped\n", (unsigned long long)pages);
	fflush(stdout);
	sleep((unsigned)seconds);
	close(fd);
	return 0;
}

int main(int argc, char *argv[])
{
	int rc;

	kmap_local_ok = kernel_at_least(5, 11);
	if (argc >= 3 && !strcmp(argv[1], "cycles")) {
		rc = two_processes(atol(argv[2]), argc > 3 ? strtoull(argv[3], NULL, 0) : 0);
		if (!rc)
			printf("cycles: %ld MAP/INFO/READ/UNMAP cycles from 2 processes\n", atol(argv[2]));
	} else if (argc >= 3 && !strcmp(argv[1], "random")) {
		rc = random_ioctls(atol(argv[2]), argc > 3 ? (unsigned)atoi(argv[3]) : (unsigned)time(NULL));
	} else if (argc >= 3 && !strcmp(argv[1], "loop")) {
		rc = loop(atoi(argv[2]));
	} else if (argc >= 5 && !strcmp(argv[1], "hold")) {
		rc = hold((uint32_t)atoi(argv[2]), strtoull(argv[3], NULL, 0), atoi(argv[4]));
		return rc < 0 ? 1 : rc;
	} else {
		fprintf(stderr, "usage: stress cycles N [PHYS] | random N [SEED] | loop SECONDS | hold KIND PAGES SECONDS\n");
		return 64;
	}
	return rc ? 1 : 0;
}
