// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl demo: make a real kernel mapping with the companion module, show it,
 * read it back, unmake it, and show it gone.
 *
 *   vmapctl demo KIND [--pages N] [--phys ADDR --size N] [--keep]   the story
 *   vmapctl demo map KIND ...      make a mapping that stays (prints its id)
 *   vmapctl demo unmap ID          undo it
 *   vmapctl demo status            the module and its live mappings
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "commands.h"
#include "kmodule.h"
#include "output.h"
#include "uapi/vmapctl_demo.h"
#include "vmapctl.h"

static const char *const kind_names[] = {
	[VMAPCTL_KIND_VMALLOC] = "vmalloc", [VMAPCTL_KIND_VMAP] = "vmap",
	[VMAPCTL_KIND_VM_MAP_RAM] = "vm_map_ram", [VMAPCTL_KIND_KMAP] = "kmap",
	[VMAPCTL_KIND_KMAP_LOCAL] = "kmap_local", [VMAPCTL_KIND_IOREMAP] = "ioremap",
};

static const char *const where_names[] = {
	[VMAPCTL_WHERE_UNKNOWN] = "unknown", [VMAPCTL_WHERE_VMALLOC] = "vmalloc area",
	[VMAPCTL_WHERE_DIRECT_MAP] = "direct map", [VMAPCTL_WHERE_PKMAP] = "pkmap window",
	[VMAPCTL_WHERE_FIXMAP] = "fixmap",
};

static const char *kind_name(uint32_t k)
{
	return k >= 1 && k <= VMAPCTL_KIND_MAX ? kind_names[k] : "?";
}

static const char *where_name(uint32_t w)
{
	return w < ARRAY_SIZE(where_names) ? where_names[w] : "?";
}

static int kind_from_name(const char *s)
{
	int k;

	for (k = 1; k <= VMAPCTL_KIND_MAX; k++)
		if (!strcmp(s, kind_names[k]))
			return k;
	return -1;
}

/* ---- views ---------------------------------------------------------------- */

enum { MCOL_ID, MCOL_KIND, MCOL_ADDR, MCOL_SIZE, MCOL_PAGES, MCOL_WHERE, MCOL_KEEP, MCOL_PID, MCOL_VERIFIED };

static const struct colinfo map_cols[] = {
	[MCOL_ID]       = { "ID", 3, SCOLS_FL_RIGHT, "mapping id", SCOLS_JSON_NUMBER, CK_NUM },
	[MCOL_KIND]     = { "KIND", 10, 0, "vmalloc, vmap, vm_map_ram, kmap, kmap_local, ioremap", SCOLS_JSON_STRING, CK_STR },
	[MCOL_ADDR]     = { "ADDRESS", 18, SCOLS_FL_RIGHT, "kernel virtual address (first page)", SCOLS_JSON_STRING, CK_ADDR },
	[MCOL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "bytes mapped", SCOLS_JSON_NUMBER, CK_SIZE },
	[MCOL_PAGES]    = { "PAGES", 5, SCOLS_FL_RIGHT, "pages", SCOLS_JSON_NUMBER, CK_NUM },
	[MCOL_WHERE]    = { "WHERE", 12, 0, "area of the address: vmalloc area, direct map, pkmap window, fixmap", SCOLS_JSON_STRING, CK_STR },
	[MCOL_KEEP]     = { "KEEP", 4, 0, "owned by the module (else by the process that made it)", SCOLS_JSON_BOOLEAN, CK_STR },
	[MCOL_PID]      = { "PID", 5, SCOLS_FL_RIGHT, "process that made it (0 for KEEP)", SCOLS_JSON_NUMBER, CK_NUM },
	[MCOL_VERIFIED] = { "VERIFIED", 3, 0, "the module read its pattern back through another mapping", SCOLS_JSON_BOOLEAN, CK_STR },
};
static const int map_defaults[] = { MCOL_ID, MCOL_KIND, MCOL_ADDR, MCOL_SIZE, MCOL_PAGES, MCOL_WHERE, MCOL_KEEP, MCOL_PID };

enum { PCOL_ID, PCOL_PAGE, PCOL_ADDR, PCOL_PFN, PCOL_PHYS, PCOL_WHERE, PCOL_HIGHMEM };

static const struct colinfo page_cols[] = {
	[PCOL_ID]      = { "ID", 3, SCOLS_FL_RIGHT, "mapping id", SCOLS_JSON_NUMBER, CK_NUM },
	[PCOL_PAGE]    = { "PAGE", 4, SCOLS_FL_RIGHT, "page index in the mapping", SCOLS_JSON_NUMBER, CK_NUM },
	[PCOL_ADDR]    = { "ADDRESS", 18, SCOLS_FL_RIGHT, "virtual address of the page", SCOLS_JSON_STRING, CK_ADDR },
	[PCOL_PFN]     = { "PFN", 8, SCOLS_FL_RIGHT, "page frame number (the module's ground truth)", SCOLS_JSON_STRING, CK_ADDR },
	[PCOL_PHYS]    = { "PHYS", 12, SCOLS_FL_RIGHT, "physical address", SCOLS_JSON_STRING, CK_ADDR },
	[PCOL_WHERE]   = { "WHERE", 12, 0, "area of the page's address", SCOLS_JSON_STRING, CK_STR },
	[PCOL_HIGHMEM] = { "HIGHMEM", 3, 0, "the page is in high memory (no direct-map address)", SCOLS_JSON_BOOLEAN, CK_STR },
};
static const int page_defaults[] = { PCOL_PAGE, PCOL_ADDR, PCOL_PFN, PCOL_PHYS, PCOL_WHERE, PCOL_HIGHMEM };
/* several mappings in one table: which one a page belongs to comes first */
static const int page_defaults_id[] = { PCOL_ID, PCOL_PAGE, PCOL_ADDR, PCOL_PFN, PCOL_PHYS, PCOL_WHERE, PCOL_HIGHMEM };

