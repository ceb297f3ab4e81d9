// SPDX-License-Identifier: GPL-2.0-or-later
#include "lib/area.h"

enum area_why area_bounds(const struct area_facts *f, int modules, uint64_t *lo, uint64_t *hi)
{
	if (f->kernel) {
		*lo = modules ? f->mstart : f->vstart;
		*hi = modules ? f->mend : f->vend;
		return *hi > *lo ? AREA_OK : AREA_EMPTY;
	}
	if (modules) {
		if (f->addr_digits == 8)
			return AREA_MODULES_32BIT;
		*lo = X86_64_MODULES_VADDR;
		*hi = X86_64_MODULES_END;
		return AREA_OK;
	}
	if (f->lowest == UINT64_MAX || !f->have_total)
		return AREA_UNKNOWN;
	*lo = f->lowest;
	/* VmallocTotal from the lowest region, to the top of the space at most */
	*hi = f->lowest + f->total < f->lowest ? UINT64_MAX : f->lowest + f->total;
	return AREA_OK;
}
