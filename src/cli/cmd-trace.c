// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl trace: the vmalloc tracepoints (6.2+) for a while, through tracefs
 * alone: who allocated and freed how much, the purges, and every failed
 * allocation with the stack that asked for it.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/space-load.h"
#include "kernel/tracefs.h"
#include "lib/parse.h"
#include "lib/vtrace.h"

enum { CALLER_COL_CALLER, CALLER_COL_MODULE, CALLER_COL_ALLOCS, CALLER_COL_ALLOC_SIZE, CALLER_COL_FREES, CALLER_COL_FREE_SIZE, CALLER_COL_NET };

static const struct colinfo caller_cols[] = {
	[CALLER_COL_CALLER]     = { "CALLER", 24, SCOLS_FL_TRUNC, "the caller as vmallocinfo names it (past the allocator's frames)", CK_STR },
	[CALLER_COL_MODULE]     = { "MODULE", 10, 0, "its module, or kernel", CK_STR },
	[CALLER_COL_ALLOCS]     = { "ALLOCS", 6, SCOLS_FL_RIGHT, "areas it was given", CK_NUM },
	[CALLER_COL_ALLOC_SIZE] = { "ALLOC-SIZE", 6, SCOLS_FL_RIGHT, "their address space (guard pages included)", CK_SIZE },
	[CALLER_COL_FREES]      = { "FREES", 6, SCOLS_FL_RIGHT, "areas of its freed (those made before the trace too)", CK_NUM },
	[CALLER_COL_FREE_SIZE]  = { "FREE-SIZE", 6, SCOLS_FL_RIGHT, "their address space", CK_SIZE },
	[CALLER_COL_NET]        = { "NET", 6, SCOLS_FL_RIGHT, "ALLOC-SIZE - FREE-SIZE (the rows are sorted by it)", CK_SIZE },
};
static const int caller_defaults[] = { CALLER_COL_CALLER, CALLER_COL_MODULE, CALLER_COL_ALLOCS, CALLER_COL_ALLOC_SIZE, CALLER_COL_FREES, CALLER_COL_FREE_SIZE, CALLER_COL_NET };

enum {
	FAIL_COL_TIME, FAIL_COL_COMM, FAIL_COL_PID, FAIL_COL_SIZE, FAIL_COL_ALIGN, FAIL_COL_VSTART, FAIL_COL_VEND, FAIL_COL_ATTEMPTS,
	FAIL_COL_CALLER, FAIL_COL_MODULE, FAIL_COL_STACK,
};

static const struct colinfo fail_cols[] = {
	[FAIL_COL_TIME]     = { "TIME", 10, SCOLS_FL_RIGHT, "seconds since boot (the trace clock)", CK_STR },
	[FAIL_COL_COMM]     = { "COMM", 8, 0, "the task that asked", CK_STR },
	[FAIL_COL_PID]      = { "PID", 5, SCOLS_FL_RIGHT, "its id", CK_NUM },
	[FAIL_COL_SIZE]     = { "SIZE", 6, SCOLS_FL_RIGHT, "the size asked for (guard page included)", CK_SIZE },
	[FAIL_COL_ALIGN]    = { "ALIGN", 5, SCOLS_FL_RIGHT, "the alignment asked for", CK_SIZE },
	[FAIL_COL_VSTART]   = { "VSTART", 18, SCOLS_FL_RIGHT, "the range searched: its start", CK_ADDR },
	[FAIL_COL_VEND]     = { "VEND", 18, SCOLS_FL_RIGHT, "and its end", CK_ADDR },
	[FAIL_COL_ATTEMPTS] = { "ATTEMPTS", 3, SCOLS_FL_RIGHT, "events of this failure: the kernel tries again after a purge", CK_NUM },
	[FAIL_COL_CALLER]   = { "CALLER", 20, 0, "the caller as vmallocinfo names it (past the allocator's frames)", CK_STR },
	[FAIL_COL_MODULE]   = { "MODULE", 8, 0, "its module, or kernel", CK_STR },
	[FAIL_COL_STACK]    = { "STACK", 40, SCOLS_FL_WRAP, "the kernel stack, innermost first", CK_STR },
};
static const int fail_defaults[] = { FAIL_COL_TIME, FAIL_COL_COMM, FAIL_COL_PID, FAIL_COL_SIZE, FAIL_COL_ALIGN, FAIL_COL_VSTART, FAIL_COL_VEND, FAIL_COL_ATTEMPTS, FAIL_COL_CALLER, FAIL_COL_MODULE, FAIL_COL_STACK };

