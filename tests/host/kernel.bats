#!/usr/bin/env bats
# layout, peek and vtop on a fake kernel view written by tests/tools/mkkcore.c:
# an ELF core file laid out like /proc/kcore, with known page tables.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	"${MKKCORE:-$TOP/build/mkkcore}" fk
}

@test "layout: bases read through the kcore ELF at the kallsyms addresses" {
	run "$VMAPCTL" layout --sysroot fk -J
	assert_success
	jq -e '.layout[] | select(.region == "direct map") | .start == "0xffff888000000000" and .size == 16777216' <<<"$output"
	jq -e '.layout[] | select(.region == "vmalloc") | .start == "0xffffc90000000000" and .end == "0xffffe90000000000"' <<<"$output"
	jq -e '.layout[] | select(.region == "kernel text") | .start == "0xffffffff81000000" and .size == 32768' <<<"$output"
	jq -e '.paging.levels == 4 and .paging["top-table"] == "0x0000000001002000"' <<<"$output"
	jq -e '.use[] | select(.area == "vmalloc") | .regions == 1 and .used == 8192' <<<"$output"
}

@test "vtop: a 4 KiB page, every level, and the translation" {
	run "$VMAPCTL" vtop --sysroot fk 0xffffc90000005123 -J
	assert_success
	jq -e '[.levels[].level] == ["pgd", "pud", "pmd", "pte"]' <<<"$output"
	jq -e '[.levels[].index] == [402, 0, 0, 5]' <<<"$output"
	jq -e '.translation[0] | .phys == "0x0000000000300123" and .pfn == "0x300" and .pagesize == 4096 and .cache == "WB"' <<<"$output"
	jq -e '.translation[0].flags | test("NX") and test("G")' <<<"$output"
}

@test "vtop: a 2 MiB page with PCD is uncached (UC-)" {
	run "$VMAPCTL" vtop --sysroot fk 0xffffc90000234567 -J
	assert_success
	jq -e '.translation[0] | .phys == "0x0000000000434567" and .pagesize == 2097152 and .cache == "UC-"' <<<"$output"
	jq -e '.levels | length == 3' <<<"$output"
}

@test "vtop: a 1 GiB page at the PUD level" {
	run "$VMAPCTL" vtop --sysroot fk 0xffffc90040123456 -J
	assert_success
	jq -e '.translation[0] | .phys == "0x0000000080123456" and .pagesize == 1073741824 and .cache == "WB"' <<<"$output"
	jq -e '[.levels[].level] == ["pgd", "pud"]' <<<"$output"
}

@test "vtop: an unmapped address says at which level, exit 1" {
	run --separate-stderr "$VMAPCTL" vtop --sysroot fk 0xffffc90000001000
	assert_failure 1
	assert_equal "$stderr" "vmapctl: 0xffffc90000001000: not mapped (not present at the pte level)"
}

@test "vtop LEN: one row per page" {
	run "$VMAPCTL" vtop --sysroot fk 0xffffc90000200000 8K -n -r -o ADDRESS,PHYS
	assert_success
	assert_output $'0xffffc90000200000 0x0000000000400000\n0xffffc90000201000 0x0000000000401000'
}

@test "peek: vmalloc space through the page tables, text through kcore, saying which" {
	run "$VMAPCTL" peek --sysroot fk 0xffffc90000005000 32
	assert_success
	assert_line --index 0 "0xffffc90000005000, 32 bytes, via page tables + kcore direct map:"
	assert_line --partial "hello from vmall"
	run "$VMAPCTL" peek --sysroot fk linux_banner 16 -J -o +VIA
	assert_success
	jq -e '.peek[0] | .ascii == "Linux version 6." and .via == "kcore"' <<<"$output"
	run "$VMAPCTL" peek --sysroot fk linux_banner 13 --binary
	assert_success
	assert_output "Linux version"
}

