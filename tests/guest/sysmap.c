// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysmap < /proc/kallsyms > System.map: the System.map a -dbg package would
 * ship for the running kernel, made from kallsyms (read with real addresses,
 * kptr_restrict=1): the core kernel's symbols (three fields; a module's have a
 * fourth) at their link-time addresses, that is less this boot's KASLR offset,
 * taken as _text's distance from x86-64's link address of _text,
 * 0xffffffff81000000. A symbol below _text (the per-CPU ones, from 0) is kept
 * as it is. Exit status 1 when there is no _text or a line cannot be read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINK_TEXT UINT64_C(0xffffffff81000000)

struct sym { uint64_t addr; char type; char name[128]; };

int main(void)
{
	static char line[512];
	struct sym *syms = NULL;
	size_t n = 0, cap = 0;
	uint64_t text = 0;

	while (fgets(line, sizeof line, stdin)) {
		struct sym s;
		char extra[2];
		int f = sscanf(line, "%" SCNx64 " %c %127s %1s", &s.addr, &s.type, s.name, extra);

		if (f == 4)
			continue;	/* a module's: [module] */
		if (f != 3) {
			fprintf(stderr, "sysmap: cannot read: %s", line);
			return 1;
		}
		if (!strcmp(s.name, "_text"))
			text = s.addr;
		if (n == cap && !(syms = realloc(syms, (cap = cap ? 2 * cap : 65536) * sizeof *syms))) {
			perror("sysmap");
			return 1;
		}
		syms[n++] = s;
	}
	if (!text) {
		fprintf(stderr, "sysmap: no _text in the input (kptr_restrict=1, as root?)\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		printf("%016" PRIx64 " %c %s\n", syms[i].addr >= text ? syms[i].addr - (text - LINK_TEXT) : syms[i].addr,
		       syms[i].type, syms[i].name);
	return 0;
}
