#!/usr/bin/env bats
# What the commands promise, checked as a user would: every -J through jq, every
# exit status, every expected value derived from the input (awk, bash, jq), not
# from vmapctl: watch's JSON Lines, map's marks and --svg, fit's certain no,
# diff's filters, the arguments checked before any input is read, the -H lists,
# and leaks on the error paths (issue 24).
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	A=$FIX/diff-6.12-max-after-real B=$FIX/diff-6.12-max-before-real H=$FIX/host-6.18-hashed
}

# the module memory's allocators (module_alloc ... execmem): their areas are the modules'
MODALLOC='^(module_alloc|move_module|module_memory_alloc|execmem_alloc|execmem_vmalloc|__execmem_alloc|load_module|layout_and_allocate|sys_init_module|__do_sys_init_module|__do_sys_finit_module)[+]'

# ---- map: every hole the legend lists is marked in the picture -----------------------

# check_marks ARGS...: map's ASCII picture has each listed hole's rank exactly once, and
# the -J cell that carries it overlaps that hole (or, for a hole narrower than a cell
# sharing its cell with a larger one, lies next to a marked cell)
check_marks() {
	local out json n k
	out=$("$VMAPCTL" map --ascii "$@") || return 1
	json=$("$VMAPCTL" map -J "$@") || return 1
	n=$(jq '.holes | length' <<<"$json")
	# the legend's hole lines: "  N   SIZE hole at 0x..."
	[ "$(grep -cE '^  [1-9] +[0-9.]+[BKMGTP] hole at 0x' <<<"$out")" -eq "$n" ] || { echo "legend: $out"; return 1; }
	for ((k = 1; k <= n; k++)); do
		# the bands' cells, digits only: rank k once
		[ "$(sed -n 's/^0x[0-9a-f]* |\(.*\)|$/\1/p' <<<"$out" | grep -o "$k" | wc -l)" -eq 1 ] ||
			{ echo "rank $k is not marked once: $out"; return 1; }
		[ "$(jq --argjson k "$k" '[.cells[] | select(.mark == $k)] | length' <<<"$json")" -eq 1 ] || return 1
	done
	[ -z "${STRICT_OVERLAP:-}" ] || jq -e '
		def n: ltrimstr("0x") | explode | reduce .[] as $c (0; . * 16 + (if $c >= 97 then $c - 87 else $c - 48 end));
		[.holes[] as $h | .cells[] | select(.mark == $h.rank)
		 | (.start | n) < ($h.end | n) and (.end | n) > ($h.start | n)] | all' <<<"$json" >/dev/null
}

@test "map: the largest hole, in a cell partly used, is marked where the legend lists it" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --from 0 --to 0x100000 --width 40 --rows 3 --ascii
	assert_success
	assert_line --regexp '^  1 +12K hole at 0x'
	STRICT_OVERLAP=1 check_marks --sysroot "$A" --from 0 --to 0x100000 --width 40 --rows 3
}

@test "map: holes narrower than a cell, many in one cell, and holes at the edges of --from and --to are all marked" {
	local s e from to
	# nine holes, the picture 8 cells wide: several share a cell
	check_marks --sysroot "$A" --width 8 --rows 2 --holes 9
	check_marks --sysroot "$A" --width 64 --rows 1 --holes 9 --scale linear
	# --from and --to inside holes: the clipped holes at both edges
	read -r s e < <(awk '{ split($1, r, "-"); print r[1], r[2] }' "$A/proc/vmallocinfo" | sort | awk 'NR == 10 { print $2 } NR == 40 { print $1 }' | paste -sd' ')
	from=$(printf '0x%x' $((s + 0x800))) to=$(printf '0x%x' $((e - 0x800)))
	STRICT_OVERLAP=1 check_marks --sysroot "$A" --from "$from" --to "$to" --width 16 --rows 2 --holes 9 --scale linear
}

# ---- --svg with hidden addresses: map as diff, one line, no file -----------------------

