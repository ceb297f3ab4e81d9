// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vtrace.h"

/* ---- lines ----------------------------------------------------------------- */

static int field_u64(struct sv rest, const char *key, int base, uint64_t *v)
{
	struct sv tok;

	while (next_tok(&rest, &tok)) {
		size_t k = strlen(key);

		if (tok.n > k && !memcmp(tok.p, key, k)) {
			struct sv num = sv_from(tok, k);

			if (base == 16 && sv_starts(num, "0x"))
				num = sv_from(num, 2);
			return sv_to_u64(num, base, v);
		}
	}
	return -1;
}

static int parse_int(struct sv s, int *out)
{
	uint64_t v;

	if (!s.n || sv_to_u64(s, 10, &v) || v > 0x7fffffff)
		return -1;
	*out = (int)v;
	return 0;
}

/* " => func [module]" or " => func+0x1a/0x40 [module]" */
static enum vt_kind parse_frame(struct sv s, struct vt_line *l)
{
	struct sv f = sv_from(s, 4), m = { NULL, 0 };
	const char *plus, *sp;

	while (f.n && f.p[f.n - 1] == ' ')
		f.n--;
	if (f.n && f.p[f.n - 1] == ']' && (sp = memchr(f.p, '[', f.n)) && sp > f.p && sp[-1] == ' ') {
		m.p = sp + 1;
		m.n = (size_t)(f.p + f.n - 1 - m.p);
		f.n = (size_t)(sp - 1 - f.p);
	}
	plus = memchr(f.p, '+', f.n);
	if (plus)
		f.n = (size_t)(plus - f.p);
	if (!f.n)
		return VT_BAD;
	l->frame = f;
	l->frame_module = m;
	return l->kind = VT_FRAME;
}

/* "CPU:N [LOST M EVENTS]" (another CPU: line is VT_NONE) */
static enum vt_kind parse_lost(struct sv s, struct vt_line *l)
{
	const char *lost = memmem(s.p, s.n, "[LOST ", 6);
	struct sv rest, tok;

	if (!lost)
		return VT_NONE;
	rest.p = lost + 6;
	rest.n = (size_t)(s.p + s.n - rest.p);
	if (!next_tok(&rest, &tok) || sv_to_u64(tok, 10, &l->lost))
		return l->kind = VT_BAD;
	return l->kind = VT_LOST;
}

/* "comm-pid [cpu]": the first " [digits]" (a comm may hold blanks and dashes); *br at its '[', or -1 */
static int parse_task(struct sv s, struct vt_line *l, const char **br)
{
	const char *p, *dash = NULL, *end = s.p + s.n;
	size_t i;

	*br = NULL;
	for (i = 1; i + 2 < s.n && !*br; i++)
		if (s.p[i] == '[' && s.p[i - 1] == ' ' && s.p[i + 1] >= '0' && s.p[i + 1] <= '9' &&
		    memchr(s.p + i, ']', s.n - i))
			*br = s.p + i;
	if (!*br)
		return -1;
	l->comm.p = s.p;
	l->comm.n = (size_t)(*br - s.p);
	while (l->comm.n && (l->comm.p[0] == ' '))
		l->comm.p++, l->comm.n--;
	while (l->comm.n && l->comm.p[l->comm.n - 1] == ' ')
		l->comm.n--;
	for (p = l->comm.p; p < l->comm.p + l->comm.n; p++)
		if (*p == '-')
			dash = p;
	if (!dash || parse_int((struct sv){ dash + 1, (size_t)(l->comm.p + l->comm.n - dash - 1) }, &l->pid))
		return -1;
	l->comm.n = (size_t)(dash - l->comm.p);
	p = memchr(*br, ']', (size_t)(end - *br));
	return parse_int((struct sv){ *br + 1, (size_t)(p - *br - 1) }, &l->cpu);
}

