#!/usr/bin/env bats
# vmapctl fit from the text of a capture: the estimate, against summary's holes.
load helper

@test "fit (text): the largest hole less its guard page fits, in that hole, a page more does not; exit 0 and 1" {
	local f=$FIX/guest-6.1-qemu64-real
	# the largest hole and where it starts, by an independent walk of the ranges
	read -r at largest <<<"$(largest_hole_walk "$f")"
	[ "$largest" -gt 8192 ]
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" -J -b -o +START,HOLE $((largest - 4096))
	assert_success
	jq -e --argjson l "$largest" --arg at "$at" \
		'.fit | .fits == true and .needs == $l and .["hole-size"] == $l and .source == "text" and .hole == $at and .start == $at' <<<"$output"
	[[ "$stderr" == *"an estimate"* ]]
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" "$largest"
	assert_failure 1
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" --no-guard "$largest"
	assert_success
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" --no-guard $((largest + 4096))
	assert_failure 1
}

@test "fit (text): a small request goes to the lowest hole it fits in, as a walk of the ranges finds it" {
	local f n
	for f in "$FIX/guest-6.1-qemu64-real" "$FIX/host-6.18-real" "$FIX/guest-6.12-max-real"; do
		for n in 4096 16384 65536 1048576; do
			read -r start hole size <<<"$(first_fit_walk "$f" $((n + 4096)))"
			[ -n "$start" ]
			run --separate-stderr "$VMAPCTL" fit --sysroot "$f" -q -J -b -o FITS,START,HOLE,HOLE-SIZE "$n"
			assert_success
			jq -e --arg s "$start" --arg h "$hole" --argjson z "$size" \
				'.fit | .fits and .start == $s and .hole == $h and .["hole-size"] == $z' <<<"$output" ||
				{ echo "$f $n: walk $start $hole $size"; return 1; }
		done
	done
}

@test "fit (text): unpurged areas are free after a purge, not before" {
	local f=$BATS_TEST_TMPDIR/cap
	mkdir -p "$f/proc"
	cp "$FIX/guest-6.1-qemu64-real/proc/meminfo" "$f/proc/"
	# two busy areas with an 8 KiB lazily freed one between them, the rest of the area beyond
	printf '%s\n' \
		'0xffffc90000000000-0xffffc90000002000    8192 a+0x1/0x2 pages=1 vmalloc' \
		'0xffffc90000004000-0xffffc90000006000    8192 b+0x1/0x2 pages=1 vmalloc' \
		'0xffffc90000002000-0xffffc90000004000    8192 unpurged vm_area' > "$f/proc/vmallocinfo"
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" -J -o FITS,START,AFTER-PURGE,PURGE-START 4K
	assert_success
	jq -e '.fit | .fits and .start == "0xffffc90000006000" and .["after-purge"] and .["purge-start"] == "0xffffc90000002000"' <<<"$output"
}

@test "fit: hashed addresses cannot tell where (exit 2); a bad size is a usage error" {
	run --separate-stderr "$VMAPCTL" fit --sysroot "$FIX/host-6.18-hashed" 4K
	assert_failure 2
	[[ "$stderr" == *"hashed"* ]]
	run "$VMAPCTL" fit 4Q
	assert_failure 64
	run "$VMAPCTL" fit 4K --align 3K
	assert_failure 64
}

@test "fit (text): a 32-bit kernel has no module area of its own: --area modules is an error, as map's, not a fit at x86_64's" {
	local f=$BATS_TEST_TMPDIR/s32
	mkdir -p "$f/proc"
	printf '%s\n' \
		'0xf7800000-0xf7802000    8192 a+0x1/0x2 pages=1 vmalloc' \
		'0xf7804000-0xf7806000    8192 b+0x1/0x2 pages=1 vmalloc' > "$f/proc/vmallocinfo"
	printf 'MemTotal:  1000000 kB\nVmallocTotal:     122880 kB\n' > "$f/proc/meminfo"
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" --area modules -J 4K
	assert_failure 2
	assert_output ''
	[[ "$stderr" == *"32-bit kernel keeps its modules in the vmalloc area"* ]]
	run --separate-stderr "$VMAPCTL" map --sysroot "$f" --area modules
	assert_failure 1
	[[ "$stderr" == *"32-bit kernel keeps its modules in the vmalloc area"* ]]
	# the vmalloc area: in the hole between the two
	run --separate-stderr "$VMAPCTL" fit --sysroot "$f" -J -o FITS,START 4K
	assert_success
	jq -e '.fit | .fits and .start == "0xf7802000"' <<<"$output"
}
