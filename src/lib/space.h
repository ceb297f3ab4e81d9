/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmalloc space model: /proc/vmallocinfo lines typed and attributed, with
 * /proc/iomem (which device an ioremap maps) and /proc/modules (which module
 * lives in a module-memory area). Pure: it takes the files' text and returns
 * regions plus diagnostics; reading and printing are the callers' business.
 */
#ifndef VMAPCTL_LIB_SPACE_H
#define VMAPCTL_LIB_SPACE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/owner.h"
#include "lib/parse.h"

enum modkind {
	MOD_NONE,	/* no caller: nothing to attribute */
	MOD_KERNEL,	/* caller in the core kernel */
	MOD_NAMED,	/* caller's [module], or the module living in the area */
	MOD_UNKNOWN,	/* module memory whose owner cannot be told */
};

struct region {
	const struct vmi_entry *e;
	unsigned lineno;
	struct sv type;			/* what made it */
	enum modkind modkind;
	struct sv module;		/* MOD_NAMED */
	const struct iomem_entry *res;	/* ioremap: innermost resource */
	enum region_owner owner;	/* module memory: who holds it (lib/owner.h) */
	unsigned progs;			/* eBPF programs kallsyms lists inside it */
	int syms_told;			/* its symbols were looked at (progs is a count) */
};

/* What the model noticed about its input, for the caller to report. */
enum space_diag_kind {
	DIAG_VMI_BAD_LINE,	/* lineno, why: a malformed vmallocinfo line */
	DIAG_VMI_HIDDEN,	/* addresses hashed, zeroed or ptrval: see vmspace.mode */
	DIAG_IOMEM_BAD_LINES,	/* lineno (first), count */
	DIAG_IOMEM_HIDDEN,	/* iomem read without CAP_SYS_ADMIN: zeros */
};

struct space_diag {
	enum space_diag_kind kind;
	unsigned lineno, count;
	const char *why;
};

/* The files' text: NULL (p) for a file not read. */
struct space_input {
	const char *vmi;
	size_t vmi_len;
	const char *iomem;
	size_t iomem_len;
	const char *modules;
	size_t modules_len;
	const char *kallsyms;		/* module memory's owners told by its symbols too */
	size_t kallsyms_len;
};

struct vmspace {
	struct vmi_table vmi;
	struct iomem_table iomem;
	struct module_table mods;
	enum addr_mode mode;
	int have_iomem;		/* iomem read and its addresses real */
	int have_modules;	/* modules read and their bases real */
	struct owner_syms syms;	/* kallsyms' module symbols (none: not read, or hidden) */
	unsigned addr_digits;
	struct region *r;
	size_t n;
	struct space_diag *diag;
	size_t ndiag;
};

/*
 * Build the model from in (views point into its buffers, which must outlive
 * vs). 0 on success, -1 when out of memory (vs is then freed).
 */
int vmspace_build(struct vmspace *vs, const struct space_input *in);

/*
 * The same without keeping the lines: each valid line of in->vmi is typed,
 * attributed and handed to fn with its text (the region and its entry live
 * only during the call). A negative return of fn stops the scan with -1.
 * vs gets the small tables, the diagnostics, the count (n) and, at the end,
 * the address mode; vs->r stays NULL. Module memory is told by its base only
 * on lines whose END - START is SIZE (the final mode is known only at the end).
 */
typedef int (*space_fn)(void *ctx, const struct region *r, struct sv line);
int vmspace_scan(struct vmspace *vs, const struct space_input *in, space_fn fn, void *ctx);
/*
 * The same over nparts parts of the file, consecutive runs of lines in file
 * order (ctx[0] sees the first lines, ctx[1] the next...), read by nthreads
 * threads at once, each taking the next part when done with one. fn runs in
 * several threads at once, each on its own ctx. With SPACE_LINENO, r->lineno
 * is the line's number in the file (the parts' lines are counted first);
 * without, it is 0 in fn. Bad lines are named by their number either way.
 */
