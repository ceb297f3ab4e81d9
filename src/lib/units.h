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

/*
 * Sums and products of counts and sizes: UINT64_MAX where the exact result
 * would not fit (a total saturates, it never wraps to a small number).
 */
static inline uint64_t u64_add_sat(uint64_t a, uint64_t b)
{
	uint64_t s;

	return __builtin_add_overflow(a, b, &s) ? UINT64_MAX : s;
}

static inline uint64_t u64_mul_sat(uint64_t a, uint64_t b)
{
	uint64_t p;

	return __builtin_mul_overflow(a, b, &p) ? UINT64_MAX : p;
}

/* *acc += v, saturating */
static inline void u64_acc(uint64_t *acc, uint64_t v)
{
	*acc = u64_add_sat(*acc, v);
}

#endif
