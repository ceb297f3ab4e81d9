#!/usr/bin/env bats
# Lines of values no kernel prints, in a real capture: each is named
# (FILE:LINE: why) and skipped, --strict fails, the totals are the other lines',
# and the addresses of the valid lines stay real.
load helper

setup() {
	d=$BATS_TEST_TMPDIR/cap
	cp -r "$FIX/host-6.18-real" "$d"
	vmi=$d/proc/vmallocinfo
	orig=$BATS_TEST_TMPDIR/orig
	cp "$vmi" "$orig"
	n=$(wc -l < "$orig")
	a=0xffffc90000000000
	# SIZE 2^64-1; pages= more than SIZE holds; END below START; SIZE not END-START; SIZE 0
	printf '%s\n' \
		"$a-0xffffc90000001000 18446744073709551615 vmalloc" \
		"0xffffc90000002000-0xffffc90000003000 4096 foo+0x1/0x2 pages=9 vmalloc" \
		"0xffffc90000005000-0xffffc90000004000 4096 vmalloc" \
		"0xffffc90000006000-0xffffc90000007000 8192 vmalloc" \
		"0xffffc90000008000-0xffffc90000008000 0 vmalloc" >> "$vmi"
}

@test "bad values: each impossible line named by its number and skipped" {
	run --separate-stderr "$VMAPCTL" summary -s "$d" -J
	assert_success
	for i in 1 2 3 4 5; do
		[[ "$stderr" == *"vmallocinfo:$((n + i)): malformed line skipped"* ]]
	done
	assert_equal "$(grep -c 'malformed line skipped' <<<"$stderr")" 5
	# the totals are the valid lines' own
	assert_equal "$(jq '.vmalloc.regions' <<<"$output")" "$n"
	assert_equal "$(jq '.vmalloc.size' <<<"$output")" "$(awk '{ s += $2 } END { printf "%d", s }' "$orig")"
	jq -e '[.types[].percent] | all(. >= 0 and . <= 100)' <<<"$output"
	run --separate-stderr "$VMAPCTL" summary -s "$d" --strict
	assert_failure
}

@test "bad values: one bad line is one bad line, the addresses stay real" {
	run --separate-stderr "$VMAPCTL" list -a -s "$d" -n -r -o START
	assert_success
	assert_equal "$output" "$(cut -d- -f1 "$orig" | sort)"
	[[ "$stderr" != *hashed* ]]
	run --separate-stderr "$VMAPCTL" fit 4K -s "$d"
	assert_success
	run --separate-stderr "$VMAPCTL" metrics -s "$d"
	assert_success
	assert_line "vmapctl_vmalloc_all_regions_bytes $(awk '{ s += $2 } END { printf "%d", s }' "$orig")"
}
