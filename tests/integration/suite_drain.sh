#!/bin/bash
# A worker that goes loses no job: on SIGTERM distcc-init hands new compiles back (the client
# sends them elsewhere at once), lets the running ones finish within the grace period, then
# stops with 143. The real distccd, guard and distcc client; a served "compiler" that takes a
# few seconds (sleep, then gcc) so that compiles are running when the signal comes.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc unshare nsenter ss python3 timeout

SLOW_SECONDS=${DRAIN_SLOW_SECONDS:-3}
JOBS=${DRAIN_JOBS:-20}
mkdir -p "$WORK/slow" "$WORK/client"
triple=$(gcc -dumpmachine)
# The worker serves the client's name through a compiler that waits first.
cat >"$WORK/slow/$triple-gcc" <<SCRIPT
#!/bin/sh
sleep "\${DRAIN_SLEEP:-$SLOW_SECONDS}"
exec gcc "\$@"
SCRIPT
chmod 755 "$WORK/slow" "$WORK/slow/$triple-gcc"
echo "$WORK/slow/$triple-gcc" >"$WORK/cmdlist"
chmod 644 "$WORK/cmdlist"

count_running() { # how many slow compilers run below the worker now (one look at the table)
    ps -e -o pid=,ppid=,comm= | awk -v root="$INIT_PID" '
        { parent[$1] = $2; name[$1] = $3 }
        END {
            for (pid in name) {
                if (name[pid] != "sleep") continue
                for (p = parent[pid]; p > 1 && !(p == root); p = parent[p]) {}
                if (p == root) count++
            }
            print count + 0
        }'
}

wait_running() { # N [SECONDS]
    local deadline=$((SECONDS + ${2:-20}))
    until [ "$(count_running)" -ge "$1" ]; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}

# Starts a worker serving the slow compiler on PORT (127.0.0.1), its output in PREFIX.out and
# .err (PREFIX is WORK/NAME); sets UNSHARE_PID and INIT_PID.
start_drain_worker() { # PREFIX PORT [VAR=VALUE...]
    local prefix=$1 port=$2
    shift 2
    start_named_worker "${prefix##*/}" "$port" DISTCC_CMDLIST="$WORK/cmdlist" \
        DISTCC_INIT_GRACE="${GRACE:-30}" "$@" -- --mode tcp -- --port "$port" \
        --listen 127.0.0.1 --allow 127.0.0.1 --jobs $((JOBS + 4))
}

# Waits up to SECONDS for the worker started as UNSHARE-PID to end; sets CODE.
wait_exit() { # UNSHARE-PID [SECONDS]
    local deadline=$((SECONDS + ${2:-40}))
    while kill -0 "$1" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
        sleep 0.02
    done
    kill -0 "$1" 2>/dev/null && fail "the worker did not exit" && kill -KILL "$1"
    CODE=0
    wait "$1" || CODE=$?
}

TEST "drain: $JOBS compiles running at SIGTERM all succeed, the worker exits 143"
port=$(free_port)
start_drain_worker "$WORK/a" "$port"
for job in $(seq "$JOBS"); do
    start_background_compile "$job" "127.0.0.1:$port/$((JOBS + 4))"
done
wait_running "$JOBS" || fail "only $(count_running) of $JOBS compiles running"
kill -TERM "$INIT_PID"

TEST "drain: the healthcheck reports the draining worker unhealthy"
sleep 0.2
code=0
in_worker "$DISTCC_INIT" healthcheck --timeout 2 >"$WORK/health.out" || code=$?
expect_equal "$code" 1 "healthcheck exit code while draining"
expect_file_contains "$WORK/health.out" "^unhealthy: draining"

TEST "drain: a compile started after SIGTERM is handed back at once"
expect_late_compile_handed_back "127.0.0.1:$port/$((JOBS + 4))" \
    "the only worker compiled a job after SIGTERM"
expect_less_than "$LATE_MS" "$((SLOW_SECONDS * 1000))" "milliseconds until the late compile is handed back"
echo "    late compile answered in $LATE_MS ms"

