/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names of the module's mapping kinds and areas (uapi/vmapctl_demo.h), written once. Pure. */
#ifndef VMAPCTL_LIB_DEMO_H
#define VMAPCTL_LIB_DEMO_H

#include <stdint.h>

#include "uapi/vmapctl_demo.h"

#define DEMO_MODULE "vmapctl_demo"

/* "vmalloc", ... ("?" for an unknown kind) */
const char *demo_kind_name(uint32_t kind);
/* the kind called name, or -1 */
int demo_kind_from_name(const char *name);
/* "vmalloc, vmap, vm_map_ram, kmap, kmap_local, ioremap" */
const char *demo_kind_list(void);
/* "vmalloc area", "direct map", ... */
const char *demo_where_name(uint32_t where);

/* The word at byte offset off of a mapping's pattern (not ioremap). */
static inline uint64_t demo_pattern_at(uint64_t id, uint64_t off)
{
	return vmapctl_pattern_word(id, off / 4096, (off % 4096) / 8);
}

#endif
