#!/usr/bin/env bats
# Leaks over time: diff against a snapshot, watch, trace through tracefs (issue 15).
load helper

TRACEFS=/sys/kernel/tracing

setup() {
	sysctl -q -w kernel.kptr_restrict=1
	[ -d $TRACEFS/events ] || mount -t tracefs nodev $TRACEFS
}

# the rows of diff -J (in $1) of module vmapctl_demo, summed: "REGIONS-APPEARED VANISHED SIZE-CHANGE ROWS"
demo_rows() {
	jq -r '[.changes[] | select(.module == "vmapctl_demo")] |
		"\(map(.appeared) | add // 0) \(map(.vanished) | add // 0) \(map(."size-change") | add // 0) \(length)"' <<<"$1"
}

@test "diff against a snapshot: 10 mappings made name vmapctl_demo with exactly those regions and bytes (exit 2); unmade, the diff is empty (exit 0)" {
	insmod $KO
	vmapctl snapshot "$BATS_TEST_TMPDIR/before" >/dev/null
	local i kind ids=() expected=0
	for i in $(seq 10); do
		kind=vmalloc
		[ $((i % 2)) = 0 ] && kind=vmap
		run vmapctl demo map $kind --pages $i -J
		assert_success
		ids+=("$(jq '.mappings[0].id' <<<"$output")")
		# the region: the pages the module reports mapped, and the guard page
		expected=$((expected + $(jq '.mappings[0].size' <<<"$output") + 4096))
	done
	run --separate-stderr vmapctl diff "$BATS_TEST_TMPDIR/before" - -J
	assert_failure 2
	jq -e '.total.match == "address"' <<<"$output"
	read -r appeared vanished change rows <<<"$(demo_rows "$output")"
	[ "$appeared" -eq 10 ] && [ "$vanished" -eq 0 ] && [ "$change" -eq "$expected" ] ||
		{ echo "appeared $appeared vanished $vanished change $change (expected +$expected)"; echo "$output"; return 1; }
	# one row a type: map_pages's vmalloc and vmap regions
	jq -e '[.changes[] | select(.module == "vmapctl_demo") | .caller] | unique == ["map_pages"]' <<<"$output"
	# the human table names them, growth first
	run --separate-stderr vmapctl diff "$BATS_TEST_TMPDIR/before" -
	assert_failure 2
	assert_line --regexp '^map_pages +vmapctl_demo +(vmalloc|vmap) +0 +5 +\+5 '
	# a threshold above the growth: nothing grew past it
	run --separate-stderr vmapctl diff --threshold $((expected * 2)) "$BATS_TEST_TMPDIR/before" -
	[ "$status" -eq 0 ] || { echo "exit $status: $stderr"; echo "$output"; return 1; }

	for i in "${ids[@]}"; do vmapctl demo unmap "$i" >/dev/null; done
	# the whole space: nothing of the module's (a process's thread stack may come or go meanwhile)
	run --separate-stderr vmapctl diff "$BATS_TEST_TMPDIR/before" - -J
	[ "$status" -eq 0 ] || [ "$status" -eq 2 ]	# 2: a process's stack came or went
	read -r appeared vanished change rows <<<"$(demo_rows "$output")"
	[ "$rows" -eq 0 ] || { echo "$output"; return 1; }
	# the module's gate: empty, exit 0
	run --separate-stderr vmapctl diff --module vmapctl_demo "$BATS_TEST_TMPDIR/before" - -J
	assert_success
	jq -e '(.changes | length) == 0 and .total.appeared == 0 and .total.vanished == 0' <<<"$output" ||
		{ echo "not empty: $output"; return 1; }
}

@test "diff with hidden addresses on one side matches by caller, size and type: the same answer" {
	insmod $KO
	vmapctl snapshot "$BATS_TEST_TMPDIR/before" >/dev/null
	run vmapctl demo map vmalloc --pages 7 -J
	assert_success
	sysctl -q -w kernel.kptr_restrict=0	# root reads hashed (or ptrval, or zero) addresses now
	run --separate-stderr vmapctl diff "$BATS_TEST_TMPDIR/before" - -J
	assert_failure 2
	jq -e '.total.match == "caller"' <<<"$output"
	read -r appeared vanished change rows <<<"$(demo_rows "$output")"
	[ "$appeared" -eq 1 ] && [ "$change" -eq $((8 * 4096)) ] || { echo "$output"; return 1; }
}

@test "map: a vmap of 512 pages shows at its address, in its type's colour and letter" {
	insmod $KO
	run vmapctl demo map vmap --pages 512 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	run --separate-stderr vmapctl map -J
	assert_success
	# the cell holding its middle is vmap's (fixed-width hex strings compare as numbers; the
	# cell of its first byte may hold more of the region before it)
	mid=$(printf '0x%016x' $((addr + 256 * 4096)))
	jq -e --arg a "$mid" '[.cells[] | select(.start <= $a and $a < .end)] | length == 1 and .[0].category == "vmap"' <<<"$output" ||
		{ jq -c --arg a "$mid" '.cells[] | select(.start <= $a and $a < .end)' <<<"$output"; echo "$addr"; return 1; }
	run --separate-stderr vmapctl map --from "$addr" --to "$(printf '0x%x' $((addr + 513 * 4096)))" --ascii --rows 1 --width 64
	assert_success
	key=$(vmapctl map -J 2>/dev/null | jq -r '.legend[] | select(.category == "vmap") | .key')
	assert_line --regexp "^${addr} \|${key}{64}\|$"
}