enum {
	TOTAL_COL_SECONDS, TOTAL_COL_EVENTS, TOTAL_COL_ALLOCS, TOTAL_COL_ALLOC_SIZE, TOTAL_COL_FREES, TOTAL_COL_FREE_SIZE, TOTAL_COL_UNKNOWN,
	TOTAL_COL_PURGES, TOTAL_COL_PURGED, TOTAL_COL_FAILURES, TOTAL_COL_LOST,
};

static const struct colinfo total_cols[] = {
	[TOTAL_COL_SECONDS]    = { "SECONDS", 5, SCOLS_FL_RIGHT, "how long the trace ran", CK_NUM },
	[TOTAL_COL_EVENTS]     = { "EVENTS", 6, SCOLS_FL_RIGHT, "events recorded", CK_NUM },
	[TOTAL_COL_ALLOCS]     = { "ALLOCS", 6, SCOLS_FL_RIGHT, "areas allocated", CK_NUM },
	[TOTAL_COL_ALLOC_SIZE] = { "ALLOC-SIZE", 6, SCOLS_FL_RIGHT, "their address space", CK_SIZE },
	[TOTAL_COL_FREES]      = { "FREES", 6, SCOLS_FL_RIGHT, "areas freed (lazily: purged later)", CK_NUM },
	[TOTAL_COL_FREE_SIZE]  = { "FREE-SIZE", 6, SCOLS_FL_RIGHT, "their address space, where known (UNKNOWN-FREES: how many not); null when none is", CK_SIZE },
	[TOTAL_COL_UNKNOWN]    = { "UNKNOWN-FREES", 6, SCOLS_FL_RIGHT, "frees of areas neither seen made nor in /proc/vmallocinfo at the start", CK_NUM },
	[TOTAL_COL_PURGES]     = { "PURGES", 6, SCOLS_FL_RIGHT, "purges of the lazily freed areas", CK_NUM },
	[TOTAL_COL_PURGED]     = { "PURGED", 6, SCOLS_FL_RIGHT, "areas they purged", CK_NUM },
	[TOTAL_COL_FAILURES]   = { "FAILURES", 6, SCOLS_FL_RIGHT, "failed allocations", CK_NUM },
	[TOTAL_COL_LOST]       = { "LOST", 6, SCOLS_FL_RIGHT, "events the buffer lost (the figures are short by them)", CK_NUM },
};
/* every column: -o selects the first table's only, so a column left out here could never be shown */
static const int total_defaults[] = {
	TOTAL_COL_SECONDS, TOTAL_COL_EVENTS, TOTAL_COL_ALLOCS, TOTAL_COL_ALLOC_SIZE, TOTAL_COL_FREES, TOTAL_COL_FREE_SIZE, TOTAL_COL_UNKNOWN,
	TOTAL_COL_PURGES, TOTAL_COL_PURGED, TOTAL_COL_FAILURES, TOTAL_COL_LOST,
};

static const struct viewdesc trace_views[] = {
	VIEWDESC("callers", "Allocations and frees by caller:", caller_cols, caller_defaults),
	VIEWDESC("failures", "Failed allocations:", fail_cols, fail_defaults),
	VIEWDESC1("total", "In all:", total_cols, total_defaults),
};

struct trace_args {
	struct outopts out;	/* first: see out_children */
	double duration;
	int failures;
};

enum { OPT_DURATION = 0x300, OPT_FAILURES };

