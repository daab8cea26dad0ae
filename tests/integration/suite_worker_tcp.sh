#!/bin/bash
# distcc-init --mode tcp: the real distccd as PID 1's child, the real distcc client on loopback.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc ccache unshare nsenter ss python3 timeout

write_hello_source "$WORK"
expected=$(local_hello "$WORK")

TEST "tcp: a remote compile gives the same program as a local build"
port=$(free_port)
AUTHORIZED_KEYS="ssh-ed25519 AAAAnot-for-distccd" DISTCC_INIT_GRACE=5 TINI_SUBREAPER=1 \
    start_worker "$WORK/tcp" tcp --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port" || fail "distccd does not listen on $port: $(cat "$WORK/tcp.err")"
actual=$(distcc_hello "127.0.0.1:$port" "$WORK") || fail "compile failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the distcc-built program"
expect_file_contains "$WORK/tcp.err" "COMPILE_OK"
expect_file_contains "$WORK/tcp.err" "distccd jobs: --jobs [0-9]+: [0-9]+ usable CPU"

TEST "tcp: the healthcheck is healthy and leaves no trace in distccd's log"
lines_before=$(wc -l <"$WORK/tcp.err")
in_worker "$DISTCC_INIT" healthcheck >"$WORK/health.out"
expect_equal "$?" 0 "healthcheck exit code"
expect_file_contains "$WORK/health.out" "^healthy: distccd listening on port $port"
sleep 0.3
expect_equal "$(wc -l <"$WORK/tcp.err")" "$lines_before" "log lines after the healthcheck"

TEST "tcp: healthcheck --deep compiles through the daemon"
in_worker "$DISTCC_INIT" healthcheck --deep >"$WORK/deep.out"
expect_equal "$?" 0 "deep healthcheck exit code"
expect_file_contains "$WORK/deep.out" "a remote compile works"

TEST "tcp: distccd gets neither key material nor distcc-init's own settings"
for pid in $(descendants "$INIT_PID"); do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = distccd ] || continue
    tr '\0' '\n' <"/proc/$pid/environ" >"$WORK/distccd.environ"
    break
done
expect_file_contains "$WORK/distccd.environ" "^PATH="
expect_file_lacks "$WORK/distccd.environ" "^(AUTHORIZED_KEYS|DISTCC_INIT_|TINI_)"

TEST "tcp: SIGTERM ends the worker with 143 within 2 s, nothing left"
started=$(now_ms)
stop_worker
expect_equal "$PID1_CODE" 143 "exit code after SIGTERM"
expect_less_than "$(($(now_ms) - started))" 2000 "milliseconds to stop"
expect_equal "$(pgrep -fc -- "--port $port")" 0 "distccd processes left"

TEST "tcp: the healthcheck is unhealthy when distccd is gone"
port=$(free_port)
start_worker "$WORK/tcp-dead" tcp --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port"
in_worker sh -c "echo 'mode=tcp
address=127.0.0.1
distccd_port=$(free_port)' > /run/distcc-init/state"
code=0
in_worker "$DISTCC_INIT" healthcheck --timeout 2 >"$WORK/unhealthy.out" || code=$?
expect_equal "$code" 1 "healthcheck exit code for a port nobody listens on"
expect_file_contains "$WORK/unhealthy.out" "^unhealthy: distccd is not listening on port"
stop_worker

TEST "tcp: --stats answers over HTTP and the healthcheck uses it"
port=$(free_port)
stats_port=$(free_port)
start_worker "$WORK/stats" tcp --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1 \
    --stats --stats-port "$stats_port"
wait_for_port "$stats_port"
curl -s --max-time 5 "http://127.0.0.1:$stats_port/" >"$WORK/stats.out"
expect_file_contains "$WORK/stats.out" "<distccstats>"
in_worker "$DISTCC_INIT" healthcheck >"$WORK/stats-health.out"
expect_file_contains "$WORK/stats-health.out" "statistics answer"
stop_worker

TEST "tcp: ccache on the worker: empty, filled by a remote compile, a hit the second time"
port=$(free_port)
cache="$WORK/ccache-tcp"
DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$cache" start_worker "$WORK/ccache" tcp --mode tcp -- \
    --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port"
