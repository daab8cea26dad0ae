# Worker benchmarks for bench/run: the real distccd, sshd, ssh client and distcc client on
# loopback; workers run by distcc-init as PID 1 (private /etc, /home and /run), or distccd
# started directly for comparison.

# Per-job milliseconds of N sequential compiles of hello.c with COMPILER (e.g. "distcc gcc").
time_jobs() { # N COMPILER...
    local count=$1 start
    shift
    for i in $(seq "$count"); do
        start=$(now_ns)
        "$@" -c "$WORK/hello.c" -o "$WORK/hello-$i.o" 2>>"$WORK/jobs.err" || echo "failed" >>"$WORK/failures"
        echo "scale=3; ($(now_ns) - $start) / 1000000" | bc
    done
}

# Runs one per-job measurement and records it (and what fraction really ran remotely).
measure_per_job() { # NAME HOSTS [DISTCC_SSH [JOBS]]
    rm -f "$WORK/samples-$1" "$WORK/failures-$1"
    run_job_batch "$1" "$2" "${3:-}" "${4:-$jobs}"
    record_per_job "$1" "${4:-$jobs}"
}

# The modes compared most closely (TCP against the tunnels and SSH sessions) run interleaved:
# rounds of a few jobs of each mode in turn, the first mode rotating, so a drift of the
# machine's speed falls on all of them alike. Each argument is NAME|HOSTS|DISTCC_SSH.
# $jobs is a multiple of the batch (10 quick, 200 full), so every mode runs $jobs jobs.
measure_per_job_interleaved() { # NAME|HOSTS|DISTCC_SSH...
    local spec
    for spec in "$@"; do rm -f "$WORK/samples-${spec%%|*}" "$WORK/failures-${spec%%|*}"; done
    interleave $((jobs / 10)) run_job_batch_of : "$@"
    for spec in "$@"; do record_per_job "${spec%%|*}" "$jobs"; done
}

run_job_batch_of() { # NAME|HOSTS|DISTCC_SSH
    local name hosts wrapper
    IFS='|' read -r name hosts wrapper <<<"$1"
    run_job_batch "$name" "$hosts" "$wrapper" 10
}

# Appends the per-job milliseconds of N jobs of one mode to its samples.
run_job_batch() { # NAME HOSTS DISTCC_SSH N
    local name=$1
    mkdir -p "$WORK/distcc-$name"
    if [ "$name" = local ]; then
        time_jobs "$4" gcc >>"$WORK/samples-$name"
    else
        DISTCC_HOSTS="$2" DISTCC_SSH="$3" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
            DISTCC_DIR="$WORK/distcc-$name" time_jobs "$4" distcc gcc >>"$WORK/samples-$name"
    fi
    [ -e "$WORK/failures" ] && cat "$WORK/failures" >>"$WORK/failures-$name"
    rm -f "$WORK/failures"
}

record_per_job() { # NAME JOBS
    local name=$1 count=$2 failed=0
    read -r median low high < <(summarize <"$WORK/samples-$name")
    record per_job "$name" "$median" "$low" "$high" ms
    record per_job_count "$name" "$count" "" "" jobs
    [ -e "$WORK/failures-$name" ] && failed=$(wc -l <"$WORK/failures-$name")
    record remote_fraction "$name" "$(echo "scale=3; ($count - $failed) / $count" | bc)" "" "" ratio
    echo "   $name: median $median ms per job"
}

