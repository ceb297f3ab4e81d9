#!/usr/bin/env bats
# Leaks over time and across a fleet: diff, watch and metrics on captures of a
# real kernel (tests/fixtures/README.md: the diff-6.12-max-* pairs), with
# Prometheus' own promtool and node_exporter (issue 15).
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	B=$FIX/diff-6.12-max-before-real A=$FIX/diff-6.12-max-after-real
	BH=$FIX/diff-6.12-max-before-hashed AH=$FIX/diff-6.12-max-after-hashed
	SOCK=vmapctl-test-$$
}

teardown() {
	local s
	for s in "$SOCK-q" "$SOCK-C-c"; do tmux -L "$s" kill-server 2>/dev/null || true; done
}

# "REGIONS BYTES" of the busy lines of a vmallocinfo, counted by awk (lazily freed ones left out)
busy_totals() {
	awk '!/unpurged vm_area/ { n++; b += $2 } END { printf "%d %d\n", n, b }' "$1/proc/vmallocinfo"
}

# the identity of each busy region, one a line: range, size, caller (or first tag)
keys() {
	awk '!/unpurged vm_area/ { print $1, $2, $3 }' "$1/proc/vmallocinfo" | sort
}

# map_pages [vmapctl_demo] lines of TAG: "COUNT BYTES"
demo_totals() {	# demo_totals SYSROOT TAG
	awk -v t="$2" '/map_pages/ && /\[vmapctl_demo\]/ && $0 ~ " " t "( |$)" { n++; b += $2 } END { printf "%d %d\n", n, b }' \
		"$1/proc/vmallocinfo"
}

@test "diff of two real captures: the numbers are those of an independent count" {
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -J
	assert_failure 2
	json=$output
	jq -e '.total.match == "address"' <<<"$json"
	# totals: regions and bytes of each side, appeared and vanished as set differences of the keys
	read -r nb bb <<<"$(busy_totals "$B")"
	read -r na ba <<<"$(busy_totals "$A")"
	appeared=$(comm -13 <(keys "$B") <(keys "$A") | wc -l)
	vanished=$(comm -23 <(keys "$B") <(keys "$A") | wc -l)
	jq -e --argjson nb "$nb" --argjson bb "$bb" --argjson na "$na" --argjson ba "$ba" \
		--argjson ap "$appeared" --argjson va "$vanished" \
		'.total | .before == $nb and ."size-before" == $bb and .after == $na and ."size-after" == $ba and
		 .change == $na - $nb and ."size-change" == $ba - $bb and .appeared == $ap and .vanished == $va' <<<"$json" ||
		{ jq .total <<<"$json"; echo "awk: $nb $bb -> $na $ba, +$appeared -$vanished"; return 1; }
	# the module's rows: one vmalloc of 2 pages unmade, three vmalloc and two vmap made
	local tag
	for tag in vmalloc vmap; do
		read -r n0 b0 <<<"$(demo_totals "$B" $tag)"
		read -r n1 b1 <<<"$(demo_totals "$A" $tag)"
		jq -e --arg t "$tag" --argjson n0 "$n0" --argjson b0 "$b0" --argjson n1 "$n1" --argjson b1 "$b1" \
			'[.changes[] | select(.caller == "map_pages" and .module == "vmapctl_demo" and .type == $t)] | length == 1 and
			 (.[0] | .before == $n0 and ."size-before" == $b0 and .after == $n1 and ."size-after" == $b1 and
			  ."size-change" == $b1 - $b0)' <<<"$json" || { echo "$tag: $n0 $b0 -> $n1 $b1"; jq .changes <<<"$json"; return 1; }
	done
	jq -e '[.changes[] | select(.module == "vmapctl_demo" and .type == "vmalloc")][0] | .appeared == 3 and .vanished == 1' <<<"$json"
	# sorted by growth, largest first
	jq -e '[.changes[] | ."size-change"] | . == (sort | reverse)' <<<"$json"
}