static const char trace_doc[] =
	"Record the kernel's vmalloc events (alloc_vmap_area, free_vmap_area_noflush, "
	"purge_vmap_area_lazy; kernels 6.2 and later) through tracefs, with the kernel stack of "
	"each allocation, and report who allocated and freed how much and every failed "
	"allocation with its stack. It works in a tracefs instance of its own, removed at the "
	"end, on Ctrl-C too. Needs root.";

static const struct cmdopt trace_options[] = {
	{ { "duration", OPT_DURATION, "S", 0, "seconds to record (default 10; 0: until Ctrl-C or SIGTERM)", 1 },
	  OPT_SECONDS(struct trace_args, duration, 0, 31 * 86400.0, "duration") },
	{ { "failures", OPT_FAILURES, NULL, 0, "record failed allocations only (the kernel filters the rest): cheap enough to leave running", 1 },
	  OPT_FLAG(struct trace_args, failures) },
	OPT_END
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* the regions there at the start: a free of one of them is told by its size and caller */
static void seed(struct vtrace *t)
{
	struct space_files sf;
	size_t i;

	if (space_load(&sf, NULL, NEED_MODULES | NEED_HIDDEN_TOLD | NEED_SRC_TEXT, 0)) {
		space_unload(&sf);
		return;
	}
	for (i = 0; sf.vs.mode == ADDR_REAL && i < sf.vs.n; i++) {
		const struct region *r = &sf.vs.r[i];
		struct sv m = region_module_sv(r);

		if (r->e->tags & VMI_UNPURGED)
			continue;
		if (vtrace_seed(t, r->e->start, r->e->size, r->e->caller.n ? r->e->func : (struct sv){ NULL, 0 },
				m.p && !sv_eq(m, "kernel") ? m : (struct sv){ NULL, 0 }))
			err(EXIT_ERROR, "out of memory");
	}
	space_unload(&sf);
}

/* a function's module, by its name in /proc/kallsyms (read once, when a stack first needs it) */
struct modmap {
	struct buf ks;
	int tried;
	struct {
		char *name;
		struct sv module;
	} *v;
	size_t n, alloc;
};

static struct sv module_of(void *ctx, struct sv func)
{
	static const struct sv none = { NULL, 0 };
	struct modmap *m = ctx;
	struct ksym k;
	char *name;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strlen(m->v[i].name) == func.n && !memcmp(m->v[i].name, func.p, func.n))
			return m->v[i].module;
	if (!m->tried) {
		m->tried = 1;
		if (sysfile_read(NULL, "/proc/kallsyms", &m->ks, 0))
			m->ks.n = 0;
	}
	if (grow_array((void **)&m->v, &m->alloc, m->n, sizeof(*m->v)) || !(name = strndup(func.p, func.n)))
		err(EXIT_ERROR, "out of memory");
	m->v[m->n].name = name;
	m->v[m->n].module = m->ks.n && !kallsyms_find(m->ks.p, m->ks.n, name, &k) && k.module.n ? k.module : none;
	return m->v[m->n++].module;
}

static void modmap_free(struct modmap *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	buf_free(&m->ks);
}

/* a failure's task when the trace could not name it ("<...>"): its comm now, if it still runs */
static void name_task(struct vt_failure *f)
{
	char path[64], comm[64];
	FILE *fp;

	if (strcmp(f->comm, "<...>"))
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", f->pid);
	fp = fopen(path, "r");
	if (!fp)
		return;
	if (fgets(comm, sizeof(comm), fp)) {
		comm[strcspn(comm, "\n")] = 0;
		free(f->comm);
		f->comm = strdup(comm);
		if (!f->comm)
			err(EXIT_ERROR, "out of memory");
	}
	fclose(fp);
}

