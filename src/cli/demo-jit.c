// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl demo jit: load classic BPF filters as an unprivileged user does (a
 * socket filter, or a seccomp filter as container runtimes install) until the
 * kernel refuses one for the JIT's limit, predicting each step from the
 * kernel's own counter; then one load as root, which the limit does not stop;
 * then release everything and watch the counter come back.
 *
 * The limit is lowered for the run to the bytes charged now plus --size (the
 * room), so that the refusal comes after a few steps and not after the half
 * gigabyte a real machine allows, and set back at the end. The first load
 * calibrates: it shows what one filter charges.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/demo.h"
#include "kernel/bpfjit.h"
#include "lib/units.h"

#define JIT_INSNS 256			/* classic instructions a filter */
#define JIT_MAX_STEPS 1000		/* a run never goes further */
#define JIT_SECCOMP_MAX_INSNS 32768	/* kernel/seccomp.c MAX_INSNS_PER_PATH: a task's filters' length, 4 more each */
#define JIT_NOBODY 65534		/* the overflow uid and gid: nobody */
#define JIT_RELEASE_WAIT_MS 10000	/* programs are freed after an RCU grace period, by a worker */

enum { JIT_COL_STEP, JIT_COL_USER, JIT_COL_CHARGED, JIT_COL_CHARGE, JIT_COL_LIMIT, JIT_COL_PREDICTED, JIT_COL_RESULT };

static const struct colinfo jit_cols[] = {
	[JIT_COL_STEP]      = { "STEP", 4, SCOLS_FL_RIGHT, "load number", CK_NUM },
	[JIT_COL_USER]      = { "USER", 6, 0, "who loads it: nobody (no capabilities) or root (not held to the limit)", CK_STR },
	[JIT_COL_CHARGED]   = { "CHARGED", 8, SCOLS_FL_RIGHT, "the JIT's counter before the load (bpf_jit_current, read through /proc/kcore)", CK_SIZE },
	[JIT_COL_CHARGE]    = { "CHARGE", 6, SCOLS_FL_RIGHT, "what the load added to the counter (0: refused)", CK_SIZE },
	[JIT_COL_LIMIT]     = { "LIMIT", 8, SCOLS_FL_RIGHT, "net.core.bpf_jit_limit during the load", CK_SIZE },
	[JIT_COL_PREDICTED] = { "PREDICTED", 9, 0, "fits or refused, from the counter, the first load's charge and the limit; root: not limited", CK_STR },
	[JIT_COL_RESULT]    = { "RESULT", 12, 0, "JIT-compiled; interpreted (the JIT refused it, a kernel without CONFIG_BPF_JIT_ALWAYS_ON runs it so); or the load's error (ENOTSUPP, 524: the JIT refused it)", CK_STR },
};
static const int jit_defaults[] = { JIT_COL_STEP, JIT_COL_USER, JIT_COL_CHARGED, JIT_COL_CHARGE, JIT_COL_LIMIT, JIT_COL_PREDICTED, JIT_COL_RESULT };

enum { JREL_COL_BEFORE, JREL_COL_AFTER, JREL_COL_LIMIT, JREL_COL_MS };

static const struct colinfo jrel_cols[] = {
	[JREL_COL_BEFORE] = { "CHARGED-BEFORE", 8, SCOLS_FL_RIGHT, "the JIT's counter before the first load", CK_SIZE },
	[JREL_COL_AFTER]  = { "CHARGED-AFTER", 8, SCOLS_FL_RIGHT, "the counter after everything was released", CK_SIZE },
	[JREL_COL_LIMIT]  = { "LIMIT", 8, SCOLS_FL_RIGHT, "net.core.bpf_jit_limit as set back", CK_SIZE },
	[JREL_COL_MS]     = { "MS", 4, SCOLS_FL_RIGHT, "milliseconds the kernel took to free them", CK_NUM },
};
static const int jrel_defaults[] = { JREL_COL_BEFORE, JREL_COL_AFTER, JREL_COL_LIMIT, JREL_COL_MS };

const struct viewdesc demo_jit_views[2] = {
	VIEWDESC("jit", "Loading BPF filters until the JIT's limit refuses one:", jit_cols, jit_defaults),
	VIEWDESC1("release", "Released:", jrel_cols, jrel_defaults),
};

