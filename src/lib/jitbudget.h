/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The BPF JIT's budget (kernel/bpf/core.c): every JIT-compiled image is
 * charged to one counter, bpf_jit_current, and an unprivileged load whose
 * charge would take it past net.core.bpf_jit_limit is refused (the JIT fails;
 * with BPF_JIT_ALWAYS_ON the load gets ENOTSUPP, errno 524). Root (CAP_BPF or
 * CAP_SYS_ADMIN) is charged too but never refused for it.
 *
 * The counter counts bytes since 5.18 (bpf_jit_binary_pack_alloc came with
 * "use bytes instead of pages for bpf_jit_charge_modmem"); before, it counted
 * pages and was held against bpf_jit_limit >> PAGE_SHIFT.
 */
#ifndef VMAPCTL_LIB_JITBUDGET_H
#define VMAPCTL_LIB_JITBUDGET_H

#include <stdint.h>

struct jit_unit {
	uint64_t bytes;		/* bytes a unit of the counter stands for: 1, or the page size */
};

/* The limit as the kernel holds the counter against it, in counter units. */
uint64_t jit_limit_units(uint64_t limit_bytes, struct jit_unit u);

/*
 * The first of a run of loads, each charging `charge` units, that the kernel
 * refuses an unprivileged user: the least s >= 1 with charged + s * charge >
 * limit (all in counter units), saturating; 0 when charge is 0 (never).
 */
uint64_t jit_refused_step(uint64_t charged, uint64_t charge, uint64_t limit);

#endif