@test "diff with hashed addresses matches by caller, size and type: the module's rows as with real ones" {
	run --separate-stderr "$VMAPCTL" diff "$BH" "$AH" -J
	assert_failure 2
	jq -e '.total.match == "caller"' <<<"$output"
	hashed=$(jq -c '[.changes[] | select(.module == "vmapctl_demo")]' <<<"$output")
	real=$(jq -c '[.changes[] | select(.module == "vmapctl_demo")]' <<<"$("$VMAPCTL" diff "$B" "$A" -J)")
	assert_equal "$hashed" "$real"
	[ "$(jq length <<<"$hashed")" -eq 2 ]
	# one side hashed is enough: matched by caller, said on stderr in the human format
	run --separate-stderr "$VMAPCTL" diff "$B" "$AH"
	assert_failure 2
	[[ $stderr == "vmapctl: $AH shows no real addresses: regions matched by caller, size and type" ]]
}

@test "diff exit status: 0 unless a row grew past --threshold; a state against itself is empty" {
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -J
	assert_failure 2
	max=$(jq '[.changes[] | ."size-change"] | max' <<<"$output")
	# the largest growth of a row: the module's, by an independent count (awk)
	read -r _ b0 <<<"$(demo_totals "$B" vmalloc)"
	read -r _ b1 <<<"$(demo_totals "$A" vmalloc)"
	[ "$max" -ge $((b1 - b0)) ]
	[ "$max" -gt 0 ]
	run --separate-stderr "$VMAPCTL" diff --threshold "$max" "$B" "$A"
	assert_success
	run --separate-stderr "$VMAPCTL" diff --threshold $((max - 1)) "$B" "$A"
	assert_failure 2
	# the other way round, everything shrank but the rows that grew there
	run --separate-stderr "$VMAPCTL" diff "$A" "$B" -J
	assert_failure 2	# kernel_clone's stacks grew there
	jq -e '[.changes[] | select(.caller == "kernel_clone") | ."size-change" > 0] | (length == 1 and all)' <<<"$output"
	jq -e '[.changes[] | select(.module == "vmapctl_demo") | ."size-change" < 0] | (length > 0 and all)' <<<"$output"
	run --separate-stderr "$VMAPCTL" diff "$A" "$A" -J
	assert_success
	jq -e '(.changes | length) == 0 and .total.appeared == 0 and .total.vanished == 0' <<<"$output"
	# --all: every row, the unchanged ones too
	run --separate-stderr "$VMAPCTL" diff --all "$A" "$A" -J
	assert_success
	jq -e '(.changes | length) > 10 and ([.changes[].change] | all(. == 0))' <<<"$output"
}

@test "diff in the kernel's unsorted 6.9+ order: shuffling a capture changes nothing" {
	mkdir -p shuf/proc
	cp -r "$A/proc/." shuf/proc/
	shuf "$A/proc/vmallocinfo" > shuf/proc/vmallocinfo
	run --separate-stderr "$VMAPCTL" diff "$A" shuf -J
	assert_success
	jq -e '(.changes | length) == 0' <<<"$output"
	# growth: exit 2 both times, the same rows
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -J
	assert_failure 2
	a=$(jq -S . <<<"$output")
	jq -e '(.changes | length) > 0' <<<"$a"
	run --separate-stderr "$VMAPCTL" diff "$B" shuf -J
	assert_failure 2
	assert_equal "$(jq -S . <<<"$output")" "$a"
}

@test "diff: bad input is a clear error" {
	run --separate-stderr "$VMAPCTL" diff "$B"
	assert_failure 64
	run --separate-stderr "$VMAPCTL" diff - -
	assert_failure 64
	run --separate-stderr "$VMAPCTL" diff --threshold lots "$B" "$A"
	assert_failure 64
	run --separate-stderr "$VMAPCTL" diff "$B" "$BATS_TEST_TMPDIR/none"
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: $BATS_TEST_TMPDIR/none/proc/vmallocinfo: no such file"* ]] || { echo "$stderr"; return 1; }
	# JSON and nothing else
	run --separate-stderr "$VMAPCTL" diff -q "$BH" "$A" -J
	assert_failure 2
	[ "$(jq -s length <<<"$output")" -eq 1 ]
	[ -z "$stderr" ]
}

