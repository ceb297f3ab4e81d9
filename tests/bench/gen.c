// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen LINES SEED DIR: write a capture (DIR/proc/{vmallocinfo,iomem,modules,
 * meminfo,sys/kernel/osrelease}) shaped like a big server's, deterministically
 * from SEED, for `make bench`:
 *   - the type and caller mix of the fixtures (thread stacks from kernel_clone
 *     above all, BPF programs and maps, module callers with " [module]",
 *     ioremaps of PCI BARs, vmap, vm_map_ram blocks, user and bare areas),
 *   - NUMA counts for 2 nodes on vmalloc lines,
 *   - ioremap phys= addresses inside the device BARs of the iomem tree written
 *     beside it (nested two levels under "PCI Bus"),
 *   - the lazily freed ("unpurged vm_area") lines last, as the kernel prints them,
 *   - the order of 6.9+ kernels: busy areas grouped by vmap node (address
 *     stripes of 4 MiB dealt round-robin to 4 nodes), sorted within each node.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VMALLOC_START	0xffffc90000000000ULL
#define NODES		4
#define STRIPE_SHIFT	22			/* 4 MiB stripes */
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
	unsigned node;
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

static void line(FILE *f, const struct area *a)
{
	const struct kind *k = &kinds[a->kind];

	fprintf(f, "0x%016" PRIx64 "-0x%016" PRIx64 " %7" PRIu64, a->start, a->start + a->size, a->size);
	if (!k->caller) {
		fprintf(f, " %s\n", k->tags);	/* vm_map_ram, no caller */
		return;
	}
	fputc(' ', f);
	fprintf(f, "%s+0x%x/0x%x", k->caller, (unsigned)(0x10 + (a->start >> 12) % 0x200), k->fnlen);
	if (k->module)
		fprintf(f, " [%s]", k->module);
	if (k->pages)
		fprintf(f, " pages=%u", a->pages);
	if (!strcmp(k->tags, "ioremap"))
		fprintf(f, " phys=0x%016" PRIx64, a->phys);
	if (*k->tags)
		fprintf(f, " %s", k->tags);
	if (k->pages && strstr(k->tags, "vmalloc")) {
		if (a->n0 < a->pages)
			fprintf(f, " N0=%u N1=%u", a->n0, a->pages - a->n0);
		else
			fprintf(f, " N0=%u", a->n0);
	}
	fputc('\n', f);
}

int main(int argc, char *argv[])
{
	uint64_t n, busy, i, addr = VMALLOC_START, bar_base[NBARS], used_pages = 0;
	struct area *a;
	char path[4096];
	FILE *f;
	unsigned b;

	if (argc != 4) {
		fprintf(stderr, "usage: gen LINES SEED DIR\n");
		return 64;
	}
	n = strtoull(argv[1], NULL, 10);
	state = strtoull(argv[2], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
	snprintf(path, sizeof(path), "%s/proc/sys/kernel", argv[3]);
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

	a = calloc(n ? n : 1, sizeof(*a));
	if (!a)
		return perror("calloc"), 1;
	busy = n - n * 3 / 10;		/* 30% lazily freed */
	for (i = 0; i < n; i++) {
		struct area *x = &a[i];
		const struct kind *k;

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
		x->node = i < busy ? (unsigned)((x->start >> STRIPE_SHIFT) % NODES) : NODES;	/* unpurged last */
		if (i < busy && k->pages)
			used_pages += x->pages;
	}
	qsort(a, n, sizeof(*a), cmp_area);

	f = create(argv[3], "vmallocinfo");
	for (i = 0; i < n; i++) {
		if (a[i].node == NODES)
			fprintf(f, "0x%016" PRIx64 "-0x%016" PRIx64 " %7" PRIu64 " unpurged vm_area\n",
				a[i].start, a[i].start + a[i].size, a[i].size);
		else
			line(f, &a[i]);
	}
	fclose(f);

	f = create(argv[3], "iomem");
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

	f = create(argv[3], "modules");
	fprintf(f, "mlx5_core 2326528 0 - Live 0xffffffffc0a00000\n"
		   "nf_conntrack 192512 1 - Live 0xffffffffc0400000\n"
		   "x_tables 61440 1 nf_conntrack, Live 0xffffffffc0200000\n");
	fclose(f);

	f = create(argv[3], "meminfo");
	fprintf(f, "MemTotal:       16303024 kB\nMemFree:         1203024 kB\n"
		   "VmallocTotal:   34359738367 kB\nVmallocUsed:    %8" PRIu64 " kB\nVmallocChunk:          0 kB\n",
		used_pages * 4);
	fclose(f);
	f = create(argv[3], "sys/kernel/osrelease");
	fprintf(f, "6.12.95+deb12-amd64\n");
	fclose(f);
	free(a);
	return 0;
}
