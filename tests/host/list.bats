#!/usr/bin/env bats
# vmapctl list on captured /proc files (tests/fixtures/README.md says where each is from).
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

fixtures() {
	local d
	for d in "$FIX"/*/; do
		[ -f "$d/proc/vmallocinfo" ] && basename "$d"
	done
}

@test "every fixture: counts per type match an independent count" {
	local f n=0
	for f in $(fixtures); do
		awk_types "$FIX/$f/proc/vmallocinfo" | sort | uniq -c > want
		run --separate-stderr "$VMAPCTL" list -a --sysroot "$FIX/$f" -n -r -o TYPE
		assert_success
		sort <<<"$output" | uniq -c > got
		diff -u want got || { echo "fixture $f"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 3 ]
}

@test "every fixture: total bytes match the sum of the SIZE column of the file" {
	local f
	for f in $(fixtures); do
		want=$(awk '{ s += $2 } END { print s }' "$FIX/$f/proc/vmallocinfo")
		run --separate-stderr "$VMAPCTL" list -a --sysroot "$FIX/$f" -n -r -b -o SIZE
		assert_success
		assert_equal "$(awk '{ s += $1 } END { print s }' <<<"$output")" "$want"
		run --separate-stderr "$VMAPCTL" summary --sysroot "$FIX/$f" -J
		assert_success
		assert_equal "$(jq '.vmalloc.size' <<<"$output")" "$want"
	done
}

@test "the fixtures cover every type and tag" {
	local t
	cat "$FIX"/*/proc/vmallocinfo > all
	mkdir -p all.d/proc && cp all all.d/proc/vmallocinfo
	run --separate-stderr "$VMAPCTL" list -a --sysroot all.d -n -r -o TAGS
	assert_success
	types=$(tr ',' '\n' <<<"$output" | sort -u)
	for t in vmalloc vmap vm_map_ram ioremap user vpages unpurged sparse; do
		grep -qx "$t" <<<"$types" || { echo "no fixture line tagged $t"; return 1; }
	done
}

@test "JSON is valid, one object per line of the file, sizes are numbers" {
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -J
	assert_success
	n=$(jq '.regions | length' <<<"$output")
	assert_equal "$n" "$(grep -c . "$FIX/host-6.18-real/proc/vmallocinfo")"
	jq -e '[.regions[] | (.size | type) == "number"] | length > 0 and all' <<<"$output"
	jq -e '[.regions[] | .start | test("^0x[0-9a-f]{16}$")] | length > 0 and all' <<<"$output"
}

@test "real addresses: END - START equals SIZE on every row, sorted by START" {
	"$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -n -r -b -o START,END,SIZE > rows
	[ -s rows ]
	while read -r s e z; do
		[ $((e - s)) -eq "$z" ] || { echo "bad row: $s $e $z"; return 1; }
	done < rows
	cut -d' ' -f1 rows > starts
	sort -c starts
}

@test "hashed addresses are detected, said once with the fix, and never printed" {
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-hashed" -J
	assert_success
	jq -e '[.regions[] | .start == null and .end == null] | length > 0 and all' <<<"$output"
	[ "$(grep -c 'hashed' <<<"$stderr")" -eq 1 ]
	# a capture: the fix is a new one, not a sysctl on this machine
	[[ "$stderr" == *"recapture as root with kernel.kptr_restrict=1 ('vmapctl snapshot')"* ]]
	[[ "$stderr" != *"sysctl"* ]]
	# the sizes, callers and phys stay
	jq -e '[.regions[] | select(.type == "ioremap") | .phys != null] | length > 0 and all' <<<"$output"
	# text output shows no hashed value: none of the file's start addresses appears
	"$VMAPCTL" list -a --sysroot "$FIX/host-6.18-hashed" 2>/dev/null > text
	first=$(head -1 "$FIX/host-6.18-hashed/proc/vmallocinfo" | cut -d- -f1)
	run grep -c -- "$first" text
	assert_output 0
}

@test "zeroed addresses (kptr_restrict=2) are detected and shown as absent" {
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-zeros" -J -o START,END,SIZE,RESOURCE
	assert_success
	jq -e '[.regions[] | .start == null and .end == null and .resource == null] | length > 0 and all' <<<"$output"
	[[ "$stderr" == *"zeros"* ]]
	[[ "$stderr" == *"iomem"*"CAP_SYS_ADMIN"* ]]
}