@test "peek: an address outside every kcore segment is an error, not zeros" {
	run "$VMAPCTL" peek --sysroot fk 0xffff000000000000
	assert_failure 1
	assert_output "vmapctl: 0xffff000000000000: outside every segment of /proc/kcore"
	run "$VMAPCTL" peek --sysroot fk 0xffffc90000001000
	assert_failure 1
	assert_output "vmapctl: 0xffffc90000001000: not mapped (not present at the pte level of the page tables)"
	run "$VMAPCTL" peek --sysroot fk no_such_symbol
	assert_failure 1
	assert_output "vmapctl: fk/proc/kallsyms: no symbol no_such_symbol"
}

@test "zeros in kallsyms are refused with the fix" {
	sed -i 's/^[0-9a-f]*/0000000000000000/' fk/proc/kallsyms
	run "$VMAPCTL" layout --sysroot fk
	assert_failure 1
	assert_output --partial "kernel addresses are hidden (zeros: kernel.kptr_restrict=2, or no CAP_SYSLOG)"
}

@test "another architecture is said plainly, not guessed" {
	"${MKKCORE:-$TOP/build/mkkcore}" arm 183	# EM_AARCH64
	run "$VMAPCTL" layout --sysroot arm
	assert_failure 1
	assert_output "vmapctl: arm/proc/kcore: machine 183: only x86_64 (and i386 for layout) is supported"
}

@test "not root: kcore refused with one line" {
	command -v setpriv >/dev/null || skip "no setpriv"
	chmod 755 "$BATS_TEST_TMPDIR" fk fk/proc
	bin=$BATS_TEST_TMPDIR/vmapctl && cp "$TOP/vmapctl" "$bin"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" layout --sysroot "$BATS_TEST_TMPDIR/fk"
	assert_failure 1
	assert_output "vmapctl: $BATS_TEST_TMPDIR/fk/proc/kcore: permission denied (needs root with CAP_SYS_RAWIO; refused under kernel lockdown)"
}

@test "vtop ADDR LEN past the end of the address space: an error, not an empty table" {
	run --separate-stderr "$VMAPCTL" vtop --sysroot fk 0xfffffffffffff000 0x2000
	assert_failure 1
	assert_output ""
	[[ "$stderr" == *"0xfffffffffffff000 + 8192 bytes runs past the end of the address space"* ]]
}

@test "list -o +PFNS: the frames behind each region, each page table read once" {
	printf '%s\n' \
		'0xffffc90000005000-0xffffc90000007000    8192 test_vmalloc+0x1/0x2 pages=1 vmalloc' \
		'0xffffc90000200000-0xffffc90000400000 2097152 test_ioremap+0x1/0x2 phys=0x0000000000400000 ioremap' \
		> fk/proc/vmallocinfo
	run "$VMAPCTL" list -a --sysroot fk -n -r -o START,PFNS
	assert_success
	# the mapped page of the first (its guard page is not), the 512 frames of the 2 MiB page
	assert_output $'0xffffc90000005000 0x300\n0xffffc90000200000 0x400-0x5ff'
	# 514 pages translated: the tables are read once each, not per page. Both regions lie
	# under one pgd entry, one pud entry and one pmd table (the 2 MiB page is a pmd entry):
	# one table of each level and the 4 KiB page's pte table, 4 whole pages of kcore
	command -v strace >/dev/null
	# (the plain build: ASan's leak check does not run under ptrace)
	run strace -y -o trace -e trace=pread64 "${VMAPCTL_PLAIN:-$TOP/vmapctl}" list --sysroot fk -n -r -o START,PFNS
	assert_success
	assert_output $'0xffffc90000005000 0x300\n0xffffc90000200000 0x400-0x5ff'
	grep 'pread64([0-9]*<[^>]*/fk/proc/kcore>' trace > kreads
	echo "# $(wc -l < kreads) reads of kcore" >&3
	# the page tables: whole pages; each read once
	sed -n 's/.*, 4096, \([0-9]*\)) = 4096$/\1/p' kreads > tables
	assert_equal "$(wc -l < tables)" 4
	assert_equal "$(sort -u tables | wc -l)" 4
	# and nothing else of kcore read page by page: its headers and the symbols' 8 bytes
	[ "$(wc -l < kreads)" -le $((4 + 2 + 3)) ]
}
