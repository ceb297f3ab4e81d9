/* bpfmaps: create BPF maps whose memory the kernel maps with VM_USERMAP, so that
 * /proc/vmallocinfo shows "user" areas (an mmapable array: vmalloc user; a ring
 * buffer: vmap user), then wait for a signal. Used once to capture the fixtures in
 * tests/fixtures/host-6.18-*; see tests/fixtures/README.md. Needs root.
 */
#include <linux/bpf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int map_create(unsigned type, unsigned key, unsigned val, unsigned max, unsigned flags)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.map_type = type;
	a.key_size = key;
	a.value_size = val;
	a.max_entries = max;
	a.map_flags = flags;
	return syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a));
}

int main(void)
{
	int arr = map_create(BPF_MAP_TYPE_ARRAY, 4, 4096, 16, BPF_F_MMAPABLE);
	int rb = map_create(BPF_MAP_TYPE_RINGBUF, 0, 0, 64 * 1024, 0);

	if (arr < 0 || rb < 0) {
		perror("bpf(BPF_MAP_CREATE)");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	pause();
	return 0;
}
