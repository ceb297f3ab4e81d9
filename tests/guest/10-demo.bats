#!/usr/bin/env bats
# vmapctl demo and the companion module, as a user runs them (issue 4).
load helper

# the busy vmallocinfo line that starts at ADDR (0x... as printed), if any
vmi_line_at() {
	grep "^$1-" /proc/vmallocinfo | grep -v 'unpurged vm_area' || true
}

@test "demo vmap --pages 4: the whole story, and the system left as found" {
	before=$(wc -l < /proc/modules)
	# the README's example, with the module DKMS installed
	run vmapctl demo vmap --pages 4
	assert_success
	assert_line --regexp '^module +vmapctl_demo loaded for this demo$'
	assert_line --regexp '^map +vmap: id [0-9]+, 16384 bytes \(4 pages\) at 0x[0-9a-f]+ in the vmalloc area$'
	assert_line --regexp 'physically contiguous: [0-9]+ physical run'
	# its new vmallocinfo line, in vmapctl's own columns
	assert_line --regexp '^0x[0-9a-f]+ 0x[0-9a-f]+ +20K vmap +- +map_pages\+0x[0-9a-f]+/0x[0-9a-f]+ +vmapctl_demo$'
	assert_line --regexp '^read +the pattern reads back through the mapping: 16384 bytes ok'
	# gone, or (rarely) the freed range already taken by another caller
	assert_line --regexp '^vmallocinfo +(the line is gone|the range is in use again \(by another caller\))'
	assert_line --regexp '^module +vmapctl_demo unloaded$'
	refute module_loaded
	[ "$(wc -l < /proc/modules)" -eq "$before" ]
	run grep -c 'vmapctl_demo' /proc/vmallocinfo
	assert_output 0
}

@test "every page kind: demo map shows in vmallocinfo with its tag and [vmapctl_demo], unmap removes it" {
	local kind tag
	for kind in vmalloc vmap; do
		run vmapctl demo map "$kind" --pages 3 -J
		assert_success
		id=$(jq '.mappings[0].id' <<<"$output")
		addr=$(jq -r '.mappings[0].address' <<<"$output")
		[ "$(jq '.pages | length' <<<"$output")" -eq 3 ]
		line=$(vmi_line_at "$addr")
		[[ "$line" == *" $kind"* ]] || { echo "$kind: line '$line'"; return 1; }
		[[ "$line" == *"[vmapctl_demo]"* ]]
		run vmapctl demo unmap "$id"
		assert_success
		# no busy line of the module at that address any more
		[ "$(vmi_line_at "$addr" | grep -c vmapctl_demo)" -eq 0 ]
	done
}

@test "vm_map_ram: the mapping lies in a vm_map_ram line (a vmap block, no caller)" {
	run vmapctl demo map vm_map_ram --pages 2 -J
	assert_success
	addr=$(jq -r '.mappings[0].address' <<<"$output")
	id=$(jq '.mappings[0].id' <<<"$output")
	run --separate-stderr vmapctl list -J --type vm_map_ram
	assert_success
	jq -e --arg a "$addr" '[.regions[] | select(.start <= $a and $a < .end)] | length == 1' <<<"$output"
	run vmapctl demo unmap "$id"
	assert_success
}

@test "kmap and kmap_local on x86_64: the direct map, no new mapping" {
	run vmapctl demo kmap --pages 2
	assert_success
	assert_line --regexp "kmap\(\) returned each page's direct-map address"
	assert_line --partial "no line: the address is not in the vmalloc area"
	run vmapctl demo kmap_local --pages 2
	if kernel_at_least 5 11; then
		assert_success
		assert_line --regexp '^pages +kmap_local_page\(\) gave direct map addresses'
		assert_line --regexp '^read +the pattern reads back: 8192 bytes ok'
	else
		# 5.10 has no kmap_local_page(): the module refuses, and says why
		assert_failure 1
		assert_line "vmapctl: kmap_local: cannot map: kmap_local_page() came in Linux 5.11: this kernel has kmap_atomic() only"
	fi
	# the address the module reports is the page's direct-map address
	run vmapctl demo map kmap --pages 1 -J
	assert_success
	jq -e '.mappings[0].where == "direct map" and .pages[0].where == "direct map" and .pages[0].highmem == false' <<<"$output"
}

