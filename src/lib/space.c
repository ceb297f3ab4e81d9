// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The vmalloc space model: /proc/vmallocinfo lines typed and attributed, with
 * /proc/iomem (which device an ioremap maps) and /proc/modules (which module
 * lives in a module-memory area). Pure: see space.h.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/area.h"
#include "lib/common.h"
#include "lib/space.h"
#include "lib/units.h"

/* The order decides TYPE when a line carries several tags ("vmalloc user"). */
static const unsigned type_order[] = {
	VMI_UNPURGED, VMI_VM_MAP_RAM, VMI_IOREMAP, VMI_VMALLOC, VMI_VMAP,
	VMI_SPARSE, VMI_DMA_COHERENT, VMI_USER, VMI_VPAGES,
};

static struct sv region_type(const struct vmi_entry *e)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(type_order); i++)
		if (e->tags & type_order[i])
			return vmi_tag_sv((unsigned)__builtin_ctz(type_order[i]));
	if (e->nextra)
		return e->extra[0];	/* a tag of a newer kernel, shown as is */
	return sv_cstr("other");		/* a bare vm_struct (get_vm_area) */
}

/* Callers through which the kernel allocates module memory (2.6 .. 7.3). */
static int is_module_allocator(struct sv name)
{
#define FN(s) { s, sizeof(s) - 1 }
	static const struct {
		const char *s;
		size_t n;
	} fn[] = {
		FN("module_alloc"), FN("move_module"), FN("module_memory_alloc"), FN("execmem_alloc"),
		FN("execmem_alloc_rw"), FN("execmem_vmalloc"), FN("__execmem_alloc"), FN("load_module"),
		FN("layout_and_allocate"), FN("sys_init_module"), FN("__do_sys_init_module"),
		FN("__do_sys_finit_module"),
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fn); i++)
		if (name.n == fn[i].n && name.p[0] == fn[i].s[0] && !memcmp(name.p, fn[i].s, name.n))
			return 1;
	return 0;
}

/*
 * A chunk of the execmem ROX cache (x86-64 kernels that have it, 7.3 among
 * them): execmem_alloc vmallocs module text in 2 MiB steps (a PMD each, its
 * guard page after) and carves the text of every module, kprobe and ftrace
 * trampoline from it. The chunk is no one module's, though the first module
 * carved from a fresh chunk starts at its base: it is not attributed by address.
 */
static int is_rox_cache_chunk(const struct vmi_entry *e)
{
	const uint64_t pmd = (uint64_t)2 << 20;

	return sv_eq(e->func, "execmem_alloc") && !(e->start & (pmd - 1)) && e->size > PAGE_SIZE &&
	       !((e->size - PAGE_SIZE) & (pmd - 1));
}

/*
 * Where the address is real: START in a 64-bit kernel's address space but
 * outside x86-64's module area, where module memory never is (a big area's
 * page array, vmalloc'ed by the same caller: "vpages", lies below it)
 */
static int outside_module_area(const struct vmi_entry *e)
{
	return e->end - e->start == e->size && e->start > UINT32_MAX &&
	       (e->start < X86_64_MODULES_VADDR || e->start >= X86_64_MODULES_END);
}

static void attribute_module(const struct vmspace *vs, struct region *r)
{
	const struct vmi_entry *e = r->e;

	if (e->module.n) {
		r->modkind = MOD_NAMED;
		r->module = e->module;
		return;
	}
	/* a module's own memory starts at its base: compared only with a real START */
	if (vs->have_modules && e->end - e->start == e->size && !is_rox_cache_chunk(e)) {
		const struct module_entry *m = modules_at(&vs->mods, e->start);

		if (m) {
			r->modkind = MOD_NAMED;
			r->module = m->name;
			return;
		}
	}
	if (!e->caller.n)
		r->modkind = MOD_NONE;
	else if (is_module_allocator(e->func) && !outside_module_area(e))
		r->modkind = MOD_UNKNOWN;
	else
		r->modkind = MOD_KERNEL;
}

