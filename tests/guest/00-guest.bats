#!/usr/bin/env bats
# The guest itself, and the minimal module: what every later guest test relies on.
load helper

# vmapctl list hides every address and says why, once, on stderr
addresses_hidden_because() {	# the text's detection (as root, list would turn to the kernel's lists)
	run --separate-stderr vmapctl list --source text -J
	assert_success
	[[ "$stderr" == *"$1"* ]]
	jq -e '[.regions[] | .start == null and .end == null] | length > 0 and all' <<<"$output"
}

teardown() {
	unload_module
	sysctl -q -w kernel.kptr_restrict=0
}

@test "the guest runs Debian's packaged kernel" {
	run uname -r
	assert_output "$VM_ABI"
	grep -q 'Debian' /proc/version
}

@test "the paging mode is the one asked for (${VM_PAGING:-?}-level)" {
	if [ "$VM_PAGING" = 5 ]; then
		grep -qw la57 /proc/cpuinfo
	else
		run grep -qw la57 /proc/cpuinfo
		assert_failure
	fi
}

@test "the module loads, shows in /proc/modules and vmallocinfo, and unloads clean" {
	run modprobe vmapctl_demo samples=1
	assert_success
	module_loaded
	grep -q '\[vmapctl_demo\]' /proc/vmallocinfo
	run rmmod vmapctl_demo
	assert_success
	refute module_loaded
	run grep -c 'vmapctl_demo' /proc/vmallocinfo
	assert_output 0
}

@test "kptr_restrict=1: vmapctl list shows real addresses (END - START = SIZE everywhere)" {
	sysctl -q -w kernel.kptr_restrict=1
	run --separate-stderr vmapctl list -n -r -b -o START,END,SIZE
	assert_success
	[ -z "$stderr" ]
	[ "${#lines[@]}" -gt 10 ]
	local l s e z
	for l in "${lines[@]}"; do
		read -r s e z <<<"$l"
		[ $((e - s)) -eq "$z" ] || { echo "bad row: $l"; return 1; }
	done
}

@test "kptr_restrict=1 without CAP_SYSLOG: zeros, and the hint names the capability, not the sysctl" {
	sysctl -q -w kernel.kptr_restrict=1
	# root without CAP_SYSLOG (as in a container): the bounding set drops it at exec
	run --separate-stderr setpriv --bounding-set=-syslog vmapctl list --source text -J
	assert_success
	jq -e '[.regions[] | .start == null and .end == null] | length > 0 and all' <<<"$output"
	[[ "$stderr" == *"kernel.kptr_restrict is 1 already, but this process lacks CAP_SYSLOG"* ]] || { echo "$stderr"; return 1; }
	[[ "$stderr" != *"sysctl"* ]]
	# with it, real addresses and no hint
	run --separate-stderr vmapctl list --source text -J
	assert_success
	[ -z "$stderr" ]
	jq -e '[.regions[] | .start != null] | length > 0 and all' <<<"$output"
}

@test "kptr_restrict=0 before the random pool is ready: (____ptrval____) is detected" {
	skip_unless_hashing
	sysctl -q -w kernel.kptr_restrict=0
	grep -q ptrval /proc/vmallocinfo || skip "the pool is ready already: addresses are hashed"
	addresses_hidden_because "(____ptrval____)"
}

@test "kptr_restrict=0: vmapctl list detects the hashing and hides the addresses" {
	skip_unless_hashing
	sysctl -q -w kernel.kptr_restrict=0
	# %p hashes only once the random pool is ready ("(____ptrval____)" before):
	# a blocking read of /dev/random waits for it, the key follows soon after
	head -c 1 /dev/random >/dev/null
	# (the key's work item can take seconds under TCG with slub_debug)
	local i
	for i in $(seq 300); do
		grep -q ptrval /proc/vmallocinfo || break
		sleep 0.1
	done
	addresses_hidden_because hashed
}

@test "kptr_restrict=2: zeros are detected" {
	sysctl -q -w kernel.kptr_restrict=2
	addresses_hidden_because zeros
}