/* ---- a process that loads filters when told to ----------------------------- */

struct loader {
	pid_t pid;
	int cmd, res;	/* our ends: a byte a load; its errno back */
};

static void loader_child(int cmd, int res, enum bpfjit_filter kind, int unprivileged, unsigned max)
{
	struct rlimit nofile = { max + 16, max + 16 };
	int e = 0;
	char c;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (unprivileged && (setrlimit(RLIMIT_NOFILE, &nofile) || setgroups(0, NULL) || setgid(JIT_NOBODY) ||
			     setuid(JIT_NOBODY)))
		e = errno;
	if (write(res, &e, sizeof(e)) != sizeof(e) || e)
		_exit(1);
	while (read(cmd, &c, 1) == 1 && c == 'g') {	/* the filters stay: held until this process ends */
		int fd = bpfjit_filter_load(kind, JIT_INSNS);

		e = fd < 0 ? -fd : 0;
		if (write(res, &e, sizeof(e)) != sizeof(e))
			_exit(1);
	}
	_exit(0);
}

/*
 * Start one; @sibling is a loader started before it, whose pipe ends the child
 * must not hold: the sibling would never see its end and never exit.
 */
static int loader_start(struct loader *l, const struct loader *sibling, enum bpfjit_filter kind, int unprivileged,
			unsigned max)
{
	int cmd[2], res[2], e;

	l->pid = -1;
	if (pipe2(cmd, O_CLOEXEC)) {
		warn("pipe");
		return -1;
	}
	if (pipe2(res, O_CLOEXEC)) {
		warn("pipe");
		close(cmd[0]);
		close(cmd[1]);
		return -1;
	}
	fflush(NULL);
	l->pid = fork();
	if (l->pid == 0) {
		close(cmd[1]);
		close(res[0]);
		if (sibling && sibling->pid > 0) {
			close(sibling->cmd);
			close(sibling->res);
		}
		loader_child(cmd[0], res[1], kind, unprivileged, max);
	}
	close(cmd[0]);
	close(res[1]);
	l->cmd = cmd[1];
	l->res = res[0];
	if (l->pid < 0 || read(l->res, &e, sizeof(e)) != sizeof(e) || e) {
		warnx("a process to load filters as %s: %s", unprivileged ? "nobody" : "root",
		      l->pid < 0 ? strerror(errno) : e ? strerror(e) : "it ended");
		return -1;
	}
	return 0;
}

/* One load: 0 and *e its errno (0 loaded), or -1 when the loader is gone. */
static int loader_load(const struct loader *l, int *e)
{
	if (write(l->cmd, "g", 1) != 1 || read(l->res, e, sizeof(*e)) != sizeof(*e)) {
		warnx("the process loading filters ended");
		return -1;
	}
	return 0;
}

/* End it, and with it its filters. */
static void loader_stop(struct loader *l)
{
	if (l->pid < 0)
		return;
	close(l->cmd);
	close(l->res);
	while (waitpid(l->pid, NULL, 0) < 0 && errno == EINTR)
		;
	l->pid = -1;
}

/* ---- the run ------------------------------------------------------------------ */

struct jitrun {
	struct bpfjit j;
	struct outview *v;
	uint64_t charged0, charge, limit0, limit_units;
	uint64_t predicted, refused, mismatches;
	int first_errno, refused_errno;	/* the calibration's and the refused load's errno (0: loaded) */
	int lowered;		/* the limit is the run's: set it back */
	int root_refused;	/* root's load failed: the limit should not stop it */
};

static const char *result_name(int e)
{
	static char s[48];

	switch (e) {
	case 0:
		return "loaded";
	case 524:	/* the kernel's ENOTSUPP, which user space has no name for */
		return "ENOTSUPP";
	case EPERM:
		return "EPERM";
	case ENOMEM:
		return "ENOMEM";
	case EINVAL:
		return "EINVAL";
	default:
		snprintf(s, sizeof(s), "errno %d", e);
		return s;
	}
}

