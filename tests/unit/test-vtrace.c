// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/vtrace.c: the vmalloc tracepoints' lines, their stacks
 * and callers, the totals of a trace.
 */
#include <stdint.h>

#include "lib/vtrace.h"
#include "testsuite.h"

/*
 * The vmalloc tracepoints as Debian's 6.12.95 prints them in a tracefs
 * instance with a stacktrace trigger (lines taken from the 6.12 guest;
 * the purge, failure and lost lines follow the same kernel's print formats).
 */
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

/* single lines, and the frames the allocator is told by */
static void vt_lines(void)
{
	struct vt_line l;

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
	ok(vt_frame_passes_caller(sv_cstr("__vmalloc_node_range_noprof")) && vt_frame_passes_caller(sv_cstr("get_vm_area_caller")) &&
	   !vt_frame_passes_caller(sv_cstr("__vmalloc_node_noprof")) && !vt_frame_passes_caller(sv_cstr("vmalloc_noprof")) &&
	   !vt_frame_passes_caller(sv_cstr("__ioremap_caller.constprop.0")) && !vt_frame_passes_caller(sv_cstr("execmem_alloc")),
	   "vtrace: the allocator's frames that take their caller as an argument");
}

/* the trace of lines[], on a region there before: totals, callers, the failure */
static void vtrace_612(void)
{
	struct vtrace t = { 0 };
	size_t i, ms = SIZE_MAX, kc = SIZE_MAX, cp = SIZE_MAX;
	int bad = 0;
	uint64_t b = 1;

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
	ok(ms != SIZE_MAX && t.callers[ms].allocs == 1 && t.callers[ms].alloc_bytes == 12288 &&
	   t.callers[ms].module && !strcmp(t.callers[ms].module, "vmapctl_demo"), "vtrace: map_pages [vmapctl_demo]");
	ok(kc != SIZE_MAX && t.callers[kc].frees == 1 && t.callers[kc].free_bytes == 20480,
	   "vtrace: a free of a region there before, told by its size and caller");
	ok(t.nfail == 1 && t.fail[0].attempts == 2 && t.fail[0].pid == 300 && t.fail[0].caller < t.ncallers &&
	   !strcmp(t.callers[t.fail[0].caller].func, "demo_overask") && t.fail[0].stack &&
	   !strcmp(t.fail[0].stack, "alloc_vmap_area < __get_vm_area_node < get_vm_area_caller < "
		   "__ioremap_caller.constprop.0 < demo_overask [vmapctl_demo] < demo_ioctl [vmapctl_demo] < __x64_sys_ioctl"),
	   "vtrace: one failure of two attempts, its stack from the allocator on");
	ok(vtrace_free_bytes(&t, &b) == 0 && b == 20480, "vtrace: the frees' size, where known (1 of 5)");
	vtrace_free(&t);
}

static void vtrace_free_unknown(void)
{
	struct vtrace t;
	uint64_t b = 1;

	/* frees of areas the trace cannot size (hashed addresses at the start): unknown, not 0 */
	memset(&t, 0, sizeof(t));
	ok(vtrace_free_bytes(&t, &b) == 0 && b == 0, "vtrace: no free, 0 bytes");
	ok(!vtrace_line(&t, sv_cstr(lines[20])) && !vtrace_line(&t, sv_cstr(lines[21])) && t.frees == 2 &&
	   vtrace_free_bytes(&t, &b) == -1, "vtrace: frees none of which is sized: unknown");
	vtrace_free(&t);
}

/*
 * Two more stacks of the same 6.12 trace (tests/fixtures/trace-6.12): vmalloc()
 * tail-called into __vmalloc_node (its frame gone) from kernel_read_file, and
 * execmem_alloc for load_module: the callers vmallocinfo prints, kernel_read_file
 * and load_module (the 6.12 captures' module memory), not the frames above them
 */