/*
 * Who holds module memory: the caller's word, then the symbols inside (with a
 * real START, as attribute_module). The symbols of one module name the module
 * of its data, rodata and ro_after_init areas, which load_module allocates
 * apart from its text (6.4+: mem[] of struct module). A chunk of the ROX cache
 * is shared by whatever was carved from it, unless one owner's code fills it.
 */
static void attribute_owner(const struct vmspace *vs, struct region *r)
{
	const struct vmi_entry *e = r->e;
	int modmem = region_is_module_memory(r);
	struct owner_find f;

	r->owner = modmem && r->modkind == MOD_NAMED ? OWNER_MODULE : owner_by_caller(e->func, modmem);
	if (is_rox_cache_chunk(e))
		r->owner = OWNER_SHARED;
	if (outside_module_area(e))
		r->owner = OWNER_NONE;
	if (r->owner == OWNER_NONE || !vs->syms.ix.n || e->end - e->start != e->size)
		return;
	owner_syms_find(&vs->syms, e->start, e->end, &f);
	r->progs = f.progs;
	r->syms_told = 1;
	if (f.owner == OWNER_NONE)
		return;
	/*
	 * A chunk holding one module's text is still the cache's (the next
	 * module is carved from it too); one the BPF JIT's pack fills (7.3: a
	 * pack is a chunk's 2 MiB), ftrace's or kprobes' alone, theirs.
	 */
	if (r->owner == OWNER_SHARED && (f.owner == OWNER_MODULE || f.owner == OWNER_SHARED))
		return;
	r->owner = f.owner;
	if (f.owner == OWNER_MODULE) {
		r->modkind = MOD_NAMED;
		r->module = f.module;
	}
}

struct sv region_module_sv(const struct region *r)
{
	static const struct sv kernel = { "kernel", 6 }, none = { NULL, 0 };

	switch (r->modkind) {
	case MOD_KERNEL:
		return kernel;
	case MOD_NAMED:
		return r->module;
	default:
		return none;
	}
}

const struct sv no_module_word = { NO_MODULE_WORD, sizeof(NO_MODULE_WORD) - 1 };

struct sv region_module_word(const struct region *r)
{
	struct sv m = region_module_sv(r);

	return m.p ? m : no_module_word;
}

const char *region_module(const struct region *r, char *tmp, size_t tmplen)
{
	struct sv m = region_module_sv(r);

	if (!m.p)
		return NULL;
	snprintf(tmp, tmplen, "%.*s", (int)m.n, m.p);
	return tmp;
}

static int sv_caseeq(struct sv a, const char *s)
{
	return strlen(s) == a.n && !strncasecmp(a.p, s, a.n);
}

int region_has_type(const struct region *r, const char *name)
{
	unsigned i;

	if (sv_caseeq(r->type, name))
		return 1;
	for (i = 0; i < VMI_NTAGS; i++)
		if ((r->e->tags & (1u << i)) && !strcasecmp(vmi_tag_name(i), name))
			return 1;
	for (i = 0; i < r->e->nextra; i++)
		if (sv_caseeq(r->e->extra[i], name))
			return 1;
	return 0;
}

static int add_diag(struct vmspace *vs, enum space_diag_kind kind, unsigned lineno, unsigned count,
		    const char *why)
{
	struct space_diag *d = realloc(vs->diag, (vs->ndiag + 1) * sizeof(*d));

	if (!d)
		return -1;
	vs->diag = d;
	d[vs->ndiag].kind = kind;
	d[vs->ndiag].lineno = lineno;
	d[vs->ndiag].count = count;
	d[vs->ndiag].why = why;
	vs->ndiag++;
	return 0;
}

static int build_iomem(struct vmspace *vs, const struct space_input *in)
{
	if (iomem_parse(in->iomem, in->iomem_len, &vs->iomem) || iomem_index(&vs->iomem))
		return -1;
	if (vs->iomem.nbad &&
	    add_diag(vs, DIAG_IOMEM_BAD_LINES, vs->iomem.first_bad, vs->iomem.nbad, NULL))
		return -1;
	if (iomem_is_zeroed(&vs->iomem))
		return add_diag(vs, DIAG_IOMEM_HIDDEN, 0, 0, NULL);
	vs->have_iomem = 1;
	return 0;
}