/* lines of buf (the last, unfinished one kept for the next read) */
static size_t feed(struct vtrace *t, char *buf, size_t n, int all)
{
	size_t pos = 0;

	for (;;) {
		char *nl = memchr(buf + pos, '\n', n - pos);
		struct sv line;

		if (!nl && !all)
			break;
		size_t nfail = t->nfail;

		line.p = buf + pos;
		line.n = nl ? (size_t)(nl - line.p) : n - pos;
		if (line.n && vtrace_line(t, line))
			err(EXIT_ERROR, "out of memory");
		if (t->nfail > nfail)
			name_task(&t->fail[t->nfail - 1]);
		if (!nl) {
			pos = n;
			break;
		}
		pos = (size_t)(nl - buf) + 1;
	}
	memmove(buf, buf + pos, n - pos);
	return n - pos;
}

static int record(struct trace_args *a, struct vtrace *t, double *seconds)
{
	static char buf[1 << 16];
	struct tracefs tf;
	struct sigaction sa;
	double start, left;
	size_t have = 0;
	ssize_t r;

	if (tracefs_begin(&tf, a->failures))
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	if (!out_is_machine(&a->out) && isatty(STDERR_FILENO)) {
		if (a->duration)
			fprintf(stderr, "vmapctl: tracing for %gs (Ctrl-C ends it sooner)\n", a->duration);
		else
			fprintf(stderr, "vmapctl: tracing until Ctrl-C\n");
	}
	start = now_s();
	while (!stop && (left = a->duration ? start + a->duration - now_s() : 1.0) > 0) {
		r = tracefs_read(&tf, buf + have, sizeof(buf) - have - 1, left > 0.2 ? 200 : (int)(left * 1000) + 1);
		if (r < 0 && errno != EINTR) {
			warn("%s/trace_pipe", tf.inst);
			tracefs_end(&tf);
			return -1;
		}
		if (r > 0) {
			have += (size_t)r;
			have = feed(t, buf, have, have == sizeof(buf) - 1);
		}
	}
	*seconds = now_s() - start;
	tracefs_stop(&tf);
	/* what is left in the buffer */
	while ((r = tracefs_read(&tf, buf + have, sizeof(buf) - have - 1, 0)) > 0) {
		have += (size_t)r;
		have = feed(t, buf, have, have == sizeof(buf) - 1);
	}
	feed(t, buf, have, 1);
	tracefs_end(&tf);
	vtrace_finish(t);
	return 0;
}

static int by_net(const void *x, const void *y)
{
	const struct vt_caller *a = x, *b = y;
	int64_t na = (int64_t)(a->alloc_bytes - a->free_bytes), nb = (int64_t)(b->alloc_bytes - b->free_bytes);

	if (na != nb)
		return na > nb ? -1 : 1;
	if (a->allocs + a->frees != b->allocs + b->frees)
		return a->allocs + a->frees > b->allocs + b->frees ? -1 : 1;
	return strcmp(a->func, b->func);
}

static void callers_view(struct outview *v, struct vtrace *t, const struct outopts *o)
{
	size_t i;

	out_view(v, o, 0);
	out_title(v, trace_views[0].title);
	qsort(t->callers, t->ncallers, sizeof(*t->callers), by_net);	/* no lookups after this */
	for (i = 0; i < t->ncallers; i++) {
		const struct vt_caller *c = &t->callers[i];
		struct libscols_line *ln;

		if (!c->allocs && !c->frees)
			continue;
		ln = out_line(v);
		out_str(v, ln, CALLER_COL_CALLER, c->func);
		out_str(v, ln, CALLER_COL_MODULE, c->module ? c->module : "kernel");
		out_num(v, ln, CALLER_COL_ALLOCS, c->allocs);
		out_size(v, ln, CALLER_COL_ALLOC_SIZE, c->alloc_bytes);
		out_num(v, ln, CALLER_COL_FREES, c->frees);
		out_size(v, ln, CALLER_COL_FREE_SIZE, c->free_bytes);
		out_size_delta(v, ln, CALLER_COL_NET, c->free_bytes, c->alloc_bytes);
	}
}

