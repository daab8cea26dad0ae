# Shared helpers for the integration suites: TEST blocks, expectations, PID-1 launchers.
# A suite sources this file with the distcc-init binary as $1.

set -u
DISTCC_INIT=$(realpath "${1:?usage: suite.sh PATH-TO-distcc-init}")
TESTS_RUN=0
FAILURES=0
CURRENT_TEST=
WORK=$(mktemp -d /tmp/distcc-init-test.XXXXXX)
chmod 755 "$WORK" # daemons that drop privileges must reach their files in it
# The temporary files of every client and worker a suite starts, gone with the suite (a
# client killed by a timeout leaves its preprocessed source; a worker, what a job left).
export TMPDIR=$WORK/tmp
mkdir -m 1777 "$TMPDIR"
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
    find_init_pid || fail "distcc-init did not start"
}

# Sets INIT_PID to the host PID of the distcc-init below UNSHARE_PID that is PID 1 inside.
find_init_pid() {
    local tries pid
    INIT_PID=
    for tries in $(seq 300); do
        for pid in $(descendants "$UNSHARE_PID"); do
            if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$DISTCC_INIT" ] &&
                [ "$(awk '/^NSpid/ {print $NF}' "/proc/$pid/status" 2>/dev/null)" = 1 ]; then
                INIT_PID=$pid
                return 0
            fi
        done
        sleep 0.01
    done
    return 1
}

# Waits until PID 1's child runs PROGRAM; prints the child's host PID. Signals sent to PID 1
# before that may arrive before distcc-init has taken them over, and the kernel drops them.
wait_for_child_program() { # PROGRAM
    local child
    for _ in $(seq 500); do
        child=$(pgrep -P "$INIT_PID")
        if [ -n "$child" ] && [[ "$(readlink "/proc/$child/exe")" == */$1 ]]; then
            echo "$child"
            return 0
        fi
        sleep 0.02
    done
    return 1
}

descendants() { # PID
    local child
    for child in $(pgrep -P "$1"); do
        echo "$child"
        descendants "$child"
    done
}