static int build_modules(struct vmspace *vs, const struct space_input *in)
{
	size_t i;

	if (modules_parse(in->modules, in->modules_len, &vs->mods) || modules_index(&vs->mods))
		return -1;
	for (i = 0; i < vs->mods.n; i++)
		if (!vs->mods.v[i].base)
			return 0;	/* hidden bases: no attribution by address */
	vs->have_modules = 1;
	return 0;
}

void vmspace_region_init(const struct vmspace *vs, const struct vmi_entry *e, unsigned lineno,
			 struct region *r)
{
	memset(r, 0, sizeof(*r));
	r->e = e;
	r->lineno = lineno;
	r->type = region_type(e);
	attribute_module(vs, r);
	attribute_owner(vs, r);
	if (vs->have_iomem && e->has_phys)
		r->res = iomem_lookup(&vs->iomem, e->phys);
}

size_t region_resources(const struct vmspace *vs, const struct region *r, const struct iomem_entry **out, size_t max)
{
	uint64_t len = r->e->size > PAGE_SIZE ? r->e->size - PAGE_SIZE : r->e->size;	/* SIZE counts the guard page */

	if (!r->res || !max)
		return 0;
	if (!len || r->e->phys + (len - 1) < r->e->phys) {
		out[0] = r->res;
		return 1;
	}
	return iomem_span(&vs->iomem, r->e->phys, r->e->phys + (len - 1), out, max);
}

static int bad_line(struct vmspace *vs, unsigned lineno, const char *why)
{
	struct vmi_table *t = &vs->vmi;

	if (grow_array((void **)&t->err, &t->errs_alloc, t->nerr, sizeof(*t->err)))
		return -1;
	t->err[t->nerr].lineno = lineno;
	t->err[t->nerr].why = why;
	t->nerr++;
	return add_diag(vs, DIAG_VMI_BAD_LINE, lineno, 1, why);
}

/* One part of the file: [from, to) at line first + 1, into ctx. */
struct part {
	const struct vmspace *vs;	/* the small tables: read only */
	const char *buf;
	size_t from, to, len;		/* len: the whole file's */
	space_fn fn;
	void *ctx;
	unsigned first;			/* lines before from, when counted (else 0) */
	unsigned lines;			/* lines in [from, to) */
	int numbered;			/* fn gets line numbers */
	enum addr_mode mode;		/* decided before the scan: a real capture's lines of hidden addresses are bad */
	/* results */
	size_t cls[VMI_NCLASS];		/* the classify passes: lines of each class */
	size_t n;
	unsigned addr_digits;
	struct vmi_error *err;
	size_t nerr, errs_alloc;
	int rc;
};

static void *scan_part(void *arg)
{
	struct part *pt = arg;
	size_t pos = pt->from;
	unsigned lineno = 0;
	struct sv line;

	lineno = pt->first;
	while (!pt->rc && pos < pt->to && next_line(pt->buf, pt->to, &pos, &line)) {
		struct vmi_entry e;
		struct region r;
		const char *why = NULL;
		int pr = vmi_parse_line(line.p, line.n, &e, &why);

		lineno++;
		if (pr == 1)
			continue;
		if (pr == 0 && pos == pt->len && pt->buf[pt->len - 1] != '\n') {
			pr = -1;	/* a capture cut short: the kernel ends every line */
			why = "cut short: the file ends inside this line (no newline)";
		}
		if (pr == 0 && pt->mode == ADDR_REAL && vmi_addr_class(&e) != VMI_ADDR_CONSISTENT) {
			pr = -1;	/* one line of another kind among real ones: that line is bad */
			why = vmi_addr_class_why(&e);
		} else if (pr == 0 && pt->mode == ADDR_REAL && e.start % VMI_MIN_PAGE) {
			pr = -1;	/* the kernel maps whole pages: every real area starts on one */
			why = "START is not page-aligned, where addresses are real";
		}
		if (pr < 0) {
			if (grow_array((void **)&pt->err, &pt->errs_alloc, pt->nerr, sizeof(*pt->err))) {
				pt->rc = -1;
				break;
			}
			pt->err[pt->nerr].lineno = lineno;
			pt->err[pt->nerr++].why = why;
			continue;
		}
		if (!pt->n && e.addr_digits)
			pt->addr_digits = e.addr_digits;
		pt->n++;
		vmspace_region_init(pt->vs, &e, pt->numbered ? lineno : 0, &r);
		pt->rc = pt->fn(pt->ctx, &r, line);
	}
	pt->lines = lineno - pt->first;
	return NULL;
}

