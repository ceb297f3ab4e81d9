/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who holds a region of module memory (the x86-64 module area; a 32-bit
 * kernel's modules inside its vmalloc area): a module, the BPF JIT, ftrace's
 * trampolines, kprobes' instruction pages, other kernel code. Told by the
 * allocating caller and, with /proc/kallsyms, by the symbols inside the
 * region: kallsyms lists every module symbol with its [module], every
 * JIT-compiled eBPF program (bpf_prog_<tag>_<name>), trampoline and
 * dispatcher with [bpf], ftrace's trampolines with [__builtin__ftrace] and
 * kprobes' pages with [__builtin__kprobes]. Classic BPF (seccomp filters,
 * socket filters) is compiled into the same packs but not listed. Pure.
 */
#ifndef VMAPCTL_LIB_OWNER_H
#define VMAPCTL_LIB_OWNER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/ksyms.h"
#include "lib/parse.h"

enum region_owner {
	OWNER_NONE,		/* not module memory: a vmalloc-area region */
	OWNER_MODULE,		/* one module's memory (the region's module) */
	OWNER_SHARED,		/* several owners' code (a chunk of 7.3's execmem ROX cache) */
	OWNER_BPF,		/* the BPF JIT's: a pack of programs, or one program's image */
	OWNER_FTRACE,		/* ftrace's trampolines */
	OWNER_KPROBES,		/* kprobes' instruction pages */
	OWNER_KERNEL,		/* other kernel code's module memory */
	OWNER_UNKNOWN,		/* module memory no caller or symbol tells the owner of */
	OWNER_NKINDS,
};

/* "module", "modules", "bpf", ...; NULL for OWNER_NONE */
const char *owner_name(enum region_owner o);

/*
 * The owner its caller tells (func: the caller's function, module_memory:
 * the model took it for a module's memory), before any symbol is looked at.
 */
enum region_owner owner_by_caller(struct sv func, int module_memory);

/* The module symbols of /proc/kallsyms (those with a [module]), by address. */
struct owner_syms {
	struct ksym_index ix;
};

/* 0, or -1 out of memory. Hidden (zero) addresses leave it empty. */
int owner_syms_build(const char *buf, size_t len, struct owner_syms *s);
void owner_syms_free(struct owner_syms *s);

/*
 * What the symbols inside [start, end) tell: the owner (OWNER_NONE when no
 * symbol lies there), the module when it is one (OWNER_MODULE), and how many
 * eBPF programs (bpf_prog_ symbols) lie there. Each symbol is looked at once
 * per call; the regions do not overlap, so a whole list costs its symbols.
 */
struct owner_find {
	enum region_owner owner;
	struct sv module;
	unsigned progs;
};
void owner_syms_find(const struct owner_syms *s, uint64_t start, uint64_t end, struct owner_find *f);

#endif
