#!/usr/bin/env bats
# The Debian packages `make deb` builds (DEBS: their folder), as a user installs them:
# what each holds, what it depends on, what its maintainer scripts do, lintian's verdict.
load helper

DEBS=${DEBS:-$TOP/build/deb}

setup() {
	[ -n "$(ls "$DEBS"/*.deb 2>/dev/null)" ] || { echo "no packages in $DEBS: make deb"; return 1; }
	VERSION=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
	ARCH=$(dpkg --print-architecture)
	TOOL=$DEBS/vmapctl_${VERSION}_$ARCH.deb
	DKMS=$DEBS/vmapctl-dkms_${VERSION}_all.deb
	cd "$BATS_TEST_TMPDIR"
}

files() {	# files DEB: its regular files and symlinks, one path a line, sorted
	dpkg-deb -c "$1" | awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print "/" $6 }' | LC_ALL=C sort
}

@test "two packages of the Makefile's version, named as Debian names them" {
	[ -f "$TOOL" ] || { ls "$DEBS"; return 1; }
	[ -f "$DKMS" ] || { ls "$DEBS"; return 1; }
	assert_equal "$(dpkg-parsechangelog -l "$TOP/debian/changelog" -SVersion)" "$VERSION"
	assert_equal "$(dpkg-deb -f "$TOOL" Package Version Architecture)" \
		"$(printf 'Package: vmapctl\nVersion: %s\nArchitecture: %s' "$VERSION" "$ARCH")"
	assert_equal "$(dpkg-deb -f "$DKMS" Package Version Architecture)" \
		"$(printf 'Package: vmapctl-dkms\nVersion: %s\nArchitecture: all' "$VERSION")"
}

@test "vmapctl holds the tool, its man pages and the completions in their vendor directories" {
	run files "$TOOL"
	assert_output "/usr/bin/vmapctl
/usr/share/bash-completion/completions/vmapctl
/usr/share/doc/vmapctl/changelog.gz
/usr/share/doc/vmapctl/copyright
/usr/share/fish/vendor_completions.d/vmapctl.fish
/usr/share/man/man4/vmapctl_demo.4.gz
/usr/share/man/man8/vmapctl.8.gz
/usr/share/zsh/vendor-completions/_vmapctl"
	# the libraries it links come from shlibs; those it loads with dlopen are recommended
	run dpkg-deb -f "$TOOL" Depends
	assert_output --regexp '(^|, )libsmartcols1 \(>= [0-9.]+\)(,|$)'
	assert_output --regexp '(^|, )libc6 '
	refute_output --partial dkms
	assert_equal "$(dpkg-deb -f "$TOOL" Recommends)" "libbpf1, libelf1, libkmod2"
}

@test "vmapctl's program is the tool, built with Debian's hardening flags" {
	dpkg-deb -x "$TOOL" root
	run root/usr/bin/vmapctl --version
	assert_success
	assert_output "vmapctl $VERSION"
	# the same rows as the tree's own build, on a capture
	run root/usr/bin/vmapctl list -r --sysroot "$FIX/guest-6.12-max-real"
	assert_success
	assert_equal "$output" "$("$VMAPCTL" list -r --sysroot "$FIX/guest-6.12-max-real")"
	# dpkg-buildflags' hardening=+all: full RELRO, bind now, PIE, stack protector, fortify
	run readelf -d -h root/usr/bin/vmapctl
	assert_output --partial 'BIND_NOW'
	assert_output --regexp 'Type: +DYN'
	run readelf --dyn-syms -W root/usr/bin/vmapctl
	assert_output --partial '__stack_chk_fail'
	assert_output --regexp '__[a-z]+_chk@'
	# the man page as man finds it
	zcat root/usr/share/man/man8/vmapctl.8.gz | cmp - "$TOP/man/vmapctl.8"
}

@test "vmapctl-dkms holds the module's source as DKMS wants it, and builds it on install" {
	run files "$DKMS"
	assert_output "/usr/share/doc/vmapctl-dkms/changelog.gz
/usr/share/doc/vmapctl-dkms/copyright
/usr/src/vmapctl_demo-$VERSION/dkms.conf
/usr/src/vmapctl_demo-$VERSION/kmod/Kbuild
/usr/src/vmapctl_demo-$VERSION/kmod/vmapctl_demo.c
/usr/src/vmapctl_demo-$VERSION/uapi/vmapctl_demo.h"
	run dpkg-deb -f "$DKMS" Depends
	assert_output --regexp '(^|, )dkms( |,|$)'
	dpkg-deb -x "$DKMS" root
	local src=root/usr/src/vmapctl_demo-$VERSION
	grep -qx "PACKAGE_NAME=\"vmapctl_demo\"" "$src/dkms.conf"
	grep -qx "PACKAGE_VERSION=\"$VERSION\"" "$src/dkms.conf"
	grep -qx 'AUTOINSTALL="yes"' "$src/dkms.conf"
	cmp "$src/kmod/vmapctl_demo.c" "$TOP/src/kmod/vmapctl_demo.c"
	cmp "$src/uapi/vmapctl_demo.h" "$TOP/src/uapi/vmapctl_demo.h"
	# configure runs DKMS' common postinst for this module and version (add, build, install
	# for the installed kernels); removal takes it out of DKMS
	dpkg-deb -e "$DKMS" control
	run grep -E '^(DKMS_NAME|DKMS_VERSION)=|common\.postinst' control/postinst
	assert_output --partial "DKMS_NAME=vmapctl_demo"
	assert_output --partial "DKMS_VERSION=$VERSION"
	assert_output --partial '/usr/lib/dkms/common.postinst'
	grep -qx 'DKMS_NAME=vmapctl_demo' control/prerm
	grep -q 'dkms remove -m $DKMS_NAME -v $DKMS_VERSION --all' control/prerm
	sh -n control/postinst
	sh -n control/prerm
}

@test "lintian finds no error and no warning in the packages" {
	run lintian --pedantic --fail-on error,warning "$DEBS"/vmapctl_"${VERSION}"_"$ARCH".changes
	echo "$output"
	assert_success
	refute_output --regexp '^[EW]: '
}
