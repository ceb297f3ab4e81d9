#!/bin/bash
# Run the cases of cases.sh with a vmapctl and print, for each, its output,
# its stderr and its exit status: the text golden.bats compares with the
# expected files, made by the binary before a change that must not change
# what is printed (tests/golden/README.md).
#   run.sh VMAPCTL OUTDIR    write OUTDIR/NNN (one file a case)
set -u
bin=$(realpath "$1") out=$2
here=$(cd "$(dirname "$0")" && pwd)
fix=$here/../fixtures
# shellcheck source=cases.sh
. "$here/cases.sh"
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
captures=$(cd "$fix" && for d in */; do [ -f "$d/proc/vmallocinfo" ] && echo "${d%/}"; done)
while IFS= read -r line; do
	if [[ " $line " == *" F "* ]]; then each=$captures; else each=-; fi
	for f in $each; do
		n=$((n + 1))
		cmd=" $line "
		cmd=${cmd// F / $f }
		cmd=${cmd# }
		cmd=${cmd% }
		read -ra args <<<"$cmd"
		{
			echo "\$ vmapctl $cmd"
			(cd "$fix" && rm -f "$tmp/out.svg" && COLUMNS=80 "$bin" "${args[@]//out.svg/$tmp/out.svg}" 2>"$tmp/err"; echo "--- exit $?" > "$tmp/rc")
			echo "--- stderr"
			sed "s|$tmp/||g" "$tmp/err"
			cat "$tmp/rc"
			[ -f "$tmp/out.svg" ] && { echo "--- out.svg"; cat "$tmp/out.svg"; }
		} > "$out/$(printf %03d $n)"
	done
done < <(golden_cases)
exit 0
