#!/usr/bin/env bats
# The options every command shares, as util-linux's tools have them: the help
# (each option once, the exit status once and last, column descriptions under
# their column), -o and -s values that cannot mean anything, -P/-y for eval,
# -n without titles, long values kept whole, and -s only where it can work.
load helper

G=$FIX/guest-6.1-max-real	# 6.1 guest: real addresses, vmalloc, vmap, ioremap

COMMANDS="list summary snapshot demo layout peek vtop fit diff watch trace map metrics"

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "--help lists each option once, and ends with the command's exit status, said once" {
	local c
	run "$VMAPCTL" --help
	assert_success
	[ "$(grep -cE -- '--help( |$)' <<<"$output")" -eq 1 ]
	for c in $COMMANDS; do
		run --separate-stderr "$VMAPCTL" $c --help
		assert_success
		# every long option of the help once: the option column is the start of a line
		dups=$(grep -oE '^ +(-[a-zA-Z?], )?--[a-z-]+' <<<"$output" | sed 's/.*--/--/' | sort | uniq -d)
		[ -z "$dups" ] || { echo "$c: twice: $dups"; return 1; }
		! grep -qE '^ +-\?' <<<"$output" || { echo "$c: -? listed"; return 1; }
		[ "$(grep -c 'Exit status' <<<"$output")" -eq 1 ] || { echo "$c: exit status not once"; return 1; }
		# the last paragraph is the exit status
		last=$(awk '!NF { p = ""; next } { p = p ? p " " $0 : $0 } END { print p }' <<<"$output")
		[[ "$last" == "Exit status: "* ]] || { echo "$c: ends with '$last'"; return 1; }
		run "$VMAPCTL" $c --usage
		assert_success
		[ "$(grep -oF '[--help]' <<<"$output" | wc -l)" -eq 1 ] || { echo "$c --usage: [--help] not once"; return 1; }
		! grep -qE '^Usage: vmapctl [a-z]+ \[-[a-zA-Z]*\?' <<<"$output" || { echo "$c --usage: -?"; return 1; }
	done
	# fit's and diff's own statuses, not the common one
	run "$VMAPCTL" fit --help
	assert_line "Exit status: 0 it fits, 1 it does not, 2 it cannot be told, 64 usage error."
	run "$VMAPCTL" diff --help
	[[ "$(tail -n2 <<<"$output" | tr '\n' ' ')" == *"64 usage error. " ]]
	refute_line "Exit status: 0 success, 1 failure, 64 usage error."
	# -h, --help, --usage and -V do what they say
	run "$VMAPCTL" list -h
	assert_success
	assert_line --index 0 --regexp '^Usage: vmapctl list '
	run "$VMAPCTL" list -V
	assert_success
	assert_output --regexp '^vmapctl [0-9]+\.[0-9]+'
}

@test "--help: no line past 79 columns, each column's description indented under its start" {
	local c
	for c in "" $COMMANDS; do
		run "$VMAPCTL" $c --help
		assert_success
		long=$(awk 'length > 79' <<<"$output")
		[ -z "$long" ] || { echo "$c: $long"; return 1; }
	done
	for c in $COMMANDS; do
		"$VMAPCTL" $c --list-columns -r -n 2>/dev/null | cut -d' ' -f1 > names || continue
		[ -s names ] || continue
		# the columns' part: from "Available output columns:" to the blank line before the exit status
		"$VMAPCTL" $c --help | awk '/^Available output columns:/ { on = 1; next } on' |
			awk '{ l[NR] = $0 } !NF { b = NR } END { for (i = 1; i < b; i++) print l[i] }' > cols
		# each line: a column's name (right-aligned), or a continuation indented past every name
		ind=$(awk '/^ +[A-Z0-9:%-]+  / { match($0, /^ +[A-Z0-9:%-]+  /); if (RLENGTH > m) m = RLENGTH } END { print m }' cols)
		[ "$ind" -gt 0 ]
		bad=$(awk -v ind="$ind" 'NF && !/^The .* columns/ && !/^ +[A-Z0-9:%-]+  / {
			match($0, /^ */); if (RLENGTH != ind) print }' cols)
		[ -z "$bad" ] || { echo "$c: not under its column: $bad"; return 1; }
		# and every column of --list-columns is described there
		while read -r n; do
			grep -qE "^ +$n  " cols || { echo "$c: $n missing"; return 1; }
		done < names
	done
}

