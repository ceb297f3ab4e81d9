# bash completion for vmapctl                              -*- shell-script -*-

# The columns -o takes: vmapctl's own list (--list-columns), those of the first table.
_vmapctl_columns() {
	local prog=$1 cmd=$2
	"$prog" $cmd --list-columns -r -n 2>/dev/null | awk 'NR == 1 { v = $3 } $3 == v { print $1 }'
}

_vmapctl() {
	local cur prev words cword cmd i
	_init_completion || return

	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		list|summary|snapshot|demo|layout|peek|vtop|fit|diff|watch|trace|metrics|map) cmd=${words[i]}; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "list summary snapshot demo layout peek vtop fit diff watch trace metrics map --help --usage --version -h" -- "$cur"))
		return
	fi

	if [[ $cmd == metrics && $prev == --output ]]; then
		_filedir prom
		return
	fi
	case $prev in
	--svg)
		_filedir svg
		return ;;
	--by)
		COMPREPLY=($(compgen -W "type module" -- "$cur"))
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
	-t|--type)
		COMPREPLY=($(compgen -W "vmalloc vmap vm_map_ram ioremap user vpages unpurged sparse dma-coherent" -- "$cur"))
		return ;;
	-m|--module)
		COMPREPLY=($(compgen -W "kernel $(cut -d' ' -f1 /proc/modules 2>/dev/null)" -- "$cur"))
		return ;;
	--sysroot)
		_filedir -d
		return ;;
	--module)
		_filedir ko
		return ;;
	--source)
		COMPREPLY=($(compgen -W "text kernel" -- "$cur"))
		return ;;
	--area)
		COMPREPLY=($(compgen -W "vmalloc modules" -- "$cur"))
		return ;;
	--align)
		return ;;
	-s|--min-size|--top|--pages|--phys|--size|--threshold|--interval|--count|--duration)
		return ;;
	esac

	case $cmd in
	list)
		COMPREPLY=($(compgen -W "--type --module --caller --min-size --sort --strict --source
			--output --json --raw --pairs --noheadings --bytes --sysroot --list-columns --help" -- "$cur")) ;;
	summary)
		COMPREPLY=($(compgen -W "--top --strict --source --output --json --raw --pairs
			--noheadings --bytes --sysroot --list-columns --help" -- "$cur")) ;;
	fit)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--align --area --no-guard --source --strict --output --json
			--raw --pairs --noheadings --bytes --sysroot --list-columns --help" -- "$cur")) ;;
	demo)
		local kinds="vmalloc vmap vm_map_ram kmap kmap_local ioremap"
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--pages --phys --size --keep --module --output --json
				--raw --pairs --noheadings --bytes --list-columns --help" -- "$cur"))
		elif [[ $prev == demo ]]; then
			COMPREPLY=($(compgen -W "$kinds map unmap status bounds exhaust overask" -- "$cur"))
		elif [[ $prev == map ]]; then
			COMPREPLY=($(compgen -W "$kinds" -- "$cur"))
		fi ;;
	diff)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--threshold --all --unpurged --module --svg --source --strict --output --json --raw --pairs
				--noheadings --bytes --sysroot --list-columns --help" -- "$cur"))
		else
			_filedir -d
			[[ - == "$cur"* ]] && COMPREPLY+=(-)
		fi ;;
	watch)
		COMPREPLY=($(compgen -W "--interval --count --unpurged --output --json --raw --pairs --noheadings --bytes
			--sysroot --list-columns --help" -- "$cur")) ;;
	trace)
		COMPREPLY=($(compgen -W "--duration --failures --output --json --raw --pairs --noheadings --bytes
			--list-columns --help" -- "$cur")) ;;
	metrics)
		COMPREPLY=($(compgen -W "--output --top --source --strict --sysroot --help" -- "$cur")) ;;
	map)
		COMPREPLY=($(compgen -W "--from --to --by --scale --ascii --svg --width --rows --holes --area --source --strict
			--output --json --raw --pairs --noheadings --bytes --sysroot --list-columns --help" -- "$cur")) ;;
	layout)
		COMPREPLY=($(compgen -W "--source --strict --output --json --raw --pairs --noheadings --bytes --sysroot --list-columns --help" -- "$cur")) ;;
	peek|vtop)
		if [[ $cur == -* ]]; then
			local extra=
			[[ $cmd == peek ]] && extra="--phys --binary"
			COMPREPLY=($(compgen -W "$extra --output --json --raw --pairs --noheadings --bytes --sysroot --list-columns --help" -- "$cur"))
		fi ;;
	snapshot)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--kallsyms --help" -- "$cur"))
		else
			_filedir -d
		fi ;;
	esac
}
complete -F _vmapctl vmapctl
