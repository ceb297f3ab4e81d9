# vmapctl — GNU make. `make run` builds and runs `vmapctl list`; `make check` tests.
VERSION    := 0.1.0
CC         ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS     ?= -O2 -g
WARN       := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS   += -Isrc -D_GNU_SOURCE -DVMAPCTL_VERSION='"$(VERSION)"'
LIBS_PKGS  := smartcols libkmod libelf
SAN        := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B          := build
SRCS       := src/vmapctl.c src/cmd-list.c src/cmd-summary.c src/cmd-snapshot.c src/cmd-demo.c src/kmodule.c \
              src/cmd-layout.c src/cmd-peek.c src/cmd-vtop.c src/kernel.c src/x86pt.c src/devmem.c \
              src/output.c src/regions.c src/util.c src/parse-vmallocinfo.c src/parse-proc.c
PARSE_SRCS := src/parse-vmallocinfo.c src/parse-proc.c

# Debian packages: to build, and to test (bats, the guest VM, ...)
BUILD_DEBS := gcc make pkgconf libsmartcols-dev libkmod-dev libelf-dev
TEST_DEBS  := bats bats-assert bats-support jq util-linux bash-completion groff-base mandoc zsh fish \
              dkms linux-headers-amd64
VM_DEBS    := qemu-system-x86 busybox-static cpio gzip linux-headers-amd64 bc kmod dkms

PC_CFLAGS   = $(shell $(PKG_CONFIG) --cflags $(LIBS_PKGS) 2>/dev/null)
PC_LIBS     = $(shell $(PKG_CONFIG) --libs $(LIBS_PKGS) 2>/dev/null)
ALL_CFLAGS  = -std=gnu11 $(WARN) $(CFLAGS) $(PC_CFLAGS)

.PHONY: all run deps test-deps vm-deps check check-host check-vm vm-shell asan bench fuzz clean \
	install uninstall dkms-install dkms-uninstall dkms-source

# installation, as packagers expect
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DKMS_SRC    ?= /usr/src/vmapctl_demo-$(VERSION)
KERNELVER   ?= $(shell uname -r)
DKMS_FLAGS  ?=

all: vmapctl

vmapctl: $(SRCS) src/*.h src/uapi/*.h Makefile | deps-build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $(SRCS) $(LDFLAGS) $(PC_LIBS)

# the same program with ASan and UBSan: the host tests run this one
$(B)/asan/vmapctl: $(SRCS) src/*.h src/uapi/*.h Makefile | deps-build
	@mkdir -p $(B)/asan
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -o $@ $(SRCS) $(LDFLAGS) $(PC_LIBS)

$(B)/test-parse: tests/unit/test-parse.c $(PARSE_SRCS) src/parse.h Makefile
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN) -Isrc -o $@ tests/unit/test-parse.c $(PARSE_SRCS)

asan: $(B)/asan/vmapctl

run: vmapctl
	./vmapctl list

# Install what is missing, from Debian's packages (as root; nothing when all are there).
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		if [ "$$(id -u)" != 0 ]; then echo "run as root, or: apt-get install $$missing" >&2; exit 1; fi; \
		{ apt-get update -q >/dev/null 2>&1 || echo "apt-get update reported errors (a foreign index?): installing from what it has" >&2; }; DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps-build:
	$(call apt_install,$(BUILD_DEBS))

test-deps: deps-build
	$(call apt_install,$(TEST_DEBS))

check-host: test-deps vmapctl $(B)/asan/vmapctl $(B)/test-parse $(B)/mkkcore
	VMAPCTL=$(CURDIR)/$(B)/asan/vmapctl TEST_PARSE=$(CURDIR)/$(B)/test-parse MKKCORE=$(CURDIR)/$(B)/mkkcore bats tests/host

# the 32-bit guest: i386 packages (headers through multiarch, gcc -m32)
VM32_DEBS  := linux-headers-686-pae:i386 gcc-multilib

vm-deps: test-deps
	$(call apt_install,$(VM_DEBS))
	@dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
	$(call apt_install,$(VM32_DEBS))

# the guest suite in Debian's kernel under qemu, 4- and 5-level paging
check-vm: vm-deps vmapctl $(B)/ioctl-errors
	tests/vm/suite

vm-shell: vm-deps vmapctl $(B)/ioctl-errors
	tests/vm/run --shell

check: check-host check-vm

bench: vmapctl
	tests/bench/run

clean:
	rm -rf $(B) vmapctl
.PHONY: deps-build

# the guest's bad-input driver of the module's ioctls
$(B)/ioctl-errors: tests/guest/ioctl-errors.c src/uapi/vmapctl_demo.h Makefile
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ tests/guest/ioctl-errors.c

$(B)/mkkcore: tests/tools/mkkcore.c Makefile
	@mkdir -p $(B)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ tests/tools/mkkcore.c

install: vmapctl
	install -D -m 0755 vmapctl $(DESTDIR)$(BINDIR)/vmapctl
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
dkms-source:
	install -D -m 0644 src/kmod/Kbuild $(DESTDIR)$(DKMS_SRC)/kmod/Kbuild
	install -D -m 0644 src/kmod/vmapctl_demo.c $(DESTDIR)$(DKMS_SRC)/kmod/vmapctl_demo.c
	install -D -m 0644 src/uapi/vmapctl_demo.h $(DESTDIR)$(DKMS_SRC)/uapi/vmapctl_demo.h
	sed 's/@VERSION@/$(VERSION)/' src/kmod/dkms.conf.in > $(DESTDIR)$(DKMS_SRC)/dkms.conf

dkms-install: dkms-source
	dkms add $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION)
	dkms build $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION) -k $(KERNELVER)
	dkms install $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION) -k $(KERNELVER)

dkms-uninstall:
	dkms remove $(DKMS_FLAGS) -m vmapctl_demo -v $(VERSION) --all
	rm -rf $(DESTDIR)$(DKMS_SRC)

# libFuzzer on the parsers (clang): FUZZ_SECONDS per run, seeded with the fixtures
FUZZ_SECONDS ?= 60
$(B)/fuzz-parsers: tests/fuzz/fuzz-parsers.c $(PARSE_SRCS) src/parse.h Makefile
	$(call apt_install,clang)
	@mkdir -p $(B)
	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -Isrc -o $@ tests/fuzz/fuzz-parsers.c $(PARSE_SRCS)

fuzz: $(B)/fuzz-parsers
	@mkdir -p $(B)/fuzz-corpus
	@for f in tests/fixtures/*/proc/*; do [ -f "$$f" ] && cp "$$f" "$(B)/fuzz-corpus/$$(echo $$f | tr / _)"; done; true
	$(B)/fuzz-parsers -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(B)/fuzz-corpus