@test "-o with an empty list or an empty name is a usage error, before any reading" {
	local o c
	for o in "" "," "+" "START," ",START" "START,,END" "+,"; do
		for c in "list -s $G" "summary -s $G" "fit 4K -s $G"; do
			# a column of the command in place of START
			first=$("$VMAPCTL" $c --list-columns -r -n | head -n1 | cut -d' ' -f1)
			run --separate-stderr "$VMAPCTL" $c -o "${o//START/$first}"
			assert_failure 64
			[ -z "$output" ] || { echo "$c -o '$o': stdout '$output'"; return 1; }
			[[ "$stderr" == "vmapctl ${c%% *}: --output: an empty "* ]] || { echo "$c -o '$o': $stderr"; return 1; }
		done
	done
	# the same on a file that does not exist: the usage error first
	run --separate-stderr "$VMAPCTL" list -s "$BATS_TEST_TMPDIR/none" -o ''
	assert_failure 64
	# a good list still works, and "+LIST" adds to the defaults
	run "$VMAPCTL" list -s "$G" -r -n -o START,END
	assert_success
	[ "${#lines[@]}" -eq "$(awk '!/unpurged/' "$G/proc/vmallocinfo" | wc -l)" ]
}

@test "-s '' (an empty \$DIR) is an error, not the live system" {
	local c
	for c in "list" "summary" "map" "fit 4K" "metrics" "watch" "layout" "peek 0x1" "vtop 0x1"; do
		run --separate-stderr "$VMAPCTL" $c -s ''
		assert_failure 64
		[ -z "$output" ] || { echo "$c: stdout"; return 1; }
		[[ "$stderr" == "vmapctl ${c%% *}: --sysroot: an empty DIR"* ]] || { echo "$c: $stderr"; return 1; }
		run --separate-stderr "$VMAPCTL" $c --sysroot=
		assert_failure 64
	done
}

@test "an empty value (an unset \$VAR) of any option or state is a usage error, never another meaning" {
	local c
	# diff's states: '' would be the live system; -m '' no filter; --svg '' a file named ""
	for c in "diff '' $G" "diff $G ''" "diff $G $G -m ''" "diff $G $G --svg ''" "map -s $G --svg ''"; do
		eval "run --separate-stderr \"\$VMAPCTL\" $c"
		assert_failure 64
		[ -z "$output" ] || { echo "$c: stdout"; return 1; }
		[[ "$stderr" == "vmapctl ${c%% *}: "*": an empty value"* ]] || { echo "$c: $stderr"; return 1; }
	done
	# a filter's list with an empty name: as -o's
	for c in "-t ''" "-t ,vmap" "-t vmap,,ioremap" "-t 'vmap, '" "-m ','" "--caller ' '"; do
		eval "run --separate-stderr \"\$VMAPCTL\" list -s \"\$G\" $c"
		assert_failure 64
		[ -z "$output" ] || { echo "$c: stdout"; return 1; }
		[[ "$stderr" == "vmapctl list: an empty "* ]] || { echo "$c: $stderr"; return 1; }
	done
	# the lists themselves still filter: -t vmap,ioremap are the lines of those types (gawk)
	run --separate-stderr "$VMAPCTL" list -s "$G" -r -n -o TYPE -t vmap,ioremap
	assert_success
	[ "${#lines[@]}" -eq "$(awk_types "$G/proc/vmallocinfo" | grep -cxE 'vmap|ioremap')" ]
}

@test "-P: a value that is not there is \"\", as lsblk's; -y makes keys shell variables, for eval" {
	# independently: the lines with no phys= (gawk), in file order
	awk '!/unpurged/ { print ($0 ~ / phys=/) ? "yes" : "no" }' "$G/proc/vmallocinfo" > want
	run --separate-stderr "$VMAPCTL" list -s "$G" -P -o LINE,PHYS --sort LINE
	assert_success
	sed -E 's/.*PHYS="([^"]*)".*/\1/' <<<"$output" | awk '{ print ($0 == "") ? "no" : "yes" }' > got
	diff want got
	refute_output --partial 'PHYS="-"'
	# -y: keys with '-' (summary's free table) become eval-able shell variables
	"$VMAPCTL" summary -s "$G" -P | grep -qE '(^| )[A-Z]+-[A-Z-]+="' # such keys exist
	run --separate-stderr "$VMAPCTL" summary -s "$G" -P -y
	assert_success
	refute_output --regexp '(^| )[A-Z_]*-[A-Z_-]*="'
	while IFS= read -r l; do
		( eval "$l" ) || { echo "not eval-able: $l"; return 1; }
	done <<<"$output"
	# -y without -P says what it applies to
	run --separate-stderr "$VMAPCTL" list -s "$G" -y
	assert_failure 64
	[[ "$stderr" == "vmapctl list: --shell applies to --pairs only"* ]]
}

