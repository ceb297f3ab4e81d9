// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkkcore DIR [MACHINE]: write a small, fake but consistent kernel view for the
 * host tests of layout, peek and vtop: DIR/proc/kcore (an ELF core file laid
 * out like the kernel's: a text segment and a RAM segment of the direct map),
 * DIR/proc/kallsyms and DIR/proc/meminfo. Its page tables (4-level) map:
 *   0xffffc90000005000  -> phys 0x300000, 4 KiB, holds "hello from vmalloc"
 *   0xffffc90000200000  -> phys 0x400000, a 2 MiB page, PCD (uncached)
 *   0xffffc90040000000  -> phys 0x80000000, a 1 GiB page
 *   0xffffc90000001000  -> not present
 * Written with plain <elf.h> structs, so that vmapctl's libelf reader is
 * checked against an independent writer.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEXT_VA   0xffffffff81000000ULL
#define TEXT_PA   0x1000000ULL
#define TEXT_SIZE 0x10000ULL
#define POB       0xffff888000000000ULL	/* page_offset_base */
#define RAM_SIZE  0x1000000ULL		/* 16 MiB at phys 0 */
#define VMB       0xffffc90000000000ULL	/* vmalloc_base */

static unsigned char *text, *ram;

static void put64(uint64_t pa, uint64_t v)
{
	unsigned char *p = pa >= TEXT_PA ? text + (pa - TEXT_PA) : ram + pa;

	memcpy(p, &v, 8);
}

static unsigned idx(uint64_t va, unsigned shift)
{
	return (unsigned)((va >> shift) & 511);
}

int main(int argc, char **argv)
{
	char path[4096];
	const uint64_t top = TEXT_PA + 0x2000, pud = 0x10000, pmd = 0x11000, pte = 0x12000;
	const uint64_t va4k = VMB + 0x5000, va2m = VMB + 0x200000, va1g = VMB + 0x40000000;
	unsigned machine = argc > 2 ? (unsigned)atoi(argv[2]) : EM_X86_64;
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	FILE *f;
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: mkkcore DIR [MACHINE]\n");
		return 2;
	}
	text = calloc(1, TEXT_SIZE);
	ram = calloc(1, RAM_SIZE);
	strcpy((char *)text + 0x100, "Linux version 6.99.0-fake (mkkcore)");
	memcpy(text + 0x200, &(uint64_t){ POB }, 8);
	memcpy(text + 0x208, &(uint64_t){ VMB }, 8);
	memcpy(text + 0x210, &(uint64_t){ 0xffffea0000000000ULL }, 8);

	/* page tables: top (in the image) -> pud -> pmd -> pte, flags P|RW|A|D (0x63) */
	put64(top + 8 * idx(va4k, 39), pud | 0x63);
	put64(pud + 8 * idx(va4k, 30), pmd | 0x63);
	put64(pmd + 8 * idx(va4k, 21), pte | 0x63);
	put64(pte + 8 * idx(va4k, 12), 0x300000 | 0x8000000000000163ULL);	/* P RW A D G NX */
	/* 0xffffc90000001000: same pte table, entry left empty */
	put64(pmd + 8 * idx(va2m, 21), 0x400000 | 0x80 | 0x10 | 0x63);		/* PSE, PCD */
	put64(pud + 8 * idx(va1g, 30), 0x80000000ULL | 0x80 | 0x63);		/* PSE at the PUD */
	strcpy((char *)ram + 0x300000, "hello from vmalloc");
	strcpy((char *)ram + 0x400000, "uncached 2M page");

	snprintf(path, sizeof(path), "%s/proc", argv[1]);
	mkdir(argv[1], 0755);
	mkdir(path, 0755);

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = (Elf64_Half)machine;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 2;
	memset(ph, 0, sizeof(ph));
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000,
			      .p_vaddr = TEXT_VA, .p_paddr = TEXT_PA, .p_filesz = TEXT_SIZE,
			      .p_memsz = TEXT_SIZE, .p_align = 4096 };
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W | PF_X, .p_offset = 0x1000 + TEXT_SIZE,
			      .p_vaddr = POB, .p_paddr = 0, .p_filesz = RAM_SIZE, .p_memsz = RAM_SIZE,
			      .p_align = 4096 };

	snprintf(path, sizeof(path), "%s/proc/kcore", argv[1]);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0400);
	if (fd < 0 || pwrite(fd, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    pwrite(fd, ph, sizeof(ph), sizeof(eh)) != sizeof(ph) ||
	    pwrite(fd, text, TEXT_SIZE, 0x1000) != (ssize_t)TEXT_SIZE ||
	    pwrite(fd, ram, RAM_SIZE, 0x1000 + TEXT_SIZE) != (ssize_t)RAM_SIZE) {
		perror(path);
		return 1;
	}
	close(fd);

	snprintf(path, sizeof(path), "%s/proc/kallsyms", argv[1]);
	f = fopen(path, "w");
	fprintf(f, "%016llx T _text\n%016llx T _etext\n%016llx D linux_banner\n"
		"%016llx D page_offset_base\n%016llx D vmalloc_base\n%016llx D vmemmap_base\n"
		"%016llx D init_top_pgt\n%016llx t fake_fn\t[fake_mod]\n",
		TEXT_VA, TEXT_VA + 0x8000, TEXT_VA + 0x100, TEXT_VA + 0x200, TEXT_VA + 0x208,
		TEXT_VA + 0x210, TEXT_VA + 0x2000, 0xffffffffc0001000ULL);
	fclose(f);
	snprintf(path, sizeof(path), "%s/proc/meminfo", argv[1]);
	f = fopen(path, "w");
	fprintf(f, "MemTotal:          16384 kB\nVmallocTotal:   34359738367 kB\nVmallocUsed:           0 kB\n");
	fclose(f);
	snprintf(path, sizeof(path), "%s/proc/vmallocinfo", argv[1]);
	f = fopen(path, "w");
	fprintf(f, "0x%016llx-0x%016llx    8192 fake_alloc+0x10/0x20 pages=1 vmalloc\n", (unsigned long long)va4k, (unsigned long long)(va4k + 0x2000));
	fclose(f);
	return 0;
}
