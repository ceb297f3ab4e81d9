// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl watch: the callers and modules whose vmalloc use changes, every few
 * seconds. On a terminal a view redrawn in place (the alternate screen, like
 * top; q or Ctrl-C quits and gives the screen back); piped, the rows that
 * changed since the last refresh, each with its time.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/space-load.h"
#include "lib/units.h"
#include "lib/vdiff.h"

enum {
	COL_TIME, COL_CALLER, COL_MODULE, COL_TYPE, COL_REGIONS, COL_SIZE, COL_CHANGE, COL_SIZE_CHANGE,
	COL_APPEARED, COL_VANISHED,
};

static const struct colinfo watch_cols[] = {
	[COL_TIME]        = { "TIME", 20, 0, "when the change was seen (UTC, ISO 8601)", CK_STR },
	[COL_CALLER]      = { "CALLER", 24, SCOLS_FL_TRUNC, "the function that made the regions (null: none printed)", CK_STR },
	[COL_MODULE]      = { "MODULE", 10, 0, "kernel, the module, or null when it cannot be told", CK_STR },
	[COL_TYPE]        = { "TYPE", 8, 0, "what made them (vmalloc, vmap, ioremap, ...)", CK_STR },
	[COL_REGIONS]     = { "REGIONS", 6, SCOLS_FL_RIGHT, "regions now", CK_NUM },
	[COL_SIZE]        = { "SIZE", 6, SCOLS_FL_RIGHT, "their address space now (guard pages included)", CK_SIZE },
	[COL_CHANGE]      = { "CHANGE", 6, SCOLS_FL_RIGHT, "change of REGIONS: since the start on a terminal, since the last refresh when piped", CK_NUM },
	[COL_SIZE_CHANGE] = { "SIZE-CHANGE", 6, SCOLS_FL_RIGHT, "change of SIZE, the same way (the rows are sorted by it)", CK_SIZE },
	[COL_APPEARED]    = { "APPEARED", 6, SCOLS_FL_RIGHT, "regions that appeared in that time", CK_NUM },
	[COL_VANISHED]    = { "VANISHED", 6, SCOLS_FL_RIGHT, "regions that vanished in that time", CK_NUM },
};
static const int watch_defaults[] = {
	COL_TIME, COL_CALLER, COL_MODULE, COL_TYPE, COL_REGIONS, COL_SIZE, COL_CHANGE, COL_SIZE_CHANGE,
};

/* on a terminal the time is in the header */
static const int tty_defaults[] = {
	COL_CALLER, COL_MODULE, COL_TYPE, COL_REGIONS, COL_SIZE, COL_CHANGE, COL_SIZE_CHANGE, COL_APPEARED, COL_VANISHED,
};

static const struct viewdesc watch_views[] = {
	VIEWDESC("changes", NULL, watch_cols, watch_defaults),
};

struct watch_args {
	struct outopts out;	/* first: see out_children */
	double interval;
	unsigned long count;
	int unpurged;
};

enum { OPT_INTERVAL = 0x300, OPT_COUNT, OPT_UNPURGED };

static const char watch_doc[] =
	"Watch the vmalloc space change: the callers, modules and types whose regions grow or "
	"shrink. On a terminal, a view redrawn in place with the change since the start "
	"(q or Ctrl-C quits); piped, the rows that changed since the last refresh, each with "
	"its time (with -J, JSON Lines: one compact document a refresh, a line each).";

static const struct cmdopt watch_options[] = {
	{ { "interval", OPT_INTERVAL, "S", 0, "seconds between refreshes (default 2; at least 0.1)", 1 },
	  OPT_SECONDS(struct watch_args, interval, 0.1, 86400, "interval") },
	{ { "count", OPT_COUNT, "N", 0, "stop after N refreshes (default: until q, Ctrl-C or a signal)", 1 },
	  OPT_UINT(struct watch_args, count, 1, ULONG_MAX, "count") },
	{ { "unpurged", OPT_UNPURGED, NULL, 0, "count lazily freed areas (unpurged vm_area), which are left out as free", 1 },
	  OPT_FLAG(struct watch_args, unpurged) },
	OPT_END
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct screen {
	int tty, keys;
	struct termios saved;
};

static struct screen scr;

/* the terminal as it was: the normal screen, the cursor, the line discipline */
static void screen_restore(void)
{
	if (!scr.tty)
		return;
	fputs("\033[?25h\033[?1049l", stdout);
	fflush(stdout);
	if (scr.keys)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &scr.saved);
	scr.tty = 0;
}

