# vmapctl — GNU make.
#   make            build ./vmapctl (objects and dependency files under build/)
#   make deps       install the build dependencies (Debian packages, as root)
#   make run        both, then run `vmapctl list`
#   make check      install the test dependencies, run the host and guest suites
# Another build folder: make O=build/i386 CC='gcc -m32' ... (its program: build/i386/vmapctl).
# WERROR=0 builds without -Werror (it stays on for make check and CI).
VERSION    := 0.1.0
CC         ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS     ?= -O2 -g
WERROR     ?= 1
WARN       := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
              $(if $(filter 1,$(WERROR)),-Werror)
CPPFLAGS   += -Isrc -D_GNU_SOURCE -DVMAPCTL_VERSION='"$(VERSION)"'
SAN        := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# pkg-config name : the Debian package that ships it
LIBS_PKGS  := smartcols:libsmartcols-dev libkmod:libkmod-dev libelf:libelf-dev libbpf:libbpf-dev
PC_NAMES   := $(foreach p,$(LIBS_PKGS),$(firstword $(subst :, ,$(p))))

O          ?= build
BIN        := $(if $(filter build,$(O)),vmapctl,$(O)/vmapctl)
B          := build

# The layers (see README: "The tree"): lib is pure, kernel reads the kernel, cli is the command line.
LIB_SRCS    := $(sort $(wildcard src/lib/*.c))
KERNEL_SRCS := $(sort $(wildcard src/kernel/*.c))
CLI_SRCS    := $(sort $(wildcard src/cli/*.c src/cli/out/*.c))
SRCS        := $(LIB_SRCS) $(KERNEL_SRCS) $(CLI_SRCS)
OBJS        := $(SRCS:%.c=$(O)/obj/%.o)

# Debian packages: to build, and to test (bats, the guest VM, ...)
BUILD_DEBS := gcc make pkgconf $(foreach p,$(LIBS_PKGS),$(lastword $(subst :, ,$(p))))
# lintian: the packages' check (make deb builds them); prometheus: promtool; prometheus-node-exporter: a real scrape of metrics' textfile; tmux: watch and map on a
# terminal; librsvg2-bin (rsvg-convert), libxml2-utils (xmllint), python3: map's SVG rendered and its pixels read
TEST_DEBS  := lintian bats bats-assert bats-support jq util-linux bash-completion groff-base mandoc zsh fish \
              dkms linux-headers-amd64 valgrind clang gawk strace prometheus prometheus-node-exporter tmux curl \
              librsvg2-bin libxml2-utils python3
# dwarves: pahole, which the 6.12 kbuild runs on every module it links
# mmdebstrap: the build roots of the kernels built by another gcc (5.10: gcc-10, newest: gcc-14)
VM_DEBS    := qemu-system-x86 busybox-static cpio gzip linux-headers-amd64 bc kmod dkms dwarves mmdebstrap
VM32_DEBS  := linux-headers-686-pae:i386 gcc-multilib

PC_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(PC_NAMES))
# libelf, libkmod and libbpf are loaded when needed (src/kernel/dl.c): only their headers at build time
PC_LIBS     = $(shell $(PKG_CONFIG) --libs smartcols) -ldl
ALL_CFLAGS  = -std=gnu11 $(WARN) $(CFLAGS) $(PC_CFLAGS)

.PHONY: all run deps test-deps vm-deps unit-tests check check-host check-fuzz check-vm vm-shell asan bench fuzz clean doc-map golden \
	install uninstall module dkms-install dkms-uninstall dkms-source pc-check deb deb-deps

all: $(BIN)

# A missing library is named, with the package that brings it.
pc-check:
	@for p in $(LIBS_PKGS); do \
		n=$${p%%:*}; deb=$${p#*:}; \
		$(PKG_CONFIG) --exists "$$n" || { \
			echo "vmapctl: $(PKG_CONFIG) finds no '$$n': install $$deb (Debian), or run 'make deps'" >&2; exit 1; }; \
	done

$(O)/obj/%.o: %.c | pc-check
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BIN): $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDFLAGS) $(PC_LIBS) -pthread

-include $(OBJS:.o=.d)

# the same program with ASan and UBSan, in its own folder: the host tests run it
asan:
	@$(MAKE) --no-print-directory O=$(B)/asan CFLAGS='-O1 -g $(SAN)' LDFLAGS='$(SAN)' all

# the unit tests: one program a unit of src/lib, $(B)/test-UNIT from tests/unit/test-UNIT.c
# (tests/unit/testsuite.h), against lib's objects built once with ASan and UBSan
UNIT_TESTS    := $(patsubst tests/unit/test-%.c,$(B)/test-%,$(sort $(wildcard tests/unit/test-*.c)))
UNIT_LIB_OBJS := $(LIB_SRCS:%.c=$(B)/unit/%.o)
unit-tests: $(UNIT_TESTS)

$(B)/unit/%.o: %.c Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -std=gnu11 $(WARN) $(CFLAGS) $(SAN) -MMD -MP -c -o $@ $<

$(B)/test-%: tests/unit/test-%.c tests/unit/testsuite.h $(UNIT_LIB_OBJS) Makefile
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) -std=gnu11 $(WARN) $(CFLAGS) $(SAN) -MMD -MP -o $@ $< $(UNIT_LIB_OBJS) -pthread

.SECONDARY: $(UNIT_LIB_OBJS)
-include $(UNIT_LIB_OBJS:.o=.d) $(UNIT_TESTS:=.d)

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) list

# Install what is missing, from Debian's packages (as root; nothing when all are there).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root, or: apt-get install $$missing" >&2; exit 1; fi; \
		{ apt-get update -q >/dev/null 2>&1 || echo "apt-get update reported errors (a foreign index?): installing from what it has" >&2; }; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install,$(BUILD_DEBS))

test-deps: deps
	$(call apt_install,$(TEST_DEBS))

# dpkg-buildpackage and what debian/control's Build-Depends names beyond BUILD_DEBS
DEB_DEBS   := dpkg-dev debhelper dh-dkms
deb-deps: deps
	$(call apt_install,$(DEB_DEBS))

vm-deps: test-deps deb-deps
	$(call apt_install,$(VM_DEBS))
	@dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
	$(call apt_install,$(VM32_DEBS))

# a host test that hangs fails after this many seconds (not the whole CI run)
HOST_TEST_TIMEOUT ?= 600
# test-deps first: on a fresh machine the libraries come with it
check-host: test-deps deb-deps
	@$(MAKE) --no-print-directory all asan deb unit-tests $(B)/mkkcore $(B)/gen
	DEBS=$(CURDIR)/$(DEB_OUT) VMAPCTL=$(CURDIR)/$(B)/asan/vmapctl VMAPCTL_PLAIN=$(CURDIR)/$(BIN) UNIT_TESTS=$(CURDIR)/$(B) \
		MKKCORE=$(CURDIR)/$(B)/mkkcore GEN=$(CURDIR)/$(B)/gen BATS_TEST_TIMEOUT=$(HOST_TEST_TIMEOUT) bats tests/host

# the guest suite in Debian's kernels under qemu: 4- and 5-level paging, 32-bit HIGHMEM
check-vm: vm-deps
	@$(MAKE) --no-print-directory all deb $(GUEST_TOOLS)
	tests/vm/suite

vm-shell: vm-deps
	@$(MAKE) --no-print-directory all $(GUEST_TOOLS)
	tests/vm/run --shell

check: check-host check-fuzz check-vm

# tests/golden/expected.tar.xz anew from this build's output (tests/golden/README.md):
# for a change that means to change what is printed
golden: all
	rm -rf $(B)/golden && tests/golden/run.sh $(BIN) $(B)/golden
	tar -C $(B)/golden --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cJf tests/golden/expected.tar.xz .

# make bench (not part of make check): speed and memory against gawk and cat, as ratios
BENCH_DEBS := gawk time jq bc
bench: deps
	$(call apt_install,$(BENCH_DEBS))
	@$(MAKE) --no-print-directory all $(B)/gen
	tests/bench/run

# the README's picture: map of a real capture (tests/fixtures), as SVG and rendered to PNG
DOC_MAP := doc/map-6.12.png
doc-map: all
	$(call apt_install,librsvg2-bin)
	@mkdir -p doc $(B)
	./$(BIN) map --sysroot tests/fixtures/diff-6.12-max-after-real --svg $(B)/map-6.12.svg
	rsvg-convert -o $(DOC_MAP) $(B)/map-6.12.svg

clean:
	rm -rf $(B) vmapctl
	rm -f src/kmod/*.o src/kmod/*.ko src/kmod/*.mod src/kmod/*.mod.c src/kmod/.*.cmd \
	      src/kmod/Module.symvers src/kmod/modules.order

# the guest's drivers of the module's ioctls: bad input, stress; a BPF arena; a System.map
# (in O: O=build/i386 makes the i386 ones)
GUEST_TOOLS := $(O)/ioctl-errors $(O)/stress $(O)/bpfarena $(O)/bpfprogs $(O)/sysmap
$(GUEST_TOOLS): $(O)/%: tests/guest/%.c src/uapi/vmapctl_demo.h Makefile
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -std=gnu11 $(WARN) $(CFLAGS) -o $@ $<

# the benchmark's capture generator (also for the host tests of big captures)
$(B)/gen: tests/bench/gen.c Makefile
	@mkdir -p $(B)
	$(CC) -std=gnu11 $(WARN) $(CFLAGS) -o $@ tests/bench/gen.c

$(B)/mkkcore: tests/tools/mkkcore.c Makefile
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) -std=gnu11 $(WARN) $(CFLAGS) -o $@ tests/tools/mkkcore.c

# ---- the module ---------------------------------------------------------------
# make module KDIR=/usr/src/linux-headers-ABI [KMOD_O=DIR]: build vmapctl_demo.ko
# out of tree in KMOD_O (its sources laid out as DKMS lays them), -Werror as WERROR says.
KDIR       ?= /lib/modules/$(shell uname -r)/build
KMOD_O     ?= $(O)/kmod/$(notdir $(abspath $(KDIR)))
KMOD_FILES := kmod/Kbuild kmod/vmapctl_demo.c uapi/vmapctl_demo.h

define kmod_layout	# kmod_layout DIR: the module's sources in DIR/{kmod,uapi}
	@for f in $(KMOD_FILES); do install -D -m 0644 -C src/$$f $(1)/$$f; done
endef

module:
	$(call kmod_layout,$(KMOD_O))
	$(MAKE) -C $(KDIR) M=$(abspath $(KMOD_O))/kmod WERROR=$(WERROR) modules

# ---- installation, as packagers expect ------------------------------------------
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DKMS_SRC    ?= /usr/src/vmapctl_demo-$(VERSION)
KERNELVER   ?= $(shell uname -r)
DKMS_FLAGS  ?=

install: all
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/vmapctl
	install -D -m 0644 man/vmapctl.8 $(DESTDIR)$(MANDIR)/man8/vmapctl.8
	install -D -m 0644 man/vmapctl_demo.4 $(DESTDIR)$(MANDIR)/man4/vmapctl_demo.4
	install -D -m 0644 completions/vmapctl.bash $(DESTDIR)$(BASHCOMPDIR)/vmapctl
	install -D -m 0644 completions/_vmapctl $(DESTDIR)$(ZSHCOMPDIR)/_vmapctl
	install -D -m 0644 completions/vmapctl.fish $(DESTDIR)$(FISHCOMPDIR)/vmapctl.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vmapctl $(DESTDIR)$(MANDIR)/man8/vmapctl.8 \
	      $(DESTDIR)$(MANDIR)/man4/vmapctl_demo.4 $(DESTDIR)$(BASHCOMPDIR)/vmapctl \
	      $(DESTDIR)$(ZSHCOMPDIR)/_vmapctl $(DESTDIR)$(FISHCOMPDIR)/vmapctl.fish

# The module's source as DKMS wants it; then add, build and install it for
# KERNELVER (default: the running kernel). DKMS_FLAGS passes --dkmstree etc.
# DKMS builds without -Werror: a newer compiler's new warning must not stop it.
dkms-source:
	$(call kmod_layout,$(DESTDIR)$(DKMS_SRC))
	sed 's/#MODULE_VERSION#/$(VERSION)/' src/kmod/dkms.conf.in > $(DESTDIR)$(DKMS_SRC)/dkms.conf

dkms-install: dkms-source
	dkms add $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION)
	dkms build $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION) -k $(KERNELVER)
	dkms install $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION) -k $(KERNELVER)

dkms-uninstall:
	dkms remove $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION) --all
	rm -rf $(DESTDIR)$(DKMS_SRC)

# ---- Debian packages -------------------------------------------------------------
# make deb: vmapctl_VERSION_ARCH.deb and vmapctl-dkms_VERSION_all.deb in build/deb,
# by dpkg-buildpackage (debian/) from a copy of the tree: nothing lands beside it.
DEB_OUT   := $(B)/deb
DEB_TREE  := Makefile README.md completions debian doc man src
DEB_STAMP := $(DEB_OUT)/built
deb: $(DEB_STAMP)
$(DEB_STAMP): $(shell find $(DEB_TREE) -type f 2>/dev/null) | deb-deps
	rm -rf $(DEB_OUT) && mkdir -p $(DEB_OUT)/vmapctl-$(VERSION)
	cp -a $(DEB_TREE) $(DEB_OUT)/vmapctl-$(VERSION)/
	cd $(DEB_OUT)/vmapctl-$(VERSION) && dpkg-buildpackage -us -uc -b > ../build.log 2>&1 || \
		{ tail -n 40 ../build.log >&2; echo "vmapctl: dpkg-buildpackage failed: $(DEB_OUT)/build.log" >&2; exit 1; }
	rm -rf $(DEB_OUT)/vmapctl-$(VERSION)
	@touch $@ && ls $(DEB_OUT)/*.deb

# ---- fuzzing (clang's libFuzzer with ASan and UBSan) -----------------------------
# The text parsers and the space model, the kcore ELF reader, the page-table walker.
# make check fuzzes each for FUZZ_CHECK_SECONDS; make fuzz for FUZZ_SECONDS.
FUZZ_CHECK_SECONDS ?= 20
FUZZ_SECONDS       ?= 60
FUZZ_CC            := clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE -Isrc
FUZZERS            := $(B)/fuzz-parsers $(B)/fuzz-kcore $(B)/fuzz-x86pt

$(B)/fuzz-parsers: tests/fuzz/fuzz-parsers.c $(LIB_SRCS) $(wildcard src/lib/*.h)
	@mkdir -p $(B)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz-parsers.c $(LIB_SRCS) -pthread

$(B)/fuzz-kcore: tests/fuzz/fuzz-kcore.c src/kernel/kcore.c src/kernel/sysfile.c src/kernel/dl.c $(LIB_SRCS) $(wildcard src/*/*.h)
	@mkdir -p $(B)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz-kcore.c src/kernel/kcore.c src/kernel/sysfile.c src/kernel/dl.c $(LIB_SRCS) -ldl -pthread

$(B)/fuzz-x86pt: tests/fuzz/fuzz-x86pt.c src/lib/x86pt.c src/lib/x86pt.h
	@mkdir -p $(B)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz-x86pt.c src/lib/x86pt.c

check-fuzz: test-deps
	@$(MAKE) --no-print-directory $(FUZZERS) $(B)/mkkcore
	tests/fuzz/run $(FUZZ_CHECK_SECONDS)

fuzz: test-deps
	@$(MAKE) --no-print-directory $(FUZZERS) $(B)/mkkcore
	tests/fuzz/run $(FUZZ_SECONDS)
