#!/usr/bin/env bats
# The pure parsers on single lines: old and new kernel formats, broken input.
load helper

@test "parser unit tests pass" {
	run "${TEST_PARSE:-$TOP/build/test-parse}"
	assert_success
	refute_output --partial "not ok"
	assert_output --regexp '1\.\.[0-9]+'
}
