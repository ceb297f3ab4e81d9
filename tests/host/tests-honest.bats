#!/usr/bin/env bats
# What the other tests rely on: fixtures that hold only what a capture holds, and
# -J output that is one JSON document, nothing else, for every command that has -J.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# the files tests/fixtures/README.md says a capture holds, one path a line: the
# `proc/...` and `SNAPSHOT` names of its first paragraph, {a,b} expanded
readme_capture_files() {
	awk '/^Each folder is/ { on = 1 } on && /^$/ { exit } on' "$FIX/README.md" | grep -o '`[^`]*`' | tr -d '`' |
		grep -E '^(proc/|SNAPSHOT$)' | while read -r p; do
			if [[ $p == *'{'*'}'* ]]; then
				local pre=${p%%\{*} rest=${p#*\{} alt
				local list=${rest%%\}*} post=${rest#*\}}
				for alt in ${list//,/ }; do echo "$pre$alt$post"; done
			else
				echo "$p"
			fi
		done | sort -u
}

@test "fixtures: every folder is a capture of the files the README names, and nothing else" {
	readme_capture_files > allowed
	# what snapshot writes (without --kallsyms) is in the README's list, where it can run
	# (proc/modules only where the kernel has modules)
	if [ -r /proc/vmallocinfo ]; then
		run "$VMAPCTL" snapshot snap
		assert_success
		(cd snap && find . -type f | sed 's|^\./||' | sort) > written
		grep -qx proc/vmallocinfo written
		assert_equal "$(comm -13 allowed written)" ""
	fi
	for p in proc/vmallocinfo proc/iomem proc/meminfo proc/modules proc/sys/kernel/osrelease \
		proc/sys/kernel/kptr_restrict SNAPSHOT; do
		grep -qx "$p" allowed || { echo "the README does not name $p"; return 1; }
	done
	local d n=0 f
	for d in "$FIX"/*/; do
		d=${d%/}
		name=${d##*/}
		# each folder is one the README describes
		grep -q "^| \`$name\` \|^\`$name/" "$FIX/README.md" || { echo "$name: not in tests/fixtures/README.md"; return 1; }
		(cd "$d" && find . -type f | sed 's|^\./||' | sort) > has
		[ -s has ]
		if [[ $name == trace-* ]]; then	# a tracefs instance's trace file (README: trace-6.12/trace)
			assert_equal "$(cat has)" trace
			continue
		fi
		stray=$(comm -23 has allowed)
		[ -z "$stray" ] || { echo "$name holds files no capture holds ($(wc -l <<<"$stray")):"; head -5 <<<"$stray"; return 1; }
		for f in proc/vmallocinfo proc/iomem proc/meminfo proc/sys/kernel/osrelease proc/sys/kernel/kptr_restrict; do
			grep -qx "$f" has || { echo "$name: no $f"; return 1; }
		done
		n=$((n + 1))
	done
	[ "$n" -ge 15 ]
	# the whole folder stays small: captures, not corpora
	[ "$(du -sk "$FIX" | cut -f1)" -lt 4096 ]
}

# one_json CMD...: CMD's stdout is exactly one JSON document and, with -q, its stderr empty;
# its exit status is left in $status (the caller asserts it)
one_json() {
	run --separate-stderr "$@"
	local rc=$status out=$output err=$stderr
	[ -n "$out" ] || { echo "$*: no output (exit $rc): $err"; return 1; }
	jq -e . >/dev/null <<<"$out" || { echo "$*: not JSON"; head -c 600 <<<"$out"; return 1; }
	[ "$(jq -s length <<<"$out")" -eq 1 ] || { echo "$*: $(jq -s length <<<"$out") JSON documents"; return 1; }
	[ -z "$err" ] || { echo "$*: stderr under -J -q: $err"; return 1; }
	status=$rc
}

@test "-J: every command that has it prints one JSON document and nothing else (with -q)" {
	local R=$FIX/guest-6.12-max-real H=$FIX/host-6.18-hashed
	local B=$FIX/diff-6.12-max-before-real A=$FIX/diff-6.12-max-after-real
	"${MKKCORE:-$TOP/build/mkkcore}" fk >/dev/null
	# every command whose --help offers -J is here, or in the guest suite (demo, trace:
	# they need the module or tracefs)
	local c covered=" list summary fit diff map watch layout peek vtop demo trace "
	for c in $("$VMAPCTL" --help | awk '/^  [a-z]+ +[A-Za-z]/ { print $1 }'); do
		"$VMAPCTL" "$c" --help | grep -q -- '-J, --json' || continue
		[[ $covered == *" $c "* ]] || { echo "$c has -J and no check here"; return 1; }
	done
	local f
	for f in "$R" "$FIX/host-6.18-real" "$H" "$FIX/host-6.18-zeros" "$FIX/guest-6.1-qemu64-ptrval"; do
		one_json "$VMAPCTL" list -q -s "$f" -J; [ "$status" -eq 0 ]
		one_json "$VMAPCTL" list -q -a -s "$f" -J -o +TAGS,NUMA,LINE,PHYS,RESOURCE; [ "$status" -eq 0 ]
		one_json "$VMAPCTL" summary -q -s "$f" -J; [ "$status" -eq 0 ]
		one_json "$VMAPCTL" map -q -s "$f" -J; [ "$status" -eq 0 ]
		one_json "$VMAPCTL" watch -q -s "$f" --count 1 -J; [ "$status" -eq 0 ]
	done
	one_json "$VMAPCTL" fit -q 1M -s "$R" -J; [ "$status" -eq 0 ]
	local total=$(( $(awk '/^VmallocTotal:/ { print $2 }' "$R/proc/meminfo") * 1024 ))
	one_json "$VMAPCTL" fit -q -b $((total + 4096)) -s "$R" -J; [ "$status" -eq 1 ]
	one_json "$VMAPCTL" diff -q "$B" "$A" -J; [ "$status" -eq 2 ]
	one_json "$VMAPCTL" diff -q "$A" "$A" -J; [ "$status" -eq 0 ]
	one_json "$VMAPCTL" diff -q "$FIX/diff-6.12-max-before-hashed" "$A" -J; [ "$status" -eq 2 ]
	one_json "$VMAPCTL" layout -q -s fk -J; [ "$status" -eq 0 ]
	one_json "$VMAPCTL" peek -q -s fk linux_banner 16 -J; [ "$status" -eq 0 ]
	one_json "$VMAPCTL" vtop -q -s fk 0xffffc90000005123 -J; [ "$status" -eq 0 ]
	# --list-columns of each
	for c in list summary fit diff map watch layout peek vtop demo trace; do
		one_json "$VMAPCTL" "$c" -H -J; [ "$status" -eq 0 ]
		jq -e '.columns | length > 0' <<<"$output" >/dev/null
	done
}
