# Init benchmarks for bench/run: each init as PID 1 of a new PID namespace.
# Each entry: NAME|COMMAND PREFIX (the child's argv follows).
init_commands() {
    echo "distcc-init|$distcc_init --"
    echo "tini-static|/usr/bin/tini-static --"
    echo "tini|/usr/bin/tini --"
    echo "dumb-init|/usr/bin/dumb-init"
    echo "catatonit|/usr/bin/catatonit --"
}

# The same inits with the options a tini user gives (subreaper, process group, `-e 143` so that
# `docker stop` exits 0), or the nearest each has: they go through each init's option parser,
# as the images' `--mode tcp` goes through distcc-init's, where the bare form above skips it.
init_option_commands() {
    echo "distcc-init|$distcc_init -s -g -e 143 --"
    echo "tini-static|/usr/bin/tini-static -s -g -e 143 --"
    echo "tini|/usr/bin/tini -s -g -e 143 --"
    echo "dumb-init|/usr/bin/dumb-init --rewrite 15:15"
    echo "catatonit|/usr/bin/catatonit -g --"
}

# Every init runs with the environment a container gives its PID 1 (PATH, HOSTNAME, HOME), the
# same for all, not with the environment of whoever runs the benchmark: distcc-init copies
# its environment at start-up, and a login shell's dozens of variables would be measured too.
# A command, not a function: env execs what follows, so `$!` of `"${in_container_environment[@]}"
# unshare ... &` is unshare's PID, whose child is the init.
in_container_environment=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    HOSTNAME=bench-worker HOME=/root)

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
    "${in_container_environment[@]}" unshare --pid --fork --mount-proc "$@" sleep 30 2>/dev/null &
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
    "${in_container_environment[@]}" unshare --pid --fork --mount-proc "$@" \
        "$work/initbench" term-child "$leftovers" "$ready" 2>/dev/null &
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

# Appends one sample of METRIC for NAME; summarized once every repetition has run.
sample() { # METRIC NAME VALUE
    [ -n "$3" ] && echo "$3" >>"$work/samples/$1.$2"
}

# One repetition of every per-init measurement, for one init.
measure_init_once() { # NAME PREFIX...
    local name=$1 rss count runs leftovers
    shift
    rss=$(measure_rss "$@")
    sample pid1_rss "$name" "${rss% *}"
    sample pid1_rss_anonymous "$name" "${rss#* }"
    sample forward_overhead "$name" "$("${in_container_environment[@]}" timeout 60 "$work/initbench" roundtrip "$round_trips" "$@" 2>/dev/null |
        sed 's/via_us=\([0-9.]*\) direct_us=\([0-9.]*\)/\1 \2/' | awk '{printf "%.1f\n", $1 - $2}')"
    for count in "${orphan_counts[@]}"; do
        runs=$("${in_container_environment[@]}" timeout 120 unshare --pid --fork --mount-proc "$@" "$work/initbench" orphans "$count" 2>/dev/null)
        sample "reap_cpu_$count" "$name" "$(sed -n 's/.*pid1_cpu_ms=//p' <<<"$runs")"
        sample "reap_latency_$count" "$name" "$(sed -n 's/reap_ms=\([0-9.]*\).*/\1/p' <<<"$runs")"
    done
    for leftovers in 0 100; do
        sample "shutdown_$leftovers" "$name" "$(measure_shutdown "$leftovers" "$@")"
    done
}

# Start-up overhead of one repetition: hyperfine runs `INIT /bin/true` for every init and
# `/bin/true` alone; each init's times minus the median of /bin/true's, in microseconds, as
# samples of METRIC.
measure_startup_once() { # METRIC HYPERFINE-ARGS...
    local metric=$1
    shift
    "${in_container_environment[@]}" hyperfine -N --warmup 10 --runs 40 --export-json "$work/startup.json" -n direct /bin/true \
        "$@" --output=null >/dev/null 2>&1
    python3 - "$work/startup.json" "$work/samples" "$metric" <<'PYTHON'
import json, sys, statistics
results = json.load(open(sys.argv[1]))["results"]
direct = statistics.median(next(r for r in results if r["command"] == "direct")["times"])
for r in results:
    if r["command"] != "direct":
        with open(f"{sys.argv[2]}/{sys.argv[3]}.{r['command']}", "a") as samples:
            samples.writelines(f"{(t - direct) * 1e6:.0f}\n" for t in r["times"])
PYTHON
}

measure_init_of() { # NAME|PREFIX
    # shellcheck disable=SC2086 # the prefix is words: the init and its options
    measure_init_once "${1%%|*}" ${1#*|}
}

# The start-up overheads are measured for all inits at once, after each repetition.
end_init_repetition() { # REPETITION
    measure_startup_once startup_overhead "${startup_arguments[@]}"
    measure_startup_once startup_overhead_options "${startup_option_arguments[@]}"
    echo "   repetition $1 of $reps done"
}

# Repetitions are interleaved: each repetition measures every init in turn (round-robin,
# the starting init rotating), so a drift of the machine's speed falls on all inits alike.
run_init_benchmarks() {
    local name prefix
    echo "== init benchmarks ($reps repetitions, interleaved)"
    local specs=()
    startup_arguments=()
    while IFS='|' read -r name prefix; do
        specs+=("$name|$prefix")
        startup_arguments+=(-n "$name" "$prefix /bin/true")
        # What ships: the binary stripped (the peers' Debian binaries are).
        strip -o "$work/stripped" "${prefix%% *}"
        record binary_size "$name" "$(stat -c %s "$work/stripped")" "" "" bytes
    done < <(init_commands)
    startup_option_arguments=()
    while IFS='|' read -r name prefix; do
        startup_option_arguments+=(-n "$name" "$prefix /bin/true")
    done < <(init_option_commands)
    rm -rf "$work/samples"
    mkdir -p "$work/samples"
    interleave "$reps" measure_init_of end_init_repetition "${specs[@]}"
    local metric file spec
    for metric in pid1_rss pid1_rss_anonymous startup_overhead startup_overhead_options forward_overhead \
        $(for count in "${orphan_counts[@]}"; do echo "reap_cpu_$count reap_latency_$count"; done) \
        shutdown_0 shutdown_100; do
        for spec in "${specs[@]}"; do
            name=${spec%%|*}
            file=$work/samples/$metric.$name
            [ -s "$file" ] || continue
            read -r median low high < <(summarize <"$file")
            record "$metric" "$name" "$median" "$low" "$high" "$(metric_unit "$metric")"
        done
    done
}

metric_unit() { # METRIC
    case $1 in
    pid1_rss*) echo kB ;;
    startup_overhead* | forward_overhead) echo us ;;
    *) echo ms ;;
    esac
}