static void failures_view(struct outview *v, const struct vtrace *t, const struct outopts *o, size_t idx)
{
	size_t i;

	out_view(v, o, idx);
	out_title(v, trace_views[1].title);
	v->addr_digits = 16;
	for (i = 0; i < t->nfail; i++) {
		const struct vt_failure *f = &t->fail[i];
		const struct vt_caller *c = f->caller < t->ncallers ? &t->callers[f->caller] : NULL;
		struct libscols_line *ln = out_line(v);

		out_str(v, ln, FAIL_COL_TIME, f->ts);
		out_str(v, ln, FAIL_COL_COMM, f->comm);
		out_num(v, ln, FAIL_COL_PID, (uint64_t)f->pid);
		out_size(v, ln, FAIL_COL_SIZE, f->size);
		out_size(v, ln, FAIL_COL_ALIGN, f->align);
		out_addr(v, ln, FAIL_COL_VSTART, f->vstart, 1);
		out_addr(v, ln, FAIL_COL_VEND, f->vend, 1);
		out_num(v, ln, FAIL_COL_ATTEMPTS, f->attempts);
		out_str(v, ln, FAIL_COL_CALLER, c ? c->func : NULL);
		out_str(v, ln, FAIL_COL_MODULE, c ? (c->module ? c->module : "kernel") : NULL);
		out_str(v, ln, FAIL_COL_STACK, f->stack);
	}
}

static void total_view(struct outview *v, const struct vtrace *t, double seconds, const struct outopts *o, size_t idx)
{
	struct libscols_line *ln;
	uint64_t freed;

	out_view(v, o, idx);
	out_title(v, trace_views[2].title);
	ln = out_line(v);
	out_num(v, ln, TOTAL_COL_SECONDS, (uint64_t)(seconds + 0.5));
	out_num(v, ln, TOTAL_COL_EVENTS, t->events);
	out_num(v, ln, TOTAL_COL_ALLOCS, t->allocs);
	out_size(v, ln, TOTAL_COL_ALLOC_SIZE, t->alloc_bytes);
	out_num(v, ln, TOTAL_COL_FREES, t->frees);
	if (vtrace_free_bytes(t, &freed))
		out_str(v, ln, TOTAL_COL_FREE_SIZE, NULL);	/* unknown, not 0 */
	else
		out_size(v, ln, TOTAL_COL_FREE_SIZE, freed);
	out_num(v, ln, TOTAL_COL_UNKNOWN, t->unknown_frees);
	out_num(v, ln, TOTAL_COL_PURGES, t->purges);
	out_num(v, ln, TOTAL_COL_PURGED, t->purged);
	out_num(v, ln, TOTAL_COL_FAILURES, t->nfail);
	out_num(v, ln, TOTAL_COL_LOST, t->lost);
}

static int cmd_trace(int argc, char *argv[])
{
	struct trace_args a = { .out = { trace_views, ARRAY_SIZE(trace_views) }, .duration = 10 };
	struct outview vc, vf, vt, *views[3];
	struct vtrace t;
	struct modmap mods = { 0 };
	double seconds = 0;
	size_t n = 0;
	int rc;

	cmd_args(&vmapctl_cmd_trace, argc, argv, &a);
	memset(&t, 0, sizeof(t));
	t.module_of = module_of;
	t.module_ctx = &mods;
	if (!a.failures)
		seed(&t);
	if (record(&a, &t, &seconds)) {
		vtrace_free(&t);
		modmap_free(&mods);
		return EXIT_ERROR;
	}
	if (t.lost)
		warnx("the trace buffer lost %llu events: the figures are short by them",
		      (unsigned long long)t.lost);
	if (!a.failures) {
		callers_view(&vc, &t, &a.out);
		views[n++] = &vc;
	}
	failures_view(&vf, &t, &a.out, 1);
	views[n++] = &vf;
	total_view(&vt, &t, seconds, &a.out, 2);
	views[n++] = &vt;
	rc = out_print(views, n);
	vtrace_free(&t);
	modmap_free(&mods);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_trace = {
	.name = "trace", .run = cmd_trace,
	.help = "record allocations, frees and failures (tracefs, 6.2+)",
	.doc = trace_doc, .opts = trace_options, .children = live_children,
};
