// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl demo exhaust: fill the vmalloc area with vmalloc mappings (KEEP),
 * predicting before each one from the largest hole whether it fits; then
 * release them all.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/demo.h"
#include "kernel/kmodule.h"
#include "kernel/space-load.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"

enum { EXHAUST_COL_STEP, EXHAUST_COL_HOLE, EXHAUST_COL_NEEDED, EXHAUST_COL_PREDICTED, EXHAUST_COL_RESULT };

static const struct colinfo ex_cols[] = {
	[EXHAUST_COL_STEP]      = { "STEP", 4, SCOLS_FL_RIGHT, "allocation number", CK_NUM },
	[EXHAUST_COL_HOLE]      = { "LARGEST-HOLE", 8, SCOLS_FL_RIGHT, "largest free hole of the vmalloc area before it", CK_SIZE },
	[EXHAUST_COL_NEEDED]    = { "NEEDED", 8, SCOLS_FL_RIGHT, "size + guard page", CK_SIZE },
	[EXHAUST_COL_PREDICTED] = { "PREDICTED", 9, 0, "fits or fails, from the hole", CK_STR },
	[EXHAUST_COL_RESULT]    = { "RESULT", 8, 0, "what the kernel did", CK_STR },
};
static const int ex_defaults[] = { EXHAUST_COL_STEP, EXHAUST_COL_HOLE, EXHAUST_COL_NEEDED, EXHAUST_COL_PREDICTED, EXHAUST_COL_RESULT };

const struct viewdesc demo_exhaust_view = VIEWDESC("exhaust", "Filling the vmalloc area with vmalloc mappings (KEEP):",
						   ex_cols, ex_defaults);

/*
 * The largest hole of [lo, hi) as the allocator will see it: lazily freed
 * ("unpurged") areas are purged and retried before a vmalloc fails, so they
 * count as free. 0, -1 unreadable, -2 addresses hidden.
 */
static int largest_hole(uint64_t lo, uint64_t hi, uint64_t *largest)
{
	struct space_files sf;
	struct area_use u;
	int rc = -1;

	if (space_load(&sf, NULL, NEED_HIDDEN_TOLD, 0) == 0) {
		rc = -2;
		if (sf.vs.mode == ADDR_REAL) {
			if (vmspace_area_use(&sf.vs, lo, hi, 1, &u))
				err(EXIT_ERROR, "out of memory");
			*largest = u.largest_hole;
			rc = 0;
		}
	}
	space_unload(&sf);
	return rc;
}

struct run {
	uint64_t ids[VMAPCTL_DEMO_MAX_MAPPINGS];
	unsigned n, mismatches;
	uint64_t failed_at;
};

/* Map until the kernel refuses, a row per step. */
static void fill(int fd, const struct vmapctl_layout *l, uint64_t pages, uint64_t hole,
		 struct outview *v, struct run *run)
{
	uint64_t needed = (pages + 1) * PAGE_SIZE, step;

	for (step = 1; run->n < VMAPCTL_DEMO_MAX_MAPPINGS; step++) {
		struct vmapctl_map mp = { .kind = VMAPCTL_KIND_VMALLOC, .flags = VMAPCTL_MAP_KEEP, .pages = pages };
		struct libscols_line *ln;
		int fits = hole >= needed, rc = demodev_map(fd, &mp);

		if (rc && rc != -ENOMEM) {
			warnx("vmalloc of %" PRIu64 " pages: %s", pages, demodev_map_error(-rc, VMAPCTL_KIND_VMALLOC));
			break;
		}
		ln = out_line(v);
		out_num(v, ln, EXHAUST_COL_STEP, step);
		out_size(v, ln, EXHAUST_COL_HOLE, hole);
		out_size(v, ln, EXHAUST_COL_NEEDED, needed);
		out_str(v, ln, EXHAUST_COL_PREDICTED, fits ? "fits" : "fails");
		out_str(v, ln, EXHAUST_COL_RESULT, rc ? "ENOMEM" : "mapped");
		run->mismatches += fits != !rc;
		if (rc) {
			run->failed_at = step;
			break;
		}
		run->ids[run->n++] = mp.id;
		if (largest_hole(l->vmalloc_start, l->vmalloc_end, &hole))
			break;
	}
}

/* 0, or -1 after saying why the area cannot be filled here */
static int can_fill(int fd, struct vmapctl_layout *l, uint64_t pages, uint64_t *hole)
{
	uint64_t needed = (pages + 1) * PAGE_SIZE;
	int rc = demodev_layout(fd, l);

	if (rc) {
		warnx("%s: LAYOUT: %s", VMAPCTL_DEMO_DEVICE, strerror(-rc));
		return -1;
	}
	if ((l->vmalloc_end - l->vmalloc_start) / needed > VMAPCTL_DEMO_MAX_MAPPINGS - 1) {
		warnx("the vmalloc area is %" PRIu64 " MiB: %u mappings of %" PRIu64 " pages cannot fill it (a 32-bit kernel can be filled)",
		      (uint64_t)(l->vmalloc_end - l->vmalloc_start) >> 20, VMAPCTL_DEMO_MAX_MAPPINGS, pages);
		return -1;
	}
	rc = largest_hole(l->vmalloc_start, l->vmalloc_end, hole);
	if (rc == -2)
		warnx("/proc/vmallocinfo: %s; %s", hint_hidden(ADDR_HASHED), sysfile_kptr_hint(NULL));
	return rc ? -1 : 0;
}

