#!/usr/bin/env bats
# The man page and the bash completion, as a user meets them.
load helper

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

@test "man page renders with no groff warning" {
	run groff -ww -z -man "$TOP/man/vmapctl.8"
	assert_success
	assert_output ""
}

@test "man page documents every list column and the exit statuses" {
	local c
	for c in $("$VMAPCTL" list --help | awk '/^Available output columns:/ { on = 1; next } on && /^ +[A-Z-]+  / { print $1 }'); do
		grep -q "^\.B .*\b$c\b" "$TOP/man/vmapctl.8" || { echo "column $c not in the man page"; return 1; }
	done
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
	assert_output "--sort"
	run complete_line vmapctl list -o START,SI
	assert_output "START,SIZE"
	run complete_line vmapctl list --type vm
	assert_output $'vmalloc\nvmap\nvm_map_ram'
	run complete_line vmapctl list --module ker
	assert_output "kernel"
}

@test "bash completion offers exactly the columns vmapctl knows" {
	want=$("$VMAPCTL" list --help | awk '/^Available output columns:/ { on = 1; next } on && /^ +[A-Z-]+  / { print $1 }' | sort)
	got=$(complete_line vmapctl list -o "" | sort)
	assert_equal "$got" "$want"
}
