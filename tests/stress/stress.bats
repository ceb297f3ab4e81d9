#!/usr/bin/env bats
# The module under load and abuse (issue 11), in every guest (64-bit in both
# paging modes, and 32-bit), after the guest's tests in the same boot; the core
# passes and the 32-bit guest boot with slub_debug=FZPU page_poison=1 (which
# turns pointer hashing off, so the full passes boot without it). The suite
# fails on any BUG, WARNING, Oops, hung task or slub report. helper.bash is
# tests/guest's.
load helper

kb() {	# kb KEY: a /proc/meminfo value in kB
	awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo
}

@test "10,000 MAP/INFO/READ/UNMAP cycles over every kind from two processes: nothing left, memory back" {
	modprobe vmapctl_demo
	bar=$(edu_bar || echo 0)
	sync; echo 3 > /proc/sys/vm/drop_caches
	free0=$(kb MemFree) used0=$(kb VmallocUsed)
	run stress cycles 10000 "$bar"
	assert_success
	assert_output "cycles: 10000 MAP/INFO/READ/UNMAP cycles from 2 processes"
	rmmod vmapctl_demo
	run grep -c 'vmapctl_demo' /proc/vmallocinfo
	assert_output 0
	sync; echo 3 > /proc/sys/vm/drop_caches
	free1=$(kb MemFree) used1=$(kb VmallocUsed)
	echo "# MemFree ${free0} kB -> ${free1} kB, VmallocUsed ${used0} kB -> ${used1} kB" >&3
	# vmalloc'ed pages are freed at once (only the address space is purged lazily)
	[ $((used1 - used0)) -le 1024 ] || { echo "VmallocUsed grew by $((used1 - used0)) kB"; return 1; }
	# free memory back within 16 MiB (slab caches and the page cache move a little)
	[ $((free0 - free1)) -le 16384 ] || { echo "MemFree fell by $((free0 - free1)) kB"; return 1; }
}

@test "rmmod while another process loops on ioctls: clean errors for the loop, no oops" {
	modprobe vmapctl_demo
	stress loop 30 > "$BATS_TEST_TMPDIR/loop.out" 2>&1 &
	pid=$!
	sleep 1
	# the loop holds the device open most of the time: rmmod is refused ("in use") until it slips in
	for i in $(seq 200); do
		rmmod vmapctl_demo 2>/dev/null && break
		sleep 0.05
	done
	run module_loaded
	assert_failure
	wait "$pid"
	cat "$BATS_TEST_TMPDIR/loop.out"
	grep -q '^loop: [0-9]* ioctls$' "$BATS_TEST_TMPDIR/loop.out"
}

@test "100,000 ioctls with random numbers of the module's magic and random bytes: only documented errnos" {
	modprobe vmapctl_demo
	run stress random 100000 "$RANDOM"
	echo "# $output" >&3
	assert_success
	assert_line --regexp '^random: 100000 ioctls \(seed [0-9]+\), [0-9]+ succeeded, 0 undocumented errnos$'
	rmmod vmapctl_demo
	run grep -c 'vmapctl_demo' /proc/vmallocinfo
	assert_output 0
}
