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

# The kernels the 64-bit guests boot, oldest first, and where each comes from:
#   5.10    bullseye (LTS), built with gcc-10: its module is built in a bullseye
#           build root (below)
#   6.1     bookworm, the host's own: its headers installed by make vm-deps
#   6.12    bookworm-backports, gcc-12 as the host: headers and kbuild unpacked
#   newest  trixie-backports' kernel (7.3 today), gcc-14: a trixie build root
# Each guest's kernel is downloaded and unpacked under build/vm, never installed.
VM_KERNELS="5.10 6.1 6.12 newest"

# vm_out KVER: the folder of that kernel's guest (6.1 keeps build/vm itself)
vm_out() {
	case $1 in
	6.1) echo "$VMDIR" ;;
	5.10|6.12|newest) echo "$VMDIR/$1" ;;
	*) die "unknown kernel $1 (one of: $VM_KERNELS)" ;;
	esac
}

# vm_suite KVER: the Debian suite whose linux-image-amd64 that guest boots
vm_suite() {
	case $1 in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo bookworm-backports ;;
	newest) echo trixie-backports ;;
	*) die "unknown kernel $1 (one of: $VM_KERNELS)" ;;
	esac
}

# vm_root_suites KVER: for a kernel built by another gcc than the host's, the
# suites of the build root its module is built in (mmdebstrap); else nothing
vm_root_suites() {
	case $1 in
	5.10) echo bullseye ;;
	newest) echo trixie trixie-backports ;;
	esac
}

MIRROR=http://deb.debian.org/debian
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# One suite's index in a private apt state: the host's sources stay as they are.
suite_apt() {	# suite_apt SUITE COMMAND ARGS: apt-get with that suite only
	local d=$VMDIR/apt/$1
	shift
	apt-get -q -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$d/lists" -o Dir::Cache::Archives="$d/archives" \
		-o Dir::State::status=/dev/null -o Debug::NoLocking=1 "$@"
}
suite_update() {	# suite_update SUITE: its index, fetched once a day at most
	local d=$VMDIR/apt/$1
	mkdir -p "$d/lists/partial" "$d/archives/partial"
	echo "deb [signed-by=$KEYRING] $MIRROR $1 main" > "$d/sources.list"
	if [ -z "$(find "$d/lists" -name "*_$1_*Packages*" -mtime -1 2>/dev/null)" ]; then
		suite_apt "$1" update >&2 || die "cannot fetch $1's index from $MIRROR"
	fi
}

# vm_abi_suite SUITE: the ABI of that suite's linux-headers-amd64 (e.g.
# 6.12.95+deb12-amd64): the linux-headers-ABI package it depends on
vm_abi_suite() {
	local d=$VMDIR/apt/$1 dep
	dep=$(apt-cache -o Dir::Etc::SourceList="$d/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$d/lists" -o Dir::State::status=/dev/null \
		show linux-headers-amd64 2>/dev/null | sed -n 's/^Depends: //p')	# all read: no SIGPIPE under pipefail
	dep=${dep%%$'\n'*}	# the first version's
	dep=$(echo "$dep" | tr ',' '\n' | sed -n 's/^ *linux-headers-\([0-9][^ ]*\).*/\1/p' | head -n 1)
	[ -n "$dep" ] || die "no linux-headers-amd64 in $1's index (tests/vm/prepare fetches it)"
	echo "$dep"
}

# vm_kernel_abi KVER: the ABI the guest of that kernel boots
vm_kernel_abi() {
	case $1 in
	6.1) vm_abi ;;
	*) vm_abi_suite "$(vm_suite "$1")" ;;
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

# vm_buildroot KVER ABI: a system of the kernel's own release with its headers
# and dkms (mmdebstrap), where its module is built by that release's gcc; made
# again only when the ABI changes. Prints its path.
vm_buildroot() {
	local kver=$1 abi=$2 root=$VMDIR/root-$1 s srcs=()
	if [ "$(cat "$root.abi" 2>/dev/null)" != "$abi" ]; then
		command -v mmdebstrap >/dev/null || die "mmdebstrap is missing (make vm-deps installs it)"
		rm -rf "$root" "$root.abi"
		for s in $(vm_root_suites "$kver"); do srcs+=("deb [signed-by=$KEYRING] $MIRROR $s main"); done
		say "a $(vm_root_suites "$kver") build root for $abi (mmdebstrap)"
		mmdebstrap -q --variant=apt --include="linux-headers-$abi,dkms" \
			"$(vm_root_suites "$kver" | cut -d' ' -f1)" "$root" "${srcs[@]}" > "$root.log" 2>&1 ||
			{ tail -n 20 "$root.log" >&2; rm -rf "$root"; die "mmdebstrap failed for $abi (log: $root.log)"; }
		echo "$abi" > "$root.abi"
	fi
	echo "$root"
}

# in_root ROOT CMD...: CMD in that build root, with /proc and /dev as dpkg and
# dkms want them (mounted in a mount namespace of its own: gone when it ends)
in_root() {
	local root=$1
	shift
	unshare --mount --fork sh -c 'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" && exec chroot "$0" "$@"' \
		"$root" "$@"
}

# vm_dkms_root ROOT ABI: the vmapctl-dkms package installed in that build root
# (dpkg -i: its postinst adds the module to DKMS), the module built and
# installed for ABI as the kernel's own dkms hook does; again when the package
# changed. Prints the module's updates/ folder.
vm_dkms_root() {
	local root=$1 abi=$2 deb version sum
	deb=$(vm_deb vmapctl-dkms)
	version=$(dpkg-deb -f "$deb" Version)
	sum=$(sha256sum < "$deb" | cut -d' ' -f1)
	if [ "$(cat "$root/vmapctl-dkms.sum" 2>/dev/null)" != "$sum" ]; then
		in_root "$root" dpkg --purge vmapctl-dkms > "$root/vmapctl-dkms.log" 2>&1 || true
		cp "$deb" "$root/tmp/vmapctl-dkms.deb"
		in_root "$root" dpkg -i /tmp/vmapctl-dkms.deb >> "$root/vmapctl-dkms.log" 2>&1 ||
			{ cat "$root/vmapctl-dkms.log" >&2; die "installing vmapctl-dkms failed in the $abi build root"; }
		if ! in_root "$root" dkms status -m vmapctl_demo -v "$version" -k "$abi" | grep -q installed; then
			in_root "$root" dkms install -m vmapctl_demo -v "$version" -k "$abi" >> "$root/vmapctl-dkms.log" 2>&1 ||
				{ cat "$root/vmapctl-dkms.log" >&2; die "dkms install failed for $abi"; }
		fi
		echo "$sum" > "$root/vmapctl-dkms.sum"
	fi
	[ -d "$root/lib/modules/$abi/updates" ] || die "dkms installed no module in the $abi build root"
	echo "$root/lib/modules/$abi/updates"
}

# vm_install_module ROOT ABI UPDATES KERNEL_DIR: the DKMS-installed module
# (UPDATES: the updates/ folder DKMS installed it in) in the guest's
# /lib/modules/ABI/updates/dkms, with the kernel package's lists of its modules
# and modules.dep as depmod makes it.
vm_install_module() {
	local root=$1 abi=$2 upd=$3 kd=$4 f
	mkdir -p "$root/lib/modules/$abi"
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$kd/lib/modules/$abi/$f" "$root/lib/modules/$abi/"
	done
	cp -a "$upd" "$root/lib/modules/$abi/"
	depmod -b "$root" "$abi" || die "depmod failed for $abi"
	[ -s "$root/lib/modules/$abi/modules.dep.bin" ] || die "depmod made no modules.dep.bin"
}
