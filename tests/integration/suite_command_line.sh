#!/bin/bash
# The command line as a new user tries it: every subcommand refuses an option it does not know
# and a word it does not take (one line, exit 2, nothing run), and answers --help (exit 0).
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"

# Each subcommand with the least it needs to run, and the words appended to try it.
subcommands=(
    "healthcheck"
    "metrics --port 1"
    "hosts 127.0.0.1"
    "ssh-front --port 1 -- /bin/false"
    "toolchains"
    "check 127.0.0.1:1"
)

expect_refused() { # WHAT ARGS...: exit 2 and exactly one line on stderr, nothing on stdout
    local what=$1 code=0
    shift
    timeout 10 "$DISTCC_INIT" "$@" >"$WORK/out" 2>"$WORK/err" || code=$?
    expect_equal "$code" 2 "$what: exit code"
    expect_equal "$(wc -l <"$WORK/err")" 1 "$what: lines on stderr"
    expect_equal "$(wc -c <"$WORK/out")" 0 "$what: bytes on stdout"
}

for words in "${subcommands[@]}"; do
    read -ra args <<<"$words"
    name=${args[0]}
    TEST "$name: an unknown option is refused"
    expect_refused "$name --bogus" "$name" --bogus "${args[@]:1}"
    expect_file_contains "$WORK/err" "^distcc-init: error: $name: unknown option \"--bogus\""

    TEST "$name: --help answers"
    code=0
    timeout 10 "$DISTCC_INIT" "$name" --help >"$WORK/out" 2>"$WORK/err" || code=$?
    expect_equal "$code" 0 "$name --help: exit code"
    expect_file_contains "$WORK/out" "^Usage: distcc-init $name"
done

# hosts, check and ssh-front take words (hosts, an sshd command line); the others take none.
for name in healthcheck toolchains; do
    TEST "$name: a stray word is refused"
    expect_refused "$name stray" "$name" stray
    expect_file_contains "$WORK/err" "^distcc-init: error: $name: unexpected word \"stray\""
done
TEST "metrics: a stray word is refused"
expect_refused "metrics stray" metrics --port 1 stray
expect_file_contains "$WORK/err" "unexpected word \"stray\""

TEST "the issue's cases: a typo in a HEALTHCHECK line, a subcommand of toolchains that does not exist"
expect_refused "healthcheck --deep --bogus stray" healthcheck --deep --bogus stray
expect_refused "toolchains packk --help" toolchains packk --help
expect_file_contains "$WORK/err" 'unexpected word "packk"'
expect_refused "hosts --bogus HOST" hosts --bogus 127.0.0.1

TEST "toolchains' words refuse what they do not know, and answer --help"
for word in pack push "remove gcc-14" service receive; do
    read -ra args <<<"$word"
    expect_refused "toolchains $word --bogus" toolchains "${args[@]}" --bogus
    expect_file_contains "$WORK/err" "^distcc-init: error: toolchains ${args[0]}: unknown option \"--bogus\""
    timeout 10 "$DISTCC_INIT" toolchains "${args[0]}" --help >"$WORK/out" 2>&1 ||
        fail "toolchains ${args[0]} --help failed"
    expect_file_contains "$WORK/out" "^Usage: distcc-init toolchains ${args[0]}"
done
expect_refused "toolchains pack stray" toolchains pack stray
expect_file_contains "$WORK/err" 'toolchains pack: unexpected word "stray"'
expect_refused "toolchains remove a b" toolchains remove a b
expect_refused "toolchains remove" toolchains remove
expect_file_contains "$WORK/err" "toolchains remove: nothing named"
for word in service receive; do
    expect_refused "toolchains $word stray" toolchains "$word" stray
    expect_file_contains "$WORK/err" "toolchains $word: unexpected word \"stray\""
done
expect_refused "toolchains push --bundle --compiler" toolchains push --bundle b --compiler gcc
expect_file_contains "$WORK/err" "give --bundle or --compiler, not both"

finish