expect_equal "$(find "$cache" -type f -name '*R' 2>/dev/null | wc -l)" 0 "cache entries before"
distcc_hello "127.0.0.1:$port" "$WORK" >/dev/null || fail "first compile failed"
expect_less_than 0 "$(find "$cache" -type f -name '*R' | wc -l)" "cache entries after one compile"
rm -f "$WORK/hello.o"
distcc_hello "127.0.0.1:$port" "$WORK" >/dev/null || fail "second compile failed"
CCACHE_DIR="$cache" ccache --print-stats >"$WORK/ccache-stats"
expect_file_contains "$WORK/ccache-stats" "^(direct_cache_hit|preprocessed_cache_hit)	[1-9]"
expect_equal "$(in_worker stat -c %G "$cache")" distcc "group of the cache directory"
expect_equal "$(stat -c %a "$cache")" 2775 "mode of the cache directory"
stop_worker

TEST "tcp: container-aware job count follows the CPU affinity"
taskset -c 0 "$DISTCC_INIT" --mode tcp --dry-run >"$WORK/jobs.out"
expect_file_contains "$WORK/jobs.out" "jobs: --jobs 3: 1 usable CPU"
actual=$("$DISTCC_INIT" --mode tcp --dry-run -- --jobs 9)
[[ "$actual" == *"--jobs given in the arguments"* ]] || fail "--jobs in the arguments was not respected"

TEST "tcp: the job count follows a real cgroup CPU quota (v1 or v2, as the machine has)"
if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    cgroup=/sys/fs/cgroup/cpu/distcc-init-test-$$
    mkdir "$cgroup" && echo 50000 >"$cgroup/cpu.cfs_quota_us"
    expected_source="cgroup v1 cpu quota 0.50 CPUs"
else
    cgroup=/sys/fs/cgroup/distcc-init-test-$$
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null ||
        echo +cpu >/sys/fs/cgroup/cgroup.subtree_control
    mkdir "$cgroup" && echo "50000 100000" >"$cgroup/cpu.max"
    expected_source="cgroup cpu.max quota 0.50 CPUs"
fi
add_cleanup "rmdir $cgroup"
sh -c 'echo $$ >"$1/cgroup.procs"; exec "$2" --mode tcp --dry-run' sh "$cgroup" "$DISTCC_INIT" \
    >"$WORK/cgroup-jobs.out"
expect_file_contains "$WORK/cgroup-jobs.out" "^jobs: --jobs 3: 1 usable CPU\\(s\\) \\+ 2 \\([0-9]+ online; $expected_source"

TEST "tcp: arguments that are a command run instead of distccd, with the same environment"
code=0
DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/ccache-cmd" run_worker tcp --mode tcp -- sh -c \
    'echo "PATH=$PATH"; echo "CCACHE_DIR=$CCACHE_DIR"; exit 4' >"$WORK/cmd.out" 2>&1 || code=$?
expect_equal "$code" 4 "exit code of the command"
expect_file_contains "$WORK/cmd.out" "^PATH=/usr/lib/ccache(/bin)?:"
expect_file_contains "$WORK/cmd.out" "^CCACHE_DIR=$WORK/ccache-cmd"

TEST "tcp: as a non-root user nothing needs root"
port=$(free_port)
useradd_dir="$WORK/nonroot"
mkdir -p "$useradd_dir"
chmod 777 "$useradd_dir"
setpriv --reuid=65534 --regid=65534 --clear-groups env --default-signal \
    "$DISTCC_INIT" -s --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1 \
    >"$useradd_dir/out" 2>"$useradd_dir/err" &
nonroot_pid=$!
wait_for_port "$port" || fail "distccd as nobody does not listen: $(cat "$useradd_dir/err")"
actual=$(distcc_hello "127.0.0.1:$port" "$WORK") || fail "compile as nobody failed"
expect_equal "$actual" "$expected" "output of the program built by an unprivileged worker"
kill -s TERM "$nonroot_pid"
code=0
wait "$nonroot_pid" || code=$?
expect_equal "$code" 143 "exit code of the unprivileged worker after SIGTERM"

TEST "tcp: distccd missing gives a clear error and exit 4"
code=0
PATH=/nonexistent "$DISTCC_INIT" --mode tcp 2>"$WORK/missing.err" || code=$?
expect_equal "$code" 4 "exit code without distccd"
expect_file_contains "$WORK/missing.err" "distccd is not installed"

finish
