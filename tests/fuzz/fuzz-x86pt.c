// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the x86 page-table walker over fake tables: the input
 * is an address to translate, the paging mode, and physical memory (the top
 * table at 0). Checks what a walk promises: levels walked, page sizes, offsets.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/x86pt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *p;
	size_t n;
};

static int rd(void *ctx, uint64_t phys, uint64_t *val)
{
	const struct mem *m = ctx;

	if (phys > m->n || m->n - phys < 8)
		return -1;
	memcpy(val, m->p + phys, 8);
	return 0;
}

static int rd_table(void *ctx, uint64_t phys, uint64_t table[512])
{
	const struct mem *m = ctx;

	if (phys > m->n || m->n - phys < 4096)
		return -1;
	memcpy(table, m->p + phys, 4096);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_walk w;
	struct mem m;
	uint64_t va;
	unsigned levels;
	char flags[96];
	int rc;

	if (size < 9)
		return 0;
	memcpy(&va, data, 8);
	levels = data[8] & 1 ? 5 : 4;
	m.p = data + 9;
	m.n = size - 9;
	rc = x86_walk(0, levels, va, rd, &m, &w);
	if (w.nlv > levels)
		abort();
	if (rc == 0) {
		if (w.page_size != 4096 && w.page_size != (1ULL << 21) && w.page_size != (1ULL << 30))
			abort();
		if ((w.phys & (w.page_size - 1)) != (va & (w.page_size - 1)))
			abort();	/* the offset inside the page is kept */
		(void)x86_cache_mode(&w);
	}
	x86_flags_text(w.flags, w.page_size > 4096, flags, sizeof(flags));
	{	/* the kept-tables walk agrees with the plain one, twice (the second from the cache) */
		static struct x86_tables cache;
		uint64_t phys;
		int k;

		memset(&cache, 0, sizeof(cache));
		for (k = 0; k < 2; k++) {
			int tr = x86_translate(&cache, 0, levels, va, rd_table, &m, &phys);

			if (tr == 0 && (rc != 0 || phys != w.phys))
				abort();
			if (tr == 1 && rc != 1)
				abort();
		}
	}
	return 0;
}