static void screen_enter(void)
{
	struct termios t;

	scr.tty = 1;
	if (isatty(STDIN_FILENO) && !tcgetattr(STDIN_FILENO, &scr.saved)) {
		t = scr.saved;
		t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		t.c_cc[VMIN] = 0;
		t.c_cc[VTIME] = 0;
		scr.keys = !tcsetattr(STDIN_FILENO, TCSAFLUSH, &t);
	}
	atexit(screen_restore);
	fputs("\033[?1049h\033[?25l", stdout);
}

static void now_text(char *b, size_t n, int iso)
{
	time_t t = time(NULL);
	struct tm tm;

	if (iso)
		strftime(b, n, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	else
		strftime(b, n, "%H:%M:%S", localtime_r(&t, &tm));
}

/* wait for the next refresh: 1 to go on, 0 to stop (signal, or q on the terminal) */
static int wait_next(double seconds)
{
	struct timespec end, now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)seconds;
	end.tv_nsec += (long)((seconds - (double)(time_t)seconds) * 1e9);
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	for (;;) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
		int r;

		if (stop)
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (long)(end.tv_sec - now.tv_sec) * 1000 + (end.tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			return 1;
		r = poll(&p, scr.keys ? 1 : 0, (int)ms);
		if (r > 0 && (p.revents & POLLIN)) {
			char c;

			if (read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q'))
				return 0;
		}
	}
}

static void row(struct outview *v, const struct vdiff_group *g, const char *when)
{
	struct libscols_line *ln = out_line(v);

	out_str(v, ln, COL_TIME, when);
	out_sv(v, ln, COL_CALLER, g->func);	/* no name: null */
	out_sv(v, ln, COL_MODULE, g->module);
	out_sv(v, ln, COL_TYPE, g->type);
	out_num(v, ln, COL_REGIONS, g->after.regions);
	out_size(v, ln, COL_SIZE, g->after.bytes);
	out_num_delta(v, ln, COL_CHANGE, g->before.regions, g->after.regions);
	out_size_delta(v, ln, COL_SIZE_CHANGE, g->before.bytes, g->after.bytes);
	out_num(v, ln, COL_APPEARED, g->appeared);
	out_num(v, ln, COL_VANISHED, g->vanished);
}

static int load(struct space_files *sf, const struct outopts *o)
{
	if (!space_load(sf, o->sysroot, NEED_MODULES | NEED_HIDDEN_TOLD | NEED_SRC_TEXT | (o->quiet ? NEED_QUIET : 0), o->strict))
		return 0;
	space_unload(sf);	/* what was read before the error */
	return -1;
}

/* the terminal view: a header, then the rows that changed since the start, as many as fit */
static int draw(const struct watch_args *a, const struct vdiff *d, const char *since, unsigned long n)
{
	struct outopts o = a->out;
	struct outview v, *views[1] = { &v };
	struct winsize ws = { 0 };
	char when[32], sz[2][32];
	size_t i, rows, shown = 0;

	now_text(when, sizeof(when), 0);
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || ws.ws_row < 5)
		ws.ws_row = 24;
	rows = (size_t)ws.ws_row - 4;
	size_to_human(d->total.after.bytes, sz[0], sizeof(sz[0]));
	size_to_human(d->total.after.bytes >= d->total.before.bytes ? d->total.after.bytes - d->total.before.bytes
							 : d->total.before.bytes - d->total.after.bytes, sz[1], sizeof(sz[1]));
	fputs("\033[H\033[2J", stdout);
	printf("vmapctl watch: every %gs, refresh %lu, %s; since %s\n", a->interval, n, when, since);
	printf("%llu regions (%+lld), %s (%c%s); q quits\n\n", (unsigned long long)d->total.after.regions,
	       (long long)(d->total.after.regions - d->total.before.regions), sz[0],
	       d->total.after.bytes >= d->total.before.bytes ? '+' : '-', sz[1]);
	out_view_with(&v, &o, 0, tty_defaults, ARRAY_SIZE(tty_defaults));
	for (i = 0; i < d->n && shown < rows; i++) {
		if (!vdiff_changed(&d->g[i]))
			continue;
		row(&v, &d->g[i], when);
		shown++;
	}
	if (!shown)
		printf("no change yet\n");
	return out_print(views, 1);
}

