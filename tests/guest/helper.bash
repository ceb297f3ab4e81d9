# Shared set-up of the guest tests (run as root inside the VM).
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

MODULE_KO=/vmapctl/vmapctl_demo.ko
KO=$MODULE_KO

# Each test reads real addresses and leaves no module behind (a file may override).
setup() {
	sysctl -q -w kernel.kptr_restrict=1
}

teardown() {
	unload_module
}

module_loaded() {
	grep -q '^vmapctl_demo ' /proc/modules
}

unload_module() {
	if module_loaded; then rmmod vmapctl_demo; fi
}

edu_bar() {	# the physical address of qemu's edu device's BAR 0
	local d start
	for d in /sys/bus/pci/devices/*; do
		if [ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1234:0x11e8 ]; then
			read -r start _ < "$d/resource"
			echo "$start"
			return
		fi
	done
	return 1
}
