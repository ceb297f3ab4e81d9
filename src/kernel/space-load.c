// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel/bpfjit.h"
#include "kernel/execmem.h"
#include "kernel/kvmalloc.h"
#include "kernel/space-load.h"
#include "lib/common.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"

/* the malformed lines named one by one; the rest counted */
#define BAD_LINES_SHOWN 10

static void report(const struct space_files *sf, int strict, unsigned need)
{
	char vmi[4096];
	size_t i, bad = 0;

	snprintf(vmi, sizeof(vmi), "%s", sysfile_path(sf->sysroot, "/proc/vmallocinfo"));
	/* vmallocinfo's first, then iomem's: the order of the files, whatever the model's */
	for (i = 0; i < 2 * sf->vs.ndiag; i++) {
		const struct space_diag *d = &sf->vs.diag[i % sf->vs.ndiag];
		int of_iomem = d->kind == DIAG_IOMEM_BAD_LINES || d->kind == DIAG_IOMEM_HIDDEN;

		if (of_iomem != (i >= sf->vs.ndiag))
			continue;
		switch (d->kind) {
		case DIAG_VMI_BAD_LINE:
			if (++bad <= BAD_LINES_SHOWN)
				warnx("%s:%u: malformed line %s: %s", vmi, d->lineno,
				      strict ? "(--strict)" : "skipped", d->why);
			break;
		case DIAG_VMI_HIDDEN:
			if (!(need & (NEED_HIDDEN_TOLD | NEED_QUIET)))
				warnx("%s: %s; for real addresses, %s", vmi, hint_hidden(sf->vs.mode),
				      sysfile_kptr_hint(sf->sysroot));
			break;
		case DIAG_IOMEM_BAD_LINES:
			warnx("%s:%u: %u malformed line(s) skipped",
			      sysfile_path(sf->sysroot, "/proc/iomem"), d->lineno, d->count);
			break;
		case DIAG_IOMEM_HIDDEN:
			if (!(need & NEED_QUIET))
				warnx("%s: resource addresses are hidden (zeros without CAP_SYS_ADMIN): RESOURCE is not shown; run as root",
			      sysfile_path(sf->sysroot, "/proc/iomem"));
			break;
		}
	}
	if (bad > BAD_LINES_SHOWN)
		warnx("%s: %zu more malformed lines %s", vmi, bad - BAD_LINES_SHOWN, strict ? "(--strict)" : "skipped");
}

static int read_vmi(struct space_files *sf)
{
	if (sysfile_read(sf->sysroot, "/proc/vmallocinfo", &sf->vmi, 0))
		return -1;
	sf->in.vmi = sf->vmi.p;
	sf->in.vmi_len = sf->vmi.n;
	return 0;
}

/* Read the files need says, into sf (vmallocinfo unless vmi is 0); in gets their text. */
static int read_files(struct space_files *sf, const char *sysroot, unsigned need, struct space_input *in, int vmi)
{
	memset(sf, 0, sizeof(*sf));
	memset(in, 0, sizeof(*in));
	sf->sysroot = sysroot;
	if (vmi && read_vmi(sf))
		return -1;
	/* a missing iomem is warned about: RESOURCE stays empty */
	if ((need & NEED_IOMEM) && sysfile_read(sysroot, "/proc/iomem", &sf->iomem, 0) == 0) {
		in->iomem = sf->iomem.p ? sf->iomem.p : "";
		in->iomem_len = sf->iomem.n;
	}
	/* no /proc/modules: a kernel without module support has no modules */
	if ((need & NEED_MODULES) && sysfile_read(sysroot, "/proc/modules", &sf->modules, SYSF_OPTIONAL) == 0) {
		in->modules = sf->modules.p ? sf->modules.p : "";
		in->modules_len = sf->modules.n;
	}
	/* optional: a capture taken without --kallsyms; hidden addresses leave it unused */
	if ((need & NEED_KALLSYMS) &&
	    sysfile_read(sysroot, "/proc/kallsyms", &sf->kallsyms, SYSF_OPTIONAL) == 0) {
		in->kallsyms = sf->kallsyms.p ? sf->kallsyms.p : "";
		in->kallsyms_len = sf->kallsyms.n;
	}
	/* root only: without it, no limit is told */
	if (need & NEED_JIT_LIMIT) {
		struct buf b;

		if (sysfile_read(sysroot, "/proc/sys/net/core/bpf_jit_limit", &b, SYSF_OPTIONAL | SYSF_PRIVILEGED) == 0) {
			sf->have_jit_limit = !sysctl_u64(b.p, b.n, &sf->jit_limit);
			if (!sf->have_jit_limit)
				warnx("%s: not a number", sysfile_path(sysroot, "/proc/sys/net/core/bpf_jit_limit"));
			buf_free(&b);
		}
	}
	sf->want_jit_charged = !!(need & NEED_JIT_CHARGED);	/* read with the kernel's lists: kcore is open */
	if (need & NEED_MEMINFO)
		sf->have_meminfo = sysfile_read(sysroot, "/proc/meminfo", &sf->meminfo, 0) == 0;
	return 0;
}

