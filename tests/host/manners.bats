#!/usr/bin/env bats
# What a user of util-linux's ls* tools expects of vmapctl: one message prefix,
# lsmem's options, sizes as vmapctl prints them, filters that add up, live
# areas first, keys for several tables, JSON arrays and objects, hints that
# name the real cause, a layout that fits a narrow terminal, write errors.
load helper

R=$FIX/host-6.18-real		# Debian 12 host, 6.18: 1,107 lines, 876 of them unpurged
G=$FIX/guest-6.12-max-real	# Debian 6.12 guest: a BPF arena, vm_map_ram, the demo module

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# "LINE MODULE" of each line of a capture, attributed by awk as vmapctl(8) says: a
# caller's [module] suffix; else the module whose /proc/modules base the area starts at;
# else none (-) if the caller is the module loader (memory of a module that cannot be told),
# the kernel if there is another caller, none if there is no caller. Lazily freed
# areas left out unless -a. Sorted by LINE.
awk_modules() {	# awk_modules SYSROOT [-a]
	local mods=$1/proc/modules
	[ -f "$mods" ] || mods=/dev/null
	awk -v all="${2:-}" 'FILENAME == ARGV[1] { base[$6] = $1; next }
		!all && /unpurged vm_area/ { next }
		{ split($1, r, "-"); m = "-"
		  if (match($0, /\[[A-Za-z0-9_]+\]/)) m = substr($0, RSTART + 1, RLENGTH - 2)
		  else if (r[1] in base) m = base[r[1]]
		  else if ($3 ~ /^(load_module|move_module|module_alloc|module_memory_alloc|layout_and_allocate|_*execmem_[a-z]*)\+/) m = "-"
		  else if ($3 ~ /\+0x[0-9a-f]+\/0x[0-9a-f]+$/) m = "kernel"
		  print FNR, m }' "$mods" "$1/proc/vmallocinfo"
}

# on a terminal (script(1) gives a pseudo-terminal): what the command prints there
tty_run() {	# tty_run COLUMNS CMD...
	local cols=$1
	shift
	COLUMNS=$cols script -qec "$(printf '%q ' "$@")" /dev/null | tr -d '\r'
}

@test "messages: 'vmapctl:' or 'vmapctl COMMAND:', however vmapctl was started" {
	ln -s "$VMAPCTL" ./vmapctl
	run ./vmapctl --bogus
	assert_failure 64
	assert_line --index 0 "vmapctl: unrecognized option '--bogus'"
	run ./vmapctl list --bogus
	assert_failure 64
	assert_line --index 0 "vmapctl list: unrecognized option '--bogus'"
	# a file's error: the file, then the cause
	run ./vmapctl list -s "$BATS_TEST_TMPDIR/none"
	assert_failure 1
	assert_output "vmapctl: $BATS_TEST_TMPDIR/none/proc/vmallocinfo: no such file"
	local c
	for c in "list -s none" "summary -s none" "map -s none" "metrics -s none" "fit 1M -s none" "diff none -" "layout -s none"; do
		run --separate-stderr ./vmapctl $c
		assert_failure
		[ -n "$stderr" ]
		while IFS= read -r l; do
			[[ "$l" == "vmapctl: "* || "$l" == "vmapctl ${c%% *}: "* || "$l" == "Try "* ]] ||
				{ echo "$c: $l"; return 1; }
		done <<<"$stderr"
	done
}

@test "--help, --version and output into a full pipe (> /dev/full) fail, as util-linux's do" {
	local c
	for c in "--help" "--version" "list --help" "summary --usage"; do
		run --separate-stderr bash -c "'$VMAPCTL' $c > /dev/full"
		assert_failure 1
		[[ "$stderr" == *"vmapctl"*"write error"*"No space left on device"* ]] || { echo "$c: $stderr"; return 1; }
	done
	run --separate-stderr bash -c "'$VMAPCTL' list -s '$R' -J > /dev/full"
	assert_failure 1
	[ "$(grep -c 'write error' <<<"$stderr")" -eq 1 ]
	# a reader that stops early is no error
	run bash -c "set -o pipefail; '$VMAPCTL' --help | head -1"
	assert_success
}

@test "-s is --sysroot, as in lsmem and lscpu; --min-size has no short form" {
	run "$VMAPCTL" list -s "$R" -r -n -o SIZE -b
	assert_success
	assert_equal "$output" "$("$VMAPCTL" list --sysroot "$R" -r -n -o SIZE -b)"
	run "$VMAPCTL" summary -s "$R" -J
	assert_success
	run "$VMAPCTL" list --help
	assert_success
	assert_output --partial "-s, --sysroot=DIR"
	assert_output --regexp '      --min-size=SIZE'
}