#define SPACE_MAX_PARTS 16
#define SPACE_LINENO 1u
int vmspace_scan_parts(struct vmspace *vs, const struct space_input *in, unsigned nparts,
		       unsigned nthreads, unsigned flags, space_fn fn, void *const *ctx);
/* Type and attribute one entry (of line lineno) as the model does. */
void vmspace_region_init(const struct vmspace *vs, const struct vmi_entry *e, unsigned lineno,
			 struct region *r);
void vmspace_free(struct vmspace *vs);

/*
 * How the regions use the address range [lo, hi): those starting inside count.
 * used is address space (guard pages and sparse reservations included);
 * backed the memory behind it as the kernel counts it (pages=, in bytes);
 * sparse what sparse areas (BPF arenas, 6.9+) reserve, pages mapped into them
 * on demand and not counted by pages=. ranges_area_use leaves backed and
 * sparse 0: it has the ranges only.
 */
struct area_use {
	uint64_t regions, used, holes, largest_hole, free;
	uint64_t backed, sparse;
};
/* An area's [start, end) */
struct vrange {
	uint64_t start, end;
};
/*
 * The use of [lo, hi) by the n ranges (those starting inside; sorted here, in
 * place, unless they are up to 64 ascending runs): 0, or -1 when out of memory.
 */
int ranges_area_use(struct vrange *rg, size_t n, uint64_t lo, uint64_t hi, struct area_use *u);
/* The same of the ranges of nsegs arrays (seg[i] has nseg[i] of them), as if one. */
int ranges_area_use_segs(struct vrange *const *seg, const size_t *nseg, size_t nsegs, uint64_t lo,
			 uint64_t hi, struct area_use *u);
/* 0, or -1 when out of memory. busy_only: lazily freed ("unpurged") areas count as free. */
int vmspace_area_use(const struct vmspace *vs, uint64_t lo, uint64_t hi, int busy_only,
		     struct area_use *u);

/*
 * The lowest region that is not module memory: where the text's vmalloc area
 * starts (the kernel allocates first-fit from VMALLOC_START, and early boot
 * allocations sit there), UINT64_MAX for none. Its end is that + VmallocTotal.
 */
uint64_t vmspace_text_vstart(const struct vmspace *vs);

/* The region that holds addr (START <= addr < END, busy areas first), or NULL. */
const struct region *vmspace_region_at(const struct vmspace *vs, uint64_t addr);

/* Module name of a region as a view: "kernel", the module, or p NULL for unknown/none. */
struct sv region_module_sv(const struct region *r);
/*
 * The word for "no module" where a word must stand (a map's legend, a metric's
 * label, an aligned table): "-", as `-m -` selects them. JSON says null.
 */
#define NO_MODULE_WORD "-"
extern const struct sv no_module_word;
/* region_module_sv, or no_module_word where it has none */
struct sv region_module_word(const struct region *r);
/* The same as text in tmp ("kernel" too), or NULL. */
const char *region_module(const struct region *r, char *tmp, size_t tmplen);
/*
 * The /proc/iomem resources an ioremap region maps (PHYS to PHYS + SIZE less
 * the guard page), innermost first to last, at most max in out: their count
 * (0 without r->res).
 */
size_t region_resources(const struct vmspace *vs, const struct region *r, const struct iomem_entry **out, size_t max);
/* r is of type name, or has that tag (any case) */
int region_has_type(const struct region *r, const char *name);
/* Memory of a module itself (its core, or the module allocator's), not a module's mapping. */
int region_is_module_memory(const struct region *r);

/* Module memory summed by owner (summary, metrics): OWNER_NONE's entry stays 0 */
struct owner_sum {
	uint64_t regions, size, pages, progs;
	int progs_told;		/* a region's symbols were looked at: progs is a count */
};
struct owner_sums {
	struct owner_sum own[OWNER_NKINDS];
};
void owner_sums_add(struct owner_sums *s, const struct region *r);
void owner_sums_merge(struct owner_sums *s, const struct owner_sums *u);
/* every owner's regions and size together */
void owner_sums_total(const struct owner_sums *s, uint64_t *regions, uint64_t *size);

#endif
