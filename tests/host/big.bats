#!/usr/bin/env bats
# A capture of a big server (tests/bench/gen.c, 40,000 lines, 3.5 MB): read in
# parts at once (threads) and printed as it goes. What vmapctl counts must equal
# an independent count, line numbers included, and its -r, -P and -J text must be
# libsmartcols' own, and so must its aligned table off a terminal (VMAPCTL_NO_STREAM=1
# prints through libsmartcols' table).
load helper

setup_file() {
	"${GEN:-$TOP/build/gen}" 40000 7 "$BATS_FILE_TMPDIR/big"
	vmi=$BATS_FILE_TMPDIR/big/proc/vmallocinfo
	# two broken lines, one in each half: named with their real line numbers
	sed -i -e '100s/.*/garbage in the first part/' -e '39000s/.*/garbage in the last part/' "$vmi"
}

setup() {
	big=$BATS_FILE_TMPDIR/big
	vmi=$big/proc/vmallocinfo
}

@test "big capture: per-type counts and bytes equal gawk's, bad lines named by their number" {
	[ "$(stat -c %s "$vmi")" -gt $((2 << 20)) ]
	run --separate-stderr "$VMAPCTL" summary --sysroot "$big" -J
	assert_success
	[[ "$stderr" == *"vmallocinfo:100: malformed line skipped"* ]]
	[[ "$stderr" == *"vmallocinfo:39000: malformed line skipped"* ]]
	got=$(jq -r '.types[] | "\(.name) \(.regions) \(.size)"' <<<"$output" | sort)
	want=$(grep -v garbage "$vmi" | gawk -f "$TOP/tests/bench/types.awk" -f "$TOP/tests/bench/summary.awk" | grep -v '^callers' | sort)
	assert_equal "$got" "$want"
	assert_equal "$(jq '.vmalloc.regions' <<<"$output")" 39998
}

@test "big capture: list in file order is the file, line for line" {
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$big" -n -r -b --sort LINE -o LINE,SIZE
	assert_success
	want=$(awk '!/garbage/ { print NR, $2 }' "$vmi")
	assert_equal "$output" "$want"
}

# same_as_table WANT OPTION...: list -a OPTION... streamed and through libsmartcols' table:
# both succeed with the same stdout and stderr, and print WANT rows (by an independent count)
same_as_table() {
	local want=$1 rows
	shift
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$big" "$@"
	assert_success
	local a=$output ea=$stderr
	run --separate-stderr env VMAPCTL_NO_STREAM=1 "$VMAPCTL" list -a --sysroot "$big" "$@"
	assert_success
	assert_equal "$output" "$a"
	assert_equal "$stderr" "$ea"
	[[ "$ea" == *"vmallocinfo:100: malformed line skipped"* ]]
	case " $* " in
	*" -J "*) rows=$(jq '.regions | length' <<<"$a") ;;
	*" -P "*|*" -n "*) rows=$(wc -l <<<"$a") ;;
	*) rows=$(($(wc -l <<<"$a") - 1)) ;;	# the heading
	esac
	assert_equal "$rows" "$want"
}

@test "big capture: streamed -r, -P and -J are libsmartcols' text" {
	local n
	n=$(grep -vc garbage "$vmi")
	same_as_table "$n" -r
	same_as_table "$n" -P -o +TAGS,NUMA,LINE
	same_as_table "$n" -J -o +RESOURCE,PHYS
	same_as_table "$n" -J --sort SIZE
	jq -e '[.regions[].size] | . == (sort | reverse)' <<<"$output"
	same_as_table "$n" -r --sort CALLER
}

@test "big capture: the aligned table, piped, is libsmartcols' layout" {
	local n
	n=$(grep -vc garbage "$vmi")
	same_as_table "$n"
	same_as_table "$n" -n
	same_as_table "$n" -b -o +RESOURCE,PHYS,NUMA
	same_as_table "$n" --sort SIZE -o SIZE,CALLER,MODULE
	same_as_table "$n" -o PAGES
	# a filter: the rows of those types or tags
	same_as_table "$(grep -v garbage "$vmi" | grep -cE ' (vmap|ioremap)( |$)')" -t vmap,ioremap
}

@test "aligned table: text libsmartcols must encode (non-ASCII, backslash) is laid out by it" {
	cp -r "$FIX/host-6.18-real" "$BATS_TEST_TMPDIR/enc"
	# a device name with UTF-8 and a backslash, as a driver could register it
	sed -i 's/virtio-pci-modern/virtio-pci-\xc3\xa9\\xmodern/' "$BATS_TEST_TMPDIR/enc/proc/iomem"
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$BATS_TEST_TMPDIR/enc" -t ioremap -o RESOURCE,START
	assert_success
	a=$output
	run --separate-stderr env VMAPCTL_NO_STREAM=1 "$VMAPCTL" list -a --sysroot "$BATS_TEST_TMPDIR/enc" -t ioremap -o RESOURCE,START
	assert_success
	assert_equal "$a" "$output"
	# a heading and one row a line of the type
	assert_equal "$(($(wc -l <<<"$a") - 1))" "$(grep -c ' ioremap' "$BATS_TEST_TMPDIR/enc/proc/vmallocinfo")"
	[[ "$a" == *'virtio-pci-\xc3\xa9\x5cxmodern 0x'* ]]
}

@test "big capture: holes over the parts' ranges, in the kernel's per-node order, match an independent walk" {
	local f=$BATS_TEST_TMPDIR/holes
	"${GEN:-$TOP/build/gen}" 40000 7 "$f"	# this one unbroken: every line counts
	if cut -d' ' -f1 "$f/proc/vmallocinfo" | sort -C; then echo "sorted: no test of the order"; return 1; fi
	run summary_holes "$f"
	assert_success
	assert_equal "$output" "$(holes_walk "$f")"
}