@test "-P -y: list's keys eval to the values -J gives" {
	"$VMAPCTL" list -s "$G" -J -o START,SIZE,PHYS > l.json
	"$VMAPCTL" list -s "$G" -P -y -b -o START,SIZE,PHYS > l.pairs
	[ "$(wc -l < l.pairs)" -eq "$(jq '.regions | length' l.json)" ]
	i=0
	while IFS= read -r l; do
		START= SIZE= PHYS=
		eval "$l"
		[ "$START" = "$(jq -r ".regions[$i].start" l.json)" ]
		[ "$SIZE" = "$(jq -r ".regions[$i].size" l.json)" ]
		[ "$PHYS" = "$(jq -r ".regions[$i].phys // \"\"" l.json)" ]
		i=$((i + 1))
	done < l.pairs
}

@test "-n: no headings and no titles: every line is a row" {
	# summary's tables: by type, module, caller (and the free space): rows only
	run --separate-stderr "$VMAPCTL" summary -s "$G" -n
	assert_success
	[ "$(grep -c ':$' <<<"$output")" -eq 0 ]	# no title line
	[ "$(grep -c '^NAME ' <<<"$output")" -eq 0 ]	# no heading
	# the by-type rows are the types of the file (gawk, tests/bench/types.awk)
	for t in $(awk_types "$G/proc/vmallocinfo" | sort -u); do
		grep -qE "^$t +[0-9]+ " <<<"$output" || { echo "type $t missing"; return 1; }
	done
	# without -n the titles are there
	run --separate-stderr "$VMAPCTL" summary -s "$G"
	assert_line "Regions by type:"
}

@test "a caller of 301 characters (KSYM_NAME_LEN is 512) is whole in list, -J, -r, -P and --sort" {
	mkdir -p cap/proc
	cp -r "$G/proc/." cap/proc/
	chmod -R u+w cap
	long=rust_$(printf 'a%.0s' $(seq 1 296))
	[ "${#long}" -eq 301 ]
	awk -v L="$long" 'NR == 3 { $3 = L "+0x10/0x20 [rust_mod]" } { print }' "$G/proc/vmallocinfo" > cap/proc/vmallocinfo
	want="$long+0x10/0x20"
	run --separate-stderr "$VMAPCTL" list -s cap -J -o CALLER,MODULE
	assert_success
	[ "$(jq -r --arg w "$want" '[.regions[] | select(.caller == $w)] | length' <<<"$output")" -eq 1 ]
	run --separate-stderr "$VMAPCTL" list -s cap -r -n -o CALLER
	assert_success
	assert_line "$want"
	run --separate-stderr "$VMAPCTL" list -s cap -P -o CALLER --sort CALLER
	assert_success
	assert_line "CALLER=\"$want\""
	run --separate-stderr "$VMAPCTL" list -s cap -o CALLER
	assert_success
	assert_line "$want"
	# summary keeps it too
	run --separate-stderr "$VMAPCTL" summary -s cap -J --top 1000
	assert_success
	[ "$(jq --arg f "$long" '[.callers[] | select(.name == $f)] | length' <<<"$output")" -eq 1 ]
}

@test "-s where it cannot work: refused with the reason, and not in the help" {
	local c
	# trace and demo work on the running kernel alone
	for c in trace demo; do
		run "$VMAPCTL" $c --help
		assert_success
		refute_output --partial "--sysroot"
		run "$VMAPCTL" $c --usage
		refute_output --partial "--sysroot"
		refute_output --regexp '\[-[a-zA-Z]*s[a-zA-Z]*\]'
		run --separate-stderr "$VMAPCTL" $c -s "$G"
		assert_failure 64
		[[ "$stderr" == "vmapctl $c: --sysroot does not apply: $c works on the running kernel only"* ]] ||
			{ echo "$c: $stderr"; return 1; }
	done
	# layout, peek and vtop read kernel memory: a capture holds no kcore
	[ ! -e "$G/proc/kcore" ]
	for c in "layout" "peek 0xffffffff81000000" "vtop 0xffffffff81000000"; do
		run --separate-stderr "$VMAPCTL" $c -s "$G"
		assert_failure 64
		[[ "$stderr" == "vmapctl ${c%% *}: --sysroot $G: no proc/kcore in it: ${c%% *} reads kernel memory"* ]] ||
			{ echo "$c: $stderr"; return 1; }
		run "$VMAPCTL" ${c%% *} --help
		assert_output --partial "holds no kcore"
	done
	# where it works it is offered
	for c in list summary fit diff map metrics watch; do
		run "$VMAPCTL" $c --help
		assert_output --partial "--sysroot=DIR"
	done
}

# list's aligned table on a terminal COLUMNS wide (script(1) gives it one)
on_terminal() {	# on_terminal WIDTH ARGS...: the screen's lines in "screen"
	local w=$1
	shift
	COLUMNS=$w script -qec "$(printf '%q ' "$VMAPCTL" "$@") 2>$(printf '%q' "$PWD/screen.err")" /dev/null | tr -d '\r' > screen
	[ -s screen ]
}

# the text of a column of screen, a row per line (a row begins with START's
# "0x"), its lines' pieces joined by SEP, blanks dropped: from the column's
# heading to the next one's (LAST: to the end of the line)
column_of() {	# column_of NAME NEXT|LAST [SEP]
	awk -v name="$1" -v next_="$2" -v sep="${3-}" '
		NR == 1 { from = index($0, name); to = next_ == "LAST" ? 0 : index($0, next_); next }
		{
			piece = to ? substr($0, from, to - from) : substr($0, from)
			gsub(/ /, "", piece)
			if ($0 ~ /^ *0x/) { if (n++) print row; row = piece }
			else if (piece != "") row = row sep piece
		}
		END { if (n) print row }' screen
}

# the checks of a terminal's table: no line wider, values whole, words whole
check_screen() {	# check_screen WIDTH COLUMN:NEXT...
	local w=$1 col
	shift
	long=$(awk -v w="$w" 'length > w' screen)
	[ -z "$long" ] || { echo "wider than $w: $long"; return 1; }
	for col in "$@"; do
		# each column's lines, joined, are its values whole (-r's, the blanks dropped as above)
		"$VMAPCTL" list -s "$G" -r -n -o "${col%%:*}" | sed 's/\\x20//g' > want
		column_of "${col%%:*}" "${col#*:}" > got
		diff want got || { echo "${col%%:*} is not whole"; return 1; }
	done
	# a caller's and a module's lines break at a word's end: after '_', before "+offset" or "[module]"
	for col in "$@"; do
		[[ $col == CALLER:* || $col == MODULE:* ]] || continue
		bad=$(column_of "${col%%:*}" "${col#*:}" '|' | awk -F'|' '{
			for (i = 2; i <= NF; i++) if ($(i - 1) !~ /_$/ && $i !~ /^[+[]/) print $(i - 1) " / " $i }')
		[ -z "$bad" ] || { echo "${col%%:*}: a word cut: $bad"; return 1; }
	done
}

@test "on an 80-column terminal: no line wider, no word cut, every value complete" {
	on_terminal 80 list -s "$G" -o START,SIZE,TYPE,CALLER,MODULE,RESOURCE
	head -n1 screen | grep -qE '^ *START +SIZE TYPE +CALLER +MODULE +RESOURCE *$'
	# it did wrap: more lines than rows
	[ "$(($(wc -l < screen) - 1))" -gt "$(awk '!/unpurged/' "$G/proc/vmallocinfo" | wc -l)" ]
	check_screen 80 CALLER:MODULE MODULE:RESOURCE RESOURCE:LAST
	# columns asked for are all shown: nothing said of columns left out
	refute grep -q 'not shown (' screen.err
	# list's default columns on a terminal wide enough for their numbers and words: the same
	on_terminal 120 list -s "$G"
	check_screen 120 CALLER:MODULE RESOURCE:LAST
	head -n1 screen | grep -qE '^ *START +END +SIZE TYPE +PAGES CALLER +MODULE +PHYS RESOURCE *$'
	refute grep -q 'not shown (' screen.err
}

@test "a terminal too narrow for list's default columns: the spare ones left out, the last first, and said" {
	local w heading left
	for w in 80 90 100; do
		on_terminal "$w" list -s "$G"
		# no line wider than the terminal, what is shown whole
		check_screen "$w" CALLER:"$(head -n1 screen | awk '{ print $7 == "" ? "LAST" : $7 }')"
		# the columns shown: the defaults, with MODULE, PHYS, RESOURCE left out from the end
		heading=$(head -n1 screen | xargs)
		case $heading in
		"START END SIZE TYPE PAGES CALLER") left="MODULE, PHYS, RESOURCE" ;;
		"START END SIZE TYPE PAGES CALLER MODULE") left="PHYS, RESOURCE" ;;
		"START END SIZE TYPE PAGES CALLER MODULE PHYS") left="RESOURCE" ;;
		*) echo "$w: $heading"; return 1 ;;
		esac
		# one line on stderr names them, and fits the terminal too
		[ "$(grep -c 'not shown (' screen.err)" = 1 ]
		grep -qxF "vmapctl: $left not shown ($w columns): -o shows them" screen.err ||
			{ echo "$w: $(cat screen.err)"; return 1; }
		[ -z "$(awk -v w="$w" 'length > w' screen.err)" ]
	done
	# -q: not said
	on_terminal 80 list -s "$G" -q
	[ ! -s screen.err ]
	# a pipe gets them all, whatever the terminal's width
	COLUMNS=80 "$VMAPCTL" list -s "$G" | head -n1 | grep -qE '^ *START +END +SIZE TYPE +PAGES CALLER +MODULE +PHYS RESOURCE *$'
}

