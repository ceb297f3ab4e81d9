#!/usr/bin/env bats
# demo jit on the live kernel (issue 26): classic filters loaded as nobody until
# the JIT's limit refuses one, where vmapctl predicted; root past it; all back.
# Checked against the kernel's own counter (bpf_jit_current, read with peek) and
# its sysctl, not against vmapctl's arithmetic alone.
load helper

# the JIT's counter in its units (pages before 5.18, bytes since)
jit_counter() {
	vmapctl peek --binary bpf_jit_current 8 | od -An -t d8 | tr -d ' '
}

# the page size, as the kernel tells it (the guest has no getconf)
page_size() {
	awk '/^KernelPageSize:/ { print $2 * 1024; exit }' /proc/self/smaps
}

# the demo with FILTER, as JSON in demo.json, and the checks of every run
demo_jit() {	# demo_jit FILTER [ARGS...]
	local limit before after
	limit=$(sysctl -n net.core.bpf_jit_limit)
	before=$(jit_counter)
	run --separate-stderr vmapctl demo jit --filter "$@" -J
	assert_success
	printf '%s\n' "$output" > demo.json
	jq -e . demo.json >/dev/null	# JSON and nothing else
	after=$(jit_counter)
	# the limit is set back, the counter is back where it was
	assert_equal "$(sysctl -n net.core.bpf_jit_limit)" "$limit"
	assert_equal "$after" "$before"
	assert_equal "$(jq '.release.limit' demo.json)" "$limit"
	jq -e '.release | .["charged-after"] <= .["charged-before"]' demo.json
	# step 1 starts from the counter as peek read it (in bytes: pages before 5.18)
	local unit=1
	kernel_at_least 5 18 || unit=$(page_size)
	assert_equal "$(jq '.jit[0].charged' demo.json)" "$((before * unit))"
}

# the checks of the steps: every load by nobody the JIT compiled until the one
# past the limit, which it refused (the kernel's ENOTSUPP, or the interpreter
# where the kernel has one); each as predicted; root's load past it compiled
check_steps() {
	local refused
	jq -c '.jit[]' demo.json
	refused=$(jq '[.jit[] | select(.user == "nobody" and .charge == 0)] | first | .step' demo.json)
	[ "$refused" != null ] || { echo "no load was refused"; return 1; }
	jq -e --argjson r "$refused" '[.jit[] | select(.user == "nobody" and .step < $r)] |
		all(.charge > 0 and .result == "JIT-compiled")' demo.json
	jq -e --argjson r "$refused" '.jit[] | select(.step == $r) |
		(.result == "ENOTSUPP" or .result == "interpreted") and .predicted == "refused"' demo.json
	# the kernel's rule: refused when the counter and the charge pass the limit, not before
	local charge
	charge=$(jq '.jit[0].charge' demo.json)
	jq -e --argjson r "$refused" --argjson c "$charge" '.jit[] | select(.step == $r) | .charged + $c > .limit' demo.json
	jq -e --argjson r "$refused" --argjson c "$charge" '.jit[] | select(.step == $r - 1) | .charged + $c <= .limit' demo.json
	jq -e '[.jit[1:][] | select(.user == "nobody")] | all(.predicted == (if .charge > 0 then "fits" else "refused" end))' demo.json
	jq -e --argjson r "$refused" '.jit[-1] | .user == "root" and .step == $r + 1 and .charge > 0 and .result == "JIT-compiled"' demo.json
	# a charge is a whole number of pages before 5.18, of 64-byte pieces of a pack since
	if kernel_at_least 5 18; then
		jq -e '.jit[0].charge % 64 == 0' demo.json
	else
		jq -e --argjson p "$(page_size)" '.jit[0].charge % $p == 0' demo.json
	fi
}

@test "demo jit: socket filters as nobody stop at the JIT's limit, where predicted; root passes; all released" {
	demo_jit socket
	check_steps
}

@test "demo jit: seccomp filters the same, with --size room for a few" {
	demo_jit seccomp --size 8K
	check_steps
	# 8K of room and step 1's charge: a few loads, not fifty
	[ "$(jq '.jit | length' demo.json)" -le $((8192 / $(jq '.jit[0].charge' demo.json) + 4)) ]
}

@test "demo jit: the table and the sentences say the same" {
	run --separate-stderr vmapctl demo jit
	assert_success
	assert_output --regexp 'The JIT refused load [0-9]+ as nobody.*vmapctl predicted load [0-9]+: as predicted'
	assert_output --partial 'the counter came back'
	refute_output --partial MISMATCH
}

@test "demo jit: a user who cannot lower the limit gets one line, and the limit is untouched" {
	local limit
	limit=$(sysctl -n net.core.bpf_jit_limit)
	run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups vmapctl demo jit
	assert_failure
	[ "${#stderr_lines[@]}" -eq 1 ]
	assert_equal "$(sysctl -n net.core.bpf_jit_limit)" "$limit"
}

@test "summary and metrics: BPF-JIT-CHARGED is the kernel's counter, in bytes (pages before 5.18)" {
	local unit=1 want
	kernel_at_least 5 18 || unit=$(page_size)
	want=$(($(jit_counter) * unit))
	[ "$want" -gt 0 ]	# the JIT holds programs of its own (systemd's, the kernel's)
	run --separate-stderr vmapctl summary -J
	assert_success
	assert_equal "$(jq '."module-area"."bpf-jit-charged"' <<<"$output")" "$want"
	# what it charged lies in its regions: its own, or (7.3's execmem ROX cache) the chunks it shares with module text
	jq -e '."module-area"["bpf-jit-charged"] <= ([.owners[] | select(.owner == "bpf" or .owner == "shared") | .size] | add // 0)' \
		<<<"$output"
	run --separate-stderr vmapctl metrics
	assert_success
	assert_equal "$(awk '$1 == "vmapctl_bpf_jit_charged_bytes" { print $2 }' <<<"$output")" "$want"
	# from the text alone it cannot be told: null, not 0
	run --separate-stderr vmapctl summary -J --source text
	assert_success
	assert_equal "$(jq '."module-area"."bpf-jit-charged"' <<<"$output")" null
}
