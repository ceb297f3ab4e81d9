// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The live kernel's layout without debuginfo: symbols from /proc/kallsyms,
 * the KASLR bases read as values through /proc/kcore, the paging mode.
 */
#include <err.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel/kview.h"
#include "lib/common.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"

/* /proc/kallsyms, unless the caller's is borrowed already: 0, or -1 said */
static int read_kallsyms(struct kview *kv, const char *sysroot)
{
	if (kv->kallsyms_borrowed)
		return 0;
	return sysfile_read(sysroot, "/proc/kallsyms", &kv->kallsyms, 0);
}

static int sym(const struct kview *kv, const char *name, uint64_t *addr, int quiet)
{
	struct ksym k;

	if (kallsyms_find(kv->kallsyms.p, kv->kallsyms.n, name, &k)) {
		if (!quiet)
			warnx("%s: no symbol %s", sysfile_path(kv->sysroot, "/proc/kallsyms"), name);
		return -1;
	}
	if (!k.addr) {
		warnx("%s: %s; %s", sysfile_path(kv->sysroot, "/proc/kallsyms"), hint_hidden(ADDR_ZERO),
		      sysfile_kptr_hint(kv->sysroot));
		return -2;
	}
	*addr = k.addr;
	return 0;
}

static int read_u64_sym(struct kview *kv, const char *name, uint64_t *val)
{
	uint64_t a;
	int rc = sym(kv, name, &a, 0);

	if (rc)
		return rc;
	rc = kcore_read(&kv->kc, a, val, sizeof(*val));
	if (rc) {
		warnx("%s: cannot read %s at 0x%" PRIx64 ": %s", sysfile_path(kv->sysroot, "/proc/kcore"), name,
		      a, strerror(-rc));
		return -1;
	}
	return 0;
}

/* VmallocTotal, from the caller's /proc/meminfo when it read it (kv->meminfo) */
static int vmalloc_total(const struct kview *kv, const char *sysroot, uint64_t *total)
{
	struct buf mi = { 0 };
	int rc;

	if (!kv->meminfo && sysfile_read(sysroot, "/proc/meminfo", &mi, 0))
		return -1;
	rc = kv->meminfo ? meminfo_get(kv->meminfo->p, kv->meminfo->n, "VmallocTotal", total)
			 : meminfo_get(mi.p, mi.n, "VmallocTotal", total);
	if (rc)
		warnx("%s: no VmallocTotal", sysfile_path(sysroot, "/proc/meminfo"));
	buf_free(&mi);
	return rc;
}

/*
 * x86_32 (e.g. Debian 686-pae): without page_offset_base and friends, and often
 * without data symbols in kallsyms, the bounds come from kcore's own segments:
 * the RAM ones give PAGE_OFFSET and the end of lowmem (high_memory), and the
 * one kcore adds for the vmalloc area (no physical address) has VmallocTotal's
 * size. Modules live in the vmalloc area there. The page-table walk (PAE) is
 * not supported.
 */
static int kview_open_i386(struct kview *kv, const char *sysroot)
{
	uint64_t total, lowmem_end = 0;
	size_t i;
	int have_po = 0;

	if (vmalloc_total(kv, sysroot, &total))
		return -1;
	for (i = 0; i < kv->kc.nseg; i++) {
		const struct kseg *s = &kv->kc.seg[i];

		if (s->paddr != KSEG_NO_PADDR) {
			if (!have_po) {
				kv->page_offset_base = s->vaddr - s->paddr;
				have_po = 1;
			}
			if (s->vaddr + s->size > lowmem_end)
				lowmem_end = s->vaddr + s->size;
		} else if (s->size >= total && s->size - total < 8192 && !kv->vmalloc_base) {
			kv->vmalloc_base = s->vaddr;
			kv->vmalloc_end = s->vaddr + s->size;
		}
	}
	if (!have_po || !kv->vmalloc_base) {
		warnx("%s: cannot find the direct map and the vmalloc area among its segments",
		      sysfile_path(sysroot, "/proc/kcore"));
		return -1;
	}
	kv->lowmem_end = lowmem_end;
	kv->modules_start = kv->vmalloc_base;
	kv->modules_end = kv->vmalloc_end;
	kv->levels = 0;		/* not read: vtop is x86_64 only */
	if (read_kallsyms(kv, sysroot))
		return -1;
	if (sym(kv, "_text", &kv->text_start, 0) || sym(kv, "_etext", &kv->text_end, 0))
		return -1;
	return 0;
}

/* /proc/kallsyms with every address zero: kernel.kptr_restrict=2, or no CAP_SYSLOG */
static int kallsyms_hidden(const struct buf *b)
{
	struct ksym k;
	size_t pos = 0;
	struct sv line;
	int lines = 0;

	while (lines < 16 && next_line(b->p, b->n, &pos, &line))
		if (!kallsyms_parse_line(line.p, line.n, &k) && ++lines && k.addr)
			return 0;
	return lines > 0;
}

