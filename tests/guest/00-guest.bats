#!/usr/bin/env bats
# The guest itself, and the minimal module: what every later guest test relies on.
load helper

# vmapctl list hides every address and says why, once, on stderr
addresses_hidden_because() {	# the text's detection (as root, list would turn to the kernel's lists)
	run --separate-stderr vmapctl list --source text -J
	assert_success
	[[ "$stderr" == *"$1"* ]]
	jq -e '[.regions[] | .start == null and .end == null] | all' <<<"$output"
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
	jq -e '[.regions[] | .start == null and .end == null] | all' <<<"$output"
	[[ "$stderr" == *"kernel.kptr_restrict is 1 already, but this process lacks CAP_SYSLOG"* ]] || { echo "$stderr"; return 1; }
	[[ "$stderr" != *"sysctl"* ]]
	# with it, real addresses and no hint
	run --separate-stderr vmapctl list --source text -J
	[ -z "$stderr" ]
	jq -e '[.regions[] | .start != null] | all' <<<"$output"
}

@test "kptr_restrict=0 before the random pool is ready: (____ptrval____) is detected" {
	sysctl -q -w kernel.kptr_restrict=0
	grep -q ptrval /proc/vmallocinfo || skip "the pool is ready already: addresses are hashed"
	addresses_hidden_because "(____ptrval____)"
}

@test "kptr_restrict=0: vmapctl list detects the hashing and hides the addresses" {
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
	# vmalloc and vmap from map_pages [vmapctl_demo] (samples=1), and the module's own memory,
	# recognised by its /proc/modules base address
	jq -e '[.regions[] | select(.type == "vmalloc" and (.caller | startswith("map_pages+")))] | length == 1' <<<"$output"
	jq -e '[.regions[] | select(.type == "vmap" and (.caller | startswith("map_pages+")))] | length == 1' <<<"$output"
	base=$(awk '$1 == "vmapctl_demo" { print $6 }' /proc/modules)
	jq -e --arg b "$base" '[.regions[] | select(.start == $b)] | length == 1' <<<"$output"
	# vm_map_ram: the module's 4 pages sit in a per-CPU vmap block line
	run vmapctl list -n -r -o TYPE --type vm_map_ram
	[ "${#lines[@]}" -ge 1 ]
	rmmod vmapctl_demo
	run vmapctl list -n -r -o MODULE --module vmapctl_demo
	assert_success
	assert_output ""
}

@test "the ioremap of a PCI device names its resource" {
	sysctl -q -w kernel.kptr_restrict=1
	run vmapctl list -n -r -o TYPE,RESOURCE --type ioremap
	assert_success
	[ "${#lines[@]}" -ge 1 ]
	refute_line --regexp ' -$'
}
