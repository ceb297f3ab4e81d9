// SPDX-License-Identifier: GPL-2.0-or-later
/* The I/O edge (reading /proc files, live or from a --sysroot capture) and sizes. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmapctl.h"

const char *sysfile_path(const char *sysroot, const char *path)
{
	static char b[4096];

	if (!sysroot || !*sysroot)
		return path;
	snprintf(b, sizeof(b), "%s%s", sysroot, path);
	return b;
}

static const char *cause(const char *path, int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		if (!strcmp(path, "/proc/kcore") || !strcmp(path, "/dev/mem"))
			return "permission denied (needs root; refused under kernel lockdown)";
		return "permission denied (run vmapctl as root)";
	case ENOENT:
		if (!strcmp(path, "/proc/modules"))
			return "no such file (this kernel has no module support)";
		return "no such file";
	default:
		return strerror(e);
	}
}

int sysfile_read(const char *sysroot, const char *path, struct buf *b, int flags)
{
	const char *full = sysfile_path(sysroot, path);
	size_t alloc = 64 * 1024;
	int fd, e;

	b->p = NULL;
	b->n = 0;
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	b->p = malloc(alloc);
	if (!b->p)
		err(EXIT_ERROR, "out of memory");
	for (;;) {
		ssize_t r;

		if (b->n == alloc) {
			char *np;

			alloc *= 2;
			np = realloc(b->p, alloc);
			if (!np)
				err(EXIT_ERROR, "out of memory");
			b->p = np;
		}
		r = read(fd, b->p + b->n, alloc - b->n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			close(fd);
			errno = e;
			goto fail;
		}
		if (r == 0)
			break;
		b->n += (size_t)r;
	}
	close(fd);
	return 0;
fail:
	e = errno;
	free(b->p);
	b->p = NULL;
	b->n = 0;
	if (!(e == ENOENT && (flags & SYSF_OPTIONAL)))
		warnx("cannot read %s: %s", full, cause(path, e));
	return -e;
}

void buf_free(struct buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = 0;
}

void size_to_human(uint64_t bytes, char *out, size_t outlen)
{
	static const char units[] = "BKMGTPE";
	unsigned u = 0;
	uint64_t div = 1;
	char num[32], *dot;

	while (u < sizeof(units) - 2 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (u == 0) {
		snprintf(out, outlen, "%" PRIu64 "B", bytes);
		return;
	}
	snprintf(num, sizeof(num), "%.1f", (double)bytes / (double)div);
	dot = strchr(num, '.');
	if (dot && !strcmp(dot, ".0"))
		*dot = '\0';
	snprintf(out, outlen, "%s%c", num, units[u]);
}

int parse_size(const char *s, uint64_t *out)
{
	char *end;
	uint64_t v, mul = 1;
	const char *sfx = "KMGTPE";
	const char *p;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	if (*end) {
		p = strchr(sfx, end[0] & ~0x20);
		if (!p || !end[0])
			return -1;
		mul = 1ULL << (10 * (p - sfx + 1));
		end++;
		if (!strcmp(end, "iB") || !strcmp(end, "B"))
			end += strlen(end);
		if (*end)
			return -1;
	}
	if (v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}
