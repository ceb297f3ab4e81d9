#!/usr/bin/env bats
# The module area and who holds it, on the 6.12 capture with BPF programs loaded
# (tests/fixtures/guest-6.12-qemu64-bpf-real: bpfprogs' eight eBPF programs and one
# larger than a pack, classic socket and seccomp filters, an ftrace instance's
# trampoline, vmapctl_demo; /proc/kallsyms' module symbols). What vmapctl says is
# checked against the capture's own files, read here with awk and jq.
load helper

F=$FIX/guest-6.12-qemu64-bpf-real

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# the regions of the module area (x86-64: 0xffffffffc0000000 ..), "START END" in hex, sorted
module_area_ranges() {
	awk '$1 ~ /^0xffffffffc/ { split($1, r, "-"); print r[1], r[2] }' "$1/proc/vmallocinfo" | sort
}

@test "module area: every region has an owner, and the owner its symbols and caller say" {
	run --separate-stderr "$VMAPCTL" list --sysroot "$F" -J -o START,END,SIZE,CALLER,MODULE,OWNER,PROGS
	assert_success
	jq '[.regions[] | select(.start >= "0xffffffffc0000000")]' <<<"$output" > area.json
	assert_equal "$(jq length area.json)" "$(module_area_ranges "$F" | wc -l)"
	jq -e 'all(.owner != null and .owner != "unknown")' area.json
	jq -e '[.[] | select(.caller | startswith("bpf_prog_pack_alloc+")) | .owner] | unique == ["bpf"]' area.json
	jq -e '[.[] | select(.caller | startswith("arch_ftrace_update_trampoline+")) | .owner] == ["ftrace"]' area.json
	# outside the module area: no owner
	jq -e '[.regions[] | select(.start < "0xffffffffc0000000") | .owner] | unique == [null]' <<<"$output"
}

@test "module area: each [bpf] program lies in a region of the JIT's, which counts it" {
	run --separate-stderr "$VMAPCTL" list --sysroot "$F" -J -o START,END,OWNER,PROGS
	assert_success
	jq -c '.regions[] | select(.owner == "bpf")' <<<"$output" > bpf.jsonl
	local addr n=0 hit
	while read -r addr; do
		hit=$(jq -r --arg a "0x$addr" 'select(.start <= $a and $a < .end) | .start' bpf.jsonl)
		[ -n "$hit" ] || fail "bpf program at 0x$addr lies in no region of the JIT's"
		n=$((n + 1))
	done < <(awk '$NF == "[bpf]" && $3 ~ /^bpf_prog_/ { print $1 }' "$F/proc/kallsyms")
	# bpfprogs' nine (vmapctl_0 .. vmapctl_7, vmapctl_big), and no other
	assert_equal "$n" "$(grep -c '_vmapctl_[0-9a-z]*	\[bpf\]$' "$F/proc/kallsyms")"
	assert_equal "$n" 9
	assert_equal "$(jq -s 'map(.progs) | add' bpf.jsonl)" "$n"
	# vmapctl_big, larger than a pack, has its own allocation: one program
	big=$(awk '$3 ~ /_vmapctl_big$/ { print $1 }' "$F/proc/kallsyms")
	jq -e -s --arg a "0x$big" 'map(select(.start <= $a and $a < .end)) | .[0].progs == 1' bpf.jsonl
}

@test "module area: a module's regions are all named, and sum to its size in /proc/modules" {
	run --separate-stderr "$VMAPCTL" list --sysroot "$F" -J -o START,SIZE,MODULE,OWNER
	assert_success
	local m size
	while read -r m size _; do
		# each range with its guard page: the kernel's size is the sum of them without
		assert_equal "$m $(jq --arg m "$m" '[.regions[] | select(.module == $m and .owner == "module") | .size - 4096] | add' <<<"$output")" \
			"$m $size"
	done < "$F/proc/modules"
	# text, data and rodata: three regions of vmapctl_demo (6.4+: a range of struct module's mem[] each)
	jq -e '[.regions[] | select(.module == "vmapctl_demo" and .owner == "module")] | length == 3' <<<"$output"
}

@test "module area: without kallsyms, owners from the callers alone; a module's other regions unknown" {
	run --separate-stderr "$VMAPCTL" list --sysroot "$FIX/guest-6.12-qemu64-real" -J -o START,CALLER,MODULE,OWNER,PROGS
	assert_success
	jq '[.regions[] | select(.start >= "0xffffffffc0000000")]' <<<"$output" > area.json
	jq -e '[.[] | select(.owner == "bpf")] | length == 1 and .[0].progs == null' area.json
	# the text at the module's base is the module's; its data and rodata cannot be told
	jq -e '[.[] | .owner] == ["bpf", "module", "unknown", "unknown"]' area.json
}

