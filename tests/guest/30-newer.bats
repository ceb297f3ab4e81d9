#!/usr/bin/env bats
# What changed in mm/vmalloc.c after 6.1 (issue 13), checked on every kernel
# the suite boots: a test skips only where the kernel lacks the feature.
load helper

teardown() {
	[ -n "${ARENA_PID:-}" ] && kill "$ARENA_PID" 2>/dev/null && wait "$ARENA_PID" 2>/dev/null
	unload_module
}


# start_arena PAGES: a BPF arena held by a background bpfarena; 2 when the kernel has none
start_arena() {
	bpfarena "$1" > arena.out 2>&1 3>&- &	# fd 3 closed: bats waits for whoever holds it
	ARENA_PID=$!
	local i
	for i in $(seq 50); do
		grep -q '^ready' arena.out && return 0
		kill -0 "$ARENA_PID" 2>/dev/null || { wait "$ARENA_PID"; return $?; }
		sleep 0.1
	done
	return 1
}

# the holes of the sorted ranges of a capture, walked in bash from LO over TOTAL bytes
holes_by_hand() {	# holes_by_hand VMALLOCINFO LO TOTAL: prints "HOLES LARGEST"
	local lo=$2 hi=$(($2 + $3)) cur=$2 best=0 holes=0 s e
	while read -r s e; do
		[ $((s - lo)) -ge 0 ] && [ $((hi - s)) -gt 0 ] || continue
		[ $((e - hi)) -gt 0 ] && e=$hi
		if [ $((s - cur)) -gt 0 ]; then
			holes=$((holes + 1)); [ $((s - cur)) -gt $best ] && best=$((s - cur))
		fi
		[ $((e - cur)) -gt 0 ] && cur=$e
	done < <(cut -d' ' -f1 "$1" | tr '-' ' ' | sort)
	if [ $((hi - cur)) -gt 0 ]; then
		holes=$((holes + 1)); [ $((hi - cur)) -gt $best ] && best=$((hi - cur))
	fi
	echo "$holes $best"
}

@test "per-node lists (6.9+): vmallocinfo out of address order, list and the holes in order all the same" {
	local snap=$BATS_TEST_TMPDIR/snap inversions lo total
	vmapctl snapshot "$snap" >/dev/null	# one read of everything: the live regions change
	vmi=$snap/proc/vmallocinfo
	inversions=$(cut -c3-18 "$vmi" | awk 'NR > 1 && $1 < p { n++ } { p = $1 } END { print n + 0 }')
	if kernel_at_least 6 9 && [ "${VM_SMP:-1}" -gt 1 ]; then
		# several nodes (one a CPU), printed node after node
		[ "$inversions" -gt 0 ]
	else
		# one busy list, sorted; the lazily freed ones after it (6.1: sorted
		# too; 5.10: vmap_purge_list's order, newest first)
		inversions=$(grep -v ' unpurged vm_area$' "$vmi" | cut -c3-18 |
			awk 'NR > 1 && $1 < p { n++ } { p = $1 } END { print n + 0 }')
		[ "$inversions" -eq 0 ]
		[ -z "$(sed -n '/ unpurged vm_area$/,$p' "$vmi" | grep -v ' unpurged vm_area$')" ]
	fi
	# list by START: sorted, every line there
	vmapctl list -a --sysroot "$snap" -n -r -o START > starts
	sort -c starts
	[ "$(wc -l < starts)" -eq "$(grep -c . "$vmi")" ]
	# summary's holes: those of the sorted ranges, from the lowest region
	# (x86_64: module memory lies above the vmalloc area)
	run vmapctl summary --sysroot "$snap" -J
	assert_success
	total=$(( ($(awk '/^VmallocTotal:/ { print $2 }' "$snap/proc/meminfo") * 1024 + 4095) / 4096 * 4096 ))	# whole pages
	lo=$(head -1 starts)
	assert_equal "$(jq '.vmalloc.holes' <<<"$output") $(jq '.vmalloc["largest-hole"]' <<<"$output")" \
		"$(holes_by_hand "$vmi" "$lo" "$total")"
}

@test "a BPF arena (6.9+): a sparse region of 4 GiB, address space apart from memory" {
	run start_arena 3
	if [ "$status" -eq 2 ] && ! kernel_at_least 6 9; then
		skip "no BPF arenas before 6.9 ($(uname -r))"
	fi
	assert_success
	run vmapctl list -J -t sparse -o SIZE,TYPE,TAGS,CALLER,PAGES
	assert_success
	jq -e '.regions | length == 1' <<<"$output"
	jq -e '.regions[0] | .size > 4294967296 and .type == "sparse" and any(.tags[]; . == "sparse")
		and (.caller | startswith("arena_map_alloc+")) and .pages == null' <<<"$output"
	size=$(jq '.regions[0].size' <<<"$output")
	# summary: the reservation counts as address space (SIZE, SPARSE), not as memory (BACKED)
	run --separate-stderr vmapctl summary -J
	assert_success
	jq -e --argjson s "$size" '.types[] | select(.name == "sparse") | .size == $s and .backed == 0' <<<"$output"
	jq -e --argjson s "$size" '.vmalloc | .sparse == $s and .size > $s and .backed < .size - $s' <<<"$output"
	# layout's use of the vmalloc area says the same
	run --separate-stderr vmapctl layout -J
	assert_success
	jq -e --argjson s "$size" '.use[] | select(.area == "vmalloc") | .sparse == $s and .used >= $s and .backed < .used - $s' <<<"$output"
	# the human summary names the type
	run vmapctl summary
	assert_success
	assert_output --regexp $'\nsparse +1 +4G '
}

@test "demo exhaust arena (6.9+, 4-level): the kernel refuses the arena after the ones fit counted; all freed" {
	kernel_at_least 6 9 || skip "BPF arenas came with 6.9"
	local total
	total=$(awk '/^VmallocTotal:/ { print $2 * 1024 }' /proc/meminfo)
	# 12.5 PiB: 3 million arenas; the 4-level boots fill theirs
	[ "$total" -le $((64 << 40)) ] || skip "a 5-level vmalloc area ($total bytes): beyond the demo's 65,535 arenas"
	# what a user asks first: how many arenas (4 GiB and the 64 KiB guard) fit
	run --separate-stderr vmapctl fit $(((4 << 30) + (64 << 10))) -J -o COUNT,SOURCE
	assert_success
	local count
	count=$(jq '.fit.count' <<<"$output")
	assert_equal "$(jq -r '.fit.source' <<<"$output")" kernel
	[ "$count" -gt 1000 ]	# a 32 TiB area: thousands
	local n before
	n=$(dmesg | wc -l)
	before=$(grep -c arena_map_alloc /proc/vmallocinfo || true)	# another test's arena, going
	run --separate-stderr vmapctl demo exhaust arena -J
	assert_success
	jq -c . <<<"$output"
	jq -e --argjson c "$count" '.arena | .predicted == $c and .made == $c and .refused == $c + 1
		and .result == "ENOMEM" and .["fits-after"] == false and .source == "kernel"' <<<"$output"
	# the kernel said so itself
	dmesg | tail -n +$((n + 1)) | grep -E "(vmalloc_node_range|vmap allocation) for size $(((4 << 30) + (68 << 10))) failed"
	# and gave them back: no more arenas' areas busy than before
	local i now
	for i in $(seq 100); do
		now=$(grep -c arena_map_alloc /proc/vmallocinfo || true)
		[ "$now" -gt "$before" ] || break
		sleep 0.1
	done
	[ "$now" -le "$before" ] || { echo "$now arenas' areas busy, $before before"; return 1; }
}
