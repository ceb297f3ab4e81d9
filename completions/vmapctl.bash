# bash completion for vmapctl                              -*- shell-script -*-

# The columns -o takes: vmapctl's own list (--list-columns), those of the first table.
_vmapctl_columns() {
	local prog=$1 cmd=$2
	"$prog" $cmd --list-columns -r -n 2>/dev/null | awk 'NR == 1 { v = $3 } $3 == v { print $1 }'
}

_vmapctl() {
	local cur prev words cword split cmd i
	# -s: --opt=value is completed as --opt value
	_init_completion -s || return

	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		list|summary|snapshot|demo|layout|peek|vtop|fit|diff|watch|trace|metrics|map) cmd=${words[i]}; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "list summary snapshot demo layout peek vtop fit diff watch trace metrics map --help --usage --version -h" -- "$cur"))
		return
	fi

	if [[ $cmd == metrics && $prev == --textfile ]]; then
		_filedir prom
		return
	fi
	case $prev in
	--svg)
		_filedir svg
		return ;;
	--by)
		COMPREPLY=($(compgen -W "type module owner" -- "$cur"))
		return ;;
	--scale)
		COMPREPLY=($(compgen -W "compressed linear" -- "$cur"))
		return ;;
	--from|--to|--width|--rows|--holes)
		return ;;
	esac
	case $prev in
	-o|--output|--sort)
		local cols=$(_vmapctl_columns "${words[0]}" "$cmd") prefix=
		if [[ $prev != --sort && $cur == *,* ]]; then
			prefix=${cur%,*},
			cur=${cur##*,}
		fi
		[[ $cur == +* ]] && { prefix=+; cur=${cur#+}; }
		COMPREPLY=($(compgen -P "$prefix" -W "$cols" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	-t|--type|-m|--module)
		local words_ prefix=
		if [[ $cmd == demo ]]; then	# demo --module PATH: a .ko file
			_filedir ko
			return
		fi
		if [[ $prev == -t || $prev == --type ]]; then
			words_="vmalloc vmap vm_map_ram ioremap user vpages unpurged sparse dma-coherent"
		else
			words_="kernel - $(cut -d' ' -f1 /proc/modules 2>/dev/null)"
		fi
		if [[ $cur == *,* ]]; then	# a list: complete its last item
			prefix=${cur%,*},
			cur=${cur##*,}
		fi
		COMPREPLY=($(compgen -P "$prefix" -W "$words_" -- "$cur"))
		[[ -n $prefix ]] && compopt -o nospace 2>/dev/null
		return ;;
	-s|--sysroot)
		_filedir -d
		return ;;
	--source)
		COMPREPLY=($(compgen -W "text kernel" -- "$cur"))
		return ;;
	--area)
		COMPREPLY=($(compgen -W "vmalloc modules" -- "$cur"))
		return ;;
	--align)
		return ;;
	--min-size|--top|--pages|--phys|--size|--threshold|--interval|--count|--duration)
		return ;;
	esac

	case $cmd in
	list)
		COMPREPLY=($(compgen -W "--all --type --module --caller --min-size --sort --strict --source
			--output --output-all --json --raw --pairs --shell --noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur")) ;;
	summary)
		COMPREPLY=($(compgen -W "--top --strict --source --output --output-all --json --raw --pairs --shell
			--noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur")) ;;
	fit)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--align --area --no-guard --source --strict --output --output-all --json
			--raw --pairs --shell --noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur")) ;;
	demo)
		local kinds="vmalloc vmap vm_map_ram kmap kmap_local ioremap"
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--pages --phys --size --filter --keep --module --output --output-all --json
				--raw --pairs --shell --noheadings --bytes --quiet --list-columns --help" -- "$cur"))
		elif [[ $prev == demo ]]; then
			COMPREPLY=($(compgen -W "$kinds map unmap status bounds exhaust overask jit" -- "$cur"))
		elif [[ $prev == --filter ]]; then
			COMPREPLY=($(compgen -W "socket seccomp" -- "$cur"))
		elif [[ $prev == map ]]; then
			COMPREPLY=($(compgen -W "$kinds" -- "$cur"))
		elif [[ $prev == exhaust ]]; then
			COMPREPLY=($(compgen -W "vmalloc arena" -- "$cur"))
		fi ;;
	diff)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--threshold --all --unpurged --module --svg --source --strict --output --output-all --json --raw --pairs --shell
				--noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur"))
		else
			_filedir -d
			[[ - == "$cur"* ]] && COMPREPLY+=(-)
		fi ;;
	watch)
		COMPREPLY=($(compgen -W "--interval --count --unpurged --output --output-all --json --raw --pairs --shell --noheadings --bytes --quiet
			--sysroot --list-columns --help" -- "$cur")) ;;
	trace)
		COMPREPLY=($(compgen -W "--duration --failures --output --output-all --json --raw --pairs --shell --noheadings --bytes --quiet
			--list-columns --help" -- "$cur")) ;;
	metrics)
		COMPREPLY=($(compgen -W "--textfile --top --source --strict --quiet --sysroot --help" -- "$cur")) ;;
	map)
		COMPREPLY=($(compgen -W "--from --to --by --scale --ascii --svg --width --rows --holes --area --source --strict
			--output --output-all --json --raw --pairs --shell --noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur")) ;;
	layout)
		COMPREPLY=($(compgen -W "--source --strict --output --output-all --json --raw --pairs --shell --noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur")) ;;
	peek|vtop)
		if [[ $cur == -* ]]; then
			local extra=
			[[ $cmd == peek ]] && extra="--phys --binary"
			COMPREPLY=($(compgen -W "$extra --output --output-all --json --raw --pairs --shell --noheadings --bytes --quiet --sysroot --list-columns --help" -- "$cur"))
		fi ;;
	snapshot)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--kallsyms --help" -- "$cur"))
		else	# the folder to write: directories only
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -d -- "$cur"))
		fi ;;
	esac
}
complete -F _vmapctl vmapctl