@test "summary: the module area's regions and holes tile it, its owners sum to its use, the JIT's limit as captured" {
	run --separate-stderr "$VMAPCTL" summary --sysroot "$F" -J
	assert_success
	local base=0xffffffffc0000000 size=$((0xffffffffff000000 - 0xffffffffc0000000)) s e cur=0 holes=0 largest=0 free=0 used=0 n=0
	# the holes, walked here: offsets from the area's start (bash's 64-bit arithmetic wraps alike)
	while read -r s e; do
		s=$((s - base)) e=$((e - base))
		if [ $s -gt $cur ]; then
			holes=$((holes + 1)) free=$((free + s - cur))
			[ $((s - cur)) -gt $largest ] && largest=$((s - cur))
		fi
		cur=$e used=$((used + e - s)) n=$((n + 1))
	done < <(module_area_ranges "$F")
	if [ $size -gt $cur ]; then
		holes=$((holes + 1)) free=$((free + size - cur))
		[ $((size - cur)) -gt $largest ] && largest=$((size - cur))
	fi
	jq -e --argjson size $size '."module-area" | .start == "0xffffffffc0000000" and .size == $size' <<<"$output"
	assert_equal "$(jq -r '."module-area" | "\(.regions) \(.used) \(.holes) \(.["largest-hole"]) \(.free)"' <<<"$output")" \
		"$n $used $holes $largest $free"
	assert_equal "$(jq '[.owners[].size] | add' <<<"$output")" "$used"
	assert_equal "$(jq '."module-area"."bpf-jit-limit"' <<<"$output")" "$(cat "$F/proc/sys/net/core/bpf_jit_limit")"
	# the JIT's share: its two regions, one of them the program larger than a pack
	jq -e '(.owners[] | select(.owner == "bpf") | .regions == 2 and .progs == 9) and ."module-area"."bpf-jit" == (.owners[] | select(.owner == "bpf") | .size)' <<<"$output"
}

@test "summary: hidden addresses: owners by caller, the area's bounds, no holes; a capture without the limit says null" {
	run --separate-stderr "$VMAPCTL" summary --sysroot "$FIX/guest-6.12-max-hashed" -J
	assert_success
	jq -e '.owners | map(.owner) == ["bpf"]' <<<"$output"
	jq -e '."module-area" | .holes == null and .free == null and ."bpf-jit-limit" == null and .size == 1056964608' <<<"$output"
}

@test "metrics: the module area's series pass promtool and agree with summary" {
	run --separate-stderr "$VMAPCTL" metrics --sysroot "$F"
	assert_success
	printf '%s\n' "$output" > m.prom
	promtool check metrics < m.prom
	run --separate-stderr "$VMAPCTL" summary --sysroot "$F" -J
	assert_success
	val() { awk -v k="$1" '$1 == k { print $2 }' m.prom; }
	assert_equal "$(val vmapctl_module_area_bytes)" "$(jq '."module-area".size' <<<"$output")"
	assert_equal "$(val vmapctl_module_area_used_bytes)" "$(jq '."module-area".used' <<<"$output")"
	assert_equal "$(val vmapctl_module_area_largest_free_bytes)" "$(jq '."module-area"."largest-hole"' <<<"$output")"
	assert_equal "$(val vmapctl_bpf_jit_bytes)" "$(jq '."module-area"."bpf-jit"' <<<"$output")"
	assert_equal "$(val vmapctl_bpf_jit_limit_bytes)" "$(cat "$F/proc/sys/net/core/bpf_jit_limit")"
	# bytes per module: its regions, as list names them
	assert_equal "$(val 'vmapctl_module_memory_bytes{owner="module",module="vmapctl_demo"}')" \
		"$("$VMAPCTL" list --sysroot "$F" -J -o SIZE,MODULE,OWNER | jq '[.regions[] | select(.owner == "module" and .module == "vmapctl_demo") | .size] | add')"
}

@test "module area: a module allocator's area below it (a big chunk's page array, 7.3) is no module memory" {
	# the line the 7.3 guest showed under a 4 MiB chunk of the ROX cache, added to the 6.12 capture
	cp -a "$F" cap
	echo "0xffffd23000c01000-0xffffd23000c04000   12288 execmem_alloc+0xdd/0x1c0 pages=2 vmalloc N0=2" >> cap/proc/vmallocinfo
	run --separate-stderr "$VMAPCTL" list --sysroot cap -J -o START,MODULE,OWNER
	assert_success
	jq -e '.regions[] | select(.start == "0xffffd23000c01000") | .owner == null and .module == "kernel"' <<<"$output"
	run --separate-stderr "$VMAPCTL" summary --sysroot cap -J
	assert_success
	jq -e '([.owners[].size] | add) == ."module-area".used' <<<"$output"
}

@test "map --area modules --by owner: the legend is summary's owners" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$F" --area modules --by owner -J
	assert_success
	got=$(jq -c '[.legend[] | select(.regions > 0) | {owner: .category, regions, size}] | sort_by(.owner)' <<<"$output")
	run --separate-stderr "$VMAPCTL" summary --sysroot "$F" -J
	assert_success
	assert_equal "$got" "$(jq -c '[.owners[] | {owner, regions, size}] | sort_by(.owner)' <<<"$output")"
}