@test "RESOURCE is the innermost /proc/iomem resource holding PHYS" {
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -n -r -o PHYS,RESOURCE --type ioremap
	assert_success
	# ECAM window: eec00000 is in Reserved > PCI ECAM > PCI Bus 0000:00 (the innermost)
	assert_line "0x00000000eec00000 PCI\\x20Bus\\x200000:00"
	# virtio BARs: 0000:00:01.0 > virtio-pci-modern
	assert_line "0x0000004000000000 virtio-pci-modern"
	# every ioremap row has a resource here
	refute_line --regexp ' -$'
}

@test "filters: --type, --caller, --min-size, --module" {
	local vi=$FIX/host-6.18-real/proc/vmallocinfo s=$FIX/host-6.18-real want
	# each filter: its rows, as many as an independent count of the file (never none)
	rows_are() {	# rows_are WANT LIST-OPTION...
		want=$1
		shift
		[ "$want" -gt 0 ]
		run --separate-stderr "$VMAPCTL" list -a --sysroot "$s" -n -r "$@"
		assert_success
		assert_equal "${#lines[@]}" "$want"
	}
	rows_are "$(grep -c ' ioremap' "$vi")" -o TYPE --type ioremap
	[ "$(grep -cvx ioremap <<<"$output")" -eq 0 ]
	rows_are "$(grep -c ' user' "$vi")" -o TYPE --type user
	rows_are "$(grep -c ' htab_map_alloc+' "$vi")" -o CALLER --caller htab_map_alloc
	[ "$(grep -cv "^htab_map_alloc+0x" <<<"$output")" -eq 0 ]
	rows_are "$(awk '$2 >= 1048576' "$vi" | wc -l)" -b -o SIZE --min-size 1M
	[ "$(awk '$1 < 1048576' <<<"$output" | wc -l)" -eq 0 ]
	rows_are "$(awk '$3 ~ /\+0x/' "$vi" | wc -l)" -o SIZE --module kernel
}

@test "--sort SIZE puts the biggest first; --sort START needs real addresses" {
	"$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -n -r -b -o SIZE --sort SIZE > sizes
	sort -rn -c sizes
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-hashed" --sort START
	assert_failure 1
	[[ "$stderr" == *"cannot sort by START"* ]]
}

@test "column selection: -o, +LIST, headings, raw, pairs" {
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -r -o TYPE,SIZE
	assert_success
	assert_line --index 0 "TYPE SIZE"
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -n -P -o +NUMA --type vmalloc
	assert_success
	assert_line --index 0 --regexp '^START="0x[0-9a-f]+" END="0x[0-9a-f]+" SIZE="[0-9.]+[KMG]" TYPE="vmalloc" .* NUMA="N0=[0-9]+"$'
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -o NOSUCH
	assert_failure 64
	assert_output --partial "vmapctl list: unknown column: 'NOSUCH'"
}

@test "human sizes by default, bytes with -b" {
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -n -r -o SIZE --caller pci_mmcfg_arch_map
	assert_success
	assert_output "1M"
	run "$VMAPCTL" list -a --sysroot "$FIX/host-6.18-real" -n -r -b -o SIZE --caller pci_mmcfg_arch_map
	assert_success
	assert_output "1052672"
}

@test "a malformed line is reported with its number and skipped; --strict fails" {
	mkdir -p bad/proc
	{ head -2 "$FIX/host-6.18-real/proc/vmallocinfo"; echo "0xzz-0x1 oops"; tail -n +3 "$FIX/host-6.18-real/proc/vmallocinfo"; } > bad/proc/vmallocinfo
	run --separate-stderr "$VMAPCTL" list -a --sysroot bad -n -r -o SIZE
	assert_success
	[[ "$stderr" == *"bad/proc/vmallocinfo:3: malformed line skipped"* ]]
	assert_equal "${#lines[@]}" "$(grep -c . "$FIX/host-6.18-real/proc/vmallocinfo")"
	run --separate-stderr "$VMAPCTL" list -a --sysroot bad --strict
	assert_failure 1
	[[ "$stderr" == *":3: malformed line (--strict)"* ]]
}

