// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target for the pure parsers and the vmalloc-space model: any bytes
 * as /proc/vmallocinfo, /proc/iomem, /proc/modules, /proc/meminfo and
 * /proc/kallsyms, and as the vmalloc tracepoints' text (trace). Built with clang, ASan and UBSan; the fixtures are its seeds.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
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

/* a part's ranges, as summary keeps them */
struct seg {
	struct vrange *v;
	size_t n, alloc;
};

static int keep_range(void *ctx, const struct region *r, struct sv line)
{
	struct seg *s = ctx;

	(void)line;
	if (grow_array((void **)&s->v, &s->alloc, s->n, sizeof(*s->v)))
		return -1;
	s->v[s->n].start = r->e->start;
	s->v[s->n++].end = r->e->end;
	return 0;
}

/*
 * A big machine made of the input: its valid lines' ranges, copied into
 * nodes runs as a 6.9+ kernel prints them (node after node, each node's
 * zones ascending, the zones dealt round-robin), as text read in 16 parts by
 * 2 threads, as summary reads a big file. The parts' segments walked as they
 * are give the use the same ranges sorted give; every line counts once.
 */
static void big_machine(const struct vmspace *vs, const uint8_t *data, size_t size)
{
	enum { MAXLINES = 6000 };
	unsigned nodes = 1 + (unsigned)(size > 1 ? data[1] : size) % 300, zones, k, z;
	uint64_t lo, span, cur, prev = 0;
	size_t i, n = 0, len = 0, nb = vs->n < 64 ? vs->n : 64, ns = 0, total = 0;
	char *text = NULL;
	struct vrange *all = NULL, *sorted = NULL, *base;
	struct space_input in = { 0 };
	struct vmspace vp;
	struct seg seg[SPACE_MAX_PARTS];
	void *ctx[SPACE_MAX_PARTS];
	struct vrange *sv[SPACE_MAX_PARTS];
	size_t sn[SPACE_MAX_PARTS];
	struct area_use ua, ub;

	if (!nb)
		return;
	if (nb * nodes * 2 > MAXLINES)
		nb = MAXLINES / (nodes * 2) ? MAXLINES / (nodes * 2) : 1;
	/*
	 * The base: the first lines' ranges in order of start, laid out from
	 * VMALLOC_START as a zone (sizes whole pages of at most 1 GiB, holes at
	 * most 1 MiB, as in the input): its span, a zone of every node.
	 */
	base = malloc(nb * sizeof(*base));
	if (!base)
		return;
	for (i = 0; i < nb; i++) {
		base[i].start = vs->r[i].e->start;
		base[i].end = vs->r[i].e->end;
	}
	if (radix_sort_u64(base, nb, sizeof(*base), 0)) {
		free(base);
		return;
	}
	for (i = 0, cur = 0; i < nb; i++) {
		uint64_t gap = i && base[i].start > prev ? base[i].start - prev : 0, sz = vs->r[i].e->size;

		prev = base[i].end > base[i].start ? base[i].end : base[i].start;
		gap = gap > (1 << 20) ? 1 << 20 : gap & ~0xfffULL;
		sz = sz > (1ULL << 30) ? 1ULL << 30 : sz < 4096 ? 4096 : sz & ~0xfffULL;
		base[i].start = cur + gap;
		base[i].end = base[i].start + sz;
		cur = base[i].end;
	}
	span = cur;
	lo = 0xffffc90000000000ULL;
	/*
	 * At least two zones a node, so that the nodes interleave (one zone
	 * each would be one ascending run, node above node): as many runs as
	 * nodes, the lines held to about MAXLINES by fewer of them a node (nb,
	 * above).
	 */
	zones = (unsigned)(MAXLINES / (nb * nodes));
	zones = zones < 2 ? 2 : zones > 8 ? 8 : zones;
	text = malloc((size_t)nodes * zones * nb * 64 + 1);
	all = malloc((size_t)nodes * zones * nb * sizeof(*all));
	sorted = malloc((size_t)nodes * zones * nb * sizeof(*sorted));
	if (!text || !all || !sorted)
		goto out;
	for (k = 0; k < nodes; k++)	/* node after node, each node's zones ascending */
		for (z = 0; z < zones; z++)
			for (i = 0; i < nb; i++) {
				uint64_t off = lo + ((uint64_t)z * nodes + k) * span;

				all[n].start = base[i].start + off;
				all[n].end = base[i].end + off;
				len += (size_t)sprintf(text + len, "0x%016llx-0x%016llx %llu vmalloc\n",
						       (unsigned long long)all[n].start, (unsigned long long)all[n].end,
						       (unsigned long long)(all[n].end - all[n].start));
				n++;
			}
	memcpy(sorted, all, n * sizeof(*all));
	if (radix_sort_u64(sorted, n, sizeof(*sorted), 0))
		goto out;
	/* the ranges as nodes runs in up to 16 segments, and sorted: the same use */
	for (i = 0; i < SPACE_MAX_PARTS; i++) {
		size_t a = n * i / SPACE_MAX_PARTS, b = n * (i + 1) / SPACE_MAX_PARTS;

		sv[i] = all + a;
		sn[i] = b - a;
	}
	if (ranges_area_use_segs(sv, sn, SPACE_MAX_PARTS, lo, UINT64_MAX, &ua) ||
	    ranges_area_use(sorted, n, lo, UINT64_MAX, &ub))
		goto out;
	if (memcmp(&ua, &ub, sizeof(ua)) || ua.regions != n)
		abort();
	/* the same as text, read in parts */
	memset(seg, 0, sizeof(seg));
	for (i = 0; i < SPACE_MAX_PARTS; i++)
		ctx[i] = &seg[i];
	in.vmi = text;
	in.vmi_len = len;
	if (vmspace_scan_parts(&vp, &in, SPACE_MAX_PARTS, 2, 0, keep_range, ctx) == 0) {
		if (vp.n != n || vp.vmi.nerr || vp.mode != ADDR_REAL)
			abort();
		for (i = 0; i < SPACE_MAX_PARTS; i++) {
			sv[i] = seg[i].v;
			sn[i] = seg[i].n;
			total += seg[i].n;
			ns++;
		}
		if (total != n || ranges_area_use_segs(sv, sn, ns, lo, UINT64_MAX, &ua) == 0) {
			if (total != n || memcmp(&ua, &ub, sizeof(ua)))
				abort();
		}
		vmspace_free(&vp);
	}
	for (i = 0; i < SPACE_MAX_PARTS; i++)
		free(seg[i].v);
out:
	free(base);
	free(text);
	free(all);
	free(sorted);
}

