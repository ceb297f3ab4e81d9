/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The client of the companion module's device (/dev/vmapctl_demo): one
 * function per ioctl of uapi/vmapctl_demo.h. Each returns 0 or -errno and
 * prints nothing, except demodev_open, which says why it failed.
 */
#ifndef VMAPCTL_KERNEL_DEMODEV_H
#define VMAPCTL_KERNEL_DEMODEV_H

#include <stdint.h>

#include "lib/demo.h"

/* A mapping as INFO describes it, with its pages (npages of them). */
struct demo_mapping {
	struct vmapctl_info info;
	struct vmapctl_page *pages;
};

int demodev_open(void);
int demodev_map(int fd, struct vmapctl_map *m);
int demodev_unmap(int fd, uint64_t id);
/* id, or with next the first live id >= id; fills m (free with demo_mapping_free) */
int demodev_info(int fd, uint64_t id, int next, struct demo_mapping *m);
void demo_mapping_free(struct demo_mapping *m);
int demodev_read(int fd, uint64_t id, uint64_t offset, void *buf, uint64_t len);
int demodev_layout(int fd, struct vmapctl_layout *l);
/* OVERASK of size bytes (0: the vmalloc area + a page): 0 when asked (o->result says how it went) */
int demodev_overask(int fd, struct vmapctl_overask *o, uint64_t size);

/* Why MAP of kind failed with errno e, for "KIND: cannot map: ...". */
const char *demodev_map_error(int e, uint32_t kind);

#endif