@test "a missing file is one clear line and exit status 1" {
	run "$VMAPCTL" list -a --sysroot "$BATS_TEST_TMPDIR/nothing"
	assert_failure 1
	assert_output "vmapctl: $BATS_TEST_TMPDIR/nothing/proc/vmallocinfo: no such file"
}

@test "usage errors exit 64" {
	run "$VMAPCTL" frobnicate
	assert_failure 64
	run "$VMAPCTL" list --bogus
	assert_failure 64
	run "$VMAPCTL" list -a -J -r
	assert_failure 64
	run "$VMAPCTL" list -a --min-size lots
	assert_failure 64
	run "$VMAPCTL"
	assert_failure 64
}

@test "--help lists every column with a description; --version" {
	run "$VMAPCTL" list --help
	assert_success
	for c in START END SIZE TYPE TAGS CALLER MODULE PAGES PHYS RESOURCE NUMA; do
		assert_line --regexp "^ +$c  [a-z]"
	done
	run "$VMAPCTL" --version
	assert_success
	assert_output --regexp '^vmapctl [0-9]+\.[0-9]+'
}

@test "6.1 guest capture: the module's memory is found by its /proc/modules base" {
	local f
	for f in "$FIX"/guest-6.1-*-real; do
		base=$(awk '$1 == "vmapctl_demo" { print $6 }' "$f/proc/modules")
		[ -n "$base" ]
		run "$VMAPCTL" list -a --sysroot "$f" -J --module vmapctl_demo
		assert_success
		jq -e --arg b "$base" '[.regions[] | select(.start == $b and .module == "vmapctl_demo")] | length == 1' <<<"$output"
		# and its own allocations through the [module] suffix of the caller
		jq -e '[.regions[] | select(.caller | test("^make_samples\\+"))] | length == 2' <<<"$output"
	done
}

@test "6.1 guest capture: vm_map_ram lines have no caller and no module" {
	run "$VMAPCTL" list -a --sysroot "$FIX/guest-6.1-qemu64-real" -J --type vm_map_ram
	assert_success
	jq -e '(.regions | length) >= 1 and ([.regions[] | .caller == null and .module == null] | all)' <<<"$output"
}

@test "6.1 guest capture at boot: (____ptrval____) addresses are detected, the rest is kept" {
	local f=$FIX/guest-6.1-qemu64-ptrval
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$f" -J
	assert_success
	[[ "$stderr" == *"(____ptrval____)"* ]]
	[[ "$stderr" != *"malformed"* ]]
	assert_equal "$(jq '.regions | length' <<<"$output")" "$(grep -c . "$f/proc/vmallocinfo")"
	jq -e '[.regions[] | .start == null] | length > 0 and all' <<<"$output"
}

@test "5-level paging capture: addresses wider than 4-level ones still check out" {
	"$VMAPCTL" list -a --sysroot "$FIX/guest-6.1-max-real" -n -r -b -o START,END,SIZE > rows
	grep -q '^0xff[0-9a-f]' rows
	while read -r s e z; do
		[ $((e - s)) -eq "$z" ] || { echo "bad row: $s $e $z"; return 1; }
	done < rows
}

@test "list on 6.12: the kernel's per-node order sorted by START, the BPF arena typed sparse" {
	local f=$FIX/guest-6.12-qemu64-real
	"$VMAPCTL" list -a --sysroot "$f" -n -r -b -o START,END,SIZE,TYPE > rows
	[ "$(wc -l < rows)" -eq "$(grep -c . "$f/proc/vmallocinfo")" ]
	cut -d' ' -f1 rows | sort -c
	if cut -d' ' -f1 "$f/proc/vmallocinfo" | sort -C; then echo "the capture is sorted"; return 1; fi
	run awk '$4 == "sparse" && $3 > 4294967296' rows
	assert_equal "$(wc -l <<<"$output")" 1
	# the same file in line order is the file's own order
	"$VMAPCTL" list -a --sysroot "$f" -n -r --sort LINE -o START > by_line
	assert_equal "$(cat by_line)" "$(cut -d- -f1 "$f/proc/vmallocinfo")"
}
