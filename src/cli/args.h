/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Argument parsing shared by commands. */
#ifndef VMAPCTL_CLI_ARGS_H
#define VMAPCTL_CLI_ARGS_H

#include <argp.h>
#include <stdint.h>

/*
 * The arguments "ADDR|SYMBOL [LEN]" of peek and vtop, for their argp parsers:
 * handles ARGP_KEY_ARG and ARGP_KEY_END (LEN from 1 to max); other keys give
 * ARGP_ERR_UNKNOWN.
 */
error_t args_addr_len(int key, char *arg, struct argp_state *st, const char **what,
		      uint64_t *len, uint64_t max);
/*
 * What every command's parser does alike: at ARGP_KEY_INIT hand the output
 * options their input (the struct outopts the command's arguments start
 * with); at ARGP_KEY_ARG refuse an argument. ARGP_ERR_UNKNOWN otherwise.
 */
error_t args_none(int key, char *arg, struct argp_state *st);

/*
 * arg, when it is not empty; else a usage error naming what: an empty value
 * ("$DIR" unset) must not turn into another meaning (the live system, a file
 * named "", no filter).
 */
const char *args_nonempty(struct argp_state *st, const char *arg, const char *what);
/* A whole number of options like --top: decimal, min to max, else a usage error naming what. */
unsigned long args_number(struct argp_state *st, const char *arg, unsigned long min, unsigned long max,
			  const char *what);
/* Seconds (a fraction allowed), min to max, else a usage error naming what. */
double args_seconds(struct argp_state *st, const char *arg, double min, double max, const char *what);

struct outopts;
/* The NEED_SRC_* bits of --source (kernel/space-load.h), or dflt when it was not given; NEED_QUIET with -q. */
unsigned space_source_need(const struct outopts *o, unsigned dflt);

#endif