@test "the module's mappings: typed, attributed to the module, and gone after rmmod" {
	sysctl -q -w kernel.kptr_restrict=1
	modprobe vmapctl_demo samples=1
	run vmapctl list -J --module vmapctl_demo
	assert_success
	# vmalloc and vmap from map_pages [vmapctl_demo] (samples=1)
	jq -e '[.regions[] | select(.type == "vmalloc" and (.caller | startswith("map_pages+")))] | length == 1' <<<"$output"
	jq -e '[.regions[] | select(.type == "vmap" and (.caller | startswith("map_pages+")))] | length == 1' <<<"$output"
	list=$output
	# and the module's own memory, by its /proc/modules base address (its text), which is
	# one of two things, told apart by the kernel's own line for it
	base=$(awk '$1 == "vmapctl_demo" { print $6 }' /proc/modules)
	l=$(area_at "$base")
	local z
	read -r _ z _ <<<"$l"
	if [[ "$l" == *" execmem_alloc+"* ]] && [ $(((z - 4096) % (2 * 1024 * 1024))) -eq 0 ] && [ "$z" -gt 4096 ]; then
		# a chunk of the execmem ROX cache (2 MiB steps and a guard page; x86-64, 7.3): the module's text is
		# carved from it with other modules', so the chunk is no one module's, even when
		# the module starts at its base: not in --module, and in list with no module
		local c=${l%%-*}
		jq -e --arg c "$c" '[.regions[] | select(.start == $c)] | length == 0' <<<"$list"
		run vmapctl list -J
		assert_success
		jq -e --arg c "$c" --argjson z "$z" '[.regions[] | select(.start == $c)] | length == 1 and (.[0] | .module == null and .size == $z)' <<<"$output"
	else
		# a vmalloc of its own, starting at the base: the module's
		[[ "$l" == "$base-"* ]] || { echo "no line starts at the base $base: $l"; return 1; }
		jq -e --arg b "$base" '[.regions[] | select(.start == $b)] | length == 1 and (.[0].module == "vmapctl_demo")' <<<"$list"
	fi
	# the module's own three mappings (samples=1: 4 pages each), where it says they are
	run vmapctl demo status -J
	assert_success
	demo_st=$output
	[ "$(jq '.mappings | length' <<<"$demo_st")" -eq 3 ]
	local k a z
	for k in vmalloc vmap; do
		a=$(jq -r --arg k "$k" '.mappings[] | select(.kind == $k) | .address' <<<"$demo_st")
		z=$(jq -r --arg k "$k" '.mappings[] | select(.kind == $k) | .size' <<<"$demo_st")
		[ "$z" -eq 16384 ]
		# its line: at that address, the size and a guard page, the module's
		jq -e --arg a "$a" --arg k "$k" --argjson z $((z + 4096)) \
			'[.regions[] | select(.start == $a)] | length == 1 and (.[0] | .type == $k and .size == $z and .module == "vmapctl_demo")' <<<"$list" ||
			{ echo "$k at $a ($z bytes) not in list"; return 1; }
		# and the kernel's own line for it, by the text
		l=$(area_at "$a")
		[[ "$l" == "$a-"*" $((z + 4096)) "*"+0x"*" [vmapctl_demo]"*" $k"* ]] || { echo "$k: $l"; return 1; }
	done
	# vm_map_ram: the module's 4 pages sit in a per-CPU vmap block line, one that holds all of them
	a=$(jq -r '.mappings[] | select(.kind == "vm_map_ram") | .address' <<<"$demo_st")
	run vmapctl list -J --type vm_map_ram -o START,END,TYPE
	assert_success
	jq -e --arg a "$a" '[.regions[] | select(.start <= $a and $a < .end)] | length == 1' <<<"$output"
	l=$(area_at "$a")
	[[ "$l" == *" vm_map_ram"* ]]
	e=${l#*-}; e=${e%% *}
	[ $((e - a)) -ge 16384 ]
	rmmod vmapctl_demo
	run vmapctl list -n -r -o MODULE --module vmapctl_demo
	assert_success
	assert_output ""
}

# the innermost /proc/iomem resource holding physical address PHYS (the deepest
# indented line whose range holds it), by bash arithmetic on the file
iomem_innermost() {	# iomem_innermost PHYS
	local p=$(($1)) l r lo hi depth best=-1 name=
	while IFS= read -r l; do
		r=${l#"${l%%[! ]*}"}
		depth=$(( ${#l} - ${#r} ))
		lo=0x${r%%-*} hi=${r#*-}; hi=0x${hi%% *}
		if [ $((p - lo)) -ge 0 ] && [ $((hi - p)) -ge 0 ] && [ "$depth" -gt "$best" ]; then
			best=$depth name=${r#* : }
		fi
	done < /proc/iomem
	echo "$name"
}

# (at boot the guests' ioremaps are ACPI's, the HPET's and memremap's: the PCI
# device's own, the edu BAR's, is the demo test's "ioremap of the edu device")
@test "every ioremap names the innermost /proc/iomem resource at its PHYS" {
	sysctl -q -w kernel.kptr_restrict=1
	run vmapctl list -J -o PHYS,RESOURCE --type ioremap
	assert_success
	[ "$(jq '.regions | length' <<<"$output")" -ge 1 ]
	local phys res want
	while IFS=$'\t' read -r phys res; do
		want=$(iomem_innermost "$phys")
		[ -n "$want" ] || { echo "$phys: in no resource of /proc/iomem"; return 1; }
		# a mapping that runs into the next resource names each: the first is PHYS's own
		[ "${res%%, *}" = "$want" ] || { echo "$phys: RESOURCE '$res', /proc/iomem '$want'"; return 1; }
	done < <(jq -r '.regions[] | "\(.phys)\t\(.resource)"' <<<"$output")
}
