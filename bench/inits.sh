# Init benchmarks for bench/run: each init as PID 1 of a new PID namespace.
# Each entry: NAME|COMMAND PREFIX (the child's argv follows).
init_commands() {
    echo "distcc-init|$distcc_init --"
    echo "tini-static|/usr/bin/tini-static --"
    echo "tini|/usr/bin/tini --"
    echo "dumb-init|/usr/bin/dumb-init"
    echo "catatonit|/usr/bin/catatonit --"
}

# Host PID of the init started under `unshare` (its child).
init_pid_under() { # UNSHARE-PID
    local pid
    for _ in $(seq 500); do
        pid=$(cat "/proc/$1/task/$1/children" 2>/dev/null | awk '{print $1}')
        [ -n "$pid" ] && { echo "$pid"; return; }
        sleep 0.01
    done
}

now_ns() { date +%s%N; }

# VmRSS and its anonymous (private) part of the init as PID 1, supervising a sleeping child.
# The page cache is dropped first, the same for every init: a binary's text pages count with
# the size of the page-cache folios they sit in, and a just-written file (a fresh link) sits in
# larger ones than a file read from disk.
measure_rss() { # PREFIX...
    sync
    echo 3 >/proc/sys/vm/drop_caches
    unshare --pid --fork --mount-proc "$@" sleep 30 2>/dev/null &
    local unshare_pid=$! init
    init=$(init_pid_under $unshare_pid)
    sleep 0.3
    awk '/^VmRSS/ {total = $2} /^RssAnon/ {anonymous = $2} END {print total, anonymous}' "/proc/$init/status"
    kill -KILL "$init"
    wait $unshare_pid 2>/dev/null || true
}

# Milliseconds from SIGTERM to the end of the init's PID namespace (unshare's exit); the child
# exits at once on TERM, and with LEFTOVERS > 0 it leaves that many processes behind.
measure_shutdown() { # LEFTOVERS PREFIX...
    local leftovers=$1 ready=$work/ready
    shift
    rm -f "$ready"
    unshare --pid --fork --mount-proc "$@" "$work/initbench" term-child "$leftovers" "$ready" 2>/dev/null &
    local unshare_pid=$! init start
    init=$(init_pid_under $unshare_pid)
    while [ ! -e "$ready" ]; do sleep 0.01; done
    sleep 0.1
    # An init that ignores the SIGTERM gets no figure (it is killed after 10 s).
    (sleep 10 && kill -KILL "$init" 2>/dev/null && touch "$work/shutdown-timeout") &
    local watchdog=$!
    start=$(now_ns)
    kill -TERM "$init"
    wait $unshare_pid 2>/dev/null || true
    local end
    end=$(now_ns)
    kill "$watchdog" 2>/dev/null
    wait "$watchdog" 2>/dev/null || true
    if [ -e "$work/shutdown-timeout" ]; then
        rm -f "$work/shutdown-timeout"
        return
    fi
    echo "scale=2; ($end - $start) / 1000000" | bc
}

run_init_benchmarks() {
    local name prefix
    echo "== init benchmarks ($reps repetitions)"
    local hyperfine_args=()
    while IFS='|' read -r name prefix; do
        # What ships: the binary stripped (the peers' Debian binaries are).
        strip -o "$work/stripped" "${prefix%% *}"
        record binary_size "$name" "$(stat -c %s "$work/stripped")" "" "" bytes
        local rss
        rss=$(for _ in $(seq $reps); do measure_rss $prefix; done)
        read -r median low high < <(awk '{print $1}' <<<"$rss" | summarize)
        record pid1_rss "$name" "$median" "$low" "$high" kB
        read -r median low high < <(awk '{print $2}' <<<"$rss" | summarize)
        record pid1_rss_anonymous "$name" "$median" "$low" "$high" kB
        read -r median low high < <(for _ in $(seq $reps); do
            timeout 60 "$work/initbench" roundtrip "$round_trips" $prefix 2>/dev/null | sed 's/via_us=\([0-9.]*\) direct_us=\([0-9.]*\)/\1 \2/' |
                awk '{printf "%.1f\n", $1 - $2}'; done | summarize)
        record forward_overhead "$name" "$median" "$low" "$high" us
        for count in "${orphan_counts[@]}"; do
            local runs
            runs=$(for _ in $(seq $reps); do timeout 120 unshare --pid --fork --mount-proc $prefix "$work/initbench" orphans "$count" 2>/dev/null; done)
            read -r median low high < <(sed 's/.*pid1_cpu_ms=//' <<<"$runs" | summarize)
            record "reap_cpu_$count" "$name" "$median" "$low" "$high" ms
            read -r median low high < <(sed 's/reap_ms=\([0-9.]*\).*/\1/' <<<"$runs" | summarize)
            record "reap_latency_$count" "$name" "$median" "$low" "$high" ms
        done
        for leftovers in 0 100; do
            read -r median low high < <(for _ in $(seq $reps); do measure_shutdown $leftovers $prefix; done | summarize)
            record "shutdown_$leftovers" "$name" "$median" "$low" "$high" ms
        done
        hyperfine_args+=(-n "$name" "$prefix /bin/true")
        echo "   $name done"
    done < <(init_commands)
    hyperfine -N --warmup 20 --runs $((reps * 40)) --export-json "$work/startup.json" \
        -n direct /bin/true "${hyperfine_args[@]}" --output=null >/dev/null 2>&1
    python3 - "$work/startup.json" >>"$csv" <<'PYTHON'
import json, sys, statistics
results = json.load(open(sys.argv[1]))["results"]
direct = statistics.median(next(r for r in results if r["command"] == "direct")["times"])
for r in results:
    if r["command"] == "direct":
        continue
    times = [(t - direct) * 1e6 for t in r["times"]]
    print(f"startup_overhead,{r['command']},{statistics.median(times):.0f},{min(times):.0f},{max(times):.0f},us")
PYTHON
}
