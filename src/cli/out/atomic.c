// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Files written whole or not at all: a temporary file beside the target, renamed over it.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/out/out.h"

int out_file_atomic(const char *path, int (*fn)(FILE *f, void *ctx), void *ctx)
{
	char *dup = strdup(path), *base = strdup(path), *tmp = NULL;
	FILE *f = NULL;
	int fd, e = 0, rc;

	if (!dup || !base || asprintf(&tmp, "%s/.%s.XXXXXX", dirname(dup), basename(base)) < 0)
		err(EXIT_ERROR, "out of memory");
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		warnx("%s: %s", path, strerror(e));
		goto out;
	}
	if (fchmod(fd, 0644) || !(f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
	} else {
		rc = fn(f, ctx);
		if (rc || fflush(f) || fsync(fileno(f)))
			e = errno ? errno : EIO;
		if (fclose(f) && !e)
			e = errno;
		if (!e && rename(tmp, path))
			e = errno;
	}
	if (e) {
		unlink(tmp);
		warnx("%s: %s", path, strerror(e));
	}
out:
	free(dup);
	free(base);
	free(tmp);
	return e ? -1 : 0;
}