/*
 * Before the scan: the part's lines counted, and their addresses classed
 * (vmi_addr_class), of the lines whose START-END and SIZE are good (head) or
 * of the valid lines (full: the whole line parsed, as the scan will).
 */
static void classify_part(struct part *pt, int full)
{
	size_t pos = pt->from;
	unsigned lines = 0;
	struct sv line;

	memset(pt->cls, 0, sizeof(pt->cls));
	while (pos < pt->to && next_line(pt->buf, pt->to, &pos, &line)) {
		struct vmi_entry e;
		const char *why = NULL;
		int pr = full ? vmi_parse_line(line.p, line.n, &e, &why) : vmi_parse_head(line.p, line.n, &e, &why);

		lines++;
		if (pr == 0 && pos == pt->len && pt->buf[pt->len - 1] != '\n')
			pr = -1;
		if (pr == 0)
			pt->cls[vmi_addr_class(&e)]++;
	}
	pt->lines = lines;
}

/* Split [0, len) in nparts at line ends. */
static void split(struct part *pt, unsigned nparts, const char *buf, size_t len)
{
	size_t from = 0;
	unsigned i;

	for (i = 0; i < nparts; i++) {
		size_t to = i + 1 == nparts ? len : len / nparts * (i + 1);
		const char *nl;

		if (to < from)
			to = from;
		if (to < len && (nl = memchr(buf + to, '\n', len - to)) != NULL)
			to = (size_t)(nl - buf) + 1;
		else if (to < len)
			to = len;
		pt[i].buf = buf;
		pt[i].from = from;
		pt[i].to = to;
		pt[i].len = len;
		from = to;
	}
}

/* The workers share a queue of parts, taken in file order. */
struct pool {
	struct part *pt;
	unsigned nparts;
	unsigned next;		/* the next part to take (atomic) */
	int pass;		/* what is done to each part */
};

enum { PASS_SCAN, PASS_HEAD, PASS_FULL };

static void *worker(void *arg)
{
	struct pool *pl = arg;
	unsigned i;

	while ((i = __atomic_fetch_add(&pl->next, 1, __ATOMIC_RELAXED)) < pl->nparts) {
		struct part *pt = &pl->pt[i];

		if (pl->pass == PASS_SCAN)
			scan_part(pt);
		else
			classify_part(pt, pl->pass == PASS_FULL);
	}
	return NULL;
}

/* every part through worker() in nthreads threads, this one among them */
static void run_pool(struct pool *pl, unsigned nthreads, int pass)
{
	pthread_t tid[SPACE_MAX_PARTS];
	unsigned i, started = 0;

	pl->next = 0;
	pl->pass = pass;
	for (i = 1; i < nthreads; i++)
		if (pthread_create(&tid[i], NULL, worker, pl) == 0)
			started |= 1u << i;
	worker(pl);	/* the parts no thread took (or all, without threads) */
	for (i = 1; i < nthreads; i++)
		if (started & (1u << i))
			pthread_join(tid[i], NULL);
}

/* the classes of the parts' addresses, summed */
static void sum_classes(const struct pool *pl, size_t *cls)
{
	unsigned i, k;

	memset(cls, 0, VMI_NCLASS * sizeof(*cls));
	for (i = 0; i < pl->nparts; i++)
		for (k = 0; k < VMI_NCLASS; k++)
			cls[k] += pl->pt[i].cls[k];
}