@test "map --svg and diff --svg with hidden addresses: exit 1, one line naming the file, no file, nothing on stdout" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$H" --svg m.svg
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: $H/proc/vmallocinfo: "*hashed*"--svg: there is no layout to draw"* ]]
	[ -z "$output" ]
	[ ! -e m.svg ]
	run --separate-stderr "$VMAPCTL" diff --svg d.svg "$B" "$FIX/diff-6.12-max-after-hashed"
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: $FIX/diff-6.12-max-after-hashed/proc/vmallocinfo: "*"--svg: there is no layout to draw"* ]]
	[ -z "$output" ]
	[ ! -e d.svg ]
	# an empty capture: nothing to draw either
	mkdir -p empty/proc && : > empty/proc/vmallocinfo && cp "$A/proc/meminfo" empty/proc/
	run --separate-stderr "$VMAPCTL" map --sysroot empty --svg e.svg
	assert_failure 1
	[ ! -e e.svg ]
}

# ---- fit: hidden addresses ------------------------------------------------------------

# a 32-bit-like capture: hashed addresses, a 120 MiB area
small_hashed() {
	mkdir -p s32/proc
	cp "$H/proc/vmallocinfo" s32/proc/
	sed 's/^VmallocTotal:.*/VmallocTotal:     122880 kB/' "$H/proc/meminfo" > s32/proc/meminfo
}

@test "fit with hidden addresses: -J prints the object with the reason; exit 2 where the answer depends on the addresses" {
	run --separate-stderr "$VMAPCTL" fit --sysroot "$H" -J 4K
	assert_failure 2
	[ "${#stderr_lines[@]}" -eq 1 ]
	jq -e '.fit | .fits == null and .start == null and .["after-purge"] == null and .count == null
		and (.reason | test("hashed")) and .request == 4096' <<<"$output"
	run --separate-stderr "$VMAPCTL" fit --sysroot "$H" 4K
	assert_failure 2
	assert_line --index 0 --regexp '^REQUEST .* REASON$'
}

@test "fit with hidden addresses: a request larger than the area's free bytes is a certain no (exit 1)" {
	local used busy free later req
	small_hashed
	# the bytes of the regions (module memory apart), all and those not lazily freed
	used=$(awk -v m="$MODALLOC" '$3 !~ m || /\[/ { s += $2 } END { print s }' s32/proc/vmallocinfo)
	busy=$(awk -v m="$MODALLOC" '($3 !~ m || /\[/) && !/unpurged vm_area/ { s += $2 } END { print s }' s32/proc/vmallocinfo)
	free=$((122880 * 1024 - used)) later=$((122880 * 1024 - busy))
	[ "$later" -gt 8192 ] && [ "$free" -lt "$later" ]
	# 200M: more than the whole area
	run --separate-stderr "$VMAPCTL" fit --sysroot s32 -J 200M
	assert_failure 1
	jq -e '.fit | .fits == false and .["after-purge"] == false and .count == 0 and (.reason | test("free"))' <<<"$output"
	# more than what is free after a purge, less than the area
	req=$((later - 4096 + 4096))
	run --separate-stderr "$VMAPCTL" fit --sysroot s32 -J -b "$req"
	assert_failure 1
	jq -e '.fit | .fits == false and .["after-purge"] == false' <<<"$output"
	# more than free now, not more than free after a purge: no now, after a purge unknown
	if [ $((later - free)) -gt 8192 ]; then
		run --separate-stderr "$VMAPCTL" fit --sysroot s32 -J -b $((free))
		assert_failure 1
		jq -e '.fit | .fits == false and .["after-purge"] == null' <<<"$output"
	fi
	# what might fit: it depends on the addresses
	run --separate-stderr "$VMAPCTL" fit --sysroot s32 -J -b $((free / 2))
	assert_failure 2
	jq -e '.fit.fits == null' <<<"$output"
}

# ---- diff: a filter that selects nothing is an error ------------------------------------