@test "on a terminal, a caller longer than the CALLER column wraps inside its word, whole" {
	mkdir -p cap/proc
	cp -r "$G/proc/." cap/proc/
	chmod -R u+w cap
	long=rust_$(printf 'b%.0s' $(seq 1 295))
	{ cat "$G/proc/vmallocinfo"; printf '0xffffc9ffff000000-0xffffc9ffff002000 8192 %s+0x10/0x20 pages=1 vmalloc\n' "$long"; } > cap/proc/vmallocinfo
	on_terminal 80 list -s cap
	[ -z "$(awk 'length > 80' screen)" ]
	grep -qxF "vmapctl: MODULE, PHYS, RESOURCE not shown (80 columns): -o shows them" screen.err
	# CALLER is shown (a long word does not make it leave), and its lines joined are the value
	head -n1 screen | grep -qE ' CALLER( |$)'
	column_of CALLER "$(head -n1 screen | awk '{ print $7 == "" ? "LAST" : $7 }')" | grep -qxF "$long+0x10/0x20"
}

@test "a caller longer than KSYM_NAME_LEN is whole in map's and diff's SVG tooltips too" {
	mkdir -p cap/proc
	cp -r "$G/proc/." cap/proc/
	chmod -R u+w cap
	long=rust_$(printf 'b%.0s' $(seq 1 595))
	# a line of its own, in the hole past the last region of the vmalloc area's first
	# run (the file's first line's): the first region of its cell
	first=$(head -c 18 "$G/proc/vmallocinfo")
	last=$(awk -v p="${first:0:8}" 'index($1, p) == 1 { e = $1; sub(/.*-/, "", e); if (e > m) m = e } END { print m }' "$G/proc/vmallocinfo")
	start=$(printf '0x%x' $(( (last + 0x1000000) & ~0xfffff )))
	{ cat "$G/proc/vmallocinfo"; printf '%s-0x%x 8192 %s+0x10/0x20 pages=1 vmalloc\n' "$start" $((start + 8192)) "$long"; } > cap/proc/vmallocinfo
	run --separate-stderr "$VMAPCTL" map -s cap --svg m.svg
	assert_success
	grep -qF "$long+0x10/0x20" m.svg || { echo "map: the caller is cut"; return 1; }
	run --separate-stderr "$VMAPCTL" diff "$G" cap --svg d.svg
	[ "$status" -eq 2 ]	# it grew
	grep -qF "$long+0x10/0x20" d.svg || { echo "diff: the caller is cut"; return 1; }
}