/* after "[cpu]": the flags (when shown), then the timestamp "123.456789:"; *rest what follows it, or -1 */
static int parse_stamp(struct sv after, struct vt_line *l, struct sv *rest)
{
	struct sv tok;

	*rest = after;
	for (;;) {
		if (!next_tok(rest, &tok))
			return -1;
		if (tok.n > 1 && tok.p[tok.n - 1] == ':' && tok.p[0] >= '0' && tok.p[0] <= '9')
			break;
	}
	l->ts.p = tok.p;
	l->ts.n = tok.n - 1;
	while (rest->n && rest->p[0] == ' ')
		rest->p++, rest->n--;
	return 0;
}

/* the event ev's fields in rest */
static enum vt_kind parse_event(struct sv ev, struct sv rest, struct vt_line *l)
{
	struct sv tok;

	if (sv_eq(ev, "alloc_vmap_area:")) {
		uint64_t failed;

		/* "va_start: N" (decimal, a blank after the colon) */
		if (!next_tok(&rest, &tok) || !sv_eq(tok, "va_start:") || !next_tok(&rest, &tok) ||
		    sv_to_u64(tok, 10, &l->addr) || field_u64(rest, "size=", 10, &l->size) ||
		    field_u64(rest, "align=", 10, &l->align) || field_u64(rest, "vstart=", 16, &l->vstart) ||
		    field_u64(rest, "vend=", 16, &l->vend) || field_u64(rest, "failed=", 10, &failed))
			return l->kind = VT_BAD;
		l->failed = failed != 0;
		return l->kind = VT_ALLOC;
	}
	if (sv_eq(ev, "free_vmap_area_noflush:")) {
		if (field_u64(rest, "va_start=", 16, &l->addr))
			return l->kind = VT_BAD;
		return l->kind = VT_FREE;
	}
	if (sv_eq(ev, "purge_vmap_area_lazy:")) {
		if (field_u64(rest, "start=", 16, &l->start) || field_u64(rest, "end=", 16, &l->end) ||
		    field_u64(rest, "num_purged=", 10, &l->npurged))
			return l->kind = VT_BAD;
		return l->kind = VT_PURGE;
	}
	return VT_NONE;
}

enum vt_kind vt_parse_line(struct sv s, struct vt_line *l)
{
	const char *br, *close;
	struct sv rest, ev;

	memset(l, 0, sizeof(*l));
	if (sv_starts(s, " => "))
		return parse_frame(s, l);
	if (!s.n || s.p[0] == '#')
		return VT_NONE;
	if (sv_starts(s, "CPU:"))
		return parse_lost(s, l);
	if (parse_task(s, l, &br))
		return l->kind = VT_BAD;
	close = memchr(br, ']', (size_t)(s.p + s.n - br));
	if (parse_stamp((struct sv){ close + 1, (size_t)(s.p + s.n - close - 1) }, l, &rest))
		return l->kind = VT_BAD;
	if (sv_starts(rest, "<stack trace>"))
		return l->kind = VT_STACK;
	ev = take_tok(&rest);	/* before rest is passed on: the order of a call's arguments is unspecified */
	return parse_event(ev, rest, l);
}

/* ---- who asked ------------------------------------------------------------ */

int vt_frame_is_allocator(struct sv f)
{
	/* the allocator and its wrappers: mm/vmalloc.c, util.c, ioremap, execmem */
	static const char *const own[] = {
		"alloc_vmap_area", "__alloc_vmap_area",
		"__get_vm_area", "get_vm_area", "__vmalloc", "vmalloc", "vzalloc", "vmap", "__vmap",
		"vm_map_ram", "kvmalloc", "__kvmalloc", "kvzalloc", "kvcalloc", "kvrealloc",
		"__kvrealloc", "__ioremap", "ioremap", "execmem_", "module_alloc", "free_vmap_area",
		"remove_vm_area", "vfree", "vunmap", "vm_unmap_ram", "free_vm_area", "__vfree",
	};
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (sv_starts(f, own[i]))
			return 1;
	return 0;
}

/*
 * The kernel's caller is the return address __builtin_return_address(0) that
 * a function evaluates before it calls into the allocator. The API entries
 * (vmalloc, vzalloc, vmap, ioremap, kvmalloc, execmem_alloc, and the internal
 * __vmalloc_node and __ioremap_caller that only they call) evaluate their own:
 * the caller is the first frame past the allocator, even where the entry was a
 * tail call and left no frame. These take it as an argument from code outside
 * the allocator, which passes its own return address: the caller is the frame
 * above that code (copy_process inlines alloc_thread_stack_node, which calls
 * __vmalloc_node_range: the kernel records kernel_clone, as vmallocinfo shows).
 */
