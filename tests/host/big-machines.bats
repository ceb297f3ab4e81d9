#!/usr/bin/env bats
# Captures of big machines (tests/bench/gen.c): a 6.9+ kernel prints
# /proc/vmallocinfo node after node, one address-sorted run per vmap node (a node
# a CPU, at most 128), each area in the node of its start (64 KiB zones dealt
# round-robin), then the lazily freed lines node by node. Every command must
# take any number of runs, in any order, at any size: 1, 64, 65, 128, 129, 256
# runs and a shuffled file, each over 1 MiB (read in parts, by threads), and one
# of 100 MiB. What vmapctl prints is compared with counts and a walk of the
# holes made here by gawk over the file.
load helper

# gen's captures: NAME RUNS OPTIONS...
CAPS=(
	"r1 1 --nodes 1 --lazy 0"
	"r64 64 --nodes 64 --zone 65536 --lazy 0"
	"r65 65 --nodes 64 --zone 65536"
	"r128 128 --nodes 128 --zone 65536 --lazy 0"
	"r129 129 --nodes 128 --zone 65536"
	"r256 256 --nodes 128 --zone 65536 --lazy-by-node"
	"shuffled 0 --nodes 128 --zone 65536 --lazy-by-node --shuffle"
)

setup_file() {
	local c name runs
	for c in "${CAPS[@]}"; do
		read -r name runs opts <<<"$c"
		# shellcheck disable=SC2086
		"${GEN:-$TOP/build/gen}" $opts --size 1500000 0 7 "$BATS_FILE_TMPDIR/$name"
	done
}

# ascending runs of START in file order (equal-width hex compares as text)
runs_of() {
	cut -d' ' -f1 "$1" | awk '{ if (NR > 1 && $1 < p) r++; p = $1 } END { print r + 1 }'
}

# The holes of the capture's vmalloc area, walked by gawk (-M: exact 64-bit):
# from the lowest region that is not module memory (load_module's) over
# VmallocTotal (whole pages); regions starting outside left out. Prints
# "HOLES LARGEST FREE FIRST-HOLE-OF-NEED" (the lowest hole of at least NEED bytes).
walk() {	# walk SYSROOT NEED
	local f=$1 need=$2 total
	total=$(awk '/^VmallocTotal:/ { print $2 }' "$f/proc/meminfo")
	gawk -M '{ split($1, r, "-"); print r[1], r[2], ($4 ~ /^load_module\+/) }' "$f/proc/vmallocinfo" | sort |
	gawk -M -v total="$total" -v need="$need" '
		{ s[NR] = strtonum($1); e[NR] = strtonum($2); mod[NR] = $3 }
		END {
			lo = -1
			for (i = 1; i <= NR; i++) if (!mod[i] && (lo < 0 || s[i] < lo)) lo = s[i]
			hi = lo + int((total * 1024 + 4095) / 4096) * 4096; cur = lo
			for (i = 1; i <= NR; i++) {
				if (s[i] < lo || s[i] >= hi) continue
				if (s[i] > cur) hole(cur, s[i])
				end = e[i] > hi ? hi : e[i]
				if (end > cur) cur = end
			}
			if (hi > cur) hole(cur, hi)
			printf "%d %d %d 0x%016x\n", holes, best, free, first
		}
		function hole(a, b) {
			holes++; free += b - a
			if (b - a > best) best = b - a
			if (!first && b - a >= need) first = a
		}'
}

@test "big machines: the captures have the runs a 6.9+ kernel prints, over 1 MiB each" {
	local c name runs
	for c in "${CAPS[@]}"; do
		read -r name runs _ <<<"$c"
		f=$BATS_FILE_TMPDIR/$name/proc/vmallocinfo
		[ "$(stat -c %s "$f")" -gt $((1 << 20)) ]
		if [ "$runs" = 0 ]; then
			[ "$(runs_of "$f")" -gt 1000 ]
		else
			assert_equal "$name $(runs_of "$f")" "$name $runs"
		fi
	done
}

@test "big machines: summary's counts, sizes and holes equal gawk's, at any number of runs" {
	local c name
	for c in "${CAPS[@]}"; do
		read -r name _ <<<"$c"
		d=$BATS_FILE_TMPDIR/$name
		run --separate-stderr "$VMAPCTL" summary -s "$d" -J
		assert_success
		got=$(jq -r '.types[] | "\(.name) \(.regions) \(.size)"' <<<"$output" | sort)
		want=$(gawk -f "$TOP/tests/bench/types.awk" -f "$TOP/tests/bench/summary.awk" "$d/proc/vmallocinfo" | grep -v '^callers' | sort)
		assert_equal "$got" "$want"
		assert_equal "$name $(jq '.vmalloc.regions' <<<"$output")" "$name $(wc -l < "$d/proc/vmallocinfo")"
		assert_equal "$name $(jq -r '.vmalloc | "\(.holes) \(.["largest-hole"]) \(.free)"' <<<"$output")" \
			"$name $(walk "$d" 0 | cut -d' ' -f1-3)"
	done
}

