/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmalloc space of a live kernel or a capture: reads each file the caller
 * needs once, builds the model (lib/space.h) and reports its diagnostics.
 */
#ifndef VMAPCTL_KERNEL_SPACE_LOAD_H
#define VMAPCTL_KERNEL_SPACE_LOAD_H

#include "kernel/kview.h"
#include "kernel/sysfile.h"
#include "lib/area.h"
#include "lib/kstate.h"
#include "lib/space.h"

enum {
	NEED_IOMEM = 1,
	NEED_MODULES = 2,
	NEED_MEMINFO = 4,
	NEED_HIDDEN_TOLD = 8,	/* no note about hidden addresses (the caller explains) */
	NEED_SRC_TEXT = 16,	/* --source text: /proc/vmallocinfo only */
	NEED_SRC_KERNEL = 32,	/* --source kernel: the kernel's own lists, or fail */
	NEED_EXACT = 64,	/* by default the kernel's lists when they can be read (exact free space) */
	NEED_QUIET = 128,	/* -q: no notes at all, errors only */
	NEED_KALLSYMS = 256,	/* module memory's owners from its symbols too, where kallsyms shows them */
	NEED_JIT_LIMIT = 512,	/* net.core.bpf_jit_limit, where it can be read (root) */
	NEED_JIT_CHARGED = 1024,	/* the JIT's counter, where the kernel's lists are read (kcore open) */
};

struct space_files {
	struct vmspace vs;
	struct buf vmi, iomem, modules, meminfo, kallsyms;
	int have_meminfo;
	int have_jit_limit;
	uint64_t jit_limit;		/* net.core.bpf_jit_limit: bytes the JIT may charge unprivileged loads */
	int want_jit_charged, have_jit_charged;
	uint64_t jit_charged;		/* bytes the JIT has charged against it (bpf_jit_current) */
	const char *sysroot;
	struct space_input in;		/* the text of the files read */
	/*
	 * kernel: the areas were read from the kernel's own lists (vmi holds
	 * them as vmallocinfo text) and ks has the rest (free blocks, lazy
	 * backlog, pools); why: the reason they were not, when wanted.
	 */
	int kernel;
	struct kstate ks;
	uint64_t vstart, vend, mstart, mend;	/* the vmalloc and modules areas (kernel source) */
	int have_malloc_start;
	uint64_t malloc_start;		/* where module memory is allocated from (kernel source, x86-64) */
	char why[320];
};

/* a vmallocinfo this big (1 MiB) or bigger is read in parts, by threads */
#define SPACE_BIG ((size_t)1 << 20)

/* 0 on success; prints its own errors and warnings. strict: a malformed line fails. */
int space_load(struct space_files *sf, const char *sysroot, unsigned need, int strict);
/* space_load in two steps: the files read (sf->vmi.n tells the size), then the model */
int space_read(struct space_files *sf, const char *sysroot, unsigned need);
int space_build(struct space_files *sf, unsigned need, int strict);
/*
 * The source of the commands that read the text by default (list, map): with
 * --source (NEED_SRC_*) the one asked for; else the text first and, when it
 * hides the addresses, the kernel's own lists instead if they can be read,
 * or the text as it is. Where the areas come from is said (space_say_source),
 * and why not the kernel's lists. load builds or scans what was read (with
 * the need it is given), once, or again after the switch. The note about
 * hidden addresses is said once, unless need has NEED_HIDDEN_TOLD. 0, or -1.
 */
typedef int (*space_load_fn)(void *ctx, struct space_files *sf, unsigned need);
int space_load_text_first(struct space_files *sf, const char *sysroot, unsigned need, space_load_fn load, void *ctx);
/* space_read with the kernel's view open already (kv: for the kernel source), or NULL */
int space_read_with(struct space_files *sf, const char *sysroot, unsigned need, struct kview *kv);
/*
 * The same without keeping the lines (lib/space.h, vmspace_scan_parts): fn
 * sees each region while the file is read. A file of SPACE_BIG or more is read in
 * SPACE_MAX_PARTS parts by space_threads() threads at once (ctx[i] for part i,
 * in file order), a smaller one in one part (ctx[0]); sf->vs has the tables,
 * the count and the mode. flags: SPACE_LINENO when fn wants line numbers. fn
 * must not fail but for lack of memory.
 */
int space_scan(struct space_files *sf, const char *sysroot, unsigned need, int strict,
	       unsigned flags, space_fn fn, void *const *ctx);
/* The same of files space_read read. */
int space_scan_read(struct space_files *sf, unsigned need, int strict, unsigned flags, space_fn fn,
		    void *const *ctx);
/*
 * Replace the text read by the kernel's own lists (a live kernel, or a
 * capture with proc/kcore, kallsyms and BTF), for the caller to build or scan
 * again: 0 done, -1 not (sf->why says why; sf unchanged otherwise).
 */
int space_from_kernel(struct space_files *sf);
/* The same with the kernel's view open already (its kcore and kallsyms read once). */
int space_from_kernel_with(struct space_files *sf, struct kview *kv);
/* the note about hidden addresses that a build with NEED_HIDDEN_TOLD did not say */
void space_note_hidden(const struct space_files *sf, unsigned need);
/*
 * The vmalloc area as the text tells it: [lowest, lowest + VmallocTotal), lowest
 * being the lowest region outside module memory (vmspace_text_vstart) and
 * VmallocTotal rounded up to whole pages (it is in kB, and x86_64's VMALLOC_END
 * inclusive: 1 KiB short). 0, or -1 when unknown (no meminfo, no region).
 */
int space_text_area(const struct space_files *sf, uint64_t lowest, uint64_t *lo, uint64_t *hi);
/* Its size alone (where the addresses are hidden too): 0, or -1 without meminfo's VmallocTotal. */
int space_text_total(const struct space_files *sf, uint64_t *total);
/*
 * [lo, hi) of the vmalloc (or modules) area of sf (lib/area.h): the kernel's
 * bounds, or from the text the lowest region outside module memory (lowest,
 * vmspace_text_vstart) and VmallocTotal. 0, or -1 after saying why not.
 */
int space_area_bounds(const struct space_files *sf, int modules, uint64_t lowest, uint64_t *lo, uint64_t *hi);
/*
 * The same as the allocator takes from it: for the modules area from where
 * the kernel's module allocator starts (x86-64 KASLR: up to 4 MiB in,
 * kernel/execmem.h), where the kernel's lists tell it. 0, or -1 said.
 */
int space_alloc_bounds(const struct space_files *sf, int modules, uint64_t lowest, uint64_t *lo, uint64_t *hi);
/* The same, saying nothing: AREA_OK, or why not */
enum area_why space_area_bounds_why(const struct space_files *sf, int modules, uint64_t lowest, uint64_t *lo,
				   uint64_t *hi);
/* say on stderr where the areas come from, when it is worth a line (need: the caller's) */
void space_say_source(const struct space_files *sf, unsigned need);
/* How many threads read a big file: the processors online (1 .. SPACE_MAX_PARTS). */
unsigned space_threads(void);
void space_unload(struct space_files *sf);

#endif
