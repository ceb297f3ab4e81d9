#!/usr/bin/env bats
# Bad captures (issue 11): each refused or skipped with a clear message, never a
# crash (the host tests run the ASan/UBSan build), nothing made up.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	mkdir -p cap/proc
	cp "$FIX/host-6.18-real/proc/meminfo" "$FIX/host-6.18-real/proc/iomem" cap/proc/
	good=$(head -5 "$FIX/host-6.18-real/proc/vmallocinfo")
}

vmi() {	# vmi: stdin becomes the capture's vmallocinfo
	cat > cap/proc/vmallocinfo
}

@test "an empty file: no valid line, exit 1, for list and summary" {
	: | vmi
	for c in list summary; do
		run "$VMAPCTL" "$c" --sysroot cap
		assert_failure 1
		assert_output "vmapctl: cap/proc/vmallocinfo: no valid line (the file is empty)"
	done
}

@test "only bad lines: no valid line, exit 1, and no blank tables or 'largest hole 0'" {
	printf 'garbage\nmore garbage here\n0xzz-0x1 12 vmalloc\n' | vmi
	for c in list summary; do
		run --separate-stderr "$VMAPCTL" "$c" --sysroot cap -J
		assert_failure 1
		assert_output ""
		[[ "$stderr" == *"cap/proc/vmallocinfo: no valid line (every line is malformed)"* ]]
	done
}

@test "a last line cut short (no newline) is skipped with a warning, and fails --strict" {
	{ echo "$good"; printf '0xffffc90000400000-0xffffc90000402000    8192 load_mod'; } | vmi
	run --separate-stderr "$VMAPCTL" list -a --sysroot cap -n -r -o CALLER
	assert_success
	assert_equal "${#lines[@]}" 5
	[[ "$stderr" == *"cap/proc/vmallocinfo:6: malformed line skipped: cut short: the file ends inside this line (no newline)"* ]]
	run "$VMAPCTL" list -a --sysroot cap --strict
	assert_failure 1
}

@test "NUL bytes and non-ASCII callers: the line is refused, not cut" {
	{ echo "$good"; printf '0xffffc90000400000-0xffffc90000402000    8192 fo\0o+0x1/0x2 pages=1 vmalloc\n';
	  printf '0xffffc90000500000-0xffffc90000502000    8192 caf\xe9+0x1/0x2 pages=1 vmalloc\n'; } | vmi
	run --separate-stderr "$VMAPCTL" list -a --sysroot cap -n -r -o CALLER
	assert_success
	assert_equal "${#lines[@]}" 5
	refute_output --partial "fo"
	[[ "$stderr" == *":6: malformed line skipped: a byte that is not printable ASCII"* ]]
	[[ "$stderr" == *":7: malformed line skipped: a byte that is not printable ASCII"* ]]
}

@test "a 1 MB line, 17-digit addresses, sizes past 2^64: refused one by one" {
	{ echo "$good"
	  printf '0xffffc90000400000-0xffffc90000402000 8192 '; head -c 1048576 /dev/zero | tr '\0' 'z'; echo
	  echo '0x1ffffc90000400000-0x1ffffc90000402000 8192 vmalloc'
	  echo '0xffffc90000400000-0xffffc90000402000 184467440737095516160 vmalloc'; } | vmi
	run --separate-stderr "$VMAPCTL" list -a --sysroot cap -n -r -o SIZE -b
	assert_success
	assert_equal "${#lines[@]}" 5
	[[ "$stderr" == *":6: malformed line skipped: unexpected token"* ]]
	[[ "$stderr" == *":7: malformed line skipped: bad START-END address range"* ]]
	[[ "$stderr" == *":8: malformed line skipped: bad or missing SIZE"* ]]
}

@test "warnings about bad lines stop after ten, then a count" {
	{ echo "$good"; for i in $(seq 25); do echo "junk $i"; done; } | vmi
	run --separate-stderr "$VMAPCTL" summary --sysroot cap
	assert_success
	[ "$(grep -c 'malformed line skipped' <<<"$stderr")" -eq 10 ]
	[[ "$stderr" == *"cap/proc/vmallocinfo: 15 more malformed lines skipped"* ]]
}

@test "snapshot keeps its copies private: 0700 folders, 0600 files, whatever the umask" {
	[ -r /proc/vmallocinfo ] || skip "not root: snapshot reads /proc/vmallocinfo"
	(umask 0 && "$VMAPCTL" snapshot --kallsyms snap) >/dev/null 2>&1
	[ -f snap/proc/kallsyms ]
	run find snap -type d ! -perm 0700
	assert_output ""
	run find snap -type f ! -perm 0600
	assert_output ""
	[ "$(find snap -type f | wc -l)" -ge 7 ]
}

@test "valgrind: no leak and no error in list, summary and snapshot on the largest fixture" {
	command -v valgrind >/dev/null
	plain=${VMAPCTL_PLAIN:-$TOP/vmapctl}
	vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99)
	for args in "list -o +TAGS,NUMA,LINE" "summary --top 0" "list -J" "summary -J"; do
		run "${vg[@]}" "$plain" $args --sysroot "$FIX/host-6.18-zeros"
		[ "$status" -ne 99 ] || { echo "$args: $output"; return 1; }
		assert_success
	done
	if [ -r /proc/vmallocinfo ]; then
		run "${vg[@]}" "$plain" snapshot vgsnap
		[ "$status" -ne 99 ] || { echo "$output"; return 1; }
		assert_success
	fi
}

@test "a line with many long tags: TAGS is whole, every tag in order" {
	local a b c d
	a=$(printf 'a%.0s' $(seq 60)) b=$(printf 'b%.0s' $(seq 60)) c=$(printf 'c%.0s' $(seq 60)) d=$(printf 'd%.0s' $(seq 60))
	{ echo "$good"; printf '0xffffc90000400000-0xffffc90000402000 8192 f+0x1/0x2 pages=1 ioremap sparse vmalloc vmap user dma-coherent vpages %s %s %s %s\n' \
		"$a" "$b" "$c" "$d"; } | vmi
	run --separate-stderr "$VMAPCTL" list -a --sysroot cap -n -r -o TAGS --caller f+0x1
	assert_success
	assert_output "ioremap,sparse,vmalloc,vmap,user,dma-coherent,vpages,$a,$b,$c,$d"
}
