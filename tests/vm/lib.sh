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
