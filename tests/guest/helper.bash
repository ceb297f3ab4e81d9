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

# skip_unless_hashing: skip a test of hashed addresses in a boot that prints them
# unhashed: slub_debug (the suite's core and 32-bit boots) turns pointer hashing
# off, as no_hash_pointers does; the full pass's boots test it
skip_unless_hashing() {
	if grep -qE '(^| )(slub_debug|no_hash_pointers)' /proc/cmdline; then
		skip "pointer hashing is off in this boot (slub_debug): the full pass tests it"
	fi
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

# fit against the largest hole LARGEST of source SRC (kernel or text), which an
# independent walk puts in [LO, HI): LARGEST less its guard page fits, in that very hole
# (the fit's hole lies in [LO, HI) and it starts at the hole); LARGEST (a page more) does
# not; without the guard page LARGEST fits and a page more does not
assert_fit_bounds() {	# assert_fit_bounds LARGEST SRC LO HI
	local largest=$1 src=$2 lo=$(($3)) hi=$(($4)) hole start
	run --separate-stderr vmapctl fit $((largest - 4096)) -J -b -o FITS,NEEDS,HOLE-SIZE,SOURCE,START,HOLE
	assert_success
	jq -e --argjson l "$largest" --arg s "$src" \
		'.fit | .fits == true and .needs == $l and .["hole-size"] == $l and .source == $s' <<<"$output"
	# in that hole: the walk's, and at its start
	hole=$(($(jq -r '.fit.hole' <<<"$output"))) start=$(($(jq -r '.fit.start' <<<"$output")))
	[ $((hole - lo)) -ge 0 ] && [ $((hi - hole - largest)) -ge 0 ] || { echo "hole: $output; walk: [$lo, $hi)"; return 1; }
	[ "$start" -eq "$hole" ] || { echo "start: $output"; return 1; }
	run --separate-stderr vmapctl fit "$largest"
	assert_failure 1
	run --separate-stderr vmapctl fit --no-guard "$largest"
	assert_success
	run --separate-stderr vmapctl fit --no-guard $((largest + 4096))
	assert_failure 1
}

# "START END" of every line of /proc/vmallocinfo (busy and lazily freed areas), sorted
# (equal-width hex sorts as text); real addresses with kptr_restrict=1, as root
text_ranges() {
	awk '{ split($1, r, "-"); print r[1], r[2] }' /proc/vmallocinfo | LC_ALL=C sort
}

# walk_largest_hole LO HI: the lowest of the largest free holes of [LO, HI) between the
# ranges on stdin ("START END", sorted), by bash's 64-bit arithmetic, independently of
# vmapctl: prints "START SIZE" (START as a number)
walk_largest_hole() {
	local lo=$(($1)) hi=$(($2)) cur best=0 at=0 s e
	hi=$((lo + (hi - lo + 4095) / 4096 * 4096))	# x86_64's VMALLOC_END is the last byte
	cur=$lo
	while read -r s e; do
		s=$((s)) e=$((e))
		[ $((hi - s)) -gt 0 ] && [ $((e - lo)) -gt 0 ] || continue	# outside the area
		if [ $((s - cur)) -gt "$best" ]; then best=$((s - cur)) at=$cur; fi
		[ $((e - cur)) -gt 0 ] && cur=$e
	done
	if [ $((hi - cur)) -gt "$best" ]; then best=$((hi - cur)) at=$cur; fi
	echo "$at $best"
}

# the vmalloc area's [start, end) as the module reports them (VMALLOC_START, VMALLOC_END)
module_vmalloc_bounds() {
	vmapctl demo bounds -J | jq -r '.bounds[] | select(.area == "vmalloc") | "\(.start) \(.end)"'
}

# the largest hole of the text's areas in the module's vmalloc bounds, walked twice until
# two walks agree (no area came or went between them): "START SIZE"
stable_largest_hole() {
	local lo hi a b try
	read -r lo hi < <(module_vmalloc_bounds)
	[ -n "$hi" ] || return 1
	for try in 1 2 3 4 5; do
		a=$(text_ranges | walk_largest_hole "$lo" "$hi")
		b=$(text_ranges | walk_largest_hole "$lo" "$hi")
		[ "$a" = "$b" ] && { echo "$a"; return 0; }
	done
	return 1
}

# the line of /proc/vmallocinfo whose range holds ADDR, if any
area_at() {	# area_at ADDR
	local a=$(($1)) s e l
	while read -r l; do
		s=${l%%-*} e=${l#*-}; e=${e%% *}
		if [ $((a - s)) -ge 0 ] && [ $((e - a)) -gt 0 ]; then echo "$l"; return 0; fi
	done < /proc/vmallocinfo
	return 1
}