/*
 * One load and its row: predicted from the counter before it (root: always
 * taken). *jitted: the counter grew, the JIT compiled it; a load the JIT
 * refuses fails (ENOTSUPP) or, without CONFIG_BPF_JIT_ALWAYS_ON, runs in the
 * interpreter. 0, or -1 when the counter or the loader failed.
 */
static int step(struct jitrun *r, const struct loader *l, uint64_t n, int root, int *jitted)
{
	struct libscols_line *ln;
	uint64_t before, after, ub = r->j.unit.bytes;
	int fits, e;

	if (bpfjit_charged(&r->j, &before) || loader_load(l, &e) || bpfjit_charged(&r->j, &after))
		return -1;
	*jitted = !e && after > before;
	fits = root || before + r->charge <= r->limit_units;
	ln = out_line(r->v);
	out_num(r->v, ln, JIT_COL_STEP, n);
	out_str(r->v, ln, JIT_COL_USER, root ? "root" : "nobody");
	out_size(r->v, ln, JIT_COL_CHARGED, before * ub);
	out_size(r->v, ln, JIT_COL_CHARGE, after > before ? (after - before) * ub : 0);
	if (n == 1) {	/* the calibration: under the machine's own limit */
		out_size(r->v, ln, JIT_COL_LIMIT, r->limit0);
		out_str(r->v, ln, JIT_COL_PREDICTED, NULL);
		r->charge = after - before;
		r->first_errno = e;
	} else {
		out_size(r->v, ln, JIT_COL_LIMIT, r->limit_units * ub);
		out_str(r->v, ln, JIT_COL_PREDICTED, root ? "not limited" : fits ? "fits" : "refused");
		r->mismatches += fits != *jitted;
	}
	if (!*jitted && !root && n > 1)
		r->refused_errno = e;
	out_str(r->v, ln, JIT_COL_RESULT, e ? result_name(e) : *jitted ? "JIT-compiled" : "interpreted");
	return 0;
}

/* The counter back where it was (or lower): 0 and the wait, or -1 after 10 s. */
static int wait_released(const struct jitrun *r, uint64_t *now, uint64_t *ms)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };

	for (*ms = 0; *ms <= JIT_RELEASE_WAIT_MS; *ms += 20) {
		if (bpfjit_charged(&r->j, now))
			return -1;
		if (*now <= r->charged0)
			return 0;
		nanosleep(&tick, NULL);
	}
	return -1;
}

/* Steps 2 on, until the kernel refuses one (or goes past the prediction). */
static int fill(struct jitrun *r, const struct loader *nobody)
{
	uint64_t n;
	int jitted;

	for (n = 2; n <= r->predicted + 1; n++) {
		if (step(r, nobody, n, 0, &jitted))
			return -1;
		if (!jitted) {
			r->refused = n;
			break;
		}
	}
	return 0;
}

/* Calibrate, lower the limit, fill; 0, or -1 after saying why. */
static int run_loads(struct jitrun *r, const struct demo_args *a, struct loader *nobody, struct loader *root)
{
	enum bpfjit_filter kind = a->jit_filter;
	uint64_t room = a->have_size ? a->size : 64 << 10, steps_max = JIT_MAX_STEPS;
	int jitted, rc;

	if (kind == BPFJIT_SECCOMP)
		steps_max = JIT_SECCOMP_MAX_INSNS / (JIT_INSNS + 4) - 1;
	if (loader_start(nobody, NULL, kind, 1, (unsigned)steps_max + 1) || step(r, nobody, 1, 0, &jitted))
		return -1;
	if (r->first_errno) {
		warnx("the first filter was refused: %s (the JIT is at its limit already?)", strerror(r->first_errno));
		return -1;
	}
	if (!jitted) {
		warnx("the filter charged nothing to " BPFJIT_LIMIT_FILE ": it was not JIT-compiled (net.core.bpf_jit_enable is 0?)");
		return -1;
	}
	r->limit_units = r->charged0 + r->charge + (room + r->j.unit.bytes - 1) / r->j.unit.bytes;
	r->predicted = 1 + jit_refused_step(r->charged0 + r->charge, r->charge, r->limit_units);
	if (r->predicted > steps_max) {
		warnx("--size %" PRIu64 ": room for %" PRIu64 " filters of %" PRIu64 " bytes; this run makes at most %" PRIu64,
		      room, r->predicted - 2, r->charge * r->j.unit.bytes, steps_max - 1);
		return -1;
	}
	rc = bpfjit_limit_set(r->limit_units * r->j.unit.bytes);
	if (rc) {
		warnx("%s: %s (lowering it for the run needs CAP_SYS_ADMIN: run as root)", BPFJIT_LIMIT_FILE, strerror(-rc));
		return -1;
	}
	r->lowered = 1;
	if (fill(r, nobody) || loader_start(root, nobody, kind, 0, 0) || step(r, root, r->refused ? r->refused + 1 : r->predicted + 2, 1, &jitted))
		return -1;
	r->root_refused = !jitted;
	return 0;
}

