// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The story of one mapping: load the module, map, show the pages and the new
 * line of /proc/vmallocinfo, read the pattern back, unmap, show the line gone.
 * On a terminal it is told in lines; with -J, -r or -P it is a table of steps
 * (and the tables of pages and regions) and nothing else.
 */
#include <err.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/demo.h"
#include "cli/regions-view.h"
#include "kernel/kmodule.h"
#include "kernel/space-load.h"
#include "lib/hexdump.h"

struct story {
	const struct demo_args *a;
	int machine;			/* -J, -r, -P: tables only */
	struct outview steps;
	struct outview *later[2];	/* machine: tables printed at the end */
	size_t nlater;
	struct outview pages, region;
	int fd;
	struct vmapctl_map mp;
	struct demo_mapping m;
};

static void say(struct story *s, const char *step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct story *s, const char *step, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		err(EXIT_ERROR, "out of memory");
	va_end(ap);
	if (s->machine) {
		struct libscols_line *ln = out_line(&s->steps);

		out_str(&s->steps, ln, 0, step);
		out_str(&s->steps, ln, 1, text);
	} else {
		printf("%-7s %s\n", step, text);
	}
	free(text);
}

/* a table: now on a terminal, at the end for a program */
static void show(struct story *s, struct outview *v)
{
	if (s->machine) {
		s->later[s->nlater++] = v;
	} else {
		struct outview *views[1] = { v };

		fflush(stdout);
		out_print(views, 1);
	}
}

/* Where the pkmap window or the fixmap lie, from the module: the real bounds. */
static void say_bounds(struct story *s, uint32_t where)
{
	struct vmapctl_layout l;
	int d = (int)demo_addr_digits();
	uint64_t b, e;

	if ((where != VMAPCTL_WHERE_PKMAP && where != VMAPCTL_WHERE_FIXMAP) || demodev_layout(s->fd, &l))
		return;
	b = where == VMAPCTL_WHERE_PKMAP ? l.pkmap_base : l.fixaddr_start;
	e = where == VMAPCTL_WHERE_PKMAP ? l.pkmap_end : l.fixaddr_top;
	say(s, "bounds", "the %s is 0x%0*" PRIx64 "-0x%0*" PRIx64 "; the direct map (lowmem) ends at high_memory 0x%0*" PRIx64
	    "; vmalloc is 0x%0*" PRIx64 "-0x%0*" PRIx64, demo_where_name(where), d, b, d, e, d, (uint64_t)l.high_memory,
	    d, (uint64_t)l.vmalloc_start, d, (uint64_t)l.vmalloc_end);
}

/* What the pages say about the kind of mapping. */
static void say_pages(struct story *s)
{
	const struct vmapctl_info *i = &s->m.info;
	const char *kn = demo_kind_name(i->kind);
	uint64_t p, runs = 1;

	for (p = 1; p < i->npages; p++)
		if (s->m.pages[p].pfn != s->m.pages[p - 1].pfn + 1)
			runs++;
	switch (i->kind) {
	case VMAPCTL_KIND_KMAP:
		if (i->where == VMAPCTL_WHERE_DIRECT_MAP)
			say(s, "pages", "kmap() returned each page's direct-map address (page_address): this kernel maps all of RAM already, so kmap creates no mapping and no vmallocinfo line");
		else
			say(s, "pages", "%skmap() mapped each page in the %s: a slot of its own, until kunmap()",
			    (i->state & VMAPCTL_STATE_HIGHMEM) ? "the pages are in high memory, with no direct-map address: " : "",
			    demo_where_name(i->where));
		say_bounds(s, i->where);
		break;
	case VMAPCTL_KIND_KMAP_LOCAL:
		say(s, "pages", "kmap_local_page() gave %s addresses; CPU-local mappings, so the module mapped, checked and unmapped each page inside the one call%s",
		    demo_where_name(i->where),
		    i->where == VMAPCTL_WHERE_FIXMAP ? " (one after the other, so they could reuse the same slot)" : "");
		say_bounds(s, i->where);
		break;
	case VMAPCTL_KIND_IOREMAP:
		say(s, "pages", "ioremap() maps physical 0x%" PRIx64 "-0x%" PRIx64 " (device memory, uncached), no struct page behind it",
		    (uint64_t)s->a->phys, (uint64_t)(s->a->phys + s->a->size - 1));
		break;
	default:
		say(s, "pages", "%s: %" PRIu64 " physical run(s); %s maps pages that need not be contiguous at consecutive virtual addresses",
		    runs == 1 ? "physically contiguous" : "NOT physically contiguous", runs, kn);
	}
}

