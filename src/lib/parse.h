/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Pure parsers for the kernel's text interfaces: /proc/vmallocinfo, /proc/iomem,
 * /proc/meminfo, /proc/modules and /proc/kallsyms.
 *
 * Every function here works on a caller-supplied buffer only: no I/O, no globals,
 * no allocation (except the growing arrays of the *_parse() drivers). Strings in
 * results are views (struct sv) into the caller's buffer, which must outlive them.
 */
#ifndef VMAPCTL_LIB_PARSE_H
#define VMAPCTL_LIB_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/text.h"

/* ---- /proc/vmallocinfo ------------------------------------------------- */

/* Tags printed by mm/vmalloc.c (s_show / vmalloc_info_show), 2.6.28 .. 6.18. */
enum vmi_tag {
	VMI_IOREMAP      = 1u << 0,
	VMI_SPARSE       = 1u << 1,
	VMI_VMALLOC      = 1u << 2,
	VMI_VMAP         = 1u << 3,
	VMI_USER         = 1u << 4,
	VMI_DMA_COHERENT = 1u << 5,
	VMI_VPAGES       = 1u << 6,
	VMI_VM_MAP_RAM   = 1u << 7,	/* a vmap_area without vm_struct */
	VMI_UNPURGED     = 1u << 8,	/* "unpurged vm_area": lazily freed */
};
#define VMI_NTAGS 9
/* Name of tag bit i (0 .. VMI_NTAGS-1). */
const char *vmi_tag_name(unsigned bit);
/* The same as a view. */
struct sv vmi_tag_sv(unsigned bit);

#define VMI_MAX_EXTRA 4

struct vmi_entry {
	uint64_t start, end;	/* as printed: may be hashed or zero */
	uint64_t size;		/* always real; includes the guard page */
	uint64_t pages;		/* pages=N, valid if has_pages */
	uint64_t phys;		/* phys=ADDR, valid if has_phys */
	struct sv caller;	/* %pS text, e.g. "func+0x1a/0x40"; empty if none */
	struct sv func;		/* caller up to its "+": the function ("func"), or all of it */
	struct sv module;	/* from " [module]" after the caller; empty if none */
	struct sv numa;		/* "N0=4 N1=2" span; empty if none */
	unsigned nextra;
	uint32_t tags;		/* enum vmi_tag bits */
	unsigned addr_digits;	/* hex digits of START as printed (8 or 16) */
	unsigned char has_pages, has_phys;
	unsigned char ptrval;	/* "(____ptrval____)": %p before the hash key existed */
	struct sv extra[VMI_MAX_EXTRA];	/* tags this parser does not know: the first nextra (last: not cleared) */
};

/*
 * Parse one line (without its newline). Returns 0 on success, 1 for a blank
 * line, -1 for a malformed one with *why set to a static reason. A line of
 * values no kernel prints is malformed: SIZE 0, not whole pages (of
 * VMI_MIN_PAGE) or beyond a signed long, pages= more than SIZE holds.
 */
#define VMI_MIN_PAGE 4096u
int vmi_parse_line(const char *s, size_t n, struct vmi_entry *e, const char **why);
/* START-END and SIZE only (start, end, size, ptrval, addr_digits), checked as vmi_parse_line does. */
int vmi_parse_head(const char *s, size_t n, struct vmi_entry *e, const char **why);

/* What a line's addresses are: the vote of the lines decides the capture's (vmi_mode_of). */
enum {
	VMI_ADDR_CONSISTENT,	/* END - START is SIZE: real */
	VMI_ADDR_ZERO,		/* 0-0 */
	VMI_ADDR_PTRVAL,	/* (____ptrval____) */
	VMI_ADDR_OTHER,		/* anything else: hashed */
	VMI_NCLASS
};
unsigned vmi_addr_class(const struct vmi_entry *e);
/* Why a line whose class is not VMI_ADDR_CONSISTENT cannot be, in a capture of real addresses. */
const char *vmi_addr_class_why(const struct vmi_entry *e);

struct vmi_error {
	unsigned lineno;
	const char *why;
};

struct vmi_table {
	struct vmi_entry *v;
	size_t n, alloc;
	unsigned *lineno;		/* line number of each entry, 1-based */
	struct vmi_error *err;		/* malformed lines */
	size_t nerr, errs_alloc;
};