int vt_frame_passes_caller(struct sv f)
{
	static const char *const pass[] = { "__vmalloc_node_range", "get_vm_area_caller", "__get_vm_area_caller" };
	size_t i;

	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++)
		if (sv_starts(f, pass[i]))
			return 1;
	return 0;
}

/* ---- the tally ------------------------------------------------------------- */

static char *dup_sv(struct sv s)
{
	char *p = malloc(s.n + 1);

	if (p) {
		memcpy(p, s.p, s.n);
		p[s.n] = 0;
	}
	return p;
}

static int same_str(const char *a, struct sv b)
{
	if (!a || !b.p)
		return !a && !b.p;
	return strlen(a) == b.n && !memcmp(a, b.p, b.n);
}

/* the caller (func, module) by index, made when new: SIZE_MAX when out of memory */
static size_t caller_of(struct vtrace *t, struct sv func, struct sv module)
{
	struct hindex_pos pos;
	struct vt_caller *c;
	uint64_t h;
	size_t i;

	if (module.p && !module.n)
		module.p = NULL;
	h = hash_bytes(hash_bytes(HASH_SEED, func.p, func.n), module.p, module.n);
	for (i = hindex_first(&t->cix, h, &pos); i != HINDEX_NONE; i = hindex_next(&t->cix, &pos)) {
		c = &t->callers[i];
		if (same_str(c->func, func) && same_str(c->module, module))
			return i;
	}
	if (grow_array((void **)&t->callers, &t->calloc_, t->ncallers, sizeof(*t->callers)))
		return SIZE_MAX;
	c = &t->callers[t->ncallers];
	memset(c, 0, sizeof(*c));
	c->func = dup_sv(func);
	c->module = module.p ? dup_sv(module) : NULL;
	if (!c->func || (module.p && !c->module) || hindex_add(&t->cix, h, t->ncallers)) {
		free(c->func);
		free(c->module);
		return SIZE_MAX;
	}
	return t->ncallers++;
}

static uint64_t addr_hash(uint64_t addr)
{
	return hash_u64(HASH_SEED, addr);
}

/* the live allocation at addr by index, or SIZE_MAX; *pos where the index has it */
static size_t live_find(const struct vtrace *t, uint64_t addr, struct hindex_pos *pos)
{
	size_t i;

	for (i = hindex_first(&t->lix, addr_hash(addr), pos); i != HINDEX_NONE; i = hindex_next(&t->lix, pos))
		if (t->live[i].addr == addr)
			return i;
	return SIZE_MAX;
}

/*
 * A new live allocation, made by event seq (0: seeded): its index, or
 * SIZE_MAX out of memory. One at addr already is replaced, in its place and
 * with its seq. A freed entry's place is taken first.
 */
static size_t live_add(struct vtrace *t, uint64_t addr, uint64_t size, size_t caller, uint64_t seq)
{
	struct hindex_pos pos;
	size_t i = live_find(t, addr, &pos);

	if (i != SIZE_MAX) {	/* taken again, its free not seen: a new allocation, whose stack is still to come */
		t->live[i].size = size;
		t->live[i].caller = caller;
		t->live[i].seq = seq;
		return i;
	}
	if (t->nfreed) {
		i = t->freed[t->nfreed - 1];
	} else {
		if (grow_array((void **)&t->live, &t->lalloc, t->nlive, sizeof(*t->live)))
			return SIZE_MAX;
		i = t->nlive;
	}
	if (hindex_add(&t->lix, addr_hash(addr), i))
		return SIZE_MAX;
	if (t->nfreed)
		t->nfreed--;
	else
		t->nlive++;
	t->live[i] = (struct vt_alloc){ addr, size, caller, seq, 1 };
	return i;
}

