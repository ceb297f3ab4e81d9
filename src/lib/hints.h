/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The explanations vmapctl gives, each written once: why a file could not be
 * read, why kernel addresses are hidden, and what to do about it. Pure: text
 * only; the layers above print it.
 */
#ifndef VMAPCTL_LIB_HINTS_H
#define VMAPCTL_LIB_HINTS_H

#include "lib/parse.h"

/*
 * The cause of a failed open or read of PATH (a /proc file, /proc/kcore,
 * /dev/mem, the module's device) with errno e, for "PATH: CAUSE".
 * captured: PATH is in a --sysroot capture, not the live file.
 */
const char *hint_errno(const char *path, int e, int captured);

/* What hides the addresses of a file read in mode m, for "PATH: ...". */
const char *hint_hidden(enum addr_mode m);
/*
 * The fix for hidden addresses, as a clause: for a capture (captured), to
 * recapture; with kernel.kptr_restrict already 1 (kptr_restrict; -1 unknown)
 * but without CAP_SYSLOG (cap_syslog 0; -1 unknown), to get that capability;
 * else "run 'sysctl kernel.kptr_restrict=1' as root".
 */
const char *hint_kptr(int captured, int kptr_restrict, int cap_syslog);

#endif