/* Parse a whole buffer; 0 on success, -1 on allocation failure. */
int vmi_parse(const char *buf, size_t len, struct vmi_table *t);
void vmi_table_free(struct vmi_table *t);

enum addr_mode {
	ADDR_REAL,	/* END-START == SIZE on most lines (the others are bad lines) */
	ADDR_HASHED,	/* %pK hashing (kptr_restrict=0) */
	ADDR_ZERO,	/* %pK zeros (kptr_restrict=2 or no CAP_SYSLOG) */
	ADDR_PTRVAL,	/* "(____ptrval____)": hashing not yet possible (random pool not ready) */
};
/*
 * The addresses of a capture, by the count of its valid lines of each class:
 * real when more than half the lines are (the others are then bad lines, each
 * one), else the hidden kind most lines show (ptrval, then zeros, then hashed).
 */
enum addr_mode vmi_mode_of(const size_t count[VMI_NCLASS]);
enum addr_mode vmi_addr_mode(const struct vmi_entry *v, size_t n);

/* ---- /proc/iomem --------------------------------------------------------- */

struct iomem_entry {
	uint64_t start, end;	/* inclusive */
	unsigned depth;		/* nesting level: two spaces each */
	struct sv name;
};

struct iomem_table {
	struct iomem_entry *v;
	size_t n, alloc;
	size_t *parent;		/* iomem_index: each entry's parent (SIZE_MAX at the top) */
	int sorted;		/* iomem_index: a well-formed tree (starts never decrease, children inside
				 * their parent one level down, siblings apart): looked up by bisection */
	unsigned nbad;		/* malformed lines skipped */
	unsigned first_bad;	/* line number of the first of them */
};

int iomem_parse(const char *buf, size_t len, struct iomem_table *t);
void iomem_table_free(struct iomem_table *t);
/* 1 when every range is 0-0 (read without CAP_SYS_ADMIN). */
int iomem_is_zeroed(const struct iomem_table *t);
/* Innermost resource containing addr, or NULL. */
const struct iomem_entry *iomem_lookup(const struct iomem_table *t, uint64_t addr);
/*
 * The innermost resources holding the bytes a..b (inclusive), in address
 * order, at most max in out: a range that runs from one resource into the
 * next names both. Their count. O(log n) a step once indexed (iomem_index).
 */
size_t iomem_span(const struct iomem_table *t, uint64_t a, uint64_t b, const struct iomem_entry **out, size_t max);
/*
 * Index the tree for lookups in O(log n + depth) instead of O(n): 0, or -1
 * when out of memory (lookups stay linear).
 */
int iomem_index(struct iomem_table *t);

/* ---- /proc/meminfo ------------------------------------------------------- */

/* Value of "Key:   N kB" in bytes (or the bare number if no unit): 0 if found. */
int meminfo_get(const char *buf, size_t len, const char *key, uint64_t *bytes);

/* ---- /proc/sys ----------------------------------------------------------- */

/* A sysctl's one number (net.core.bpf_jit_limit: "528482304\n"): 0, or -1 for anything else. */
int sysctl_u64(const char *buf, size_t len, uint64_t *v);

/* ---- /proc/modules ------------------------------------------------------- */

struct module_entry {
	struct sv name;
	uint64_t size;
	uint64_t base;		/* zero when hidden */
};

struct module_table {
	struct module_entry *v;
	size_t n, alloc;
	size_t *by_base;	/* modules_index: entries ordered by base */
	unsigned nbad;
};

int modules_parse(const char *buf, size_t len, struct module_table *t);
void module_table_free(struct module_table *t);
/* Order the bases for modules_at: 0, or -1 when out of memory. */
int modules_index(struct module_table *t);
/* The module whose base is exactly addr (a nonzero base), or NULL. */
const struct module_entry *modules_at(const struct module_table *t, uint64_t addr);

/* ---- /proc/kallsyms ------------------------------------------------------ */

struct ksym {
	uint64_t addr;
	char type;
	struct sv name;
	struct sv module;	/* empty for the core kernel */
};

int kallsyms_parse_line(const char *s, size_t n, struct ksym *k);
/* First symbol called name (core kernel first, as the kernel orders it): 0 if found. */
int kallsyms_find(const char *buf, size_t len, const char *name, struct ksym *k);
/* The nth (from 0) of that name: static variables of one name in several files. */
int kallsyms_find_nth(const char *buf, size_t len, const char *name, unsigned nth, struct ksym *k);

#endif
