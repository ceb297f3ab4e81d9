# Shared set-up of the host tests.
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
VMAPCTL=${VMAPCTL:-$TOP/vmapctl}
FIX=$TOP/tests/fixtures

# The type of each line of a vmallocinfo file, derived independently of vmapctl
# (same precedence as documented in vmapctl(8)): one type per line.
awk_types() {
	awk '{
		t = "other"
		if ($0 ~ / unpurged vm_area$/) t = "unpurged"
		else if ($3 == "vm_map_ram") t = "vm_map_ram"
		else if ($0 ~ / ioremap( |$)/) t = "ioremap"
		else if ($0 ~ / vmalloc( |$)/) t = "vmalloc"
		else if ($0 ~ / vmap( |$)/) t = "vmap"
		else if ($0 ~ / user( |$)/) t = "user"
		print t
	}' "$1"
}