/* live allocation i, found at pos, freed: out of the index, its place for the next one */
static void live_del(struct vtrace *t, size_t i, const struct hindex_pos *pos)
{
	hindex_del(&t->lix, pos);
	t->live[i].used = 0;
	if (!grow_array((void **)&t->freed, &t->freed_alloc, t->nfreed, sizeof(*t->freed)))
		t->freed[t->nfreed++] = i;	/* out of memory: the place is just not taken again */
}

int vtrace_seed(struct vtrace *t, uint64_t addr, uint64_t size, struct sv func, struct sv module)
{
	size_t c = SIZE_MAX;

	if (func.n) {
		c = caller_of(t, func, module);
		if (c == SIZE_MAX)
			return -1;
	}
	return live_add(t, addr, size, c, 0) == SIZE_MAX ? -1 : 0;
}

static struct vt_pending *pending(struct vtrace *t, int cpu)
{
	size_t n = (size_t)cpu + 1, i;

	if (cpu < 0 || cpu > 65535)
		return NULL;
	if (n > t->ncpu) {
		struct vt_pending *p = realloc(t->cpu, n * sizeof(*p));

		if (!p)
			return NULL;
		for (i = t->ncpu; i < n; i++)
			memset(&p[i], 0, sizeof(p[i]));
		t->cpu = p;
		t->ncpu = n;
	}
	return &t->cpu[cpu];
}

static void end_stack(struct vtrace *t, struct vt_pending *p)
{
	if (p->fail && p->stack && !t->fail[p->fail - 1].stack)
		t->fail[p->fail - 1].stack = p->stack;
	else
		free(p->stack);
	p->stack = NULL;
	p->stack_len = 0;
	p->in_stack = 0;
	p->kind = VT_NONE;
	p->fail = 0;
}

static int stack_append(struct vt_pending *p, struct sv f, struct sv m)
{
	size_t add = f.n + (m.p ? m.n + 3 : 0) + 3;
	char *s = realloc(p->stack, p->stack_len + add + 1);

	if (!s)
		return -1;
	p->stack = s;
	p->stack_len += (size_t)sprintf(s + p->stack_len, "%s%.*s%s%.*s%s", p->stack_len ? " < " : "",
					(int)f.n, f.p, m.p ? " [" : "", (int)m.n, m.p ? m.p : "", m.p ? "]" : "");
	return 0;
}

static int frame(struct vtrace *t, const struct vt_line *l)
{
	struct vt_pending *p = NULL;
	struct sv mod;
	size_t i, c;

	for (i = 0; i < t->ncpu; i++)	/* the stack open now: its lines come together */
		if (t->cpu[i].in_stack)
			p = &t->cpu[i];
	if (!p || (!p->fail && p->kind != VT_ALLOC))
		return 0;
	/* the tracing machinery's frames come first: the stack starts at the allocator */
	if (!p->in_allocator) {
		if (!vt_frame_is_allocator(l->frame))
			return 0;
		p->in_allocator = 1;
	}
	mod = l->frame_module;
	if (!mod.p && t->module_of && (p->fail || !p->picked))
		mod = t->module_of(t->module_ctx, l->frame);
	if (p->fail && stack_append(p, l->frame, mod))
		return -1;
	if (p->picked)
		return 0;
	if (vt_frame_is_allocator(l->frame)) {
		p->passed = vt_frame_passes_caller(l->frame);
		return 0;
	}
	if (p->passed == 1) {	/* the code that passed its own return address: the next frame is the caller */
		p->passed = 2;
		return 0;
	}
	p->picked = 1;
	c = caller_of(t, l->frame, mod);
	if (c == SIZE_MAX)
		return -1;
	if (p->fail) {
		t->fail[p->fail - 1].caller = c;
	} else if (p->kind == VT_ALLOC && p->alloc < t->nlive && t->live[p->alloc].used &&
		   t->live[p->alloc].seq == p->alloc_seq) {	/* still live: not freed (and taken again) since */
		t->live[p->alloc].caller = c;
		t->callers[c].allocs++;
		t->callers[c].alloc_bytes += t->live[p->alloc].size;
	}
	return 0;
}