@test "diff -m: a module in neither state is an error (exit 1, one line); - selects regions with no module" {
	local want
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -m nosuch
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: --module nosuch: "*"$B"*"$A"* ]]
	[ -z "$output" ]
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -m nosuch -J
	assert_failure 1
	[ -z "$output" ]
	# -m -: the regions without a module (no caller printed, or module memory of no module named), by awk
	# (an area starting at a module's base in /proc/modules is that module's)
	want=$(awk -v m="$MODALLOC" 'FNR == NR { base[$6] = 1; next }
		{ split($1, r, "-") } $3 !~ /\+0x/ || ($3 ~ m && !/\[/ && !(r[1] in base))' "$A/proc/modules" "$A/proc/vmallocinfo" | wc -l)
	[ "$want" -gt 0 ]
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -m - --unpurged -J --all
	[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
	jq -e --argjson w "$want" '.total.after == $w and ([.changes[] | .module == null] | all)' <<<"$output"
	# a list: kernel and none together add up
	k=$("$VMAPCTL" diff "$B" "$A" -m kernel --unpurged -J --all | jq ".total.after")
	[ "$k" -gt 0 ]
	run --separate-stderr "$VMAPCTL" diff "$B" "$A" -m kernel,- --unpurged -J --all
	jq -e --argjson w $((want + k)) '.total.after == $w' <<<"$output"
}

# ---- watch -J: JSON Lines --------------------------------------------------------------

@test "watch -J: one compact JSON document a refresh, a line each; the rows add up to the change awk counts" {
	local want
	mkdir -p cap/proc
	cp -r "$B"/proc/. cap/proc/
	# the capture becomes A's while watch waits for its first refresh
	( sleep 0.5; cp "$A/proc/vmallocinfo" cap/proc/vmallocinfo.new && mv cap/proc/vmallocinfo.new cap/proc/vmallocinfo ) &
	local swap=$!
	run --separate-stderr "$VMAPCTL" watch --sysroot cap -J --count 3 --interval 1.5
	wait "$swap"	# that job only: bats' own timer (BATS_TEST_TIMEOUT) is a job of the test too
	assert_success
	[ "${#lines[@]}" -eq 3 ]
	for l in "${lines[@]}"; do
		# each line a document by itself, compact: jq -c gives it back as it is
		[ "$(jq -c . <<<"$l")" == "$l" ] || { echo "not compact JSON: $l"; return 1; }
		jq -e '.changes | type == "array"' <<<"$l"
	done
	# the live regions of A less B's, as the first refresh's CHANGE column sums them; then none
	want=$(( $(grep -vc 'unpurged vm_area' "$A/proc/vmallocinfo") - $(grep -vc 'unpurged vm_area' "$B/proc/vmallocinfo") ))
	jq -e --argjson w "$want" '[.changes[].change] | add == $w' <<<"${lines[0]}"
	jq -e '.changes[0].time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")' <<<"${lines[0]}"
	jq -e '.changes == []' <<<"${lines[1]}"
	jq -e '.changes == []' <<<"${lines[2]}"
	# the whole output, a stream of documents
	jq -s -e 'length == 3' <<<"$output"
}

# ---- leaks on the error paths ------------------------------------------------------------

@test "every command on an empty, an all-malformed and a half-made capture: an error line, no leak (ASan build)" {
	local s c st
	nm -D "$VMAPCTL" 2>/dev/null | grep -q __asan_init || nm "$VMAPCTL" 2>/dev/null | grep -q __asan_init ||
		skip "$VMAPCTL is not the ASan build"
	mkdir -p empty/proc bad/proc nomem/proc
	: > empty/proc/vmallocinfo
	printf 'garbage\nno range here\n' > bad/proc/vmallocinfo
	printf 'garbage\n' > nomem/proc/vmallocinfo	# and no meminfo
	cp "$A/proc/meminfo" empty/proc/ && cp "$A/proc/meminfo" bad/proc/
	for s in empty bad nomem; do
		for c in "list" "list -J" "summary" "summary -J" "map" "map -J" "fit 4K" "fit -J 4K" "metrics" \
			"diff $s $s" "diff $s $A" "diff $A $s" "diff $s $A -J" "watch --count 1" "watch -J --count 1" \
			"layout" "peek 0xffffc90000000000" "vtop 0xffffc90000000000" "snapshot $BATS_TEST_TMPDIR/snap-$s"; do
			for strict in "" "--strict"; do
				[[ $c == snapshot* || $c == layout || $c == peek* || $c == vtop* ]] && [ -n "$strict" ] && continue
				run --separate-stderr "$VMAPCTL" $c --sysroot "$s" $strict
				st=$status
				[[ $stderr != *LeakSanitizer* ]] || { echo "leak: $c --sysroot $s $strict"; echo "$stderr"; return 1; }
				[ "$st" -ne 86 ] || { echo "ASan: $c --sysroot $s $strict"; echo "$stderr"; return 1; }
				# an error says so on stderr with vmapctl's prefix
				[ "$st" -eq 0 ] || [[ $stderr == *"vmapctl"* ]] || { echo "silent failure $st: $c $s"; return 1; }
			done
		done
	done
}

# ---- arguments before input --------------------------------------------------------------

@test "every command checks its arguments before it reads anything: a bad one with a missing --sysroot is a usage error (64) naming it" {
	local c cmd arg
	while IFS='|' read -r c arg; do
		[ -n "$c" ] || continue
		cmd=${c%% *}
		# demo refuses -s whatever else it is given (it makes mappings in the running
		# kernel): its arguments are checked before the device or the module is touched
		if [ "$cmd" = demo ]; then
			run --separate-stderr "$VMAPCTL" $c
		else
			run --separate-stderr "$VMAPCTL" $c -s "$BATS_TEST_TMPDIR/nonexistent"
		fi
		[ "$status" -eq 64 ] || { echo "$c: status $status: $stderr"; return 1; }
		[[ ${stderr_lines[0]} == "vmapctl $cmd: "*"$arg"* ]] || { echo "$c: $stderr"; return 1; }
		[[ $stderr != *nonexistent* ]] || { echo "$c read the sysroot first: $stderr"; return 1; }
	done <<-'EOF2'
		list --min-size zz|'zz'
		list --sort nosuch|'nosuch'
		list -o NOSUCH|'NOSUCH'
		summary --top zz|'zz'
		map --from zz|'zz'
		map --to 0x1q|'0x1q'
		map --width 3|'3'
		map --scale log|'log'
		fit 4Q|'4Q'
		fit 4K --align 3K|'3K'
		fit 4K --area zz|'zz'
		diff --threshold zz A B|'zz'
		diff A B -o NOSUCH|'NOSUCH'
		watch --interval zz|'zz'
		watch --count 0|'0'
		metrics --top zz|'zz'
		peek --phys zz|'zz'
		peek 0x1000 zz|'zz'
		vtop 0x1000 zz|'zz'
		demo vmap --pages 2000|'2000'
		demo vmalloc --pages 0|'0'
		demo ioremap --phys zz --size 4K|'zz'
		demo nosuchkind|'nosuchkind'
		demo jit --filter bpf|'bpf'
		demo jit --size zz|'zz'
		demo jit --pages 4|jit takes --size and --filter only
		demo vmalloc --filter socket|--filter is for jit
		demo exhaust arena --pages 4|exhaust arena takes no option of its own
		demo exhaust nosuch|'nosuch'
	EOF2
}

@test "map: --from or --to outside the area is one line naming it and the area" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --from 0xffffffffffffffff
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: --from 0xffffffffffffffff: outside the area drawn"* ]]
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --to 0xffffffffffffffff
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: --to 0xffffffffffffffff: outside the area drawn"* ]]
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --from 0x2000 --to 0x1000
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == "vmapctl: --from 0x2000: not below --to 0x1000"* ]]
}

