// SPDX-License-Identifier: GPL-2.0-or-later
/* Where module memory is allocated from: see execmem.h. */
#include <stddef.h>

#include "kernel/execmem.h"
#include "lib/area.h"
#include "lib/parse.h"

#define EXECMEM_SYMS 4	/* execmem_info's of one name looked at */

/* a start the kernel can have chosen: in the area's first 4 MiB, a whole page */
static int plausible(const struct kview *kv, uint64_t start)
{
	return start >= kv->modules_start && start - kv->modules_start <= X86_64_MODULES_KASLR_MAX && !(start & 0xfff);
}

/* 6.10+: the pointer of mm/execmem.c to the ranges in use, their first start */
static int from_execmem(const struct kview *kv, uint64_t *start)
{
	uint64_t at[EXECMEM_SYMS + 1];
	unsigned n = 0, i, j;
	struct ksym k;

	while (n < EXECMEM_SYMS && !kallsyms_find_nth(kv->kallsyms.p, kv->kallsyms.n, "execmem_info", n, &k) && k.addr)
		at[n++] = k.addr;
	if (!kallsyms_find(kv->kallsyms.p, kv->kallsyms.n, "default_execmem_info", &k) && k.addr)
		at[n++] = k.addr;
	for (i = 0; i < n; i++) {
		uint64_t p, v;

		if (kcore_read(&kv->kc, at[i], &p, sizeof(p)))
			continue;
		for (j = 0; j < n; j++)	/* a pointer to one of them: the one in use */
			if (j != i && p == at[j] && !kcore_read(&kv->kc, p, &v, sizeof(v)) && plausible(kv, v)) {
				*start = v;
				return 0;
			}
	}
	return -1;
}

int execmem_modules_start(const struct kview *kv, uint64_t *start)
{
	struct ksym k;
	uint64_t off;

	if (kv->modules_start != X86_64_MODULES_VADDR)
		return -1;	/* x86-64's: the only offset known here */
	if (!from_execmem(kv, start))
		return 0;
	/* before 6.10: 0 until the first module_alloc (or without KASLR): not told */
	if (kallsyms_find(kv->kallsyms.p, kv->kallsyms.n, "module_load_offset", &k) || !k.addr ||
	    kcore_read(&kv->kc, k.addr, &off, sizeof(off)) || !off || !plausible(kv, kv->modules_start + off))
		return -1;
	*start = kv->modules_start + off;
	return 0;
}