run_worker_benchmarks() {
    echo "== worker benchmarks ($jobs hello-world jobs per mode)"
    write_hello_source "$WORK"
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/bench-key"
    local tcp_port direct_port ssh_port inetd_port relay_port tunnel_port tunnel_daemon_port
    tcp_port=$(free_port); direct_port=$(free_port); ssh_port=$(free_port)
    inetd_port=$(free_port); relay_port=$(free_port); tunnel_port=$(free_port)
    tunnel_daemon_port=$(free_port)
    local inetd_daemon_port
    inetd_daemon_port=$(free_port)
    local daemon_args=(--listen 127.0.0.1 --allow 127.0.0.1 --jobs 4)

    start_worker "$WORK/tcp" tcp --mode tcp -- --port "$tcp_port" "${daemon_args[@]}"
    local tcp_pid=$UNSHARE_PID tcp_init=$INIT_PID
    distccd --daemon --no-detach --log-level notice --log-stderr --port "$direct_port" \
        "${daemon_args[@]}" 2>"$WORK/direct.err" &
    local direct_pid=$!
    AUTHORIZED_KEYS="$(cat "$WORK/bench-key.pub")" SSH_HOST_KEYS_DIR="$WORK/host-keys" \
        DISTCC_SSH_DAEMON_PORT="$relay_port" start_worker "$WORK/ssh" ssh --mode ssh -- \
        -p "$ssh_port" -o ListenAddress=127.0.0.1
    local ssh_pid=$UNSHARE_PID ssh_init=$INIT_PID
    # "Before": the same worker with sshd's ForceCommand turned off, so the client's
    # `distccd --inetd` runs as upstream's images run it, and forwarding allowed, as a user
    # who tunnels by hand would set it (sshd keeps the first value: the arguments' ones).
    # Its own host keys: two workers generating into one directory at once would race.
    AUTHORIZED_KEYS="$(cat "$WORK/bench-key.pub")" SSH_HOST_KEYS_DIR="$WORK/inetd-host-keys" \
        DISTCC_SSH_DAEMON_PORT="$inetd_daemon_port" start_worker "$WORK/inetd" inetd --mode ssh -- \
        -p "$inetd_port" -o ListenAddress=127.0.0.1 -o ForceCommand=none \
        -o AllowTcpForwarding=local
    local inetd_pid=$UNSHARE_PID inetd_init=$INIT_PID
    # Tunnel mode: distcc-init accepts the SSH connections (TCP_NODELAY), sshd -i each.
    AUTHORIZED_KEYS="$(cat "$WORK/bench-key.pub")" SSH_HOST_KEYS_DIR="$WORK/tunnel-host-keys" \
        DISTCC_SSH_DAEMON_PORT="$tunnel_daemon_port" DISTCC_SSH_TUNNEL=1 \
        start_worker "$WORK/tunnel" tunnel --mode ssh -- -p "$tunnel_port" -o ListenAddress=127.0.0.1
    local tunnel_pid=$UNSHARE_PID tunnel_init=$INIT_PID
    for port in "$tcp_port" "$direct_port" "$ssh_port" "$inetd_port" "$tunnel_port"; do
        wait_for_port "$port" 20
    done

    write_ssh_client relay "$ssh_port" distcc-ssh "$WORK/bench-key" /dev/null no 0
    write_ssh_client relay-mux "$ssh_port" distcc-ssh "$WORK/bench-key" /dev/null no 1
    write_ssh_client inetd "$inetd_port" distcc-ssh "$WORK/bench-key" /dev/null no 0
    write_ssh_client inetd-mux "$inetd_port" distcc-ssh "$WORK/bench-key" /dev/null no 1
    write_ssh_client front-mux "$tunnel_port" distcc-ssh "$WORK/bench-key" /dev/null no 1
    write_ssh_client tunnel "$tunnel_port" distcc-ssh "$WORK/bench-key" /dev/null no 0
    # Persistent tunnels to each worker's loopback distccd, as docs/ssh.md's recipe sets up:
    # tunnel mode, and plain sshd forwarding (Nagle's algorithm on at the worker's side).
    local tunnel_local nagle_local
    tunnel_local=$(free_port); nagle_local=$(free_port)
    "$WORK/ssh_tunnel" -N -L "127.0.0.1:$tunnel_local:127.0.0.1:$tunnel_daemon_port" 127.0.0.1 &
    local tunnel_client=$!
    "$WORK/ssh_inetd" -N -L "127.0.0.1:$nagle_local:127.0.0.1:$inetd_daemon_port" 127.0.0.1 &
    local nagle_client=$!
    wait_for_port "$tunnel_local" 20
    wait_for_port "$nagle_local" 20

    # What the tunnel's two SSH processes cost in CPU: on this machine they share the two
    # cores with the client, distccd and the compiler. Only tunnel jobs use them.
    local client_cpu sshd_cpu
    client_cpu=$(tree_cpu_ms "$tunnel_client" ssh)
    sshd_cpu=$(tree_cpu_ms "$tunnel_pid" sshd)
    measure_per_job_interleaved "local||" "tcp-distcc-init|127.0.0.1:$tcp_port|" \
        "tcp-direct-distccd|127.0.0.1:$direct_port|" "ssh-tunnel|127.0.0.1:$tunnel_local|" \
        "ssh-tunnel-nagle|127.0.0.1:$nagle_local|" "ssh-relay-mux|@127.0.0.1|$WORK/ssh_relay-mux"
    record_cpu_per_job tunnel-client-cpu "$client_cpu" "$(tree_cpu_ms "$tunnel_client" ssh)"
    record_cpu_per_job tunnel-sshd-cpu "$sshd_cpu" "$(tree_cpu_ms "$tunnel_pid" sshd)"
    measure_per_job ssh-relay-mux-front "@127.0.0.1" "$WORK/ssh_front-mux"
    measure_per_job ssh-relay "@127.0.0.1" "$WORK/ssh_relay"
    # About a second per job, every job alike: a quarter of the jobs keeps the run short.
    measure_per_job ssh-inetd "@127.0.0.1" "$WORK/ssh_inetd" $(((jobs + 3) / 4))
    measure_per_job ssh-inetd-mux "@127.0.0.1" "$WORK/ssh_inetd-mux" $(((jobs + 3) / 4))
    awk -F, '$1 == "per_job" {print $2, $3, $4, $5}' "$csv" >"$results/per-job.dat"

    measure_ssh_breakdown "$relay_port"

    if [ $quick = 0 ]; then
        run_libiberty_benchmarks "$tcp_port" "$direct_port" "$tunnel_local" "$nagle_local"
    fi

    kill -TERM "$tunnel_client" "$nagle_client"
    for init in $tcp_init $ssh_init $inetd_init $tunnel_init; do kill -TERM "$init"; done
    kill -TERM "$direct_pid"
    wait "$tcp_pid" "$ssh_pid" "$inetd_pid" "$tunnel_pid" "$direct_pid" "$tunnel_client" \
        "$nagle_client" 2>/dev/null || true
}

