// SPDX-License-Identifier: GPL-2.0
/*
 * vmapctl_demo: the companion module of vmapctl.
 *
 * One misc device, /dev/vmapctl_demo (root only), whose ioctls (src/uapi/
 * vmapctl_demo.h) make and unmake real kernel mappings -- vmalloc, vmap,
 * vm_map_ram, kmap, kmap_local, ioremap -- and report the ground truth about
 * them (addresses, PFNs, physical addresses) so that userspace views can be
 * checked against it. A mapping belongs to the file that made it and dies with
 * it, unless made with VMAPCTL_MAP_KEEP; rmmod tears everything down.
 *
 * The "samples" parameter (off by default) makes one vmalloc, one vmap and one
 * vm_map_ram mapping at load, for tests that only need lines to look at.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vmalloc.h>
#ifdef CONFIG_X86
#include <asm/fixmap.h>
#endif

#include "vmapctl_demo.h"

static_assert(sizeof(struct vmapctl_map) == 56);
static_assert(sizeof(struct vmapctl_unmap) == 16);
static_assert(sizeof(struct vmapctl_page) == 32);
static_assert(sizeof(struct vmapctl_info) == 72);
static_assert(sizeof(struct vmapctl_read) == 32);
static_assert(sizeof(struct vmapctl_layout) == 80);

/*
 * kmap_local_page() came in 5.11. Before it, kmap_atomic() maps a page for
 * this CPU alone (the same fixmap slots on 32-bit), with preemption and page
 * faults off: the pattern checks and reads below neither sleep nor fault, so
 * they use it there. The kmap_local demo itself is refused there (check_map).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
#define kmap_local_page(page) kmap_atomic(page)
#define kunmap_local(addr) kunmap_atomic(addr)
#endif

#define READ_MAX (1u << 20)

struct demo_map {
	struct list_head node;
	u64 id;
	u32 kind, flags, state;
	void *addr;			/* vmalloc/vmap/vm_map_ram/kmap(first page) */
	void __iomem *io;		/* ioremap */
	phys_addr_t phys;		/* ioremap */
	size_t size;			/* bytes */
	unsigned long npages;
	struct page **pages;		/* every kind but vmalloc and ioremap */
	unsigned long *kaddr;		/* kmap, kmap_local: each page's address */
	struct file *owner;		/* NULL for KEEP */
	pid_t pid;
};

/*
 * maps_lock guards the table: the list, the counts and the next id. Nothing
 * sleeps or touches user memory under it: mappings are made, filled and torn
 * down outside it, and INFO's answer is built in a kernel buffer first (as
 * lib/test_hmm.c does).
 */
static LIST_HEAD(maps);
static DEFINE_MUTEX(maps_lock);
static unsigned int nmaps;		/* in the table, or being made */
static unsigned long kmap_held;		/* pages held by KMAP mappings (pkmap slots on HIGHMEM) */
static u64 next_id = 1;

/*
 * kmap() of a high page takes one of LAST_PKMAP slots and sleeps, unkillable,
 * until one is free. The demo never waits there: its KMAP mappings may hold
 * at most KMAP_BUDGET pages in all (E2BIG for one larger, EBUSY when others
 * hold the rest), leaving an eighth of the window to the rest of the system.
 * Without HIGHMEM kmap() is page_address(): no slots, no limit.
 */
#ifdef CONFIG_HIGHMEM
#define KMAP_BUDGET	(LAST_PKMAP - LAST_PKMAP / 8)
#endif

static unsigned long kmap_pages(const struct demo_map *m)
{
	return m->kind == VMAPCTL_KIND_KMAP ? m->npages : 0;
}

/* Room in the table (and in the kmap budget) for m, and its id: under maps_lock. */
static int reserve_locked(struct demo_map *m)
{
	if (nmaps >= VMAPCTL_DEMO_MAX_MAPPINGS)
		return -ENOSPC;
#ifdef KMAP_BUDGET
	if (kmap_pages(m) > KMAP_BUDGET)
		return -E2BIG;
	if (kmap_held + kmap_pages(m) > KMAP_BUDGET)
		return -EBUSY;
#endif
	nmaps++;
	kmap_held += kmap_pages(m);
	m->id = next_id++;
	return 0;
}

/* Give back what reserve_locked took (m no longer in the list): under maps_lock. */
static void release_locked(const struct demo_map *m)
{
	nmaps--;
	kmap_held -= kmap_pages(m);
}