/*
 * JSON text made compact: the blanks between tokens dropped (a string's own
 * are kept: control characters in one are escaped, so a newline is never in
 * one), then a newline: one document a line. 0, or -1 when it cannot be written.
 */
static int put_compact(const char *s, size_t n, FILE *f)
{
	size_t i;
	int in = 0, esc = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (in) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				in = 0;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue;
		} else if (c == '"') {
			in = 1;
		}
		if (putc_unlocked(c, f) == EOF)
			return -1;
	}
	return putc_unlocked('\n', f) == EOF ? -1 : 0;
}

static int lines_of(struct watch_args *a, const struct vdiff *d, int *headed);

/* piped: the rows that changed since the last refresh (headings once); with -J one compact document a line */
static int lines(struct watch_args *a, const struct vdiff *d, int *headed)
{
	FILE *saved = stdout, *m;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!a->out.json)
		return lines_of(a, d, headed);
	/* the output layer writes to stdout (libsmartcols too, from the table's creation): a buffer for a while */
	if (fflush(stdout) || !(m = open_memstream(&text, &len)))
		err(EXIT_ERROR, "out of memory");
	stdout = m;
	rc = lines_of(a, d, headed);
	stdout = saved;
	if (fclose(m))
		err(EXIT_ERROR, "out of memory");
	if (!rc && (put_compact(text, len, stdout) || fflush(stdout)))
		rc = -1;
	free(text);
	return rc;
}

static int lines_of(struct watch_args *a, const struct vdiff *d, int *headed)
{
	struct outopts o = a->out;
	struct outview v, *views[1] = { &v };
	char when[32];
	size_t i, shown = 0;
	int rc;

	now_text(when, sizeof(when), 1);
	if (*headed)
		o.noheadings = 1;
	out_view(&v, &o, 0);
	for (i = 0; i < d->n; i++) {
		if (!vdiff_changed(&d->g[i]))
			continue;
		row(&v, &d->g[i], when);
		shown++;
	}
	if (!shown && !o.json) {
		out_view_free(&v);
		return 0;
	}
	rc = out_print(views, 1);
	*headed = 1;
	fflush(stdout);
	return rc;
}

static int cmd_watch(int argc, char *argv[])
{
	struct watch_args a = { .out = { watch_views, ARRAY_SIZE(watch_views) }, .interval = 2 };
	struct space_files first, prev, cur;
	struct sigaction sa;
	char since[32];
	unsigned long n;
	int headed = 0, rc = EXIT_OK, tty;
	unsigned flags;

	cmd_args(&vmapctl_cmd_watch, argc, argv, &a);
	flags = a.unpurged ? VDIFF_UNPURGED : 0;
	tty = isatty(STDOUT_FILENO) && !out_is_machine(&a.out);
	if (load(&first, &a.out))
		return EXIT_ERROR;
	if (load(&prev, &a.out)) {
		space_unload(&first);
		return EXIT_ERROR;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	now_text(since, sizeof(since), 0);
	if (tty)
		screen_enter();
	for (n = 1;; n++) {
		struct vdiff d;

		if (tty) {	/* refresh n: since the start */
			if (vdiff_build(&d, &first.vs, &prev.vs, flags))
				err(EXIT_ERROR, "out of memory");
			vdiff_sort(&d);
			rc = draw(&a, &d, since, n) ? EXIT_ERROR : EXIT_OK;
			fflush(stdout);
			vdiff_free(&d);
			if (rc || (a.count && n >= a.count))
				break;
		}
		if (!wait_next(a.interval))
			break;
		if (load(&cur, &a.out)) {
			rc = EXIT_ERROR;
			break;
		}
		if (!tty) {	/* refresh n: since the last one */
			if (vdiff_build(&d, &prev.vs, &cur.vs, flags))
				err(EXIT_ERROR, "out of memory");
			vdiff_sort(&d);
			rc = lines(&a, &d, &headed) ? EXIT_ERROR : EXIT_OK;
			vdiff_free(&d);
		}
		space_unload(&prev);
		prev = cur;
		if (rc || (!tty && a.count && n >= a.count))
			break;
	}
	screen_restore();
	space_unload(&prev);
	space_unload(&first);
	return rc;
}

const struct vmapctl_cmd vmapctl_cmd_watch = {
	.name = "watch", .run = cmd_watch,
	.help = "who grows and shrinks, redrawn every few seconds",
	.doc = watch_doc, .opts = watch_options, .children = out_children,
};
