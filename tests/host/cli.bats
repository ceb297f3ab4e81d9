#!/usr/bin/env bats
# Command-line plumbing as util-linux does it: usage errors before any file is
# opened, -h, --list-columns, and JSON alone under -J.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "a bad column is a usage error (64) before any file is read" {
	local c
	for c in list summary layout peek vtop diff watch map; do
		args=()
		[[ $c == peek || $c == vtop ]] && args=(0x1000)
		[[ $c == diff ]] && args=(- "$BATS_TEST_TMPDIR/none")
		# a capture that does not exist: had vmapctl opened a file first, it would say so and exit 1
		run --separate-stderr "$VMAPCTL" "$c" --sysroot "$BATS_TEST_TMPDIR/none" -o NOSUCH "${args[@]}"
		assert_failure 64
		[[ "$stderr" == "vmapctl $c: unknown column: 'NOSUCH' (--list-columns lists them)"* ]] || { echo "$c: $stderr"; return 1; }
		[[ "$stderr" != *"cannot read"* ]]
	done
	run "$VMAPCTL" demo bounds -o AREA,NOSUCH
	assert_failure 64
}

@test "-h is --help, for vmapctl and every command" {
	local c
	run "$VMAPCTL" -h
	assert_success
	assert_line --index 0 --regexp '^Usage: vmapctl '
	for c in list summary snapshot demo layout peek vtop fit diff watch trace metrics map; do
		run "$VMAPCTL" "$c" -h
		assert_success
		assert_line --index 0 --regexp "^Usage: vmapctl $c "
		assert_equal "$output" "$("$VMAPCTL" "$c" --help)"
	done
}

@test "--list-columns: every column of every table, its JSON type, as a table or JSON" {
	run "$VMAPCTL" list --list-columns
	assert_success
	assert_line --index 0 --regexp '^NAME +TYPE +VIEW +DESCRIPTION'
	assert_line --regexp '^SIZE +number +regions +size of the area'
	assert_line --regexp '^CALLER +string +regions '
	run "$VMAPCTL" list -H -J
	assert_success
	# the JSON types vmapctl prints are the ones it declares
	jq -e '.columns | length == 15' <<<"$output"
	json=$("$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -J -o START,SIZE,PAGES,CALLER)
	for col in start size pages caller; do
		declared=$(jq -r --arg c "$col" '.columns[] | select((.name | ascii_downcase) == $c) | .type' <<<"$output")
		got=$(jq -r --arg c "$col" '[.regions[] | .[$c] | select(. != null) | type] | unique | .[]' <<<"$json")
		assert_equal "$got" "$declared"
	done
	# several tables: summary's groups and its space table
	run "$VMAPCTL" summary --list-columns -r -n
	assert_success
	assert_line --regexp '^PERCENT number types '
	assert_line --regexp '^LARGEST-HOLE number vmalloc '
	run "$VMAPCTL" demo bounds --list-columns -n -r
	assert_success
	assert_line --index 0 --regexp '^AREA string bounds '
}

@test "-J prints JSON and nothing else, also with hidden addresses" {
	local f c
	for f in host-6.18-real host-6.18-hashed guest-6.1-qemu64-ptrval; do
		for c in list summary; do
			run --separate-stderr "$VMAPCTL" "$c" --sysroot "$FIX/$f" -J
			assert_success
			jq -e . <<<"$output" >/dev/null || { echo "$c $f: not JSON"; return 1; }
		done
	done
}

@test "a column given twice shows its value twice" {
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -J -o SIZE,SIZE
	assert_success
	[ "$(jq '[.regions[] | .size] | map(type == "number") | all' <<<"$output")" = true ]
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -P -n -o SIZE,SIZE --caller pci_mmcfg_arch_map
	assert_success
	assert_output 'SIZE="1M" SIZE="1M"'
}