static u32 where_of(unsigned long a)
{
	if (is_vmalloc_addr((void *)a))
		return VMAPCTL_WHERE_VMALLOC;
#ifdef CONFIG_HIGHMEM
	if (a >= PKMAP_BASE && a < PKMAP_ADDR(LAST_PKMAP))
		return VMAPCTL_WHERE_PKMAP;
#endif
#ifdef CONFIG_X86
	if (a >= FIXADDR_START && a < FIXADDR_TOP)
		return VMAPCTL_WHERE_FIXMAP;
#endif
	if (a >= PAGE_OFFSET && a < (unsigned long)high_memory)
		return VMAPCTL_WHERE_DIRECT_MAP;
	return VMAPCTL_WHERE_UNKNOWN;
}

static struct page *page_of(const struct demo_map *m, unsigned long i)
{
	if (m->kind == VMAPCTL_KIND_VMALLOC)
		return vmalloc_to_page((char *)m->addr + i * PAGE_SIZE);
	return m->pages ? m->pages[i] : NULL;
}

static void fill_page(void *va, u64 id, unsigned long i)
{
	u64 *w = va;
	unsigned long k;

	for (k = 0; k < PAGE_SIZE / sizeof(u64); k++)
		w[k] = vmapctl_pattern_word(id, i, k);
}

static bool check_page(const void *va, u64 id, unsigned long i)
{
	const u64 *w = va;
	unsigned long k;

	for (k = 0; k < PAGE_SIZE / sizeof(u64); k++)
		if (w[k] != vmapctl_pattern_word(id, i, k))
			return false;
	return true;
}

/* Read each page back through a mapping of its own: proves where the mapping points. */
static bool verify_pages(const struct demo_map *m)
{
	unsigned long i;
	bool ok = true;

	for (i = 0; i < m->npages && ok; i++) {
		void *p = kmap_local_page(page_of(m, i));

		ok = check_page(p, m->id, i);
		kunmap_local(p);
	}
	return ok;
}

static void destroy(struct demo_map *m)
{
	unsigned long i;

	switch (m->kind) {
	case VMAPCTL_KIND_VMALLOC:
		vfree(m->addr);
		break;
	case VMAPCTL_KIND_VMAP:
		if (m->addr)
			vunmap(m->addr);
		break;
	case VMAPCTL_KIND_VM_MAP_RAM:
		if (m->addr)
			vm_unmap_ram(m->addr, m->npages);
		break;
	case VMAPCTL_KIND_KMAP:
		for (i = 0; m->kaddr && i < m->npages; i++)
			if (m->kaddr[i])
				kunmap(m->pages[i]);
		break;
	case VMAPCTL_KIND_IOREMAP:
		if (m->io)
			iounmap(m->io);
		break;
	}
	for (i = 0; m->pages && i < m->npages; i++)
		if (m->pages[i])
			__free_page(m->pages[i]);
	kvfree(m->pages);
	kvfree(m->kaddr);
	kfree(m);
}

static int alloc_page_array(struct demo_map *m)
{
	unsigned long i;

	m->pages = kvcalloc(m->npages, sizeof(*m->pages), GFP_KERNEL);
	if (!m->pages)
		return -ENOMEM;
	for (i = 0; i < m->npages; i++) {
		/* one by one, highmem allowed: nothing makes them contiguous */
		m->pages[i] = alloc_page(GFP_HIGHUSER);
		if (!m->pages[i])
			return -ENOMEM;
		if (PageHighMem(m->pages[i]))
			m->state |= VMAPCTL_STATE_HIGHMEM;
	}
	return 0;
}

