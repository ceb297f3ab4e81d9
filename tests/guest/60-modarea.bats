#!/usr/bin/env bats
# The module area on the live kernel (issue 26): who holds each region, checked
# against /proc/kallsyms, /proc/modules, the kernel's sysctl and the programs
# bpfprogs loaded (eBPF ones kallsyms lists, one larger than a pack, classic
# socket and seccomp filters it does not). The area's bounds are layout's.
load helper

setup_file() {
	bpfprogs 8 > "$BATS_FILE_TMPDIR/bpfprogs.out" 2>&1 &
	echo $! > "$BATS_FILE_TMPDIR/bpfprogs.pid"
	local i
	for i in $(seq 1200); do	# the JIT of 500,000 instructions under TCG: seconds
		grep -q '^ready' "$BATS_FILE_TMPDIR/bpfprogs.out" && return
		kill -0 "$(cat "$BATS_FILE_TMPDIR/bpfprogs.pid")" 2>/dev/null || break
		sleep 0.1
	done
	cat "$BATS_FILE_TMPDIR/bpfprogs.out" >&2
	return 1
}

teardown_file() {
	kill "$(cat "$BATS_FILE_TMPDIR/bpfprogs.pid")" 2>/dev/null || true
}

setup() {
	sysctl -q -w kernel.kptr_restrict=1
	insmod "$MODULE_KO" samples=1
	run --separate-stderr vmapctl layout -J
	assert_success
	MSTART=$(jq -r '.layout[] | select(.region == "modules") | .start' <<<"$output")
	MEND=$(jq -r '.layout[] | select(.region == "modules") | .end' <<<"$output")
	[ -n "$MSTART" ] && [ -n "$MEND" ]
}

# the module area's rows of list -J (addresses of one width: text order is numeric order)
area_rows() {
	jq --arg lo "$MSTART" --arg hi "$MEND" '[.regions[] | select(.start >= $lo and .start < $hi)]'
}

@test "module area: every region has an owner, none unknown; outside it, none" {
	run --separate-stderr vmapctl list -J -o START,END,SIZE,TYPE,CALLER,MODULE,OWNER,PROGS
	assert_success
	area_rows <<<"$output" > area.json
	# the lazily freed (a module's init text, once loaded) are no one's
	jq -e 'map(select(.type != "unpurged")) | length > 0 and all(.owner != null)' area.json || { cat area.json; return 1; }
	# unknown only where nothing tells: no module symbol of kallsyms lies inside (7.3: a module's
	# data area of execmem_alloc_rw may hold none)
	# (addresses of one width: bash compares them as text)
	grep ']$' /proc/kallsyms | cut -d' ' -f1 | sed 's/^/0x/' > modsyms
	local s e a
	while read -r s e; do
		while read -r a; do
			if [[ ! "$a" < "$s" && "$a" < "$e" ]]; then
				echo "unknown owner, but a module symbol lies in $s-$e: $a"
				return 1
			fi
		done < modsyms
	done < <(jq -r '.[] | select(.owner == "unknown") | "\(.start) \(.end)"' area.json)
	jq -e --arg lo "$MSTART" --arg hi "$MEND" '[.regions[] | select(.start < $lo or .start >= $hi) | .owner] | unique == [null]' <<<"$output"
	# the demo's regions are the module's: its text (or, where the ROX cache holds module text, a shared chunk)
	jq -e '[.[] | select(.module == "vmapctl_demo" and .owner == "module")] | length >= 1' area.json
}

@test "module area: each [bpf] program lies in a region of the JIT's, which counts it" {
	run --separate-stderr vmapctl list -J -o START,END,OWNER,PROGS
	assert_success
	# the JIT's packs; 7.3: a chunk of the ROX cache that a program shares with module text
	jq -c '.regions[] | select(.owner == "bpf" or .owner == "shared")' <<<"$output" > bpf.jsonl
	local addr n=0 hit
	while read -r addr; do
		hit=$(jq -r --arg a "0x$addr" 'select(.start <= $a and $a < .end) | .start' bpf.jsonl)
		[ -n "$hit" ] || { echo "bpf program at 0x$addr lies in no region of the JIT's"; cat bpf.jsonl; return 1; }
		n=$((n + 1))
	done < <(awk '$NF == "[bpf]" && $3 ~ /^bpf_prog_/ { print $1 }' /proc/kallsyms)
	# bpfprogs' nine at least (the kernel may have programs of its own)
	[ "$n" -ge "$(grep -c '^prog ' "$BATS_FILE_TMPDIR/bpfprogs.out")" ]
	assert_equal "$(jq -s 'map(.progs) | add' bpf.jsonl)" "$n"
}

