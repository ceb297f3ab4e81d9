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

@test "big capture: streamed -r, -P and -J are libsmartcols' text" {
	local o
	for o in "-r" "-P -o +TAGS,NUMA,LINE" "-J -o +RESOURCE,PHYS" "-J --sort SIZE" "-r --sort CALLER"; do
		a=$("$VMAPCTL" list -a --sysroot "$big" $o 2>/dev/null | md5sum)
		b=$(VMAPCTL_NO_STREAM=1 "$VMAPCTL" list -a --sysroot "$big" $o 2>/dev/null | md5sum)
		assert_equal "$a" "$b"
	done
}

@test "big capture: the aligned table, piped, is libsmartcols' layout" {
	local o
	for o in "" "-n" "-b -o +RESOURCE,PHYS,NUMA" "--sort SIZE -o SIZE,CALLER,MODULE" "-o PAGES" "-t nosuchtype"; do
		a=$("$VMAPCTL" list -a --sysroot "$big" $o 2>/dev/null | md5sum)
		b=$(VMAPCTL_NO_STREAM=1 "$VMAPCTL" list -a --sysroot "$big" $o 2>/dev/null | md5sum)
		assert_equal "$a" "$b"
	done
}

@test "aligned table: text libsmartcols must encode (non-ASCII, backslash) is laid out by it" {
	cp -r "$FIX/host-6.18-real" "$BATS_TEST_TMPDIR/enc"
	# a device name with UTF-8 and a backslash, as a driver could register it
	sed -i 's/virtio-pci-modern/virtio-pci-\xc3\xa9\\xmodern/' "$BATS_TEST_TMPDIR/enc/proc/iomem"
	a=$("$VMAPCTL" list -a --sysroot "$BATS_TEST_TMPDIR/enc" -t ioremap -o RESOURCE,START 2>/dev/null)
	b=$(VMAPCTL_NO_STREAM=1 "$VMAPCTL" list -a --sysroot "$BATS_TEST_TMPDIR/enc" -t ioremap -o RESOURCE,START 2>/dev/null)
	assert_equal "$a" "$b"
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
