# The cases of the output-stability test (golden.bats): one command line a
# line, run from tests/fixtures with F the name of each capture there (a
# line without F runs once). 'out.svg' is a file the runner prints after the
# command's own output. Sourced by run.sh: prints the lines.
golden_cases() {
	cat <<'CASES'
list -s F
list -s F -a --output-all
list -s F -a -J --output-all
list -s F -a -r --output-all
list -s F -P -b
list -s F -y -P -o START,SIZE,CALLER
list -s F -a -n -o +TAGS,NUMA,LINE
list -s F -t vmalloc,ioremap -m kernel -J
list -s F -a --sort SIZE -o +LINE
list -s F -a --sort CALLER -o +LINE -r
list -s F --sort RESOURCE -o START,PHYS,RESOURCE,LINE
list -s F -a --sort PAGES -o +NUMA,TAGS,LINE -J
list -s F --sort MODULE -o MODULE,CALLER,LINE -P
summary -s F
summary -s F -J
summary -s F --output-all -r -b
summary -s F -P
map -s F
map -s F -J
map -s F --ascii --width 100 --rows 5 --by module --holes 9
map -s F --scale linear --width 40
map -s F --area modules
map -s F --svg out.svg
fit 1M -s F
fit 100M -s F -J --output-all
fit 8K -s F -r --align 65536 --no-guard
fit 64K -s F --area modules -P
metrics -s F
list -s F -q -t ioremap
summary -s F -q -r
fit 1M -s F -q
map -s F -q --width 32
metrics -s F -q
metrics -s F --top 3
diff diff-6.12-max-before-real diff-6.12-max-after-real
diff diff-6.12-max-before-real diff-6.12-max-after-real -J --all
diff diff-6.12-max-before-real diff-6.12-max-after-real --output-all -r -b
diff diff-6.12-max-before-real diff-6.12-max-after-real --svg out.svg
diff diff-6.12-max-before-hashed diff-6.12-max-after-hashed -P
diff guest-6.1-max-real guest-6.12-max-real --unpurged
diff host-6.18-real host-6.18-hashed -m kernel --threshold 4096
list -H
summary -H -J
diff -H -r
list --help
list --usage
summary --help
summary --usage
snapshot --help
snapshot --usage
demo --help
demo --usage
layout --help
layout --usage
peek --help
peek --usage
vtop --help
vtop --usage
fit --help
fit --usage
diff --help
diff --usage
watch --help
watch --usage
trace --help
trace --usage
map --help
map --usage
metrics --help
metrics --usage
summary --top x
summary --top 100001
summary extra
list --min-size zz
list --sort NOPE
list a b
map --area foo
map --by x
map --scale q
map --width 3
map --rows 0
map --holes 10
map --from zz
fit
fit 1 2
fit 0
fit 4K --align 3
fit 4K --area x
diff
diff a
diff - -
diff a b c
diff --threshold q a b
watch --interval 0.01
watch --count 0
watch --count x
trace --duration -1
trace --duration 99999999
trace x
metrics --output f
metrics --top q
metrics x
peek
peek a 0
peek a b c
peek --phys zz
vtop
vtop a 0
snapshot
snapshot a b
demo --pages 5000
demo --phys q
demo --size q
layout x
layout -H
fit -H
diff --list-columns
list --bogus
CASES
}
