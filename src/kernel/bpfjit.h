/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The BPF JIT's budget on the live kernel (lib/jitbudget.h): its counter,
 * bpf_jit_current, read through /proc/kcore at its kallsyms address (root);
 * net.core.bpf_jit_limit read and written; and classic BPF filters loaded as
 * unprivileged users load them (a socket filter, a seccomp filter), which the
 * JIT compiles and charges.
 */
#ifndef VMAPCTL_KERNEL_BPFJIT_H
#define VMAPCTL_KERNEL_BPFJIT_H

#include <stdint.h>

#include "kernel/kview.h"
#include "lib/jitbudget.h"

#define BPFJIT_LIMIT_FILE "/proc/sys/net/core/bpf_jit_limit"

struct bpfjit {
	struct kview kv;
	uint64_t counter;	/* bpf_jit_current's address */
	struct jit_unit unit;	/* what the counter counts */
};

/* Find the counter and its unit. Prints its errors (one line, the fix). */
int bpfjit_open(struct bpfjit *j);
void bpfjit_close(struct bpfjit *j);
/* The counter now, in its units: 0, or -1 after saying why. */
int bpfjit_charged(const struct bpfjit *j, uint64_t *units);

/*
 * The counter in bytes, through a view of the kernel already open (its kcore
 * and kallsyms): 0, or -1 where it cannot be told (no JIT, hidden addresses:
 * quietly; a failed read: said).
 */
int bpfjit_charged_in(const struct kview *kv, uint64_t *bytes);

/* net.core.bpf_jit_limit in bytes: 0, or -1 after saying why. */
int bpfjit_limit_get(uint64_t *limit);
/* Set it (CAP_SYS_ADMIN): 0, or -errno, quietly. */
int bpfjit_limit_set(uint64_t limit);

enum bpfjit_filter { BPFJIT_SOCKET, BPFJIT_SECCOMP };

/*
 * Load one classic filter of `insns` instructions that accepts everything:
 * attached to a new socket (SO_ATTACH_FILTER; its fd returned: closing it
 * releases the program), or stacked on this task's seccomp filters (0
 * returned: released when the task ends; sets no_new_privs). -errno when the
 * kernel refuses it (ENOTSUPP, 524: the JIT could not take it).
 */
int bpfjit_filter_load(enum bpfjit_filter kind, unsigned insns);

#endif
