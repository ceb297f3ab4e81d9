/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmalloc tracepoints (6.2+) as tracefs prints them, with the kernel
 * stacks a `stacktrace` trigger adds after each event, tallied: who allocated
 * and freed how much, the purges, and every failed allocation with its stack.
 * Pure: lines of text in, totals out.
 *
 *   comm-pid [cpu] flags ts: alloc_vmap_area: va_start: N size=N align=N vstart=0x.. vend=0x.. failed=0|1
 *   comm-pid [cpu] flags ts: free_vmap_area_noflush: va_start=0x.. nr_lazy=N nr_lazy_max=N
 *   comm-pid [cpu] flags ts: purge_vmap_area_lazy: start=0x.. end=0x.. num_purged=N
 *   comm-pid [cpu] flags ts: <stack trace>
 *    => function [module]
 *   CPU:N [LOST M EVENTS]
 *
 * A stack belongs to the event before it on the same CPU.
 */
#ifndef VMAPCTL_LIB_VTRACE_H
#define VMAPCTL_LIB_VTRACE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/hindex.h"
#include "lib/text.h"

enum vt_kind { VT_NONE, VT_ALLOC, VT_FREE, VT_PURGE, VT_STACK, VT_FRAME, VT_LOST, VT_BAD };

struct vt_line {
	enum vt_kind kind;
	struct sv comm, ts;
	int pid, cpu;
	uint64_t addr, size, align, vstart, vend;	/* alloc (addr: free's va_start too) */
	int failed;
	uint64_t start, end, npurged, lost;
	struct sv frame, frame_module;			/* a stack frame */
};

/* One line (without its newline): its kind (VT_NONE: a comment, a blank or another event). */
enum vt_kind vt_parse_line(struct sv line, struct vt_line *l);

/* A caller's allocations and frees. */
struct vt_caller {
	char *func, *module;	/* module NULL: the core kernel */
	uint64_t allocs, alloc_bytes, frees, free_bytes;
};

struct vt_failure {
	char *comm, *ts;
	int pid;
	uint64_t size, align, vstart, vend;
	unsigned attempts;	/* the kernel tries again after a purge: one failure, several events */
	size_t caller;		/* index in callers */
	char *stack;		/* "f1 < f2 [mod] < ..." from the allocator to the syscall */
};

struct vt_alloc {
	uint64_t addr, size;
	size_t caller;		/* SIZE_MAX: not known (yet) */
	uint64_t seq;		/* the event that made it (0: seeded) */
	int used;		/* 1 live, 0 freed (its place on the freed list) */
};

struct vtrace {
	struct vt_caller *callers;
	size_t ncallers, calloc_;
	struct hindex cix;	/* callers by (func, module) */
	struct vt_failure *fail;
	size_t nfail, falloc;
	/* the live allocations, and the places of freed ones to take again */
	struct vt_alloc *live;
	size_t nlive, lalloc;	/* nlive: the places used, live or freed */
	struct hindex lix;	/* the live ones by address */
	size_t *freed;
	size_t nfreed, freed_alloc;
	/* per CPU: what a stack that follows belongs to */
	struct vt_pending {
		int kind;		/* VT_ALLOC, VT_FREE, VT_NONE */
		size_t alloc;		/* the index in live (alloc) */
		uint64_t alloc_seq;	/* its seq: the stack is its while it has that */
		size_t fail;		/* failure index + 1, or 0 */
		int in_stack, picked, in_allocator;
		int passed;		/* the last allocator frame passes its caller's return address (1), that caller seen (2) */
		char *stack;
		size_t stack_len;
	} *cpu;
	size_t ncpu;
	uint64_t allocs, alloc_bytes, frees, free_bytes, unknown_frees;
	uint64_t purges, purged, lost, events, bad;
	/*
	 * The module of a frame printed without one (tracefs prints the bare
	 * function name): a view that outlives t, p NULL for the core kernel.
	 * NULL: every such frame is the core kernel's.
	 */
	struct sv (*module_of)(void *ctx, struct sv func);
	void *module_ctx;
};

/* What was there before the trace began: frees of it are told by size and caller. -1 out of memory. */
int vtrace_seed(struct vtrace *t, uint64_t addr, uint64_t size, struct sv func, struct sv module);
/* Take one line: 0, or -1 when out of memory. */
int vtrace_line(struct vtrace *t, struct sv line);
/*
 * The address space the trace's frees gave back: 0 and *bytes, or -1 when
 * frees were seen and none of them could be sized (areas neither seen made
 * nor in /proc/vmallocinfo at the start, hashed addresses there): unknown,
 * not zero. With some sized, *bytes is theirs (unknown_frees says how many not).
 */
int vtrace_free_bytes(const struct vtrace *t, uint64_t *bytes);
/* Ends the stacks still open. */
void vtrace_finish(struct vtrace *t);
/*
 * A frame of the allocator or its wrappers (the tracing machinery's frames come
 * before them and are skipped). The caller named is the one the kernel records
 * (vmallocinfo's): the first frame past them, or, where the last of them takes
 * its caller as an argument (vt_frame_passes_caller: __vmalloc_node_range,
 * get_vm_area_caller), the frame above the code that called it.
 */
int vt_frame_is_allocator(struct sv func);
int vt_frame_passes_caller(struct sv func);
void vtrace_free(struct vtrace *t);

#endif
