// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include "lib/hints.h"

const char *hint_kptr(int captured, int kptr_restrict, int cap_syslog)
{
	if (captured)
		return "recapture as root with kernel.kptr_restrict=1 ('vmapctl snapshot')";
	if (kptr_restrict == 1 && cap_syslog == 0)
		return "kernel.kptr_restrict is 1 already, but this process lacks CAP_SYSLOG: run vmapctl as root with that capability";
	return "run 'sysctl kernel.kptr_restrict=1' as root";
}

static int is(const char *path, const char *name)
{
	size_t lp = strlen(path), ln = strlen(name);

	return lp >= ln && !strcmp(path + lp - ln, name);
}

const char *hint_errno(const char *path, int e, int captured)
{
	switch (e) {
	case EACCES:
	case EPERM:
		if (is(path, "/proc/kcore") || is(path, "/dev/mem"))
			return "permission denied (needs root with CAP_SYS_RAWIO; refused under kernel lockdown)";
		return "permission denied (run vmapctl as root)";
	case ENOENT:
		if (captured)
			return "no such file";
		if (is(path, "/proc/modules"))
			return "no such file (this kernel has no module support)";
		if (is(path, "/proc/kcore"))
			return "no such file (kernel built without CONFIG_PROC_KCORE)";
		if (is(path, "/dev/mem"))
			return "no such file (CONFIG_DEVMEM off)";
		if (is(path, "/dev/vmapctl_demo"))
			return "no such device (is vmapctl_demo loaded?)";
		return "no such file";
	default:
		return strerror(e);
	}
}

const char *hint_hidden(enum addr_mode m)
{
	switch (m) {
	case ADDR_HASHED:
		return "kernel addresses are hashed (kernel.kptr_restrict=0)";
	case ADDR_ZERO:
		return "kernel addresses are hidden (zeros: kernel.kptr_restrict=2, or no CAP_SYSLOG)";
	case ADDR_PTRVAL:
		return "kernel addresses are hidden ((____ptrval____): kernel.kptr_restrict=0 before the random pool was ready)";
	default:
		return "kernel addresses are real";
	}
}
