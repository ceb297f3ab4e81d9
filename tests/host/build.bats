#!/usr/bin/env bats
# The tree and the build: layers that only point down, make that never runs
# apt, clear errors for missing libraries, WERROR, other build folders, one way
# to build the module.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

# includes of "..." in the files of a folder, as "file: include"
includes() {
	grep -rH --include='*.[ch]' '^#include "' "$TOP"/src/"$1"/ | sed 's|^.*/src/||; s|:#include "\(.*\)"|: \1|'
}

@test "layers only point down: lib includes lib and uapi, kernel no cli, the module only uapi" {
	local n
	n=$(includes lib | wc -l)
	[ "$n" -gt 10 ]
	run bash -c "$(declare -f includes); TOP=$TOP; includes lib | grep -Ev ': (lib|uapi)/'"
	assert_output ""
	run bash -c "$(declare -f includes); TOP=$TOP; includes kernel | grep -Ev ': (lib|kernel|uapi)/'"
	assert_output ""
	run bash -c "$(declare -f includes); TOP=$TOP; includes cli | grep -Ev ': (lib|kernel|cli|uapi)/'"
	assert_output ""
	run grep -h '^#include "' "$TOP"/src/kmod/*.c
	assert_output '#include "vmapctl_demo.h"'
	# and no source file is left outside the layers
	run find "$TOP/src" -maxdepth 1 -type f
	assert_output ""
}

@test "lib is pure: no I/O, no printing, no exit" {
	run grep -nE '\b(printf|fprintf|puts|fputs|warnx?|errx?|exit|open|read|write|fopen)\(' "$TOP"/src/lib/*.c
	assert_output ""
}

@test "make and make install never run apt or dpkg" {
	run make -n -C "$TOP" -B all install DESTDIR="$BATS_TEST_TMPDIR/d"
	assert_success
	refute_output --partial "apt-get"
	refute_output --partial "dpkg"
	run make -n -C "$TOP" deps
	assert_output --partial "apt-get install"
}

@test "objects and dependency files go to the build folder; WERROR=0 drops -Werror" {
	run make -C "$TOP" O="$BATS_TEST_TMPDIR/o" all
	assert_success
	[ -x "$BATS_TEST_TMPDIR/o/vmapctl" ]
	[ -f "$BATS_TEST_TMPDIR/o/obj/src/lib/space.o" ] && [ -f "$BATS_TEST_TMPDIR/o/obj/src/lib/space.d" ]
	grep -q 'src/lib/space.h' "$BATS_TEST_TMPDIR/o/obj/src/lib/space.d"
	"$BATS_TEST_TMPDIR/o/vmapctl" --version
	# touching a header rebuilds only what includes it
	run make -n -C "$TOP" O="$BATS_TEST_TMPDIR/o" all -W src/lib/hexdump.h
	assert_line --partial "cli/cmd-peek.o"
	refute_line --regexp ' -c -o .*/cli/cmd-list\.o '

	run make -n -B -C "$TOP" O="$BATS_TEST_TMPDIR/o" all
	assert_line --partial " -Werror "
	run make -n -B -C "$TOP" O="$BATS_TEST_TMPDIR/o" WERROR=0 all
	refute_output --partial "-Werror"
}

@test "a missing library is named with its Debian package" {
	printf '#!/bin/sh\n[ "$1 $2" = "--exists libkmod" ] && exit 1\nexec pkg-config "$@"\n' > fake-pkg-config
	chmod +x fake-pkg-config
	run make -C "$TOP" O="$BATS_TEST_TMPDIR/o2" PKG_CONFIG="$BATS_TEST_TMPDIR/fake-pkg-config" all
	assert_failure
	assert_output --partial "vmapctl: $BATS_TEST_TMPDIR/fake-pkg-config finds no 'libkmod': install libkmod-dev (Debian), or run 'make deps'"
	[ ! -e "$BATS_TEST_TMPDIR/o2/vmapctl" ]
}

@test "make module and make -C src/kmod build the module the same way, -Werror only when asked" {
	kdir=$(ls -d /usr/src/linux-headers-*-amd64 | head -1)
	[ -d "$kdir" ]
	run make -C "$TOP/src/kmod" KDIR="$kdir" KMOD_O="$BATS_TEST_TMPDIR/k"
	assert_success
	modinfo -F vermagic "$BATS_TEST_TMPDIR/k/kmod/vmapctl_demo.ko" | grep -q "^${kdir##*/linux-headers-} "
	grep -q -- ' -Werror ' "$BATS_TEST_TMPDIR/k/kmod/.vmapctl_demo.o.cmd"
	run make -C "$TOP" module KDIR="$kdir" KMOD_O="$BATS_TEST_TMPDIR/k0" WERROR=0
	assert_success
	[ -f "$BATS_TEST_TMPDIR/k0/kmod/vmapctl_demo.ko" ]
	run grep -q -- ' -Werror ' "$BATS_TEST_TMPDIR/k0/kmod/.vmapctl_demo.o.cmd"
	assert_failure
	# DKMS's own make line passes no WERROR: its builds have no -Werror
	grep -q '^MAKE\[0\]="make -C ${kernel_source_dir} M=.* modules"$' "$TOP/src/kmod/dkms.conf.in"
	run grep -q WERROR "$TOP/src/kmod/dkms.conf.in"
	assert_failure
}

@test "rooms of a size to read: no file under src over 700 lines, no function over 80 (the module aside)" {
	local big long
	big=$(find "$TOP/src" -name '*.[ch]' ! -path '*/src/kmod/*' -exec awk 'FNR == 1 && NR > 1 && n > 700 { print f ": " n } { f = FILENAME; n = FNR } END { if (n > 700) print f ": " n }' {} +)
	[ -z "$big" ] || { echo "over 700 lines: $big"; return 1; }
	# a function: from its "{" in column 0 to its "}" in column 0 (kernel style)
	long=$(find "$TOP/src" -name '*.c' ! -path '*/src/kmod/*' -exec awk '
		FNR == 1 { s = 0 }
		/^\{/ { s = FNR; name = prev }
		/^\}/ && s { if (FNR - s + 1 > 80) print FILENAME ":" s ": " name " (" FNR - s + 1 " lines)"; s = 0 }
		{ prev = $0 }' {} +)
	[ -z "$long" ] || { echo "over 80 lines: $long"; return 1; }
	# the check sees functions at all
	[ "$(grep -c '^{' "$TOP/src/cli/out/view.c")" -gt 5 ]
}
