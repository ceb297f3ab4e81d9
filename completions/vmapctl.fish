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
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s n -l noheadings -d 'no headings'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s b -l bytes -d 'sizes in bytes'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -l sysroot -r -a '(__fish_complete_directories)' -d 'read a capture'
# the columns -o takes, as vmapctl lists them (--list-columns): those of the first table
function __vmapctl_columns
    set -l cmd (commandline -opc)
    vmapctl $cmd[2] --list-columns -r -n 2>/dev/null | awk 'NR == 1 { v = $3 } $3 == v { print $1 }'
end
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s o -l output -r -a '(__vmapctl_columns)' -d 'columns'
complete -c vmapctl -n "__fish_seen_subcommand_from $data" -s H -l list-columns -d 'list the columns'

complete -c vmapctl -n "__fish_seen_subcommand_from list" -s t -l type -r -a 'vmalloc vmap vm_map_ram ioremap user vpages unpurged' -d 'only these types'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -s m -l module -r -a '(printf "%s\n" kernel; cut -d" " -f1 /proc/modules 2>/dev/null)' -d 'only this module'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -s c -l caller -r -d 'only callers containing TEXT'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -s s -l min-size -r -d 'only regions of at least SIZE'
complete -c vmapctl -n "__fish_seen_subcommand_from list" -l sort -r -a 'START END SIZE TYPE CALLER MODULE PAGES PHYS RESOURCE' -d 'sort by column'
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout fit diff metrics map" -l strict -d 'a malformed line is an error'
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout fit diff metrics map" -l source -r -a 'text kernel' -d 'where the areas come from'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l align -r -d 'alignment of the start'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l area -r -a 'vmalloc modules' -d 'where to look'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l no-guard -d 'without the guard page'
complete -c vmapctl -n "__fish_seen_subcommand_from summary metrics" -l top -r -d 'callers to list'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -l threshold -r -d 'exit 2 only above this growth'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -l all -d 'unchanged rows too'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -s m -l module -r -a '(printf "%s\n" kernel; cut -d" " -f1 /proc/modules 2>/dev/null)' -d 'only this module'
complete -c vmapctl -n "__fish_seen_subcommand_from diff watch" -l unpurged -d 'count lazily freed areas'
complete -c vmapctl -n "__fish_seen_subcommand_from diff" -a '- (__fish_complete_directories)'
complete -c vmapctl -n "__fish_seen_subcommand_from diff map" -l svg -r -F -d 'write SVG'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l from -r -d 'draw from this address'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l to -r -d 'draw up to this address'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l by -r -a 'type module' -d 'colour by'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l scale -r -a 'compressed linear' -d 'the scale'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l ascii -d 'plain ASCII'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l width -r -d 'cells a band'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l rows -r -d 'bands'
complete -c vmapctl -n "__fish_seen_subcommand_from map" -l holes -r -d 'largest holes to mark'
complete -c vmapctl -n "__fish_seen_subcommand_from map fit" -l area -r -a 'vmalloc modules' -d 'the area'
complete -c vmapctl -n "__fish_seen_subcommand_from watch" -l interval -r -d 'seconds between refreshes'
complete -c vmapctl -n "__fish_seen_subcommand_from watch" -l count -r -d 'refreshes'
complete -c vmapctl -n "__fish_seen_subcommand_from trace" -l duration -r -d 'seconds to record'
complete -c vmapctl -n "__fish_seen_subcommand_from trace" -l failures -d 'failed allocations only'
complete -c vmapctl -n "__fish_seen_subcommand_from metrics" -l output -r -F -d 'write FILE by a rename'
complete -c vmapctl -n "__fish_seen_subcommand_from metrics" -l sysroot -r -a '(__fish_complete_directories)' -d 'read a capture'
complete -c vmapctl -n "__fish_seen_subcommand_from snapshot" -l kallsyms -d 'also capture /proc/kallsyms'
complete -c vmapctl -n "__fish_seen_subcommand_from snapshot" -a '(__fish_complete_directories)'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -a "$kinds map unmap status bounds exhaust overask"
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l pages -r -d 'pages to map'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l phys -r -d 'ioremap physical address'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l size -r -d 'ioremap or overask bytes'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l keep -d 'leave the mapping in place'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l module -r -F -d 'the .ko to load'
complete -c vmapctl -n "__fish_seen_subcommand_from peek" -l phys -d 'ADDR is physical'
complete -c vmapctl -n "__fish_seen_subcommand_from peek" -l binary -d 'write the bytes'
