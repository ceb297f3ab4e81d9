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

# A bad line before each of lines 5, 9, 12, 14, 16, 20 and 22, where the lines around
# are real: each named by every command, the rest as the capture without them.
REAL=$FIX/host-6.18-real
HASHED=$FIX/host-6.18-hashed

# The real capture with a bad line before each of its lines 5, 9, 12, 14, 16,
# 20 and 22 (the last one consistent but not on a page: no kernel maps less);
# the new numbers of the bad lines in DIR/bad-lines, one a line.
make_bad() {	# make_bad DIR
	local d=$1
	rm -rf "$d" && mkdir -p "$d" && cp -r "$REAL/proc" "$d/" && chmod -R u+w "$d"
	awk -v out="$d/bad-lines" '
		function bad(s) { print s; print NR + nbad++ > out }
		NR == 5  { bad("0xffffc90000100000-0xffffc90000101000 18446744073709551615 foo+0x1/0x2 pages=1 vmalloc") }
		NR == 9  { bad("0xffffc90000200000-0xffffc90000202000    8192 foo+0x1/0x2 pages=9 vmalloc") }
		NR == 12 { bad("0xffffc90000302000-0xffffc90000300000    8192 foo+0x1/0x2 vmalloc") }
		NR == 14 { bad("0xffffc90000400000-0xffffc90000402000    4096 foo+0x1/0x2 vmalloc") }
		NR == 16 { bad("0xffffc90000500000-0xffffc90000501000    4095 foo+0x1/0x2 vmalloc") }
		NR == 20 { bad("0xffffc90000600000-0xffffc90000600000       0 foo+0x1/0x2 vmalloc") }
		NR == 22 { bad("0xffffc90000700800-0xffffc90000701800    4096 foo+0x1/0x2 vmalloc") }
		{ print }' "$REAL/proc/vmallocinfo" > "$d/proc/vmallocinfo"
}

# the lines vmapctl named on stderr, as "LINE" each
named_lines() {
	sed -n "s|^vmapctl: $1/proc/vmallocinfo:\([0-9]*\): malformed line.*|\1|p" <<<"$2"
}

@test "bad values: each impossible line is named with its line number and skipped, by every command" {
	local d=$BATS_TEST_TMPDIR/bad cmd
	make_bad "$d"
	want=$(cat "$d/bad-lines")
	nbad=$(wc -l <<<"$want")
	[ "$nbad" -eq 7 ]
	for cmd in "summary" "list" "metrics" "map" "fit 40K"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$VMAPCTL" $cmd -s "$d"
		assert_equal "$cmd: $status" "$cmd: 0"
		assert_equal "$cmd: $(named_lines "$d" "$stderr")" "$cmd: $want"
		# every one with its reason, none of them taken for hidden addresses
		[ "$(grep -c 'malformed line skipped: [A-Za-z]' <<<"$stderr")" -eq "$nbad" ]
		refute_line --partial 'hashed'
		[[ $stderr != *hashed* ]]
	done
}

@test "bad values: summary, metrics and list total the valid lines' sizes, regions and pages" {
	local d=$BATS_TEST_TMPDIR/bad f=$REAL/proc/vmallocinfo
	make_bad "$d"
	n=$(wc -l < "$f")
	bytes=$(awk '{ s += $2 } END { printf "%d", s }' "$f")
	pages=$(awk '{ for (i = 3; i <= NF; i++) if ($i ~ /^pages=/) s += substr($i, 7) } END { printf "%d", s }' "$f")
	run --separate-stderr "$VMAPCTL" summary -s "$d" -J
	assert_success
	assert_equal "$(jq -c '.vmalloc | [.regions, .size]' <<<"$output")" "[$n,$bytes]"
	assert_equal "$(jq '[.types[].pages] | add' <<<"$output")" "$pages"
	jq -e '[.types[], .modules[], .callers[]] | all(.percent <= 100)' <<<"$output"
	run --separate-stderr "$VMAPCTL" metrics -s "$d"
	assert_success
	assert_line "vmapctl_vmalloc_all_regions_bytes $bytes"
	assert_equal "$(awk '/^vmapctl_vmalloc_regions\{/ { s += $2 } END { print s }' <<<"$output")" "$n"
	assert_equal "$(awk '/^vmapctl_vmalloc_pages\{/ { s += $2 } END { print s }' <<<"$output")" "$pages"
	run --separate-stderr "$VMAPCTL" list -a -s "$d" -n -r -b -o SIZE
	assert_success
	assert_equal "$(awk '{ s += $1 } END { printf "%d %d", NR, s }' <<<"$output")" "$n $bytes"
}

