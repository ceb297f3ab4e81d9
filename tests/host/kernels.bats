#!/usr/bin/env bats
# What differs by kernel, on the captures of each (tests/fixtures/README.md): the
# module memory of 7.x (the execmem ROX cache), and 5.10's lazily freed areas.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "7.3: a chunk of the execmem ROX cache is no one module's, though a module's text starts at its base" {
	local f=$FIX/guest-7.3-max-real base
	# the capture as the kernel made it: vmapctl_demo's text at the base of a 2 MiB + guard chunk
	base=$(awk '$1 == "vmapctl_demo" { print $6 }' "$f/proc/modules")
	grep -q "^$base-0x[0-9a-f]* *2101248 execmem_alloc+" "$f/proc/vmallocinfo"
	run --separate-stderr "$VMAPCTL" list --sysroot "$f" -J -o START,SIZE,CALLER,MODULE
	assert_success
	# every chunk: module memory whose owner is not told
	jq -e '[.regions[] | select(.caller // "" | startswith("execmem_alloc+"))] | length >= 2 and all(.module == null)' <<<"$output"
	# module data (execmem_alloc_rw) is module memory too, not the kernel's
	jq -e '[.regions[] | select(.caller // "" | startswith("execmem_alloc_rw+"))] | length == 3 and all(.module == null)' <<<"$output"
}

@test "7.3: diff from hidden to real addresses names the module by what both sides can tell" {
	local f=$FIX/guest-7.3-max
	run --separate-stderr "$VMAPCTL" diff "$f-hashed" "$f-real" -J
	assert_failure 2
	jq -e '.total.match == "caller"' <<<"$output"
	# insmod vmapctl_demo.ko samples=1 came between the two captures: the module's rows are its
	# sample mappings (map_pages), and its module memory shows as module memory of no told owner
	jq -e '[.changes[] | select(.module == "vmapctl_demo") | .caller] | unique == ["map_pages"]' <<<"$output"
	jq -e '[.changes[] | select(.caller == "execmem_alloc" or .caller == "execmem_alloc_rw") | .module] | unique == [null]' <<<"$output"
	# the same groups when the other side is hidden (--module's gate: the samples alone,
	# gone: no row grew, exit 0)
	run --separate-stderr "$VMAPCTL" diff "$f-real" "$f-hashed" -J -m vmapctl_demo
	assert_success
	jq -e '([.changes[] | .caller] | unique == ["map_pages"]) and ([.changes[] | .change] | add) == -2' <<<"$output"
}

@test "7.3: diff -m of a module loaded with no region of its own (its text in a ROX chunk) is an empty gate, not an error" {
	local f=$FIX/guest-7.3-max-real d=$BATS_TEST_TMPDIR/loaded
	# the capture as it would be with vmapctl_demo loaded without samples: its lines taken out
	cp -r "$f" "$d"
	grep -v '\[vmapctl_demo\]' "$f/proc/vmallocinfo" > "$d/proc/vmallocinfo"
	grep -q '^vmapctl_demo ' "$d/proc/modules"
	run --separate-stderr "$VMAPCTL" list --sysroot "$d" -J -m vmapctl_demo
	assert_success
	jq -e '.regions == []' <<<"$output"
	run --separate-stderr "$VMAPCTL" diff "$d" "$d" -J -m vmapctl_demo
	assert_success
	jq -e '(.changes | length) == 0 and .total.appeared == 0 and .total.vanished == 0' <<<"$output"
	# a name neither side knows is still refused
	run --separate-stderr "$VMAPCTL" diff "$d" "$d" -J -m vmapctl_dem
	assert_failure 1
	[[ $stderr == "vmapctl: --module vmapctl_dem: no region of this module in "*", nor loaded "* ]]
}

@test "5.10: the text's regions are every line, sorted, the busy ones in address order" {
	local f=$FIX/guest-5.10-qemu64-real
	run --separate-stderr "$VMAPCTL" list -a --sysroot "$f" -n -r -o START
	assert_success
	[ "${#lines[@]}" -eq "$(grep -c . "$f/proc/vmallocinfo")" ]
	sort -c <<<"$output"
	# the kernel's own print: one busy list, in address order (5.10: vmap_area_list)
	grep -v ' unpurged vm_area$' "$f/proc/vmallocinfo" | cut -d- -f1 | sort -c
}
