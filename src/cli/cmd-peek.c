// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmapctl peek ADDR|SYMBOL [LEN]: a hexdump of kernel memory.
 *
 * Kernel text and the direct map are read through /proc/kcore. An address of
 * the vmalloc or modules area is translated with the page-table walk and its
 * pages read through the direct map (RAM) or /dev/mem (MMIO): kcore returns
 * zeros for vm_map_ram and ioremap ranges on some kernels (6.1), and zeros
 * must not pass for contents. --phys reads physical memory.
 */
#include <argp.h>
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "kernel/devmem.h"
#include "kernel/kview.h"
#include "lib/hexdump.h"

#define PEEK_MAX (1u << 20)

enum { HEX_COL_ADDR, HEX_COL_HEX, HEX_COL_ASCII, HEX_COL_VIA };

static const struct colinfo hex_cols[] = {
	[HEX_COL_ADDR]  = { "ADDRESS", 18, SCOLS_FL_RIGHT, "address of the row's first byte", CK_ADDR },
	[HEX_COL_HEX]   = { "HEX", 48, 0, "16 bytes in hex", CK_STR },
	[HEX_COL_ASCII] = { "ASCII", 16, 0, "the same as text (. for others)", CK_STR },
	[HEX_COL_VIA]   = { "VIA", 20, 0, "how the bytes were read", CK_STR },
};
static const int hex_defaults[] = { HEX_COL_ADDR, HEX_COL_HEX, HEX_COL_ASCII };
static const struct viewdesc peek_view = VIEWDESC("peek", NULL, hex_cols, hex_defaults);

struct peek_args {
	struct outopts out;	/* first: see out_children */
	const char *what;
	uint64_t len;
	int phys, binary;
};

enum { OPT_PHYS = 0x600, OPT_BINARY };

static const char peek_doc[] =
	"Hexdump LEN bytes (default 64) of kernel memory, read through /proc/kcore, the "
	"page tables and /dev/mem as each address needs, saying which path was used. Needs root.";

static const struct cmdopt peek_options[] = {
	{ { "phys", OPT_PHYS, NULL, 0, "ADDR is a physical address (/dev/mem for I/O ranges, kcore's direct map for RAM)", 1 },
	  OPT_FLAG(struct peek_args, phys) },
	{ { "binary", OPT_BINARY, NULL, 0, "write the bytes themselves to standard output", 1 },
	  OPT_FLAG(struct peek_args, binary) },
	OPT_END
};

static error_t peek_parse(int key, char *arg, struct argp_state *st)
{
	struct peek_args *a = st->input;

	if (key == ARGP_KEY_END && a->phys && a->what) {	/* --phys: ADDR is a number (no symbol), checked before anything is read */
		char *end;

		(void)strtoull(a->what, &end, 0);
		if (*end || !*a->what)
			argp_error(st, "--phys: invalid physical address: '%s'", a->what);
	}
	return args_addr_len(key, arg, st, &a->what, &a->len, PEEK_MAX);
}

/* Is phys in System RAM according to the kcore RAM segments? */
static int is_ram(const struct kcore *kc, uint64_t phys)
{
	return kseg_by_paddr(kc->seg, kc->nseg, phys) != NULL;
}

static int read_phys(const char *sysroot, const struct kcore *kc, uint64_t pa, void *buf, size_t len,
		     const char **via)
{
	const char *why = NULL;
	int rc;

	if (kc && is_ram(kc, pa)) {
		*via = "kcore direct map";
		rc = kcore_read_phys(kc, pa, buf, len);
		if (rc)
			warnx("0x%" PRIx64 ": cannot read through /proc/kcore: %s", pa, strerror(-rc));
		return rc;
	}
	*via = "/dev/mem mmap";
	rc = devmem_read(sysroot, pa, buf, len, 1, &why);
	if (rc)
		warnx("physical 0x%" PRIx64 ": %s", pa, why);
	return rc;
}

static int read_virt(const struct kview *kv, const char *sysroot, uint64_t va, unsigned char *buf, size_t len,
		     char *via, size_t vialen)
{
	const char *pv = NULL;
	int rc;

	if (!kview_in_vmalloc_space(kv, va)) {
		rc = kcore_read(&kv->kc, va, buf, len);
		if (rc == -ENXIO)
			warnx("0x%" PRIx64 ": outside every segment of /proc/kcore", va);
		else if (rc)
			warnx("0x%" PRIx64 ": cannot read /proc/kcore: %s", va, strerror(-rc));
		snprintf(via, vialen, "kcore");
		return rc ? -1 : 0;
	}
	while (len) {
		struct x86_walk w;
		size_t c = PAGE_SIZE - (va & (PAGE_SIZE - 1));

		if (c > len)
			c = len;
		rc = kview_vtop(kv, va, &w);
		if (rc == -2) {
			warnx("0x%" PRIx64 ": the vmalloc area needs the page-table walk, x86_64 only (kcore may read zeros there)", va);
			return -1;
		}
		if (rc) {
			if (rc > 0)
				warnx("0x%" PRIx64 ": not mapped (not present at the %s level of the page tables)",
				      va, w.lv[w.nlv - 1].name);
			else
				warnx("0x%" PRIx64 ": cannot read the page tables through /proc/kcore", va);
			return -1;
		}
		if (read_phys(sysroot, &kv->kc, w.phys, buf, c, &pv))
			return -1;
		snprintf(via, vialen, "page tables + %s", pv);
		va += c;
		buf += c;
		len -= c;
	}
	return 0;
}

