// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the pure parsers and the vmalloc-space model: any bytes
 * as /proc/vmallocinfo, /proc/iomem, /proc/modules, /proc/meminfo and
 * /proc/kallsyms, and as the vmalloc tracepoints' text (trace). Built with clang, ASan and UBSan; the fixtures are its seeds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/parse.h"
#include "lib/picture.h"
#include "lib/space.h"
#include "lib/text.h"
#include "lib/vdiff.h"
#include "lib/vtrace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a and b say the same of their lines (views compared by their text) */
static int same_text(struct sv a, struct sv b)
{
	return a.n == b.n && (!a.n || !memcmp(a.p, b.p, a.n));
}

static int same_entry(const struct vmi_entry *a, const struct vmi_entry *b)
{
	unsigned i;

	if (a->start != b->start || a->end != b->end || a->size != b->size || a->pages != b->pages ||
	    a->phys != b->phys || a->nextra != b->nextra || a->tags != b->tags ||
	    a->addr_digits != b->addr_digits || a->has_pages != b->has_pages ||
	    a->has_phys != b->has_phys || a->ptrval != b->ptrval || !same_text(a->caller, b->caller) ||
	    !same_text(a->func, b->func) || !same_text(a->module, b->module) || !same_text(a->numa, b->numa))
		return 0;
	for (i = 0; i < a->nextra && i < VMI_MAX_EXTRA; i++)
		if (!same_text(a->extra[i], b->extra[i]))
			return 0;
	return 1;
}

/*
 * Trailing blanks change nothing: the first line as it is (tokens found for
 * the whole line at once) and padded past 512 bytes (token by token) parse
 * the same, or fail the same.
 */
static void trailing_blanks(const char *buf, size_t size)
{
	const char *nl = memchr(buf, '\n', size);
	size_t n = nl ? (size_t)(nl - buf) : size, pad = 600;
	char *padded;
	struct vmi_entry a, b;
	const char *wa = NULL, *wb = NULL;
	int ra, rb;

	if (n > 400)
		return;
	padded = malloc(n + pad);
	if (!padded)
		return;
	memcpy(padded, buf, n);
	memset(padded + n, ' ', pad);
	ra = vmi_parse_line(buf, n, &a, &wa);
	rb = vmi_parse_line(padded, n + pad, &b, &wb);
	if (ra != rb || (ra == 0 && !same_entry(&a, &b)) || (ra < 0 && strcmp(wa, wb)))
		abort();
	free(padded);
}