/* the resources a range runs through: each holds a byte of it, none twice in a row */
static void span_ok(const struct iomem_entry *const *r, size_t n, uint64_t a, uint64_t b)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (r[k]->end < a || r[k]->start > b || (k && r[k] == r[k - 1]))
			abort();
}

/*
 * iomem: lookups and spans linear and indexed give the same entries, at
 * every entry's start, end and the byte after, and over ranges from each.
 */
static void check_iomem(struct iomem_table *it, const char *buf, size_t size)
{
	enum { PROBES = 64, MAXSPAN = 8 };
	const struct iomem_entry *lin[PROBES * 3], *lsp[PROBES][MAXSPAN], *isp[MAXSPAN];
	uint64_t at[PROBES * 3], sa[PROBES], sb[PROBES];
	size_t np = 0, ns = 0, nl[PROBES], k;

	(void)iomem_is_zeroed(it);
	for (k = 0; k < it->n; k++) {	/* views inside the buffer */
		if (it->v[k].name.n && (it->v[k].name.p < buf || it->v[k].name.p + it->v[k].name.n > buf + size))
			abort();
		if (it->v[k].end < it->v[k].start)
			abort();
	}
	for (k = 0; k < it->n && np + 3 <= PROBES * 3; k++) {
		at[np++] = it->v[k].start;
		at[np++] = it->v[k].end;
		at[np++] = it->v[k].end + 1;
	}
	for (k = 0; k < np; k++) {
		lin[k] = iomem_lookup(it, at[k]);
		if (lin[k] && (at[k] < lin[k]->start || at[k] > lin[k]->end))
			abort();
	}
	for (k = 0; k < it->n && ns < PROBES; k++, ns++) {
		sa[ns] = it->v[k].start;
		sb[ns] = sa[ns] + (uint64_t)size * 4096 < sa[ns] ? UINT64_MAX : sa[ns] + (uint64_t)size * 4096;
		nl[ns] = iomem_span(it, sa[ns], sb[ns], lsp[ns], MAXSPAN);
		span_ok(lsp[ns], nl[ns], sa[ns], sb[ns]);
	}
	if (iomem_index(it))
		return;
	for (k = 0; k < np; k++)
		if (iomem_lookup(it, at[k]) != lin[k])
			abort();
	for (k = 0; k < ns; k++) {
		size_t ni = iomem_span(it, sa[k], sb[k], isp, MAXSPAN);

		if (ni != nl[k] || memcmp(isp, lsp[k], ni * sizeof(*isp)))
			abort();
	}
}