# Waits for the background PID 1 to end; sets PID1_CODE to its exit code.
# A PID 1 that does not end within 30 s is a failure, killed so the suite goes on.
wait_pid1() {
    local deadline=$((SECONDS + 30))
    while kill -0 "$UNSHARE_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
        sleep 0.02
    done
    if kill -0 "$UNSHARE_PID" 2>/dev/null; then
        fail "PID 1 did not exit within 30 s"
        pkill -KILL -P "$UNSHARE_PID"
        kill -KILL "$INIT_PID" "$UNSHARE_PID" 2>/dev/null
    fi
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

# --- worker helpers: distcc-init --mode tcp|ssh as PID 1 with a private /etc, /home and /run.

# A "machine": its /etc changes (overlay upper dir) persist across starts with the same name.
machine_dir() { echo "$WORK/machine-${1:-default}"; }

# Runs distcc-init as a worker: PID 1 of a new PID namespace, in a private mount namespace
# with /etc overlaid, /home and /run private. In the foreground; see start_worker.
run_worker() { # MACHINE distcc-init-ARGS...
    local machine
    machine=$(machine_dir "$1")
    shift
    mkdir -p "$machine/etc-upper" "$machine/etc-work" "$machine/home" "$machine/run"
    env --default-signal unshare --mount --propagation private bash -c '
        machine=$1; shift
        mount -t overlay overlay -o "lowerdir=/etc,upperdir=$machine/etc-upper,workdir=$machine/etc-work" /etc &&
        mount --bind "$machine/home" /home &&
        mount -t tmpfs -o mode=0755 tmpfs /run || exit 99
        exec unshare --pid --fork --mount-proc "$@"' bash "$machine" "$DISTCC_INIT" "$@"
}

# run_worker with variables set for it alone: VAR=VALUE words up to "--", then its arguments.
run_worker_with() { # MACHINE VAR=VALUE... -- distcc-init-ARGS...
    local machine=$1
    shift
    local environment=()
    while [ "$1" != -- ]; do
        environment+=("$1")
        shift
    done
    shift
    env "${environment[@]}" bash -c "$(declare -f run_worker machine_dir); WORK='$WORK' \
        DISTCC_INIT='$DISTCC_INIT' run_worker '$machine' \"\$@\"" bash "$@"
}

# Starts a worker in the background. Sets UNSHARE_PID and INIT_PID.
start_worker() { # OUTPUT-PREFIX MACHINE distcc-init-ARGS...
    local prefix=$1
    shift
    run_worker "$@" >"$prefix.out" 2>"$prefix.err" &
    UNSHARE_PID=$!
    find_init_pid || fail "the worker did not start: $(cat "$prefix.err")"
}

# Starts worker NAME in the background with VAR=VALUE settings (as run_worker_with), its output
# in WORK/NAME.out and .err, and waits until it listens on PORT. Sets INIT_PID and UNSHARE_PID,
# and INIT_PID_NAME and UNSHARE_PID_NAME for suites that run several.
start_named_worker() { # NAME PORT VAR=VALUE... -- distcc-init-ARGS...
    local name=$1 port=$2
    shift 2
    run_worker_with "$name" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
    UNSHARE_PID=$!
    find_init_pid || fail "worker $name did not start: $(tail -3 "$WORK/$name.err")"
    wait_for_port "$port" 20 || fail "worker $name does not listen on $port: $(tail -3 "$WORK/$name.err")"
    printf -v "INIT_PID_${name//-/_}" %s "$INIT_PID"
    printf -v "UNSHARE_PID_${name//-/_}" %s "$UNSHARE_PID"
}

# Runs a command inside the worker's mount and PID namespaces (e.g. the healthcheck).
in_worker() { nsenter --target "$INIT_PID" --mount --pid "$@"; }

stop_worker() {
    kill -s TERM "$INIT_PID" 2>/dev/null
    wait_pid1
}

wait_for_port() { # PORT [SECONDS]
    local deadline=$((SECONDS + ${2:-10}))
    until ss -Hltn "sport = :$1" | grep -q LISTEN; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}

# A free TCP port whose next port is free too (a worker's statistics page takes its port + 1),
# and that neither equals nor neighbours a port this suite was given before: two calls in a
# row can otherwise return adjacent ports, and one worker's port + 1 would be another's.
free_port() {
    python3 - "$WORK/ports-given" <<'PYTHON'
import socket, sys
path = sys.argv[1]
try:
    given = {int(line) for line in open(path)}
except FileNotFoundError:
    given = set()
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
while True:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if port < 65535 and not given & {port - 1, port, port + 1} and free(port + 1):
        break
with open(path, "a") as out:
    out.write(f"{port}\n")
print(port)
PYTHON
}

write_hello_source() { # DIRECTORY
    cat >"$1/hello.c" <<'SOURCE'
#include <stdio.h>
int main(void) { printf("hello from distcc, %d\n", 6 * 7); return 0; }
SOURCE
}

# Runs `distcc COMPILER ARGS...` in DIR with DISTCC_HOSTS=$2 and no local fallback, under a
# timeout; its output goes to DIR/distcc.log. No backoff by default (a worker restarted on a
# port is used at once); a refused name then makes the client retry until the timeout, so a
# test expecting a refusal sets DISTCC_BACKOFF_PERIOD and gets the client's answer at once.
distcc_compile() { # DIR HOSTS COMPILER ARGS...
    local dir=$1 hosts=$2
    shift 2
    mkdir -p "$dir/distcc-state"
    (cd "$dir" && DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1 \
        DISTCC_BACKOFF_PERIOD="${DISTCC_BACKOFF_PERIOD:-0}" DISTCC_DIR="$dir/distcc-state" \
        DISTCC_IO_TIMEOUT=60 timeout 90 distcc "$@" >"$dir/distcc.log" 2>&1)
}

# Compiles a unit of its own, WORK/client/jJOB/unit.c, through HOSTS in the background (fallback
# off, the backoff period given or none); its exit code lands in WORK/client/jJOB/rc.
start_background_compile() { # JOB HOSTS [BACKOFF-SECONDS]
    local dir="$WORK/client/j$1"
    mkdir -p "$dir"
    printf 'int job_%s(int x) { return x * %d; }\n' "$1" "${#1}" >"$dir/unit.c"
    (
        DISTCC_BACKOFF_PERIOD=${3:-0} distcc_compile "$dir" "$2" gcc -c unit.c -o unit.o
        echo $? >"$dir/rc"
    ) &
}

# A compile sent to a draining worker through HOSTS: fails (WHAT) if it gave an object rather
# than being handed back; sets LATE_MS to the milliseconds until the client had its answer.
expect_late_compile_handed_back() { # HOSTS WHAT
    local started
    started=$(now_ms)
    start_background_compile late "$1" 60
    wait_for_file "$WORK/client/jlate/rc" 10
    LATE_MS=$(($(now_ms) - started))
    [ "$(cat "$WORK/client/jlate/rc" 2>/dev/null)" != 0 ] || fail "$2"
}

# Waits for background compiles 1..JOBS; fails for each that did not give its object; prints
# how many were lost.
expect_no_lost_jobs() { # JOBS
    local lost=0 job
    for job in $(seq "$1"); do
        wait_for_file "$WORK/client/j$job/rc" 40
        if [ "$(cat "$WORK/client/j$job/rc" 2>/dev/null)" != 0 ] || [ ! -s "$WORK/client/j$job/unit.o" ]; then
            lost=$((lost + 1))
            fail "job $job was lost: $(head -3 "$WORK/client/j$job/distcc.log")"
        fi
    done
    echo "    lost jobs: $lost of $1"
}

# Compiles DIR/hello.c through distcc with DISTCC_HOSTS=$1, links and runs it; prints its output.
distcc_hello() { # HOSTS DIR
    local hosts=$1 dir=$2
    distcc_compile "$dir" "$hosts" gcc -c hello.c -o hello.o &&
        (cd "$dir" && gcc hello.o -o hello && ./hello)
}

local_hello() { # DIR
    (cd "$1" && gcc hello.c -o hello-local && ./hello-local)
}

# Starts an ssh worker as PID 1 in the background on $ssh_port (127.0.0.1), its loopback
# distccd on $daemon_port and its host keys in $host_keys (the calling suite sets the three);
# waits until both listen. Sets UNSHARE_PID and INIT_PID.
start_ssh_worker() { # PREFIX MACHINE [ENV...]   (sshd arguments of its own: $SSHD_EXTRA)
    local prefix=$1 machine=$2
    shift 2
    env "$@" SSH_HOST_KEYS_DIR="$host_keys" DISTCC_SSH_DAEMON_PORT="$daemon_port" \
        bash -c "$(declare -f run_worker machine_dir); WORK='$WORK' DISTCC_INIT='$DISTCC_INIT' \
        run_worker $machine --mode ssh -- -p $ssh_port -o ListenAddress=127.0.0.1 ${SSHD_EXTRA:-}" \
        >"$prefix.out" 2>"$prefix.err" &
    UNSHARE_PID=$!
    find_init_pid || fail "the worker did not start: $(cat "$prefix.err")"
    wait_for_port "$ssh_port" 15 || fail "sshd does not listen on $ssh_port: $(cat "$prefix.err")"
    wait_for_port "$daemon_port" 15 || fail "the loopback distccd does not listen"
}

# The client side of distcc over SSH: an ssh config for 127.0.0.1 in $WORK/ssh_config_NAME
# and the wrapper distcc runs (DISTCC_SSH) in $WORK/ssh_NAME.
write_ssh_client() { # NAME PORT USER KEY [KNOWN-HOSTS [STRICT(yes|no) [MULTIPLEX(0|1)]]]
    local name=$1
    cat >"$WORK/ssh_config_$name" <<CONFIG
Host 127.0.0.1
    Port $2
    User $3
    IdentityFile $4
    IdentitiesOnly yes
    BatchMode yes
    PasswordAuthentication no
    StrictHostKeyChecking ${6:-no}
    UserKnownHostsFile ${5:-/dev/null}
    LogLevel ERROR
CONFIG
    if [ "${7:-0}" = 1 ]; then
        printf '    ControlMaster auto\n    ControlPath %s/cm-%%p-%s\n    ControlPersist 120\n' \
            "$WORK" "$name" >>"$WORK/ssh_config_$name"
    fi
    printf '#!/bin/sh\nexec ssh -F %s "$@"\n' "$WORK/ssh_config_$name" >"$WORK/ssh_$name"
    chmod +x "$WORK/ssh_$name"
}

# The static distcc-init runs in any root; a dynamically linked one (the sanitizer build:
# libasan, libubsan, Boost) needs the libraries the root lacks, copied from this machine into
# the root's /usr/local/lib (glibc is backward compatible: the root's newer one runs them).
copy_missing_libraries() { # BINARY ROOT
    local library copied=0
    while read -r library; do
        if ! compgen -G "$2/usr/lib/x86_64-linux-gnu/$(basename "$library")*" >/dev/null &&
            ! compgen -G "$2/lib/x86_64-linux-gnu/$(basename "$library")*" >/dev/null; then
            cp -L "$library" "$2/usr/local/lib/" && copied=1
        fi
    done < <(ldd "$1" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}')
    [ "$copied" = 0 ] || chroot "$2" ldconfig || fail "ldconfig in $2 failed"
}
