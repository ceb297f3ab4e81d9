#!/usr/bin/env bats
# vmapctl map: the vmalloc area as a picture, on a terminal and as SVG (issue 16),
# checked against where an independent count puts the regions, and rendered by a
# real SVG renderer (rsvg-convert).
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
	G1=$FIX/guest-6.1-qemu64-real A=$FIX/diff-6.12-max-after-real B=$FIX/diff-6.12-max-before-real
	SOCK=vmapctl-map-$$
}

teardown() {
	local s
	for s in "$SOCK" "$SOCK-nc"; do tmux -L "$s" kill-server 2>/dev/null || true; done
}

# the cells of the first band of map's ASCII output
band() {
	sed -n 's/^0x[0-9a-f]* |\(.*\)|$/\1/p' <<<"$1" | head -n1
}

@test "map, linear scale, zoomed: every cell a region touches has its letter, every other is a hole" {
	local from to w=64 s e c0 c1 i
	from=$(awk '{ split($1, r, "-"); print r[1]; exit }' "$G1/proc/vmallocinfo")
	to=$(printf '0x%x' $((from + 4 * 1024 * 1024)))
	run --separate-stderr "$VMAPCTL" map --sysroot "$G1" --from "$from" --to "$to" --width $w --rows 1 --scale linear --holes 0 --ascii
	assert_success
	cells=$(band "$output")
	[ "${#cells}" -eq $w ] || { echo "$output"; return 1; }
	# the cells each region of [from, to) covers, by bash arithmetic on the text
	want=$(printf '%*s' $w '' | tr ' ' .)
	while read -r range _; do
		s=$((${range%-*})) e=$((${range#*-}))
		[ $((s - from)) -ge 0 ] && [ $((s - to)) -lt 0 ] || continue
		[ $((e - to)) -gt 0 ] && e=$((to))
		c0=$(( (s - from) * w / (to - from) )) c1=$(( (e - 1 - from) * w / (to - from) ))
		for ((i = c0; i <= c1; i++)); do want=${want:0:i}x${want:i+1}; done
	done < "$G1/proc/vmallocinfo"
	got=$(tr 'A-Za-z' 'x' <<<"$cells")
	assert_equal "$got" "$want"
	grep -q '[A-Z]' <<<"$cells"	# some cell is mostly used
}

@test "map: the legend counts each type's regions and bytes as awk does; holes as a walk over the range finds them" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" -J
	assert_success
	json=$output
	for t in vmalloc vmap ioremap; do
		# the regions of the vmalloc area: not the modules area's (0xffffffffc0000000 on)
		read -r n b <<<"$(paste <(awk_types "$A/proc/vmallocinfo") "$A/proc/vmallocinfo" |
			awk -v t=$t '$1 == t && $2 !~ /^0xffffffff[c-f]/ { n++; b += $3 } END { print n + 0, b + 0 }')"
		jq -e --arg t $t --argjson n "$n" --argjson b "$b" \
			'.legend[] | select(.category == $t) | .regions == $n and .size == $b' <<<"$json" ||
			{ echo "$t: awk $n $b"; jq .legend <<<"$json"; return 1; }
	done
	# the holes, largest first, inside the area; the cells tile it
	jq -e '[.holes[].size] | . == (sort | reverse)' <<<"$json"
	jq -e '[.cells[] | .start, .end] | .[0] < .[-1]' <<<"$json"
	jq -e '.cells as $c | [range(1; $c | length) | $c[.].start == $c[. - 1].end] | length > 0 and all' <<<"$json"
	# a range between two regions: one hole, exactly it
	read -r e1 s2 <<<"$(awk '!/unpurged/ { split($1, r, "-"); print r[1], r[2] }' "$G1/proc/vmallocinfo" | sort |
		awk 'NR > 1 && $1 != prev { print prev, $1; exit } { prev = $2 }')"
	run --separate-stderr "$VMAPCTL" map --sysroot "$G1" --from "$(printf '0x%x' $((e1 - 4096)))" --to "$s2" -J -b --source text
	assert_success
	jq -e --argjson n $((s2 - e1)) '.holes[0].size == $n' <<<"$output" || { jq .holes <<<"$output"; echo "$e1 $s2"; return 1; }
}

