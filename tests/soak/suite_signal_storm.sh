#!/bin/bash
# Soak: storms of SOAK_STORM_SIGNALS signals of every catchable kind sent to distcc-init as
# PID 1 while it supervises a child, then one SIGTERM: exit code 143 every time.
source "$(dirname "$0")/../integration/lib.sh" "$@"
source "$(dirname "$0")/soak_lib.sh"
require_root
require_command unshare nsenter gcc timeout

# Signals pending for PID (its own or its process's queue), as a hex mask: 0 when drained.
pending_mask() { # PID
    awk '/^(SigPnd|ShdPnd):/ { mask = mask $2 } END { print mask }' "/proc/$1/status" 2>/dev/null |
        tr -d '0'
}

# Waits up to 60 s until neither PID 1 nor its child has a signal pending; prints how long.
wait_for_drain() { # CHILD
    local started deadline
    started=$(now_ms)
    deadline=$((SECONDS + 60))
    while [ -n "$(pending_mask "$INIT_PID")$(pending_mask "$1")" ]; do
        [ $SECONDS -ge $deadline ] && echo "not drained" && return 1
        sleep 0.02
    done
    echo "$(($(now_ms) - started))"
}

realtime_sum() { # COUNTS-FILE
    awk -v min="$(kill -l RTMIN)" '$1 >= min { sum += $2 } END { print sum + 0 }' "$1"
}

standard_sum() { # COUNTS-FILE
    awk -v min="$(kill -l RTMIN)" '$1 < min { sum += $2 } END { print sum + 0 }' "$1"
}

TEST "signal storm: $SOAK_STORM_RUNS storms of $SOAK_STORM_SIGNALS signals, then SIGTERM: 143 each time"
# Odd runs send from the host, even runs from inside the PID namespace (to PID 1 there).
# Every real-time signal is queued (kill's are never refused for the queue limit, sigqueue's
# are retried), so the child must get each one exactly once; a standard signal pending twice
# is delivered once, so each kind must arrive at least once. SIGCHLD is sent too: PID 1 takes
# it as a reason to reap, never forwards it.
# Not required to arrive: INT (never sent), CHLD (never forwarded), and CONT and the stop
# signals, since the kernel discards a pending SIGCONT when a stop signal is sent and pending
# stop signals when a SIGCONT is (at PID 1 and again at the child).
not_required="$(kill -l INT) $(kill -l CHLD) $(kill -l CONT) $(kill -l TSTP) $(kill -l TTIN) $(kill -l TTOU)"
codes_143=0
for run in $(seq "$SOAK_STORM_RUNS"); do
    rm -f "$WORK/ready" "$WORK/counts"
    start_pid1 "$WORK/storm-$run" "$SOAK_HELPER" sink "$WORK/ready" "$WORK/counts"
    wait_for_file "$WORK/ready" 10 || fail "run $run: the child did not start"
    child=$(pgrep -P "$INIT_PID")
    wait_for_idle "$INIT_PID"
    WATCHED=("distcc-init:$INIT_PID")
    snapshot "$WORK/before"
    if [ $((run % 2)) = 1 ]; then
        from=host
        timeout 300 "$SOAK_HELPER" storm "$INIT_PID" "$SOAK_STORM_SIGNALS" 240 >"$WORK/storm.out"
    else
        from=namespace
        timeout 300 nsenter --target "$INIT_PID" --pid -- \
            "$SOAK_HELPER" storm 1 "$SOAK_STORM_SIGNALS" 240 >"$WORK/storm.out"
    fi
    storm=$(cat "$WORK/storm.out")
    drained=$(wait_for_drain "$child") || fail "run $run: signals still pending after 60 s"
    snapshot "$WORK/after"
    started=$(now_ms)
    kill -s TERM "$INIT_PID"
    wait_pid1
    stop_ms=$(($(now_ms) - started))
    [ "$PID1_CODE" = 143 ] && codes_143=$((codes_143 + 1))
    expect_equal "$PID1_CODE" 143 "run $run: exit code after the storm and SIGTERM"
    sent=$(grep -o "sent=[0-9]*" <<<"$storm" | cut -d= -f2)
    realtime_sent=$(grep -o "realtime=[0-9]*" <<<"$storm" | cut -d= -f2)
    expect_equal "$sent" "$SOAK_STORM_SIGNALS" "run $run: signals sent"
    realtime_got=$(realtime_sum "$WORK/counts")
    missing=$(awk -v skip=" $not_required " \
        'index(skip, " " $1 " ") == 0 && $2 == 0 { printf "%s ", $1 }' "$WORK/counts")
    expect_equal "$realtime_got" "$realtime_sent" "run $run: real-time signals the child got"
    expect_equal "$missing" "" "run $run: signal kinds that never reached the child"
    expect_equal "$(awk -v chld="$(kill -l CHLD)" '$1 == chld { print $2 }' "$WORK/counts")" 0 \
        "run $run: SIGCHLDs forwarded"
    read -r _ _ fds rss anon <"$WORK/before"
    read -r _ _ fds2 rss2 anon2 <"$WORK/after"
    echo "    run $run (from the $from): $storm; drained ${drained} ms later;" \
        "child got $realtime_got real-time + $(standard_sum "$WORK/counts") standard;" \
        "PID 1 fds $fds -> $fds2, VmRSS $rss -> $rss2 kB, RssAnon $anon -> $anon2 kB;" \
        "SIGTERM -> exit $PID1_CODE in $stop_ms ms"
    expect_equal "$fds2" "$fds" "run $run: open fds of PID 1"
    expect_less_than "$anon2" $((anon + SOAK_ANON_SLACK_KB + 1)) "run $run: RssAnon of PID 1 after (kB)"
    expect_file_lacks "$WORK/storm-$run.err" "\[(error|critical)\]|supervision goes on"
done
echo "    exit code 143 in $codes_143 of $SOAK_STORM_RUNS runs"

finish
