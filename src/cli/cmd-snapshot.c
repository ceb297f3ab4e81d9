// SPDX-License-Identifier: GPL-2.0-or-later
/* vmapctl snapshot DIR: capture the files vmapctl reads, for --sysroot DIR. */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/sysfile.h"
#include "lib/hints.h"
#include "lib/parse.h"

struct snap_args {
	const char *dir;
	int kallsyms;
};

enum { OPT_KALLSYMS = 0x400 };

static const char snapshot_doc[] =
	"Capture the live /proc files that vmapctl reads into DIR/proc/..., so that "
	"'vmapctl COMMAND --sysroot DIR' can analyse them later or on another machine.";

static const struct cmdopt snap_options[] = {
	{ { "kallsyms", OPT_KALLSYMS, NULL, 0, "also capture /proc/kallsyms (several MB)", 0 },
	  OPT_FLAG(struct snap_args, kallsyms) },
	OPT_END
};

/* DIR, one (a second is refused as any unexpected argument) */
static error_t snap_parse(int key, char *arg, struct argp_state *st)
{
	struct snap_args *a = st->input;

	if (key == ARGP_KEY_ARG && !a->dir)
		a->dir = arg;
	else if (key == ARGP_KEY_END && !a->dir)
		argp_error(st, "no directory given");
	else
		return ARGP_ERR_UNKNOWN;
	return 0;
}

/*
 * A capture holds what the kernel shows root only (real addresses of
 * vmallocinfo, kallsyms): what it creates is for its owner alone, 0700 and
 * 0600 whatever the umask. Folders that exist already are left as they are.
 */
static int mkdir_private(const char *path)
{
	if (mkdir(path, 0700)) {
		if (errno == EEXIST)
			return 0;
		return -1;
	}
	return chmod(path, 0700);
}

static int mkdirs(const char *dir, const char *sub)
{
	char path[4096];
	char *p;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir_private(path))
			return -1;
		*p = '/';
	}
	return mkdir_private(path);
}

static int write_file(const char *dir, const char *path, const char *data, size_t n)
{
	char full[4096];
	int fd;
	size_t off = 0;

	snprintf(full, sizeof(full), "%s%s", dir, path);
	fd = open(full, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || fchmod(fd, 0600)) {
		warn("cannot create %s", full);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while (off < n) {
		ssize_t w = write(fd, data + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			warn("cannot write %s", full);
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd)) {
		warn("cannot write %s", full);
		return -1;
	}
	return 0;
}

/*
 * Copy one live file. flags SYSF_OPTIONAL: skipped when it does not exist;
 * SYSF_PRIVILEGED: skipped when only root may read it.
 */
static int copy(const char *dir, const char *path, int flags)
{
	struct buf b;
	int rc;

	rc = sysfile_read(NULL, path, &b, flags);
	if ((rc == -ENOENT && (flags & SYSF_OPTIONAL)) ||
	    ((rc == -EACCES || rc == -EPERM) && (flags & SYSF_PRIVILEGED)))
		return 0;
	if (rc)
		return -1;
	rc = write_file(dir, path, b.p, b.n);
	buf_free(&b);
	return rc;
}

static int cmd_snapshot(int argc, char *argv[])
{
	struct snap_args a = { 0 };
	struct utsname u;
	struct buf vb;
	char info[1024], proc[4096], stamp[64];
	time_t now = time(NULL);
	int rc = 0;

	cmd_args(&vmapctl_cmd_snapshot, argc, argv, &a);

	snprintf(proc, sizeof(proc), "%s/proc", a.dir);
	if (access(proc, F_OK) == 0) {
		warnx("%s already holds a capture; give an empty or new directory", a.dir);
		return EXIT_ERROR;
	}
	/* read the essential file first: no half-made capture when it fails */
	if (sysfile_read(NULL, "/proc/vmallocinfo", &vb, 0))
		return EXIT_ERROR;
	if (mkdirs(a.dir, "proc/sys/kernel")) {
		warn("cannot create %s/proc/sys/kernel", a.dir);
		buf_free(&vb);
		return EXIT_ERROR;
	}
	rc |= write_file(a.dir, "/proc/vmallocinfo", vb.p, vb.n);
	{
		struct vmi_table t = { 0 };

		if (vmi_parse(vb.p, vb.n, &t) == 0) {
			enum addr_mode m = vmi_addr_mode(t.v, t.n);

			if (m != ADDR_REAL)
				warnx("note: in the capture, %s; for real ones %s before the snapshot",
				      hint_hidden(m), sysfile_kptr_hint(NULL));
		}
		vmi_table_free(&t);
	}
	buf_free(&vb);
	rc |= copy(a.dir, "/proc/iomem", 0);
	rc |= copy(a.dir, "/proc/meminfo", 0);
	rc |= copy(a.dir, "/proc/modules", SYSF_OPTIONAL);
	rc |= copy(a.dir, "/proc/sys/kernel/osrelease", 0);
	rc |= copy(a.dir, "/proc/sys/kernel/kptr_restrict", SYSF_OPTIONAL);
	if (mkdirs(a.dir, "proc/sys/net/core")) {
		warn("cannot create %s/proc/sys/net/core", a.dir);
		rc = -1;
	}
	rc |= copy(a.dir, "/proc/sys/net/core/bpf_jit_limit", SYSF_OPTIONAL | SYSF_PRIVILEGED);
	if (a.kallsyms)
		rc |= copy(a.dir, "/proc/kallsyms", 0);

	uname(&u);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	snprintf(info, sizeof(info),
		 "captured-by: vmapctl %s\ndate: %s\nhost: %s\nkernel: %s %s %s\n",
		 VMAPCTL_VERSION, stamp, u.nodename, u.release, u.version, u.machine);
	rc |= write_file(a.dir, "/SNAPSHOT", info, strlen(info));
	if (rc)
		return EXIT_ERROR;
	printf("%s\n", a.dir);
	return EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_snapshot = {
	.name = "snapshot", .run = cmd_snapshot,
	.help = "capture the /proc files vmapctl reads, for --sysroot",
	.doc = snapshot_doc, .opts = snap_options, .parse = snap_parse, .children = help_children, .plain = 1,
	.args_doc = "DIR",
};
