// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * JSON: strings, names and values of streamed rows; lists and NUMA nodes as arrays and
 * objects; a table as a member of the document.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/out/out.h"

const char *json_type_name(const struct colinfo *ci)
{
	if (ci->kind == CK_LIST)
		return "array";
	if (ci->kind == CK_NODES)
		return "object";
	switch (ck_json_type(ci->kind)) {
	case SCOLS_JSON_NUMBER:
		return "number";
	case SCOLS_JSON_BOOLEAN:
		return "boolean";
	default:
		return "string";
	}
}

/* JSON string: " and \ escaped, control characters as \uXXXX */
void json_put_string(const char *s)
{
	putchar_unlocked('"');
	while (*s) {
		size_t n = 0;

		while (s[n] && s[n] != '"' && s[n] != '\\' && (unsigned char)s[n] >= 0x20)
			n++;
		fwrite_unlocked(s, 1, n, stdout);
		s += n;
		if (*s == '"' || *s == '\\') {
			putchar_unlocked('\\');
			putchar_unlocked(*s++);
		} else if (*s) {
			printf("\\u%04x", (unsigned char)*s++);
		}
	}
	putchar_unlocked('"');
}

void json_put_name(const char *name)
{
	char b[64];
	size_t i;

	for (i = 0; name[i] && i < sizeof(b) - 4; i++)
		b[i] = (char)tolower((unsigned char)name[i]);
	putchar_unlocked('"');
	fwrite_unlocked(b, 1, i, stdout);
	fwrite_unlocked("\": ", 1, 3, stdout);
}

void json_put_value(const struct colinfo *ci, const char *s, int has)
{
	if ((!has || !s) && ci->kind == CK_LIST) {	/* none: an empty list */
		fputs_unlocked("[]", stdout);
	} else if (!has || !s) {
		fputs_unlocked("null", stdout);
	} else if (ck_json_type(ci->kind) == SCOLS_JSON_NUMBER || ci->kind == CK_LIST || ci->kind == CK_NODES) {
		fputs_unlocked(*s ? s : "null", stdout);
	} else if (ci->kind == CK_BOOL) {
		fputs_unlocked(!*s || !strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
		      !strcasecmp(s, "n") ? "false" : "true", stdout);
	} else {
		json_put_string(s);
	}
}

/*
 * The JSON text of a CK_LIST or CK_NODES value, in a buffer of its own: "a,b" as
 * ["a","b"], "N0=4,N1=2" as {"0": 4, "1": 2}. Separators: commas or blanks.
 */
char *json_compound(const char *s, int nodes)
{
	size_t n = strlen(s), o = 0;
	char *b = malloc(2 * n + 8), *p;	/* each byte at most doubled (escapes; ": " for "=") */
	int first = 1;

	if (!b)
		err(EXIT_ERROR, "out of memory");
	b[o++] = nodes ? '{' : '[';
	while (*s) {
		size_t k = strcspn(s, ", ");

		if (k) {
			if (!first)
				o += (size_t)sprintf(b + o, nodes ? ", " : ",");
			first = 0;
			if (nodes && (p = memchr(s, '=', k)) && s[0] == 'N') {	/* N0=4 */
				b[o++] = '"';
				memcpy(b + o, s + 1, (size_t)(p - s - 1));
				o += (size_t)(p - s - 1);
				b[o++] = '"';
				b[o++] = ':';
				b[o++] = ' ';
				memcpy(b + o, p + 1, (size_t)(s + k - p - 1));
				o += (size_t)(s + k - p - 1);
			} else {
				size_t i;

				b[o++] = '"';
				for (i = 0; i < k; i++) {
					if (s[i] == '"' || s[i] == '\\')
						b[o++] = '\\';
					b[o++] = s[i];
				}
				b[o++] = '"';
			}
		}
		s += k;
		s += strspn(s, ", ");
	}
	b[o++] = nodes ? '}' : ']';
	b[o] = '\0';
	return b;
}

/* The inside of a JSON object printed by libsmartcols: between its outer braces. */
/*
 * A table's JSON as a member of the enclosing object: libsmartcols' text
 * without its braces; a table of one row (v->one) as an object, or null when
 * it has none.
 */
int json_print_members(struct outview *v, int first)
{
	char *s = NULL, *a, *z;
	size_t len = 0, rows = scols_table_get_nlines(v->tb);
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return -1;
	scols_table_set_stream(v->tb, f);
	if (scols_print_table(v->tb)) {
		fclose(f);
		free(s);
		return -1;
	}
	fclose(f);
	a = strchr(s, '{');
	z = strrchr(s, '}');
	if (!a || !z || z < a) {
		free(s);
		return -1;
	}
	a++;
	while (z > a && (z[-1] == '\n' || z[-1] == ' '))
		z--;
	if (a < z && *a == '\n')
		a++;
	if (v->one && rows <= 1) {	/* "name": [ {...} ]: the brackets dropped */
		char *lb = memchr(a, '[', (size_t)(z - a)), *rb = z;

		while (rb > a && rb[-1] != ']')
			rb--;
		if (lb && rb > lb) {
			char *in = lb + 1, *end = rb - 1;

			while (in < end && (*in == ' ' || *in == '\n'))
				in++;
			while (end > in && (end[-1] == ' ' || end[-1] == '\n'))
				end--;
			printf("%s%.*s%s%.*s", first ? "" : ",\n", (int)(lb - a), a, rows ? "" : "null",
			       (int)(end - in), in);
			free(s);
			return 0;
		}
	}
	printf("%s%.*s", first ? "" : ",\n", (int)(z - a), a);
	free(s);
	return 0;
}
