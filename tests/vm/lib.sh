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

# The kernels the 64-bit guests boot: Debian's 6.1 (bookworm, its headers
# installed by make vm-deps) and 6.12 (bookworm-backports: image, headers and
# kbuild downloaded and unpacked under $VMDIR/6.12, never installed).
VM_KERNELS="6.1 6.12"

# vm_out KVER: the folder of that kernel's guest (6.1 keeps build/vm itself)
vm_out() {
	case $1 in
	6.1) echo "$VMDIR" ;;
	6.12) echo "$VMDIR/6.12" ;;
	*) die "unknown kernel $1 (one of: $VM_KERNELS)" ;;
	esac
}

# bookworm-backports, in a private apt state: the host's sources stay as they are
BPO_DIR=$VMDIR/bpo
bpo_apt() {	# bpo_apt COMMAND ARGS: apt-get with backports only
	apt-get -q -o Dir::Etc::SourceList="$BPO_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$BPO_DIR/lists" -o Dir::Cache::Archives="$BPO_DIR/archives" \
		-o Debug::NoLocking=1 "$@"
}
bpo_update() {	# the backports index, fetched once a day at most
	mkdir -p "$BPO_DIR/lists/partial" "$BPO_DIR/archives/partial"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main" \
		> "$BPO_DIR/sources.list"
	if [ -z "$(find "$BPO_DIR/lists" -name '*backports*Packages*' -mtime -1 2>/dev/null)" ]; then
		bpo_apt update >&2 || die "cannot fetch bookworm-backports' index from deb.debian.org"
	fi
}

# The ABI of backports' linux-headers-amd64 (e.g. 6.12.95+deb12-amd64): what it depends on.
vm_abi_bpo() {
	local dep
	dep=$(apt-cache -o Dir::Etc::SourceList="$BPO_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$BPO_DIR/lists" -o Dir::State::status=/dev/null \
		show linux-headers-amd64 2>/dev/null | sed -n 's/^Depends: //p')	# all read: no SIGPIPE under pipefail
	dep=${dep%%$'\n'*}	# the first version's
	dep=${dep%% *}
	dep=${dep%,}
	[ -n "$dep" ] || die "no linux-headers-amd64 in bookworm-backports' index (tests/vm/prepare --kernel 6.12 fetches it)"
	echo "${dep#linux-headers-}"
}

# vm_kernel_abi KVER: the ABI the guest of that kernel boots
vm_kernel_abi() {
	case $1 in
	6.1) vm_abi ;;
	6.12) vm_abi_bpo ;;
	*) die "unknown kernel $1 (one of: $VM_KERNELS)" ;;
	esac
}

# The same for the 32-bit guest: Debian's 686-pae kernel (i386 packages).
vm_abi_i386() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' linux-headers-686-pae:i386 2>/dev/null) ||
		die "linux-headers-686-pae:i386 is not installed (run: make vm-deps)"
	dep=${dep%% *}
	echo "${dep#linux-headers-}"
}

# The packages `make deb` built (build/deb), as a user would download them.
vm_deb() {	# vm_deb NAME: the path of that package's .deb
	local f
	f=$(ls "$TOP"/build/deb/"$1"_*.deb 2>/dev/null | head -n 1) || true
	[ -n "$f" ] || die "no $1 package in build/deb (make deb builds it)"
	echo "$f"
}

# vm_dkms ABI DIR [KDIR]: the module as installing the vmapctl-dkms package
# builds it: its files unpacked (dpkg -x), then the dkms add, build and install
# that its postinst runs (through dkms' common.postinst) for kernel ABI (its
# headers: KDIR, else /lib/modules/ABI/build), in private trees under DIR: the
# host's own DKMS state and /lib/modules stay untouched. Rebuilt when the
# package changed. Prints DIR.
vm_dkms() {
	local abi=$1 dk=$2 kdir=${3:-} deb version sum step kv flags
	deb=$(vm_deb vmapctl-dkms)
	version=$(dpkg-deb -f "$deb" Version)
	sum=$(cat "$deb" | sha256sum | cut -d' ' -f1)
	if [ "$(cat "$dk/sum" 2>/dev/null)" != "$sum" ]; then
		rm -rf "$dk" && mkdir -p "$dk/dkms" "$dk/install/$abi" "$dk/pkg"
		dpkg -x "$deb" "$dk/pkg"
		[ -f "$dk/pkg/usr/src/vmapctl_demo-$version/dkms.conf" ] || die "$deb has no /usr/src/vmapctl_demo-$version/dkms.conf"
		flags=(--sourcetree "$dk/pkg/usr/src" --dkmstree "$dk/dkms" --installtree "$dk/install")
		for step in add build install; do
			kv=(-k "$abi"); [ $step = add ] && kv=()
			# headers unpacked elsewhere than /lib/modules/ABI/build (6.12)
			[ $step != add ] && [ -n "$kdir" ] && kv+=(--kernelsourcedir "$kdir")
			# the guest's modules.dep is made by vm_install_module (depmod -b), not on the host
			[ $step = install ] && kv+=(--no-depmod)
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
