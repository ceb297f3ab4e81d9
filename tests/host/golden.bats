#!/usr/bin/env bats
# Every command, in each output format and column set, on every capture:
# byte for byte what tests/golden/expected.tar.xz holds (README there).

load helper

setup() {
	cd "$BATS_TEST_TMPDIR"
}

@test "output byte for byte as expected: every command, format and column set, on every capture" {
	mkdir want got
	tar -C want -xJf "$BATS_TEST_DIRNAME/../golden/expected.tar.xz"
	"$BATS_TEST_DIRNAME/../golden/run.sh" "$VMAPCTL" got
	# as many cases as expected: none lost, none new without its file
	assert_equal "$(ls got | wc -l)" "$(ls want | wc -l)"
	[ "$(ls got | wc -l)" -gt 300 ]
	if ! diff -r want got > d; then
		echo "$(grep -c '^diff ' d) cases differ; the first:"
		head -n 40 d
		return 1
	fi
}