/*
 * The file's address mode: each part's lines counted and their addresses
 * classed by START-END and SIZE alone; a file of one kind of addresses
 * (every kernel's) has its mode then, one of several kinds is classed again
 * over its valid lines, whole.
 */
static enum addr_mode scan_mode(struct pool *pl, unsigned nthreads)
{
	size_t cls[VMI_NCLASS];
	unsigned k, kinds = 0;

	run_pool(pl, nthreads, PASS_HEAD);
	sum_classes(pl, cls);
	for (k = 0; k < VMI_NCLASS; k++)
		kinds += cls[k] != 0;
	if (kinds > 1) {
		run_pool(pl, nthreads, PASS_FULL);
		sum_classes(pl, cls);
	}
	return vmi_mode_of(cls);
}

/* the parts scanned, in file order: their line numbers made the file's, their diagnostics, counts */
static int gather_parts(struct vmspace *vs, struct part *pt, unsigned nparts, unsigned flags)
{
	unsigned i, lines;
	int rc = 0;

	if (nparts > 1 && !(flags & SPACE_LINENO)) {
		for (i = 0, lines = 0; i < nparts; i++) {
			size_t e;

			for (e = 0; e < pt[i].nerr; e++)
				pt[i].err[e].lineno += lines;
			lines += pt[i].lines;
		}
	}
	for (i = 0; i < nparts; i++) {
		size_t e;

		if (pt[i].rc)
			rc = -1;
		for (e = 0; e < pt[i].nerr && !rc; e++)
			if (bad_line(vs, pt[i].err[e].lineno, pt[i].err[e].why))
				rc = -1;
		free(pt[i].err);
		if (!vs->n && pt[i].n && pt[i].addr_digits)
			vs->addr_digits = pt[i].addr_digits;
		vs->n += pt[i].n;
	}
	return rc;
}

int vmspace_scan_parts(struct vmspace *vs, const struct space_input *in, unsigned nparts,
		       unsigned nthreads, unsigned flags, space_fn fn, void *const *ctx)
{
	struct part pt[SPACE_MAX_PARTS];
	struct pool pl;
	unsigned i, lines = 0;

	memset(vs, 0, sizeof(*vs));
	vs->addr_digits = 16;
	if ((in->iomem && build_iomem(vs, in)) || (in->modules && build_modules(vs, in)) ||
	    (in->kallsyms && owner_syms_build(in->kallsyms, in->kallsyms_len, &vs->syms)))
		return -1;
	if (nparts < 1)
		nparts = 1;
	if (nparts > SPACE_MAX_PARTS)
		nparts = SPACE_MAX_PARTS;
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > nparts)
		nthreads = nparts;
	memset(pt, 0, sizeof(pt));
	split(pt, nparts, in->vmi, in->vmi_len);
	for (i = 0; i < nparts; i++) {
		pt[i].vs = vs;
		pt[i].fn = fn;
		pt[i].ctx = ctx[i];
		pt[i].numbered = nparts == 1 || (flags & SPACE_LINENO);
	}
	pl.pt = pt;
	pl.nparts = nparts;
	/*
	 * Parts more than threads, each thread taking the next part when done
	 * with one: a slow processor or a costly stretch of the file holds up
	 * one part, not half the file. First the mode (scan_mode); that known,
	 * the scan names a line of another kind among real ones as bad, before
	 * fn sees it.
	 */
	vs->mode = scan_mode(&pl, nthreads);
	for (i = 0; i < nparts; i++) {
		pt[i].first = lines;
		pt[i].mode = vs->mode;
		lines += pt[i].lines;
	}
	if (!(flags & SPACE_LINENO) && nparts > 1)
		for (i = 0; i < nparts; i++)
			pt[i].first = 0;	/* fn gets no numbers: each part counts its own, renumbered below */
	run_pool(&pl, nthreads, PASS_SCAN);
	if (gather_parts(vs, pt, nparts, flags))
		return -1;
	if (vs->mode != ADDR_REAL && vs->n && add_diag(vs, DIAG_VMI_HIDDEN, 0, 0, NULL))
		return -1;
	return 0;
}

