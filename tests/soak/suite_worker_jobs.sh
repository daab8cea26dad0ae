#!/bin/bash
# Soak: SOAK_TCP_JOBS compiles through the tcp worker and SOAK_SSH_JOBS through the ssh worker
# (distcc over SSH, multiplexed, to the relay), SOAK_PARALLEL at a time, some clients killed
# mid-compile; afterwards the worker holds no extra process, fd or temp file and its memory
# did not grow. Two things distccd 3.4 itself leaves per client killed mid-compile are counted
# apart and bounded by the number of such clients: a zombie compiler (zombie_parents) and,
# sometimes, a gcc temporary file (compiler_leftovers).
source "$(dirname "$0")/../integration/lib.sh" "$@"
source "$(dirname "$0")/soak_lib.sh"
require_root
require_command distcc distccd gcc unshare nsenter ss ssh ssh-keygen python3 timeout
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"

mkdir -p "$WORK/client-tmp"
export TMPDIR="$WORK/client-tmp" # the clients' own temp files, apart from the worker's

# One compile, in SLOT's directory: KIND ok (hello.c), error (a source that does not
# compile) or kill (hello.c, the client and its ssh killed after DELAY seconds). Appends
# "INDEX KIND RESULT" to $WORK/outcomes.
run_job() { # INDEX SLOT HOSTS KIND [DELAY]
    local index=$1 slot=$2 hosts=$3 kind=$4 delay=${5:-} source=hello.c code=0 result
    [ "$kind" = error ] && source=broken.c
    rm -f "$slot/out.o"
    (cd "$slot" && DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
        DISTCC_DIR="$slot/state" DISTCC_IO_TIMEOUT=60 \
        timeout -s KILL "${delay:-120}" distcc gcc -c "$source" -o out.o) >"$slot/log" 2>&1 ||
        code=$?
    case "$kind:$code" in
    ok:0) cmp -s "$slot/out.o" "$WORK/reference.o" && result=ok || result=FAILED-wrong-object ;;
    error:1) grep -q "broken.c:.*error" "$slot/log" && result=compile-error || result=FAILED-no-error ;;
    kill:137) result=killed ;;
    kill:0) result=finished-before-kill ;;
    *) result=FAILED-exit-$code ;;
    esac
    [ "${result#FAILED}" != "$result" ] && cp "$slot/log" "$WORK/failed-$index.log"
    echo "$index $kind $result" >>"$WORK/outcomes"
}

prepare_slots() {
    local slot
    for slot in $(seq "$SOAK_PARALLEL"); do
        mkdir -p "$WORK/slot-$slot/state"
        write_hello_source "$WORK/slot-$slot"
        printf 'int broken(void) { return 1 +; }\n' >"$WORK/slot-$slot/broken.c"
    done
}

# Runs COUNT jobs against HOSTS, SOAK_PARALLEL at a time: about 10 % killed after 1-150 ms,
# 5 % that do not compile, the rest must give the reference object. Every DIRECT_EVERY-th
# job uses DIRECT_SSH (a new SSH connection) as DISTCC_SSH instead of the shared one.
run_jobs() { # COUNT HOSTS [DIRECT_EVERY DIRECT_SSH]
    local count=$1 hosts=$2 direct_every=${3:-0} direct_ssh=${4:-} index slot draw kind delay
    local pids=() job
    : >"$WORK/outcomes"
    for index in $(seq "$count"); do
        slot=$((index % SOAK_PARALLEL))
        [ -n "${pids[$slot]:-}" ] && wait "${pids[$slot]}"
        draw=$((RANDOM % 100))
        kind=ok
        delay=
        if [ $draw -lt 10 ]; then
            kind="kill"
            delay=$(printf "0.%03d" $((1 + RANDOM % 150)))
        elif [ $draw -lt 15 ]; then
            kind=error
        fi
        job=("$index" "$WORK/slot-$((slot + 1))" "$hosts" "$kind" ${delay:+"$delay"})
        if [ "$direct_every" -gt 0 ] && [ $((index % direct_every)) = 0 ]; then
            DISTCC_SSH=$direct_ssh run_job "${job[@]}" 2>/dev/null &
        else
            run_job "${job[@]}" 2>/dev/null &
        fi
        pids[slot]=$!
    done
    wait "${pids[@]}" # not a bare wait: the worker is a background job too
}

outcome_summary() {
    awk '{ n[$3]++ } END { for (r in n) printf "%s %d, ", r, n[r] }' "$WORK/outcomes" | sed 's/, $//'
}