/* Not __init, and noinline: this function is the CALLER vmallocinfo shows. */
static noinline int map_pages(struct demo_map *m)
{
	unsigned long i;
	int rc;

	m->size = m->npages * PAGE_SIZE;
	if (m->kind == VMAPCTL_KIND_VMALLOC) {
		m->addr = vmalloc(m->size);
		if (!m->addr)
			return -ENOMEM;
	} else {
		rc = alloc_page_array(m);
		if (rc)
			return rc;
	}

	switch (m->kind) {
	case VMAPCTL_KIND_VMAP:
		m->addr = vmap(m->pages, m->npages, VM_MAP, PAGE_KERNEL);
		if (!m->addr)
			return -ENOMEM;
		break;
	case VMAPCTL_KIND_VM_MAP_RAM:
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 8, 0)
		m->addr = vm_map_ram(m->pages, m->npages, NUMA_NO_NODE);
#else
		m->addr = vm_map_ram(m->pages, m->npages, NUMA_NO_NODE, PAGE_KERNEL);
#endif
		if (!m->addr)
			return -ENOMEM;
		break;
	case VMAPCTL_KIND_KMAP:
	case VMAPCTL_KIND_KMAP_LOCAL:
		m->kaddr = kvcalloc(m->npages, sizeof(*m->kaddr), GFP_KERNEL);
		if (!m->kaddr)
			return -ENOMEM;
		break;
	}

	if (m->kind == VMAPCTL_KIND_KMAP) {
		for (i = 0; i < m->npages; i++) {
			m->kaddr[i] = (unsigned long)kmap(m->pages[i]);
			fill_page((void *)m->kaddr[i], m->id, i);
		}
		m->addr = (void *)m->kaddr[0];
	} else if (m->kind == VMAPCTL_KIND_KMAP_LOCAL) {
		/* CPU-local and stacked: map, fill, check and unmap in this one call */
		bool ok = true;

		for (i = 0; i < m->npages; i++) {
			void *p = kmap_local_page(m->pages[i]);

			m->kaddr[i] = (unsigned long)p;
			fill_page(p, m->id, i);
			ok &= check_page(p, m->id, i);
			kunmap_local(p);
		}
		m->addr = (void *)m->kaddr[0];
		m->state |= VMAPCTL_STATE_UNMAPPED;
		if (ok && verify_pages(m))
			m->state |= VMAPCTL_STATE_VERIFIED;
		return 0;
	} else {
		for (i = 0; i < m->npages; i++)
			fill_page((char *)m->addr + i * PAGE_SIZE, m->id, i);
	}
	if (verify_pages(m))
		m->state |= VMAPCTL_STATE_VERIFIED;
	return 0;
}

static int busy_res(struct resource *res, void *arg)
{
	/* the rule of iomem_is_exclusive(), which /dev/mem applies (not exported) */
	return (res->flags & IORESOURCE_EXCLUSIVE) ||
	       (IS_ENABLED(CONFIG_IO_STRICT_DEVMEM) && (res->flags & IORESOURCE_BUSY)) ? 1 : 0;
}

static noinline int map_io(struct demo_map *m, u64 phys, u64 size)
{
	if (!size || phys + size < phys)
		return -EINVAL;
	m->npages = DIV_ROUND_UP(offset_in_page(phys) + size, PAGE_SIZE);
	if (m->npages > VMAPCTL_DEMO_MAX_PAGES)
		return -E2BIG;
	if (region_intersects(phys, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) != REGION_DISJOINT)
		return -EPERM;
	if (region_intersects(phys, size, IORESOURCE_MEM, IORES_DESC_NONE) != REGION_INTERSECTS)
		return -EINVAL;
	/* a range a driver holds (busy, exclusive): /dev/mem refuses it, so does the demo */
	if (walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_MEM | IORESOURCE_BUSY, phys, phys + size - 1,
				NULL, busy_res) == 1)
		return -EBUSY;
	m->io = ioremap(phys, size);
	if (!m->io)
		return -ENOMEM;
	m->phys = phys;
	m->size = size;
	m->addr = (void __force *)m->io;
	return 0;
}

static struct demo_map *find(u64 id)
{
	struct demo_map *m;

	list_for_each_entry(m, &maps, node)
		if (m->id == id)
			return m;
	return NULL;
}

static int check_map(const struct vmapctl_map *in)
{
	if (in->kind < 1 || in->kind > VMAPCTL_KIND_MAX || (in->flags & ~VMAPCTL_MAP_FLAGS) ||
	    in->id || in->addr || in->where || in->state)
		return -EINVAL;
	if (in->kind == VMAPCTL_KIND_IOREMAP)
		return in->pages ? -EINVAL : 0;
	if (in->phys || in->size || !in->pages)
		return -EINVAL;
	if (in->pages > VMAPCTL_DEMO_MAX_PAGES)
		return -E2BIG;
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 11, 0)
	if (in->kind == VMAPCTL_KIND_KMAP_LOCAL)
		return -EOPNOTSUPP;
#endif
	return 0;
}