@test "sizes read what vmapctl prints: --min-size 1.5M" {
	"$VMAPCTL" list -a -s "$R" -r -n -b -o SIZE > all
	want=$(awk '$1 >= 1572864' all | wc -l)
	[ "$want" -gt 0 ]
	run "$VMAPCTL" list -a -s "$R" -r -n -b -o SIZE --min-size 1.5M
	assert_success
	assert_equal "${#lines[@]}" "$want"
	# the sizes summary prints read back: as many regions as awk finds at least that big
	run --separate-stderr "$VMAPCTL" summary -s "$R" -r -n -o SIZE
	assert_success
	sizes=$(awk '$1 == "types" { print $2 }' <<<"$output")
	[ "$(wc -l <<<"$sizes")" -ge 4 ]
	for s in $sizes; do
		min=$(awk -v s="$s" 'BEGIN { n = s + 0; u = substr(s, length(s)); m = 1
			if (u == "K") m = 2^10; else if (u == "M") m = 2^20; else if (u == "G") m = 2^30; else if (u == "T") m = 2^40
			printf "%.0f\n", n * m }')
		run --separate-stderr "$VMAPCTL" list -a -s "$R" -r -n -b --min-size "$s" -o SIZE
		assert_success
		assert_equal "$(grep -c . <<<"$output")" "$(awk -v m="$min" '$2 >= m' "$R/proc/vmallocinfo" | wc -l)"
	done
	run "$VMAPCTL" list -s "$R" --min-size 1.5
	assert_failure 64
	assert_output --partial "invalid size: '1.5'"
}

@test "--output-all: every column but PFNS (a page-table walk of its own); not with -o" {
	run "$VMAPCTL" list -s "$R" --output-all -r -n
	assert_success
	want=$("$VMAPCTL" list -H -r -n | awk '$3 == "regions" && $1 != "PFNS" { printf "%s ", $1 }')
	run "$VMAPCTL" list -s "$R" --output-all -r
	assert_success
	assert_equal "${lines[0]} " "$want"
	run "$VMAPCTL" summary -s "$R" --output-all -J
	assert_success
	jq -e '.types[0] | keys | length == 6' <<<"$output"
	run "$VMAPCTL" list -s "$R" --output-all -o SIZE
	assert_failure 64
	assert_output --partial "mutually exclusive"
}

@test "filters add up: -t a -t b, 'a, b', any case; -m x -m y; -m - is no module" {
	a=$("$VMAPCTL" list -s "$R" -r -n -o LINE -t vmap,ioremap)
	[ -n "$a" ]
	assert_equal "$("$VMAPCTL" list -s "$R" -r -n -o LINE -t vmap -t ioremap)" "$a"
	assert_equal "$("$VMAPCTL" list -s "$R" -r -n -o LINE -t 'vmap, ioremap')" "$a"
	assert_equal "$("$VMAPCTL" list -s "$R" -r -n -o LINE -t VMAP,IoRemap)" "$a"
	assert_equal "$(wc -l <<<"$a")" "$(grep -cE ' (vmap|ioremap)( |$)' "$R/proc/vmallocinfo")"	# type or tag
	# modules: the demo's and the kernel's rows, line for line as awk attributes them
	run --separate-stderr "$VMAPCTL" list -s "$G" -r -n --sort LINE -o LINE,MODULE -m vmapctl_demo -m kernel
	assert_success
	assert_equal "$output" "$(awk_modules "$G" | awk '$2 == "vmapctl_demo" || $2 == "kernel"')"
	grep -q ' vmapctl_demo$' <<<"$output"
	# -: the regions no module made (lazily freed areas and vm_map_ram blocks have no caller)
	run --separate-stderr "$VMAPCTL" list -a -s "$R" -r -n --sort LINE -o LINE,MODULE -m -
	assert_success
	want=$(awk_modules "$R" -a | awk '$2 == "-"')
	[ "$(wc -l <<<"$want")" -gt 100 ]
	assert_equal "$output" "$want"
	assert_equal "$(wc -l <<<"$output")" "$(grep -c 'unpurged vm_area' "$R/proc/vmallocinfo")"
	# callers: any of them
	run --separate-stderr "$VMAPCTL" list -s "$R" -r -n -o CALLER -c pci_mmcfg -c acpi_os_map
	assert_success
	want=$(grep -cE 'pci_mmcfg|acpi_os_map' "$R/proc/vmallocinfo")
	[ "$want" -gt 0 ]
	assert_equal "${#lines[@]}" "$want"
}