static int failure(struct vtrace *t, const struct vt_line *l, struct vt_pending *p)
{
	struct vt_failure *f = t->nfail ? &t->fail[t->nfail - 1] : NULL;

	/* the retry after a purge: the same task asking the same again */
	if (f && f->pid == l->pid && f->size == l->size && f->align == l->align && f->vstart == l->vstart &&
	    f->vend == l->vend) {
		f->attempts++;
		return 0;
	}
	if (grow_array((void **)&t->fail, &t->falloc, t->nfail, sizeof(*t->fail)))
		return -1;
	f = &t->fail[t->nfail++];
	memset(f, 0, sizeof(*f));
	f->comm = dup_sv(l->comm);
	f->ts = dup_sv(l->ts);
	if (!f->comm || !f->ts)
		return -1;
	f->pid = l->pid;
	f->size = l->size;
	f->align = l->align;
	f->vstart = l->vstart;
	f->vend = l->vend;
	f->attempts = 1;
	f->caller = SIZE_MAX;
	p->fail = t->nfail;
	return 0;
}

int vtrace_line(struct vtrace *t, struct sv line)
{
	struct vt_line l;
	struct hindex_pos pos;
	struct vt_pending *p;
	struct vt_alloc *a;
	size_t i;

	switch (vt_parse_line(line, &l)) {
	case VT_NONE:
		return 0;
	case VT_BAD:
		t->bad++;
		return 0;
	case VT_LOST:
		t->lost += l.lost;
		return 0;
	case VT_FRAME:
		return frame(t, &l);
	default:
		break;
	}
	for (i = 0; i < t->ncpu; i++)	/* any other line ends the stack being read */
		if (t->cpu[i].in_stack)
			end_stack(t, &t->cpu[i]);
	p = pending(t, l.cpu);
	if (!p)
		return -1;
	if (l.kind == VT_STACK) {
		p->in_stack = 1;
		p->picked = 0;
		p->in_allocator = 0;
		p->passed = 0;
		return 0;
	}
	end_stack(t, p);	/* an event with no stack before this one */
	t->events++;
	switch (l.kind) {
	case VT_ALLOC:
		if (l.failed)
			return failure(t, &l, p);
		t->allocs++;
		t->alloc_bytes += l.size;
		p->kind = VT_ALLOC;
		p->alloc = live_add(t, l.addr, l.size, SIZE_MAX, t->events);
		if (p->alloc == SIZE_MAX)
			return -1;
		p->alloc_seq = t->live[p->alloc].seq;
		return 0;
	case VT_FREE:
		t->frees++;
		p->kind = VT_FREE;
		i = live_find(t, l.addr, &pos);
		if (i == SIZE_MAX) {
			t->unknown_frees++;
			return 0;
		}
		a = &t->live[i];
		t->free_bytes += a->size;
		if (a->caller != SIZE_MAX) {
			t->callers[a->caller].frees++;
			t->callers[a->caller].free_bytes += a->size;
		}
		live_del(t, i, &pos);
		return 0;
	case VT_PURGE:
		t->purges++;
		t->purged += l.npurged;
		return 0;
	default:
		return 0;
	}
}

int vtrace_free_bytes(const struct vtrace *t, uint64_t *bytes)
{
	*bytes = t->free_bytes;
	return t->frees && t->unknown_frees >= t->frees ? -1 : 0;
}

void vtrace_finish(struct vtrace *t)
{
	size_t i;

	for (i = 0; i < t->ncpu; i++)
		end_stack(t, &t->cpu[i]);
}

void vtrace_free(struct vtrace *t)
{
	size_t i;

	vtrace_finish(t);
	for (i = 0; i < t->ncallers; i++) {
		free(t->callers[i].func);
		free(t->callers[i].module);
	}
	for (i = 0; i < t->nfail; i++) {
		free(t->fail[i].comm);
		free(t->fail[i].ts);
		free(t->fail[i].stack);
	}
	free(t->callers);
	hindex_free(&t->cix);
	free(t->fail);
	free(t->live);
	hindex_free(&t->lix);
	free(t->freed);
	free(t->cpu);
	memset(t, 0, sizeof(*t));
}
