# Shared set-up of the host tests.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
VMAPCTL=${VMAPCTL:-$TOP/vmapctl}
# the ASan build checks for leaks at every exit, error paths too, and a leak exits 86, not 1 (an error's status)
export ASAN_OPTIONS="detect_leaks=1:exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
FIX=$TOP/tests/fixtures

# The type of each line of a vmallocinfo file, derived independently of vmapctl
# (tests/bench/types.awk: the precedence documented in vmapctl(8)): one type per line.
awk_types() {
	gawk -f "$TOP/tests/bench/types.awk" -e '{ print vmi_type() }' "$1"
}

# The free holes of a capture's vmalloc space, walked independently of vmapctl:
# its ranges sorted (equal-width hex sorts as text; bash does the 64-bit
# arithmetic), from the lowest start over VmallocTotal bytes (whole pages); ranges starting
# past the end (module memory, above the area on x86_64) left out.
# Prints "START SIZE" a hole, in address order (START as bash's 64-bit number).
holes_of() {	# holes_of SYSROOT
	local f=$1 total lo hi cur s e
	# VmallocTotal in whole pages: x86_64's is 1 KiB short (VMALLOC_END is inclusive)
	total=$(( ($(awk '/^VmallocTotal:/ { print $2 }' "$f/proc/meminfo") * 1024 + 4095) / 4096 * 4096 ))
	cut -d' ' -f1 "$f/proc/vmallocinfo" | tr '-' ' ' | sort > "$BATS_TEST_TMPDIR/ranges"
	read -r lo _ < "$BATS_TEST_TMPDIR/ranges"
	hi=$((lo + total)) cur=$lo
	while read -r s e; do
		[ $((hi - s)) -gt 0 ] || continue
		[ $((s - cur)) -gt 0 ] && echo "$cur $((s - cur))"
		[ $((e - cur)) -gt 0 ] && cur=$e
	done < "$BATS_TEST_TMPDIR/ranges"
	[ $((hi - cur)) -gt 0 ] && echo "$cur $((hi - cur))"
	return 0
}

# Prints "HOLES LARGEST".
holes_walk() {	# holes_walk SYSROOT
	local holes=0 best=0 at size
	while read -r at size; do
		holes=$((holes + 1)); [ "$size" -gt $best ] && best=$size
	done < <(holes_of "$1")
	echo "$holes $best"
}

# summary's figures in the same form: "HOLES LARGEST"
summary_holes() {	# summary_holes SYSROOT
	"$VMAPCTL" summary --sysroot "$1" -J | jq -r '.vmalloc | "\(.holes) \(.["largest-hole"])"'
}

# The lowest of the largest free holes of a capture (holes_of's):
# prints "START SIZE" (START in hex as vmapctl prints it, 16 digits)
largest_hole_walk() {	# largest_hole_walk SYSROOT
	local best=0 first=0 at size
	while read -r at size; do
		if [ "$size" -gt $best ]; then best=$size first=$at; fi
	done < <(holes_of "$1")
	printf '0x%016x %d\n' "$first" "$best"
}

# Where the lowest-address first fit of NEEDS bytes (guard page included) goes in a
# capture (holes_of's holes): prints "START HOLE-START HOLE-SIZE" (hex 16 digits,
# bytes), or nothing if no hole is that big
first_fit_walk() {	# first_fit_walk SYSROOT NEEDS
	local needs=$2 at size
	while read -r at size; do
		if [ "$size" -ge "$needs" ]; then printf '0x%016x 0x%016x %d\n' "$at" "$at" "$size"; return; fi
	done < <(holes_of "$1")
}