@test "module area: a module's regions sum to its size in /proc/modules (where its text is its own)" {
	run --separate-stderr vmapctl list -J -o START,SIZE,CALLER,MODULE,OWNER
	assert_success
	if jq -e '[.regions[] | select(.owner == "shared")] | length > 0' <<<"$output" >/dev/null; then
		skip "module text in the execmem ROX cache's shared chunks: no region of a module's own holds it"
	fi
	local size
	size=$(awk '$1 == "vmapctl_demo" { print $2 }' /proc/modules)
	assert_equal "$(jq '[.regions[] | select(.module == "vmapctl_demo" and .owner == "module") | .size - 4096] | add' <<<"$output")" \
		"$size"
}

@test "summary: the module area's use tiles it; the JIT's limit is the kernel's sysctl" {
	run --separate-stderr vmapctl summary -J
	assert_success
	local size=$((MEND - MSTART))
	jq -e --arg s "$MSTART" --argjson size "$size" '."module-area" | .start == $s and .size == $size' <<<"$output"
	jq -e '."module-area" | .used + .free == .size and .["largest-hole"] <= .free and .regions > 0' <<<"$output"
	assert_equal "$(jq '."module-area"."bpf-jit-limit"' <<<"$output")" "$(sysctl -n net.core.bpf_jit_limit)"
	# the owners hold what is used but the lazily freed
	jq -e '([.owners[].size] | add) <= ."module-area".used' <<<"$output"
	jq -e '[.owners[] | select(.owner == "bpf" or .owner == "shared") | .progs] | add >= 9' <<<"$output"
	# the allocator's start: KASLR's 1 to 1024 pages in, below every region of the area
	local as lowest
	as=$(jq -r '."module-area"."alloc-start"' <<<"$output")
	[ "$as" != null ]
	[ $((as - MSTART)) -ge 4096 ] && [ $((as - MSTART)) -le $((1024 * 4096)) ] && [ $((as % 4096)) -eq 0 ]
	run --separate-stderr vmapctl list -J -a -o START
	lowest=$(area_rows <<<"$output" | jq -r 'map(.start) | min')
	[ $((lowest - as)) -ge 0 ] || { echo "a region at $lowest, below the allocator's start $as"; return 1; }
	# before 6.10 the offset is a variable of its own: read it
	if ! kernel_at_least 6 10; then
		assert_equal "$((MSTART + $(vmapctl peek --binary module_load_offset 8 | od -An -t d8 | tr -d ' ')))" "$((as))"
	fi
}

@test "fit --area modules: the next module's text goes where fit said (x86-64 KASLR: from the allocator's start)" {
	run --separate-stderr vmapctl list -J -o START,END,SIZE,MODULE,OWNER
	assert_success
	if jq -e '[.regions[] | select(.owner == "shared")] | length > 0' <<<"$output" >/dev/null; then
		skip "module text in the execmem ROX cache's shared chunks: a chunk, not the text, is allocated"
	fi
	# the demo's text: the region that holds its ioctl handler
	local sym region size start
	sym=0x$(awk '$3 == "demo_ioctl" && $4 == "[vmapctl_demo]" { print $1 }' /proc/kallsyms)
	region=$(jq -c --arg a "$sym" '[.regions[] | select(.start <= $a and $a < .end)] | first' <<<"$output")
	size=$(jq '.size' <<<"$region")
	[ "$size" -gt 4096 ] || { echo "no region holds demo_ioctl at $sym"; return 1; }
	rmmod vmapctl_demo
	# its old place is lazily freed now: the allocator takes the next hole, as fit's START says
	run --separate-stderr vmapctl fit $((size - 4096)) --area modules -J -o START,FITS,SOURCE
	assert_success
	jq -e '.fit.fits and .fit.source == "kernel"' <<<"$output"
	start=$(jq -r '.fit.start' <<<"$output")
	insmod "$MODULE_KO" samples=1
	sym=0x$(awk '$3 == "demo_ioctl" && $4 == "[vmapctl_demo]" { print $1 }' /proc/kallsyms)
	run --separate-stderr vmapctl list -J -o START,END,SIZE
	assert_success
	assert_equal "$(jq -r --arg a "$sym" '[.regions[] | select(.start <= $a and $a < .end)] | first | .start' <<<"$output")" \
		"$start"
}
