/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Totals by name (type, module, caller): string views indexed by hash. Pure. */
#ifndef VMAPCTL_LIB_GROUPS_H
#define VMAPCTL_LIB_GROUPS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/hindex.h"
#include "lib/text.h"

struct group {
	struct sv name;		/* a view: its text must outlive the map */
	int absent;		/* no name (an unknown module): shown as "-" / null */
	uint64_t regions, size, pages;
};

struct groups {
	struct group *v;	/* in the order first seen */
	size_t n, alloc;
	struct hindex ix;	/* v by name */
	/* names seen by their address: static names (types, "kernel") skip the hash */
	struct {
		const char *p;
		size_t n;
		uint32_t idx;
	} seen[16];
};

/* Add a region of size bytes and pages pages to the group name (name.p NULL: absent). 0, or -1 out of memory. */
int groups_add(struct groups *g, struct sv name, uint64_t size, uint64_t pages);
/* The same, giving the group's index in v (its place until groups_sort), or -1 out of memory. */
long groups_add_at(struct groups *g, struct sv name, uint64_t size, uint64_t pages);
/* Add every group of src to dst (in src's order): 0, or -1 out of memory. */
int groups_merge(struct groups *dst, const struct groups *src);
/* Biggest size first, then most regions, then by name. */
void groups_sort(struct groups *g);
void groups_free(struct groups *g);

#endif
