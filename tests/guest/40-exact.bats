#!/usr/bin/env bats
# The kernel source: the kernel's own vmalloc lists read through /proc/kcore,
# kallsyms and BTF, against the text of the same boot, and the allocator's fit.
load helper

# lines "START END SIZE TYPE CALLER MODULE" of one source, sorted
areas() {	# areas text|kernel
	vmapctl list -a --source "$1" -r -n -b -o START,END,SIZE,TYPE,CALLER,MODULE 2>/dev/null | sort
}

@test "kernel source: the text's areas (kptr_restrict=1), the demo's mapping exactly, from the kernel's lists" {
	run vmapctl demo map vmalloc --pages 5 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	areas text > "$BATS_TEST_TMPDIR/t"
	areas kernel > "$BATS_TEST_TMPDIR/k"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/k")" -ge 50 ]
	# the anchor: one line at its address, the same in both, the module's
	a=$(grep "^$addr " "$BATS_TEST_TMPDIR/t")
	b=$(grep "^$addr " "$BATS_TEST_TMPDIR/k")
	assert_equal "$b" "$a"
	[[ "$b" == *" vmalloc "*" vmapctl_demo" ]]
	# the rest: the same but for process stacks made or freed between the two reads
	run bash -c "{ grep -Fxvf '$BATS_TEST_TMPDIR/k' '$BATS_TEST_TMPDIR/t'; grep -Fxvf '$BATS_TEST_TMPDIR/t' '$BATS_TEST_TMPDIR/k'; } |
		grep -v -e kernel_clone -e ' unpurged '"
	assert_output ''
	run vmapctl list --source kernel -o START
	assert_success
	assert_line --partial "source: the kernel's own lists"
}

@test "kernel source: with kptr_restrict=0 list shows the real addresses the text hashes" {
	skip_unless_hashing
	run vmapctl demo map vmap --pages 3 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	sysctl -q -w kernel.kptr_restrict=0
	run --separate-stderr vmapctl list -r -n -o START,TYPE,MODULE
	assert_success
	assert_line "$addr vmap vmapctl_demo"
	[[ "$stderr" == *"source: the kernel's own lists"* ]]
	run --separate-stderr vmapctl list -J -o START
	assert_success
	jq -e '.source == "kernel"' <<<"$output"
	# the text alone cannot
	run --separate-stderr vmapctl list --source text -r -n -o START
	[[ "$stderr" == *"hashed (kernel.kptr_restrict=0); for real addresses, run 'sysctl kernel.kptr_restrict=1' as root"* ]]
	refute_line "$addr"
}

@test "kernel source: with kptr_restrict=2 kallsyms hides its addresses too; the text is read, and why is said" {
	sysctl -q -w kernel.kptr_restrict=2
	run --separate-stderr vmapctl list -r -n -o START,TYPE
	assert_success
	# Debian's /boot/System.map is a stub: the symbols are in linux-image-ABI-dbg
	[[ "$stderr" == *"kernel.kptr_restrict=2"*"System.map"*"-dbg"* ]]
	[[ "$stderr" == *"source: /proc/vmallocinfo, not the kernel's own lists"* ]]
	refute_line --regexp '^0x'
	run --separate-stderr vmapctl summary --source kernel
	assert_failure 1
}

@test "kernel source: with kptr_restrict=2 and the real System.map (as linux-image-ABI-dbg has it), real addresses" {
	run vmapctl demo map vmap --pages 3 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	# the -dbg package's System.map: the core's symbols at their link-time addresses,
	# made here from kallsyms (kptr_restrict=1) less this boot's KASLR offset
	local map=/usr/lib/debug/boot/System.map-$(uname -r)
	mkdir -p "${map%/*}"
	sysmap < /proc/kallsyms > "$map"
	grep -q ' T _text$' "$map"
	sysctl -q -w kernel.kptr_restrict=2
	run --separate-stderr vmapctl list -r -n -o START,TYPE
	rm -f "$map"
	assert_success
	[[ "$stderr" == *"source: the kernel's own lists"* ]]
	assert_line "$addr vmap"
}