static long do_map(struct file *file, void __user *uarg)
{
	struct vmapctl_map in, out;
	struct demo_map *m;
	int rc;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	rc = check_map(&in);
	if (rc)
		return rc;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->kind = in.kind;
	m->flags = in.flags;
	m->owner = (in.flags & VMAPCTL_MAP_KEEP) ? NULL : file;
	m->pid = (in.flags & VMAPCTL_MAP_KEEP) ? 0 : task_tgid_vnr(current);
	m->npages = in.kind == VMAPCTL_KIND_IOREMAP ? 0 : in.pages;

	mutex_lock(&maps_lock);
	rc = reserve_locked(m);
	mutex_unlock(&maps_lock);
	if (rc) {
		kfree(m);
		return rc;
	}
	/* made outside the lock: allocations, kmap() and ioremap() may sleep */
	rc = in.kind == VMAPCTL_KIND_IOREMAP ? map_io(m, in.phys, in.size) : map_pages(m);

	memset(&out, 0, sizeof(out));
	mutex_lock(&maps_lock);
	if (rc) {
		release_locked(m);
	} else {
		list_add_tail(&m->node, &maps);
		out.kind = m->kind;
		out.flags = m->flags;
		out.pages = in.pages;
		out.phys = in.phys;
		out.size = m->size;
		out.id = m->id;
		out.addr = (unsigned long)m->addr;
		out.where = where_of((unsigned long)m->addr);
		out.state = m->state;
	}
	mutex_unlock(&maps_lock);
	if (rc) {
		destroy(m);
		return rc;
	}
	if (copy_to_user(uarg, &out, sizeof(out)))
		return -EFAULT;	/* the mapping stays: INFO lists it, UNMAP undoes it */
	return 0;
}

static long do_unmap(void __user *uarg)
{
	struct vmapctl_unmap in;
	struct demo_map *m;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	if (in.reserved)
		return -EINVAL;
	mutex_lock(&maps_lock);
	m = find(in.id);
	if (m) {
		list_del(&m->node);
		release_locked(m);
	}
	mutex_unlock(&maps_lock);
	if (!m)
		return -ENOENT;
	destroy(m);
	return 0;
}

static void describe_page(const struct demo_map *m, unsigned long i, struct vmapctl_page *pg)
{
	struct page *p;

	memset(pg, 0, sizeof(*pg));
	if (m->kind == VMAPCTL_KIND_IOREMAP) {
		pg->addr = (unsigned long)m->io - offset_in_page(m->phys) + i * PAGE_SIZE;
		pg->phys = (m->phys & PAGE_MASK) + i * PAGE_SIZE;
		pg->pfn = pg->phys >> PAGE_SHIFT;
	} else {
		p = page_of(m, i);
		pg->addr = m->kaddr ? m->kaddr[i] : (unsigned long)m->addr + i * PAGE_SIZE;
		pg->pfn = page_to_pfn(p);
		pg->phys = page_to_phys(p);
		pg->highmem = PageHighMem(p);
	}
	pg->where = where_of(pg->addr);
}

/* id, or with NEXT the first live id >= id: under maps_lock */
static struct demo_map *find_info_locked(u64 id, bool next)
{
	struct demo_map *m = NULL, *it;

	list_for_each_entry(it, &maps, node) {
		if (it->id == id)
			return it;
		if (next && it->id > id && (!m || it->id < m->id))
			m = it;
	}
	return m;
}

static long do_info(void __user *uarg)
{
	struct vmapctl_info in, out;
	struct vmapctl_page *pages = NULL;
	struct demo_map *m;
	unsigned long i, n = 0;
	long rc = 0;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	if (in.flags & ~VMAPCTL_INFO_NEXT)
		return -EINVAL;
	if (in.pages_ptr && in.pages_cap) {	/* the answer is built here, copied out unlocked */
		pages = kvcalloc(min_t(u32, in.pages_cap, VMAPCTL_DEMO_MAX_PAGES), sizeof(*pages), GFP_KERNEL);
		if (!pages)
			return -ENOMEM;
	}

	mutex_lock(&maps_lock);
	m = find_info_locked(in.id, in.flags & VMAPCTL_INFO_NEXT);
	if (m) {
		memset(&out, 0, sizeof(out));
		out.id = m->id;
		out.flags = in.flags;
		out.pages_cap = in.pages_cap;
		out.pages_ptr = in.pages_ptr;
		out.kind = m->kind;
		out.map_flags = m->flags;
		out.addr = (unsigned long)m->addr;
		out.size = m->size;
		out.npages = m->npages;
		out.where = where_of((unsigned long)m->addr);
		out.state = m->state;
		out.owner_pid = m->pid;
		n = pages ? min_t(unsigned long, m->npages, min_t(u32, in.pages_cap, VMAPCTL_DEMO_MAX_PAGES)) : 0;
		for (i = 0; i < n; i++)
			describe_page(m, i, &pages[i]);
	}
	mutex_unlock(&maps_lock);

	if (!m)
		rc = -ENOENT;
	else if (n && copy_to_user(u64_to_user_ptr(in.pages_ptr), pages, n * sizeof(*pages)))
		rc = -EFAULT;
	else if (copy_to_user(uarg, &out, sizeof(out)))
		rc = -EFAULT;
	kvfree(pages);
	return rc;
}

