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

# kernel_at_least MAJOR MINOR: the running kernel is that version or newer
kernel_at_least() {
	local v maj min
	v=$(uname -r)
	maj=${v%%.*} v=${v#*.} min=${v%%[!0-9]*}
	[ "$maj" -gt "$1" ] || { [ "$maj" -eq "$1" ] && [ "$min" -ge "$2" ]; }
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

# fit against summary's largest hole LARGEST of source SRC (kernel or text): LARGEST less
# its guard page fits, in that very hole; LARGEST (a page more) does not; without the
# guard page LARGEST fits and a page more does not
assert_fit_bounds() {	# assert_fit_bounds LARGEST SRC
	local largest=$1 src=$2
	run --separate-stderr vmapctl fit $((largest - 4096)) -J -b -o FITS,NEEDS,HOLE-SIZE,SOURCE
	assert_success
	jq -e --argjson l "$largest" --arg s "$src" \
		'.fit | .fits == true and .needs == $l and .["hole-size"] == $l and .source == $s' <<<"$output"
	run --separate-stderr vmapctl fit "$largest"
	assert_failure 1
	run --separate-stderr vmapctl fit --no-guard "$largest"
	assert_success
	run --separate-stderr vmapctl fit --no-guard $((largest + 4096))
	assert_failure 1
}
