// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/kcore read with libelf: its PT_LOAD segments, by virtual or physical address. */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/dl.h"
#include "kernel/kcore.h"
#include "kernel/sysfile.h"
#include "lib/common.h"

const struct kseg *kseg_by_vaddr(const struct kseg *s, size_t n, uint64_t va)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (va >= s[i].vaddr && va - s[i].vaddr < s[i].size)
			return &s[i];
	return NULL;
}

const struct kseg *kseg_by_paddr(const struct kseg *s, size_t n, uint64_t pa)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i].paddr != KSEG_NO_PADDR && pa >= s[i].paddr && pa - s[i].paddr < s[i].size)
			return &s[i];
	return NULL;
}

/*
 * The VMCOREINFO note among the notes at [off, off + len) of the file: its
 * text kept in kc->vmcoreinfo (the kernel's own SYMBOL(init_top_pgt) and
 * NUMBER(pgtable_l5_enabled), as drgn reads them). Quietly none when absent.
 */
static void read_vmcoreinfo(struct kcore *kc, uint64_t off, uint64_t len)
{
	unsigned char *b;
	uint64_t pos = 0;

	if (len < 12 || len > (4u << 20))
		return;
	b = malloc(len);
	if (!b)
		err(EXIT_ERROR, "out of memory");
	if (pread(kc->fd, b, len, (off_t)off) != (ssize_t)len) {
		free(b);
		return;
	}
	while (len - pos >= 12) {
		uint32_t namesz, descsz;
		uint64_t name, desc, next;

		memcpy(&namesz, b + pos, 4);
		memcpy(&descsz, b + pos + 4, 4);
		name = pos + 12;
		desc = name + (((uint64_t)namesz + 3) & ~3ULL);
		next = desc + (((uint64_t)descsz + 3) & ~3ULL);
		if (desc > len || next > len || desc + descsz > len)
			break;
		if (namesz >= 10 && !memcmp(b + name, "VMCOREINFO", 10)) {
			kc->vmcoreinfo = strndup((const char *)b + desc, descsz);
			break;
		}
		pos = next;
	}
	free(b);
}

int kcore_vmcoreinfo(const struct kcore *kc, const char *key, uint64_t *val)
{
	size_t kl = strlen(key);
	const char *p = kc->vmcoreinfo;

	while (p && *p) {
		const char *nl = strchr(p, '\n');

		if (!strncmp(p, key, kl) && p[kl] == '=') {
			char *end;

			errno = 0;
			*val = strtoull(p + kl + 1, &end, !strncmp(key, "NUMBER(", 7) ? 10 : 16);
			return errno || end == p + kl + 1 ? -1 : 0;
		}
		p = nl ? nl + 1 : NULL;
	}
	return -1;
}

int kcore_open(struct kcore *kc, const char *sysroot)
{
	int fd = open(sysfile_path(sysroot, "/proc/kcore"), O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		sysfile_warn(sysroot, "/proc/kcore", errno);
		memset(kc, 0, sizeof(*kc));
		kc->fd = -1;
		return -1;
	}
	return kcore_open_fd(kc, fd, sysfile_path(sysroot, "/proc/kcore"));
}

int kcore_open_fd(struct kcore *kc, int fd, const char *path)
{
	const struct dl_elf *E = dl_elf();
	size_t i, n;
	Elf *e;
	GElf_Ehdr eh;

	memset(kc, 0, sizeof(*kc));
	kc->fd = fd;
	if (!E) {
		close(fd);
		kc->fd = -1;
		return -1;
	}
	E->elf_version(EV_CURRENT);
	e = E->elf_begin(kc->fd, ELF_C_READ, NULL);
	if (!e || E->elf_kind(e) != ELF_K_ELF || !E->gelf_getehdr(e, &eh) || eh.e_type != ET_CORE ||
	    E->elf_getphdrnum(e, &n)) {
		warnx("%s: not an ELF core file (%s)", path, E->elf_errmsg(-1));
		if (e)
			E->elf_end(e);
		close(kc->fd);
		kc->fd = -1;
		return -1;
	}
	kc->machine = eh.e_machine;
	kc->seg = calloc(n ? n : 1, sizeof(*kc->seg));
	if (!kc->seg)
		err(EXIT_ERROR, "out of memory");
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!E->gelf_getphdr(e, (int)i, &ph))
			continue;
		if (ph.p_type == PT_NOTE && !kc->vmcoreinfo)
			read_vmcoreinfo(kc, ph.p_offset, ph.p_filesz);
		if (ph.p_type != PT_LOAD)
			continue;
		kc->seg[kc->nseg].vaddr = ph.p_vaddr;
		/* (elf_addr_t)-1 marks "no physical address": 32 bits wide in ELF32 */
		kc->seg[kc->nseg].paddr = ph.p_paddr == (GElf_Addr)-1 ||
			(eh.e_ident[EI_CLASS] == ELFCLASS32 && ph.p_paddr == 0xffffffffULL) ? KSEG_NO_PADDR : ph.p_paddr;
		kc->seg[kc->nseg].size = ph.p_filesz < ph.p_memsz ? ph.p_filesz : ph.p_memsz;
		kc->seg[kc->nseg].offset = ph.p_offset;
		kc->nseg++;
	}
	E->elf_end(e);
	return 0;
}

void kcore_close(struct kcore *kc)
{
	if (kc->fd >= 0)
		close(kc->fd);
	free(kc->seg);
	free(kc->vmcoreinfo);
	memset(kc, 0, sizeof(*kc));
	kc->fd = -1;
}

static int read_seg(const struct kcore *kc, const struct kseg *s, uint64_t off, void *buf, size_t len)
{
	uint64_t at;
	ssize_t r;

	/* a file offset past what a file can hold is past its end: no wrap to its start */
	if (__builtin_add_overflow(s->offset, off, &at) || at > (uint64_t)INT64_MAX - len)
		return -EIO;
	r = pread(kc->fd, buf, len, (off_t)at);

	if (r < 0)
		return -errno;
	return (size_t)r == len ? 0 : -EIO;
}

/* Read across segments, found by virtual or by physical address. */
static int read_through(const struct kcore *kc, uint64_t addr, int by_paddr, void *buf, size_t len)
{
	while (len) {
		const struct kseg *s = by_paddr ? kseg_by_paddr(kc->seg, kc->nseg, addr)
						: kseg_by_vaddr(kc->seg, kc->nseg, addr);
		uint64_t off, c;
		int rc;

		if (!s)
			return -ENXIO;
		off = addr - (by_paddr ? s->paddr : s->vaddr);
		c = s->size - off < len ? s->size - off : len;
		rc = read_seg(kc, s, off, buf, c);
		if (rc)
			return rc;
		if (c < len && addr + c < addr)
			return -ENXIO;	/* on past the top of the address space: nothing there, no wrap to 0 */
		addr += c;
		buf = (char *)buf + c;
		len -= c;
	}
	return 0;
}

int kcore_read(const struct kcore *kc, uint64_t va, void *buf, size_t len)
{
	return read_through(kc, va, 0, buf, len);
}

int kcore_read_phys(const struct kcore *kc, uint64_t pa, void *buf, size_t len)
{
	return read_through(kc, pa, 1, buf, len);
}

