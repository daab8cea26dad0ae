#!/bin/bash
# A tcp container that is stopped loses no job: 20 compiles of a few seconds each are running
# when `docker stop -t 30` comes; all 20 succeed with DISTCC_FALLBACK=0, the container exits
# 143, and a compile sent after the stop is handed back at once (not after a timeout). The
# served compiler waits a few seconds first (a script beside gcc, listed in DISTCC_CMDLIST).
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc ss python3 timeout
export TMPDIR="$WORK/tmp" # the distcc clients' temporary files
mkdir -p "$TMPDIR"

JOBS=${DRAIN_JOBS:-20}
SLOW_SECONDS=${DRAIN_SLOW_SECONDS:-4}
triple=$(gcc -dumpmachine)
mkdir -p "$WORK/slow" "$WORK/client"
printf '#!/bin/sh\nsleep %s\nexec gcc "$@"\n' "$SLOW_SECONDS" >"$WORK/slow/$triple-gcc"
echo "/slow/$triple-gcc" >"$WORK/slow/cmdlist"
chmod 755 "$WORK/slow" "$WORK/slow/$triple-gcc"
chmod 644 "$WORK/slow/cmdlist"

running_in() { # CONTAINER: slow compilers running in it
    $docker top "$1" -eo pid,comm 2>/dev/null | awk '$2 == "sleep"' | wc -l
}

TEST "drain: $JOBS compiles running at docker stop -t 30 all succeed; exit code 143"
port=$(free_port)
worker=$(run_container drain -v "$WORK/slow:/slow:ro" -e DISTCC_CMDLIST=/slow/cmdlist \
    -e DISTCC_INIT_GRACE=25 "$TCP_IMAGE" --allow 127.0.0.1 --listen 127.0.0.1 --port "$port" \
    --jobs $((JOBS + 4)))
wait_for_port "$port" 30 || fail "the worker does not listen: $($docker logs "$worker" 2>&1 | tail -3)"
for job in $(seq "$JOBS"); do
    start_background_compile "$job" "127.0.0.1:$port/$((JOBS + 4))"
done
deadline=$((SECONDS + 30))
until [ "$(running_in "$worker")" -ge "$JOBS" ]; do
    [ $SECONDS -ge $deadline ] && { fail "only $(running_in "$worker") of $JOBS compiles running"; break; }
    sleep 0.1
done
stopped_at=$(now_ms)
($docker stop -t 30 "$worker" >/dev/null && now_ms >"$WORK/stop-returned") &
stopper=$!
# The late compile goes once the worker has the signal (sent earlier, it would be a running one).
draining() { $docker logs "$worker" 2>&1 | grep -q "SIGTERM: draining"; }
deadline=$((SECONDS + 10))
until draining; do
    [ $SECONDS -ge $deadline ] && { fail "the worker did not log that it drains"; break; }
    sleep 0.1
done

TEST "drain: a compile sent after docker stop is handed back at once"
expect_late_compile_handed_back "127.0.0.1:$port/$((JOBS + 4))" \
    "the stopping worker compiled a job sent after the stop"
# Still draining: the job was handed back, not refused by a worker that had already gone.
expect_equal "$(container_state '{{.State.Running}}' "$worker")" true "the worker runs when the late compile is answered"
expect_less_than "$LATE_MS" "$((SLOW_SECONDS * 1000))" "milliseconds until the late compile was handed back"
echo "    late compile answered in $LATE_MS ms"

TEST "drain: the running compiles finish, then the container exits 143"
expect_no_lost_jobs "$JOBS"
wait "$stopper"
stop_ms=$(($(cat "$WORK/stop-returned" 2>/dev/null || now_ms) - stopped_at))
echo "    docker stop took $stop_ms ms"
# The worker stopped by itself once drained, long before Docker's 30 s would have killed it.
expect_less_than "$stop_ms" 20000 "milliseconds for docker stop -t 30"
expect_equal "$(container_state '{{.State.ExitCode}}' "$worker")" 143 "exit code after docker stop"
$docker logs "$worker" >"$WORK/drain.log" 2>&1
expect_file_contains "$WORK/drain.log" "SIGTERM: draining: new compiles are handed back"
expect_file_contains "$WORK/drain.log" "drained: no compile left running"
remove_container "$worker"
wait

TEST "drain suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
