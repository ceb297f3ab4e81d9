// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel/tracefs.h"
#include "lib/hints.h"

#define PREFIX "vmapctl-"

static const char *const events[] = { "alloc_vmap_area", "free_vmap_area_noflush", "purge_vmap_area_lazy" };

/* the tracefs mount: /sys/kernel/tracing, or the old debugfs place */
static int find_root(struct tracefs *t)
{
	static const char *const where[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[256];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/events", where[i]);
		if (!access(path, F_OK)) {
			snprintf(t->root, sizeof(t->root), "%s", where[i]);
			return 0;
		}
	}
	if (errno == EACCES)
		warnx("/sys/kernel/tracing: %s", hint_errno("/sys/kernel/tracing", EACCES, 0));
	else
		warnx("/sys/kernel/tracing: tracefs is not mounted (as root: mount -t tracefs nodev /sys/kernel/tracing)");
	return -1;
}

static int locked_down(void)
{
	char b[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "r");

	if (!f)
		return 0;
	if (!fgets(b, sizeof(b), f))
		b[0] = 0;
	fclose(f);
	return !strstr(b, "[none]") && strchr(b, '[');
}

/* one line for errno e about path */
static void say(const char *path, int e)
{
	if ((e == EPERM || e == EACCES) && geteuid() == 0 && locked_down())
		warnx("%s: permission denied (the kernel is locked down: lockdown=confidentiality forbids tracing)", path);
	else
		warnx("%s: %s", path, hint_errno(path, e, 0));
}

/* write s to DIR/rel; 0, or -errno (said when loud) */
static int put(const char *dir, const char *rel, const char *s, int loud)
{
	char path[512];
	size_t n = strlen(s);
	int fd, e = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write(fd, s, n) != (ssize_t)n)
		e = errno ? errno : EIO;
	if (fd >= 0)
		close(fd);
	if (e && loud)
		say(path, e);
	return -e;
}

/* an instance's events and triggers off, then the instance gone */
static int take_down(const char *inst)
{
	char rel[128];
	size_t i;

	put(inst, "tracing_on", "0", 0);
	put(inst, "events/vmalloc/enable", "0", 0);
	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof(rel), "events/vmalloc/%s/trigger", events[i]);
		put(inst, rel, "!stacktrace", 0);
		snprintf(rel, sizeof(rel), "events/vmalloc/%s/filter", events[i]);
		put(inst, rel, "0", 0);
	}
	return rmdir(inst);
}

/* instances a vmapctl killed by SIGKILL left: their process is gone */
static void sweep(const struct tracefs *t)
{
	char dir[256], inst[512];
	struct dirent *d;
	DIR *dp;

	snprintf(dir, sizeof(dir), "%s/instances", t->root);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((d = readdir(dp))) {
		char *end;
		long pid;

		if (strncmp(d->d_name, PREFIX, strlen(PREFIX)))
			continue;
		pid = strtol(d->d_name + strlen(PREFIX), &end, 10);
		if (*end || pid <= 0 || pid == getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(inst, sizeof(inst), "%s/%s", dir, d->d_name);
		take_down(inst);
	}
	closedir(dp);
}

int tracefs_begin(struct tracefs *t, int failures_only)
{
	char path[512], rel[128];
	struct utsname u;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->pipe = -1;
	if (find_root(t))
		return -1;
	snprintf(path, sizeof(path), "%s/events/vmalloc/alloc_vmap_area", t->root);
	if (access(path, F_OK)) {
		if (errno == ENOENT) {
			uname(&u);
			warnx("%s/events/vmalloc: kernel %s has no vmalloc tracepoints (they came in 6.2)", t->root,
			      u.release);
		} else {
			say(path, errno);
		}
		return -1;
	}
	sweep(t);
	snprintf(t->inst, sizeof(t->inst), "%s/instances/" PREFIX "%d", t->root, (int)getpid());
	/* one of our name is stale: an earlier process of this PID, killed, left it */
	if (mkdir(t->inst, 0700) && (errno != EEXIST || take_down(t->inst) || mkdir(t->inst, 0700))) {
		say(t->inst, errno);
		return -1;
	}
	t->made = 1;
	/* our own buffer: 1 MiB a CPU holds about 5,000 allocations with their stacks */
	if (put(t->inst, "buffer_size_kb", "1024", 1) || put(t->inst, "tracing_on", "0", 1))
		goto fail;
	if (failures_only) {
		if (put(t->inst, "events/vmalloc/alloc_vmap_area/filter", "failed == 1", 1) ||
		    put(t->inst, "events/vmalloc/alloc_vmap_area/trigger", "stacktrace if failed == 1", 1) ||
		    put(t->inst, "events/vmalloc/alloc_vmap_area/enable", "1", 1))
			goto fail;
	} else {
		if (put(t->inst, "events/vmalloc/alloc_vmap_area/trigger", "stacktrace", 1))
			goto fail;
		for (i = 0; i < 3; i++) {
			snprintf(rel, sizeof(rel), "events/vmalloc/%s/enable", events[i]);
			if (put(t->inst, rel, "1", 1))
				goto fail;
		}
	}
	snprintf(path, sizeof(path), "%s/trace_pipe", t->inst);
	t->pipe = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (t->pipe < 0) {
		say(path, errno);
		goto fail;
	}
	if (put(t->inst, "tracing_on", "1", 1))
		goto fail;
	return 0;
fail:
	tracefs_end(t);
	return -1;
}

ssize_t tracefs_read(struct tracefs *t, char *buf, size_t n, int timeout_ms)
{
	struct pollfd p = { t->pipe, POLLIN, 0 };
	ssize_t r;

	if (t->pipe < 0)
		return -1;
	r = read(t->pipe, buf, n);
	if (r >= 0 || errno != EAGAIN)
		return r;
	if (timeout_ms > 0 && poll(&p, 1, timeout_ms) < 0 && errno != EINTR)
		return -1;
	r = read(t->pipe, buf, n);
	return r < 0 && (errno == EAGAIN || errno == EINTR) ? 0 : r;
}

void tracefs_stop(struct tracefs *t)
{
	if (t->made)
		put(t->inst, "tracing_on", "0", 0);
}

void tracefs_end(struct tracefs *t)
{
	if (t->pipe >= 0)
		close(t->pipe);
	t->pipe = -1;
	if (t->made && take_down(t->inst) && errno != ENOENT)
		warn("%s: cannot remove the instance", t->inst);
	t->made = 0;
}
