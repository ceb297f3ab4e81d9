// SPDX-License-Identifier: GPL-2.0-or-later
/* Who holds a region of module memory: see owner.h; their sums: space.h. */
#include <stdlib.h>
#include <string.h>

#include "lib/common.h"
#include "lib/owner.h"
#include "lib/space.h"
#include "lib/text.h"
#include "lib/units.h"

static const char *const names[OWNER_NKINDS] = {
	[OWNER_NONE] = NULL, [OWNER_MODULE] = "module", [OWNER_SHARED] = "shared",
	[OWNER_BPF] = "bpf", [OWNER_FTRACE] = "ftrace", [OWNER_KPROBES] = "kprobes",
	[OWNER_KERNEL] = "kernel", [OWNER_UNKNOWN] = "unknown",
};

const char *owner_name(enum region_owner o)
{
	return (unsigned)o < OWNER_NKINDS ? names[o] : NULL;
}

/*
 * The callers that allocate module memory for the BPF JIT, ftrace and kprobes
 * (5.10 .. 7.3, x86-64; the vmallocinfo caller is the function that called
 * module_alloc or execmem_alloc, or vmalloc itself)
 */
static const struct {
	const char *fn;
	enum region_owner owner;
} callers[] = {
	{ "bpf_prog_pack_alloc", OWNER_BPF },		/* 5.18+: the 2 MiB packs, and a program larger than one */
	{ "alloc_new_pack", OWNER_BPF },
	{ "bpf_jit_alloc_exec", OWNER_BPF },
	{ "bpf_jit_binary_alloc", OWNER_BPF },		/* before the packs: an image a program */
	{ "bpf_jit_binary_pack_alloc", OWNER_BPF },
	{ "arch_alloc_bpf_trampoline", OWNER_BPF },
	{ "bpf_struct_ops_image_alloc", OWNER_BPF },
	{ "arch_ftrace_update_trampoline", OWNER_FTRACE },
	{ "create_trampoline", OWNER_FTRACE },
	{ "alloc_tramp", OWNER_FTRACE },
	{ "alloc_insn_page", OWNER_KPROBES },
	{ "alloc_optinsn_page", OWNER_KPROBES },
	{ "__get_insn_slot", OWNER_KPROBES },
};

enum region_owner owner_by_caller(struct sv func, int module_memory)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(callers); i++)
		if (sv_eq(func, callers[i].fn))
			return callers[i].owner;
	return module_memory ? OWNER_UNKNOWN : OWNER_NONE;
}

/* the pseudo-modules kallsyms names: [bpf], [__builtin__ftrace], [__builtin__kprobes] */
static enum region_owner sym_owner(const struct ksym *k)
{
	if (sv_eq(k->module, "bpf"))
		return OWNER_BPF;
	if (sv_eq(k->module, "__builtin__ftrace"))
		return OWNER_FTRACE;
	if (sv_eq(k->module, "__builtin__kprobes"))
		return OWNER_KPROBES;
	return OWNER_MODULE;
}

int owner_syms_build(const char *buf, size_t len, struct owner_syms *s)
{
	return ksym_index_build_modules(buf, len, &s->ix);
}

void owner_syms_free(struct owner_syms *s)
{
	ksym_index_free(&s->ix);
}

void owner_syms_find(const struct owner_syms *s, uint64_t start, uint64_t end, struct owner_find *f)
{
	const struct ksym_index *ix = &s->ix;
	size_t lo = 0, hi = ix->n, i;

	memset(f, 0, sizeof(*f));
	while (lo < hi) {	/* the first symbol at or above start */
		size_t mid = lo + (hi - lo) / 2;

		if (ix->v[mid].addr < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < ix->n && ix->v[i].addr < end; i++) {
		const struct ksym *k = &ix->v[i];
		enum region_owner o = sym_owner(k);

		if (o == OWNER_BPF && k->name.n > 9 && !memcmp(k->name.p, "bpf_prog_", 9))
			f->progs++;
		if (f->owner == OWNER_NONE) {
			f->owner = o;
			f->module = k->module;
		} else if (f->owner == OWNER_MODULE && o == OWNER_MODULE && !sv_same(f->module, k->module)) {
			f->owner = OWNER_SHARED;	/* two modules' symbols */
			f->module = (struct sv){ NULL, 0 };
		} else if (f->owner != o && !(f->owner == OWNER_SHARED && o == OWNER_MODULE)) {
			f->owner = OWNER_SHARED;	/* a module's and another's: shared text */
			f->module = (struct sv){ NULL, 0 };
		}
	}
	if (f->owner != OWNER_MODULE)
		f->module = (struct sv){ NULL, 0 };
}

void owner_sums_add(struct owner_sums *s, const struct region *r)
{
	struct owner_sum *o = &s->own[r->owner];

	if (r->owner == OWNER_NONE)
		return;
	o->regions++;
	u64_acc(&o->size, r->e->size);	/* sums saturate: never wrap */
	u64_acc(&o->pages, r->e->has_pages ? r->e->pages : 0);
	u64_acc(&o->progs, r->progs);
	o->progs_told |= r->syms_told;
}

void owner_sums_merge(struct owner_sums *s, const struct owner_sums *u)
{
	unsigned i;

	for (i = 0; i < OWNER_NKINDS; i++) {
		s->own[i].regions += u->own[i].regions;
		u64_acc(&s->own[i].size, u->own[i].size);
		u64_acc(&s->own[i].pages, u->own[i].pages);
		u64_acc(&s->own[i].progs, u->own[i].progs);
		s->own[i].progs_told |= u->own[i].progs_told;
	}
}

void owner_sums_total(const struct owner_sums *s, uint64_t *regions, uint64_t *size)
{
	unsigned i;

	*regions = *size = 0;
	for (i = OWNER_NONE + 1; i < OWNER_NKINDS; i++) {
		*regions += s->own[i].regions;
		u64_acc(size, s->own[i].size);
	}
}