@test "kernel source: busy, lazily freed, pooled and free areas tile the vmalloc area" {
	run --separate-stderr vmapctl layout -J -b
	assert_success
	read -r lo hi < <(jq -r '.layout[] | select(.region == "vmalloc") | "\(.start) \(.end)"' <<<"$output")
	# the module's own bounds (x86_64's VMALLOC_END is the area's last byte)
	read -r mlo mhi < <(module_vmalloc_bounds)
	[ $((lo)) -eq $((mlo)) ] && [ $(((hi - lo) / 4096)) -eq $(((mhi - mlo + 4095) / 4096)) ]
	local try ok=0
	# one CPU: each new process takes the stack the last one cached there, instead of a
	# vmalloc between the two reads below (its 20 KiB would count as free, then as used)
	taskset -p -c 0 $$ >/dev/null
	for try in 1 2 3 4 5; do	# another process may come or go between the two reads
		run --separate-stderr vmapctl summary --source kernel -J -b
		assert_success
		free=$(jq '.vmalloc | .free + (.pooled // 0)' <<<"$output")
		run --separate-stderr vmapctl list -a --source kernel -r -n -o START,END
		assert_success
		used=0
		while read -r s e; do	# bash's 64-bit arithmetic: kernel addresses keep their order
			if [ $((s)) -ge $((lo)) ] && [ $((s)) -lt $((hi)) ]; then used=$((used + e - s)); fi
		done <<<"$output"
		size=$(( hi - lo ))
		echo "try $try: used $used + free $free = $((used + free)), area $size"
		if [ $((used + free)) -eq "$size" ]; then ok=1; break; fi
	done
	[ "$ok" = 1 ]
}

@test "kernel source: a vfree'd vmalloc of 512 pages waits in the lazy backlog; the backlog is the lazy areas' sum" {
	local try ok=0 size=$((513 * 4096))
	# the module loaded first: loading it purges the backlog (set_memory_* -> vm_unmap_aliases)
	run vmapctl demo map vmalloc --pages 1 -J
	assert_success
	for try in 1 2 3; do	# again if the kernel purged meanwhile (vm_unmap_aliases can come any time)
		run --separate-stderr vmapctl summary --source kernel -J -b
		assert_success
		before=$(jq '.vmalloc.backlog' <<<"$output")
		run vmapctl demo map vmalloc --pages 512 -J
		assert_success
		id=$(jq '.mappings[0].id' <<<"$output")
		addr=$(jq -r '.mappings[0].address' <<<"$output")
		run vmapctl demo unmap "$id"
		assert_success
		# the area itself, lazily freed at its address
		run --separate-stderr vmapctl list -a --source kernel -r -n -b -o START,SIZE,TYPE
		assert_success
		lazy=$(grep -c "^$addr $size unpurged$" <<<"$output" || true)
		run --separate-stderr vmapctl summary --source kernel -J -b
		assert_success
		s=$output
		after=$(jq '.vmalloc.backlog' <<<"$s")
		echo "try $try: backlog $before -> $after, the area lazily freed: $lazy"
		# at least its area more (other processes' stacks may be freed meanwhile)
		if [ "$lazy" = 1 ] && [ "$after" -ge $((before + size)) ]; then ok=1; break; fi
	done
	[ "$ok" = 1 ]
	# vmap_lazy_nr is the lazy areas' sum, below the purge threshold
	jq -e '.vmalloc | .backlog <= .["purge-at"] and .backlog == .unpurged' <<<"$s"
}

@test "fit: the largest hole less its guard page fits, in that hole; a page more does not" {
	local at walk largest pooled
	# the largest hole and its start: a walk of the text's areas (busy and lazily freed)
	# over the module's VMALLOC_START..VMALLOC_END, independently of vmapctl
	read -r at walk < <(stable_largest_hole)
	[ "$walk" -gt 4096 ]
	run --separate-stderr vmapctl summary --source kernel -J -b
	assert_success
	largest=$(jq '.vmalloc["largest-hole"]' <<<"$output")
	# 6.9+'s pools hold freed areas the text does not show (neither busy nor free): the
	# walk's hole is the kernel's plus at most the pooled bytes; with empty pools, exact
	pooled=$(jq '.vmalloc.pooled // 0' <<<"$output")
	echo "walk: $walk at $at; kernel: $largest; pooled: $pooled"
	if [ "$pooled" -eq 0 ]; then
		assert_equal "$largest" "$walk"
	else
		[ "$largest" -le "$walk" ] && [ $((walk - largest)) -le "$pooled" ]
	fi
	assert_fit_bounds "$largest" kernel "$at" $((at + walk))
}