/* lines that are not empty */
static size_t lines_in(const char *buf, size_t size)
{
	size_t pos = 0, n = 0;
	struct sv ln;

	while (next_line(buf, size, &pos, &ln))
		n += ln.n != 0;
	return n;
}

/* modules: each line an entry or a bad one; names words of the buffer; each base found by modules_at */
static void check_modules(struct module_table *mt, const char *buf, size_t size)
{
	size_t k;

	if (mt->n + mt->nbad != lines_in(buf, size))
		abort();
	for (k = 0; k < mt->n; k++) {
		struct sv nm = mt->v[k].name;

		if (!nm.n || nm.p < buf || nm.p + nm.n > buf + size || memchr(nm.p, ' ', nm.n) ||
		    memchr(nm.p, '\t', nm.n) || memchr(nm.p, '\n', nm.n))
			abort();
	}
	if (modules_index(mt))
		return;
	for (k = 0; k < mt->n; k++) {
		const struct module_entry *m = modules_at(mt, mt->v[k].base);

		if (mt->v[k].base ? !m || m->base != mt->v[k].base : m != NULL)
			abort();
	}
}

/* meminfo: VmallocTotal as the first line "VmallocTotal:" has it, read here by other means */
static void check_meminfo(const char *buf, size_t size)
{
	static const char key[] = "VmallocTotal:";
	size_t pos = 0;
	struct sv ln;
	uint64_t got = 0, want = 0;
	int rg = meminfo_get(buf, size, "VmallocTotal", &got), rw = -1;

	while (next_line(buf, size, &pos, &ln)) {
		char num[32], unit[8], extra;
		char tmp[128];
		unsigned long long v;
		int f;

		if (ln.n < sizeof(key) - 1 || memcmp(ln.p, key, sizeof(key) - 1))
			continue;
		if (ln.n - (sizeof(key) - 1) >= sizeof(tmp))
			return;		/* too long to read here: no check */
		memcpy(tmp, ln.p + sizeof(key) - 1, ln.n - (sizeof(key) - 1));
		tmp[ln.n - (sizeof(key) - 1)] = '\0';
		if (memchr(tmp, '\0', ln.n - (sizeof(key) - 1)))
			return;
		f = sscanf(tmp, "%31s %7s %c", num, unit, &extra);
		if (f >= 1 && strspn(num, "0123456789") == strlen(num) && strlen(num) <= 20 &&
		    (f == 1 || (f == 2 && !strcmp(unit, "kB")))) {
			char *end;

			errno = 0;
			v = strtoull(num, &end, 10);
			if (!errno && (f == 1 || v <= UINT64_MAX / 1024)) {
				want = f == 2 ? v * 1024 : v;
				rw = 0;
			}
		}
		break;
	}
	if (rg != rw || (rg == 0 && got != want))
		abort();
}

/*
 * kallsyms: the first line, in file order, whose symbol is name as the kernel
 * prints it ("%px %c %s", then a tab and the module or the line's end), or none
 */
static void check_kallsyms(const char *buf, size_t size, const char *name)
{
	struct ksym k, w;
	size_t pos = 0;
	struct sv ln;
	int rg = kallsyms_find(buf, size, name, &k), rw = -1;

	while (next_line(buf, size, &pos, &ln))
		if (kallsyms_parse_line(ln.p, ln.n, &w) == 0 && sv_eq(w.name, name) && w.name.p[-1] == ' ' &&
		    (w.name.p + w.name.n == ln.p + ln.n || w.name.p[w.name.n] == '\t')) {
			rw = 0;
			break;
		}
	if (rg != rw || (rg == 0 && (k.name.p != w.name.p || k.addr != w.addr || k.type != w.type)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vmi_table vt = { 0 };
	struct iomem_table it = { 0 };
	struct module_table mt = { 0 };
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
		check_iomem(&it, buf, size);
	}
	iomem_table_free(&it);
	if (modules_parse(buf, size, &mt) == 0)
		check_modules(&mt, buf, size);
	module_table_free(&mt);
	check_meminfo(buf, size);
	check_kallsyms(buf, size, "_text");
	if (size > 2) {	/* a name the input holds: its second word's first line */
		char name[32];
		size_t a = 0, n;

		while (a < size && buf[a] != ' ' && buf[a] != '\n')
			a++;
		for (n = 0; a + 1 + n < size && n < sizeof(name) - 1 && buf[a + 1 + n] > ' '; n++)
			name[n] = buf[a + 1 + n];
		name[n] = '\0';
		if (n)
			check_kallsyms(buf, size, name);
	}
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
			if (size % 4 == 1)	/* one input in four: a big machine of it */
				big_machine(&vs, data, size);
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
