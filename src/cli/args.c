// SPDX-License-Identifier: GPL-2.0-or-later
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/space-load.h"
#include "lib/units.h"

error_t args_addr_len(int key, char *arg, struct argp_state *st, const char **what,
		      uint64_t *len, uint64_t max)
{
	switch (key) {
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

/* a command's argp, and the command it is of: st->root_argp in the parser */
struct cmd_argp {
	struct argp argp;
	const struct vmapctl_cmd *cmd;
};

/* CHOICES "a|b|c": the index of arg among them, or -1 */
static int choice_index(const char *choices, const char *arg)
{
	size_t n = strlen(arg);
	const char *p = choices;
	int i;

	for (i = 0;; i++) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);

		if (len == n && !strncmp(p, arg, n))
			return i;
		if (!bar)
			return -1;
		p = bar + 1;
	}
}

static void choice_refused(struct argp_state *st, const struct cmdopt *o, const char *arg)
{
	const char *bar = strchr(o->opt.arg, '|');

	if (bar && !strchr(bar + 1, '|'))
		argp_error(st, "--%s: '%s' is neither %.*s nor %s", o->opt.name, arg, (int)(bar - o->opt.arg), o->opt.arg, bar + 1);
	else
		argp_error(st, "--%s: '%s' is none of %s", o->opt.name, arg, o->opt.arg);
}

/* an unsigned field of size sz at p, set to v */
static void set_uint(void *p, size_t sz, unsigned long v)
{
	if (sz == sizeof(unsigned))
		*(unsigned *)p = (unsigned)v;
	else
		*(unsigned long *)p = v;
}

/* argp's end of an option vector: an entry all zero */
static int opt_end(const struct cmdopt *o)
{
	return !o->opt.key && !o->opt.name && !o->opt.doc && !o->opt.group;
}

/* the value of option o, into its field of args */
static void opt_take(const struct cmdopt *o, char *arg, struct argp_state *st, char *args)
{
	char name[64];
	void *p = args + o->off;

	switch (o->kind) {
	case OPTK_FLAG:
		*(int *)p = 1;
		break;
	case OPTK_STR:
		*(const char **)p = arg;
		break;
	case OPTK_NONEMPTY:
		snprintf(name, sizeof(name), "--%s", o->opt.name);
		*(const char **)p = args_nonempty(st, arg, name);
		break;
	case OPTK_UINT:
		set_uint(p, o->size, args_number(st, arg, o->min, o->max, o->what));
		break;
	case OPTK_SECONDS:
		*(double *)p = args_seconds(st, arg, o->smin, o->smax, o->what);
		break;
	case OPTK_SIZE:
		if (parse_size(arg, (uint64_t *)p))
			argp_error(st, "invalid size: '%s'", arg);
		break;
	case OPTK_CHOICE: {
		int i = choice_index(o->opt.arg, arg);

		if (i < 0)
			choice_refused(st, o, arg);
		*(int *)p = i;
		break;
	}
	case OPTK_NONE:
	case OPTK_OWN:
		break;
	}
}

/* every command's parser: its table, then its parse function, then what all do alike */
static error_t cmd_parse_opt(int key, char *arg, struct argp_state *st)
{
	/* st->root_argp is cmd_args' own argp: cmd_parse parses with ARGP_NO_HELP, so glibc puts no argp of its own above it */
	const struct vmapctl_cmd *cmd = ((const struct cmd_argp *)st->root_argp)->cmd;
	const struct cmdopt *o;
	error_t e;

	if (key == ARGP_KEY_INIT && !cmd->plain) {	/* the children's input: the struct outopts that starts st->input */
		const struct argp_child *c = st->root_argp->children;
		size_t i;

		for (i = 0; c && c[i].argp; i++)
			st->child_inputs[i] = st->input;
	}
	for (o = cmd->opts; o && !opt_end(o); o++)
		if (o->opt.key && o->opt.key == key && o->kind != OPTK_OWN) {
			opt_take(o, arg, st, st->input);
			return 0;
		}
	if (cmd->parse && (e = cmd->parse(key, arg, st)) != ARGP_ERR_UNKNOWN)
		return e;
	if (key == ARGP_KEY_ARG)
		argp_error(st, "unexpected argument: '%s'", arg);
	return key == ARGP_KEY_ARG || key == ARGP_KEY_INIT ? 0 : ARGP_ERR_UNKNOWN;
}

/*
 * o's field of the size its kind writes, a kind said, a parse function for
 * OPT_OWN: a table that says otherwise is this program's bug
 */
static int opt_fits(const struct vmapctl_cmd *cmd, const struct cmdopt *o)
{
	if (!o->opt.key)	/* a group's header or a doc line: argp's alone */
		return 1;
	switch (o->kind) {
	case OPTK_NONE:
		return 0;
	case OPTK_FLAG:
		return o->size == sizeof(int) && !o->opt.arg;
	case OPTK_CHOICE:	/* its choices are its argument's name: "a|b|..." */
		return o->size == sizeof(int) && o->opt.arg && strchr(o->opt.arg, '|');
	case OPTK_STR:
		return o->size == sizeof(const char *);
	case OPTK_NONEMPTY:
		return o->size == sizeof(const char *) && o->opt.name;
	case OPTK_UINT:
		return (o->size == sizeof(unsigned) && o->max <= UINT_MAX) || o->size == sizeof(unsigned long);
	case OPTK_SECONDS:
		return o->size == sizeof(double);
	case OPTK_SIZE:
		return o->size == sizeof(uint64_t);
	case OPTK_OWN:
		return cmd->parse != NULL;
	}
	return 0;
}

void cmd_args(const struct vmapctl_cmd *cmd, int argc, char *argv[], void *args)
{
	struct argp_option *opts = NULL;
	struct cmd_argp ca = { { NULL, cmd_parse_opt, cmd->args_doc, cmd->doc, cmd->children,
				 cmd->plain ? out_help_plain : out_help, NULL }, cmd };
	size_t n = 0, i;

	while (cmd->opts && !opt_end(&cmd->opts[n]))
		n++;
	if (n) {
		opts = calloc(n + 1, sizeof(*opts));
		if (!opts)
			err(EXIT_ERROR, "parsing the options");
		for (i = 0; i < n; i++) {
			if (!opt_fits(cmd, &cmd->opts[i]))
				errx(EXIT_ERROR, "internal error: --%s: its table entry does not fit its field or kind",
				     cmd->opts[i].opt.name ? cmd->opts[i].opt.name : "?");
			opts[i] = cmd->opts[i].opt;
		}
		ca.argp.options = opts;
	}
	cmd_parse(&ca.argp, argc, argv, args, cmd->plain ? NULL : args);
	free(opts);
}
