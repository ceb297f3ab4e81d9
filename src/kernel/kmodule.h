/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loading and unloading the companion module with libkmod; .modinfo with libelf. */
#ifndef VMAPCTL_KERNEL_KMODULE_H
#define VMAPCTL_KERNEL_KMODULE_H

#include <stddef.h>

#include "lib/demo.h"


/* 1 if loaded, 0 if not, -1 if the kernel has no module support (says so). */
int demo_module_loaded(void);
/*
 * Load the module unless it is loaded: from PATH, or found by libkmod in the
 * running kernel's module directory. *loaded_here tells whether this call
 * loaded it. Prints one clear line and returns -1 on failure.
 */
int demo_module_load(const char *path, int *loaded_here);
int demo_module_unload(void);
/* The kernel release a .ko was built for (from .modinfo vermagic): 0 or -1. */
int ko_vermagic_release(const char *path, char *out, size_t len);

#endif
