#!/bin/bash
# Soak: SOAK_GARBAGE_SESSIONS `ssh worker distccd --inetd` sessions that send random bytes,
# half-close at once, stop reading, or disconnect mid-stream: every relay ends, the loopback
# distccd stays up and still compiles, and nothing is left in the worker.
source "$(dirname "$0")/../integration/lib.sh" "$@"
source "$(dirname "$0")/soak_lib.sh"
require_root
require_command distcc distccd gcc unshare nsenter ss ssh ssh-keygen python3 timeout
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"

# The kinds of session, by index modulo their count. "self" kinds must end by themselves
# within SESSION_LIMIT seconds (a relay that outlives them is a failure); "kill" kinds are
# killed by us after 1-300 ms, client and ssh at once (timeout 0 would mean no limit).
kinds=(random-then-eof eof-at-once megabyte-then-eof random-then-idle stops-reading
    header-then-killed random-stream-killed header-then-connection-killed)
SESSION_LIMIT=10
DIRECT_SSH="$WORK/ssh_direct"
SHARED_SSH="$WORK/ssh_shared"

# Feeds a session: KIND's bytes (SIZE random ones where it sends some) on stdout, then keeps
# stdout open for up to 30 s where the kind says so (killed once the session is over).
feed() { # KIND SIZE
    case "$1" in
    random-then-eof) head -c "$2" /dev/urandom ;;
    eof-at-once) ;;
    megabyte-then-eof) head -c 1048576 /dev/urandom ;;
    random-then-idle | stops-reading) head -c "$2" /dev/urandom; exec sleep 30 ;;
    header-then-killed | header-then-connection-killed)
        printf 'DIST00000001ARGC00000005ARGV00000003gcc'; exec sleep 30 ;;
    random-stream-killed)
        for _ in $(seq 30); do head -c 4096 /dev/urandom; sleep 0.05; done ;;
    esac
}

# One session of KIND with SIZE random bytes; a "kill" kind is killed after DELAY seconds.
# Appends "INDEX KIND RESULT MILLISECONDS" to $WORK/sessions.
run_session() { # INDEX KIND SIZE DELAY
    local index=$1 kind=$2 size=$3 ssh=$SHARED_SSH limit=$SESSION_LIMIT signal=TERM code=0
    local result started
    case "$kind" in
    *-killed)
        limit=$4
        signal=KILL
        ;;
    esac
    [ "$kind" = header-then-connection-killed ] && ssh=$DIRECT_SSH
    started=$(now_ms)
    if [ "$kind" = stops-reading ]; then
        timeout -s "$signal" "$limit" "$ssh" 127.0.0.1 distccd --inetd \
            < <(feed "$kind" "$size") 2>/dev/null | true
        code=${PIPESTATUS[0]}
    else
        timeout -s "$signal" "$limit" "$ssh" 127.0.0.1 distccd --inetd < <(feed "$kind" "$size") \
            >/dev/null 2>&1 || code=$?
    fi
    local elapsed=$(($(now_ms) - started))
    pkill -P "$BASHPID" -x sleep 2>/dev/null # this session's idle feeder, if any
    case "$kind:$code" in
    *-killed:137) result=killed ;;
    *-killed:*) result=ended-before-kill ;;
    *:124 | *:137) result=HUNG ;;
    *) result=ended ;;
    esac
    echo "$index $kind $result $elapsed" >>"$WORK/sessions"
}

run_sessions() { # COUNT
    local index slot pids=()
    : >"$WORK/sessions"
    for index in $(seq "$1"); do
        slot=$((index % SOAK_PARALLEL))
        [ -n "${pids[$slot]:-}" ] && wait "${pids[$slot]}"
        # At least 16 bytes: with less than a request header distccd waits for the rest (as
        # `distccd --inetd` does, up to its I/O timeout) and an idle client's session with it.
        (run_session "$index" "${kinds[$((index % ${#kinds[@]}))]}" $((16 + RANDOM * 2)) \
            "$(printf '0.%03d' $((1 + RANDOM % 300)))") 2>/dev/null &
        pids[slot]=$!
    done
    wait "${pids[@]}"
}

TEST "relay: $SOAK_GARBAGE_SESSIONS garbage, half-closed and broken sessions: all relays end, \
distccd still compiles"
worker_tmp="$WORK/worker-tmp"
make_tmpdir "$worker_tmp"
start_ssh_worker "$worker_tmp"
write_hello_source "$WORK"
DISTCC_SSH=$SHARED_SSH distcc_hello @127.0.0.1 "$WORK" >/dev/null ||
    fail "the first compile failed: $(cat "$WORK/distcc.log")"
WATCHED=("distcc-init:$INIT_PID" "sshd:$(child_named "$INIT_PID" sshd)"
    "distccd:$(child_named "$INIT_PID" distccd)")
run_sessions "${#kinds[@]}" # warm-up: each kind once
shape=$(wait_for_quiet)
snapshot "$WORK/before"
zombies_before=$(zombie_parents | wc -l)
rejected_before=$(grep -c "REJ_BAD_REQ" "$WORK/ssh.err")
started=$(now_ms)
run_sessions "$SOAK_GARBAGE_SESSIONS"
elapsed=$(($(now_ms) - started))
settle=$(wait_for_shape "$shape" 30) ||
    fail "the worker did not get back to its processes: [$(process_shape)]," \
        "relays $(relay_count); before [$shape]"
snapshot "$WORK/after"
echo "    $SOAK_GARBAGE_SESSIONS sessions in $elapsed ms, $SOAK_PARALLEL at a time; distccd rejected" \
    "$(($(grep -c "REJ_BAD_REQ" "$WORK/ssh.err") - rejected_before)) as bad requests"
awk '{ key = $2 " " $3; n[key]++; ms[key] += $4; if ($4 > max[key]) max[key] = $4 }
    END { for (k in n) printf "      %-44s %5d sessions, %6.0f ms on average, %6d ms at most\n",
        k, n[k], ms[k] / n[k], max[k] }' \
    "$WORK/sessions" | sort
echo "    back to its processes ${settle:-never} ms after the last session: $shape"
compare_snapshots "$WORK/before" "$WORK/after"
echo "    worker TMPDIR: $(tmpdir_entries "$worker_tmp") entries;" \
    "zombies $zombies_before -> $(zombie_parents | wc -l)"
expect_equal "$(wc -l <"$WORK/sessions")" "$SOAK_GARBAGE_SESSIONS" "sessions run"
expect_equal "$(grep -c " HUNG " "$WORK/sessions")" 0 "sessions still open after $SESSION_LIMIT s"
expect_equal "$(tmpdir_entries "$worker_tmp")" 0 "entries in the worker's TMPDIR"
expect_equal "$(zombie_parents | wc -l)" "$zombies_before" "zombies in the worker"
rm -f "$WORK/hello.o"
actual=$(DISTCC_SSH=$SHARED_SSH distcc_hello @127.0.0.1 "$WORK") ||
    fail "compile after the sessions failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "hello from distcc, 42" "output of a program compiled afterwards (shared connection)"
rm -f "$WORK/hello.o"
actual=$(DISTCC_SSH=$DIRECT_SSH distcc_hello @127.0.0.1 "$WORK") ||
    fail "compile after the sessions failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "hello from distcc, 42" "output of a program compiled afterwards (new connection)"
ssh -F "$WORK/ssh_config_shared" -O exit 127.0.0.1 2>/dev/null
stop_worker
expect_equal "$PID1_CODE" 143 "exit code of the worker after SIGTERM"

finish
