/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sizes and numbers as users type and read them (util-linux style). Pure. */
#ifndef VMAPCTL_LIB_UNITS_H
#define VMAPCTL_LIB_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* "4K", "1.5M" (1024 based). */
void size_to_human(uint64_t bytes, char *out, size_t outlen);
/* n in decimal into out (at least 21 bytes): its length. */
size_t u64_to_dec(uint64_t n, char *out);
/* "0x" and n in hex, zero-padded to digits (at most 16), into out (at least 19 bytes): its length. */
size_t u64_to_hex(uint64_t n, unsigned digits, char *out);
/*
 * "4096", "0x1000", "4K", "4KiB", "4KB", "1M", "2G", "0B", "1.5M" (what size_to_human
 * prints; fractions of a byte rounded down): 0 on success, -1 on junk or overflow.
 */
int parse_size(const char *s, uint64_t *out);

#endif