/* After the model was built or scanned: its diagnostics said, and whether it can be used. */
static int conclude(struct space_files *sf, const char *sysroot, unsigned need, int strict)
{
	report(sf, strict, need);
	if (!sf->vs.n) {
		warnx("%s: no valid line (%s)", sysfile_path(sysroot, "/proc/vmallocinfo"),
		      sf->vs.vmi.nerr ? "every line is malformed" : "the file is empty");
		return -1;
	}
	if (strict && sf->vs.vmi.nerr)
		return -1;
	return 0;
}

int space_from_kernel_with(struct space_files *sf, struct kview *open)
{
	struct kview own, *kv = open ? open : &own;
	struct kstate ks;
	struct buf text;
	int rc = -1;

	if (kvmalloc_probe(sf->sysroot, sf->why, sizeof(sf->why)))
		return -1;
	if (!open && kview_open_with(&own, sf->sysroot, sf->have_meminfo ? &sf->meminfo : NULL,
				     sf->kallsyms.p ? &sf->kallsyms : NULL)) {
		snprintf(sf->why, sizeof(sf->why), "%s: the kernel's layout cannot be read (above)",
			 sysfile_path(sf->sysroot, "/proc/kcore"));
		return -1;
	}
	memset(&ks, 0, sizeof(ks));
	if (kvmalloc_read(kv, &ks, sf->why, sizeof(sf->why)))
		goto out;
	if (kvmalloc_text(kv, &ks, &text))
		err(EXIT_ERROR, "out of memory");
	vmspace_free(&sf->vs);
	buf_free(&sf->vmi);
	sf->vmi = text;
	sf->in.vmi = text.p ? text.p : "";
	sf->in.vmi_len = text.n;
	kstate_free(&sf->ks);
	sf->ks = ks;
	sf->kernel = 1;
	if (sf->want_jit_charged)
		sf->have_jit_charged = !bpfjit_charged_in(kv, &sf->jit_charged);
	sf->vstart = kv->vmalloc_base;
	sf->vend = kv->vmalloc_end;
	sf->mstart = kv->modules_start;
	sf->mend = kv->modules_end;
	sf->have_malloc_start = !execmem_modules_start(kv, &sf->malloc_start);
	rc = 0;
out:
	if (!open)
		kview_close(&own);
	return rc;
}

int space_from_kernel(struct space_files *sf)
{
	return space_from_kernel_with(sf, NULL);
}

int space_text_total(const struct space_files *sf, uint64_t *total)
{
	if (!sf->have_meminfo || meminfo_get(sf->meminfo.p, sf->meminfo.n, "VmallocTotal", total))
		return -1;
	*total = (*total + PAGE_SIZE - 1) & PAGE_MASK;
	return 0;
}

/* what sf tells of the areas' bounds: the kernel's, or the text's from lowest */
static void area_facts_of(const struct space_files *sf, uint64_t lowest, struct area_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->kernel = sf->kernel;
	f->vstart = sf->vstart;
	f->vend = sf->vend;
	f->mstart = sf->mstart;
	f->mend = sf->mend;
	f->lowest = lowest;
	f->have_total = !space_text_total(sf, &f->total);
	f->addr_digits = sf->vs.addr_digits;
}

int space_text_area(const struct space_files *sf, uint64_t lowest, uint64_t *lo, uint64_t *hi)
{
	struct area_facts f;

	area_facts_of(sf, lowest, &f);
	f.kernel = 0;
	return area_bounds(&f, 0, lo, hi) == AREA_OK ? 0 : -1;
}

enum area_why space_area_bounds_why(const struct space_files *sf, int modules, uint64_t lowest, uint64_t *lo,
				   uint64_t *hi)
{
	struct area_facts f;

	area_facts_of(sf, lowest, &f);
	return area_bounds(&f, modules, lo, hi);
}

int space_alloc_bounds(const struct space_files *sf, int modules, uint64_t lowest, uint64_t *lo, uint64_t *hi)
{
	if (space_area_bounds(sf, modules, lowest, lo, hi))
		return -1;
	if (modules && sf->kernel && sf->have_malloc_start && sf->malloc_start > *lo && sf->malloc_start < *hi)
		*lo = sf->malloc_start;
	return 0;
}

int space_area_bounds(const struct space_files *sf, int modules, uint64_t lowest, uint64_t *lo, uint64_t *hi)
{
	switch (space_area_bounds_why(sf, modules, lowest, lo, hi)) {
	case AREA_OK:
		return 0;
	case AREA_EMPTY:
		warnx("%s: the kernel's %s area is empty", sysfile_path(sf->sysroot, "/proc/kcore"),
		      modules ? "modules" : "vmalloc");
		break;
	case AREA_MODULES_32BIT:
		warnx("a 32-bit kernel keeps its modules in the vmalloc area: --area vmalloc");
		break;
	case AREA_UNKNOWN:
		warnx("%s: the vmalloc area's bounds are not known", sysfile_path(sf->sysroot, "/proc/meminfo"));
		break;
	}
	return -1;
}

