/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/kallsyms by address: a code address as the kernel's %pS prints it
 * ("func+0x1a/0x40 [module]"), the way kallsyms_lookup finds the symbol and
 * its size. Pure: the index points into the caller's text.
 */
#ifndef VMAPCTL_LIB_KSYMS_H
#define VMAPCTL_LIB_KSYMS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/parse.h"

struct ksym_index {
	struct ksym *v;		/* by address, then file order */
	size_t n;
};

/* 0, or -1 out of memory. Lines that do not parse and zero addresses are left out. */
int ksym_index_build(const char *buf, size_t len, struct ksym_index *ix);
/* The same of the module symbols alone (those with a [module]; the others are not parsed). */
int ksym_index_build_modules(const char *buf, size_t len, struct ksym_index *ix);
void ksym_index_free(struct ksym_index *ix);
/* %pS of addr into out (at least 32 bytes); "0x..." when no symbol holds it. Its length. */
size_t ksym_format(const struct ksym_index *ix, uint64_t addr, char *out, size_t len);

#endif
