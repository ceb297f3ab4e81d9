// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of src/lib/owner.c: who holds module memory, by its caller and
 * by the kallsyms symbols inside it. The symbols are lines of the 6.12 guest
 * capture (tests/fixtures/guest-6.12-qemu64-bpf-real), some moved to make
 * the mixed cases.
 */
#include <stdint.h>

#include "lib/owner.h"
#include "testsuite.h"

static const char syms[] =
	"ffffffff81000000 T _text\n"
	"ffffffffc018c650 t bpf_prog_4f829d4a331bb198_vmapctl_0\t[bpf]\n"
	"ffffffffc018c6cc t bpf_prog_666399a953f0b600_vmapctl_1\t[bpf]\n"
	"ffffffffc018d000 t bpf_trampoline_6442451234\t[bpf]\n"
	"ffffffffc05f1000 t ftrace_trampoline\t[__builtin__ftrace]\n"
	"ffffffffc05f3010 t busy_res\t[vmapctl_demo]\n"
	"ffffffffc05f6080 d demo_dev\t[vmapctl_demo]\n"
	"ffffffffc0700000 t other_text\t[other]\n"
	"ffffffffc0700100 t demo_text\t[vmapctl_demo]\n"
	"ffffffffc0800000 t k_text\t[kmod]\n"
	"ffffffffc0800100 t kprobe_insn_page\t[__builtin__kprobes]\n"
	"0000000000000000 t hidden\t[hidden]\n";

static void owner_by_symbols(void)
{
	struct owner_syms s;
	struct owner_find f;

	ok(owner_syms_build(syms, strlen(syms), &s) == 0 && s.ix.n == 10,
	   "owner: the module symbols indexed, the core's and the zero ones left out");
	owner_syms_find(&s, 0xffffffffc018c000, 0xffffffffc038d000, &f);
	ok(f.owner == OWNER_BPF && f.progs == 2, "owner: a pack: bpf, its eBPF programs counted (not the trampoline)");
	owner_syms_find(&s, 0xffffffffc05f1000, 0xffffffffc05f3000, &f);
	ok(f.owner == OWNER_FTRACE && !f.progs, "owner: ftrace's trampoline");
	owner_syms_find(&s, 0xffffffffc05f6000, 0xffffffffc05f8000, &f);
	ok(f.owner == OWNER_MODULE && sv_eq(f.module, "vmapctl_demo"), "owner: a module's data, by its symbols");
	owner_syms_find(&s, 0xffffffffc05f3010, 0xffffffffc05f3011, &f);
	ok(f.owner == OWNER_MODULE, "owner: a symbol at START is inside");
	owner_syms_find(&s, 0xffffffffc05f3011, 0xffffffffc05f6080, &f);
	ok(f.owner == OWNER_NONE, "owner: one at END is not");
	owner_syms_find(&s, 0xffffffffc0700000, 0xffffffffc0702000, &f);
	ok(f.owner == OWNER_SHARED && !f.module.p, "owner: two modules' symbols: shared, no module");
	owner_syms_find(&s, 0xffffffffc0800000, 0xffffffffc0802000, &f);
	ok(f.owner == OWNER_SHARED, "owner: a module's and kprobes': shared");
	owner_syms_find(&s, 0xffffffffc0900000, 0xffffffffc0902000, &f);
	ok(f.owner == OWNER_NONE, "owner: no symbol inside: none told");
	owner_syms_free(&s);
}

static void owner_by_callers(void)
{
	ok(owner_by_caller(sv_cstr("bpf_prog_pack_alloc"), 0) == OWNER_BPF, "owner: a pack (6.1+) by its caller");
	ok(owner_by_caller(sv_cstr("bpf_jit_binary_alloc"), 0) == OWNER_BPF, "owner: 5.10's JIT image by its caller");
	ok(owner_by_caller(sv_cstr("arch_ftrace_update_trampoline"), 0) == OWNER_FTRACE, "owner: ftrace's trampoline");
	ok(owner_by_caller(sv_cstr("load_module"), 1) == OWNER_UNKNOWN, "owner: module memory of no told owner");
	ok(owner_by_caller(sv_cstr("kernel_clone"), 0) == OWNER_NONE, "owner: not module memory");
	ok(!owner_name(OWNER_NONE) && !strcmp(owner_name(OWNER_BPF), "bpf") && !owner_name(OWNER_NKINDS),
	   "owner: the names, none outside module memory");
}

static const struct unit_test tests[] = {
	UNIT_TEST(owner_by_symbols),
	UNIT_TEST(owner_by_callers),
};

UNIT_TESTS_MAIN(tests)
