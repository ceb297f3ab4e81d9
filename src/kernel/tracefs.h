/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmalloc tracepoints through tracefs alone: an instance of our own under
 * instances/ (the global buffer and other users' instances are not touched),
 * its events and stacktrace triggers, its trace_pipe; taken down whole at the
 * end, and any instance a killed vmapctl left behind taken down at the start.
 */
#ifndef VMAPCTL_KERNEL_TRACEFS_H
#define VMAPCTL_KERNEL_TRACEFS_H

#include <stddef.h>
#include <sys/types.h>

struct tracefs {
	char root[128];		/* the tracefs mount */
	char inst[192];		/* root/instances/vmapctl-PID */
	int made;		/* inst exists: tracefs_end removes it */
	int pipe;		/* its trace_pipe, or -1 */
};

/*
 * Set up and start: all three events with a stack for each allocation, or
 * failures only (alloc_vmap_area filtered on failed=1). 0, or -1 after one
 * line naming the cause (no tracefs, no such events, permission, lockdown);
 * nothing is left behind then.
 */
int tracefs_begin(struct tracefs *t, int failures_only);
/* Read what is there (up to n bytes), waiting up to timeout_ms: bytes, 0 for none yet, -1 on error. */
ssize_t tracefs_read(struct tracefs *t, char *buf, size_t n, int timeout_ms);
/* Stop recording; what was recorded can still be read (tracefs_read until 0). */
void tracefs_stop(struct tracefs *t);
/* Triggers off, the pipe closed, the instance removed. Safe to call twice. */
void tracefs_end(struct tracefs *t);

#endif
