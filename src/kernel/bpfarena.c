// SPDX-License-Identifier: GPL-2.0-or-later
/* BPF arena maps: see bpfarena.h. */
#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/bpfarena.h"

/* the arena map type, for headers older than 6.9 */
#define MAP_TYPE_ARENA 33

int bpfarena_create(void)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.map_type = MAP_TYPE_ARENA;
	a.max_entries = 1;		/* pages it may hold: its address space is 4 GiB whatever this is */
	a.map_flags = BPF_F_MMAPABLE;	/* an arena must be */
	fd = (int)syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a));
	return fd < 0 ? -errno : fd;
}