# CPU milliseconds (user and system) used so far by ROOT and its descendants named COMM.
tree_cpu_ms() { # ROOT-PID COMM
    local queue=("$1") pid child
    while [ ${#queue[@]} -gt 0 ]; do
        pid=${queue[0]}
        queue=("${queue[@]:1}")
        for child in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do queue+=("$child"); done
        # Fields 14 and 15 of stat, counted after the ") " that ends the process name.
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] &&
            sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}'
    done | awk -v hz="$(getconf CLK_TCK)" '{ticks += $1} END {print ticks * 1000 / hz}'
}

record_cpu_per_job() { # SUBJECT CPU-MS-BEFORE CPU-MS-AFTER
    local per_job
    per_job=$(echo "scale=3; ($3 - $2) / $jobs" | bc)
    record ssh_breakdown "$1" "$per_job" "" "" ms
    echo "   $1: $per_job ms of CPU per job"
}

# Runs COMMAND under hyperfine and records its median, min and max in milliseconds.
record_hyperfine() { # BENCHMARK SUBJECT RUNS 'COMMAND LINE' (hyperfine splits it like a shell)
    local benchmark=$1 subject=$2 runs=$3 command=$4
    hyperfine -N -w 5 -r "$runs" --export-json "$WORK/hyperfine.json" "$command" >/dev/null 2>&1 ||
        { echo "   $subject: failed: $command"; return 0; }
    read -r median low high < <(python3 -c '
import json, statistics, sys
times = json.load(open(sys.argv[1]))["results"][0]["times"]
print(*(f"{t * 1000:.3f}" for t in (statistics.median(times), min(times), max(times))))
' "$WORK/hyperfine.json")
    record "$benchmark" "$subject" "$median" "$low" "$high" ms
    echo "   $subject: median $median ms"
}

# Where an SSH job's time goes: the ssh client's start, a multiplexed session that reaches
# the loopback distccd and ends (the session, the relay and distccd's accept), the relay alone,
# as sshd starts it and as a login shell used to, and the floors under the relay: a static
# program that does nothing (starting any process here) and one that connects to the same
# distccd and waits for it to hang up (that plus distccd's part).
measure_ssh_breakdown() { # RELAY-DAEMON-PORT
    echo "== SSH job breakdown"
    local relay=$work/build/app/distcc-relay runs=$((jobs < 50 ? jobs : 200))
    record_hyperfine ssh_breakdown client-start "$runs" "ssh -V"
    record_hyperfine ssh_breakdown mux-session-to-distccd "$runs" \
        "$WORK/ssh_relay-mux 127.0.0.1 distccd --inetd"
    SSH_ORIGINAL_COMMAND="distccd --inetd" record_hyperfine ssh_breakdown relay "$runs" \
        "$relay -c '$relay --port $1'"
    record_hyperfine ssh_breakdown process-start "$runs" "$work/relay-floor"
    record_hyperfine ssh_breakdown connect-and-wait "$runs" "$work/relay-floor $1"
    SSH_ORIGINAL_COMMAND="distccd --inetd" record_hyperfine ssh_breakdown relay-through-bash \
        "$runs" "bash -c '$relay --port $1'"
}

# A real code base: libiberty from Debian's binutils-source, configured once.
prepare_libiberty() {
    local source_dir=$work/libiberty-src
    if [ ! -d "$source_dir" ]; then
        mkdir -p "$source_dir"
        tar -C "$source_dir" --strip-components=1 -xf /usr/src/binutils/binutils-*.tar.*
    fi
    if [ ! -f "$work/libiberty-build/Makefile" ]; then
        mkdir -p "$work/libiberty-build"
        (cd "$work/libiberty-build" && "$source_dir/libiberty/configure" CC=gcc >/dev/null)
    fi
}

# Seconds for a clean libiberty build with CC and make -jJOBS.
time_libiberty() { # JOBS CC...
    local parallel=$1 start
    shift
    make -C "$work/libiberty-build" clean >/dev/null
    start=$(now_ns)
    make -C "$work/libiberty-build" -j"$parallel" CC="$*" >/dev/null 2>"$WORK/libiberty.err" ||
        echo failed >>"$WORK/failures"
    echo "scale=2; ($(now_ns) - $start) / 1000000000" | bc
}

measure_libiberty() { # NAME JOBS HOSTS DISTCC_SSH CC...
    measure_libiberty_interleaved "$1|$2|$3|$4|${*:5}"
}

# $libiberty_rounds clean builds of each mode, in rounds (each round builds every mode in turn,
# the first rotating), so a drift of the machine falls on all alike. Each argument is
# NAME|JOBS|HOSTS|DISTCC_SSH|CC (CC split on spaces).
measure_libiberty_interleaved() { # NAME|JOBS|HOSTS|DISTCC_SSH|CC...
    local spec name
    for spec in "$@"; do rm -f "$WORK/lib-samples-${spec%%|*}" "$WORK/lib-failures-${spec%%|*}"; done
    interleave "$libiberty_rounds" build_libiberty_of : "$@"
    for spec in "$@"; do
        name=${spec%%|*}
        read -r median low high < <(summarize <"$WORK/lib-samples-$name")
        record libiberty "$name" "$median" "$low" "$high" s
        [ -e "$WORK/lib-failures-$name" ] &&
            record libiberty_failed_builds "$name" "$(wc -l <"$WORK/lib-failures-$name")" "" "" count
        echo "   libiberty $name: median $median s"
    done
}

# One clean build of one mode, appended to its samples.
build_libiberty_of() { # NAME|JOBS|HOSTS|DISTCC_SSH|CC
    local name parallel hosts wrapper compiler
    IFS='|' read -r name parallel hosts wrapper compiler <<<"$1"
    mkdir -p "$WORK/distcc-lib-$name"
    # shellcheck disable=SC2086 # the compiler is words: "distcc gcc"
    DISTCC_HOSTS="$hosts" DISTCC_SSH="$wrapper" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
        DISTCC_DIR="$WORK/distcc-lib-$name" time_libiberty "$parallel" $compiler \
        >>"$WORK/lib-samples-$name"
    [ -e "$WORK/failures" ] && cat "$WORK/failures" >>"$WORK/lib-failures-$name"
    rm -f "$WORK/failures"
}

# Hits among the cache's lookups since its statistics were zeroed.
ccache_hit_fraction() { # CCACHE_DIR
    CCACHE_DIR=$1 ccache --print-stats | awk '
        $1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { hits += $2 }
        $1 == "cache_miss" { misses += $2 }
        END { printf "%.3f\n", (hits + misses > 0) ? hits / (hits + misses) : 0 }'
}

run_libiberty_benchmarks() { # TCP-PORT DIRECT-PORT TUNNEL-PORT NAGLE-TUNNEL-PORT
    echo "== libiberty (binutils-source), clean builds, medians of $libiberty_rounds"
    prepare_libiberty
    measure_libiberty_interleaved "local|2|||gcc" "tcp-distcc-init|4|127.0.0.1:$1/4||distcc gcc" \
        "tcp-direct-distccd|4|127.0.0.1:$2/4||distcc gcc" \
        "ssh-relay-mux|4|@127.0.0.1/4|$WORK/ssh_relay-mux|distcc gcc" \
        "ssh-tunnel|4|127.0.0.1:$3/4||distcc gcc" "ssh-tunnel-nagle|4|127.0.0.1:$4/4||distcc gcc"
    measure_libiberty ssh-relay 4 "@127.0.0.1/4" "$WORK/ssh_relay" distcc gcc
    measure_libiberty ssh-inetd-mux 4 "@127.0.0.1/4" "$WORK/ssh_inetd-mux" distcc gcc
    # ccache on the worker, with the images' settings: a fresh cache (cold), then every object
    # a hit (warm).
    local ccache_port
    ccache_port=$(free_port)
    DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/bench-ccache" \
        CCACHE_CONFIGPATH="$repo/docker/ccache.conf" start_worker "$WORK/ccache" ccache \
        --mode tcp -- --port "$ccache_port" --listen 127.0.0.1 --allow 127.0.0.1 --jobs 4
    local ccache_init=$INIT_PID ccache_pid=$UNSHARE_PID
    wait_for_port "$ccache_port" 20
    local cold
    rm -f "$WORK/failures"
    mkdir -p "$WORK/d-cold"
    cold=$(DISTCC_HOSTS="127.0.0.1:$ccache_port/4" DISTCC_FALLBACK=0 DISTCC_DIR="$WORK/d-cold" \
        time_libiberty 4 distcc gcc)
    record libiberty ccache-cold "$cold" "$cold" "$cold" s
    [ -e "$WORK/failures" ] && record libiberty_failed_builds ccache-cold 1 "" "" count
    echo "   libiberty ccache-cold: $cold s"
    # As the cache's owner (the worker's distcc user): ccache -z creates stats directories.
    local cache=$WORK/bench-ccache
    CCACHE_DIR=$cache setpriv --reuid="$(stat -c %u "$cache")" --regid="$(stat -c %g "$cache")" \
        --clear-groups ccache -z >/dev/null
    measure_libiberty ccache-warm 4 "127.0.0.1:$ccache_port/4" "" distcc gcc
    record ccache_warm_hit_fraction ccache-warm "$(ccache_hit_fraction "$WORK/bench-ccache")" "" "" ratio
    kill -TERM "$ccache_init"
    wait "$ccache_pid" 2>/dev/null || true
}
