/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Argument parsing shared by commands. */
#ifndef VMAPCTL_CLI_ARGS_H
#define VMAPCTL_CLI_ARGS_H

#include <argp.h>
#include <stddef.h>
#include <stdint.h>

struct vmapctl_cmd;

/*
 * What a command's own option takes and where its value goes, so that no
 * command writes a parser for what every command does alike: a command
 * declares its options as a table of these (ended by OPT_END) in its
 * struct vmapctl_cmd, and cmd_args parses them. Each entry is argp's option,
 * then OPT_OWN or where its value goes: OPT_FLAG(struct ARGS, FIELD), ...
 */
enum optkind {
	OPTK_NONE,	/* none said: refused (an entry without OPT_OWN or OPT_...) */
	OPTK_OWN,	/* the command's parse function takes it */
	OPTK_FLAG,	/* an int, set to 1 */
	OPTK_STR,	/* a const char *: the value as given */
	OPTK_NONEMPTY,	/* the same, an empty value refused (args_nonempty) */
	OPTK_UINT,	/* an unsigned or unsigned long: decimal, min to max (args_number) */
	OPTK_SECONDS,	/* a double: seconds, min to max (args_seconds) */
	OPTK_SIZE,	/* a uint64_t: a size or address, as parse_size reads it */
	OPTK_CHOICE,	/* an int: the index of the value among the option's arg, "first|second" */
};

struct cmdopt {
	struct argp_option opt;	/* as --help shows it */
	enum optkind kind;
	size_t off, size;	/* the field of the command's arguments */
	unsigned long min, max;	/* OPTK_UINT */
	double smin, smax;	/* OPTK_SECONDS */
	const char *what;	/* what an error names (OPTK_UINT, OPTK_SECONDS) */
};

/* the field F of the arguments T, for a struct cmdopt */
#define OPT_INTO(T, F)		.off = offsetof(T, F), .size = sizeof(((T *)0)->F)
#define OPT_END			{ .opt = { 0 } }	/* the table's end */
#define OPT_OWN			.kind = OPTK_OWN
#define OPT_FLAG(T, F)		.kind = OPTK_FLAG, OPT_INTO(T, F)
#define OPT_STR(T, F)		.kind = OPTK_STR, OPT_INTO(T, F)
#define OPT_NONEMPTY(T, F)	.kind = OPTK_NONEMPTY, OPT_INTO(T, F)
#define OPT_SIZE(T, F)		.kind = OPTK_SIZE, OPT_INTO(T, F)
#define OPT_UINT(T, F, LO, HI, WHAT)	.kind = OPTK_UINT, OPT_INTO(T, F), .min = (LO), .max = (HI), .what = (WHAT)
#define OPT_SECONDS(T, F, LO, HI, WHAT)	.kind = OPTK_SECONDS, OPT_INTO(T, F), .smin = (LO), .smax = (HI), .what = (WHAT)
#define OPT_CHOICE(T, F)		.kind = OPTK_CHOICE, OPT_INTO(T, F)

/*
 * Parse a command's arguments into args (which starts with its struct
 * outopts unless the command is plain): its options as its table says, the
 * rest by its parse function, the children's options by theirs; then, for
 * -H/--list-columns, print the columns of every view and exit.
 */
void cmd_args(const struct vmapctl_cmd *cmd, int argc, char *argv[], void *args);

/*
 * The arguments "ADDR|SYMBOL [LEN]" of peek and vtop, for their argp parsers:
 * handles ARGP_KEY_ARG and ARGP_KEY_END (LEN from 1 to max); other keys give
 * ARGP_ERR_UNKNOWN.
 */
error_t args_addr_len(int key, char *arg, struct argp_state *st, const char **what,
		      uint64_t *len, uint64_t max);
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
