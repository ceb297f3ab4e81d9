// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bpfprogs [N]: fill the module area as BPF users do, then wait for a signal.
 * Loads N eBPF socket filters through bpf(BPF_PROG_LOAD), named vmapctl_0 ..
 * vmapctl_N-1, of growing sizes (the JIT packs them into bpf_prog_pack's 2 MiB
 * packs; kallsyms lists each as bpf_prog_<tag>_vmapctl_<i> [bpf]); one eBPF
 * program larger than a pack (its own allocation); four classic socket filters
 * (SO_ATTACH_FILTER) and one seccomp filter, which the JIT compiles into the
 * packs too but kallsyms does not list (classic BPF). Prints "ready" and the
 * programs' JIT sizes ("prog NAME TAG JITED-BYTES"). Needs root (CAP_BPF; and,
 * before 5.11, RLIMIT_MEMLOCK lifted, which it does).
 * Used to capture tests/fixtures/guest-6.12-qemu64-bpf-real.
 *
 * Exit status: 0 after a signal, 1 on any failure.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BIG_INSNS 500000	/* about 2.5 MB of x86-64 code: more than a pack */

static void quit(int sig)
{
	(void)sig;
	_exit(0);
}

/* n times "r0 = i" (a 5-byte mov each), then exit */
static int load(const char *name, unsigned n)
{
	struct bpf_insn *in = calloc(n + 1, sizeof(*in));
	union bpf_attr a;
	unsigned i;
	int fd;

	if (!in)
		return -1;
	for (i = 0; i < n; i++)
		in[i] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = (int)i + 1 };
	in[n] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)in;
	a.insn_cnt = n + 1;
	a.license = (unsigned long)"GPL";
	snprintf(a.prog_name, sizeof(a.prog_name), "%s", name);
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		fprintf(stderr, "bpfprogs: bpf(BPF_PROG_LOAD, %s): %s\n", name, strerror(errno));
	free(in);
	return fd;
}

static void show(int fd)
{
	struct bpf_prog_info info;
	union bpf_attr a;
	unsigned i;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = (unsigned)fd;
	a.info.info_len = sizeof(info);
	a.info.info = (unsigned long)&info;
	if (syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
		return;
	printf("prog %s ", info.name);
	for (i = 0; i < sizeof(info.tag); i++)
		printf("%02x", info.tag[i]);
	printf(" %u\n", info.jited_prog_len);
}

/* a classic filter of n+1 instructions: n loads of the accumulator, then accept */
static int classic(struct sock_fprog *p, unsigned n, unsigned ret)
{
	struct sock_filter *f = calloc(n + 1, sizeof(*f));
	unsigned i;

	if (!f)
		return -1;
	for (i = 0; i < n; i++)
		f[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, i);
	f[n] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, ret);
	p->len = (unsigned short)(n + 1);
	p->filter = f;
	return 0;
}

int main(int argc, char *argv[])
{
	long n = argc > 1 ? atol(argv[1]) : 8, i;
	struct sock_fprog fp;
	char name[16];
	int fd;

	if (n < 1 || n > 1000) {
		fprintf(stderr, "bpfprogs: N must be 1 .. 1000\n");
		return 1;
	}
	/* before 5.11 BPF's memory is charged to RLIMIT_MEMLOCK (root too): as libbpf does, lift it */
	if (setrlimit(RLIMIT_MEMLOCK, &(struct rlimit){ RLIM_INFINITY, RLIM_INFINITY })) {
		perror("bpfprogs: setrlimit(RLIMIT_MEMLOCK)");
		return 1;
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "vmapctl_%ld", i);
		if ((fd = load(name, 16 + 400 * (unsigned)i)) < 0)
			return 1;
		show(fd);
	}
	if ((fd = load("vmapctl_big", BIG_INSNS)) < 0)
		return 1;
	show(fd);
	for (i = 0; i < 4; i++) {
		int s = socket(AF_INET, SOCK_DGRAM, 0);

		if (s < 0 || classic(&fp, 100 + 300 * (unsigned)i, 0xffff) ||
		    setsockopt(s, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp))) {
			perror("bpfprogs: SO_ATTACH_FILTER");
			return 1;
		}
		free(fp.filter);
	}
	if (classic(&fp, 50, SECCOMP_RET_ALLOW) || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp)) {
		perror("bpfprogs: seccomp");
		return 1;
	}
	signal(SIGTERM, quit);
	signal(SIGINT, quit);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
