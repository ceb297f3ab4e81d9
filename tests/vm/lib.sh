# Common settings of the VM harness (sourced).
set -euo pipefail
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VMDIR=${VMDIR:-$TOP/build/vm}

die() { echo "vm: $*" >&2; exit 1; }
say() { echo "vm: $*" >&2; }

# The Debian kernel ABI (e.g. 6.1.0-56-amd64) of the installed linux-headers-amd64:
# image and headers must match, and the archive keeps only the current ABI.
vm_abi() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-amd64 2>/dev/null) ||
		die "linux-headers-amd64 is not installed (run: make vm-deps)"
	dep=${dep%% *}
	echo "${dep#linux-headers-}"
}

# The same for the 32-bit guest: Debian's 686-pae kernel (i386 packages).
vm_abi_i386() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-686-pae:i386 2>/dev/null) ||
		die "linux-headers-686-pae:i386 is not installed (run: make vm-deps)"
	dep=${dep%% *}
	echo "${dep#linux-headers-}"
}

# vm_dkms ABI DIR: `make dkms-source` and dkms add, build, install for kernel
# ABI (its headers' /lib/modules/ABI/build), in private trees under DIR, as
# `make dkms-install` does on a real system; rebuilt when the module changed.
# Prints DIR.
vm_dkms() {
	local abi=$1 dk=$2 version sum step kv flags
	version=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
	sum=$(cat "$TOP/src/kmod/Kbuild" "$TOP/src/kmod/vmapctl_demo.c" "$TOP/src/uapi/vmapctl_demo.h" \
		"$TOP/src/kmod/dkms.conf.in" "$TOP/Makefile" | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$dk/sum" 2>/dev/null)" != "$sum" ]; then
		rm -rf "$dk" && mkdir -p "$dk/dkms" "$dk/install/$abi"
		make -s -C "$TOP" dkms-source DKMS_SRC="$dk/src/vmapctl_demo-$version" >&2
		flags=(--sourcetree "$dk/src" --dkmstree "$dk/dkms" --installtree "$dk/install")
		for step in add build install; do
			kv=(-k "$abi"); [ $step = add ] && kv=()
			dkms $step "${flags[@]}" -m vmapctl_demo -v "$version" "${kv[@]}" > "$dk/$step.log" 2>&1 ||
				{ cat "$dk/$step.log" >&2; die "dkms $step failed for $abi"; }
		done
		echo "$sum" > "$dk/sum"
	fi
	echo "$dk"
}

# vm_install_module ROOT ABI DKMS_DIR KERNEL_DIR: the DKMS-installed module in
# the guest's /lib/modules/ABI/updates/dkms, with the kernel package's lists of
# its modules and modules.dep as depmod makes it.
vm_install_module() {
	local root=$1 abi=$2 dk=$3 kd=$4 f
	mkdir -p "$root/lib/modules/$abi"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$kd/lib/modules/$abi/$f" "$root/lib/modules/$abi/"
	done
	cp -a "$dk/install/$abi/updates" "$root/lib/modules/$abi/"
	depmod -b "$root" "$abi" || die "depmod failed for $abi"
	[ -s "$root/lib/modules/$abi/modules.dep.bin" ] || die "depmod made no modules.dep.bin"
}