static long do_read(void __user *uarg)
{
	struct vmapctl_read in;
	struct demo_map *m;
	char *buf;
	long rc = 0;

	if (copy_from_user(&in, uarg, sizeof(in)))
		return -EFAULT;
	if (!in.len || in.len > READ_MAX)
		return -EINVAL;
	buf = kvmalloc(in.len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&maps_lock);
	m = find(in.id);
	if (!m) {
		rc = -ENOENT;
		goto out;
	}
	if (in.offset >= m->size || in.len > m->size - in.offset) {
		rc = -EINVAL;
		goto out;
	}
	if (m->kind == VMAPCTL_KIND_IOREMAP) {
		memcpy_fromio(buf, m->io + in.offset, in.len);
	} else if (m->kind == VMAPCTL_KIND_KMAP || m->kind == VMAPCTL_KIND_KMAP_LOCAL) {
		/* page by page: kmap addresses are not contiguous; kmap_local ones
		 * are gone, so map each page again for the copy */
		u64 off = in.offset, done = 0;

		while (done < in.len) {
			unsigned long i = off / PAGE_SIZE, o = off % PAGE_SIZE;
			size_t c = min_t(u64, PAGE_SIZE - o, in.len - done);

			if (m->kind == VMAPCTL_KIND_KMAP) {
				memcpy(buf + done, (char *)m->kaddr[i] + o, c);
			} else {
				char *p = kmap_local_page(m->pages[i]);

				memcpy(buf + done, p + o, c);
				kunmap_local(p);
			}
			done += c;
			off += c;
		}
	} else {
		memcpy(buf, (char *)m->addr + in.offset, in.len);
	}
	mutex_unlock(&maps_lock);
	rc = copy_to_user(u64_to_user_ptr(in.buf_ptr), buf, in.len) ? -EFAULT : 0;
	kvfree(buf);
	return rc;
out:
	mutex_unlock(&maps_lock);
	kvfree(buf);
	return rc;
}

static long do_layout(void __user *uarg)
{
	struct vmapctl_layout l;

	memset(&l, 0, sizeof(l));
	l.page_offset = PAGE_OFFSET;
	l.high_memory = (unsigned long)high_memory;
	l.vmalloc_start = VMALLOC_START;
	l.vmalloc_end = VMALLOC_END;
#ifdef CONFIG_HIGHMEM
	l.pkmap_base = PKMAP_BASE;
	l.pkmap_end = PKMAP_ADDR(LAST_PKMAP);
	l.highmem = 1;
#endif
#ifdef CONFIG_X86
	l.fixaddr_start = FIXADDR_START;
	l.fixaddr_top = FIXADDR_TOP;
#endif
	l.page_size = PAGE_SIZE;
	l.bits = BITS_PER_LONG;
	return copy_to_user(uarg, &l, sizeof(l)) ? -EFAULT : 0;
}

/*
 * One allocation of the vmalloc area that cannot succeed: ioremap() of size
 * bytes at a physical address above every byte of RAM and every device
 * (half the CPU's physical address space), so nothing could be mapped even
 * if the area were granted. noinline: the function a stack names.
 */
static noinline int demo_overask(u64 size, u64 *phys)
{
	void __iomem *io;

#ifdef CONFIG_X86
	*phys = 1ULL << (boot_cpu_data.x86_phys_bits - 1);
#else
	return -EOPNOTSUPP;
#endif
	if (!size || *phys + size < *phys || size > ULONG_MAX)
		return -EINVAL;
	/* no RAM and no device a driver holds (a bridge's window may span it: nothing is touched) */
	if (region_intersects(*phys, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) != REGION_DISJOINT ||
	    walk_iomem_res_desc(IORES_DESC_NONE, IORESOURCE_MEM | IORESOURCE_BUSY, *phys, *phys + size - 1,
				NULL, busy_res) == 1)
		return -EBUSY;
	io = ioremap(*phys, (unsigned long)size);
	if (!io)
		return -ENOMEM;
	iounmap(io);
	return 0;
}