@test "bad values: --strict makes each of them an error" {
	local d=$BATS_TEST_TMPDIR/bad cmd
	make_bad "$d"
	for cmd in summary list; do
		run --separate-stderr "$VMAPCTL" $cmd --strict -s "$d"
		assert_equal "$cmd: $status" "$cmd: 1"
		assert_equal "$cmd: $(sed -n "s|^vmapctl: $d/proc/vmallocinfo:\([0-9]*\): malformed line (--strict).*|\1|p" <<<"$stderr")" \
			"$cmd: $(cat "$d/bad-lines")"
	done
}

@test "bad values: among real lines, holes, fit and map are the valid lines' own" {
	local d=$BATS_TEST_TMPDIR/bad f=$REAL/proc/vmallocinfo
	make_bad "$d"
	# list: every valid line's START, none hidden
	run --separate-stderr "$VMAPCTL" list -a -s "$d" -n -r -o START
	assert_success
	assert_equal "$output" "$(cut -d- -f1 "$f" | sort)"
	# summary: the holes of the valid lines, walked here
	run --separate-stderr "$VMAPCTL" summary -s "$d" -J
	assert_success
	assert_equal "$(jq -r '.vmalloc | "\(.holes) \(.["largest-hole"])"' <<<"$output")" "$(holes_walk "$REAL")"
	# fit: an answer (not "cannot be told"), at an address that is a hole of the valid lines
	run --separate-stderr "$VMAPCTL" fit 40K -s "$d" -J
	assert_success
	start=$(jq -r '.fit.start' <<<"$output")
	[[ $start == 0x* ]]
	cut -d' ' -f1 "$f" | tr '-' ' ' | while read -r s e; do
		# no valid region overlaps [start, start + 40K + the guard page)
		[ $((e - start)) -le 0 ] || [ $((start + 45056 - s)) -le 0 ]
	done
	# map: the layout, not the bars of hidden addresses
	run --separate-stderr "$VMAPCTL" map -s "$d" --width 60 --rows 4
	assert_success
	assert_line --regexp '^vmalloc area 0x[0-9a-f]{16}-0x[0-9a-f]{16} '
	[[ $stderr != *hashed* ]]
}

@test "bad values: sums saturate, never wrap (four lines of 4 EiB in a hashed capture)" {
	local d=$BATS_TEST_TMPDIR/big f
	rm -rf "$d" && mkdir -p "$d" && cp -r "$HASHED/proc" "$d/" && chmod -R u+w "$d"
	f=$d/proc/vmallocinfo
	for i in 1 2 3 4; do
		echo "0x000000001234${i}000-0x00000000abcd${i}000 4611686018427387904 foo+0x1/0x2 pages=1 vmalloc" >> "$f"
	done
	# the exact sum, by gawk's arbitrary precision; past 2^64-1 it saturates there
	exact=$(gawk -M '{ s += $2 } END { print s }' "$f")
	want=$(gawk -M -v s="$exact" 'BEGIN { m = 2^64 - 1; print (s > m ? m : s) }')
	[ "$want" = 18446744073709551615 ]
	run --separate-stderr "$VMAPCTL" metrics -s "$d"
	assert_success
	assert_line "vmapctl_vmalloc_all_regions_bytes $want"
	run --separate-stderr "$VMAPCTL" summary -s "$d" -J
	assert_success
	# jq reads the number as a double: at or above 2^64 - 2^11, not a wrapped small one
	jq -e '.vmalloc.size >= 18446744073709549568' <<<"$output"
	jq -e '[.types[], .modules[], .callers[]] | all(.percent <= 100)' <<<"$output"
	# diff: the total after saturates too (exit 2: a row grew past --threshold)
	run --separate-stderr "$VMAPCTL" diff -J "$HASHED" "$d"
	[ "$status" -eq 2 ]
	jq -e '.total["size-after"] >= 18446744073709549568' <<<"$output"
}
