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
CASES
}