void space_note_hidden(const struct space_files *sf, unsigned need)
{
	if (sf->vs.mode != ADDR_REAL && !(need & NEED_QUIET))
		warnx("%s: %s; for real addresses, %s", sysfile_path(sf->sysroot, "/proc/vmallocinfo"),
		      hint_hidden(sf->vs.mode), sysfile_kptr_hint(sf->sysroot));
}

void space_say_source(const struct space_files *sf, unsigned need)
{
	if (need & NEED_QUIET)
		return;
	if (sf->kernel) {
		warnx("source: the kernel's own lists (%zu busy, %zu lazily freed, %zu free blocks%s) through %s and BTF",
		      sf->ks.nbusy, sf->ks.nlazy, sf->ks.nfree, sf->ks.nodes ? ", per-node pools" : "",
		      sysfile_path(sf->sysroot, "/proc/kcore"));
		return;
	}
	/* a capture without the kernel's memory: the text, as asked; nothing to say */
	if (!*sf->why || (sf->sysroot && !(need & NEED_SRC_KERNEL)))
		return;
	warnx("source: %s, not the kernel's own lists: %s", sysfile_path(sf->sysroot, "/proc/vmallocinfo"), sf->why);
}

int space_read_with(struct space_files *sf, const char *sysroot, unsigned need, struct kview *kv)
{
	int kernel = (need & NEED_SRC_KERNEL) || ((need & NEED_EXACT) && !(need & NEED_SRC_TEXT));

	/* the kernel's lists first when they are wanted: the text only if they cannot be read */
	if (read_files(sf, sysroot, need, &sf->in, !kernel))
		return -1;
	if (!kernel)
		return 0;
	if (space_from_kernel_with(sf, kv)) {
		if (need & NEED_SRC_KERNEL) {
			warnx("%s", sf->why);
			return -1;
		}
		space_say_source(sf, need);
		return read_vmi(sf);
	}
	space_say_source(sf, need);
	return 0;
}

int space_read(struct space_files *sf, const char *sysroot, unsigned need)
{
	return space_read_with(sf, sysroot, need, NULL);
}

int space_load_text_first(struct space_files *sf, const char *sysroot, unsigned need, space_load_fn load, void *ctx)
{
	int rc;

	if (space_read(sf, sysroot, need))
		return -1;
	if (need & (NEED_SRC_TEXT | NEED_SRC_KERNEL))
		return load(ctx, sf, need);
	/* the note about hidden addresses waits: the kernel's lists may make it needless */
	rc = load(ctx, sf, need | NEED_HIDDEN_TOLD);
	if (rc || sf->vs.mode == ADDR_REAL)
		return rc;
	if (space_from_kernel(sf)) {	/* the text it is, and why */
		space_say_source(sf, need);
		if (!(need & NEED_HIDDEN_TOLD))
			space_note_hidden(sf, need);
		return 0;
	}
	space_say_source(sf, need);
	return load(ctx, sf, need);
}

int space_build(struct space_files *sf, unsigned need, int strict)
{
	if (vmspace_build(&sf->vs, &sf->in))
		err(EXIT_ERROR, "out of memory");
	return conclude(sf, sf->sysroot, need, strict);
}

int space_load(struct space_files *sf, const char *sysroot, unsigned need, int strict)
{
	if (space_read(sf, sysroot, need))
		return -1;
	return space_build(sf, need, strict);
}

unsigned space_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > SPACE_MAX_PARTS ? SPACE_MAX_PARTS : (unsigned)n;
}

int space_scan_read(struct space_files *sf, unsigned need, int strict, unsigned flags, space_fn fn,
		    void *const *ctx)
{
	unsigned nparts = 1, nthreads = 1;

	if (sf->in.vmi_len >= SPACE_BIG) {	/* a small file: no threads */
		nthreads = space_threads();
		nparts = nthreads == 1 ? 1 : SPACE_MAX_PARTS;	/* 64 KiB a part or more */
	}
	if (vmspace_scan_parts(&sf->vs, &sf->in, nparts, nthreads, flags, fn, ctx))
		err(EXIT_ERROR, "out of memory");
	return conclude(sf, sf->sysroot, need, strict);
}

int space_scan(struct space_files *sf, const char *sysroot, unsigned need, int strict,
	       unsigned flags, space_fn fn, void *const *ctx)
{
	if (space_read(sf, sysroot, need))
		return -1;
	return space_scan_read(sf, need, strict, flags, fn, ctx);
}

void space_unload(struct space_files *sf)
{
	kstate_free(&sf->ks);
	vmspace_free(&sf->vs);
	buf_free(&sf->vmi);
	buf_free(&sf->iomem);
	buf_free(&sf->modules);
	buf_free(&sf->meminfo);
	buf_free(&sf->kallsyms);
}
