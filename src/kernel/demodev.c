// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernel/demodev.h"
#include "lib/common.h"
#include "lib/hints.h"

int demodev_open(void)
{
	int fd = open(VMAPCTL_DEMO_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		warnx("%s: %s", VMAPCTL_DEMO_DEVICE, hint_errno(VMAPCTL_DEMO_DEVICE, errno, 0));
	return fd;
}

static int ioc(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

int demodev_map(int fd, struct vmapctl_map *m)
{
	return ioc(fd, VMAPCTL_IOC_MAP, m);
}

int demodev_unmap(int fd, uint64_t id)
{
	struct vmapctl_unmap u = { .id = id };

	return ioc(fd, VMAPCTL_IOC_UNMAP, &u);
}

int demodev_info(int fd, uint64_t id, int next, struct demo_mapping *m)
{
	uint64_t npages;
	int rc;

	memset(m, 0, sizeof(*m));
	m->info.id = id;
	m->info.flags = next ? VMAPCTL_INFO_NEXT : 0;
	rc = ioc(fd, VMAPCTL_IOC_INFO, &m->info);	/* the id and its page count */
	if (rc)
		return rc;
	npages = m->info.npages < VMAPCTL_DEMO_MAX_PAGES ? m->info.npages : VMAPCTL_DEMO_MAX_PAGES;
	m->pages = calloc(npages ? npages : 1, sizeof(*m->pages));
	if (!m->pages)
		err(EXIT_ERROR, "out of memory");
	id = m->info.id;
	memset(&m->info, 0, sizeof(m->info));
	m->info.id = id;
	m->info.pages_cap = (uint32_t)npages;	/* room for exactly the pages counted */
	m->info.pages_ptr = (uintptr_t)m->pages;
	rc = ioc(fd, VMAPCTL_IOC_INFO, &m->info);
	if (rc)
		demo_mapping_free(m);
	return rc;
}

void demo_mapping_free(struct demo_mapping *m)
{
	free(m->pages);
	m->pages = NULL;
}

int demodev_read(int fd, uint64_t id, uint64_t offset, void *buf, uint64_t len)
{
	struct vmapctl_read r = { .id = id, .offset = offset, .len = len, .buf_ptr = (uintptr_t)buf };

	return ioc(fd, VMAPCTL_IOC_READ, &r);
}

int demodev_layout(int fd, struct vmapctl_layout *l)
{
	memset(l, 0, sizeof(*l));
	return ioc(fd, VMAPCTL_IOC_LAYOUT, l);
}

int demodev_overask(int fd, struct vmapctl_overask *o, uint64_t size)
{
	memset(o, 0, sizeof(*o));
	o->size = size;
	return ioc(fd, VMAPCTL_IOC_OVERASK, o);
}

const char *demodev_map_error(int e, uint32_t kind)
{
	switch (e) {
	case E2BIG:
		return kind == VMAPCTL_KIND_KMAP ?
			"too many pages for kmap on this kernel: each takes a slot of the pkmap window, and the demo "
			"may hold 7/8 of them (vmapctl demo bounds shows the window)" :
			"too many pages (at most 1024)";
	case EBUSY:
		return kind == VMAPCTL_KIND_KMAP ?
			"other kmap mappings hold the pkmap slots the demo may use (vmapctl demo status lists them)" :
			"a driver holds this range (busy in /proc/iomem): /dev/mem refuses it too";
	case ENOSPC:
		return "too many live mappings (at most 64): unmap some (vmapctl demo status)";
	case EPERM:
		return "refused: the range is System RAM, which ioremap must not map";
	case EINVAL:
		return "invalid request (for ioremap: the range is not an I/O resource of /proc/iomem)";
	case EOPNOTSUPP:
		return kind == VMAPCTL_KIND_KMAP_LOCAL ?
			"kmap_local_page() came in Linux 5.11: this kernel has kmap_atomic() only" :
			"not supported by this kernel";
	default:
		return strerror(e);
	}
}
