# Shared set-up of the host tests.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
VMAPCTL=${VMAPCTL:-$TOP/vmapctl}
FIX=$TOP/tests/fixtures

# The type of each line of a vmallocinfo file, derived independently of vmapctl
# (tests/bench/types.awk: the precedence documented in vmapctl(8)): one type per line.
awk_types() {
	gawk -f "$TOP/tests/bench/types.awk" -e '{ print vmi_type() }' "$1"
}