/* --phys: /dev/mem first for RAM, as a user would, explaining its refusal */
static int peek_phys(const struct peek_args *a, uint64_t *addr, unsigned char *buf, char *via, size_t vialen)
{
	const char *pv = NULL, *why = NULL;
	struct kcore kc;
	char *end;
	int rc;

	*addr = strtoull(a->what, &end, 0);
	if (*end || !*a->what) {
		warnx("invalid physical address: %s", a->what);
		return -1;
	}
	if (kcore_open(&kc, a->out.sysroot))
		return -1;
	if (is_ram(&kc, *addr)) {
		rc = devmem_read(a->out.sysroot, *addr, buf, a->len, 0, &why);
		if (rc == 0) {
			pv = "/dev/mem read";
		} else {
			warnx("/dev/mem: %s; reading /proc/kcore's direct map instead", why);
			rc = read_phys(a->out.sysroot, &kc, *addr, buf, a->len, &pv);
		}
	} else {
		rc = read_phys(a->out.sysroot, &kc, *addr, buf, a->len, &pv);
	}
	kcore_close(&kc);
	snprintf(via, vialen, "%s", pv ? pv : "-");
	return rc;
}

static int peek_virt(const struct peek_args *a, uint64_t *addr, unsigned char *buf, char *via, size_t vialen)
{
	struct kview kv;
	int rc;

	if (kview_open(&kv, a->out.sysroot))
		return -1;
	rc = kview_resolve(&kv, a->what, addr) ? -1 : read_virt(&kv, a->out.sysroot, *addr, buf, a->len, via, vialen);
	kview_close(&kv);
	return rc;
}

static int print_dump(const struct peek_args *a, uint64_t addr, const unsigned char *buf, const char *via)
{
	struct outview v, *views[1] = { &v };
	char title[128];
	uint64_t off;

	out_view(&v, &a->out, 0);
	snprintf(title, sizeof(title), "%s0x%" PRIx64 ", %" PRIu64 " bytes, via %s:",
		 a->phys ? "physical " : "", addr, a->len, via);
	out_title(&v, title);
	for (off = 0; off < a->len; off += HEXDUMP_ROW) {
		struct libscols_line *ln = out_line(&v);
		char hex[HEXDUMP_HEXLEN], asc[HEXDUMP_ASCLEN];

		hexdump_row(buf + off, a->len - off, hex, asc);
		out_addr(&v, ln, HEX_COL_ADDR, addr + off, 1);
		out_str(&v, ln, HEX_COL_HEX, hex);
		out_str(&v, ln, HEX_COL_ASCII, asc);
		out_str(&v, ln, HEX_COL_VIA, via);
	}
	return out_print(views, 1);
}

static int cmd_peek(int argc, char *argv[])
{
	struct peek_args a = { .out = { &peek_view, 1 }, .len = 64 };
	unsigned char *buf;
	uint64_t addr = 0;
	char via[64];
	int rc;

	cmd_args(&vmapctl_cmd_peek, argc, argv, &a);
	buf = malloc(a.len);
	if (!buf)
		err(EXIT_ERROR, "out of memory");
	rc = a.phys ? peek_phys(&a, &addr, buf, via, sizeof(via)) : peek_virt(&a, &addr, buf, via, sizeof(via));
	if (rc == 0) {
		if (a.binary)
			rc = fwrite(buf, 1, a.len, stdout) == a.len && fflush(stdout) == 0 ? 0 : -1;
		else
			rc = print_dump(&a, addr, buf, via);
	}
	free(buf);
	return rc ? EXIT_ERROR : EXIT_OK;
}

const struct vmapctl_cmd vmapctl_cmd_peek = {
	.name = "peek", .run = cmd_peek,
	.help = "hexdump kernel memory (kcore, page tables, /dev/mem)",
	.doc = peek_doc, .opts = peek_options, .parse = peek_parse, .children = kcore_out_children,
	.args_doc = "ADDR|SYMBOL [LEN]",
};
