#!/bin/bash
# distcc-init check, on the client side: real tcp workers (distcc-init as PID 1) on loopback,
# the real distcc client. A worker with the client's compilers is OK; one whose gcc is another
# version (gcc-11 mounted over gcc-12 in its private mount namespace) differs in version; a
# name no worker has is not served; a port nobody listens on is unreachable.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc gcc-11 g++-11 unshare nsenter ss python3 timeout

triple=$(gcc -dumpmachine)
real_gcc=$(readlink -f "$(command -v "$triple-gcc")")
real_gxx=$(readlink -f "$(command -v "$triple-g++")")
[[ $real_gcc == *-gcc-12 && $real_gxx == *-g++-12 ]] || skip_suite "needs gcc 12 as the default gcc, not $real_gcc"

client_bin="$WORK/client-bin"
mkdir -p "$client_bin"
ln -s "$(command -v gcc)" "$client_bin/$triple-gcc-99" # a name no worker has
# Workers get the machine's PATH: they must not find the client's names.
worker_path=$PATH
export PATH="$client_bin:$PATH"

port=$(free_port)
PATH=$worker_path start_worker "$WORK/same" same --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
same_pid=$INIT_PID
same_unshare=$UNSHARE_PID
wait_for_port "$port" || fail "the matching worker does not listen: $(cat "$WORK/same.err")"

# The other worker's own gcc and g++ (every name that leads to gcc 12) are gcc 11.
old_port=$(free_port)
PATH=$worker_path unshare --mount --propagation private bash -c "
    mount --bind /usr/bin/$triple-gcc-11 $real_gcc && mount --bind /usr/bin/$triple-g++-11 $real_gxx || exit 99
    $(declare -f run_worker machine_dir)
    WORK='$WORK' DISTCC_INIT='$DISTCC_INIT' run_worker old --mode tcp -- --port $old_port \
        --listen 127.0.0.1 --allow 127.0.0.1" >"$WORK/old.out" 2>"$WORK/old.err" &
UNSHARE_PID=$!
find_init_pid || fail "the gcc-11 worker did not start: $(cat "$WORK/old.err")"
old_pid=$INIT_PID
add_cleanup "kill -s TERM $same_pid $old_pid"
wait_for_port "$old_port" || fail "the gcc-11 worker does not listen: $(cat "$WORK/old.err")"
expect_file_contains "$WORK/old.err" "serving: gcc 11\.[0-9.]+ $triple .*: .*$triple-gcc(,|$)"

dead_port=$(free_port)

TEST "check: a worker with the client's compilers is OK, exit 0"
code=0
DISTCC_HOSTS="127.0.0.1:$port/4,lzo" "$DISTCC_INIT" check >"$WORK/ok.out" 2>"$WORK/ok.err" || code=$?
expect_equal "$code" 0 "exit code"
expect_file_contains "$WORK/ok.out" "^HOST +COMPILER +RESULT$"
expect_file_contains "$WORK/ok.out" "^127\.0\.0\.1:$port +$triple-gcc +OK \(GCC: .*12\.[0-9.]+, ELF64 LSB x86-64\)$"
expect_file_contains "$WORK/ok.out" "^127\.0\.0\.1:$port +$triple-g\+\+ +OK "
expect_equal "$(grep -c . "$WORK/ok.out")" 3 "lines of the table"

TEST "check: a worker whose gcc is another version: version differs, both shown, exit 1"
code=0
"$DISTCC_INIT" check "127.0.0.1:$old_port" --compiler "$triple-gcc" >"$WORK/old-check.out" \
    2>"$WORK/old-check.err" || code=$?
expect_equal "$code" 1 "exit code"
expect_file_contains "$WORK/old-check.out" \
    "^127\.0\.0\.1:$old_port +$triple-gcc +version differs \(here \"GCC: .*12\.[0-9.]+\", worker \"GCC: .*11\.[0-9.]+\"\)$"

TEST "check: a name the worker lacks is not served; a port nobody listens on is unreachable"
code=0
"$DISTCC_INIT" check "127.0.0.1:$port" "127.0.0.1:$dead_port" --compiler "$triple-gcc-99" \
    --compiler "$triple-gcc" --timeout 20 >"$WORK/mixed.out" 2>"$WORK/mixed.err" || code=$?
expect_equal "$code" 1 "exit code"
expect_file_contains "$WORK/mixed.out" "^127\.0\.0\.1:$port +$triple-gcc-99 +not served \(the worker refused the name or has no such compiler\)$"
expect_file_contains "$WORK/mixed.out" "^127\.0\.0\.1:$dead_port +$triple-gcc-99 +unreachable \(.*refused"
expect_file_contains "$WORK/mixed.out" "^127\.0\.0\.1:$port +$triple-gcc +OK"
expect_file_contains "$WORK/mixed.out" "^127\.0\.0\.1:$dead_port +$triple-gcc +unreachable"
expect_file_contains "$WORK/same.err" "lookup of $triple-gcc-99 in DISTCC_CMDLIST failed"

TEST "check --json: one object per host and compiler"
"$DISTCC_INIT" check --json "127.0.0.1:$port" "127.0.0.1:$old_port" --compiler "$triple-gcc" \
    >"$WORK/check.json" 2>"$WORK/check-json.err"
python3 - "$WORK/check.json" "$port" "$old_port" <<'PYTHON' || fail "JSON: $(cat "$WORK/check.json")"
import json, sys
rows = json.load(open(sys.argv[1]))
results = {row["host"]: row["result"] for row in rows}
assert results == {f"127.0.0.1:{sys.argv[2]}": "OK", f"127.0.0.1:{sys.argv[3]}": "version differs"}, results
old = [row for row in rows if row["result"] == "version differs"][0]
assert " 11." in old["worker"]["compiler"] and " 12." in old["local"]["compiler"], old
PYTHON

TEST "check: bad input is one line and exit 2; localhost is not checked"
code=0
DISTCC_HOSTS= "$DISTCC_INIT" check >"$WORK/none.out" 2>"$WORK/none.err" || code=$?
expect_equal "$code" 2 "exit code without hosts"
expect_equal "$(wc -l <"$WORK/none.err")" 1 "lines of the message"
expect_file_contains "$WORK/none.err" "no host to check"
code=0
"$DISTCC_INIT" check "127.0.0.1:99999" >"$WORK/port.out" 2>"$WORK/port.err" || code=$?
expect_equal "$code" 2 "exit code for a bad port"
expect_file_contains "$WORK/port.err" "\"99999\" is not a TCP port"
code=0
"$DISTCC_INIT" check --compilr gcc "127.0.0.1:$port" >"$WORK/typo.out" 2>"$WORK/typo.err" || code=$?
expect_equal "$code" 2 "exit code for an unknown option"
expect_file_contains "$WORK/typo.err" "check: unknown option \"--compilr\""
code=0
"$DISTCC_INIT" check localhost >"$WORK/local.out" 2>"$WORK/local.err" || code=$?
expect_equal "$code" 2 "exit code with only localhost"
expect_file_contains "$WORK/local.err" "localhost: compiles here, not checked"

stop_worker
INIT_PID=$same_pid
UNSHARE_PID=$same_unshare
stop_worker

finish
