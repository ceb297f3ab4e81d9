// SPDX-License-Identifier: GPL-2.0
/*
 * vmapctl_demo: the companion module of vmapctl.
 *
 * This first version only makes sample mappings while it is loaded, so that the
 * VM tests see every kind of line in /proc/vmallocinfo attributed to it:
 *   - vmalloc:    vmalloc(), pages allocated and mapped by the kernel
 *   - vmap:       vmap() of pages allocated one by one (not contiguous)
 *   - vm_map_ram: vm_map_ram() of such pages (no caller in vmallocinfo)
 * The misc device and its ioctls come with `vmapctl demo`.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <linux/vmalloc.h>

#define SAMPLE_PAGES 4

static bool samples = true;
module_param(samples, bool, 0444);
MODULE_PARM_DESC(samples, "make sample vmalloc, vmap and vm_map_ram mappings at load");

static void *s_vmalloc, *s_vmap, *s_vm_map_ram;
static struct page *s_pages[2][SAMPLE_PAGES];

static void free_pages_array(struct page **pages)
{
	int i;

	for (i = 0; i < SAMPLE_PAGES; i++)
		if (pages[i])
			__free_page(pages[i]);
}

static int alloc_pages_array(struct page **pages)
{
	int i;

	for (i = 0; i < SAMPLE_PAGES; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i])
			return -ENOMEM;
	}
	return 0;
}

static void drop_samples(void)
{
	if (s_vm_map_ram)
		vm_unmap_ram(s_vm_map_ram, SAMPLE_PAGES);
	if (s_vmap)
		vunmap(s_vmap);
	vfree(s_vmalloc);
	free_pages_array(s_pages[0]);
	free_pages_array(s_pages[1]);
	s_vmalloc = s_vmap = s_vm_map_ram = NULL;
}

/*
 * Not __init: vmallocinfo prints the caller with %pS, and a caller in freed
 * init code would show as a bare address instead of "make_samples [vmapctl_demo]".
 */
static noinline int make_samples(void)
{
	s_vmalloc = vmalloc(SAMPLE_PAGES * PAGE_SIZE);
	if (!s_vmalloc || alloc_pages_array(s_pages[0]) || alloc_pages_array(s_pages[1]))
		goto nomem;
	s_vmap = vmap(s_pages[0], SAMPLE_PAGES, VM_MAP, PAGE_KERNEL);
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 8, 0)
	s_vm_map_ram = vm_map_ram(s_pages[1], SAMPLE_PAGES, NUMA_NO_NODE);
#else
	s_vm_map_ram = vm_map_ram(s_pages[1], SAMPLE_PAGES, NUMA_NO_NODE, PAGE_KERNEL);
#endif
	if (!s_vmap || !s_vm_map_ram)
		goto nomem;
	return 0;
nomem:
	drop_samples();
	return -ENOMEM;
}

static int __init vmapctl_demo_init(void)
{
	return samples ? make_samples() : 0;
}

static void __exit vmapctl_demo_exit(void)
{
	drop_samples();
}

module_init(vmapctl_demo_init);
module_exit(vmapctl_demo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmapctl companion: make kernel mappings to watch");