int vmspace_scan(struct vmspace *vs, const struct space_input *in, space_fn fn, void *ctx)
{
	void *ctxs[1] = { ctx };

	return vmspace_scan_parts(vs, in, 1, 1, SPACE_LINENO, fn, ctxs);
}

/* vmspace_build's scan: every entry kept */
static int keep_entry(void *ctx, const struct region *r, struct sv line)
{
	struct vmspace *vs = ctx;
	struct vmi_table *t = &vs->vmi;

	(void)line;
	if (t->n == t->alloc) {	/* entries and their line numbers grow together */
		size_t la = t->alloc;

		if (grow_array((void **)&t->lineno, &la, t->n, sizeof(*t->lineno)) ||
		    grow_array((void **)&t->v, &t->alloc, t->n, sizeof(*t->v)))
			return -1;
	}
	t->lineno[t->n] = r->lineno;
	t->v[t->n++] = *r->e;
	return 0;
}

int vmspace_build(struct vmspace *vs, const struct space_input *in)
{
	size_t i;

	if (vmspace_scan(vs, in, keep_entry, vs))
		goto fail;
	vs->r = calloc(vs->n ? vs->n : 1, sizeof(*vs->r));
	if (!vs->r)
		goto fail;
	for (i = 0; i < vs->n; i++)
		vmspace_region_init(vs, &vs->vmi.v[i], vs->vmi.lineno[i], &vs->r[i]);
	return 0;
fail:
	vmspace_free(vs);
	return -1;
}

void vmspace_free(struct vmspace *vs)
{
	free(vs->r);
	free(vs->diag);
	vmi_table_free(&vs->vmi);
	iomem_table_free(&vs->iomem);
	module_table_free(&vs->mods);
	owner_syms_free(&vs->syms);
	memset(vs, 0, sizeof(*vs));
}

const struct region *vmspace_region_at(const struct vmspace *vs, uint64_t addr)
{
	const struct region *lazy = NULL;
	size_t i;

	for (i = 0; i < vs->n; i++) {
		const struct vmi_entry *e = vs->r[i].e;

		if (addr < e->start || addr >= e->end)
			continue;
		if (!(e->tags & VMI_UNPURGED))
			return &vs->r[i];
		lazy = &vs->r[i];
	}
	return lazy;
}

int region_is_module_memory(const struct region *r)
{
	return r->modkind == MOD_UNKNOWN || (r->modkind == MOD_NAMED && !r->e->module.n);
}

int vmspace_area_use(const struct vmspace *vs, uint64_t lo, uint64_t hi, int busy_only,
		     struct area_use *u)
{
	struct vrange *rg = calloc(vs->n ? vs->n : 1, sizeof(*rg));
	uint64_t backed = 0, sparse = 0;
	size_t i, n = 0;
	int rc;

	memset(u, 0, sizeof(*u));
	if (!rg)
		return -1;
	for (i = 0; i < vs->n; i++) {	/* the ranges, and what the text says of those inside */
		const struct vmi_entry *e = vs->r[i].e;

		if (busy_only && (e->tags & VMI_UNPURGED))
			continue;
		rg[n].start = e->start;
		rg[n].end = e->end;
		n++;
		if (e->start < lo || e->start >= hi)
			continue;
		if (e->has_pages)
			u64_acc(&backed, u64_mul_sat(e->pages, PAGE_SIZE));	/* sums saturate */
		if (e->tags & VMI_SPARSE)
			u64_acc(&sparse, e->size);
	}
	rc = ranges_area_use(rg, n, lo, hi, u);
	free(rg);
	u->backed = backed;
	u->sparse = sparse;
	return rc;
}

uint64_t vmspace_text_vstart(const struct vmspace *vs)
{
	uint64_t lo = UINT64_MAX;
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (!region_is_module_memory(&vs->r[i]) && vs->r[i].e->start < lo)
			lo = vs->r[i].e->start;
	return lo;
}
