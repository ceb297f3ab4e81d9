// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen [OPTIONS] LINES SEED DIR: write a capture (DIR/proc/{vmallocinfo,iomem,
 * modules,meminfo,sys/kernel/osrelease}) shaped like a big server's,
 * deterministically from SEED, for `make bench` and the host tests of big
 * captures:
 *   - the type and caller mix of the fixtures (thread stacks from kernel_clone
 *     above all, BPF programs and maps, module callers with " [module]",
 *     ioremaps of PCI BARs, vmap, vm_map_ram blocks, user and bare areas),
 *   - NUMA counts for 2 nodes on vmalloc lines,
 *   - ioremap phys= addresses inside the device BARs of the iomem tree written
 *     beside it (nested two levels under "PCI Bus"),
 *   - the order of 6.9+ kernels (mm/vmalloc.c): an area belongs to the vmap
 *     node of its start, addr / zone % nodes (addr_to_node_id), and
 *     vmallocinfo prints node after node each node's busy list, sorted by
 *     address; then the lazily freed ("unpurged vm_area") lines, after all
 *     the busy ones: in one run by default, node by node with --lazy-by-node
 *     (show_purge_info walks each node's lazy list). So the file is one
 *     ascending run per node that has areas (plus the lazy ones).
 *
 * Options (the defaults are the bench's capture: 4 nodes of 4 MiB stripes):
 *   --nodes N       vmap nodes (1: one sorted run, as before 6.9; a 6.9+ kernel
 *                   has one a CPU, at most 128)
 *   --zone BYTES    a node's stripe of addresses (the kernel's: 16 pages, 65536)
 *   --lazy PCT      per cent of the areas lazily freed (default 30)
 *   --lazy-by-node  those printed node by node too, as the kernel does
 *   --size BYTES    at least LINES lines, and as many more as make the
 *                   vmallocinfo at least BYTES long
 *   --shuffle       the lines in random order (no kernel prints that)
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VMALLOC_START	0xffffc90000000000ULL
#define NBARS		64

static uint64_t state;

static uint64_t rnd(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}

struct area {
	uint64_t start, size;
	unsigned kind;		/* index into kinds[] */
	unsigned pages, n0;
	uint64_t phys;
	unsigned lazy, node;	/* the order printed: busy before lazy, then by node, then start */
};

/* kind: share in 1000 of busy lines, caller, tags, pages (0: none), module */
static const struct kind {
	unsigned share;
	const char *caller;	/* NULL: vm_map_ram block or a bare area */
	unsigned fnlen;		/* the caller function's length, as %pS prints it */
	const char *tags;
	unsigned pages;
	const char *module;
} kinds[] = {
	{ 520, "kernel_clone", 0x3f0, "vmalloc", 4, NULL },
	{ 120, "bpf_prog_alloc_no_stats", 0x1c0, "vmalloc", 1, NULL },
	{ 40, "htab_map_alloc", 0x520, "vmalloc", 8, NULL },
	{ 40, "xt_alloc_table_info", 0x80, "vmalloc", 2, "x_tables" },
	{ 40, "nf_ct_alloc_hashtable", 0x110, "vmalloc", 16, "nf_conntrack" },
	{ 30, "load_module", 0x2380, "vmalloc", 6, NULL },
	{ 40, "bpf_map_area_alloc", 0xc0, "vmalloc user", 3, NULL },
	{ 60, "vp_modern_map_capability", 0x1c0, "ioremap", 0, NULL },
	{ 20, "mlx5_core_map_bar", 0xa0, "ioremap", 0, "mlx5_core" },
	{ 30, "dma_common_contiguous_remap", 0x90, "vmap", 0, NULL },
	{ 30, NULL, 0, "vm_map_ram", 0, NULL },
	{ 10, "pcpu_get_vm_areas", 0x1300, "vmalloc vpages", 64, NULL },
	{ 20, "__get_vm_area_node", 0x140, "", 0, NULL },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static unsigned pick_kind(void)
{
	unsigned r = (unsigned)(rnd() % 1000), k, acc = 0;

	for (k = 0; k < NKINDS; k++) {
		acc += kinds[k].share;
		if (r < acc)
			return k;
	}
	return 0;
}

static int cmp_area(const void *pa, const void *pb)
{
	const struct area *a = pa, *b = pb;

	if (a->lazy != b->lazy)
		return a->lazy < b->lazy ? -1 : 1;
	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	return a->start < b->start ? -1 : a->start > b->start;
}

static FILE *create(const char *dir, const char *path)
{
	char full[4096];
	FILE *f;

	snprintf(full, sizeof(full), "%s/proc/%s", dir, path);
	f = fopen(full, "w");
	if (!f) {
		perror(full);
		exit(1);
	}
	return f;
}

/* the line of a, with its newline, into p (room for 512 bytes): its length */
static size_t format_line(char *p, const struct area *a)
{
	const struct kind *k = &kinds[a->kind];
	char *q = p;

	q += sprintf(q, "0x%016" PRIx64 "-0x%016" PRIx64 " %7" PRIu64, a->start, a->start + a->size, a->size);
	if (a->lazy) {
		q += sprintf(q, " unpurged vm_area\n");
		return (size_t)(q - p);
	}
	if (!k->caller) {
		q += sprintf(q, " %s\n", k->tags);	/* vm_map_ram, no caller */
		return (size_t)(q - p);
	}
	q += sprintf(q, " %s+0x%x/0x%x", k->caller, (unsigned)(0x10 + (a->start >> 12) % 0x200), k->fnlen);
	if (k->module)
		q += sprintf(q, " [%s]", k->module);
	if (k->pages)
		q += sprintf(q, " pages=%u", a->pages);
	if (!strcmp(k->tags, "ioremap"))
		q += sprintf(q, " phys=0x%016" PRIx64, a->phys);
	if (*k->tags)
		q += sprintf(q, " %s", k->tags);
	if (k->pages && strstr(k->tags, "vmalloc")) {
		if (a->n0 < a->pages)
			q += sprintf(q, " N0=%u N1=%u", a->n0, a->pages - a->n0);
		else
			q += sprintf(q, " N0=%u", a->n0);
	}
	*q++ = '\n';
	return (size_t)(q - p);
}

static void usage(void)
{
	fprintf(stderr, "usage: gen [--nodes N] [--zone BYTES] [--lazy PCT] [--lazy-by-node] [--size BYTES] [--shuffle] LINES SEED DIR\n");
	exit(64);
}

/* a whole decimal number of at most max, or usage */
static uint64_t number(const char *s, uint64_t min, uint64_t max)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v < min || v > max)
		usage();
	return v;
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "nodes", required_argument, NULL, 'n' },
		{ "zone", required_argument, NULL, 'z' },
		{ "lazy", required_argument, NULL, 'l' },
		{ "lazy-by-node", no_argument, NULL, 'L' },
		{ "size", required_argument, NULL, 's' },
		{ "shuffle", no_argument, NULL, 'S' },
		{ 0 }
	};
	uint64_t n, i, addr = VMALLOC_START, bar_base[NBARS], used_pages = 0, bytes = 0, want = 0, zone = 1 << 22;
	unsigned nodes = 4, lazy_pct = 30, lazy_by_node = 0, shuffle = 0;
	size_t alloc = 0;
	struct area *a = NULL;
	char path[4096], text[512], *dir;
	FILE *f;
	unsigned b;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': nodes = (unsigned)number(optarg, 1, 1u << 20); break;
		case 'z': zone = number(optarg, 4096, 1ULL << 40); break;
		case 'l': lazy_pct = (unsigned)number(optarg, 0, 100); break;
		case 'L': lazy_by_node = 1; break;
		case 's': want = number(optarg, 0, 1ULL << 40); break;
		case 'S': shuffle = 1; break;
		default: usage();
		}
	}
	if (argc - optind != 3)
		usage();
	n = number(argv[optind], 0, 1ULL << 32);
	state = number(argv[optind + 1], 0, UINT64_MAX) * 0x9e3779b97f4a7c15ULL + 1;
	dir = argv[optind + 2];
	snprintf(path, sizeof(path), "%s/proc/sys/kernel", dir);
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) && errno != EEXIST)
				return perror(path), 1;
			*p = '/';
		}
	if (mkdir(path, 0755) && errno != EEXIST)
		return perror(path), 1;

	for (b = 0; b < NBARS; b++)
		bar_base[b] = 0xfe000000ULL + (uint64_t)b * 0x100000;	/* 1 MiB BARs */

	for (i = 0; i < n || bytes < want; i++) {
		struct area *x;
		const struct kind *k;

		if (i == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			if (!(a = realloc(a, alloc * sizeof(*a))))
				return perror("realloc"), 1;
		}
		x = &a[i];
		memset(x, 0, sizeof(*x));
		x->kind = pick_kind();
		k = &kinds[x->kind];
		x->pages = k->pages ? k->pages : 1 + (unsigned)(rnd() % 4);
		if (!k->caller)
			x->size = 1ULL << 20;		/* a vmap block */
		else if (!strcmp(k->tags, "ioremap"))
			x->size = (1 + rnd() % 4) * 4096 + 4096;
		else
			x->size = ((uint64_t)x->pages + 1) * 4096;	/* guard page */
		x->n0 = (unsigned)(rnd() % (x->pages + 1));
		b = (unsigned)(rnd() % NBARS);
		x->phys = bar_base[b] + (rnd() % 64) * 4096;
		addr += (rnd() % 8 == 0 ? 1 + rnd() % 16 : 0) * 4096;	/* holes */
		x->start = addr;
		addr += x->size;
		x->lazy = rnd() % 100 < lazy_pct;
		x->node = x->lazy && !lazy_by_node ? 0 : (unsigned)((x->start / zone) % nodes);
		if (!x->lazy && k->pages)
			used_pages += x->pages;
		if (want)
			bytes += format_line(text, x);
	}
	n = i;
	if (n)
		qsort(a, n, sizeof(*a), cmp_area);
	for (i = n; shuffle && i > 1; i--) {	/* Fisher-Yates */
		uint64_t j = rnd() % i;
		struct area t = a[i - 1];

		a[i - 1] = a[j];
		a[j] = t;
	}

	f = create(dir, "vmallocinfo");
	for (i = 0; i < n; i++)
		fwrite(text, 1, format_line(text, &a[i]), f);
	if (fclose(f))
		return perror("vmallocinfo"), 1;

	f = create(dir, "iomem");
	fprintf(f, "00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\n"
		   "00100000-bfffffff : System RAM\n  01000000-01ffffff : Kernel code\n"
		   "c0000000-fdffffff : PCI Bus 0000:00\nfe000000-fffffffe : PCI Bus 0000:00\n");
	for (b = 0; b < NBARS; b++) {
		fprintf(f, "  %08" PRIx64 "-%08" PRIx64 " : PCI Bus 0000:%02x\n",
			bar_base[b], bar_base[b] + 0xfffff, b + 1);
		fprintf(f, "    %08" PRIx64 "-%08" PRIx64 " : 0000:%02x:00.0\n",
			bar_base[b], bar_base[b] + 0x7ffff, b + 1);
	}
	fprintf(f, "100000000-43fffffff : System RAM\n");
	fclose(f);

	f = create(dir, "modules");
	fprintf(f, "mlx5_core 2326528 0 - Live 0xffffffffc0a00000\n"
		   "nf_conntrack 192512 1 - Live 0xffffffffc0400000\n"
		   "x_tables 61440 1 nf_conntrack, Live 0xffffffffc0200000\n");
	fclose(f);

	f = create(dir, "meminfo");
	fprintf(f, "MemTotal:       16303024 kB\nMemFree:         1203024 kB\n"
		   "VmallocTotal:   34359738367 kB\nVmallocUsed:    %8" PRIu64 " kB\nVmallocChunk:          0 kB\n",
		used_pages * 4);
	fclose(f);
	f = create(dir, "sys/kernel/osrelease");
	fprintf(f, "6.12.95+deb12-amd64\n");
	fclose(f);
	free(a);
	return 0;
}
