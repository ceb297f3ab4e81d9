// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl demo exhaust arena: fill a 64-bit kernel's vmalloc area (32 TiB
 * with 4-level paging) from user space, without the module, with BPF arena
 * maps (6.9+), 4 GiB of address space each and no page behind it; fit's
 * count, over the kernel's free tree read before the first one, predicts how
 * many the kernel makes before it refuses one. Then all are closed.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/demo.h"
#include "kernel/bpfarena.h"
#include "kernel/space-load.h"
#include "kernel/sysfile.h"
#include "lib/fit.h"
#include "lib/hints.h"
#include "lib/units.h"

/* a 4-level area holds about 8,000; a 5-level one (12.5 PiB) 3 million: not this demo's */
#define ARENA_MAX 65536

enum { AR_COL_NEEDED, AR_COL_AREA, AR_COL_PREDICTED, AR_COL_MADE, AR_COL_REFUSED, AR_COL_RESULT, AR_COL_FITS_AFTER,
       AR_COL_SOURCE, AR_COL_MS };

static const struct colinfo ar_cols[] = {
	[AR_COL_NEEDED]     = { "NEEDED", 8, SCOLS_FL_RIGHT, "address space an arena takes: 4 GiB, its 64 KiB guard and the guard page", CK_SIZE },
	[AR_COL_AREA]       = { "AREA", 8, SCOLS_FL_RIGHT, "the vmalloc area's size", CK_SIZE },
	[AR_COL_PREDICTED]  = { "PREDICTED", 6, SCOLS_FL_RIGHT, "arenas that fit, one after another (fit's COUNT before the first)", CK_NUM },
	[AR_COL_MADE]       = { "MADE", 6, SCOLS_FL_RIGHT, "arenas the kernel made", CK_NUM },
	[AR_COL_REFUSED]    = { "REFUSED", 6, SCOLS_FL_RIGHT, "the arena the kernel refused (null: none was)", CK_NUM },
	[AR_COL_RESULT]     = { "RESULT", 8, 0, "what the kernel said to it (ENOMEM: no room in the vmalloc area)", CK_STR },
	[AR_COL_FITS_AFTER] = { "FITS-AFTER", 3, 0, "would one more fit with them all made, by fit read again (no, where the prediction held)", CK_BOOL },
	[AR_COL_SOURCE]     = { "SOURCE", 6, 0, "kernel (its free tree) or text (an estimate from /proc/vmallocinfo)", CK_STR },
	[AR_COL_MS]         = { "MS", 5, SCOLS_FL_RIGHT, "milliseconds the kernel took to make them", CK_NUM },
};
static const int ar_defaults[] = { AR_COL_NEEDED, AR_COL_AREA, AR_COL_PREDICTED, AR_COL_MADE, AR_COL_REFUSED, AR_COL_RESULT,
				   AR_COL_FITS_AFTER, AR_COL_SOURCE, AR_COL_MS };

const struct viewdesc demo_arena_view = VIEWDESC1("arena", "Filling the vmalloc area with BPF arenas:", ar_cols, ar_defaults);

struct prediction {
	uint64_t need, area, count;
	int fits, kernel;
};

/* fit of one arena now (quiet: NEED_QUIET, no note of the source again): 0, or -1 after saying why it cannot be told */
static int predict(const struct demo_args *a, struct prediction *p, unsigned quiet)
{
	struct space_files sf;
	struct fit_answer f;
	uint64_t lo, hi;
	unsigned need = NEED_MEMINFO | NEED_HIDDEN_TOLD | quiet | space_source_need(&a->out, NEED_EXACT);
	int rc = -1;

	memset(&sf, 0, sizeof(sf));
	if (fit_need(BPFARENA_KERN_VM_SIZE, 1, &p->need) || space_read(&sf, NULL, need) || space_build(&sf, need, 0))
		goto out;
	if (!sf.kernel && sf.vs.mode != ADDR_REAL) {
		warnx("/proc/vmallocinfo: %s; %s, or run as root with /proc/kcore", hint_hidden(sf.vs.mode), sysfile_kptr_hint(NULL));
		goto out;
	}
	if (space_alloc_bounds(&sf, 0, vmspace_text_vstart(&sf.vs), &lo, &hi))
		goto out;
	if (sf.kernel ? fit_kernel(&sf.ks, p->need, PAGE_SIZE, lo, hi, &f) : fit_text(&sf.vs, p->need, PAGE_SIZE, lo, hi, &f))
		err(EXIT_ERROR, "out of memory");
	p->area = hi - lo;
	p->count = f.count;
	p->fits = f.fits || f.fits_later;
	p->kernel = sf.kernel;
	rc = 0;
out:
	space_unload(&sf);
	return rc;
}