# ---- what -H lists can be printed --------------------------------------------------------

@test "every column -H lists can be printed: the first table's by -o, the others' are in the output" {
	local c first col v
	"${MKKCORE:-$TOP/build/mkkcore}" fk
	for c in list summary layout peek vtop fit diff watch trace map; do
		run --separate-stderr "$VMAPCTL" $c -H -J
		assert_success
		first=$(jq -r '.columns[0].view' <<<"$output")
		printf '%s\n' "$output" > "H-$c"
		# the first table's: -o takes each (a missing sysroot after: not a usage error)
		for col in $(jq -r --arg v "$first" '.columns[] | select(.view == $v) | .name' "H-$c"); do
			run --separate-stderr "$VMAPCTL" $c -o "$col" -s "$BATS_TEST_TMPDIR/nonexistent" 4K 4K
			[ "$status" -ne 64 ] || [[ $stderr != *"unknown column"* ]] || { echo "$c -o $col: $stderr"; return 1; }
		done
	done
	# the other tables' columns, in the JSON of a run (the commands that run on a capture)
	for c in "summary -s $A" "diff $B $A --all" "map -s $A" "layout -s fk" "vtop -s fk 0xffffc90000005123"; do
		# (trace, the other command of several tables, needs tracefs: its totals show every column by default)
		run --separate-stderr "$VMAPCTL" $c -J
		[ "$status" -eq 0 ] || [ "$status" -eq 2 ]
		# (a table printed only where the input has it, summary's vm_map_ram blocks from the kernel: left out)
		jq -e --slurpfile h "H-${c%% *}" '. as $out | [$h[0].columns[] | select(.view != $h[0].columns[0].view)
			| . as $col | select($out | has($col.view))
			| ($out[$col.view] | if type == "array" then (.[0] // null) else . end) as $row
			| $row == null or ($row | has($col.name | ascii_downcase))] | all' <<<"$output" ||
			{ echo "$c: a listed column is never printed"; return 1; }
	done
}

@test "metrics --top 0 means all callers, as summary --top 0: no caller=\"other\", every caller awk finds" {
	local c
	run --separate-stderr "$VMAPCTL" metrics --sysroot "$A" --top 0
	assert_success
	refute_line --regexp '^vmapctl_vmalloc_caller_bytes\{.*caller="other"'
	for c in $(awk '$3 ~ /\+0x/ { split($3, f, "+"); print f[1] }' "$A/proc/vmallocinfo" | sort -u); do
		assert_line --regexp "^vmapctl_vmalloc_caller_bytes\\{.*caller=\"$c\""
	done
	[ "$output" == "$("$VMAPCTL" metrics --sysroot "$A" --top 100000 2>/dev/null)" ]
}

# ---- one name, one meaning ------------------------------------------------------------------

@test "no module: one word ('-') where a word stands, null in JSON, in summary, map and metrics alike" {
	local f=$FIX/host-6.18-real want
	# the regions with no caller (this kernel has no modules): awk's count of the file
	want=$(awk '$3 !~ /\+0x/' "$f/proc/vmallocinfo" | wc -l)
	[ "$want" -gt 0 ]
	run --separate-stderr "$VMAPCTL" summary -s "$f" -J
	assert_success
	assert_equal "$(jq '[.modules[] | select(.name == null) | .regions] | add' <<<"$output")" "$want"
	run --separate-stderr "$VMAPCTL" summary -s "$f" -r -n
	assert_success
	assert_line --regexp "^modules - $want "
	run --separate-stderr "$VMAPCTL" map -s "$f" --by module -J
	assert_success
	assert_equal "$(jq '[.legend[] | select(.category == null) | .regions] | add' <<<"$output")" "$want"
	run --separate-stderr "$VMAPCTL" map -s "$f" --by module --ascii
	assert_success
	assert_line --regexp "^  [A-Z] -  +$want regions "
	run --separate-stderr "$VMAPCTL" metrics -s "$f"
	assert_success
	assert_equal "$(awk '/^vmapctl_vmalloc_regions\{.*module="-"\}/ { n += $2 } END { print n }' <<<"$output")" "$want"
	refute_output --partial 'module="unknown"'
}

@test "metrics writes its file with --textfile; --output (a column list everywhere else) is a usage error naming it" {
	run --separate-stderr "$VMAPCTL" metrics -s "$A" --textfile "$BATS_TEST_TMPDIR/v.prom"
	assert_success
	[ -s "$BATS_TEST_TMPDIR/v.prom" ]
	grep -q '^vmapctl_vmalloc_total_bytes ' "$BATS_TEST_TMPDIR/v.prom"
	run --separate-stderr "$VMAPCTL" metrics -s "$A" --output "$BATS_TEST_TMPDIR/w.prom"
	[ "$status" -eq 64 ]
	[[ ${stderr_lines[0]} == "vmapctl metrics: --output is a column list"*"--textfile"* ]]
	[ ! -e "$BATS_TEST_TMPDIR/w.prom" ]
}