/* ---- arguments ------------------------------------------------------------ */

enum action { ACT_STORY, ACT_MAP, ACT_UNMAP, ACT_STATUS, ACT_BOUNDS, ACT_EXHAUST };

struct demo_args {
	struct outopts out;
	enum action act;
	int kind;
	uint64_t pages, phys, size, id;
	int have_phys, have_size, have_pages, keep;
	const char *module;
};

enum { OPT_PAGES = 0x500, OPT_PHYS, OPT_SIZE, OPT_KEEP, OPT_MODULE };

static const struct argp_option demo_options[] = {
	{ "pages", OPT_PAGES, "N", 0, "pages to map (default 4; at most 1024)", 1 },
	{ "phys", OPT_PHYS, "ADDR", 0, "ioremap: the physical address (an I/O range of /proc/iomem)", 1 },
	{ "size", OPT_SIZE, "SIZE", 0, "ioremap: bytes to map", 1 },
	{ "keep", OPT_KEEP, NULL, 0, "leave the mapping in place (owned by the module) and print its id", 1 },
	{ "module", OPT_MODULE, "PATH", 0, "the vmapctl_demo.ko to load (default: the installed one)", 1 },
	{ 0 }
};

static error_t demo_parse(int key, char *arg, struct argp_state *st)
{
	struct demo_args *a = st->input;

	switch (key) {
	case ARGP_KEY_INIT:
		st->child_inputs[0] = &a->out;
		break;
	case OPT_PAGES:
		if (parse_size(arg, &a->pages) || !a->pages)
			argp_error(st, "invalid number of pages: '%s'", arg);
		a->have_pages = 1;
		break;
	case OPT_PHYS:
		if (parse_size(arg, &a->phys))
			argp_error(st, "invalid address: '%s'", arg);
		a->have_phys = 1;
		break;
	case OPT_SIZE:
		if (parse_size(arg, &a->size) || !a->size)
			argp_error(st, "invalid size: '%s'", arg);
		a->have_size = 1;
		break;
	case OPT_KEEP:
		a->keep = 1;
		break;
	case OPT_MODULE:
		a->module = arg;
		break;
	case ARGP_KEY_ARG:
		if (st->arg_num == 0 && a->act == ACT_STORY && a->kind <= 0) {
			if (!strcmp(arg, "map")) {
				a->act = ACT_MAP;
				break;
			}
			if (!strcmp(arg, "unmap")) {
				a->act = ACT_UNMAP;
				break;
			}
			if (!strcmp(arg, "status")) {
				a->act = ACT_STATUS;
				break;
			}
			if (!strcmp(arg, "bounds")) {
				a->act = ACT_BOUNDS;
				break;
			}
			if (!strcmp(arg, "exhaust")) {
				a->act = ACT_EXHAUST;
				break;
			}
		}
		if ((a->act == ACT_STORY || a->act == ACT_MAP) && a->kind <= 0) {
			a->kind = kind_from_name(arg);
			if (a->kind < 0)
				argp_error(st, "unknown kind '%s' (vmalloc, vmap, vm_map_ram, kmap, kmap_local, ioremap)", arg);
			break;
		}
		if (a->act == ACT_UNMAP && !a->id) {
			char *end;

			a->id = strtoull(arg, &end, 10);
			if (!*arg || *end || !a->id)
				argp_error(st, "invalid id: '%s'", arg);
			break;
		}
		argp_error(st, "unexpected argument: '%s'", arg);
		break;
	case ARGP_KEY_END:
		if ((a->act == ACT_STORY || a->act == ACT_MAP) && a->kind <= 0)
			argp_error(st, "no kind given");
		if (a->act == ACT_UNMAP && !a->id)
			argp_error(st, "no id given");
		if (a->kind == VMAPCTL_KIND_IOREMAP && !(a->have_phys && a->have_size))
			argp_error(st, "ioremap needs --phys ADDR and --size SIZE");
		if (a->kind > 0 && a->kind != VMAPCTL_KIND_IOREMAP && (a->have_phys || a->have_size))
			argp_error(st, "--phys and --size are for ioremap");
		if (a->kind == VMAPCTL_KIND_IOREMAP && a->have_pages)
			argp_error(st, "ioremap takes --size, not --pages");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *demo_help(int key, const char *text, void *input)
{
	(void)input;
	if (key == ARGP_KEY_HELP_EXTRA) {
		char *a = out_columns_help(map_cols, ARRAY_SIZE(map_cols));
		char *b = out_columns_help(page_cols, ARRAY_SIZE(page_cols));
		char *s = NULL;

		if (asprintf(&s, "Kinds: vmalloc, vmap, vm_map_ram, kmap, kmap_local, ioremap.\n\n"
			     "'demo map' always keeps its mapping (--keep): it outlives vmapctl.\n"
			     "-o selects the columns of the mappings table:\n%s\nThe pages table has:\n%s",
			     a ? a : "", b ? b : "") < 0)
			s = NULL;
		free(a);
		free(b);
		return s;
	}
	return (char *)text;
}

static const struct argp demo_argp = {
	demo_options, demo_parse,
	"KIND [--pages N] [--keep]\nioremap --phys ADDR --size SIZE\nmap KIND [...]\nunmap ID\nstatus\nbounds\nexhaust [--pages N]",
	"Make a real kernel mapping with the vmapctl_demo module, show it (its pages, its "
	"line in /proc/vmallocinfo), read it back, unmake it and show it gone.",
	out_children, demo_help, NULL
};

/* ---- device --------------------------------------------------------------- */

static int dev_open(void)
{
	int fd = open(VMAPCTL_DEMO_DEVICE, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		warnx("cannot open %s: %s", VMAPCTL_DEMO_DEVICE,
		      errno == EACCES || errno == EPERM ? "permission denied (run vmapctl as root)" :
		      errno == ENOENT ? "no such device (is vmapctl_demo loaded?)" : strerror(errno));
	return fd;
}

static const char *map_error(int e)
{
	switch (e) {
	case E2BIG:
		return "too many pages (at most 1024)";
	case ENOSPC:
		return "too many live mappings (at most 64): unmap some (vmapctl demo status)";
	case EPERM:
		return "refused: the range is System RAM, which ioremap must not map";
	case EINVAL:
		return "invalid request (for ioremap: the range is not an I/O resource of /proc/iomem)";
	case EOPNOTSUPP:
		return "not supported by this kernel";
	default:
		return strerror(e);
	}
}

struct mapping {
	struct vmapctl_info info;
	struct vmapctl_page *pages;
};

static int get_info(int fd, uint64_t id, int next, struct mapping *m)
{
	memset(m, 0, sizeof(*m));
	m->info.id = id;
	m->info.flags = next ? VMAPCTL_INFO_NEXT : 0;
	if (ioctl(fd, VMAPCTL_IOC_INFO, &m->info))
		return -errno;
	m->pages = calloc(m->info.npages ? m->info.npages : 1, sizeof(*m->pages));
	if (!m->pages)
		err(EXIT_ERROR, "out of memory");
	id = m->info.id;
	memset(&m->info, 0, sizeof(m->info));
	m->info.id = id;
	m->info.pages_cap = VMAPCTL_DEMO_MAX_PAGES;
	m->info.pages_ptr = (uintptr_t)m->pages;
	if (ioctl(fd, VMAPCTL_IOC_INFO, &m->info)) {
		free(m->pages);
		m->pages = NULL;
		return -errno;
	}
	return 0;
}

static unsigned addr_digits(void)
{
	return sizeof(long) == 8 ? 16 : 8;
}

/* -o selects the mappings' columns; the pages table keeps its own */
static int mapping_views(struct outview *mv, struct outview *pv, const struct outopts *o, int with_id)
{
	struct outopts po = *o;

	po.columns = NULL;
	if (out_view_init(mv, "mappings", map_cols, ARRAY_SIZE(map_cols), map_defaults, ARRAY_SIZE(map_defaults), o))
		return -1;
	if (out_view_init(pv, "pages", page_cols, ARRAY_SIZE(page_cols),
			  with_id ? page_defaults_id : page_defaults,
			  with_id ? ARRAY_SIZE(page_defaults_id) : ARRAY_SIZE(page_defaults), &po)) {
		out_view_free(mv);
		return -1;
	}
	mv->addr_digits = pv->addr_digits = addr_digits();
	return 0;
}

static void add_mapping(struct outview *mv, const struct mapping *m)
{
	struct libscols_line *ln = out_line(mv);
	const struct vmapctl_info *i = &m->info;

	out_num(mv, ln, MCOL_ID, i->id);
	out_str(mv, ln, MCOL_KIND, kind_name(i->kind));
	out_addr(mv, ln, MCOL_ADDR, i->addr, 1);
	out_size(mv, ln, MCOL_SIZE, i->size);
	out_num(mv, ln, MCOL_PAGES, i->npages);
	out_str(mv, ln, MCOL_WHERE, where_name(i->where));
	/* libsmartcols: "no" is false in JSON */
	out_str(mv, ln, MCOL_KEEP, (i->map_flags & VMAPCTL_MAP_KEEP) ? "yes" : "no");
	out_num(mv, ln, MCOL_PID, (uint64_t)i->owner_pid);
	out_str(mv, ln, MCOL_VERIFIED, (i->state & VMAPCTL_STATE_VERIFIED) ? "yes" : "no");
}

static void add_pages(struct outview *pv, const struct mapping *m)
{
	uint64_t p;

	for (p = 0; p < m->info.npages && p < VMAPCTL_DEMO_MAX_PAGES; p++) {
		const struct vmapctl_page *pg = &m->pages[p];
		struct libscols_line *ln = out_line(pv);
		char b[32];

		out_num(pv, ln, PCOL_ID, m->info.id);
		out_num(pv, ln, PCOL_PAGE, p);
		out_addr(pv, ln, PCOL_ADDR, pg->addr, 1);
		snprintf(b, sizeof(b), "0x%" PRIx64, (uint64_t)pg->pfn);
		out_str(pv, ln, PCOL_PFN, b);
		snprintf(b, sizeof(b), "0x%" PRIx64, (uint64_t)pg->phys);
		out_str(pv, ln, PCOL_PHYS, b);
		out_str(pv, ln, PCOL_WHERE, where_name(pg->where));
		out_str(pv, ln, PCOL_HIGHMEM, pg->highmem ? "yes" : "no");
	}
}

/* ---- status, map, unmap ---------------------------------------------------- */

static int do_status(struct demo_args *a)
{
	struct outview mv, pv, *views[2] = { &mv, &pv };
	struct mapping m;
	uint64_t id = 1;
	int loaded = demo_module_loaded(), fd, n = 0;

	if (loaded < 0)
		return EXIT_ERROR;
	if (!loaded) {
		if (a->out.json)
			printf("{\n   \"module\": null,\n   \"mappings\": [],\n   \"pages\": []\n}\n");
		else
			printf("%s is not loaded\n", DEMO_MODULE);
		return EXIT_OK;
	}
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERROR;
	if (mapping_views(&mv, &pv, &a->out, 1)) {
		close(fd);
		return EXIT_USAGE;
	}
	out_title(&mv, DEMO_MODULE " is loaded; live mappings:");
	out_title(&pv, "Their pages:");
	while (get_info(fd, id, 1, &m) == 0) {
		add_mapping(&mv, &m);
		add_pages(&pv, &m);
		id = m.info.id + 1;	/* NEXT finds the first id >= id */
		free(m.pages);
		n++;
	}
	close(fd);
	if (!n && !a->out.json) {
		out_view_free(&mv);
		out_view_free(&pv);
		printf("%s is loaded; no live mappings\n", DEMO_MODULE);
		return EXIT_OK;
	}
	return out_print(views, 2) ? EXIT_ERROR : EXIT_OK;
}

static int map_one(int fd, const struct demo_args *a, int keep, struct vmapctl_map *mp)
{
	memset(mp, 0, sizeof(*mp));
	mp->kind = (uint32_t)a->kind;
	mp->flags = keep ? VMAPCTL_MAP_KEEP : 0;
	if (a->kind == VMAPCTL_KIND_IOREMAP) {
		mp->phys = a->phys;
		mp->size = a->size;
	} else {
		mp->pages = a->have_pages ? a->pages : 4;
	}
	if (ioctl(fd, VMAPCTL_IOC_MAP, mp)) {
		warnx("%s: cannot map: %s", kind_name((uint32_t)a->kind), map_error(errno));
		return -1;
	}
	return 0;
}

static int do_map(struct demo_args *a)
{
	struct vmapctl_map mp;
	struct mapping m;
	int loaded_here, fd, rc;

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERROR;
	if (map_one(fd, a, 1, &mp)) {
		close(fd);
		return EXIT_ERROR;
	}
	if (!a->out.json && !a->out.raw && !a->out.pairs) {
		printf("%" PRIu64 "\n", (uint64_t)mp.id);
		close(fd);
		return EXIT_OK;
	}
	rc = get_info(fd, mp.id, 0, &m);
	close(fd);
	if (rc) {
		warnx("cannot describe mapping %" PRIu64 ": %s", (uint64_t)mp.id, strerror(-rc));
		return EXIT_ERROR;
	}
	{
		struct outview mv, pv, *views[2] = { &mv, &pv };

		if (mapping_views(&mv, &pv, &a->out, 0)) {
			free(m.pages);
			return EXIT_USAGE;
		}
		add_mapping(&mv, &m);
		add_pages(&pv, &m);
		free(m.pages);
		return out_print(views, 2) ? EXIT_ERROR : EXIT_OK;
	}
}

static int do_unmap(struct demo_args *a)
{
	struct vmapctl_unmap u = { .id = a->id };
	int loaded = demo_module_loaded(), fd;

	if (loaded <= 0) {
		if (!loaded)
			warnx("%s is not loaded: no mapping %" PRIu64, DEMO_MODULE, a->id);
		return EXIT_ERROR;
	}
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERROR;
	if (ioctl(fd, VMAPCTL_IOC_UNMAP, &u)) {
		warnx("cannot unmap %" PRIu64 ": %s", a->id,
		      errno == ENOENT ? "no such mapping (vmapctl demo status lists them)" : strerror(errno));
		close(fd);
		return EXIT_ERROR;
	}
	close(fd);
	return EXIT_OK;
}

/* ---- the story ---------------------------------------------------------------- */

static int get_layout(struct vmapctl_layout *l);

/* Where the pkmap window or the fixmap lie, from the module: the real bounds. */
static void print_bounds(uint32_t where)
{
	struct vmapctl_layout l;
	uint64_t s, e;

	if (where != VMAPCTL_WHERE_PKMAP && where != VMAPCTL_WHERE_FIXMAP)
		return;
	if (get_layout(&l))
		return;
	s = where == VMAPCTL_WHERE_PKMAP ? l.pkmap_base : l.fixaddr_start;
	e = where == VMAPCTL_WHERE_PKMAP ? l.pkmap_end : l.fixaddr_top;
	printf("bounds  the %s is 0x%0*" PRIx64 "-0x%0*" PRIx64 "; the direct map (lowmem) ends at high_memory 0x%0*" PRIx64
	       "; vmalloc is 0x%0*" PRIx64 "-0x%0*" PRIx64 "\n", where_name(where),
	       (int)addr_digits(), s, (int)addr_digits(), e, (int)addr_digits(), (uint64_t)l.high_memory,
	       (int)addr_digits(), (uint64_t)l.vmalloc_start, (int)addr_digits(), (uint64_t)l.vmalloc_end);
}

/* The vmallocinfo region that holds addr, or NULL. */
static const struct region *region_at(const struct vmspace *vs, uint64_t addr)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (addr >= vs->r[i].e->start && addr < vs->r[i].e->end)
			return &vs->r[i];
	return NULL;
}

static void show_region(const struct region *r, enum addr_mode mode, const struct outopts *o)
{
	struct outview v, *views[1] = { &v };
	struct outopts lo = *o;

	lo.columns = r->e->has_phys ? "START,END,SIZE,TYPE,CALLER,MODULE,PHYS,RESOURCE"
				    : "START,END,SIZE,TYPE,PAGES,CALLER,MODULE";
	if (list_view_init(&v, "regions", &lo))
		return;
	list_add_row(&v, r, mode, NULL);
	out_print(views, 1);
}

static int read_back(int fd, const struct mapping *m, uint64_t *bad_at)
{
	const uint64_t chunk = 1 << 20;
	uint64_t off, words = m->info.size / 8;
	uint64_t *buf = malloc(chunk);

	if (!buf)
		err(EXIT_ERROR, "out of memory");
	for (off = 0; off < m->info.size; off += chunk) {
		struct vmapctl_read r = { .id = m->info.id, .offset = off,
					  .len = m->info.size - off < chunk ? m->info.size - off : chunk,
					  .buf_ptr = (uintptr_t)buf };
		uint64_t w;

		if (ioctl(fd, VMAPCTL_IOC_READ, &r)) {
			warn("reading mapping %" PRIu64, (uint64_t)m->info.id);
			free(buf);
			return -1;
		}
		for (w = 0; w < r.len / 8 && off / 8 + w < words; w++) {
			uint64_t word = off / 8 + w, page = word * 8 / 4096, k = word % (4096 / 8);

			if (buf[w] != vmapctl_pattern_word(m->info.id, page, k)) {
				*bad_at = word * 8;
				free(buf);
				return 1;
			}
		}
	}
	free(buf);
	return 0;
}

static void hexdump(const unsigned char *p, size_t n, uint64_t base)
{
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		printf("      %08" PRIx64 "  ", base + i);
		for (j = i; j < i + 16; j++)
			printf(j < n ? "%02x " : "   ", p[j]);
		printf(" |");
		for (j = i; j < i + 16 && j < n; j++)
			putchar(p[j] >= 32 && p[j] < 127 ? p[j] : '.');
		printf("|\n");
	}
}

static int do_story(struct demo_args *a)
{
	struct vmapctl_map mp;
	struct mapping m;
	struct vmspace vs;
	const struct region *r;
	uint64_t p, runs = 1, bad = 0;
	int loaded_here, fd, rc = EXIT_ERROR, have_vs;
	const char *kn = kind_name((uint32_t)a->kind);

	if (demo_module_load(a->module, &loaded_here))
		return EXIT_ERROR;
	printf("module  %s %s\n", DEMO_MODULE, loaded_here ? "loaded for this demo" : "was already loaded");
	fd = dev_open();
	if (fd < 0)
		goto unload;
	if (map_one(fd, a, a->keep, &mp))
		goto close;
	if (get_info(fd, mp.id, 0, &m)) {
		warn("cannot describe mapping %" PRIu64, (uint64_t)mp.id);
		goto close;
	}

	printf("map     %s: id %" PRIu64 ", %" PRIu64 " bytes (%" PRIu64 " pages) at 0x%0*" PRIx64 " in the %s\n",
	       kn, (uint64_t)mp.id, (uint64_t)m.info.size, (uint64_t)m.info.npages,
	       (int)addr_digits(), (uint64_t)m.info.addr, where_name(m.info.where));
	{
		struct outview mv, pv;

		if (mapping_views(&mv, &pv, &a->out, 0) == 0) {
			struct outview *views[1] = { &pv };

			out_view_free(&mv);
			add_pages(&pv, &m);
			out_print(views, 1);
		}
	}
	for (p = 1; p < m.info.npages; p++)
		if (m.pages[p].pfn != m.pages[p - 1].pfn + 1)
			runs++;
	switch (a->kind) {
	case VMAPCTL_KIND_VMALLOC:
	case VMAPCTL_KIND_VMAP:
	case VMAPCTL_KIND_VM_MAP_RAM:
		printf("pages   %s: %" PRIu64 " physical run(s); %s maps pages that need not be contiguous at consecutive virtual addresses\n",
		       runs == 1 ? "physically contiguous" : "NOT physically contiguous", runs, kn);
		break;
	case VMAPCTL_KIND_KMAP:
		if (m.info.where == VMAPCTL_WHERE_DIRECT_MAP)
			printf("pages   kmap() returned each page's direct-map address (page_address): this kernel maps all of RAM already, so kmap creates no mapping and no vmallocinfo line\n");
		else
			printf("pages   %skmap() mapped each page in the %s: a slot of its own, until kunmap()\n",
			       (m.info.state & VMAPCTL_STATE_HIGHMEM) ? "the pages are in high memory, with no direct-map address: " : "",
			       where_name(m.info.where));
		print_bounds(m.info.where);
		break;
	case VMAPCTL_KIND_KMAP_LOCAL:
		printf("pages   kmap_local_page() gave %s addresses; CPU-local mappings, so the module mapped, checked and unmapped each page inside the one call%s\n",
		       where_name(m.info.where),
		       m.info.where == VMAPCTL_WHERE_FIXMAP ? " (one after the other, so they could reuse the same slot)" : "");
		print_bounds(m.info.where);
		break;
	case VMAPCTL_KIND_IOREMAP:
		printf("pages   ioremap() maps physical 0x%" PRIx64 "-0x%" PRIx64 " (device memory, uncached), no struct page behind it\n",
		       (uint64_t)a->phys, (uint64_t)(a->phys + a->size - 1));
		break;
	}

	have_vs = vmspace_load(&vs, NULL, NEED_MODULES | NEED_IOMEM, 0) == 0;
	if (have_vs && m.info.where == VMAPCTL_WHERE_VMALLOC) {
		if (vs.mode != ADDR_REAL) {
			printf("vmallocinfo  cannot find the line by address: the kernel hides the addresses (sysctl kernel.kptr_restrict=1)\n");
		} else if ((r = region_at(&vs, m.info.addr)) != NULL) {
			printf("vmallocinfo  the new line:\n");
			show_region(r, vs.mode, &a->out);
			if (a->kind == VMAPCTL_KIND_VM_MAP_RAM && r->e->size > m.info.size + 4096)
				printf("vmallocinfo  a small vm_map_ram() takes part of a per-CPU vmap block: the line is the whole %" PRIu64 "-byte block, with no caller\n",
				       (uint64_t)r->e->size);
		} else {
			printf("vmallocinfo  no line holds 0x%" PRIx64 "\n", (uint64_t)m.info.addr);
		}
	} else if (have_vs) {
		printf("vmallocinfo  no line: the address is not in the vmalloc area\n");
	}
	if (have_vs)
		vmspace_free(&vs);

	if (a->kind == VMAPCTL_KIND_IOREMAP) {
		unsigned char b[64];
		struct vmapctl_read rd = { .id = mp.id, .len = m.info.size < sizeof(b) ? m.info.size : sizeof(b),
					   .buf_ptr = (uintptr_t)b };

		if (ioctl(fd, VMAPCTL_IOC_READ, &rd) == 0) {
			printf("read    the first %" PRIu64 " bytes through the mapping:\n", (uint64_t)rd.len);
			hexdump(b, rd.len, 0);
			if (rd.len >= 4)
				printf("read    register 0 (32-bit, little endian): 0x%08x\n",
				       (unsigned)b[0] | (unsigned)b[1] << 8 | (unsigned)b[2] << 16 | (unsigned)b[3] << 24);
		} else {
			warn("reading mapping %" PRIu64, (uint64_t)mp.id);
		}
	} else {
		int rb = read_back(fd, &m, &bad);

		if (rb == 0 && a->kind == VMAPCTL_KIND_KMAP_LOCAL)
			printf("read    the pattern reads back: %" PRIu64 " bytes ok (the module mapped each page again with kmap_local for the copy)\n",
			       (uint64_t)m.info.size);
		else if (rb == 0)
			printf("read    the pattern reads back through the mapping: %" PRIu64 " bytes ok%s\n", (uint64_t)m.info.size,
			       (m.info.state & VMAPCTL_STATE_VERIFIED) ? "; the module also read it through each page's own kmap_local: same pages" : "");
		else if (rb > 0)
			printf("read    MISMATCH at byte %" PRIu64 " of the mapping\n", bad);
	}
	free(m.pages);

	if (a->keep) {
		printf("keep    mapping %" PRIu64 " stays: 'vmapctl demo unmap %" PRIu64 "' or rmmod removes it\n",
		       (uint64_t)mp.id, (uint64_t)mp.id);
		printf("%" PRIu64 "\n", (uint64_t)mp.id);
		close(fd);
		return EXIT_OK;
	}
	{
		struct vmapctl_unmap u = { .id = mp.id };

		if (ioctl(fd, VMAPCTL_IOC_UNMAP, &u)) {
			warn("cannot unmap %" PRIu64, (uint64_t)mp.id);
			goto close;
		}
	}
	printf("unmap   id %" PRIu64 " unmapped\n", (uint64_t)mp.id);
	if (m.info.where == VMAPCTL_WHERE_VMALLOC && vmspace_load(&vs, NULL, NEED_MODULES, 0) == 0) {
		if (vs.mode == ADDR_REAL) {
			r = region_at(&vs, m.info.addr);
			if (!r)
				printf("vmallocinfo  the line is gone\n");
			else if (r->e->tags & VMI_UNPURGED)
				printf("vmallocinfo  the line is gone; the range shows as 'unpurged vm_area' until the kernel purges lazily freed areas\n");
			else if (r->e->tags & VMI_VM_MAP_RAM)
				printf("vmallocinfo  the vmap block stays (other vm_map_ram users, or not yet purged)\n");
			else
				printf("vmallocinfo  the range is in use again (by another caller)\n");
		}
		vmspace_free(&vs);
	}
	rc = EXIT_OK;
close:
	close(fd);
unload:
	if (loaded_here && !a->keep) {
		if (demo_module_unload())
			rc = EXIT_ERROR;
		else
			printf("module  %s unloaded\n", DEMO_MODULE);
	}
	return rc;
}

/* ---- bounds: the kernel's own, from the module ---------------------------- */

enum { BCOL_AREA, BCOL_START, BCOL_END, BCOL_SIZE };

static const struct colinfo bound_cols[] = {
	[BCOL_AREA]  = { "AREA", 12, 0, "direct map (lowmem), vmalloc, pkmap, fixmap", SCOLS_JSON_STRING, CK_STR },
	[BCOL_START] = { "START", 18, SCOLS_FL_RIGHT, "first address", SCOLS_JSON_STRING, CK_ADDR },
	[BCOL_END]   = { "END", 18, SCOLS_FL_RIGHT, "end, exclusive", SCOLS_JSON_STRING, CK_ADDR },
	[BCOL_SIZE]  = { "SIZE", 6, SCOLS_FL_RIGHT, "size", SCOLS_JSON_NUMBER, CK_SIZE },
};
static const int bound_defaults[] = { BCOL_AREA, BCOL_START, BCOL_END, BCOL_SIZE };

static int get_layout(struct vmapctl_layout *l)
{
	int fd = dev_open(), rc;

	if (fd < 0)
		return -1;
	memset(l, 0, sizeof(*l));
	rc = ioctl(fd, VMAPCTL_IOC_LAYOUT, l);
	if (rc)
		warn("%s: LAYOUT", VMAPCTL_DEMO_DEVICE);
	close(fd);
	return rc ? -1 : 0;
}

static void bound_row(struct outview *v, const char *name, uint64_t start, uint64_t end)
{
	struct libscols_line *ln = out_line(v);

	out_str(v, ln, BCOL_AREA, name);
	out_addr(v, ln, BCOL_START, start, 1);
	out_addr(v, ln, BCOL_END, end, 1);
	out_size(v, ln, BCOL_SIZE, end - start);
}

static int do_bounds(struct demo_args *a)
{
	struct vmapctl_layout l;
	struct outview v, *views[1] = { &v };
	int loaded_here;

	if (demo_module_load(a->module, &loaded_here) || get_layout(&l))
		return EXIT_ERROR;
	if (out_view_init(&v, "bounds", bound_cols, ARRAY_SIZE(bound_cols), bound_defaults, ARRAY_SIZE(bound_defaults), &a->out))
		return EXIT_USAGE;
	v.addr_digits = addr_digits();
	out_title(&v, l.highmem ? "The kernel's bounds (CONFIG_HIGHMEM):" : "The kernel's bounds:");
	bound_row(&v, "direct map", l.page_offset, l.high_memory);
	bound_row(&v, "vmalloc", l.vmalloc_start, l.vmalloc_end);
	if (l.highmem)
		bound_row(&v, "pkmap", l.pkmap_base, l.pkmap_end);
	if (l.fixaddr_start)
		bound_row(&v, "fixmap", l.fixaddr_start, l.fixaddr_top);
	return out_print(views, 1) ? EXIT_ERROR : EXIT_OK;
}

/* ---- exhaust: fill the vmalloc area, predicting each step ------------------ */

enum { ECOL_STEP, ECOL_HOLE, ECOL_NEEDED, ECOL_PREDICTED, ECOL_RESULT };

static const struct colinfo ex_cols[] = {
	[ECOL_STEP]      = { "STEP", 4, SCOLS_FL_RIGHT, "allocation number", SCOLS_JSON_NUMBER, CK_NUM },
	[ECOL_HOLE]      = { "LARGEST-HOLE", 8, SCOLS_FL_RIGHT, "largest free hole of the vmalloc area before it", SCOLS_JSON_NUMBER, CK_SIZE },
	[ECOL_NEEDED]    = { "NEEDED", 8, SCOLS_FL_RIGHT, "size + guard page", SCOLS_JSON_NUMBER, CK_SIZE },
	[ECOL_PREDICTED] = { "PREDICTED", 9, 0, "fits or fails, from the hole", SCOLS_JSON_STRING, CK_STR },
	[ECOL_RESULT]    = { "RESULT", 8, 0, "what the kernel did", SCOLS_JSON_STRING, CK_STR },
};
static const int ex_defaults[] = { ECOL_STEP, ECOL_HOLE, ECOL_NEEDED, ECOL_PREDICTED, ECOL_RESULT };

/*
 * The largest hole of [lo, hi) as the allocator will see it: lazily freed
 * ("unpurged") areas are purged and retried before a vmalloc fails, so they
 * count as free.
 */
static int largest_hole(uint64_t lo, uint64_t hi, uint64_t *largest)
{
	struct vmspace vs;
	struct area_use u;
	size_t i, n = 0;

	if (vmspace_load(&vs, NULL, 0, 0))
		return -1;
	if (vs.mode != ADDR_REAL) {
		vmspace_free(&vs);
		return -2;
	}
	for (i = 0; i < vs.n; i++)		/* keep the busy ones only */
		if (!(vs.r[i].e->tags & VMI_UNPURGED))
			vs.r[n++] = vs.r[i];
	vs.n = n;
	vmspace_area_use(&vs, lo, hi, &u);
	*largest = u.largest_hole;
	vmspace_free(&vs);
	return 0;
}

static int do_exhaust(struct demo_args *a)
{
	struct vmapctl_layout l;
	struct outview v, *views[1] = { &v };
	struct outopts exo;
	uint64_t ids[VMAPCTL_DEMO_MAX_MAPPINGS], pages = a->have_pages ? a->pages : VMAPCTL_DEMO_MAX_PAGES;
	uint64_t needed = (pages + 1) * 4096, hole = 0, failed_at = 0;
	unsigned n = 0, step, mismatches = 0;
	int loaded_here, fd, rc;

	if (demo_module_load(a->module, &loaded_here) || get_layout(&l))
		return EXIT_ERROR;
	if ((l.vmalloc_end - l.vmalloc_start) / needed > VMAPCTL_DEMO_MAX_MAPPINGS - 1) {
		warnx("the vmalloc area is %" PRIu64 " MiB: %u mappings of %" PRIu64 " pages cannot fill it (a 32-bit kernel can be filled)",
		      (uint64_t)(l.vmalloc_end - l.vmalloc_start) >> 20, VMAPCTL_DEMO_MAX_MAPPINGS, pages);
		return EXIT_ERROR;
	}
	rc = largest_hole(l.vmalloc_start, l.vmalloc_end, &hole);
	if (rc) {
		if (rc == -2)
			warnx("the kernel hides the addresses of /proc/vmallocinfo: run 'sysctl kernel.kptr_restrict=1' as root");
		return EXIT_ERROR;
	}
	fd = dev_open();
	if (fd < 0)
		return EXIT_ERROR;
	exo = a->out;
	exo.bytes = 1;		/* "4M" against "4M" would hide the guard page that decides */
	if (out_view_init(&v, "exhaust", ex_cols, ARRAY_SIZE(ex_cols), ex_defaults, ARRAY_SIZE(ex_defaults), &exo)) {
		close(fd);
		return EXIT_USAGE;
	}
	out_title(&v, "Filling the vmalloc area with vmalloc mappings (KEEP):");
	for (step = 1; n < VMAPCTL_DEMO_MAX_MAPPINGS; step++) {
		struct vmapctl_map mp = { .kind = VMAPCTL_KIND_VMALLOC, .flags = VMAPCTL_MAP_KEEP, .pages = pages };
		struct libscols_line *ln = out_line(&v);
		int fits = hole >= needed, ok;

		ok = ioctl(fd, VMAPCTL_IOC_MAP, &mp) == 0;
		if (!ok && errno != ENOMEM) {
			warn("vmalloc of %" PRIu64 " pages", pages);
			break;
		}
		out_num(&v, ln, ECOL_STEP, step);
		out_size(&v, ln, ECOL_HOLE, hole);
		out_size(&v, ln, ECOL_NEEDED, needed);
		out_str(&v, ln, ECOL_PREDICTED, fits ? "fits" : "fails");
		out_str(&v, ln, ECOL_RESULT, ok ? "mapped" : "ENOMEM");
		mismatches += fits != ok;
		if (!ok) {
			failed_at = step;
			break;
		}
		ids[n++] = mp.id;
		if (largest_hole(l.vmalloc_start, l.vmalloc_end, &hole))
			break;
	}
	rc = out_print(views, 1);
	while (n > 0) {
		struct vmapctl_unmap u = { .id = ids[--n] };

		if (ioctl(fd, VMAPCTL_IOC_UNMAP, &u))
			warn("unmap %" PRIu64, (uint64_t)u.id);
	}
	close(fd);
	if (!a->out.json && !a->out.raw && !a->out.pairs) {
		if (failed_at)
			printf("\nThe kernel refused allocation %" PRIu64 " (dmesg: \"vmap allocation for size %" PRIu64 " failed\"); "
			       "vmapctl predicted it from the largest hole: %s.\nAll %" PRIu64 " mappings released.\n",
			       failed_at, needed, mismatches ? "MISMATCH" : "every step as predicted", failed_at - 1);
		else
			printf("\nThe area was not exhausted.\n");
	}
	if (loaded_here && demo_module_unload())
		rc = -1;
	return rc || mismatches || !failed_at ? EXIT_ERROR : EXIT_OK;
}

int cmd_demo(int argc, char *argv[])
{
	struct demo_args a = { 0 };

	argp_parse(&demo_argp, argc, argv, 0, NULL, &a);
	switch (a.act) {
	case ACT_STATUS:
		return do_status(&a);
	case ACT_MAP:
		return do_map(&a);
	case ACT_UNMAP:
		return do_unmap(&a);
	case ACT_BOUNDS:
		return do_bounds(&a);
	case ACT_EXHAUST:
		return do_exhaust(&a);
	default:
		return do_story(&a);
	}
}
