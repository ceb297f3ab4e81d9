/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libelf, libkmod and libbpf, loaded when a command first needs them
 * (dlopen): list and summary of the text never load them, nor what they pull
 * in (libcrypto, libzstd, liblzma, libz). The headers give the prototypes;
 * the calls go through these tables.
 */
#ifndef VMAPCTL_KERNEL_DL_H
#define VMAPCTL_KERNEL_DL_H

#include <gelf.h>
#include <libelf.h>
#include <libkmod.h>
#include <bpf/btf.h>

#define DL_ELF_FUNCS(X) \
	X(elf_version) X(elf_begin) X(elf_end) X(elf_kind) X(elf_errmsg) X(elf_getphdrnum) \
	X(elf_getshdrstrndx) X(elf_nextscn) X(elf_strptr) X(elf_getdata) \
	X(gelf_getehdr) X(gelf_getphdr) X(gelf_getshdr)

#define DL_KMOD_FUNCS(X) \
	X(kmod_new) X(kmod_unref) X(kmod_module_new_from_path) X(kmod_module_new_from_lookup) \
	X(kmod_module_new_from_name) X(kmod_module_get_module) X(kmod_module_get_path) \
	X(kmod_module_insert_module) X(kmod_module_remove_module) X(kmod_module_unref) \
	X(kmod_module_unref_list)

#define DL_BPF_FUNCS(X) \
	X(btf__parse) X(btf__free) X(btf__find_by_name_kind) X(btf__type_by_id) \
	X(btf__name_by_offset) X(btf__resolve_size) X(btf__resolve_type)

#define DL_POINTER(f) __typeof__(f) *f;
struct dl_elf {
	DL_ELF_FUNCS(DL_POINTER)
};
struct dl_kmod {
	DL_KMOD_FUNCS(DL_POINTER)
};
struct dl_bpf {
	DL_BPF_FUNCS(DL_POINTER)
};
#undef DL_POINTER

/* The library's functions, or NULL after one line saying why it cannot be loaded. */
const struct dl_elf *dl_elf(void);
const struct dl_kmod *dl_kmod(void);
const struct dl_bpf *dl_bpf(void);

#endif