@test "live areas first: unpurged ones shown by -a or -t unpurged; on a terminal their number on stderr" {
	total=$(wc -l < "$R/proc/vmallocinfo")
	lazy=$(grep -c 'unpurged vm_area' "$R/proc/vmallocinfo")
	[ "$lazy" -gt 100 ]
	run --separate-stderr "$VMAPCTL" list -s "$R" -r -n -o TYPE
	assert_success
	assert_equal "${#lines[@]}" "$((total - lazy))"
	refute_line unpurged
	[ -z "$stderr" ]	# piped: no note
	run "$VMAPCTL" list -a -s "$R" -r -n -o TYPE
	assert_success
	assert_equal "${#lines[@]}" "$total"
	run "$VMAPCTL" list -t unpurged -s "$R" -r -n -o TYPE
	assert_success
	assert_equal "${#lines[@]}" "$lazy"
	# on a terminal: how many were left out, on stderr
	run tty_run 200 sh -c "'$VMAPCTL' list -s '$R' > /dev/null"
	assert_output "vmapctl: $lazy lazily freed areas (unpurged) not shown: -a shows them"
	run tty_run 200 sh -c "'$VMAPCTL' list -s '$R' -q > /dev/null"
	assert_output ""
	# summary still counts them
	run "$VMAPCTL" summary -s "$R" -J
	assert_success
	jq -e --argjson n "$lazy" '(.types[] | select(.name == "unpurged") | .regions) == $n' <<<"$output"
}

@test "a filter that matches nothing says so on a terminal, not in a pipe" {
	run tty_run 200 sh -c "'$VMAPCTL' list -s '$R' -t ioremap -m nosuch > /dev/null"
	assert_output "vmapctl: no region matches the filters"
	run --separate-stderr "$VMAPCTL" list -s "$R" -t ioremap -m nosuch
	assert_success
	[ -z "$stderr" ]
	assert_output ""
}

@test "summary -r and -P: each row names its table (TABLE); the same keys no longer mix" {
	run "$VMAPCTL" summary -s "$G" -P
	assert_success
	# every line of data carries TABLE first; TABLE and NAME together are unique
	grep -v '^$' <<<"$output" > pairs
	run grep -vc '^TABLE="\(types\|modules\|callers\|vmalloc\|owners\|module-area\)" ' pairs
	assert_output 0
	run bash -c "grep -o '^TABLE=\"[a-z]*\" NAME=\"[^\"]*\"' pairs | sort | uniq -d"
	assert_output ""
	assert_equal "$(grep -c '^TABLE="vmalloc"' pairs)" 1
	run "$VMAPCTL" summary -s "$G" -r -n
	assert_success
	assert_equal "$(awk 'NF && !seen[$1]++ { printf "%s ", $1 }' <<<"$output")" "types modules callers vmalloc owners module-area "
	# one table (list): no TABLE
	run "$VMAPCTL" list -s "$G" -P -o SIZE
	assert_success
	refute_output --partial TABLE
}

@test "JSON: TAGS an array, NUMA an object by node, one-row tables objects" {
	"$GEN" 2000 7 big >/dev/null
	run "$VMAPCTL" list -a -s big -J -o TAGS,NUMA,LINE
	assert_success
	jq -e '[.regions[] | .tags | type == "array" and all(.[]; type == "string")] | length > 0 and all' <<<"$output"
	jq -e '[.regions[] | select(.numa != null) | .numa | type == "object" and all(.[]; type == "number")] | (length > 0 and all)' <<<"$output"
	# the object's counts are the line's N<node>= tokens
	line=$(jq -r '[.regions[] | select(.numa != null)][0].line' <<<"$output")
	want=$(sed -n "${line}p" big/proc/vmallocinfo | grep -o 'N[0-9]*=[0-9]*' | sed 's/N\([0-9]*\)=\(.*\)/"\1":\2/' | paste -sd, | sed 's/.*/{&}/')
	assert_equal "$(jq -c --argjson l "$line" '.regions[] | select(.line == $l) | .numa' <<<"$output")" "$want"
	want=$(sed -n "${line}p" big/proc/vmallocinfo | tr ' ' '\n' | grep -xE 'vmalloc|vmap|user|ioremap|vpages|vm_map_ram|sparse|dma-coherent' | jq -R . | jq -sc .)
	assert_equal "$(jq -c --argjson l "$line" '.regions[] | select(.line == $l) | .tags' <<<"$output")" "$want"
	# one-row tables: objects
	run --separate-stderr "$VMAPCTL" summary -s "$G" -J
	assert_success
	jq -e '(.vmalloc | type) == "object" and (.types | type) == "array"' <<<"$output"
	run --separate-stderr "$VMAPCTL" fit 1M -s "$G" -J
	assert_success
	jq -e '(.fit | type) == "object" and .fit.fits' <<<"$output"
	run --separate-stderr "$VMAPCTL" diff -J "$FIX/diff-6.12-max-before-real" "$FIX/diff-6.12-max-after-real"
	assert_failure 2
	jq -e '(.total | type) == "object" and (.changes | type) == "array"' <<<"$output"
	# --list-columns says so
	run "$VMAPCTL" list -H -r -n
	assert_success
	assert_line --regexp '^TAGS array regions '
	assert_line --regexp '^NUMA object regions '
}