# the value of a series in OpenMetrics text ($1), by its exact name and labels
series() {
	awk -v s="$2" '$1 == s { print $2 }' <<<"$1"
}

@test "metrics: promtool accepts them; the values are those of the capture" {
	local f
	for f in "$A" "$BH" "$FIX/host-6.18-real" "$FIX/host-6.18-zeros" "$FIX/guest-6.1-qemu64-ptrval"; do
		run --separate-stderr "$VMAPCTL" metrics --sysroot "$f"
		assert_success
		# promtool lints the text format: HELP and TYPE, names, units
		promtool check metrics <<<"$output" || { echo "$f"; return 1; }
		assert_equal "$(tail -n1 <<<"$output")" "# EOF"
	done
	run --separate-stderr "$VMAPCTL" metrics --sysroot "$A" --top 5
	assert_success
	out=$output
	total=$(( $(awk '/^VmallocTotal:/ { print $2 }' "$A/proc/meminfo") * 1024 ))
	assert_equal "$(series "$out" vmapctl_vmalloc_total_bytes)" "$total"
	read -r n b <<<"$(awk '{ n++; b += $2 } END { print n, b }' "$A/proc/vmallocinfo")"
	assert_equal "$(awk '/^vmapctl_vmalloc_regions\{/ { s += $2 } END { print s }' <<<"$out")" "$n"
	assert_equal "$(awk '/^vmapctl_vmalloc_bytes\{/ { s += $2 } END { print s }' <<<"$out")" "$b"
	# five callers and "other": the callers' bytes add up to every region's
	[ "$(grep -c '^vmapctl_vmalloc_caller_bytes{' <<<"$out")" -eq 6 ]
	assert_equal "$(awk '/^vmapctl_vmalloc_caller_bytes\{/ { s += $2 } END { print s }' <<<"$out")" "$b"
	read -r dn db <<<"$(demo_totals "$A" vmap)"
	assert_equal "$(series "$out" 'vmapctl_vmalloc_bytes{type="vmap",module="vmapctl_demo"}')" "$db"
	assert_equal "$(series "$out" 'vmapctl_vmalloc_regions{type="vmap",module="vmapctl_demo"}')" "$dn"
	# the largest hole, as an independent walk of the capture's ranges finds it
	read -r _ largest <<<"$(holes_walk "$A")"
	[ "$largest" -gt 0 ]
	assert_equal "$(series "$out" vmapctl_vmalloc_largest_free_bytes)" "$largest"
}

@test "metrics --textfile: written whole by a rename, readable by node_exporter's user; errors leave the old file" {
	mkdir tf
	"$VMAPCTL" metrics --sysroot "$A" --textfile tf/vmapctl.prom
	[ "$(stat -c %a tf/vmapctl.prom)" = 644 ]
	assert_equal "$(ls -A tf)" "vmapctl.prom"
	cmp tf/vmapctl.prom <("$VMAPCTL" metrics --sysroot "$A")
	cp tf/vmapctl.prom old
	run --separate-stderr "$VMAPCTL" metrics --sysroot "$BATS_TEST_TMPDIR/none" --textfile tf/vmapctl.prom
	assert_failure 1
	cmp tf/vmapctl.prom old
	run --separate-stderr "$VMAPCTL" metrics --sysroot "$A" --textfile "$BATS_TEST_TMPDIR/nodir/x.prom"
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	run --separate-stderr "$VMAPCTL" metrics -J
	assert_failure 64
}

