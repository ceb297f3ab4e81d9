#!/usr/bin/env bats
# On this machine's live kernel, as a user would run it.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	[ -r /proc/vmallocinfo ] || skip "not root: the live tests need to read /proc/vmallocinfo"
}

@test "live: vmapctl list and summary as root" {
	run --separate-stderr "$VMAPCTL" list -a -J
	assert_success
	n=$(jq '.regions | length' <<<"$output")
	[ "$n" -gt 0 ]
	jq -e '[.regions[] | .size > 0 and (.type | type) == "string"] | length > 0 and all' <<<"$output"
	# the addresses are real, or hidden and said so
	if [ "$(cat /proc/sys/kernel/kptr_restrict)" = 0 ]; then
		[[ "$stderr" == *"hashed"* ]]
		jq -e '[.regions[] | .start == null] | length > 0 and all' <<<"$output"
	fi
	run "$VMAPCTL" summary
	assert_success
	assert_line "Regions by type:"
}

@test "live: not root fails cleanly with one line naming the file" {
	command -v setpriv >/dev/null || skip "no setpriv"
	bin=$BATS_TEST_TMPDIR/vmapctl
	cp "$TOP/vmapctl" "$bin" && chmod 755 "$BATS_TEST_TMPDIR" "$bin"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" list
	assert_failure 1
	assert_output "vmapctl: /proc/vmallocinfo: permission denied (run vmapctl as root)"
}

@test "live: snapshot DIR, then --sysroot DIR reads it back" {
	run "$VMAPCTL" snapshot snap
	assert_success
	for f in vmallocinfo iomem meminfo sys/kernel/osrelease; do
		[ -s "snap/proc/$f" ] || { echo "missing $f"; return 1; }
	done
	grep -q "^kernel: $(uname -r) " snap/SNAPSHOT
	n=$(grep -c . snap/proc/vmallocinfo)
	run --separate-stderr "$VMAPCTL" list -a --sysroot snap -n -r -o SIZE
	assert_success
	assert_equal "${#lines[@]}" "$n"
	run "$VMAPCTL" snapshot snap
	assert_failure 1
	assert_output --partial "already holds a capture"
}

@test "list and summary open only the files they read, and load no library they do not use" {
	command -v strace >/dev/null
	local c
	# /proc/kallsyms for MODULE and summary's owners of module memory (its module symbols);
	# columns that need neither, neither it nor /proc/modules
	for c in list summary "list -J" "summary -r" "list -o START,SIZE,TYPE,CALLER"; do
		strace -f -o "$BATS_TEST_TMPDIR/trace" -e trace=open,openat "$TOP/vmapctl" $c >/dev/null 2>&1
		opened=$(grep -v ENOENT "$BATS_TEST_TMPDIR/trace" | grep -o '"[^"]*"' | tr -d '"' | grep -v '^/etc/ld.so' | sort -u)
		echo "$c: $opened"
		run grep -E 'kcore|/dev/mem|libkmod|libelf|libcrypto|libzstd|liblzma|libz\.' <<<"$opened"
		assert_output ""
		grep -qx /proc/vmallocinfo <<<"$opened"
		if [[ $c == *-o* ]]; then
			run grep -E 'kallsyms|/proc/modules' <<<"$opened"
			assert_output ""
		fi
	done
	# summary has no RESOURCE column: no /proc/iomem
	strace -f -o "$BATS_TEST_TMPDIR/trace" -e trace=open,openat "$TOP/vmapctl" summary >/dev/null 2>&1
	run grep -q '/proc/iomem' "$BATS_TEST_TMPDIR/trace"
	assert_failure
}