static int count_line(void *ctx, const struct region *r, struct sv line)
{
	(void)r;
	(void)line;
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vmi_table vt = { 0 };
	struct iomem_table it = { 0 };
	struct module_table mt = { 0 };
	struct ksym k;
	uint64_t v;
	size_t i;

	trailing_blanks(buf, size);
	if (vmi_parse(buf, size, &vt) == 0) {
		(void)vmi_addr_mode(vt.v, vt.n);
		for (i = 0; i < vt.n; i++) {
			/* views stay inside the buffer */
			if (vt.v[i].caller.n && (vt.v[i].caller.p < buf || vt.v[i].caller.p + vt.v[i].caller.n > buf + size))
				abort();
			if (vt.v[i].module.n && (vt.v[i].module.p < buf || vt.v[i].module.p + vt.v[i].module.n > buf + size))
				abort();
		}
	}
	vmi_table_free(&vt);
	if (iomem_parse(buf, size, &it) == 0) {
		const struct iomem_entry *lin[8], *idx[8];
		uint64_t a = it.n ? it.v[0].start : 0, b = a + (uint64_t)size * 4096;
		size_t nl, ni, k;

		(void)iomem_is_zeroed(&it);
		(void)iomem_lookup(&it, size);
		/* the resources a range runs through: each holds a byte of it, none twice in a row */
		nl = iomem_span(&it, a, b < a ? UINT64_MAX : b, lin, 8);
		for (k = 0; k < nl; k++)
			if (lin[k]->end < a || lin[k]->start > (b < a ? UINT64_MAX : b) || (k && lin[k] == lin[k - 1]))
				__builtin_trap();
		/* indexed: the same invariants (a malformed tree may make the two lookups differ) */
		if (iomem_index(&it) == 0) {
			ni = iomem_span(&it, a, b < a ? UINT64_MAX : b, idx, 8);
			for (k = 0; k < ni; k++)
				if (idx[k]->end < a || idx[k]->start > (b < a ? UINT64_MAX : b) || (k && idx[k] == idx[k - 1]))
					__builtin_trap();
		}
	}
	iomem_table_free(&it);
	modules_parse(buf, size, &mt);
	module_table_free(&mt);
	(void)meminfo_get(buf, size, "VmallocTotal", &v);
	(void)kallsyms_find(buf, size, "_text", &k);
	{	/* the model over the same bytes as every file */
		struct space_input in = { buf, size, buf, size, buf, size };
		struct vmspace vs;
		struct area_use u;

		if (vmspace_build(&vs, &in) == 0) {
			/* one input in four: the same file in 3 parts by 2 threads (threads cost), lines
			 * counted first or not, gives
			 * the same count, mode and bad lines, with the same line numbers */
			struct vmspace vp;
			size_t counts[3] = { 0 };
			void *ctx[3] = { &counts[0], &counts[1], &counts[2] };

			if (size && data[0] % 4 == 0 && vmspace_scan_parts(&vp, &in, 3, 2, data[0] % 8 ? 0 : SPACE_LINENO, count_line, ctx) == 0) {
				if (vp.n != vs.n || vp.mode != vs.mode || vp.vmi.nerr != vs.vmi.nerr ||
				    counts[0] + counts[1] + counts[2] != vs.n)
					abort();
				for (i = 0; i < vs.vmi.nerr; i++)
					if (vs.vmi.err[i].lineno != vp.vmi.err[i].lineno)
						abort();
				vmspace_free(&vp);
			}
			(void)vmspace_area_use(&vs, 0, UINT64_MAX, 0, &u);
			{	/* the ranges as the file has them (runs walked) and sorted give the same use */
				struct vrange *a = malloc((vs.n + 1) * sizeof(*a)), *b = malloc((vs.n + 1) * sizeof(*b));
				struct area_use ua, ub;
				uint64_t lo = size % 2 ? 0 : size, hi = size % 2 ? UINT64_MAX : size * 977 + 0x10000;

				for (i = 0; a && b && i < vs.n; i++) {
					a[i].start = vs.r[i].e->start;
					a[i].end = vs.r[i].e->end;
					b[i] = a[i];
				}
				if (a && b && radix_sort_u64(b, vs.n, sizeof(*b), 0) == 0 &&
				    ranges_area_use(a, vs.n, lo, hi, &ua) == 0 && ranges_area_use(b, vs.n, lo, hi, &ub) == 0 &&
				    memcmp(&ua, &ub, sizeof(ua)))
					abort();
				free(a);
				free(b);
			}
			{	/* a state against itself: nothing appeared, vanished or changed */
				struct vdiff d;

				if (vdiff_build(&d, &vs, &vs, data[0] % 2 ? VDIFF_UNPURGED : 0) == 0) {
					if (d.total.appeared || d.total.vanished || vdiff_changed(&d.total))
						abort();
					for (i = 0; i < d.n; i++)
						if (vdiff_changed(&d.g[i]))
							abort();
					vdiff_free(&d);
				}
			}
			{	/* the regions drawn: the cells hold every byte used, and tile the range */
				struct pic_region *pr = malloc((vs.n + 1) * sizeof(*pr));
				struct picture pic;
				size_t np = 0;
				double used = 0;

				for (i = 0; pr && i < vs.n; i++)
					pr[np++] = (struct pic_region){ vs.r[i].e->start, vs.r[i].e->end, (unsigned)(i % PIC_NCAT), i };
				if (pr && radix_sort_u64(pr, np, sizeof(*pr), 0) == 0 &&
				    picture_draw(&pic, pr, np, size, size * 4096 + 65536, 1 + size % 97,
						 data[0] % 2 ? PIC_LINEAR : PIC_COMPRESSED, 3) == 0) {
					for (i = 0; i < pic.ncells; i++) {
						used += pic.cell[i].used;
						if (pic.cell[i].end < pic.cell[i].start || (i && pic.cell[i].start != pic.cell[i - 1].end))
							abort();
					}
					if (pic.cell[0].start != pic.lo || pic.cell[pic.ncells - 1].end != pic.hi ||
					    (pic.scale == PIC_LINEAR && (used < (double)pic.used * 0.999 - 1 || used > (double)pic.used * 1.001 + 1)))
						abort();
					picture_free(&pic);
				}
				free(pr);
			}
			(void)vmspace_region_at(&vs, size);
			for (i = 0; i < vs.n; i++) {
				char tmp[64];

				(void)region_module(&vs.r[i], tmp, sizeof(tmp));
				(void)region_has_type(&vs.r[i], "vmalloc");
			}
			vmspace_free(&vs);
		}
	}
	{	/* the bytes as a trace: the callers' figures are parts of the totals */
		struct vtrace t;
		size_t pos = 0;
		struct sv ln;
		uint64_t allocs = 0, frees = 0;

		memset(&t, 0, sizeof(t));
		while (next_line(buf, size, &pos, &ln))
			if (vtrace_line(&t, ln))
				break;
		vtrace_finish(&t);
		for (i = 0; i < t.ncallers; i++) {
			allocs += t.callers[i].allocs;
			frees += t.callers[i].frees;
		}
		if (allocs > t.allocs || frees > t.frees || t.unknown_frees > t.frees)
			abort();
		for (i = 0; i < t.nfail; i++)
			if (!t.fail[i].attempts)
				abort();
		vtrace_free(&t);
	}
	return 0;
}
