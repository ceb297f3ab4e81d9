// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpfarena [PAGES]: create a BPF arena map (6.9+), whose kernel side is a
 * VM_SPARSE area: /proc/vmallocinfo shows it as "sparse", reserving 4 GiB
 * (and a guard) of the vmalloc space. Map it in this process and write the
 * first PAGES pages (default 2), so that those pages, and only those, get
 * memory behind them in the kernel's area too; print "ready <pages>" and
 * wait for a signal. Needs root (CAP_BPF) and a JIT that supports arenas.
 *
 * Exit status: 0 after a signal, 2 when the kernel has no arenas (EINVAL,
 * EOPNOTSUPP: before 6.9), 1 on any other failure.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* the arena map type and its limit, for headers older than 6.9 */
#define MAP_TYPE_ARENA 33
#define ARENA_PAGES 64

static void quit(int sig)
{
	(void)sig;
	_exit(0);
}

int main(int argc, char *argv[])
{
	long psz = sysconf(_SC_PAGESIZE), touch = argc > 1 ? atol(argv[1]) : 2, i;
	union bpf_attr a;
	char *p;
	int fd;

	if (touch < 0 || touch > ARENA_PAGES) {
		fprintf(stderr, "bpfarena: PAGES must be 0 .. %d\n", ARENA_PAGES);
		return 1;
	}
	memset(&a, 0, sizeof(a));
	a.map_type = MAP_TYPE_ARENA;
	a.max_entries = ARENA_PAGES;	/* pages the arena may hold */
	a.map_flags = BPF_F_MMAPABLE;
	fd = (int)syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	if (fd < 0) {
		int e = errno;

		fprintf(stderr, "bpfarena: bpf(BPF_MAP_CREATE, arena): %s\n", strerror(e));
		return e == EINVAL || e == EOPNOTSUPP ? 2 : 1;
	}
	p = mmap(NULL, (size_t)(ARENA_PAGES * psz), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("bpfarena: mmap");
		return 1;
	}
	for (i = 0; i < touch; i++)	/* a fault a page: the kernel allocates and maps it */
		p[i * psz] = 1;
	signal(SIGTERM, quit);
	signal(SIGINT, quit);
	printf("ready %ld\n", touch);
	fflush(stdout);
	for (;;)
		pause();
}
