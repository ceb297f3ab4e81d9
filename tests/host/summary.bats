#!/usr/bin/env bats
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "summary: per-type regions and bytes match an independent count" {
	local f=$FIX/host-6.18-real
	paste <(awk_types "$f/proc/vmallocinfo") <(awk '{ print $2 }' "$f/proc/vmallocinfo") |
		awk '{ n[$1]++; s[$1] += $2 } END { for (t in n) print t, n[t], s[t] }' | sort > want
	run --separate-stderr "$VMAPCTL" summary --sysroot "$f" -J
	assert_success
	jq -r '.types[] | "\(.name) \(.regions) \(.size)"' <<<"$output" | sort > got
	diff -u want got
}

@test "summary: pages per type are the sum of pages=" {
	local f=$FIX/host-6.18-real
	want=$(grep -o 'pages=[0-9]*' "$f/proc/vmallocinfo" | cut -d= -f2 | awk '{ s += $1 } END { print s }')
	run --separate-stderr "$VMAPCTL" summary --sysroot "$f" -J
	assert_success
	assert_equal "$(jq '[.types[].pages] | add' <<<"$output")" "$want"
}

@test "summary: VmallocTotal and VmallocUsed come from meminfo" {
	local f=$FIX/host-6.18-real
	want=$(( $(awk "/^VmallocTotal:/ { print \$2 }" "$f/proc/meminfo") * 1024 ))
	run "$VMAPCTL" summary --sysroot "$f" -J
	assert_success
	jq -e ".vmalloc[\"vmalloc-total\"] == $want" <<<"$output"
	want=$(( $(awk "/^VmallocUsed:/ { print \$2 }" "$f/proc/meminfo") * 1024 ))
	jq -e ".vmalloc[\"vmalloc-used\"] == $want" <<<"$output"
}

@test "summary: largest hole with real addresses matches an independent walk" {
	run summary_holes "$FIX/host-6.18-real"
	assert_success
	assert_equal "$output" "$(holes_walk "$FIX/host-6.18-real")"
}

@test "summary: no hole figures from hashed addresses" {
	run --separate-stderr "$VMAPCTL" summary --sysroot "$FIX/host-6.18-hashed" -J
	assert_success
	jq -e '.vmalloc["largest-hole"] == null and .vmalloc.holes == null' <<<"$output"
	[[ "$stderr" == *"hashed"* ]]
}

@test "summary: top callers, grouped by function, biggest first" {
	run "$VMAPCTL" summary --sysroot "$FIX/host-6.18-real" -J --top 3
	assert_success
	assert_equal "$(jq '.callers | length' <<<"$output")" 3
	jq -e '.callers[0].size >= .callers[1].size and .callers[1].size >= .callers[2].size' <<<"$output"
	want=$(grep -c ' htab_map_alloc+' "$FIX/host-6.18-real/proc/vmallocinfo")
	run --separate-stderr "$VMAPCTL" summary --sysroot "$FIX/host-6.18-real" -J --top 0
	assert_success
	[ "$want" -gt 0 ]
	jq -e ".callers[] | select(.name == \"htab_map_alloc\") | .regions == $want" <<<"$output"
}

@test "summary: human output has the four titled tables" {
	run "$VMAPCTL" summary --sysroot "$FIX/host-6.18-real"
	assert_success
	assert_line "Regions by type:"
	assert_line "By module:"
	assert_line "Top callers:"
	assert_line "The vmalloc space:"
}

@test "summary on 6.12 (per-node order, a BPF arena): holes of the sorted regions, the arena apart from memory" {
	local f=$FIX/guest-6.12-max-real
	# the file is out of address order (vmap nodes printed one after the other)
	if cut -d' ' -f1 "$f/proc/vmallocinfo" | sort -C; then echo "the capture is sorted"; return 1; fi
	run summary_holes "$f"
	assert_success
	assert_equal "$output" "$(holes_walk "$f")"
	run "$VMAPCTL" summary --sysroot "$f" -J
	assert_success
	# the arena: its reservation in SIZE and SPARSE, nothing of it in BACKED
	arena=$(awk '/ sparse/ { print $2 }' "$f/proc/vmallocinfo")
	[ "$arena" -gt 4294967296 ]
	pages=$(grep -o 'pages=[0-9]*' "$f/proc/vmallocinfo" | cut -d= -f2 | paste -sd+ | bc)
	jq -e --argjson a "$arena" --argjson b "$((pages * 4096))" \
		'.vmalloc | .sparse == $a and .backed == $b and .size > $a' <<<"$output"
	jq -e --argjson a "$arena" '.types[] | select(.name == "sparse") | .regions == 1 and .size == $a and .backed == 0' <<<"$output"
	run "$VMAPCTL" summary --sysroot "$f"
	assert_success
	assert_output --regexp $'\nsparse +1 +4G +0B +0 '
}