/*
 * kallsyms hidden (kptr_restrict=2): Debian's /boot/System.map-RELEASE, its
 * link-time addresses moved by this boot's KASLR offset (kcore's VMCOREINFO
 * KERNELOFFSET), stands in for the core kernel's symbols, written in
 * kallsyms' format over kv->kallsyms. Per-CPU symbols (offsets, below 4 GiB)
 * are not moved. Checked: _text must be where kcore's text segment starts.
 * Modules have no symbols then. 0, or -1 with why.
 */
static int system_map(struct kview *kv, const char *sysroot, char *why, size_t len)
{
	struct utsname u;
	char path[128];
	struct buf map;
	uint64_t off, text = 0;
	size_t pos = 0, o = 0, i;
	struct sv line;
	char *out;

	if (sysroot || uname(&u)) {
		snprintf(why, len, "no System.map for a capture");
		return -1;
	}
	/* Debian's linux-image-RELEASE-dbg has the real one; /boot's is a stub there */
	snprintf(path, sizeof(path), "/usr/lib/debug/boot/System.map-%s", u.release);
	if (access(path, R_OK))
		snprintf(path, sizeof(path), "/boot/System.map-%s", u.release);
	if (access(path, R_OK)) {
		snprintf(why, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (kcore_vmcoreinfo(&kv->kc, "KERNELOFFSET", &off)) {
		snprintf(why, len, "/proc/kcore: no KERNELOFFSET in its VMCOREINFO note");
		return -1;
	}
	if (sysfile_read(NULL, path, &map, 0))
		return snprintf(why, len, "%s: unreadable", path), -1;
	out = malloc(map.n + map.n / 4 + 64);
	if (!out)
		err(EXIT_ERROR, "out of memory");
	while (next_line(map.p, map.n, &pos, &line)) {
		struct ksym k;

		if (kallsyms_parse_line(line.p, line.n, &k))
			continue;
		if (k.addr >= 0xffffffff00000000ULL)
			k.addr += off;
		if (k.name.n == 5 && !memcmp(k.name.p, "_text", 5))
			text = k.addr;
		o += (size_t)sprintf(out + o, "%016llx %c %.*s\n", (unsigned long long)k.addr, k.type, (int)k.name.n,
				     k.name.p);
	}
	buf_free(&map);
	for (i = 0; i < kv->kc.nseg && text; i++)
		if (kv->kc.seg[i].vaddr == text)
			break;
	if (!text || i == kv->kc.nseg) {
		free(out);
		if (!text)	/* Debian's: one line pointing to linux-image-RELEASE-dbg */
			snprintf(why, len, "%s has no symbols (Debian ships the real one in linux-image-%s-dbg)", path,
				 u.release);
		else
			snprintf(why, len, "%s does not match this kernel (_text is not where /proc/kcore has it)", path);
		return -1;
	}
	if (!kv->kallsyms_borrowed)
		buf_free(&kv->kallsyms);
	kv->kallsyms_borrowed = 0;
	kv->kallsyms.p = out;
	kv->kallsyms.n = o;
	kv->kallsyms.mapped = 0;
	kv->system_map = 1;
	return 0;
}

/* The rest of kview_open, kcore open: symbols, bases, paging. Closes kv on failure. */
static int kview_from_kcore(struct kview *kv, const char *sysroot)
{
	uint64_t a, top;
	uint32_t l5 = 0;
	const struct kseg *s;

	if (kv->kc.machine == EM_386)
		return kview_open_i386(kv, sysroot) ? (kview_close(kv), -1) : 0;
	if (kv->kc.machine != EM_X86_64) {
		warnx("%s: machine %u: only x86_64 (and i386 for layout) is supported",
		      sysfile_path(sysroot, "/proc/kcore"), kv->kc.machine);
		goto fail;
	}
	if (read_kallsyms(kv, sysroot))
		goto fail;
	if (kallsyms_hidden(&kv->kallsyms)) {
		char why[1024];

		if (system_map(kv, sysroot, why, sizeof(why))) {
			warnx("%s: %s; and %s; %s", sysfile_path(sysroot, "/proc/kallsyms"), hint_hidden(ADDR_ZERO), why,
			      sysfile_kptr_hint(sysroot));
			goto fail;
		}
	}
	if (sym(kv, "_text", &kv->text_start, 0) || sym(kv, "_etext", &kv->text_end, 0))
		goto fail;
	/* the KASLR bases are variables: their values, read through kcore */
	if (read_u64_sym(kv, "page_offset_base", &kv->page_offset_base) ||
	    read_u64_sym(kv, "vmalloc_base", &kv->vmalloc_base) ||
	    read_u64_sym(kv, "vmemmap_base", &kv->vmemmap_base))
		goto fail;
	kv->levels = 4;
	if (sym(kv, "__pgtable_l5_enabled", &a, 1) == 0) {
		if (kcore_read(&kv->kc, a, &l5, sizeof(l5)))
			goto fail;
		if (l5)
			kv->levels = 5;
	}
	{
		uint64_t total;

		if (vmalloc_total(kv, sysroot, &total))
			goto fail;
		kv->vmalloc_end = (kv->vmalloc_base + total + PAGE_SIZE - 1) & PAGE_MASK;
	}
	kv->modules_start = X86_64_MODULES_VADDR;
	kv->modules_end = X86_64_MODULES_END;
	if (sym(kv, "init_top_pgt", &top, 0))
		goto fail;
	s = kseg_by_vaddr(kv->kc.seg, kv->kc.nseg, top);
	if (!s || s->paddr == KSEG_NO_PADDR) {
		warnx("%s: no physical address for init_top_pgt", sysfile_path(sysroot, "/proc/kcore"));
		goto fail;
	}
	kv->top_pgt_phys = s->paddr + (top - s->vaddr);
	return 0;
fail:
	kview_close(kv);
	return -1;
}

int kview_open_with(struct kview *kv, const char *sysroot, const struct buf *meminfo, const struct buf *kallsyms)
{
	memset(kv, 0, sizeof(*kv));
	kv->sysroot = sysroot;
	kv->meminfo = meminfo;
	if (kallsyms) {
		kv->kallsyms = *kallsyms;
		kv->kallsyms_borrowed = 1;
	}
	if (kcore_open(&kv->kc, sysroot))
		return -1;
	return kview_from_kcore(kv, sysroot);
}

int kview_open(struct kview *kv, const char *sysroot)
{
	return kview_open_with(kv, sysroot, NULL, NULL);
}

void kview_close(struct kview *kv)
{
	free(kv->tables);
	kv->tables = NULL;
	kcore_close(&kv->kc);
	if (!kv->kallsyms_borrowed)
		buf_free(&kv->kallsyms);
	memset(&kv->kallsyms, 0, sizeof(kv->kallsyms));
	kv->kallsyms_borrowed = 0;
}

int kview_symbol(const struct kview *kv, const char *name, uint64_t *addr)
{
	struct ksym k;

	if (kallsyms_find(kv->kallsyms.p, kv->kallsyms.n, name, &k))
		return -1;
	if (!k.addr)
		return -2;
	*addr = k.addr;
	return 0;
}

int kview_resolve(const struct kview *kv, const char *text, uint64_t *addr)
{
	char *end;

	if (!strncmp(text, "0x", 2) || !strncmp(text, "0X", 2)) {
		errno = 0;
		*addr = strtoull(text, &end, 16);
		if (errno || *end) {
			warnx("invalid address: %s", text);
			return -1;
		}
		return 0;
	}
	return sym(kv, text, addr, 0) ? -1 : 0;
}

int kview_in_vmalloc_space(const struct kview *kv, uint64_t va)
{
	return (va >= kv->vmalloc_base && va < kv->vmalloc_end) ||
	       (va >= kv->modules_start && va < kv->modules_end);
}

static int phys_u64(void *ctx, uint64_t pa, uint64_t *val)
{
	return kcore_read_phys(ctx, pa, val, sizeof(*val));
}

int kview_vtop(const struct kview *kv, uint64_t va, struct x86_walk *w)
{
	if (kv->kc.machine != EM_X86_64) {
		memset(w, 0, sizeof(*w));
		return -2;	/* not supported */
	}
	return x86_walk(kv->top_pgt_phys, kv->levels, va, phys_u64, (void *)&kv->kc, w);
}

static int phys_table(void *ctx, uint64_t pa, uint64_t table[512])
{
	return kcore_read_phys(ctx, pa, table, 512 * sizeof(uint64_t));
}

int kview_translate(struct kview *kv, uint64_t va, uint64_t *phys)
{
	if (kv->kc.machine != EM_X86_64)
		return -2;
	if (!kv->tables) {
		kv->tables = calloc(1, sizeof(*kv->tables));
		if (!kv->tables)
			err(EXIT_ERROR, "out of memory");
	}
	return x86_translate(kv->tables, kv->top_pgt_phys, kv->levels, va, phys_table, &kv->kc, phys);
}

int kview_open_walk(struct kview *kv, const char *sysroot)
{
	uint64_t top, l5;
	const struct kseg *s;

	memset(kv, 0, sizeof(*kv));
	kv->sysroot = sysroot;
	if (kcore_open(&kv->kc, sysroot))
		return -1;
	if (kv->kc.machine == EM_X86_64 &&
	    kcore_vmcoreinfo(&kv->kc, "SYMBOL(init_top_pgt)", &top) == 0 &&
	    kcore_vmcoreinfo(&kv->kc, "NUMBER(pgtable_l5_enabled)", &l5) == 0 &&
	    (s = kseg_by_vaddr(kv->kc.seg, kv->kc.nseg, top)) != NULL && s->paddr != KSEG_NO_PADDR) {
		kv->top_pgt_phys = s->paddr + (top - s->vaddr);
		kv->levels = l5 ? 5 : 4;
		return 0;
	}
	return kview_from_kcore(kv, sysroot);	/* the kcore already open: not opened again */
}