@test "watch, piped: a timestamped line for the mapping made meanwhile" {
	insmod $KO
	vmapctl watch --interval 1 --count 3 -o TIME,CALLER,MODULE,TYPE,CHANGE,SIZE-CHANGE -b > "$BATS_TEST_TMPDIR/w" &
	local pid=$!
	sleep 1.3
	vmapctl demo map vmalloc --pages 5 >/dev/null
	wait $pid
	run cat "$BATS_TEST_TMPDIR/w"
	assert_line --regexp '^TIME +CALLER'
	assert_line --regexp '^20[0-9-]+T[0-9:]+Z +map_pages +vmapctl_demo +vmalloc +\+1 +\+24576$'
}

@test "trace --failures catches an allocation bigger than the area, with the module's function in its stack" {
	kernel_at_least 6 2 || skip "no vmalloc tracepoints before 6.2"
	insmod $KO
	vmapctl trace --failures --duration 120 -J -b > "$BATS_TEST_TMPDIR/t" 2>"$BATS_TEST_TMPDIR/e" &
	local pid=$! i
	for i in $(seq 100); do ls -d $TRACEFS/instances/vmapctl-$pid >/dev/null 2>&1 && break; sleep 0.1; done
	run vmapctl demo overask -J -b
	assert_success
	jq -e '.overask.result == "ENOMEM"' <<<"$output"
	asked=$(jq '.overask.asked' <<<"$output")
	sleep 1
	kill -INT $pid
	wait $pid
	run cat "$BATS_TEST_TMPDIR/t"
	# the kernel counts the guard page in: the size asked for and a page
	jq -e --argjson s $((asked + 4096)) '[.failures[] | select(.caller == "demo_overask" and .module == "vmapctl_demo" and .size == $s
		and (.stack | test("demo_overask \\[vmapctl_demo\\]")) and (.stack | test("alloc_vmap_area"))
		and (.vstart | test("^0x[0-9a-f]+$")) and (.vend | test("^0x[0-9a-f]+$")) and .align > 0)] | length == 1' <<<"$output" ||
		{ echo "$output"; cat "$BATS_TEST_TMPDIR/e"; return 1; }
	# the instance is gone: tracefs as it was
	run ls $TRACEFS/instances
	refute_output --partial vmapctl
	# the kernel's own line: "vmap allocation for size N failed" (6.1), "vmalloc_node_range for size N failed" (6.12)
	dmesg | grep -Eq "(vmap allocation|vmalloc_node_range) for size $((asked + 4096)) failed"
}

@test "trace: who allocated and freed how much; killed, its instance is swept by the next run" {
	kernel_at_least 6 2 || skip "no vmalloc tracepoints before 6.2"
	insmod $KO
	vmapctl trace --duration 300 -J -b > "$BATS_TEST_TMPDIR/t" &
	local pid=$! i
	for i in $(seq 100); do ls -d $TRACEFS/instances/vmapctl-$pid >/dev/null 2>&1 && break; sleep 0.1; done
	run vmapctl demo map vmalloc --pages 6 -J
	assert_success
	id=$(jq '.mappings[0].id' <<<"$output")
	vmapctl demo unmap "$id" >/dev/null
	sleep 1
	kill -TERM $pid
	wait $pid
	run cat "$BATS_TEST_TMPDIR/t"
	jq -e '[.callers[] | select(.caller == "map_pages" and .module == "vmapctl_demo")][0] |
		.allocs == 1 and ."alloc-size" == 28672 and .frees == 1 and ."free-size" == 28672 and .net == 0' <<<"$output" ||
		{ echo "$output"; return 1; }
	jq -e '.total.allocs >= 1 and .total.lost == 0' <<<"$output"
	run ls $TRACEFS/instances
	refute_output --partial vmapctl
	# SIGKILL leaves the instance; the next trace removes it
	vmapctl trace --duration 300 >/dev/null 2>&1 &
	pid=$!
	for i in $(seq 100); do ls -d $TRACEFS/instances/vmapctl-$pid >/dev/null 2>&1 && break; sleep 0.1; done
	kill -KILL $pid
	wait $pid || true
	ls -d $TRACEFS/instances/vmapctl-$pid
	run vmapctl trace --failures --duration 0.5 -J
	assert_success
	run ls $TRACEFS/instances
	refute_output --partial vmapctl
	# a stale instance of this very PID (an earlier process of the same PID, killed): taken
	# down and made anew; exec keeps the shell's PID
	run --separate-stderr bash -c "mkdir $TRACEFS/instances/vmapctl-\$\$ && exec vmapctl trace --failures --duration 0.5 -J"
	assert_success
	jq -e ".total" <<<"$output" >/dev/null
	run ls $TRACEFS/instances
	refute_output --partial vmapctl
}

@test "trace on a kernel without the vmalloc tracepoints: one line, exit 1" {
	kernel_at_least 6 2 && skip "this kernel has them"
	run vmapctl trace --duration 1
	assert_failure 1
	assert_output --regexp '^vmapctl: /sys/kernel/tracing/events/vmalloc: kernel .* has no vmalloc tracepoints \(they came in 6.2\)$'
}