@test "hints name the real cause: a capture is recaptured; summary speaks of no START or END" {
	run --separate-stderr "$VMAPCTL" summary -s "$FIX/host-6.18-hashed"
	assert_success
	assert_equal "$stderr" "vmapctl: $FIX/host-6.18-hashed/proc/vmallocinfo: kernel addresses are hashed (kernel.kptr_restrict=0); for real addresses, recapture as root with kernel.kptr_restrict=1 ('vmapctl snapshot')"
	run --separate-stderr "$VMAPCTL" list -s "$FIX/host-6.18-zeros" -o SIZE
	assert_success
	[[ "$stderr" == *"zeros"*"recapture as root"* ]]
	[[ "$stderr" != *"sysctl"* ]]
	# -q: no notes, data the same
	run --separate-stderr "$VMAPCTL" summary -q -s "$FIX/host-6.18-hashed"
	assert_success
	[ -z "$stderr" ]
	run --separate-stderr "$VMAPCTL" metrics -q -s "$FIX/host-6.18-hashed"
	assert_success
	[ -z "$stderr" ]
}

@test "RESOURCE: a mapping that runs from one /proc/iomem resource into the next names each" {
	run "$VMAPCTL" list -s "$R" -t ioremap -r -n -b -o PHYS,SIZE,RESOURCE
	assert_success
	# 0x9f000 for 8K (12K less the guard page): System RAM to 0x9fbff, then the EBDA's Reserved
	assert_line '0x000000000009f000 12288 System\x20RAM,\x20Reserved'
	grep -q '^00001000-0009fbff : System RAM$' "$R/proc/iomem"
	grep -q '^0009fc00-000fffff : Reserved$' "$R/proc/iomem"
	# every row that names one resource lies inside a range of that name
	while read -r phys size res; do
		[[ "$res" == *','* ]] && continue
		res=${res//\\x20/ }
		end=$((phys + size - 4096 - 1))
		found=0
		while IFS= read -r l; do
			r=${l#"${l%%[! ]*}"}
			lo=0x${r%%-*} hi=${r#*-}; hi=0x${hi%% *}
			[ "${r#* : }" = "$res" ] && [ $((phys)) -ge $((lo)) ] && [ "$end" -le $((hi)) ] && found=1
		done < "$R/proc/iomem"
		[ "$found" = 1 ] || { echo "$phys $size $res"; return 1; }
	done <<<"$output"
}

@test "a narrow terminal (80 columns): PHYS without its zero digits, CALLER wrapped whole, never cut" {
	run tty_run 80 "$VMAPCTL" list -s "$R" -t ioremap,vmap -o START,SIZE,TYPE,CALLER,MODULE,PHYS
	assert_success
	# PHYS: 0xa0000, not 0x00000000000a0000
	assert_line --regexp ' 0xa0000 *$'
	refute_output --partial '0x00000000000a0000'
	# each caller whole: the CALLER column of a row's lines, joined, is its value, and a
	# line breaks only at a word's end (after '_', before "+offset/length")
	"$VMAPCTL" list -s "$R" -t ioremap,vmap -r -n -o CALLER > callers
	[ -z "$(awk 'length > 80' <<<"$output")" ]
	printf '%s\n' "$output" | awk '!h && /CALLER/ { h = 1; from = index($0, "CALLER"); to = index($0, "MODULE"); next }
		h {
			p = substr($0, from, to - from); gsub(/ /, "", p)
			if ($0 ~ /^ *0x/) { if (n++) print row; row = p }
			else if (p != "") { if (last !~ /_$/ && p !~ /^[+[]/) print "cut: " last " / " p > "cuts"; row = row p }
			if (p != "") last = p
		}
		END { if (n) print row }' > got
	[ ! -s cuts ] || { cat cuts; return 1; }
	diff callers got
	# it did wrap: a caller on more than one line
	[ "$(grep -c . <<<"$output")" -gt "$(($(wc -l < callers) + 1))" ]
	# wide enough: one line a row, as before
	run tty_run 250 "$VMAPCTL" list -s "$R" -t ioremap,vmap
	assert_equal "${#lines[@]}" "$(($(wc -l < callers) + 1))"
	# a pipe gets the full PHYS
	run "$VMAPCTL" list -s "$R" -t ioremap -o PHYS
	assert_success
	assert_line --partial '0x00000000000a0000'
}