int demo_exhaust(const struct demo_args *a)
{
	struct vmapctl_layout l;
	struct outview v, *views[1] = { &v };
	struct outopts exo = a->out;
	struct run run = { .n = 0 };
	uint64_t pages = a->have_pages ? a->pages : VMAPCTL_DEMO_MAX_PAGES, hole = 0;
	int loaded_here, fd, rc;

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	fd = demodev_open();
	if (fd < 0 || can_fill(fd, &l, pages, &hole)) {
		if (fd >= 0)
			close(fd);
		return demo_unload_if(loaded_here, EXIT_ERROR);
	}
	exo.bytes = 1;		/* "4M" against "4M" would hide the guard page that decides */
	out_view(&v, &exo, 0);
	fill(fd, &l, pages, hole, &v, &run);
	rc = out_print(views, 1);
	while (run.n > 0) {
		int urc = demodev_unmap(fd, run.ids[--run.n]);

		if (urc)
			warnx("unmap %" PRIu64 ": %s", run.ids[run.n], strerror(-urc));
	}
	close(fd);
	if (!out_is_machine(&a->out)) {
		if (run.failed_at)
			printf("\nThe kernel refused allocation %" PRIu64 " (dmesg: \"vmap allocation for size %" PRIu64 " failed\"); "
			       "vmapctl predicted it from the largest hole: %s.\nAll %" PRIu64 " mappings released.\n",
			       run.failed_at, (pages + 1) * PAGE_SIZE, run.mismatches ? "MISMATCH" : "every step as predicted",
			       run.failed_at - 1);
		else
			printf("\nThe area was not exhausted.\n");
	}
	rc = rc || run.mismatches || !run.failed_at ? EXIT_ERROR : EXIT_OK;
	return demo_unload_if(loaded_here, rc);
}

/* ---- overask: one allocation bigger than the area ---------------------------- */

enum { OUTCOME_COL_ASKED, OUTCOME_COL_AREA, OUTCOME_COL_PHYS, OUTCOME_COL_RESULT };

static const struct colinfo oa_cols[] = {
	[OUTCOME_COL_ASKED]  = { "ASKED", 8, SCOLS_FL_RIGHT, "address space asked for (ioremap of a range with no RAM and no device)", CK_SIZE },
	[OUTCOME_COL_AREA]   = { "AREA", 8, SCOLS_FL_RIGHT, "the whole vmalloc area: VMALLOC_END - VMALLOC_START", CK_SIZE },
	[OUTCOME_COL_PHYS]   = { "PHYS", 18, SCOLS_FL_RIGHT, "the physical address asked for", CK_ADDR },
	[OUTCOME_COL_RESULT] = { "RESULT", 8, 0, "what the kernel did: ENOMEM (failed) or granted (and undone)", CK_STR },
};
static const int oa_defaults[] = { OUTCOME_COL_ASKED, OUTCOME_COL_AREA, OUTCOME_COL_PHYS, OUTCOME_COL_RESULT };

const struct viewdesc demo_overask_view = VIEWDESC1("overask", "One allocation bigger than the vmalloc area:", oa_cols, oa_defaults);

int demo_overask(const struct demo_args *a)
{
	struct vmapctl_overask o;
	struct outview v, *views[1] = { &v };
	struct libscols_line *ln;
	int loaded_here, fd, rc;

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	fd = demodev_open();
	if (fd < 0)
		return demo_unload_if(loaded_here, EXIT_ERROR);
	rc = demodev_overask(fd, &o, a->have_size ? a->size : 0);
	close(fd);
	if (rc) {
		warnx("%s: OVERASK: %s", VMAPCTL_DEMO_DEVICE,
		      rc == -ENOTTY ? "the loaded module is older than this vmapctl (reload it)" : strerror(-rc));
		return demo_unload_if(loaded_here, EXIT_ERROR);
	}
	if (o.result && o.result != -ENOMEM) {
		warnx("overask of %" PRIu64 " bytes: %s", (uint64_t)o.size,
		      o.result == -EBUSY ? "RAM or a device lies in the physical range it would use" : strerror(-o.result));
		return demo_unload_if(loaded_here, EXIT_ERROR);
	}
	out_view(&v, &a->out, 0);
	v.addr_digits = 16;
	ln = out_line(&v);
	out_size(&v, ln, OUTCOME_COL_ASKED, o.size);
	out_size(&v, ln, OUTCOME_COL_AREA, o.area);
	out_addr(&v, ln, OUTCOME_COL_PHYS, o.phys, 1);
	out_str(&v, ln, OUTCOME_COL_RESULT, o.result ? "ENOMEM" : "granted");
	rc = out_print(views, 1);
	if (!out_is_machine(&a->out)) {
		if (o.result)
			printf("\nThe kernel refused it and logged so (rate-limited): \"vmap allocation for size %" PRIu64
			       " failed\" (6.1), \"vmalloc_node_range for size %" PRIu64 " failed\" (6.12), the size with its "
			       "guard page. 'vmapctl trace --failures' running meanwhile shows the stack.\n",
			       (uint64_t)o.size + PAGE_SIZE, (uint64_t)o.size + PAGE_SIZE);
		else
			printf("\nThe kernel granted it (the area had room): it was undone at once.\n");
	}
	return demo_unload_if(loaded_here, rc ? EXIT_ERROR : EXIT_OK);
}
