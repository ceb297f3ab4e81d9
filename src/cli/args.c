// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "cli/args.h"
#include "cli/output.h"
#include "kernel/space-load.h"
#include "lib/units.h"

error_t args_addr_len(int key, char *arg, struct argp_state *st, const char **what,
		      uint64_t *len, uint64_t max)
{
	switch (key) {
	case ARGP_KEY_INIT:
		return args_none(key, arg, st);
	case ARGP_KEY_ARG:
		if (st->arg_num == 0)
			*what = arg;
		else if (st->arg_num == 1) {
			if (parse_size(arg, len) || !*len || *len > max)
				argp_error(st, "invalid length: '%s'", arg);
		} else
			argp_error(st, "unexpected argument: '%s'", arg);
		return 0;
	case ARGP_KEY_END:
		/* --list-columns needs no address; st->input starts with the struct outopts */
		if (!*what && !((const struct outopts *)st->input)->list_columns)
			argp_error(st, "no address given");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const char *args_nonempty(struct argp_state *st, const char *arg, const char *what)
{
	if (!*arg)
		argp_error(st, "%s: an empty value", what);
	return arg;
}

error_t args_none(int key, char *arg, struct argp_state *st)
{
	switch (key) {
	case ARGP_KEY_INIT: {	/* the children's input: the struct outopts that starts st->input */
		const struct argp_child *c = st->root_argp->children;
		size_t i;

		for (i = 0; c && c[i].argp; i++)
			st->child_inputs[i] = st->input;
		return 0;
	}
	case ARGP_KEY_ARG:
		argp_error(st, "unexpected argument: '%s'", arg);
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

unsigned long args_number(struct argp_state *st, const char *arg, unsigned long min, unsigned long max,
			  const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || *arg == '-' || errno || v < min || v > max)
		argp_error(st, "invalid %s: '%s' (%lu to %lu)", what, arg, min, max);
	return v;
}

double args_seconds(struct argp_state *st, const char *arg, double min, double max, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !(v >= min && v <= max))
		argp_error(st, "invalid %s: '%s' (%g to %g seconds)", what, arg, min, max);
	return v;
}

unsigned space_source_need(const struct outopts *o, unsigned dflt)
{
	return (o->source == OUT_SRC_TEXT ? NEED_SRC_TEXT : o->source == OUT_SRC_KERNEL ? NEED_SRC_KERNEL : dflt) |
	       (o->quiet ? NEED_QUIET : 0);
}