static void say(const struct jitrun *r, int released)
{
	char was[16];

	size_to_human(r->charged0 * r->j.unit.bytes, was, sizeof(was));
	printf("\n");
	if (r->refused)
		printf("The JIT refused load %" PRIu64 " as nobody, past net.core.bpf_jit_limit; %s; vmapctl predicted load %"
		       PRIu64 ": %s.\n", r->refused,
		       r->refused_errno == 524 ? "the load failed with ENOTSUPP (errno 524), as every load will until the JIT has room"
		       : r->refused_errno ? "the load failed"
		       : "the kernel took the filter anyway, to run in its interpreter (no CONFIG_BPF_JIT_ALWAYS_ON)",
		       r->predicted, r->mismatches || r->refused != r->predicted ? "MISMATCH" : "as predicted");
	else
		printf("The JIT did not refuse a load by load %" PRIu64 ", where vmapctl predicted it would: MISMATCH.\n",
		       r->predicted + 1);
	printf("Root's load past the limit: %s.\n", r->root_refused ? "refused (MISMATCH)" : "taken, as the kernel lets CAP_BPF and CAP_SYS_ADMIN");
	printf("All released; the counter %s to %s, where it was.\n", released ? "came back" : "DID NOT come back", was);
}

int demo_jit(const struct demo_args *a)
{
	struct outview v, rel, *views[2] = { &v, &rel };
	struct loader nobody = { .pid = -1 }, root = { .pid = -1 };
	struct jitrun r = { .v = &v };
	struct outopts jo = a->out;
	struct libscols_line *ln;
	uint64_t after = 0, ms = 0;
	int rc, restored, released;

	if (bpfjit_open(&r.j))
		return EXIT_ERROR;
	if (bpfjit_limit_get(&r.limit0) || bpfjit_charged(&r.j, &r.charged0)) {
		bpfjit_close(&r.j);
		return EXIT_ERROR;
	}
	signal(SIGINT, SIG_IGN);	/* until the limit is set back: ^C ends the loaders, and with them the run */
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	jo.bytes = 1;		/* "4.4M" against "4.4M" would hide the charge that decides */
	out_view(&v, &jo, 0);
	out_view(&rel, &jo, 1);
	rc = run_loads(&r, a, &nobody, &root);
	loader_stop(&nobody);
	loader_stop(&root);
	restored = r.lowered ? bpfjit_limit_set(r.limit0) : 0;
	if (restored)
		warnx("%s: %s: set it back: sysctl net.core.bpf_jit_limit=%" PRIu64, BPFJIT_LIMIT_FILE, strerror(-restored), r.limit0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	released = !wait_released(&r, &after, &ms);
	bpfjit_close(&r.j);
	if (rc)
		return EXIT_ERROR;
	ln = out_line(&rel);
	out_size(&rel, ln, JREL_COL_BEFORE, r.charged0 * r.j.unit.bytes);
	out_size(&rel, ln, JREL_COL_AFTER, after * r.j.unit.bytes);
	out_size(&rel, ln, JREL_COL_LIMIT, r.limit0);
	if (released)
		out_num(&rel, ln, JREL_COL_MS, ms);
	else
		out_str(&rel, ln, JREL_COL_MS, NULL);
	rc = out_print(views, 2);
	if (!out_is_machine(&a->out))
		say(&r, released);
	return rc || restored || !released || r.mismatches || r.refused != r.predicted || r.root_refused ? EXIT_ERROR : EXIT_OK;
}
