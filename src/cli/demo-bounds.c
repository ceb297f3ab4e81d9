// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl demo bounds: the kernel's own bounds of the areas, from the module. */
#include <err.h>
#include <string.h>
#include <unistd.h>

#include "cli/demo.h"
#include "kernel/kmodule.h"

enum { BOUND_COL_AREA, BOUND_COL_START, BOUND_COL_END, BOUND_COL_SIZE };

static const struct colinfo bound_cols[] = {
	[BOUND_COL_AREA]  = { "AREA", 12, 0, "direct map (lowmem), vmalloc, pkmap, fixmap", CK_STR },
	[BOUND_COL_START] = { "START", 18, SCOLS_FL_RIGHT, "first address", CK_ADDR },
	[BOUND_COL_END]   = { "END", 18, SCOLS_FL_RIGHT, "end, exclusive", CK_ADDR },
	[BOUND_COL_SIZE]  = { "SIZE", 6, SCOLS_FL_RIGHT, "size", CK_SIZE },
};
static const int bound_defaults[] = { BOUND_COL_AREA, BOUND_COL_START, BOUND_COL_END, BOUND_COL_SIZE };

const struct viewdesc demo_bounds_view = VIEWDESC("bounds", NULL, bound_cols, bound_defaults);

static void bound_row(struct outview *v, const char *name, uint64_t start, uint64_t end)
{
	struct libscols_line *ln = out_line(v);

	out_str(v, ln, BOUND_COL_AREA, name);
	out_addr(v, ln, BOUND_COL_START, start, 1);
	out_addr(v, ln, BOUND_COL_END, end, 1);
	out_size(v, ln, BOUND_COL_SIZE, end - start);
}

int demo_bounds(const struct demo_args *a)
{
	struct vmapctl_layout l;
	struct outview v, *views[1] = { &v };
	int loaded_here, fd, rc;

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	fd = demodev_open();
	rc = fd < 0 ? -1 : demodev_layout(fd, &l);
	if (fd >= 0)
		close(fd);
	if (rc) {
		if (fd >= 0)
			warnx("%s: LAYOUT: %s", VMAPCTL_DEMO_DEVICE, strerror(-rc));
		return demo_unload_if(loaded_here, EXIT_ERROR);
	}
	out_view(&v, &a->out, 0);
	v.addr_digits = demo_addr_digits();
	out_title(&v, l.highmem ? "The kernel's bounds (CONFIG_HIGHMEM):" : "The kernel's bounds:");
	bound_row(&v, "direct map", l.page_offset, l.high_memory);
	bound_row(&v, "vmalloc", l.vmalloc_start, l.vmalloc_end);
	if (l.highmem)
		bound_row(&v, "pkmap", l.pkmap_base, l.pkmap_end);
	if (l.fixaddr_start)
		bound_row(&v, "fixmap", l.fixaddr_start, l.fixaddr_top);
	rc = out_print(views, 1) ? EXIT_ERROR : EXIT_OK;
	return demo_unload_if(loaded_here, rc);
}