static uint64_t ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)((int64_t)(t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000);
}

static const char *arena_error(int e)
{
	switch (e) {
	case ENOMEM:
		return "ENOMEM";
	case EINVAL:
	case EOPNOTSUPP:
		return "no BPF arenas in this kernel (6.9+, and a JIT that supports them)";
	case EPERM:
		return "EPERM (arenas need CAP_BPF: run as root)";
	case EMFILE:
		return "EMFILE (out of file descriptors)";
	default:
		return strerror(e);
	}
}

/* Make arenas until the kernel refuses one (or past the prediction): fds kept in *fds. */
static uint64_t fill(const struct prediction *p, int **fds, int *e)
{
	uint64_t n;

	*fds = calloc(p->count + 1, sizeof(**fds));
	if (!*fds)
		err(EXIT_ERROR, "out of memory");
	for (n = 0, *e = 0; n <= p->count; n++) {
		int fd = bpfarena_create();

		if (fd < 0) {
			*e = -fd;
			break;
		}
		(*fds)[n] = fd;
	}
	return n;
}

static int too_many(const struct prediction *p)
{
	char s[16];

	size_to_human(p->area, s, sizeof(s));
	if (p->count < ARENA_MAX)
		return 0;
	warnx("the vmalloc area is %s: %s%" PRIu64 " arenas would fit in it; this demo makes at most %u (a 4-level kernel's "
	      "32 TiB takes about 8,000)", s, p->count >= FIT_COUNT_MAX ? "at least " : "", p->count, ARENA_MAX - 1);
	return -1;
}

int demo_exhaust_arena(const struct demo_args *a)
{
	struct outview v, *views[1] = { &v };
	struct outopts ao = a->out;
	struct libscols_line *ln;
	struct prediction p, after;
	struct rlimit nofile;
	struct timespec t0;
	uint64_t made, i, ms;
	int *fds, e, rc;

	if (predict(a, &p, a->out.quiet ? NEED_QUIET : 0) || too_many(&p))
		return EXIT_ERROR;
	nofile.rlim_cur = nofile.rlim_max = p.count + 64;
	if (setrlimit(RLIMIT_NOFILE, &nofile))
		warn("setrlimit(RLIMIT_NOFILE, %" PRIu64 ")", p.count + 64);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	made = fill(&p, &fds, &e);
	ms = ms_since(&t0);
	if (e && e != ENOMEM) {
		warnx("bpf(BPF_MAP_CREATE, arena) %" PRIu64 ": %s", made + 1, arena_error(e));
		rc = EXIT_ERROR;
		goto out;
	}
	if (predict(a, &after, NEED_QUIET)) {
		rc = EXIT_ERROR;
		goto out;
	}
	ao.bytes = 1;	/* "4G" would hide the guard that decides */
	out_view(&v, &ao, 0);
	ln = out_line(&v);
	out_size(&v, ln, AR_COL_NEEDED, p.need);
	out_size(&v, ln, AR_COL_AREA, p.area);
	out_num(&v, ln, AR_COL_PREDICTED, p.count);
	out_num(&v, ln, AR_COL_MADE, made);
	if (e)
		out_num(&v, ln, AR_COL_REFUSED, made + 1);
	else
		out_str(&v, ln, AR_COL_REFUSED, NULL);
	out_str(&v, ln, AR_COL_RESULT, e ? arena_error(e) : NULL);
	out_bool(&v, ln, AR_COL_FITS_AFTER, after.fits);
	out_str(&v, ln, AR_COL_SOURCE, p.kernel ? "kernel" : "text");
	out_num(&v, ln, AR_COL_MS, ms);
	rc = out_print(views, 1) ? EXIT_ERROR : EXIT_OK;
	if (!out_is_machine(&a->out)) {
		if (e)
			printf("\nThe kernel refused arena %" PRIu64 " (dmesg: \"vmalloc_node_range for size %" PRIu64 " failed\"); "
			       "fit predicted %" PRIu64 " would fit: %s.\n",
			       made + 1, p.need, p.count, made == p.count ? "as predicted" : "MISMATCH");
		else
			printf("\nThe kernel made all %" PRIu64 " arenas fit predicted and one more: MISMATCH.\n", p.count);
		printf("All %" PRIu64 " arenas closed (the kernel frees their areas after the maps' deferred free).\n", made);
	}
	if (!e || made != p.count || after.fits)
		rc = EXIT_ERROR;
out:
	for (i = 0; i < made; i++)
		close(fds[i]);
	free(fds);
	return rc;
}
