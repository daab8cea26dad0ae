# Shared helpers for the integration suites: TEST blocks, expectations, PID-1 launchers.
# A suite sources this file with the distcc-init binary as $1.

set -u
DISTCC_INIT=$(realpath "${1:?usage: suite.sh PATH-TO-distcc-init}")
TESTS_RUN=0
FAILURES=0
CURRENT_TEST=
WORK=$(mktemp -d /tmp/distcc-init-test.XXXXXX)
CLEANUP_COMMANDS=()

on_exit() {
    local command
    for command in "${CLEANUP_COMMANDS[@]}"; do
        eval "$command" >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap on_exit EXIT

add_cleanup() { CLEANUP_COMMANDS+=("$1"); }

skip_suite() {
    echo "SKIPPED: $*"
    exit 125
}

require_root() { [ "$(id -u)" = 0 ] || skip_suite "needs root for PID and mount namespaces"; }

require_command() {
    local command
    for command in "$@"; do
        command -v "$command" >/dev/null || skip_suite "needs $command"
    done
}

TEST() {
    CURRENT_TEST=$1
    TESTS_RUN=$((TESTS_RUN + 1))
    echo "--- $CURRENT_TEST"
}

fail() {
    FAILURES=$((FAILURES + 1))
    echo "FAIL [$CURRENT_TEST]: $*"
}

expect_equal() { # ACTUAL EXPECTED WHAT
    [ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

expect_file_contains() { # FILE REGEX
    grep -Eq -- "$2" "$1" 2>/dev/null || {
        fail "expected /$2/ in $1; it holds:"
        sed 's/^/    | /' "$1" 2>/dev/null | head -20
    }
}

expect_file_lacks() { # FILE REGEX
    ! grep -Eq -- "$2" "$1" 2>/dev/null || fail "did not expect /$2/ in $1: $(grep -E -- "$2" "$1" | head -3)"
}

expect_less_than() { # ACTUAL LIMIT WHAT
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }' || fail "$3: $1 is not below $2"
}

# Runs distcc-init as PID 1 of a fresh PID namespace (with its own /proc) in the foreground.
as_pid1() { unshare --pid --fork --mount-proc "$DISTCC_INIT" "$@"; }

# Starts distcc-init as PID 1 in the background; sets UNSHARE_PID and INIT_PID (host PIDs).
start_pid1() { # OUTPUT-PREFIX ARGS...
    local prefix=$1
    shift
    # A background job of a non-interactive shell starts with INT and QUIT ignored: undo that,
    # as a container's PID 1 would start.
    env --default-signal unshare --pid --fork --mount-proc "$DISTCC_INIT" "$@" \
        >"$prefix.out" 2>"$prefix.err" &
    UNSHARE_PID=$!
    INIT_PID=
    local tries
    for tries in $(seq 200); do
        INIT_PID=$(pgrep -P "$UNSHARE_PID" | head -1)
        [ -n "$INIT_PID" ] && [ "$(readlink "/proc/$INIT_PID/exe")" = "$DISTCC_INIT" ] && return 0
        sleep 0.01
    done
    fail "distcc-init did not start"
}

# Waits for the background PID 1 to end; sets PID1_CODE to its exit code.
wait_pid1() {
    PID1_CODE=0
    wait "$UNSHARE_PID" || PID1_CODE=$?
}

wait_for_file() { # FILE [SECONDS]
    local deadline=$((SECONDS + ${2:-5}))
    while [ ! -s "$1" ]; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.02
    done
}

now_ms() { date +%s%3N; }

finish() {
    echo "=== $TESTS_RUN tests, $FAILURES failures"
    [ "$FAILURES" -eq 0 ]
}
