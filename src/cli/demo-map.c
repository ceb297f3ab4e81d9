// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl demo map, unmap and status: the scriptable side of the demo. */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/demo.h"
#include "kernel/kmodule.h"

int demo_status(const struct demo_args *a)
{
	struct outview mv, pv, *views[2] = { &mv, &pv };
	struct demo_mapping m;
	uint64_t id = 1;
	int loaded = demo_module_loaded(), fd, n = 0;

	if (loaded < 0)
		return EXIT_ERROR;
	if (!loaded) {
		if (a->out.json)
			printf("{\n   \"module\": null,\n   \"mappings\": [],\n   \"pages\": []\n}\n");
		else if (!out_is_machine(&a->out))
			printf("%s is not loaded\n", DEMO_MODULE);
		return EXIT_OK;
	}
	fd = demodev_open();
	if (fd < 0)
		return EXIT_ERROR;
	out_view(&mv, &a->out, DV_MAPPINGS);
	demo_pages_view_with_id(&pv, &a->out, DV_PAGES);
	out_title(&mv, DEMO_MODULE " is loaded; live mappings:");
	out_title(&pv, "Their pages:");
	while (demodev_info(fd, id, 1, &m) == 0) {
		demo_add_mapping(&mv, &m);
		demo_add_pages(&pv, &m);
		id = m.info.id + 1;	/* NEXT finds the first id >= id */
		demo_mapping_free(&m);
		n++;
	}
	close(fd);
	if (!n && !out_is_machine(&a->out)) {
		out_view_free(&mv);
		out_view_free(&pv);
		printf("%s is loaded; no live mappings\n", DEMO_MODULE);
		return EXIT_OK;
	}
	return out_print(views, 2) ? EXIT_ERROR : EXIT_OK;
}

int demo_map_one(int fd, const struct demo_args *a, int keep, struct vmapctl_map *mp)
{
	int rc;

	memset(mp, 0, sizeof(*mp));
	mp->kind = (uint32_t)a->kind;
	mp->flags = keep ? VMAPCTL_MAP_KEEP : 0;
	if (a->kind == VMAPCTL_KIND_IOREMAP) {
		mp->phys = a->phys;
		mp->size = a->size;
	} else {
		mp->pages = a->have_pages ? a->pages : 4;
	}
	rc = demodev_map(fd, mp);
	if (rc)
		warnx("%s: cannot map: %s", demo_kind_name((uint32_t)a->kind), demodev_map_error(-rc, mp->kind));
	return rc;
}

int demo_map(const struct demo_args *a)
{
	struct outview mv, pv, *views[2] = { &mv, &pv };
	struct vmapctl_map mp;
	struct demo_mapping m;
	int loaded_here, fd, rc;

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	fd = demodev_open();
	if (fd < 0)
		return EXIT_ERROR;
	if (demo_map_one(fd, a, 1, &mp)) {
		close(fd);
		return EXIT_ERROR;
	}
	if (!out_is_machine(&a->out)) {
		printf("%" PRIu64 "\n", (uint64_t)mp.id);
		close(fd);
		return EXIT_OK;
	}
	rc = demodev_info(fd, mp.id, 0, &m);
	close(fd);
	if (rc) {
		warnx("cannot describe mapping %" PRIu64 ": %s", (uint64_t)mp.id, strerror(-rc));
		return EXIT_ERROR;
	}
	out_view(&mv, &a->out, DV_MAPPINGS);
	out_view(&pv, &a->out, DV_PAGES);
	demo_add_mapping(&mv, &m);
	demo_add_pages(&pv, &m);
	demo_mapping_free(&m);
	return out_print(views, 2) ? EXIT_ERROR : EXIT_OK;
}

int demo_unmap(const struct demo_args *a)
{
	int loaded = demo_module_loaded(), fd, rc;

	if (loaded <= 0) {
		if (!loaded)
			warnx("%s is not loaded: no mapping %" PRIu64, DEMO_MODULE, a->id);
		return EXIT_ERROR;
	}
	fd = demodev_open();
	if (fd < 0)
		return EXIT_ERROR;
	rc = demodev_unmap(fd, a->id);
	close(fd);
	if (rc) {
		warnx("cannot unmap %" PRIu64 ": %s", a->id,
		      rc == -ENOENT ? "no such mapping (vmapctl demo status lists them)" : strerror(-rc));
		return EXIT_ERROR;
	}
	return EXIT_OK;
}