TEST "drain: the running compiles finish"
expect_no_lost_jobs "$JOBS"
wait_exit "$UNSHARE_PID"
expect_equal "$CODE" 143 "exit code after the drain"
expect_file_contains "$WORK/a.err" "SIGTERM: draining: new compiles are handed back, [0-9]+ running"
expect_file_contains "$WORK/a.err" "drained: no compile left running"

TEST "drain: with two workers, a compile sent to the draining one goes to the other"
port_a=$(free_port)
port_b=$(free_port)
start_drain_worker "$WORK/b1" "$port_a"
a_pid=$INIT_PID a_unshare=$UNSHARE_PID
start_drain_worker "$WORK/b2" "$port_b" DRAIN_SLEEP=0
b_pid=$INIT_PID b_unshare=$UNSHARE_PID
INIT_PID=$a_pid
start_background_compile busy "127.0.0.1:$port_a/4"
wait_running 1 || fail "no compile running on the first worker"
kill -TERM "$a_pid"
sleep 0.2
started=$(now_ms)
start_background_compile moved "127.0.0.1:$port_a/4 127.0.0.1:$port_b/4" 60
wait_for_file "$WORK/client/jmoved/rc" 10
expect_equal "$(cat "$WORK/client/jmoved/rc")" 0 "exit code of the compile that moved"
expect_less_than "$(($(now_ms) - started))" "$((SLOW_SECONDS * 1000))" "milliseconds for the moved compile"
wait_for_file "$WORK/client/jbusy/rc" 20
expect_equal "$(cat "$WORK/client/jbusy/rc")" 0 "exit code of the compile that was running"
wait_exit "$a_unshare"
expect_equal "$CODE" 143 "exit code of the drained worker"
kill -TERM "$b_pid"
wait_exit "$b_unshare"
expect_equal "$CODE" 143 "exit code of the other worker"

TEST "drain: a second SIGTERM ends the wait at once"
port=$(free_port)
start_drain_worker "$WORK/c" "$port" DRAIN_SLEEP=20
start_background_compile long "127.0.0.1:$port/4"
wait_running 1 || fail "no compile running"
kill -TERM "$INIT_PID"
sleep 0.3
started=$(now_ms)
kill -TERM "$INIT_PID"
wait_exit "$UNSHARE_PID" 10
expect_equal "$CODE" 143 "exit code after two SIGTERMs"
# At once: the compile would take 20 s, the grace 30 s (the bound leaves room for a loaded
# machine and a sanitizer build, whose processes take longer to end).
expect_less_than "$(($(now_ms) - started))" 5000 "milliseconds from the second SIGTERM to the end"
expect_file_contains "$WORK/c.err" "SIGTERM while draining: stopping now"
# The ended job's guard removed its job directory before it went.
expect_equal "$(cd "$TMPDIR" && echo distcc-guard-*)" "distcc-guard-*" "job directories left"

TEST "drain: the end of the grace period ends the wait"
port=$(free_port)
GRACE=1 start_drain_worker "$WORK/d" "$port" DRAIN_SLEEP=20
start_background_compile long2 "127.0.0.1:$port/4"
wait_running 1 || fail "no compile running"
started=$(now_ms)
kill -TERM "$INIT_PID"
wait_exit "$UNSHARE_PID" 10
expect_equal "$CODE" 143 "exit code at the end of the grace period"
# The grace of 1 s, then the stop; not the compile's 20 s.
expect_less_than "$(($(now_ms) - started))" 6000 "milliseconds from SIGTERM to the end"
expect_file_contains "$WORK/d.err" "grace period of 1000 ms expired while draining: stopping 1 running"

TEST "drain: an idle worker stops at once"
port=$(free_port)
start_drain_worker "$WORK/e" "$port"
started=$(now_ms)
kill -TERM "$INIT_PID"
wait_exit "$UNSHARE_PID" 10
expect_equal "$CODE" 143 "exit code of an idle worker"
expect_less_than "$(($(now_ms) - started))" 5000 "milliseconds to stop an idle worker (the grace is 30 s)"
wait

finish