# The whole check for one worker: warm-up, figures, COUNT jobs, figures again.
soak_worker() { # NAME COUNT HOSTS [DIRECT_EVERY DIRECT_SSH]
    local name=$1 count=$2 hosts=$3 shape settle started elapsed
    # Warm-up: the reference object, then a few jobs so that every path has run once.
    (cd "$WORK/slot-1" && DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_DIR="$WORK/slot-1/state" \
        timeout 60 distcc gcc -c hello.c -o "$WORK/reference.o") >"$WORK/warm-up.log" 2>&1 ||
        fail "$name: the first compile failed: $(cat "$WORK/warm-up.log")"
    run_jobs $((SOAK_PARALLEL * 4)) "$hosts" "${4:-0}" "${5:-}"
    shape=$(wait_for_quiet)
    snapshot "$WORK/$name.before"
    local tmp_before zombies_before leftovers_before
    leftovers_before=$(compiler_leftovers "$worker_tmp")
    tmp_before=$(($(tmpdir_entries "$worker_tmp") - leftovers_before))
    zombies_before=$(zombie_parents | wc -l)
    started=$(now_ms)
    run_jobs "$count" "$hosts" "${4:-0}" "${5:-}"
    elapsed=$(($(now_ms) - started))
    settle=$(wait_for_shape "$shape" 30) ||
        fail "$name: the worker did not get back to its processes: [$(process_shape)]," \
            "relays $(relay_count); before [$shape]"
    snapshot "$WORK/$name.after"
    echo "    $count jobs in $elapsed ms ($((elapsed / count)) ms each, $SOAK_PARALLEL at a time):" \
        "$(outcome_summary)"
    echo "    back to its processes ${settle:-never} ms after the last job: $shape"
    compare_snapshots "$WORK/$name.before" "$WORK/$name.after"
    local tmp_after leftovers
    leftovers=$(compiler_leftovers "$worker_tmp")
    tmp_after=$(($(tmpdir_entries "$worker_tmp") - leftovers))
    echo "    worker TMPDIR: $tmp_before entries before; after: $tmp_after, and $leftovers gcc" \
        "temporary files of compiles killed with their client ($leftovers_before before)"
    local zombies killed
    zombies=$(zombie_parents | wc -l)
    killed=$(grep -c " killed$" "$WORK/outcomes")
    echo "    zombie compilers held by distccd's preforked children: $zombies_before before," \
        "$zombies after ($killed clients killed)"
    expect_less_than "$zombies" $((zombies_before + killed + 1)) \
        "$name: zombies (at most one per killed client)"
    expect_equal "$(grep -c FAILED "$WORK/outcomes")" 0 "$name: jobs that failed (see failed-*.log)"
    [ "$(grep -c FAILED "$WORK/outcomes")" = 0 ] || grep FAILED "$WORK/outcomes" | head -5
    expect_equal "$(wc -l <"$WORK/outcomes")" "$count" "$name: jobs run"
    expect_equal "$tmp_after" "$tmp_before" "$name: entries in the worker's TMPDIR (gcc's apart)"
    [ "$tmp_after" = "$tmp_before" ] || find "$worker_tmp" -mindepth 1 | head -5
    expect_less_than "$leftovers" $((leftovers_before + killed + 1)) \
        "$name: gcc temporary files (at most one per killed client)"
}

prepare_slots

TEST "tcp worker: $SOAK_TCP_JOBS jobs, some clients killed: no process, fd, temp file or memory left"
worker_tmp="$WORK/worker-tmp-tcp"
make_tmpdir "$worker_tmp"
port=$(free_port)
TMPDIR=$worker_tmp start_worker "$WORK/tcp" tcp --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port" || fail "distccd does not listen on $port: $(cat "$WORK/tcp.err")"
WATCHED=("distcc-init:$INIT_PID" "distccd:$(child_named "$INIT_PID" distccd)")
soak_worker tcp "$SOAK_TCP_JOBS" "127.0.0.1:$port"
stop_worker
expect_equal "$PID1_CODE" 143 "exit code of the tcp worker after SIGTERM"

TEST "ssh worker: $SOAK_SSH_JOBS jobs over SSH, some clients killed: no process, fd, temp file or memory left"
worker_tmp="$WORK/worker-tmp-ssh"
make_tmpdir "$worker_tmp"
start_ssh_worker "$worker_tmp"
WATCHED=("distcc-init:$INIT_PID" "sshd:$(child_named "$INIT_PID" sshd)"
    "distccd:$(child_named "$INIT_PID" distccd)")
# One job in 20 opens its own SSH connection: its relay outlives the connection's sshd when
# the client is killed, and is then PID 1's to reap.
DISTCC_SSH="$WORK/ssh_shared" soak_worker ssh "$SOAK_SSH_JOBS" @127.0.0.1 20 "$WORK/ssh_direct"
ssh -F "$WORK/ssh_config_shared" -O exit 127.0.0.1 2>/dev/null
stop_worker
expect_equal "$PID1_CODE" 143 "exit code of the ssh worker after SIGTERM"

finish
