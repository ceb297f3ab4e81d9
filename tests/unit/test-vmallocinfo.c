// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/parse-vmallocinfo.c on single lines, for the cases
 * fixtures cannot hold together: formats of old and new kernels side by side,
 * and broken input.
 */
#include <stdint.h>

#include "lib/parse.h"
#include "testsuite.h"

static int vmi(const char *line, struct vmi_entry *e)
{
	const char *why = NULL;

	return vmi_parse_line(line, strlen(line), e, &why);
}

static int sveq(struct sv s, const char *lit)
{
	return sv_eq(s, lit);
}

/* addresses: the digits-at-once path (16 with SSE2, else 8) agrees with digit by digit, every byte value */
static void addresses_at_once(void)
{
	struct vmi_entry e;
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
static void broken_input(void)
{
	struct vmi_entry e;

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
}

/* 6.x: caller with [module], pages, tags, NUMA; phys; lines without caller */
static void kernel_formats(void)
{
	struct vmi_entry e;

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
}

static void tags_and_callers(void)
{
	struct vmi_entry e;

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
}

static void ptrval_and_malformed(void)
{
	struct vmi_entry e;

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
}

static void address_modes(void)
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

static const struct unit_test tests[] = {
	UNIT_TEST(addresses_at_once),
	UNIT_TEST(broken_input),
	UNIT_TEST(kernel_formats),
	UNIT_TEST(tags_and_callers),
	UNIT_TEST(ptrval_and_malformed),
	UNIT_TEST(address_modes),
};

UNIT_TESTS_MAIN(tests)
