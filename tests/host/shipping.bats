#!/usr/bin/env bats
# The man page and the bash completion, as a user meets them.
load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

columns() {	# columns CMD: the columns -o takes, as vmapctl lists them
	"$VMAPCTL" "$1" --list-columns -r -n | awk 'NR == 1 { v = $3 } $3 == v { print $1 }'
}

complete_line() {	# complete_line WORD... : COMPREPLY for the last word
	source /usr/share/bash-completion/bash_completion
	source "$TOP/completions/vmapctl.bash"
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	_vmapctl
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "man pages render with no groff warning and pass mandoc's lint" {
	local page
	for page in "$TOP/man/vmapctl.8" "$TOP/man/vmapctl_demo.4"; do
		run groff -ww -z -man "$page"
		assert_success
		assert_output ""
		run mandoc -T lint "$page"
		assert_success
		assert_output ""
	done
}

@test "the man page has every section a user looks for" {
	local s
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "OUTPUT COLUMNS" TYPES "EXIT STATUS" \
		FILES ENVIRONMENT SECURITY EXAMPLES "SEE ALSO"; do
		grep -qx "\.SH $s" "$TOP/man/vmapctl.8" || { echo "no section $s"; return 1; }
	done
	# every command vmapctl --help lists is an item of COMMANDS (its first word)
	awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH/ { on = 0 } on && /^\.TP/ { getline; print }' "$TOP/man/vmapctl.8" |
		awk '{ gsub(/"/, "", $2); print $2 }' | sort -u > documented
	run "$VMAPCTL" --help
	assert_success
	commands=$(awk '/^  [a-z]+ +[A-Za-z]/ { print $1 }' <<<"$output")
	[ "$(wc -l <<<"$commands")" -ge 13 ]
	for c in $commands; do
		grep -qx "$c" documented || { echo "command $c not documented in COMMANDS"; return 1; }
	done
}

# zsh_complete SCRIPT: zsh loads _vmapctl as compinit finds it on $fpath, with the
# completion system's helpers replaced by ones that print what they are given
zsh_complete() {
	cat > z.zsh <<-'EOF'
		fpath=($1 $fpath)
		autoload -U compinit && compinit -u -D -d "$PWD/zcompdump" || exit 3
		print -r -- "registered: $_comps[vmapctl]"
		_describe() { shift; print -rl -- ${(P)1} }
		_arguments() { : }
		_values() { shift 3; print -rl -- "$@" }
	EOF
	printf '%s\n' "$1" >> z.zsh
	# the plain build: under zsh the ASan build's leak check at exit has been seen to spin
	# forever (its tracer waiting on it); the completion script is what is tested here
	zsh -f z.zsh "$TOP/completions" "${VMAPCTL_PLAIN:-$VMAPCTL}"
}

@test "zsh and fish completions load without error; zsh's completes the commands and columns vmapctl has" {
	run zsh -n "$TOP/completions/_vmapctl"
	assert_success
	run zsh_complete 'words=(vmapctl s) CURRENT=2; _vmapctl'
	assert_success
	assert_line --index 0 "registered: _vmapctl"
	assert_equal "$(sed 1d <<<"$output" | cut -d: -f1 | sort)" \
		"$("$VMAPCTL" --help | awk '/^  [a-z]+ +[A-Za-z]/ { print $1 }' | sort)"
	local c
	for c in list summary fit diff map; do
		run zsh_complete "words=(vmapctl s) CURRENT=2; _vmapctl >/dev/null; words=(\$2 $c) CURRENT=3; _vmapctl_columns $c"
		assert_success
		assert_equal "$(sed 1d <<<"$output" | sort)" "$(columns "$c" | sort)"
	done
	run fish -n "$TOP/completions/vmapctl.fish"
	assert_success
	run fish -c "source $TOP/completions/vmapctl.fish; complete -C 'vmapctl demo vm'"
	assert_success
	assert_output $'vmalloc\nvmap\nvm_map_ram'
}

@test "--version, --help, --usage, and COMMAND --help for every command" {
	run "$VMAPCTL" --version
	assert_success
	run "$VMAPCTL" --usage
	assert_success
	assert_output --partial "Usage: vmapctl"
	run "$VMAPCTL" --help
	assert_success
	for c in list summary snapshot demo layout peek vtop fit diff watch trace metrics map; do
		assert_line --regexp "^  $c +[A-Za-z]"
		run "$VMAPCTL" "$c" --help
		assert_success
		assert_line --index 0 --regexp "^Usage: vmapctl $c "
		run "$VMAPCTL" --help
	done
}

@test "make install and uninstall with DESTDIR and PREFIX, as packagers expect" {
	d=$BATS_TEST_TMPDIR/dest
	run make -s -C "$TOP" install DESTDIR="$d" PREFIX=/usr
	assert_success
	(cd "$d" && find . -type f | sort) > files
	cat > want <<-EOT
	./usr/bin/vmapctl
	./usr/share/bash-completion/completions/vmapctl
	./usr/share/fish/vendor_completions.d/vmapctl.fish
	./usr/share/man/man4/vmapctl_demo.4
	./usr/share/man/man8/vmapctl.8
	./usr/share/zsh/vendor-completions/_vmapctl
	EOT
	diff -u want files
	"$d/usr/bin/vmapctl" --version
	run make -s -C "$TOP" uninstall DESTDIR="$d" PREFIX=/usr
	assert_success
	assert_equal "$(find "$d" -type f | wc -l)" 0
	run make -s -C "$TOP" install DESTDIR="$d" BINDIR=/opt/bin MANDIR=/opt/man
	assert_success
	[ -x "$d/opt/bin/vmapctl" ] && [ -f "$d/opt/man/man8/vmapctl.8" ]
}

@test "make dkms-source lays out the module for DKMS" {
	d=$BATS_TEST_TMPDIR/dkms
	run make -s -C "$TOP" dkms-source DESTDIR="$d"
	assert_success
	ver=$(sed -n 's/^VERSION *:= *//p' "$TOP/Makefile")
	(cd "$d" && find . -type f | sort) > files
	printf '%s\n' "./usr/src/vmapctl_demo-$ver/dkms.conf" "./usr/src/vmapctl_demo-$ver/kmod/Kbuild" \
		"./usr/src/vmapctl_demo-$ver/kmod/vmapctl_demo.c" "./usr/src/vmapctl_demo-$ver/uapi/vmapctl_demo.h" > want
	diff -u want files
	grep -qx "PACKAGE_VERSION=\"$ver\"" "$d/usr/src/vmapctl_demo-$ver/dkms.conf"
}

@test "man page documents every list column and the exit statuses" {
	local c n=0
	for c in $(columns list); do
		grep -q "^\.B .*\b$c\b" "$TOP/man/vmapctl.8" || { echo "column $c not in the man page"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -eq 15 ]
	grep -q '^\.B 64$' "$TOP/man/vmapctl.8"
}

@test "bash completion: commands, options, columns, types" {
	run complete_line vmapctl s
	assert_output $'summary\nsnapshot'
	run complete_line vmapctl demo vm
	assert_output $'vmalloc\nvmap\nvm_map_ram'
	run complete_line vmapctl demo map km
	assert_output $'kmap\nkmap_local'
	run complete_line vmapctl list --so
	assert_output $'--sort\n--source'
	run complete_line vmapctl summary --source k
	assert_output "kernel"
	run complete_line vmapctl f
	assert_output "fit"
	run complete_line vmapctl d
	assert_output $'demo\ndiff'
	run complete_line vmapctl diff --th
	assert_output "--threshold"
	run complete_line vmapctl trace --f
	assert_output "--failures"
	run complete_line vmapctl map --scale l
	assert_output "linear"
	run complete_line "$VMAPCTL" list -o START,SI
	assert_output "START,SIZE"
	run complete_line vmapctl list --type vm
	assert_output $'vmalloc\nvmap\nvm_map_ram'
	run complete_line vmapctl list --module ker
	assert_output "kernel"
}

@test "bash completion offers exactly the columns vmapctl knows, for every command" {
	local c
	for c in list summary demo layout peek vtop fit diff watch trace map; do
		want=$(columns "$c" | sort)
		[ -n "$want" ]
		got=$(complete_line "$VMAPCTL" "$c" -o "" | sort)
		assert_equal "$got" "$want"
	done
}

@test "bash completion: demo --module takes a .ko; lists complete their next item; --opt=value; snapshot a folder" {
	mkdir -p d1 && touch f1 m.ko
	run bash -c "$(declare -f complete_line); TOP='$TOP'; complete_line vmapctl demo --module '' | sort"
	assert_output $'d1\nm.ko'
	run complete_line vmapctl list -m k
	assert_output "kernel"
	run complete_line vmapctl list --type vmalloc,vm
	assert_output $'vmalloc,vmalloc\nvmalloc,vmap\nvmalloc,vm_map_ram'
	run complete_line "$VMAPCTL" list -o +PA
	assert_output "+PAGES"
	# bash splits --type=vm at the '=' (COMP_WORDBREAKS): the line has no blanks there
	typed() {
		source /usr/share/bash-completion/bash_completion
		source "$TOP/completions/vmapctl.bash"
		COMP_WORDS=(vmapctl list --type = vm) COMP_CWORD=4 COMP_LINE="vmapctl list --type=vm"
		COMP_POINT=${#COMP_LINE}
		_vmapctl
		printf '%s\n' "${COMPREPLY[@]}"
	}
	run typed
	assert_output $'vmalloc\nvmap\nvm_map_ram'
	run complete_line vmapctl snapshot ""
	assert_output "d1"
	run complete_line vmapctl list -s ""
	assert_output "d1"
	run complete_line vmapctl list --a
	assert_output "--all"
	run complete_line vmapctl summary --output-
	assert_output "--output-all"
}

@test "fish completion: -o START,S and --type vmalloc,v complete the list's next item, never files" {
	mkdir -p d1 && touch vfile
	# the columns as the command typed lists them
	run fish -c "source $TOP/completions/vmapctl.fish; complete -C '$VMAPCTL list -o START,SI'"
	assert_output $'START,SIZE\tcolumns'
	run fish -c "source $TOP/completions/vmapctl.fish; complete -C 'vmapctl list --type v'"
	assert_output --partial $'vmalloc\t'
	refute_output --partial vfile
	run fish -c "source $TOP/completions/vmapctl.fish; complete -C 'vmapctl list --type vmalloc,vm_'"
	assert_output $'vmalloc,vm_map_ram\tonly these types'
	run fish -c "source $TOP/completions/vmapctl.fish; complete -C 'vmapctl list -s '"
	assert_output $'d1/\tDirectory'
}