/* The mapping's line in /proc/vmallocinfo, in vmapctl list's columns. */
static void say_line(struct story *s)
{
	const struct vmapctl_info *i = &s->m.info;
	struct space_files sf;
	const struct region *r;
	struct outopts lo = s->a->out;

	if (i->where != VMAPCTL_WHERE_VMALLOC) {
		say(s, "vmallocinfo", "no line: the address is not in the vmalloc area");
		return;
	}
	if (space_load(&sf, NULL, NEED_MODULES | NEED_IOMEM | NEED_HIDDEN_TOLD, 0)) {
		space_unload(&sf);
		return;
	}
	if (sf.vs.mode != ADDR_REAL) {
		say(s, "vmallocinfo", "cannot find the line by address: the kernel hides the addresses (sysctl kernel.kptr_restrict=1)");
	} else if ((r = vmspace_region_at(&sf.vs, i->addr)) != NULL) {
		say(s, "vmallocinfo", "the new line:");
		lo.columns = r->e->has_phys ? "START,END,SIZE,TYPE,CALLER,MODULE,PHYS,RESOURCE"
					    : "START,END,SIZE,TYPE,PAGES,CALLER,MODULE";
		lo.views = &regions_view;
		out_view(&s->region, &lo, 0);
		regions_row(&s->region, r, &sf.vs, NULL);
		s->region.o = &s->a->out;	/* lo lives on this stack only */
		show(s, &s->region);
		if (i->kind == VMAPCTL_KIND_VM_MAP_RAM && r->e->size > i->size + PAGE_SIZE)
			say(s, "vmallocinfo", "a small vm_map_ram() takes part of a per-CPU vmap block: the line is the whole %" PRIu64 "-byte block, with no caller",
			    (uint64_t)r->e->size);
	} else {
		say(s, "vmallocinfo", "no line holds 0x%" PRIx64, (uint64_t)i->addr);
	}
	space_unload(&sf);
}

/* The pattern, read back through the mapping: 0 same, 1 a mismatch at *bad, -1 error */
static int read_back(struct story *s, uint64_t *bad)
{
	const uint64_t chunk = 1 << 20;
	const struct vmapctl_info *i = &s->m.info;
	uint64_t off, w, *buf = malloc(chunk);

	if (!buf)
		err(EXIT_ERROR, "out of memory");
	for (off = 0; off < i->size; off += chunk) {
		uint64_t len = i->size - off < chunk ? i->size - off : chunk;
		int rc = demodev_read(s->fd, i->id, off, buf, len);

		if (rc) {
			warnx("reading mapping %" PRIu64 ": %s", (uint64_t)i->id, strerror(-rc));
			free(buf);
			return -1;
		}
		for (w = 0; w < len / 8; w++)
			if (buf[w] != demo_pattern_at(i->id, off + w * 8)) {
				*bad = off + w * 8;
				free(buf);
				return 1;
			}
	}
	free(buf);
	return 0;
}

static void say_read_io(struct story *s)
{
	unsigned char b[64];
	uint64_t len = s->m.info.size < sizeof(b) ? s->m.info.size : sizeof(b), off;
	int rc = demodev_read(s->fd, s->mp.id, 0, b, len);

	if (rc) {
		warnx("reading mapping %" PRIu64 ": %s", (uint64_t)s->mp.id, strerror(-rc));
		return;
	}
	say(s, "read", "the first %" PRIu64 " bytes through the mapping:", len);
	for (off = 0; off < len; off += HEXDUMP_ROW) {
		char hex[HEXDUMP_HEXLEN], asc[HEXDUMP_ASCLEN];

		hexdump_row(b + off, len - off, hex, asc);
		say(s, "", "%08" PRIx64 "  %-48s |%s|", off, hex, asc);
	}
	if (len >= 4)
		say(s, "read", "register 0 (32-bit, little endian): 0x%08x",
		    (unsigned)b[0] | (unsigned)b[1] << 8 | (unsigned)b[2] << 16 | (unsigned)b[3] << 24);
}

static void say_read(struct story *s)
{
	const struct vmapctl_info *i = &s->m.info;
	uint64_t bad = 0;
	int rb;

	if (i->kind == VMAPCTL_KIND_IOREMAP) {
		say_read_io(s);
		return;
	}
	rb = read_back(s, &bad);
	if (rb == 0 && i->kind == VMAPCTL_KIND_KMAP_LOCAL)
		say(s, "read", "the pattern reads back: %" PRIu64 " bytes ok (the module mapped each page again with kmap_local for the copy)",
		    (uint64_t)i->size);
	else if (rb == 0)
		say(s, "read", "the pattern reads back through the mapping: %" PRIu64 " bytes ok%s", (uint64_t)i->size,
		    (i->state & VMAPCTL_STATE_VERIFIED) ? "; the module also read it through a mapping of each page of its own (kmap_local; kmap_atomic before 5.11): same pages" : "");
	else if (rb > 0)
		say(s, "read", "MISMATCH at byte %" PRIu64 " of the mapping", bad);
}

