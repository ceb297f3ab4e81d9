/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every layer shares: exit statuses, the page size, ARRAY_SIZE. */
#ifndef VMAPCTL_LIB_COMMON_H
#define VMAPCTL_LIB_COMMON_H

#include <stdint.h>

/* Exit status, documented in vmapctl(8). */
#define EXIT_OK		0
#define EXIT_ERROR	1
#define EXIT_GREW	2	/* diff: something grew past --threshold */
#define EXIT_USAGE	64	/* EX_USAGE, argp's own default */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The page size of every kernel vmapctl reads (x86_64 and i386). */
#define PAGE_SHIFT	12
#define PAGE_SIZE	((uint64_t)1 << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

#endif
