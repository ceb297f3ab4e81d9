// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "lib/common.h"
#include "lib/demo.h"

static const char *const kind_names[VMAPCTL_KIND_MAX + 1] = {
	[VMAPCTL_KIND_VMALLOC] = "vmalloc", [VMAPCTL_KIND_VMAP] = "vmap",
	[VMAPCTL_KIND_VM_MAP_RAM] = "vm_map_ram", [VMAPCTL_KIND_KMAP] = "kmap",
	[VMAPCTL_KIND_KMAP_LOCAL] = "kmap_local", [VMAPCTL_KIND_IOREMAP] = "ioremap",
};

static const char *const where_names[] = {
	[VMAPCTL_WHERE_UNKNOWN] = "unknown", [VMAPCTL_WHERE_VMALLOC] = "vmalloc area",
	[VMAPCTL_WHERE_DIRECT_MAP] = "direct map", [VMAPCTL_WHERE_PKMAP] = "pkmap window",
	[VMAPCTL_WHERE_FIXMAP] = "fixmap",
};

const char *demo_kind_name(uint32_t kind)
{
	return kind >= 1 && kind <= VMAPCTL_KIND_MAX ? kind_names[kind] : "?";
}

int demo_kind_from_name(const char *name)
{
	int k;

	for (k = 1; k <= VMAPCTL_KIND_MAX; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

const char *demo_kind_list(void)
{
	static char list[128];
	size_t o = 0;
	int k;

	if (!list[0])
		for (k = 1; k <= VMAPCTL_KIND_MAX; k++) {
			size_t n = strlen(kind_names[k]);

			if (o + n + 3 > sizeof(list))
				break;
			if (o) {
				memcpy(list + o, ", ", 2);
				o += 2;
			}
			memcpy(list + o, kind_names[k], n + 1);
			o += n;
		}
	return list;
}

const char *demo_where_name(uint32_t where)
{
	return where < ARRAY_SIZE(where_names) ? where_names[where] : "?";
}