@test "map --svg: XML of known elements, drawn by rsvg-convert with the legend's colours where the regions are" {
	command -v rsvg-convert && command -v xmllint
	# one of the module's vmap regions, and a hole after it
	read -r s e <<<"$(grep 'map_pages.*vmap' "$A/proc/vmallocinfo" | head -n1 | awk '{ split($1, r, "-"); print r[1], r[2] }')"
	"$VMAPCTL" map --sysroot "$A" --svg whole.svg
	"$VMAPCTL" map --sysroot "$A" --from "$s" --to "$e" --svg one.svg
	for f in whole.svg one.svg; do
		xmllint --noout "$f"
		run bash -c "grep -o '<[a-z]*' $f | sort -u | tr -d '<' | tr '\n' ' '"
		for el in $output; do
			[[ " svg title rect text g line tspan " == *" $el "* ]] || { echo "unknown element $el"; return 1; }
		done
	done
	# each cell's tooltip names the region in it: start, size, type, caller, module, as the file has them
	read -r size caller <<<"$(grep 'map_pages.*vmap' "$A/proc/vmallocinfo" | head -n1 | awk '{ print $2, $3 }')"
	[ $((size % 1024)) -eq 0 ] && [ "$size" -lt $((1024 * 1024)) ]
	want="$s $((size / 1024))K vmap $caller vmapctl_demo</title></rect>"
	cells=$(grep -c '^<rect .*><title>0x[0-9a-f]*-0x[0-9a-f]*: ' one.svg)
	[ "$cells" -gt 0 ]
	assert_equal "$(grep -cxF "$want" one.svg)" "$cells"
	# the band is that one region: its pixels have the legend's colour of vmap
	colour=$(sed -n 's/.*fill="\(#[0-9a-f]*\)"\/><text[^>]*>vmap:.*/\1/p' one.svg)
	[ -n "$colour" ]
	rsvg-convert -o one.png one.svg
	run python3 "$TOP/tests/tools/pngpixel.py" one.png 160 53 650 53 1140 53
	assert_output "$(printf '%s\n%s\n%s' "$colour" "$colour" "$colour")"
	# the whole area: the background of the bands is a hole's, white around them
	rsvg-convert -o whole.png whole.svg
	run python3 "$TOP/tests/tools/pngpixel.py" whole.png 5 5
	assert_output "#ffffff"
}

@test "map on a terminal (tmux): Unicode blocks in colour; ASCII letters with NO_COLOR, --ascii or piped" {
	command -v tmux
	tmux -L "$SOCK" -f /dev/null new-session -d -x 120 -y 40 "'$VMAPCTL' map --sysroot '$A' --rows 3; sleep 30" 3>&-
	sleep 1
	run tmux -L "$SOCK" capture-pane -e -p
	[[ $output == *$'\e['*'m'* ]] || { echo "no colour: $output"; return 1; }
	[[ $output == *"█"* ]]
	# a server of its own: a new one on the socket of one just killed may find it still going
	tmux -L "$SOCK-nc" -f /dev/null new-session -d -x 120 -y 40 "NO_COLOR=1 '$VMAPCTL' map --sysroot '$A' --rows 3; sleep 30" 3>&-
	sleep 1
	run tmux -L "$SOCK-nc" capture-pane -e -p
	[[ $output != *$'\e['* ]] || { echo "colour with NO_COLOR: $output"; return 1; }
	[[ $output == *"|"*"A"*"|"* ]]
	# piped: ASCII, the width of 64 cells
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --rows 2
	assert_success
	[[ $output != *$'\e['* ]]
	[ "$(band "$output" | wc -c)" -eq 65 ]
}

@test "map with hidden addresses: no made-up map, each type's size as a bar" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$FIX/host-6.18-hashed"
	assert_success
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ $stderr == *"no layout to draw"* ]]
	refute_output --regexp '^0x'
	assert_line --regexp '^vmalloc +[0-9.]+[KMG] +[0-9]+ regions #+$'
	run --separate-stderr "$VMAPCTL" map --sysroot "$FIX/host-6.18-hashed" -J
	assert_success
	jq -e '(.cells | length) == 0 and (.legend | length) > 0' <<<"$output"
}

@test "diff --svg: what appeared and vanished, drawn" {
	run --separate-stderr "$VMAPCTL" diff --svg d.svg "$B" "$A" -J
	assert_failure 2
	xmllint --noout d.svg
	ap=$(jq '.total.appeared' <<<"$output") va=$(jq '.total.vanished' <<<"$output")
	grep -q ">appeared: $ap regions" d.svg
	grep -q ">vanished: $va regions" d.svg
	grep -q '^vanished: 0x[0-9a-f]* [0-9.]*[KM] ' d.svg
	run --separate-stderr "$VMAPCTL" diff --svg d2.svg "$B" "$FIX/diff-6.12-max-after-hashed"
	assert_failure 1
	[[ $stderr == *"there is no layout to draw"* ]]
	[ ! -e d2.svg ]
}

@test "map: bad input is a clear error" {
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --scale log
	assert_failure 64
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --from 0x2000 --to 0x1000
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --svg "$BATS_TEST_TMPDIR/nodir/m.svg"
	assert_failure 1
	[ "${#stderr_lines[@]}" -eq 1 ]
	run --separate-stderr "$VMAPCTL" map --sysroot "$A" --width 3
	assert_failure 64
}
