// SPDX-License-Identifier: GPL-2.0-or-later
/* The BPF JIT's budget on the live kernel: see bpfjit.h. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kernel/bpfjit.h"
#include "kernel/sysfile.h"
#include "lib/parse.h"

#define JIT_COUNTER_SYMBOL "bpf_jit_current"
/* came with the counter in bytes (5.18); absent: it counts pages */
#define JIT_BYTES_SYMBOL "bpf_jit_binary_pack_alloc"

/* What the counter counts, from the kernel's symbols (kallsyms' text). */
static struct jit_unit unit_of(const char *kallsyms, size_t n)
{
	struct ksym k;

	return (struct jit_unit){ kallsyms_find(kallsyms, n, JIT_BYTES_SYMBOL, &k) ? (uint64_t)sysconf(_SC_PAGESIZE) : 1 };
}

int bpfjit_open(struct bpfjit *j)
{
	int rc;

	memset(j, 0, sizeof(*j));
	if (kview_open(&j->kv, NULL))
		return -1;
	rc = kview_symbol(&j->kv, JIT_COUNTER_SYMBOL, &j->counter);
	if (rc) {
		warnx("/proc/kallsyms: %s", rc == -2 ? "addresses hidden (run as root)"
			: "no " JIT_COUNTER_SYMBOL ": a kernel without the BPF JIT, or without CONFIG_KALLSYMS_ALL");
		kview_close(&j->kv);
		return -1;
	}
	j->unit = unit_of(j->kv.kallsyms.p, j->kv.kallsyms.n);
	return 0;
}

void bpfjit_close(struct bpfjit *j)
{
	kview_close(&j->kv);
}

/* The counter at addr, in its units: 0, or -1 after saying why. */
static int read_counter(const struct kcore *kc, uint64_t addr, uint64_t *units)
{
	int64_t v;	/* an atomic_long_t */
	int rc = kcore_read(kc, addr, &v, sizeof(v));

	if (rc) {
		warnx("/proc/kcore: " JIT_COUNTER_SYMBOL " at 0x%" PRIx64 ": %s", addr, strerror(-rc));
		return -1;
	}
	if (v < 0) {
		warnx("/proc/kcore: " JIT_COUNTER_SYMBOL " at 0x%" PRIx64 " reads %" PRId64 ": not a counter (a stale kallsyms?)",
		      addr, v);
		return -1;
	}
	*units = (uint64_t)v;
	return 0;
}

int bpfjit_charged(const struct bpfjit *j, uint64_t *units)
{
	return read_counter(&j->kv.kc, j->counter, units);
}

int bpfjit_charged_in(const struct kview *kv, uint64_t *bytes)
{
	uint64_t addr, units;

	if (kview_symbol(kv, JIT_COUNTER_SYMBOL, &addr))
		return -1;	/* no JIT, or addresses hidden: told by null */
	if (read_counter(&kv->kc, addr, &units))
		return -1;
	*bytes = units * unit_of(kv->kallsyms.p, kv->kallsyms.n).bytes;
	return 0;
}

int bpfjit_limit_get(uint64_t *limit)
{
	struct buf b;
	int rc = sysfile_read(NULL, BPFJIT_LIMIT_FILE, &b, 0);

	if (rc)
		return -1;
	rc = sysctl_u64(b.p, b.n, limit);
	buf_free(&b);
	if (rc)
		warnx("%s: not a number", BPFJIT_LIMIT_FILE);
	return rc ? -1 : 0;
}

int bpfjit_limit_set(uint64_t limit)
{
	char s[32];
	int fd = open(BPFJIT_LIMIT_FILE, O_WRONLY | O_CLOEXEC), n, e;
	ssize_t w;

	if (fd < 0)
		return -errno;
	n = snprintf(s, sizeof(s), "%" PRIu64 "\n", limit);
	w = write(fd, s, (size_t)n);
	e = w == n ? 0 : w < 0 ? -errno : -EIO;
	close(fd);
	return e;
}

int bpfjit_filter_load(enum bpfjit_filter kind, unsigned insns)
{
	struct sock_filter *f = calloc(insns, sizeof(*f));
	struct sock_fprog prog = { .len = (unsigned short)insns, .filter = f };
	unsigned i;
	int fd = -1, e = 0;

	if (!f || insns < 2 || insns > BPF_MAXINSNS) {
		free(f);
		return -EINVAL;
	}
	for (i = 0; i + 1 < insns; i++)		/* A = i: each a move the JIT emits */
		f[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
	f[insns - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, kind == BPFJIT_SECCOMP ? SECCOMP_RET_ALLOW : 0xffffffffu);
	if (kind == BPFJIT_SECCOMP) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
			e = -errno;
		else
			fd = 0;
	} else {
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog))) {
			e = -errno;
			if (fd >= 0)
				close(fd);
		}
	}
	free(f);
	return e ? e : fd;
}