static long do_overask(void __user *uarg)
{
	struct vmapctl_overask o;

	if (copy_from_user(&o, uarg, sizeof(o)))
		return -EFAULT;
	if (o.reserved || o.phys || o.area || o.result)
		return -EINVAL;
	/* x86_64's VMALLOC_END is the area's last byte, i386's the end: whole pages either way */
	o.area = PAGE_ALIGN(VMALLOC_END - VMALLOC_START);
	if (!o.size)
		o.size = o.area + PAGE_SIZE;
	/* no lock held: ioremap() sleeps */
	o.result = demo_overask(o.size, &o.phys);
	if (o.result == -EINVAL || o.result == -EOPNOTSUPP)
		return o.result;
	return copy_to_user(uarg, &o, sizeof(o)) ? -EFAULT : 0;
}

static long demo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VMAPCTL_IOC_MAP:
		return do_map(file, uarg);
	case VMAPCTL_IOC_UNMAP:
		return do_unmap(uarg);
	case VMAPCTL_IOC_INFO:
		return do_info(uarg);
	case VMAPCTL_IOC_READ:
		return do_read(uarg);
	case VMAPCTL_IOC_LAYOUT:
		return do_layout(uarg);
	case VMAPCTL_IOC_OVERASK:
		return do_overask(uarg);
	default:
		return -ENOTTY;
	}
}

/* Take mappings out of the table (those of owner, or all) and destroy them. */
static void reap(const struct file *owner, bool all)
{
	struct demo_map *m, *t;
	LIST_HEAD(dead);

	mutex_lock(&maps_lock);
	list_for_each_entry_safe(m, t, &maps, node) {
		if (all || m->owner == owner) {
			list_move(&m->node, &dead);
			release_locked(m);
		}
	}
	mutex_unlock(&maps_lock);
	list_for_each_entry_safe(m, t, &dead, node)
		destroy(m);
}

/* The file's own mappings die with it: a crashed caller leaks nothing. */
static int demo_release(struct inode *inode, struct file *file)
{
	reap(file, false);
	return 0;
}

static const struct file_operations demo_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = demo_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.release = demo_release,
	.llseek = noop_llseek,
};

static struct miscdevice demo_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vmapctl_demo",
	.fops = &demo_fops,
	.mode = 0600,
};

/* ---- the samples of the load-time parameter ------------------------------ */

static bool samples;
module_param(samples, bool, 0444);
MODULE_PARM_DESC(samples, "make one vmalloc, vmap and vm_map_ram mapping (KEEP) at load");

static noinline int make_samples(void)
{
	static const u32 kinds[] = { VMAPCTL_KIND_VMALLOC, VMAPCTL_KIND_VMAP, VMAPCTL_KIND_VM_MAP_RAM };
	int i, rc;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		struct demo_map *m = kzalloc(sizeof(*m), GFP_KERNEL);

		if (!m)
			return -ENOMEM;
		m->kind = kinds[i];
		m->flags = VMAPCTL_MAP_KEEP;
		m->npages = 4;
		/* at load: nothing else runs here yet */
		rc = reserve_locked(m);
		if (rc) {
			kfree(m);
			return rc;
		}
		rc = map_pages(m);
		if (rc) {
			release_locked(m);
			destroy(m);
			return rc;
		}
		list_add_tail(&m->node, &maps);
	}
	return 0;
}

static int __init vmapctl_demo_init(void)
{
	int rc;

	if (samples) {
		rc = make_samples();
		if (rc) {
			reap(NULL, true);
			return rc;
		}
	}
	rc = misc_register(&demo_dev);
	if (rc)
		reap(NULL, true);
	return rc;
}

static void __exit vmapctl_demo_exit(void)
{
	misc_deregister(&demo_dev);
	reap(NULL, true);	/* KEEP mappings included: rmmod leaves nothing behind */
}

module_init(vmapctl_demo_init);
module_exit(vmapctl_demo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmapctl companion: make kernel mappings to watch");
