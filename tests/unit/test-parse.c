// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the pure parsers on single lines, for the cases fixtures cannot
 * hold together: formats of old and new kernels side by side, and broken input.
 * Prints TAP; exits non-zero on any failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/area.h"
#include "lib/fit.h"
#include "lib/kstate.h"
#include "lib/ksyms.h"
#include "lib/parse.h"
#include "lib/units.h"
#include "lib/vtrace.h"

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, what);
}

static int vmi(const char *line, struct vmi_entry *e)
{
	const char *why = NULL;

	return vmi_parse_line(line, strlen(line), e, &why);
}

static int sveq(struct sv s, const char *lit)
{
	return sv_eq(s, lit);
}

/* the kernel's state as read: its checks, the first fit, the count, kallsyms by address */
static void kernel_state(void)
{
	/* 4K pages; the space [1, 0x100000) tiled by busy, lazy, pool and free */
	struct kbusy busy[] = { { .start = 0x10000, .end = 0x12000 }, { .start = 0x20000, .end = 0x30000 } };
	struct kva lazy[] = { { 0x12000, 0x14000 } }, pool[] = { { 0x14000, 0x15000 } };
	struct kva fr[] = { { 1, 0x10000 }, { 0x15000, 0x20000 }, { 0x30000, 0x100000 } };
	struct kstate ks = { 0 };
	struct karea_use u;
	struct kva *m;
	size_t nm;
	uint64_t at;
	const struct kva *blk;
	char why[200];
	struct ksym_index ix;
	char out[128];
	static const char syms[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81000100 T alpha\n"
		"ffffffff81000100 T alpha_alias\n"
		"ffffffff81000180 t beta\n"
		"ffffffffc0000000 t mod_init\t[demo]\n"
		"ffffffffc0000040 t mod_map\t[demo]\n"
		"ffffffffc0000090 t mod_last\t[demo]\n";

	ks.busy = busy;
	ks.nbusy = 2;
	ks.lazy = lazy;
	ks.nlazy = 1;
	ks.pool = pool;
	ks.npool = 1;
	ks.free = fr;
	ks.nfree = 3;
	ks.space_end = 0x100000;
	ks.free_root_max = 0x100000 - 0x30000;
	ok(kstate_check(&ks, why, sizeof(why)) == 0, "kstate: busy, lazy, pool and free tile the space");
	ks.free_root_max = 0x1000;
	ok(kstate_check(&ks, why, sizeof(why)) && strstr(why, "largest"), "kstate: the root's max must be the largest block");
	ks.free_root_max = 0x100000 - 0x30000;
	fr[1].start = 0x16000;
	ok(kstate_check(&ks, why, sizeof(why)) && strstr(why, "gap"), "kstate: a gap is a read that changed");
	fr[1].start = 0x14000;
	ok(kstate_check(&ks, why, sizeof(why)) && strstr(why, "overlap"), "kstate: an overlap too");
	fr[1].start = 0x15000;
	kstate_area_use(&ks, 0x8000, 0x40000, &u);
	ok(u.nfree == 3 && u.free == 0x8000 + 0xb000 + 0x10000 && u.largest == 0x10000 && u.lazy == 0x2000 &&
	   u.pool == 0x1000 && u.busy == 0x12000, "kstate: an area's use, ranges cut at its bounds");

	/* the lowest fit; the kernel fails when the lowest fit lies past vend */
	ok(kfit(fr, 3, 0x4000, 0x1000, 0x8000, 0x100000, &at, &blk) == 0 && at == 0x8000, "kfit: the lowest block, from vstart");
	ok(kfit(fr, 3, 0x9000, 0x1000, 0x8000, 0x100000, &at, &blk) == 0 && at == 0x15000, "kfit: the next block that holds it");
	ok(kfit(fr, 3, 0x4000, 0x10000, 0x8000, 0x100000, &at, &blk) == 0 && at == 0x30000, "kfit: aligned");
	ok(kfit(fr, 3, 0x20000, 0x1000, 0x8000, 0x40000, &at, &blk) == -1, "kfit: the lowest fit past vend fails");
	ok(kfit(fr, 3, 0xd1000, 0x1000, 0x8000, 0x100000, &at, &blk) == -1, "kfit: too big");
	/* 0x4000 at a time: 2 in [0x8000,0x10000), 2 in [0x15000,0x20000) (0x3000 left), 52 above */
	ok(kfit_count(fr, 3, NULL, 0, 0x4000, 0x1000, 0x8000, 0x100000, 1000) == 2 + 2 + 52, "kfit_count: back to back, block by block");
	/* after a purge the lazy 0x2000 joins the 0x1000 left below it... not enough: the same */
	ok(kfit_count(fr, 3, lazy, 1, 0x4000, 0x1000, 0x8000, 0x100000, 1000) == 56, "kfit_count: the purge gives too little");
	ok(kfit_count(fr, 3, lazy, 1, 0x3000, 0x1000, 0x8000, 0x100000, 1000) == 2 + 3 + 69,
	   "kfit_count: the leftovers (0x2000 each) stay too small after the purge");
	{	/* a leftover of 0x2000 joined by the purged 0x1000 above it: one more */
		struct kva f2[] = { { 0x1000, 0x3000 } }, l2[] = { { 0x3000, 0x4000 } };

		ok(kfit_count(f2, 1, NULL, 0, 0x3000, 0x1000, 0x1000, 0x100000, 10) == 0 &&
		   kfit_count(f2, 1, l2, 1, 0x3000, 0x1000, 0x1000, 0x100000, 10) == 1,
		   "kfit_count: the purge joins a leftover and a lazy area into room for one more");
	}
	ok(kfit_count(fr, 3, NULL, 0, 0x4000, 0x1000, 0x8000, 0x100000, 5) == 5, "kfit_count: at most max");
	ok(kva_union(fr, 3, lazy, 1, &m, &nm) == 0 && nm == 4 && m[0].end == 0x10000 && m[1].start == 0x12000,
	   "kva_union: in order, disjoint ones kept apart");
	free(m);
	ok(kva_complement(fr, 3, 0x8000, 0x40000, &m, &nm) == 0 && nm == 2 && m[0].start == 0x10000 &&
	   m[0].end == 0x15000 && m[1].start == 0x20000 && m[1].end == 0x30000, "kva_complement: what the ranges leave");
	free(m);
	{	/* fit over the kernel's lists: the purge gives back the lazy area and the pool */
		struct kva lp[] = { { 0x12000, 0x15000 } };
		struct fit_answer fa;
		uint64_t need;

		ok(fit_kernel(&ks, 0x9000, 0x1000, 0x8000, 0x100000, &fa) == 0 && fa.fits && fa.at == 0x15000 &&
		   fa.hole.start == 0x15000 && fa.hole.end == 0x20000 && fa.fits_later && fa.at_later == 0x12000 &&
		   fa.count == (uint64_t)kfit_count(fr, 3, lp, 1, 0x9000, 0x1000, 0x8000, 0x100000, FIT_COUNT_MAX) &&
		   !fa.have_pooled, "fit_kernel: now in the free tree, after a purge where the lazy area and the pool were");
		ks.nodes = 2;
		ok(fit_kernel(&ks, 0x1000, 0x1000, 0x8000, 0x100000, &fa) == 0 && fa.have_pooled && fa.pooled == 1,
		   "fit_kernel: the pooled areas of exactly the size (6.9+)");
		ok(fit_kernel(&ks, 0xd1000, 0x1000, 0x8000, 0x100000, &fa) == 0 && !fa.fits && !fa.fits_later &&
		   !fa.count && !fa.hole.start, "fit_kernel: too big, before and after a purge");
		ks.nodes = 0;
		ok(fit_need(1, 1, &need) == 0 && need == 0x2000 && fit_need(0x1000, 0, &need) == 0 && need == 0x1000 &&
		   fit_need(UINT64_MAX - 0x800, 1, &need) == -1, "fit_need: whole pages and the guard page; too big");
	}
	{	/* the areas' bounds: the kernel's, the text's, x86_64's modules; none on 32-bit */
		struct area_facts f = { .kernel = 1, .vstart = 0x1000, .vend = 0x9000, .mstart = 0x9000, .mend = 0x9000 };
		uint64_t lo, hi;

		ok(area_bounds(&f, 0, &lo, &hi) == AREA_OK && lo == 0x1000 && hi == 0x9000 &&
		   area_bounds(&f, 1, &lo, &hi) == AREA_EMPTY, "area_bounds: the kernel's, an empty one refused");
		memset(&f, 0, sizeof(f));
		f.lowest = 0xffffc90000000000ULL;
		f.addr_digits = 16;
		ok(area_bounds(&f, 0, &lo, &hi) == AREA_UNKNOWN, "area_bounds: the text without VmallocTotal");
		f.have_total = 1;
		f.total = 0x100000;
		ok(area_bounds(&f, 0, &lo, &hi) == AREA_OK && lo == f.lowest && hi == f.lowest + 0x100000 &&
		   area_bounds(&f, 1, &lo, &hi) == AREA_OK && lo == X86_64_MODULES_VADDR && hi == X86_64_MODULES_END,
		   "area_bounds: the text's from its lowest region; x86_64's module area");
		f.addr_digits = 8;
		ok(area_bounds(&f, 1, &lo, &hi) == AREA_MODULES_32BIT, "area_bounds: a 32-bit kernel has no module area apart");
		f.lowest = UINT64_MAX;
		ok(area_bounds(&f, 0, &lo, &hi) == AREA_UNKNOWN, "area_bounds: no region");
	}

	ok(ksym_index_build(syms, strlen(syms), &ix) == 0 && ix.n == 7, "ksyms: every symbol indexed");
	ksym_format(&ix, 0xffffffff81000110, out, sizeof(out));
	ok(!strcmp(out, "alpha+0x10/0x80"), "ksyms: %pS, the first alias, its size to the next symbol");
	ksym_format(&ix, 0xffffffffc0000058, out, sizeof(out));
	ok(!strcmp(out, "mod_map+0x18/0x50 [demo]"), "ksyms: a module's symbol and its module");
	ksym_format(&ix, 0xffffffffc00000a0, out, sizeof(out));
	ok(!strcmp(out, "0xffffffffc00000a0"), "ksyms: past a module's last symbol, the address (its end is not known)");
	ksym_format(&ix, 0x1000, out, sizeof(out));
	ok(!strcmp(out, "0x1000"), "ksyms: below every symbol, the address");
	ksym_index_free(&ix);
}

/*
 * The vmalloc tracepoints as Debian's 6.12.95 prints them in a tracefs
 * instance with a stacktrace trigger (lines taken from the 6.12 guest;
 * the purge, failure and lost lines follow the same kernel's print formats).
 */
static void test_vtrace(void)
{
	static const char *const lines[] = {
		"# tracer: nop",
		"            bash-168     [002] .....     7.651482: alloc_vmap_area: va_start: 18446692802541846528 size=20480 align=16384 vstart=0xffffd15e80000000 vend=0xfffff15e7fffffff failed=0",
		/* another CPU's event between an event and its stack */
		"     kworker/1:1-60      [001] .....     7.653000: free_vmap_area_noflush: va_start=0xffffd15e80440000 nr_lazy=99 nr_lazy_max=24576",
		"            bash-168     [002] .....     7.654785: <stack trace>",
		" => __traceiter_alloc_vmap_area",
		" => trace_event_raw_event_alloc_vmap_area",
		" => alloc_vmap_area",
		" => __get_vm_area_node",
		" => __vmalloc_node_range_noprof",
		" => copy_process",
		" => kernel_clone",
		"          insmod-179     [002] .....     7.782154: alloc_vmap_area: va_start: 18446692802542161920 size=12288 align=1 vstart=0xffffd15e80000000 vend=0xfffff15e7fffffff failed=0",
		"          insmod-179     [002] .....     7.782217: <stack trace>",
		" => trace_event_raw_event_alloc_vmap_area",
		" => alloc_vmap_area",
		" => __get_vm_area_node",
		" => __vmalloc_node_range_noprof",
		" => vmalloc_noprof",
		" => map_pages [vmapctl_demo]",
		" => demo_ioctl [vmapctl_demo]",
		"     kworker/0:2-61      [000] .....     8.000001: free_vmap_area_noflush: va_start=0xffffd15e80090000 nr_lazy=3 nr_lazy_max=24576",
		"     kworker/0:2-61      [000] .....     8.000002: free_vmap_area_noflush: va_start=0xffffd15e800a0000 nr_lazy=6 nr_lazy_max=24576",
		"     kworker/0:2-61      [000] .....     8.000003: purge_vmap_area_lazy: start=0xffffd15e80000000 end=0xffffd15e800b0000 num_purged=2",
		"vmapctl demo ov-300     [003] .....     9.100000: alloc_vmap_area: va_start: 18446744073709551604 size=35184372092928 align=1073741824 vstart=0xffffd15e80000000 vend=0xfffff15e7fffffff failed=1",
		"vmapctl demo ov-300     [003] .....     9.100001: <stack trace>",
		" => __traceiter_alloc_vmap_area",
		" => alloc_vmap_area",
		" => __get_vm_area_node",
		" => get_vm_area_caller",
		" => __ioremap_caller.constprop.0",
		" => demo_overask [vmapctl_demo]",
		" => demo_ioctl [vmapctl_demo]",
		" => __x64_sys_ioctl",
		"vmapctl demo ov-300     [003] .....     9.200000: alloc_vmap_area: va_start: 18446744073709551604 size=35184372092928 align=1073741824 vstart=0xffffd15e80000000 vend=0xfffff15e7fffffff failed=1",
		"vmapctl demo ov-300     [003] .....     9.200001: <stack trace>",
		" => alloc_vmap_area",
		" => demo_overask [vmapctl_demo]",
		"CPU:2 [LOST 17 EVENTS]",
		"            bash-168     [002] .....    10.000000: free_vmap_area_noflush: va_start=0xffffd15e80050000 nr_lazy=9 nr_lazy_max=24576",
		"            bash-168     [002] .....    10.000001: free_vmap_area_noflush: va_start=0xffffd15e80007000 nr_lazy=9 nr_lazy_max=24576",
		"garbage",
	};
	struct vtrace t = { 0 };
	struct vt_line l;
	size_t i, ms = SIZE_MAX, kc = SIZE_MAX, cp = SIZE_MAX;
	int bad = 0;

	ok(vt_parse_line(sv_cstr(lines[23]), &l) == VT_ALLOC && l.failed && l.pid == 300 && l.cpu == 3 &&
	   sv_eq(l.comm, "vmapctl demo ov") && sv_eq(l.ts, "9.100000") && l.size == 35184372092928ULL &&
	   l.vend == 0xfffff15e7fffffffULL, "vtrace: an alloc_vmap_area line, a comm with blanks and a dash");
	ok(vt_parse_line(sv_cstr(lines[18]), &l) == VT_FRAME && sv_eq(l.frame, "map_pages") &&
	   sv_eq(l.frame_module, "vmapctl_demo"), "vtrace: a module's frame");
	ok(vt_parse_line(sv_cstr(" => __ioremap_caller.constprop.0+0x2a/0x60"), &l) == VT_FRAME &&
	   sv_eq(l.frame, "__ioremap_caller.constprop.0") && !l.frame_module.p, "vtrace: a frame with an offset");
	ok(vt_frame_is_allocator(sv_cstr("__vmalloc_node_range_noprof")) && vt_frame_is_allocator(sv_cstr("vmap")) &&
	   !vt_frame_is_allocator(sv_cstr("copy_process")) && !vt_frame_is_allocator(sv_cstr("map_pages")),
	   "vtrace: the allocator's frames");
	ok(vtrace_seed(&t, 0xffffd15e80050000ULL, 20480, sv_cstr("kernel_clone"), (struct sv){ NULL, 0 }) == 0,
	   "vtrace: a region there before");
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (vtrace_line(&t, sv_cstr(lines[i])))
			bad++;
	vtrace_finish(&t);
	for (i = 0; i < t.ncallers; i++) {
		if (!strcmp(t.callers[i].func, "map_pages"))
			ms = i;
		if (!strcmp(t.callers[i].func, "kernel_clone"))
			kc = i;
		if (!strcmp(t.callers[i].func, "copy_process"))
			cp = i;
	}
	ok(!bad && t.allocs == 2 && t.alloc_bytes == 20480 + 12288 && t.frees == 5 && t.unknown_frees == 4 &&
	   t.purges == 1 && t.purged == 2 && t.lost == 17 && t.bad == 1, "vtrace: the totals");
	/*
	 * copy_process called __vmalloc_node_range with its own return address (it
	 * inlines alloc_thread_stack_node): the kernel records kernel_clone, as the
	 * same kernel's vmallocinfo (the 6.12 fixtures) names thread stacks
	 */
	ok(cp == SIZE_MAX && kc != SIZE_MAX && t.callers[kc].allocs == 1 && t.callers[kc].alloc_bytes == 20480 &&
	   !t.callers[kc].module, "vtrace: the stack after another CPU's event is the first event's: kernel_clone, as vmallocinfo names it");
	ok(vt_frame_passes_caller(sv_cstr("__vmalloc_node_range_noprof")) && vt_frame_passes_caller(sv_cstr("get_vm_area_caller")) &&
	   !vt_frame_passes_caller(sv_cstr("__vmalloc_node_noprof")) && !vt_frame_passes_caller(sv_cstr("vmalloc_noprof")) &&
	   !vt_frame_passes_caller(sv_cstr("__ioremap_caller.constprop.0")) && !vt_frame_passes_caller(sv_cstr("execmem_alloc")),
	   "vtrace: the allocator's frames that take their caller as an argument");
	ok(ms != SIZE_MAX && t.callers[ms].allocs == 1 && t.callers[ms].alloc_bytes == 12288 &&
	   t.callers[ms].module && !strcmp(t.callers[ms].module, "vmapctl_demo"), "vtrace: map_pages [vmapctl_demo]");
	ok(kc != SIZE_MAX && t.callers[kc].frees == 1 && t.callers[kc].free_bytes == 20480,
	   "vtrace: a free of a region there before, told by its size and caller");
	ok(t.nfail == 1 && t.fail[0].attempts == 2 && t.fail[0].pid == 300 && t.fail[0].caller < t.ncallers &&
	   !strcmp(t.callers[t.fail[0].caller].func, "demo_overask") && t.fail[0].stack &&
	   !strcmp(t.fail[0].stack, "alloc_vmap_area < __get_vm_area_node < get_vm_area_caller < "
		   "__ioremap_caller.constprop.0 < demo_overask [vmapctl_demo] < demo_ioctl [vmapctl_demo] < __x64_sys_ioctl"),
	   "vtrace: one failure of two attempts, its stack from the allocator on");
	{
		uint64_t b = 1;

		ok(vtrace_free_bytes(&t, &b) == 0 && b == 20480, "vtrace: the frees' size, where known (1 of 5)");
		vtrace_free(&t);
		/* frees of areas the trace cannot size (hashed addresses at the start): unknown, not 0 */
		memset(&t, 0, sizeof(t));
		ok(vtrace_free_bytes(&t, &b) == 0 && b == 0, "vtrace: no free, 0 bytes");
		ok(!vtrace_line(&t, sv_cstr(lines[20])) && !vtrace_line(&t, sv_cstr(lines[21])) && t.frees == 2 &&
		   vtrace_free_bytes(&t, &b) == -1, "vtrace: frees none of which is sized: unknown");
	}
	vtrace_free(&t);
	{
		/*
		 * Two more stacks of the same 6.12 trace (tests/fixtures/trace-6.12): vmalloc()
		 * tail-called into __vmalloc_node (its frame gone) from kernel_read_file, and
		 * execmem_alloc for load_module: the callers vmallocinfo prints, kernel_read_file
		 * and load_module (the 6.12 captures' module memory), not the frames above them
		 */
		static const char *const more[] = {
			"          insmod-179     [002] .....     7.782154: alloc_vmap_area: va_start: 18446692802542161920 size=462848 align=1 vstart=0xffffd15e80000000 vend=0xfffff15e7fffffff failed=0",
			"          insmod-179     [002] .....     7.782217: <stack trace>",
			" => trace_event_raw_event_alloc_vmap_area", " => alloc_vmap_area", " => __get_vm_area_node",
			" => __vmalloc_node_range_noprof", " => __vmalloc_node_noprof", " => kernel_read_file",
			" => init_module_from_file", " => idempotent_init_module", " => __x64_sys_finit_module",
			"          insmod-179     [002] .....     7.787365: alloc_vmap_area: va_start: 18446744072640811008 size=12288 align=4096 vstart=0xffffffffc02c4000 vend=0xffffffffff000000 failed=0",
			"          insmod-179     [002] .....     7.787554: <stack trace>",
			" => trace_event_raw_event_alloc_vmap_area", " => alloc_vmap_area", " => __get_vm_area_node",
			" => __vmalloc_node_range_noprof", " => execmem_alloc", " => load_module",
			" => init_module_from_file", " => idempotent_init_module",
		};
		int krf = 0, lm = 0, other = 0;

		memset(&t, 0, sizeof(t));
		for (i = 0; i < sizeof(more) / sizeof(more[0]); i++)
			vtrace_line(&t, sv_cstr(more[i]));
		vtrace_finish(&t);
		for (i = 0; i < t.ncallers; i++) {
			if (!strcmp(t.callers[i].func, "kernel_read_file"))
				krf += (int)t.callers[i].allocs;
			else if (!strcmp(t.callers[i].func, "load_module"))
				lm += (int)t.callers[i].allocs;
			else
				other += (int)t.callers[i].allocs;
		}
		ok(krf == 1 && lm == 1 && !other, "vtrace: vmalloc's caller past a tail call, execmem's: the callers vmallocinfo prints");
		vtrace_free(&t);
	}
}

int main(void)
{
	struct vmi_entry e;
	struct iomem_table io = { 0 };
	struct module_table mt = { 0 };
	struct ksym k;
	uint64_t v;

	/* sizes in human form: integers that print what printf("%.1f") printed */
	{
		static const uint64_t sample[] = { 1023, 1024, 1075, 1076, 1126, 1127, 1536, 10188, 20480,
			1048575, 1048576, 1101004, 1101005, 1153433, 5767168, 1099511627776ULL,
			3ULL << 49, (1ULL << 53) - 1, 1ULL << 62, UINT64_MAX };
		uint64_t x = 0x243f6a8885a308d3ULL;
		int i, bad = 0;

		for (i = 0; i < 200000; i++) {
			uint64_t b;
			char got[48], want[48], num[32], *dot;
			static const char units[] = "BKMGTPE";
			unsigned u = 0;
			uint64_t div = 1;

			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			b = i < (int)(sizeof(sample) / sizeof(sample[0])) ? sample[i] : x >> (x % 64);
			while (u < 6 && b / div >= 1024) {
				div *= 1024;
				u++;
			}
			if (u == 0) {
				snprintf(want, sizeof(want), "%lluB", (unsigned long long)b);
			} else {
				snprintf(num, sizeof(num), "%.1f", (double)b / (double)div);
				dot = strchr(num, '.');
				if (dot && !strcmp(dot, ".0"))
					*dot = '\0';
				snprintf(want, sizeof(want), "%s%c", num, units[u]);
			}
			size_to_human(b, got, sizeof(got));
			if (strcmp(got, want) && !bad++)
				printf("# %llu: %s, printf %s\n", (unsigned long long)b, got, want);
		}
		ok(!bad, "size_to_human: what printf's %.1f prints, for 200,000 sizes");
		/* what it prints reads back as a size that prints the same */
		for (bad = 0, i = 0; i < 20000; i++) {
			uint64_t b, back = 0;
			char h[48], h2[48];

			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			b = x >> (x % 64);
			size_to_human(b, h, sizeof(h));
			if ((parse_size(h, &back) || (size_to_human(back, h2, sizeof(h2)), strcmp(h, h2))) && !bad++)
				printf("# %llu: %s read back as %llu\n", (unsigned long long)b, h, (unsigned long long)back);
		}
		ok(!bad, "parse_size reads back what size_to_human prints, for 20,000 sizes");
	}
	{
		static const struct { const char *s; int rc; uint64_t v; } c[] = {
			{ "1.5M", 0, 1572864 }, { "0B", 0, 0 }, { "4KB", 0, 4096 }, { "4KiB", 0, 4096 },
			{ "0x1000", 0, 4096 }, { "4096", 0, 4096 }, { "2g", 0, 2ULL << 30 }, { "0.5K", 0, 512 },
			{ "1.3K", 0, 1331 }, { "15.9E", 0, 18331451923248866918ULL }, { "16E", -1, 0 },
			{ "1.5", -1, 0 }, { "1.M", -1, 0 }, { "-1", -1, 0 }, { " 1", -1, 0 }, { "0x1.8M", -1, 0 },
			{ "1X", -1, 0 }, { "", -1, 0 }, { "M", -1, 0 }, { "1MB2", -1, 0 },
		};
		size_t i;
		int bad = 0;

		for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			uint64_t got = 0;
			int rc = parse_size(c[i].s, &got);

			if (rc != c[i].rc || (!rc && got != c[i].v)) {
				printf("# parse_size(\"%s\"): %d %llu\n", c[i].s, rc, (unsigned long long)got);
				bad++;
			}
		}
		ok(!bad, "parse_size: fractions, B, iB, hex; junk and overflow refused");
	}
	{
		char b[32];

		ok(u64_to_hex(0xa0000, 16, b) == 18 && !strcmp(b, "0x00000000000a0000") &&
		   u64_to_hex(0xf77fe000, 8, b) == 10 && !strcmp(b, "0xf77fe000") &&
		   u64_to_dec(18446744073709551615ULL, b) == 20 && !strcmp(b, "18446744073709551615") &&
		   u64_to_dec(0, b) == 1 && !strcmp(b, "0"), "hex and decimal digits");
	}

	/*
	 * the one sort: stable, for every path (insertion; 64-bit keys in six
	 * digits; page-aligned kernel addresses, few bits that differ; a sorted
	 * input; ascending runs merged; many ties; 32, 33, 128, 129 runs: the
	 * merge and the radix past it), and a permutation of its input: each
	 * element once, with its own key
	 */
	{
		static const size_t sizes[] = { 0, 1, 5, 63, 64, 1000, 70000, 4096, 70000, 70000, 7001, 7002,
						70000, 70000, 70000, 70000 };
		static const size_t runs[] = { 32, 33, 128, 129 };
		struct kv { uint64_t key; uint64_t seq; } *a = malloc(70000 * sizeof(*a)),
							  *orig = malloc(70000 * sizeof(*orig));
		unsigned char *seen = malloc(70000);
		uint64_t x = 88172645463325252ULL;
		size_t z, i;
		int bad = 0;

		for (z = 0; a && orig && seen && z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			size_t len = sizes[z];

			for (i = 0; i < len; i++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				switch (z < 10 ? z % 4 : z < 12 ? 3 : 4) {
				case 0: a[i].key = x; break;				/* no ties */
				case 1: a[i].key = x % 50; break;			/* many ties */
				case 2: a[i].key = 0xffffc90000000000ULL | (x & 0xffffffff000ULL); break;
				case 3:	/* sorted, or in 2 .. 3 ascending runs with ties */
					a[i].key = z < 10 ? i / 3 : (i % (len / (z - 8) + 1)) / 4;
					break;
				case 4:	/* runs[z - 12] ascending runs, interleaved as a kernel's vmap nodes */
					a[i].key = 0xffffc90000000000ULL + ((i % (len / runs[z - 12] + 1)) * runs[z - 12] +
									     i / (len / runs[z - 12] + 1)) * 4096;
					break;
				}
				a[i].seq = i;
			}
			memcpy(orig, a, len * sizeof(*a));
			if (radix_sort_u64(a, len, sizeof(*a), 0))
				bad++;
			for (i = 1; i < len; i++)
				if (a[i - 1].key > a[i].key || (a[i - 1].key == a[i].key && a[i - 1].seq > a[i].seq))
					bad++;
			memset(seen, 0, len);
			for (i = 0; i < len; i++) {	/* a permutation: every seq once, its key unchanged */
				if (a[i].seq >= len || seen[a[i].seq]++ || a[i].key != orig[a[i].seq].key)
					bad++;
			}
		}
		ok(a && orig && seen && !bad,
		   "radix_sort_u64: a permutation of its input, ordered and stable at 0 .. 70,000 elements, any key bits, up to 129 runs");
		free(a);
		free(orig);
		free(seen);
	}

	/* addresses: the digits-at-once path (16 with SSE2, else 8) agrees with digit by digit, every byte value */
	{
		char line[96];
		int c, pos, bad = 0;

		for (pos = 0; pos < 16; pos++)
			for (c = 1; c < 256; c++) {
				char a[17] = "ffffc9000035a000";
				uint64_t want = 0;
				struct sv sv = { a, 16 };
				int ok_want;

				a[pos] = (char)c;
				ok_want = c != ' ' && c != '\t' && c != '-' && sv_to_u64(sv, 16, &want) == 0;
				snprintf(line, sizeof(line), "0x%s-0x%s 8192 vmalloc", a, a);
				if (strlen(line) != 43)	/* a NUL cut it */
					continue;
				if ((vmi(line, &e) == 0) != ok_want || (ok_want && (e.start != want || e.end != want)))
					bad++;
			}
		ok(!bad, "vmallocinfo: 16-digit addresses read at once, as digit by digit");
	}

	/* broken input: what no kernel prints is refused, never cut or guessed */
	ok(vmi("0x1ffffc90000400000-0x1ffffc90000402000 8192 vmalloc", &e) < 0, "vmallocinfo: 17 hex digits refused");
	ok(vmi("0x0000000000000000-0x0000000000002000 8192 vmalloc", &e) == 0, "vmallocinfo: 16 zero-padded digits taken");
	ok(vmi("0xffffc90000400000-0xffffc90000402000 18446744073709551616 vmalloc", &e) < 0, "vmallocinfo: SIZE past 2^64 refused");
	ok(vmi("0xffffc90000400000-0xffffc90000402000 8192 caf\xe9+0x1/0x2 vmalloc", &e) < 0, "vmallocinfo: non-ASCII caller refused");
	ok(vmi("0xffffc90000400000-0xffffc90000402000 8192 vm\x01alloc", &e) < 0, "vmallocinfo: control byte refused");
	{
		static const char cut[] = "0xffffc90000400000-0xffffc90000402000 8192 vmalloc\n"
					  "0xffffc90000500000-0xffffc90000502000 8192 load_mod";
		struct vmi_table t = { 0 };

		ok(vmi_parse(cut, sizeof(cut) - 1, &t) == 0 && t.n == 1 && t.nerr == 1 && t.err[0].lineno == 2,
		   "vmallocinfo: a last line with no newline is an error, the others kept");
		vmi_table_free(&t);
	}

	/* 6.x: caller with [module], pages, tags, NUMA */
	ok(vmi("0xffffc90000359000-0xffffc9000035e000   20480 xt_alloc_table_info+0x2e/0x80 [x_tables] pages=4 vmalloc N0=4", &e) == 0 &&
	   e.start == 0xffffc90000359000ULL && e.end == 0xffffc9000035e000ULL && e.size == 20480 &&
	   sveq(e.caller, "xt_alloc_table_info+0x2e/0x80") && sveq(e.module, "x_tables") &&
	   e.has_pages && e.pages == 4 && e.tags == VMI_VMALLOC && sveq(e.numa, "N0=4") &&
	   e.addr_digits == 16, "vmalloc line with [module] and NUMA");
	/* phys as %pa (new) and as bare %llx (old kernels) */
	ok(vmi("0xffffc90000005000-0xffffc90000007000    8192 acpi_os_map_iomem+0x1bc/0x1e0 phys=0x00000000000a0000 ioremap", &e) == 0 &&
	   e.has_phys && e.phys == 0xa0000 && e.tags == VMI_IOREMAP, "phys=0x... (current kernels)");
	ok(vmi("0xffffc20000302000-0xffffc20000304000    8192 acpi_tb_verify_table+0x21/0x4f phys=7fee8000 ioremap", &e) == 0 &&
	   e.has_phys && e.phys == 0x7fee8000, "phys=... bare hex (old kernels)");
	/* lines without caller */
	ok(vmi("0xffffc90000400000-0xffffc90000500000 1048576 vm_map_ram", &e) == 0 &&
	   !e.caller.n && e.tags == VMI_VM_MAP_RAM, "vm_map_ram line has no caller");
	ok(vmi("0xffffc9000001e000-0xffffc90000020000    8192 unpurged vm_area", &e) == 0 &&
	   !e.caller.n && e.tags == VMI_UNPURGED && e.nextra == 0, "unpurged vm_area");
	/* several tags, multi-node NUMA */
	ok(vmi("0xffffc90000861000-0xffffc90000aa3000 2367488 htab_map_alloc+0x2e4/0x5a0 pages=577 vmalloc vpages N0=300 N1=277", &e) == 0 &&
	   e.tags == (VMI_VMALLOC | VMI_VPAGES) && sveq(e.numa, "N0=300 N1=277"), "vmalloc vpages, two nodes");
	ok(vmi("0x000000007c1fb079-0x00000000d0938a2b  147456 ringbuf_map_alloc+0x151/0x260 vmap user", &e) == 0 &&
	   e.tags == (VMI_VMAP | VMI_USER), "vmap user (hashed addresses parse too)");
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 foo+0x1/0x2 sparse dma-coherent", &e) == 0 &&
	   e.tags == (VMI_SPARSE | VMI_DMA_COHERENT), "sparse and dma-coherent (5.3+, 6.9+)");
	/* a tag of a future kernel is kept as is */
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 foo+0x1/0x2 pages=1 vmalloc shiny N0=1", &e) == 0 &&
	   e.nextra == 1 && sveq(e.extra[0], "shiny") && e.tags == VMI_VMALLOC, "unknown tag kept");
	/* a caller that is a raw address (freed __init code) */
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 0xffffffffc0a01234 pages=1 vmalloc", &e) == 0 &&
	   sveq(e.caller, "0xffffffffc0a01234"), "raw-address caller");
	/* "[module buildid]" keeps the module name only */
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 f+0x1/0x2 [mod 0123abcd] pages=1 vmalloc", &e) == 0 &&
	   sveq(e.module, "mod") && e.tags == VMI_VMALLOC, "[module buildid]");
	/* 32-bit */
	ok(vmi("0xf7800000-0xf7802000    8192 foo+0x1/0x2 pages=1 vmalloc", &e) == 0 && e.addr_digits == 8 &&
	   e.start == 0xf7800000, "32-bit addresses");
	/* %p before the kernel's hash key exists (early boot, kptr_restrict=0) */
	ok(vmi("0x(____ptrval____)-0x(____ptrval____)   20480 irq_init_percpu_irqstack+0xf0/0x120 vmap", &e) == 0 &&
	   e.ptrval && e.size == 20480 && e.tags == VMI_VMAP && vmi_addr_mode(&e, 1) == ADDR_PTRVAL,
	   "(____ptrval____) addresses are hidden, the rest parses");
	ok(vmi("0x(____ptrval____)-0xffffc90000002000 8192 f+0x1/0x2 vmap", &e) < 0, "half ptrval refused");
	/* malformed */
	ok(vmi("garbage", &e) < 0, "garbage refused");
	ok(vmi("0xffffc90000000000-0xffffc90000002000 12k foo+0x1/0x2", &e) < 0, "bad size refused");
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 foo+0x1/0x2 pages=x vmalloc", &e) < 0, "bad pages= refused");
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 foo+0x1/0x2 phys=0xzz", &e) < 0, "bad phys= refused");
	ok(vmi("0xffffc90000000000-0xffffc90000002000", &e) < 0, "missing size refused");
	ok(vmi("0x1ffffffffffffffff-0x2 8192", &e) < 0, "address overflow refused");
	ok(vmi("0xffffc90000000000-0xffffc90000002000 8192 f+0x1/0x2 [mod", &e) < 0, "unterminated [module] refused");
	ok(vmi("   ", &e) == 1, "blank line skipped");

	/* address modes */
	{
		struct vmi_entry a[2];

		vmi("0xffffc90000000000-0xffffc90000002000 8192 f+0x1/0x2 vmap", &a[0]);
		vmi("0xffffc90000002000-0xffffc90000003000 4096 f+0x1/0x2 vmap", &a[1]);
		ok(vmi_addr_mode(a, 2) == ADDR_REAL, "real addresses detected");
		vmi("0x000000007c1fb079-0x00000000d0938a2b 8192 f+0x1/0x2 vmap", &a[1]);
		ok(vmi_addr_mode(a, 2) == ADDR_HASHED, "one hashed line makes all untrusted");
		vmi("0x0000000000000000-0x0000000000000000 8192 f+0x1/0x2 vmap", &a[0]);
		vmi("0x0000000000000000-0x0000000000000000 4096 f+0x1/0x2 vmap", &a[1]);
		ok(vmi_addr_mode(a, 2) == ADDR_ZERO, "zeroed addresses detected");
	}

	/* iomem: nesting, wide values, names with spaces and colons */
	{
		const char *s = "00000000-00000fff : Reserved\n"
				"c0000000-febfffff : PCI Bus 0000:00\n"
				"  fea00000-feafffff : 0000:00:04.0\n"
				"    fea00000-fea000ff : edu\n"
				"100000000-13fffffff : System RAM\n"
				"bogus line\n";

		ok(iomem_parse(s, strlen(s), &io) == 0 && io.n == 5 && io.nbad == 1 && io.first_bad == 6,
		   "iomem parsed, bad line counted");
		ok(iomem_lookup(&io, 0xfea00010) && sveq(iomem_lookup(&io, 0xfea00010)->name, "edu"),
		   "innermost resource");
		ok(iomem_lookup(&io, 0xfea10000) && sveq(iomem_lookup(&io, 0xfea10000)->name, "0000:00:04.0"),
		   "parent when outside the child");
		ok(iomem_lookup(&io, 0x120000000) && io.v[4].start == 0x100000000ULL, "wide (>32-bit) values");
		ok(!iomem_lookup(&io, 0xbfffffff), "no resource");
		ok(!iomem_is_zeroed(&io), "real iomem is not zeroed");
		iomem_table_free(&io);
	}

	/* iomem_span: the resources a range runs through, indexed and not */
	{
		const char *s = "00000000-00000fff : Reserved\n"
				"00001000-0009fbff : System RAM\n"
				"0009fc00-000fffff : Reserved\n"
				"  000f0000-000fffff : System ROM\n"
				"c0000000-febfffff : PCI Bus 0000:00\n"
				"  fea00000-feafffff : 0000:00:04.0\n"
				"    fea00000-fea000ff : edu\n";
		const struct iomem_entry *r[8];
		int pass;

		ok(iomem_parse(s, strlen(s), &io) == 0 && io.n == 7, "iomem for spans parsed");
		for (pass = 0; pass < 2; pass++) {	/* linear lookups, then indexed ones */
			size_t got;

			got = iomem_span(&io, 0x9f000, 0xa0fff, r, 8);
			ok(got == 2 && sveq(r[0]->name, "System RAM") && sveq(r[1]->name, "Reserved"),
			   pass ? "indexed: a range from System RAM into the EBDA names both" : "a range from System RAM into the EBDA names both");
			got = iomem_span(&io, 0xeff000, 0xefffff, r, 8);
			ok(got == 0, "no resource in a gap");
			got = iomem_span(&io, 0xfe9ff000, 0xfea00fff, r, 8);
			ok(got == 3 && sveq(r[0]->name, "PCI Bus 0000:00") && sveq(r[1]->name, "edu") &&
			   sveq(r[2]->name, "0000:00:04.0"), "a child inside the range is named, then its parent again");
			got = iomem_span(&io, 0xfea00000, 0xfea000ff, r, 8);
			ok(got == 1 && sveq(r[0]->name, "edu"), "a range in one resource names it alone");
			got = iomem_span(&io, 0xbffff000, 0xc0000fff, r, 8);
			ok(got == 1 && sveq(r[0]->name, "PCI Bus 0000:00"), "a range from a gap into a resource");
			got = iomem_span(&io, 0, 0xfffff, r, 2);
			ok(got == 2, "at most max");
			if (!pass && iomem_index(&io))
				break;
		}
		iomem_table_free(&io);
	}

	/* meminfo */
	{
		const char *s = "MemTotal:       24000000 kB\nVmallocTotal:   34359738367 kB\nVmallocUsed:       14044 kB\nHugePages_Total:       0\n";

		ok(meminfo_get(s, strlen(s), "VmallocTotal", &v) == 0 && v == 34359738367ULL * 1024, "VmallocTotal in bytes");
		ok(meminfo_get(s, strlen(s), "HugePages_Total", &v) == 0 && v == 0, "value without unit");
		ok(meminfo_get(s, strlen(s), "Vmalloc", &v) < 0, "no prefix match");
	}

	/* modules */
	{
		const char *s = "vmapctl_demo 16384 0 - Live 0xffffffffc0a00000 (OE)\n"
				"e1000 147456 0 - Live 0x0000000000000000\n";

		ok(modules_parse(s, strlen(s), &mt) == 0 && mt.n == 2 && sveq(mt.v[0].name, "vmapctl_demo") &&
		   mt.v[0].size == 16384 && mt.v[0].base == 0xffffffffc0a00000ULL && mt.v[1].base == 0,
		   "modules: name, size, base");
		module_table_free(&mt);
	}

	/* kallsyms */
	{
		const char *s = "ffffffff81000000 T _text\n"
				"ffffffff82a1b2c0 D vmalloc_base\n"
				"ffffffffc0a01000 t demo_ioctl\t[vmapctl_demo]\n";

		ok(kallsyms_find(s, strlen(s), "vmalloc_base", &k) == 0 && k.addr == 0xffffffff82a1b2c0ULL &&
		   k.type == 'D' && !k.module.n, "kallsyms core symbol");
		ok(kallsyms_find(s, strlen(s), "demo_ioctl", &k) == 0 && sveq(k.module, "vmapctl_demo"),
		   "kallsyms module symbol");
		ok(kallsyms_find(s, strlen(s), "vmalloc", &k) < 0, "kallsyms: no prefix match");
	}

	kernel_state();
	test_vtrace();
	printf("1..%d\n", n);
	return failed != 0;
}
