# fish completion for vmapctl

set -l commands list summary snapshot demo layout peek vtop fit diff watch trace metrics map
set -l kinds vmalloc vmap vm_map_ram kmap kmap_local ioremap

complete -c vmapctl -f
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a list -d 'list the regions of the vmalloc space'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a summary -d 'totals per type, module and caller'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a snapshot -d 'capture the /proc files, for --sysroot'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a demo -d 'make, show and unmake a real mapping'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a layout -d "this boot's kernel memory map"
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a peek -d 'hexdump kernel memory'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a vtop -d 'translate a kernel address'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a fit -d 'would a vmalloc of SIZE succeed now'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a diff -d 'what appeared and vanished between two states'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a watch -d 'who grows and shrinks, redrawn'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a trace -d 'record allocations, frees and failures'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a metrics -d 'OpenMetrics text for Prometheus'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -a map -d 'the vmalloc area drawn'
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -l version -d 'show version'

# the output options of every command that prints data
set -l data list summary demo layout peek vtop fit diff watch trace map
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s J -l json -d 'JSON output'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s r -l raw -d 'raw output'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s P -l pairs -d 'KEY="value" output'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s y -l shell -d 'with -P: keys usable as shell variables'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s n -l noheadings -d 'no headings'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s b -l bytes -d 'sizes in bytes'
complete -c vmapctl -n "__fish_seen_subcommand_from $data metrics" -s q -l quiet -d 'no notes on stderr'
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout peek vtop fit diff watch map" -s s -l sysroot -x -a '(__fish_complete_directories)' -d 'read a capture'
# the items of a comma-separated list, after those already typed (-o START,S; --type vmalloc,v)
function __vmapctl_items
    set -l tok (commandline -ct)
    set -l prefix (string match -r '^.*,' -- $tok)
    or set prefix (string match -r '^\+' -- $tok)
    for item in $argv
        printf '%s%s\n' "$prefix" $item
    end
end
# the columns -o takes, as vmapctl lists them (--list-columns): those of the first table
function __vmapctl_columns
    set -l cmd (commandline -opc)
    __vmapctl_items ($cmd[1] $cmd[2] --list-columns -r -n 2>/dev/null | awk 'NR == 1 { v = $3 } $3 == v { print $1 }')
end
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s o -l output -x -a '(__vmapctl_columns)' -d 'columns'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -l output-all -d 'every column'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s H -l list-columns -d 'list the columns'

complete -c vmapctl -n "__fish_seen_subcommand_from list" -s a -l all -d 'lazily freed areas too'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -s t -l type -x -a '(__vmapctl_items vmalloc vmap vm_map_ram ioremap user vpages unpurged sparse dma-coherent)' -d 'only these types'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -s m -l module -x -a '(__vmapctl_items kernel - (cut -d" " -f1 /proc/modules 2>/dev/null))' -d 'only these modules'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -s c -l caller -x -d 'only callers containing TEXT'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -l min-size -x -d 'only regions of at least SIZE'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -l sort -x -a '(__vmapctl_columns)' -d 'sort by column'
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout fit diff metrics map" -l strict -d 'a malformed line is an error'
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout fit diff metrics map" -l source -x -a 'text kernel' -d 'where the areas come from'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l align -x -d 'alignment of the start'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l area -x -a 'vmalloc modules' -d 'where to look'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l no-guard -d 'without the guard page'
complete -c vmapctl -n "__fish_seen_subcommand_from summary metrics" -l top -x -d 'callers to list'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -l threshold -x -d 'exit 2 only above this growth'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -l all -d 'unchanged rows too'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -s m -l module -x -a '(printf "%s\n" kernel; cut -d" " -f1 /proc/modules 2>/dev/null)' -d 'only this module'
complete -c vmapctl -n "__fish_seen_subcommand_from diff watch" -l unpurged -d 'count lazily freed areas'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -a '- (__fish_complete_directories)'
complete -c vmapctl -n "__fish_seen_subcommand_from diff map" -l svg -r -F -d 'write SVG'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l from -x -d 'draw from this address'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l to -x -d 'draw up to this address'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l by -x -a 'type module owner' -d 'colour by'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l scale -x -a 'compressed linear' -d 'the scale'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l ascii -d 'plain ASCII'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l width -x -d 'cells a band'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l rows -x -d 'bands'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l holes -x -d 'largest holes to mark'
complete -c vmapctl -n "__fish_seen_subcommand_from map fit" -l area -x -a 'vmalloc modules' -d 'the area'
complete -c vmapctl -n "__fish_seen_subcommand_from watch" -l interval -x -d 'seconds between refreshes'
complete -c vmapctl -n "__fish_seen_subcommand_from watch" -l count -x -d 'refreshes'
complete -c vmapctl -n "__fish_seen_subcommand_from trace" -l duration -x -d 'seconds to record'
complete -c vmapctl -n "__fish_seen_subcommand_from trace" -l failures -d 'failed allocations only'
complete -c vmapctl -n "__fish_seen_subcommand_from metrics" -l textfile -r -F -d 'write FILE by a rename'
complete -c vmapctl -n "__fish_seen_subcommand_from metrics" -s s -l sysroot -x -a '(__fish_complete_directories)' -d 'read a capture'
complete -c vmapctl -n "__fish_seen_subcommand_from snapshot" -l kallsyms -d 'also capture /proc/kallsyms'
complete -c vmapctl -n "__fish_seen_subcommand_from snapshot" -a '(__fish_complete_directories)'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -a "$kinds map unmap status bounds exhaust overask jit"
complete -c vmapctl -n "__fish_seen_subcommand_from exhaust" -a "vmalloc arena"
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l pages -x -d 'pages to map'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l phys -x -d 'ioremap physical address'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l size -x -d 'ioremap or overask bytes, jit room'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l filter -x -a 'socket seccomp' -d 'what jit loads'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l keep -d 'leave the mapping in place'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l module -r -F -d 'the .ko to load'
complete -c vmapctl -n "__fish_seen_subcommand_from peek" -l phys -d 'ADDR is physical'
complete -c vmapctl -n "__fish_seen_subcommand_from peek" -l binary -d 'write the bytes'
