// SPDX-License-Identifier: GPL-2.0-or-later
/* The BPF JIT's budget: see jitbudget.h. */
#include "lib/jitbudget.h"

uint64_t jit_limit_units(uint64_t limit_bytes, struct jit_unit u)
{
	return u.bytes > 1 ? limit_bytes / u.bytes : limit_bytes;
}

uint64_t jit_refused_step(uint64_t charged, uint64_t charge, uint64_t limit)
{
	if (!charge)
		return 0;
	if (charged > limit)
		return 1;
	/* charged + s * charge > limit  <=>  s > (limit - charged) / charge */
	uint64_t q = (limit - charged) / charge;

	return q == UINT64_MAX ? q : q + 1;
}