@test "fit: a small vmalloc goes where the kernel then puts it" {
	local try got want pooled pages id
	# one CPU for this shell and what it starts: each new process takes the stack the
	# last one left in that CPU's cache, instead of a vmalloc that could take the hole first
	taskset -p -c 0 $$ >/dev/null
	run vmapctl demo map vmalloc --pages 1 -J	# the module loaded before (loading it allocates)
	assert_success
	# 6.9+ serves a vmalloc from a node's pool of freed areas of its size first, where fit
	# cannot say: a size no pool holds, chosen before anything is compared
	for pages in 16 17 19 23 29 31 37; do
		run --separate-stderr vmapctl fit $((pages * 4))K -J -o START,POOLED
		assert_success
		pooled=$(jq '.fit.pooled // 0' <<<"$output")
		[ "$pooled" -eq 0 ] && break
	done
	[ "$pooled" -eq 0 ] || skip "every size tried has freed areas in the nodes' pools"
	for try in 1 2 3; do
		run --separate-stderr vmapctl fit $((pages * 4))K -J -o START,POOLED
		assert_success
		want=$(jq -r '.fit.start' <<<"$output")
		# (our own unmap below may put an area of this size in a pool: untestable then)
		[ "$(jq '.fit.pooled // 0' <<<"$output")" -eq 0 ] || skip "an area of $pages pages went to a pool after try $((try - 1))"
		run vmapctl demo map vmalloc --pages "$pages" -J
		assert_success
		got=$(jq -r '.mappings[0].address' <<<"$output")
		id=$(jq '.mappings[0].id' <<<"$output")
		# what holds the predicted start now that ours is made
		other=$(area_at "$want" || true)
		run vmapctl demo unmap "$id"
		assert_success
		echo "try $try: fit said $want, vmalloc gave $got; at $want now: ${other:-nothing}"
		[ $((got)) -eq $((want)) ] && return 0
		# wrong unless another area (a process made meanwhile) took the predicted place
		[ -n "$other" ] && [[ "$other" != "$got"* ]] || return 1
	done
	return 1
}

@test "kernel source: vm_map_ram's blocks, each one's pages used, free and dirty" {
	run vmapctl demo map vm_map_ram --pages 2 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	id=$(jq '.mappings[0].id' <<<"$output")
	block() {	# the block holding the mapping in summary's output: "USED FREE DIRTY PAGES", or nothing
		jq -r --arg a "$addr" '.blocks[] | select(.start <= $a and $a < .end) | "\(.used) \(.free) \(.dirty) \(.pages)"' <<<"$output"
	}
	run --separate-stderr vmapctl summary --source kernel -J
	assert_success
	read -r used free dirty pages < <(block)
	echo "before: used $used free $free dirty $dirty of $pages"
	[ "$used" -ge 2 ]
	assert_equal $((used + free + dirty)) "$pages"
	# the same block is a vm_map_ram line of list, whole
	run --separate-stderr vmapctl list --source kernel -J --type vm_map_ram -o START,END,TYPE,TAGS
	assert_success
	jq -e --arg a "$addr" '[.regions[] | select(.start <= $a and $a < .end)] | length == 1' <<<"$output"
	# since 6.3 the kernel marks it as a block (VMAP_BLOCK), which the text does not say
	if kernel_at_least 6 3; then
		jq -e --arg a "$addr" '.regions[] | select(.start <= $a and $a < .end) | any(.tags[]; test("block"))' <<<"$output"
	fi
	run vmapctl demo unmap "$id"
	assert_success
	# given back: dirty until the kernel flushes, or the block freed when it was all dirty
	run --separate-stderr vmapctl summary --source kernel -J
	assert_success
	if read -r used2 free2 dirty2 _ < <(block); then
		echo "after: used $used2 free $free2 dirty $dirty2"
		assert_equal "$used2" $((used - 2))
		[ "$dirty2" -ge $((dirty + 2)) ] || [ "$free2" -gt "$free" ]
	fi
}