static void vtrace_tail_call(void)
{
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
	struct vtrace t;
	size_t i;
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

static void feed(struct vtrace *t, int cpu, const char *event, uint64_t addr, uint64_t size)
{
	char b[200];

	if (!strcmp(event, "alloc"))
		snprintf(b, sizeof(b), "  w-%d [%03d] .....  1.000000: alloc_vmap_area: va_start: %llu size=%llu align=1 "
			 "vstart=0xffffc90000000000 vend=0xffffe8ffffffffff failed=0", 10 + cpu, cpu, (unsigned long long)addr,
			 (unsigned long long)size);
	else if (!strcmp(event, "free"))
		snprintf(b, sizeof(b), "  w-%d [%03d] .....  1.000000: free_vmap_area_noflush: va_start=0x%llx nr_lazy=1 "
			 "nr_lazy_max=24576", 10 + cpu, cpu, (unsigned long long)addr);
	else
		snprintf(b, sizeof(b), "  w-%d [%03d] .....  1.000000: <stack trace>", 10 + cpu, cpu);
	vtrace_line(t, sv_cstr(b));
	if (!strcmp(event, "stack")) {
		vtrace_line(t, sv_cstr(" => alloc_vmap_area"));
		vtrace_line(t, sv_cstr(" => vmalloc"));
		vtrace_line(t, sv_cstr(" => late_caller [late]"));
	}
}

/* a stack that comes after other CPUs' events: its allocation's, whatever came and went meanwhile */
static void vtrace_late_stack(void)
{
	const uint64_t base = 0xffffc90000000000ULL;
	struct vtrace t;
	uint64_t i;

	memset(&t, 0, sizeof(t));
	feed(&t, 0, "alloc", base, 8192);
	for (i = 1; i <= 5000; i++)	/* the live allocations' index grows meanwhile */
		feed(&t, 1, "alloc", base + i * 0x3000, 4096);
	feed(&t, 0, "stack", 0, 0);
	feed(&t, 1, "free", base, 0);
	vtrace_finish(&t);
	ok(t.ncallers == 1 && t.callers[0].allocs == 1 && t.callers[0].alloc_bytes == 8192 &&
	   t.callers[0].frees == 1 && t.callers[0].free_bytes == 8192,
	   "vtrace: a stack after 5000 other allocations: its own allocation's caller");
	/* its allocation freed, and its place taken again, before the stack: no one's */
	feed(&t, 0, "alloc", base - 0x3000, 8192);
	feed(&t, 1, "free", base - 0x3000, 0);
	feed(&t, 1, "alloc", base - 0x6000, 4096);
	feed(&t, 0, "stack", 0, 0);
	feed(&t, 1, "free", base - 0x6000, 0);
	vtrace_finish(&t);
	ok(t.callers[0].allocs == 1 && t.callers[0].frees == 1 && t.allocs == 5003 && t.frees == 3,
	   "vtrace: a stack whose allocation was freed before it: counted for no allocation");
	vtrace_free(&t);
}

/* an allocation at an address still live (its free lost): a new one; the old one's late stack is no one's */
static void vtrace_address_taken_again(void)
{
	const uint64_t base = 0xffffc90000100000ULL;
	struct vtrace t;

	memset(&t, 0, sizeof(t));
	feed(&t, 0, "alloc", base, 8192);
	feed(&t, 1, "alloc", base, 4096);	/* the free of the first was not seen */
	feed(&t, 0, "stack", 0, 0);		/* the first one's: it is gone */
	feed(&t, 1, "stack", 0, 0);		/* the second one's */
	vtrace_finish(&t);
	ok(t.ncallers == 1 && t.callers[0].allocs == 1 && t.callers[0].alloc_bytes == 4096 && t.allocs == 2,
	   "vtrace: an address allocated again with its free unseen: the late stack of the first counts for no allocation");
	vtrace_free(&t);
}

static const struct unit_test tests[] = {
	UNIT_TEST(vt_lines),
	UNIT_TEST(vtrace_612),
	UNIT_TEST(vtrace_free_unknown),
	UNIT_TEST(vtrace_tail_call),
	UNIT_TEST(vtrace_late_stack),
	UNIT_TEST(vtrace_address_taken_again),
};

UNIT_TESTS_MAIN(tests)