/* Unmap, and what vmallocinfo shows of the range afterwards. */
static int say_unmap(struct story *s)
{
	struct space_files sf;
	const struct region *r;
	int rc = demodev_unmap(s->fd, s->mp.id);

	if (rc) {
		warnx("cannot unmap %" PRIu64 ": %s", (uint64_t)s->mp.id, strerror(-rc));
		return -1;
	}
	say(s, "unmap", "id %" PRIu64 " unmapped", (uint64_t)s->mp.id);
	if (s->m.info.where != VMAPCTL_WHERE_VMALLOC)
		return 0;
	if (space_load(&sf, NULL, NEED_HIDDEN_TOLD, 0) == 0 && sf.vs.mode == ADDR_REAL) {
		r = vmspace_region_at(&sf.vs, s->m.info.addr);
		if (!r)
			say(s, "vmallocinfo", "the line is gone");
		else if (r->e->tags & VMI_UNPURGED)
			say(s, "vmallocinfo", "the line is gone; the range shows as 'unpurged vm_area' until the kernel purges lazily freed areas");
		else if (r->e->tags & VMI_VM_MAP_RAM)
			say(s, "vmallocinfo", "the vmap block stays (other vm_map_ram users, or not yet purged)");
		else
			say(s, "vmallocinfo", "the range is in use again (by another caller)");
	}
	space_unload(&sf);
	return 0;
}

/* Map and describe: 0, or -1 after saying why. */
static int story_map(struct story *s)
{
	const struct demo_args *a = s->a;
	int rc;

	s->fd = demodev_open();
	if (s->fd < 0 || demo_map_one(s->fd, a, a->keep, &s->mp))
		return -1;
	rc = demodev_info(s->fd, s->mp.id, 0, &s->m);
	if (rc) {
		warnx("cannot describe mapping %" PRIu64 ": %s", (uint64_t)s->mp.id, strerror(-rc));
		return -1;
	}
	say(s, "map", "%s: id %" PRIu64 ", %" PRIu64 " bytes (%" PRIu64 " pages) at 0x%0*" PRIx64 " in the %s",
	    demo_kind_name(s->m.info.kind), (uint64_t)s->mp.id, (uint64_t)s->m.info.size, (uint64_t)s->m.info.npages,
	    (int)demo_addr_digits(), (uint64_t)s->m.info.addr, demo_where_name(s->m.info.where));
	out_view(&s->pages, &a->out, SV_PAGES);
	demo_add_pages(&s->pages, &s->m);
	show(s, &s->pages);
	return 0;
}

static int story_tell(struct story *s)
{
	if (story_map(s))
		return -1;
	say_pages(s);
	say_line(s);
	say_read(s);
	if (s->a->keep) {
		say(s, "keep", "mapping %" PRIu64 " stays: 'vmapctl demo unmap %" PRIu64 "' or rmmod removes it",
		    (uint64_t)s->mp.id, (uint64_t)s->mp.id);
		if (!s->machine)
			printf("%" PRIu64 "\n", (uint64_t)s->mp.id);
		return 0;
	}
	return say_unmap(s);
}

int demo_story(const struct demo_args *a)
{
	struct story s = { .a = a, .machine = out_is_machine(&a->out), .fd = -1 };
	struct outview *views[3];
	int loaded_here, rc;
	size_t i;

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	if (s.machine)
		out_view(&s.steps, &a->out, SV_STORY);
	say(&s, "module", "%s %s", DEMO_MODULE, loaded_here ? "loaded for this demo" : "was already loaded");
	rc = story_tell(&s) ? EXIT_ERROR : EXIT_OK;
	demo_mapping_free(&s.m);
	if (s.fd >= 0)
		close(s.fd);
	if (loaded_here && !(a->keep && rc == EXIT_OK)) {
		if (demo_module_unload())
			rc = EXIT_ERROR;
		else
			say(&s, "module", "%s unloaded", DEMO_MODULE);
	}
	if (s.machine) {
		views[0] = &s.steps;
		for (i = 0; i < s.nlater; i++)
			views[i + 1] = s.later[i];
		if (out_print(views, s.nlater + 1))
			rc = EXIT_ERROR;
	}
	return rc;
}
