# fish completion for vmapctl

set -l commands list summary snapshot demo layout peek vtop fit
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
complete -c vmapctl -n "not __fish_seen_subcommand_from $commands" -l version -d 'show version'

# the output options of every command that prints data
set -l data list summary demo layout peek vtop fit
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
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout fit" -l strict -d 'a malformed line is an error'
complete -c vmapctl -n "__fish_seen_subcommand_from list summary layout fit" -l source -r -a 'text kernel' -d 'where the areas come from'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l align -r -d 'alignment of the start'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l area -r -a 'vmalloc modules' -d 'where to look'
complete -c vmapctl -n "__fish_seen_subcommand_from fit" -l no-guard -d 'without the guard page'
complete -c vmapctl -n "__fish_seen_subcommand_from summary" -l top -r -d 'callers to list'
complete -c vmapctl -n "__fish_seen_subcommand_from snapshot" -l kallsyms -d 'also capture /proc/kallsyms'
complete -c vmapctl -n "__fish_seen_subcommand_from snapshot" -a '(__fish_complete_directories)'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -a "$kinds map unmap status bounds exhaust"
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l pages -r -d 'pages to map'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l phys -r -d 'ioremap physical address'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l size -r -d 'ioremap bytes'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l keep -d 'leave the mapping in place'
complete -c vmapctl -n "__fish_seen_subcommand_from demo" -l module -r -F -d 'the .ko to load'
complete -c vmapctl -n "__fish_seen_subcommand_from peek" -l phys -d 'ADDR is physical'
complete -c vmapctl -n "__fish_seen_subcommand_from peek" -l binary -d 'write the bytes'