@test "ioremap of the edu device: its line names the PCI device, register 0 reads 0x010000ed" {
	bar=$(edu_bar)
	run vmapctl demo ioremap --phys "$bar" --size 4096
	assert_success
	assert_line --regexp " ioremap +map_io\+0x[0-9a-f]+/0x[0-9a-f]+ +vmapctl_demo +0x0*${bar#0x} 0000:00:0[0-9].0$"
	assert_line --regexp 'register 0 \(32-bit, little endian\): 0x010000ed$'
	assert_line --regexp '^vmallocinfo +the line is gone'
}

@test "ioremap refuses System RAM" {
	ram=$(awk -F'[- ]' '/^[0-9a-f]+-[0-9a-f]+ : System RAM$/ { print "0x" $1; exit }' /proc/iomem)
	run vmapctl demo ioremap --phys $((ram + 0x100000)) --size 4096
	assert_failure 1
	assert_output --partial "refused: the range is System RAM"
}

@test "ioremap of a range a driver holds (the IOAPIC) is refused, as /dev/mem refuses it" {
	ioapic=$(awk -F'[- ]' '/ : IOAPIC 0$/ { print "0x" $1; exit }' /proc/iomem)
	[ -n "$ioapic" ]
	run vmapctl demo ioremap --phys "$ioapic" --size 4096
	assert_failure 1
	assert_output --partial "vmapctl: ioremap: cannot map: a driver holds this range (busy in /proc/iomem): /dev/mem refuses it too"
	refute module_loaded
}

@test "demo bounds and a refused demo exhaust leave no module behind when they loaded it" {
	run vmapctl demo bounds
	assert_success
	refute module_loaded
	# on a 64-bit kernel exhaust cannot fill the area: refused, and the module unloaded
	run vmapctl demo exhaust
	assert_failure 1
	assert_output --partial "cannot fill it"
	refute module_loaded
}

@test "rmmod with live KEEP mappings leaves nothing of the module in vmallocinfo" {
	local k
	for k in vmalloc vmap vm_map_ram; do
		run vmapctl demo map "$k" --pages 4
		assert_success
	done
	run vmapctl demo status -J
	assert_success
	[ "$(jq '.mappings | length' <<<"$output")" -eq 3 ]
	jq -e '[.mappings[] | .keep] | all' <<<"$output"
	rmmod vmapctl_demo
	run grep -c 'vmapctl_demo' /proc/vmallocinfo
	assert_output 0
	run vmapctl demo status
	assert_output "vmapctl_demo is not loaded"
}

@test "the bad-input driver gets the documented errno every time" {
	modprobe vmapctl_demo
	run ioctl-errors
	assert_success
	refute_output --partial "not ok"
	assert_line "1..35"
}

@test "a module built for another kernel is refused, naming both versions" {
	run vmapctl demo vmap --module /vmapctl/wrong-vermagic.ko
	assert_failure 1
	assert_output "vmapctl: /vmapctl/wrong-vermagic.ko: built for kernel $(modinfo -F vermagic /vmapctl/wrong-vermagic.ko | cut -d' ' -f1), but this kernel is $(uname -r): rebuild it (make module, or make dkms-install)"
	refute module_loaded
}

@test "the module as DKMS built and installed it: where modprobe finds it, in depmod's index" {
	ko=$(modinfo -n vmapctl_demo)
	assert_equal "$ko" "/lib/modules/$(uname -r)/updates/dkms/vmapctl_demo.ko"
	[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$(uname -r)" ]
	grep -q '^updates/dkms/vmapctl_demo.ko:' "/lib/modules/$(uname -r)/modules.dep"
}

@test "--module PATH loads that file instead of the installed one" {
	# the installed one made unreadable: only --module can succeed
	ko=$(modinfo -n vmapctl_demo)
	mv "$ko" "$ko.away"
	run vmapctl demo vmalloc --pages 1 --module "$KO"
	mv "$ko.away" "$ko"
	assert_success
	assert_line --regexp '^module +vmapctl_demo loaded for this demo$'
	assert_line --regexp '^read +the pattern reads back'
	mv "$ko" "$ko.away"
	run vmapctl demo vmalloc --pages 1
	mv "$ko.away" "$ko"
	assert_failure 1
}

@test "not root: a clear refusal" {
	run setpriv --reuid=65534 --regid=65534 --clear-groups vmapctl demo vmap
	assert_failure 1
	assert_output "vmapctl: vmapctl_demo: permission denied (run vmapctl as root)"
	modprobe vmapctl_demo
	run setpriv --reuid=65534 --regid=65534 --clear-groups vmapctl demo status
	assert_failure 1
	assert_output "vmapctl: /dev/vmapctl_demo: permission denied (run vmapctl as root)"
}
