#!/usr/bin/env bats
# The pure parsers and models of src/lib, unit by unit: one program a unit
# (tests/unit/test-UNIT.c, built as $UNIT_TESTS/test-UNIT), one test here a unit.
load helper

# unit UNIT: test-UNIT passes every check, and prints its plan
unit() {
	run "${UNIT_TESTS:-$TOP/build}/test-$1"
	assert_success
	refute_output --partial "not ok"
	assert_output --regexp '1\.\.[0-9]+'
}

@test "unit: units (sizes in human form and back, digits)" {
	unit units
}

@test "unit: text (the one sort)" {
	unit text
}

@test "unit: vmallocinfo (old and new kernels' lines, broken input)" {
	unit vmallocinfo
}

@test "unit: proc (iomem, meminfo, modules, kallsyms)" {
	unit proc
}

@test "unit: kstate (the kernel's state as read, the first fit, the count)" {
	unit kstate
}

@test "unit: fit (the next allocation over the kernel's lists, now and after a purge)" {
	unit fit
}

@test "unit: area (the vmalloc and module areas' bounds)" {
	unit area
}

@test "unit: ksyms (kallsyms by address)" {
	unit ksyms
}

@test "unit: owner (who holds module memory: callers, kallsyms' symbols)" {
	unit owner
}

@test "unit: groups (regions summed by name, merged, sorted)" {
	unit groups
}

@test "unit: hindex (the hash index: growth, one hash's run, removal)" {
	unit hindex
}

@test "unit: vtrace (the vmalloc tracepoints)" {
	unit vtrace
}

@test "unit: jitbudget (the load the BPF JIT's limit refuses, pages or bytes)" {
	unit jitbudget
}

@test "unit: every tests/unit/test-UNIT.c has its test here" {
	local f name
	for f in "$TOP"/tests/unit/test-*.c; do
		name=${f##*/test-}
		name=${name%.c}
		grep -q "test-$name\b\|unit $name\$" "$BATS_TEST_FILENAME" || { echo "tests/unit/test-$name.c: no test in parse.bats"; return 1; }
	done
}