@test "node_exporter's textfile collector serves vmapctl's series as written" {
	command -v prometheus-node-exporter
	mkdir tf
	"$VMAPCTL" metrics --sysroot "$A" --textfile tf/vmapctl.prom
	local port pid i
	for i in $(seq 20); do	# a free port on the loopback
		port=$((20000 + RANDOM % 20000))
		(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || break
	done
	prometheus-node-exporter --web.listen-address=127.0.0.1:$port --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$BATS_TEST_TMPDIR/tf" > ne.log 2>&1 &
	pid=$!
	for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/metrics" > scraped && break; sleep 0.1; done
	kill $pid
	wait $pid || true
	grep -q '^node_textfile_scrape_error 0$' scraped || { cat ne.log; cat scraped; return 1; }
	# node_exporter orders the labels by name; the values are vmapctl's
	read -r dn db <<<"$(demo_totals "$A" vmap)"
	grep -qx "vmapctl_vmalloc_bytes{module=\"vmapctl_demo\",type=\"vmap\"} $db" scraped
	total=$(( $(awk '/^VmallocTotal:/ { print $2 }' "$A/proc/meminfo") * 1024 ))
	grep -E "^vmapctl_vmalloc_total_bytes [0-9.e+]+$" scraped | awk -v t="$total" '{ exit !($2 == t) }'
	grep -q '^# HELP vmapctl_vmalloc_regions ' scraped
	[ "$(grep -c '^vmapctl_vmalloc_regions{' scraped)" -eq "$(grep -c '^vmapctl_vmalloc_regions{' tf/vmapctl.prom)" ]
}

# a capture that watch reads again at each refresh: its vmallocinfo replaced by another's
live_capture() {
	mkdir -p cap/proc
	cp -r "$B/proc/." cap/proc/
}

swap_in_after() {
	cp "$A/proc/vmallocinfo" cap/proc/vmallocinfo.new
	mv cap/proc/vmallocinfo.new cap/proc/vmallocinfo
}

@test "watch, piped: timestamped lines of what changed, headings once" {
	live_capture
	"$VMAPCTL" watch --sysroot cap --interval 0.5 --count 4 -b -o TIME,CALLER,MODULE,TYPE,CHANGE,SIZE-CHANGE > out &
	local pid=$!
	sleep 0.7
	swap_in_after
	wait $pid
	cat out
	[ "$(grep -c '^TIME ' out)" -eq 1 ]
	read -r n0 b0 <<<"$(demo_totals "$B" vmap)"
	read -r n1 b1 <<<"$(demo_totals "$A" vmap)"
	grep -Eq "^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z +map_pages +vmapctl_demo +vmap +\+$((n1 - n0)) +\+$((b1 - b0))$" out
	# -J: a JSON object a refresh
	"$VMAPCTL" watch --sysroot "$A" --interval 0.2 --count 2 -J > j
	[ "$(jq -s length j)" -eq 2 ]
}

@test "watch on a terminal (tmux): redrawn in place; q and Ctrl-C give the screen back" {
	command -v tmux
	live_capture
	local sock key
	for key in q C-c; do
		sock=$SOCK-$key	# a server each: a new one on a socket just killed may find the old one still going
		rm -f done
		# bash with a handler for SIGINT (its child gets the default), so that it outlives Ctrl-C
		cat > w.sh <<-EOF
			trap : INT
			printf 'before-watch\n'
			"$VMAPCTL" watch --sysroot cap --interval 0.3
			echo "rc=\$?" > done
			sleep 30
		EOF
		tmux -L "$sock" -f /dev/null new-session -d -x 150 -y 30 "bash w.sh" 3>&-
		sleep 1
		run tmux -L "$sock" capture-pane -p
		assert_line --regexp '^vmapctl watch: every 0.3s, refresh [0-9]+'
		assert_line 'no change yet'
		refute_line 'before-watch'	# the alternate screen
		swap_in_after
		sleep 1
		run tmux -L "$sock" capture-pane -p
		assert_line --regexp '^map_pages +vmapctl_demo +vmalloc '
		assert_line --regexp '^map_pages +vmapctl_demo +vmap '
		tmux -L "$sock" send-keys "$key"
		for i in $(seq 50); do [ -f done ] && break; sleep 0.1; done
		assert_equal "$(cat done)" "rc=0"
		run tmux -L "$sock" capture-pane -p
		assert_line 'before-watch'	# the screen as it was
		refute_line --regexp '^vmapctl watch'
		tmux -L "$sock" kill-server 3>&-
		live_capture
	done
}
