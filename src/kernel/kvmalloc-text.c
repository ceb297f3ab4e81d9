// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's lists read by kvmalloc.c, printed as /proc/vmallocinfo prints
 * them, so that every command reads one text whichever the source.
 */
#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kvmalloc.h"
#include "lib/common.h"
#include "lib/ksyms.h"

static int put(struct buf *out, size_t *alloc, const char *s, size_t n)
{
	if (out->n + n > *alloc) {
		size_t na = *alloc ? *alloc : 1 << 16;
		char *p;

		while (na < out->n + n)
			na *= 2;
		p = realloc(out->p, na);
		if (!p)
			return -1;
		out->p = p;
		*alloc = na;
	}
	memcpy(out->p + out->n, s, n);
	out->n += n;
	return 0;
}

int kvmalloc_text(const struct kview *kv, const struct kstate *ks, struct buf *out)
{
	struct ksym_index ix;
	size_t alloc = 0, i;
	int w = kv->kc.machine == EM_386 ? 8 : 16, rc = 0;

	memset(out, 0, sizeof(*out));
	if (ksym_index_build(kv->kallsyms.p, kv->kallsyms.n, &ix))
		return -1;
	/* busy areas and then the lazily freed ones, as the kernel prints them */
	for (i = 0; i < ks->nbusy + ks->nlazy && !rc; i++) {
		/* a name of up to KSYM_NAME_LEN (512) with its offset and [module]: whole */
		char line[1024], sym[640];
		int n;

		if (i >= ks->nbusy) {
			const struct kva *z = &ks->lazy[i - ks->nbusy];

			n = snprintf(line, sizeof(line), "0x%0*" PRIx64 "-0x%0*" PRIx64 " %7" PRIu64 " unpurged vm_area\n",
				     w, z->start, w, z->end, z->end - z->start);
		} else {
			const struct kbusy *b = &ks->busy[i];

			if (!b->has_vm) {
				if (!(b->va_flags & KVA_VMAP_RAM))
					continue;	/* being set up: the kernel does not print it either */
				/* "block": one of the per-CPU blocks small vm_map_ram()s share (6.3+ tells) */
				n = snprintf(line, sizeof(line), "0x%0*" PRIx64 "-0x%0*" PRIx64 " %7" PRIu64 " vm_map_ram%s\n",
					     w, b->start, w, b->end, b->end - b->start,
					     b->va_flags & KVA_VMAP_BLOCK ? " block" : "");
			} else {
				n = snprintf(line, sizeof(line), "0x%0*" PRIx64 "-0x%0*" PRIx64 " %7" PRIu64, w, b->vm_addr, w,
					     b->vm_addr + b->vm_size, b->vm_size);
				if (b->caller) {
					ksym_format(&ix, b->caller, sym, sizeof(sym));
					n += snprintf(line + n, sizeof(line) - (size_t)n, " %s", sym);
				}
				if (b->nr_pages)
					n += snprintf(line + n, sizeof(line) - (size_t)n, " pages=%" PRIu64, b->nr_pages);
				if (b->phys)
					n += snprintf(line + n, sizeof(line) - (size_t)n, " phys=0x%016" PRIx64, b->phys);
				n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%s%s%s%s%s%s",
					      b->vm_flags & KVM_IOREMAP ? " ioremap" : "",
					      b->vm_flags & KVM_SPARSE ? " sparse" : "",
					      b->vm_flags & KVM_ALLOC ? " vmalloc" : "",
					      b->vm_flags & KVM_MAP ? " vmap" : "",
					      b->vm_flags & KVM_USERMAP ? " user" : "",
					      b->vm_flags & KVM_DMA_COHERENT ? " dma-coherent" : "",
					      b->pages >= kv->vmalloc_base && b->pages < kv->vmalloc_end ? " vpages" : "");
				/*
				 * flags the text does not print, as tags of their own
				 * (TAGS), after a tag of the text's so that TYPE stays
				 */
				if (b->vm_flags & (KVM_IOREMAP | KVM_SPARSE | KVM_ALLOC | KVM_MAP | KVM_USERMAP | KVM_DMA_COHERENT))
					n += snprintf(line + n, sizeof(line) - (size_t)n, "%s%s%s",
						      b->vm_flags & KVM_NO_GUARD ? " no-guard" : "",
						      b->vm_flags & KVM_ALLOW_HUGE_VMAP ? " huge" : "",
						      b->vm_flags & KVM_FLUSH_RESET_PERMS ? " reset-perms" : "");
				n += snprintf(line + n, sizeof(line) - (size_t)n, "\n");
			}
		}
		if (n < 0 || (size_t)n >= sizeof(line))
			n = 0;
		rc = put(out, &alloc, line, (size_t)n);
	}
	ksym_index_free(&ix);
	if (rc) {
		free(out->p);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}