@test "big machines: list has every line, in file order and sorted, at any number of runs" {
	local c name
	for c in "${CAPS[@]}"; do
		read -r name _ <<<"$c"
		d=$BATS_FILE_TMPDIR/$name
		run --separate-stderr "$VMAPCTL" list -a -s "$d" -n -r -b --sort LINE -o LINE,SIZE
		assert_success
		assert_equal "$output" "$(awk '{ print NR, $2 }' "$d/proc/vmallocinfo")"
		run --separate-stderr "$VMAPCTL" list -a -s "$d" -n -r -o START
		assert_success
		assert_equal "$output" "$(cut -d- -f1 "$d/proc/vmallocinfo" | sort)"
		run --separate-stderr "$VMAPCTL" list -a -s "$d" -J -o LINE
		assert_success
		assert_equal "$(jq '.regions | length' <<<"$output")" "$(wc -l < "$d/proc/vmallocinfo")"
	done
}

@test "big machines: map, fit, metrics, diff and watch take any number of runs" {
	local c name
	for c in "${CAPS[@]}"; do
		read -r name _ <<<"$c"
		d=$BATS_FILE_TMPDIR/$name
		read -r holes best free first < <(walk "$d" $((40960 + 4096)))
		n=$(wc -l < "$d/proc/vmallocinfo")
		# map: every region, and the largest hole where the walk has it
		run --separate-stderr "$VMAPCTL" map -s "$d"
		assert_success
		assert_line --partial " in $n regions; $holes holes"
		run --separate-stderr "$VMAPCTL" map -s "$d" --svg "$BATS_TEST_TMPDIR/$name.svg"
		assert_success
		[ -s "$BATS_TEST_TMPDIR/$name.svg" ]
		# fit: the lowest hole that holds the request and its guard page
		run --separate-stderr "$VMAPCTL" fit 40K -s "$d" -J
		assert_success
		assert_equal "$name $(jq -r '.fit.start' <<<"$output")" "$name $first"
		# metrics: the free bytes and the largest hole; the regions of every type
		run --separate-stderr "$VMAPCTL" metrics -s "$d"
		assert_success
		assert_line "vmapctl_vmalloc_free_bytes $free"
		assert_line "vmapctl_vmalloc_largest_free_bytes $best"
		assert_equal "$(awk '/^vmapctl_vmalloc_regions\{/ { s += $2 } END { print s }' <<<"$output")" "$n"
		# diff: a state against itself changes nothing; every tenth line gone vanishes
		run --separate-stderr "$VMAPCTL" diff -J "$d" "$d"
		assert_success
		assert_equal "$(jq -c '[.total.appeared, .total.vanished, .total.change]' <<<"$output")" "[0,0,0]"
		rm -rf "$BATS_TEST_TMPDIR/b" && cp -r "$d" "$BATS_TEST_TMPDIR/b"
		awk 'NR % 10' "$d/proc/vmallocinfo" > "$BATS_TEST_TMPDIR/b/proc/vmallocinfo"
		run --separate-stderr "$VMAPCTL" diff -J "$d" "$BATS_TEST_TMPDIR/b"
		[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
		assert_equal "$name $(jq -c '[.total.appeared, .total.vanished]' <<<"$output")" \
			"$name [0,$(awk 'NR % 10 == 0 && !/unpurged/' "$d/proc/vmallocinfo" | wc -l)]"
		# watch: one refresh of a capture
		run --separate-stderr "$VMAPCTL" watch --count 1 -s "$d" -J
		assert_success
		jq -se 'length >= 1' <<<"$output"
	done
}

@test "big machines: 100 MiB of 128 nodes (plain build): summary and list equal gawk's" {
	local d=$BATS_TEST_TMPDIR/huge V=${VMAPCTL_PLAIN:-$VMAPCTL}
	"${GEN:-$TOP/build/gen}" --nodes 128 --zone 65536 --lazy-by-node --size $((100 << 20)) 0 9 "$d"
	f=$d/proc/vmallocinfo
	[ "$(stat -c %s "$f")" -ge $((100 << 20)) ]
	assert_equal "$(runs_of "$f")" 256
	run --separate-stderr "$V" summary -s "$d" -J
	assert_success
	assert_equal "$(jq '.vmalloc.regions' <<<"$output")" "$(wc -l < "$f")"
	got=$(jq -r '.types[] | "\(.name) \(.regions) \(.size)"' <<<"$output" | sort)
	want=$(gawk -f "$TOP/tests/bench/types.awk" -f "$TOP/tests/bench/summary.awk" "$f" | grep -v '^callers' | sort)
	assert_equal "$got" "$want"
	assert_equal "$(jq -r '.vmalloc | "\(.holes) \(.["largest-hole"]) \(.free)"' <<<"$output")" "$(walk "$d" 0 | cut -d' ' -f1-3)"
	run --separate-stderr "$V" list -a -s "$d" -n -r -b -o SIZE
	assert_success
	assert_equal "$(awk '{ s += $1 } END { print NR, s }' <<<"$output")" "$(awk '{ s += $2 } END { print NR, s }' "$f")"
	run --separate-stderr "$V" fit 40K -s "$d" -J
	assert_success
	assert_equal "$(jq -r '.fit.start' <<<"$output")" "$(walk "$d" $((40960 + 4096)) | cut -d' ' -f4)"
}
