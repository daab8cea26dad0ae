# Farm benchmark for bench/run: a farm of two nodes on this machine, each with a CPU of its own.
# The client node runs in a network namespace of its own pinned to CPU 0, the worker node in
# another pinned to CPU 1; a veth pair joins them, with addresses that exist only inside those
# two namespaces. Each node's processes are counted in a cpuacct cgroup of their own, so the
# client's CPU seconds include whatever it started (make, cpp, distcc, ssh, the include server,
# icecream's daemon). Bandwidth profiles shape both ends of the veth pair with tbf (this kernel
# has no netem, so no delay is added).
#
# Builds: libiberty (C) and this repository's own C++ units (compile_commands.json turned into
# a Makefile). Modes, in interleaved rounds: the client alone (one CPU), both CPUs locally (the
# limit), distcc to a tcp worker with the line `distcc-init hosts` prints (and with its ,lzo
# choice turned the other way), distcc through an SSH tunnel to a tunnel-mode worker, icecream,
# and pump mode (trixie's distcc-pump and gcc 14 on both sides, against the same client's plain
# distcc and local build with gcc 14).
#
# Developer knobs (environment): FARM_BUILDS ("libiberty cxx"; quick: "cxx"), FARM_PROFILES ("unshaped 1gbit
# 100mbit"), FARM_MODES (all), FARM_ROUNDS, FARM_EXTRA_MODES (modes of one's own: lines as
# farm_mode_table writes them), FARM_WORKER_ENVIRONMENT and FARM_WORKER_ARGUMENTS (the tcp
# workers' environment and distccd arguments), FARM_ICECC_WORKER_SLOTS, FARM_ICECC_JOBS,
# FARM_CXX_UNITS (the first N units only: 30 in the full run, 6 in the quick one).

farm_client_cpu=0
farm_worker_cpu=1
farm_client_ip=10.26.0.1
farm_worker_ip=10.26.0.2
farm_tcp_port=3632          # the tcp worker; its statistics page on 3633
farm_trixie_port=3732       # the gcc 14 worker (pump); statistics on 3733
farm_tunnel_local_port=3701 # the client's end of the SSH tunnel
farm_id=dfarm$$
farm_cgroup=/sys/fs/cgroup/cpuacct/$farm_id
farm_root_packages=(gcc-14 g++-14 distcc distcc-pump make openssh-server)
# The headers this repository's units include besides the C++ library: both trixie roots see
# the host's (bookworm's fmt, spdlog, CLI11, Boost), read-only. Pump mode needs them on the
# worker too: distcc's include server sends no header from the compiler's own include
# directories (/usr/include...) and expects the worker to have the same ones.
farm_borrowed_headers=(fmt spdlog CLI boost)

# Runs COMMAND on NODE: in its network namespace, pinned to its CPU, counted in its cgroup.
# "both" is the client's namespace and cgroup on both CPUs: the local two-CPU build.
farm_on() { # client|worker|both COMMAND...
    local node=$1 cpus netns cgroup
    shift
    case $node in
    client) cpus=$farm_client_cpu netns=$farm_id-client cgroup=client ;;
    worker) cpus=$farm_worker_cpu netns=$farm_id-worker cgroup=worker ;;
    both) cpus=$farm_client_cpu,$farm_worker_cpu netns=$farm_id-client cgroup=client ;;
    esac
    bash -c 'echo $$ >"$1" && shift && exec "$@"' bash "$farm_cgroup/$cgroup/cgroup.procs" \
        nsenter --net="/run/netns/$netns" taskset -c "$cpus" "$@"
}

# CPU nanoseconds used so far by NODE's processes.
farm_cpu_ns() { cat "$farm_cgroup/$1/cpuacct.usage"; }

farm_setup() {
    mkdir -p "$farm_cgroup/client" "$farm_cgroup/worker"
    add_cleanup farm_cleanup
    ip netns add "$farm_id-client"
    ip netns add "$farm_id-worker"
    ip link add "${farm_id}c" type veth peer name "${farm_id}w"
    ip link set "${farm_id}c" netns "$farm_id-client"
    ip link set "${farm_id}w" netns "$farm_id-worker"
    ip -n "$farm_id-client" addr add "$farm_client_ip/24" dev "${farm_id}c"
    ip -n "$farm_id-worker" addr add "$farm_worker_ip/24" dev "${farm_id}w"
    local side
    for side in client worker; do
        ip -n "$farm_id-$side" link set lo up
        ip -n "$farm_id-$side" link set "${farm_id}${side:0:1}" up
    done
}

# Ends every process of both nodes (all started here), then removes the cgroups and the
# namespaces (the veth pair goes with them). Mounts were made in private mount namespaces
# and end with their processes.
farm_cleanup() {
    local side pids tries
    for side in client worker; do
        pids=$(cat "$farm_cgroup/$side/cgroup.procs" 2>/dev/null)
        [ -n "$pids" ] && kill -TERM $pids 2>/dev/null
    done
    for tries in $(seq 50); do
        pids=$(cat "$farm_cgroup"/*/cgroup.procs 2>/dev/null)
        [ -z "$pids" ] && break
        sleep 0.1
    done
    pids=$(cat "$farm_cgroup"/*/cgroup.procs 2>/dev/null)
    [ -n "$pids" ] && kill -KILL $pids 2>/dev/null
    sleep 0.2
    rmdir "$farm_cgroup/client" "$farm_cgroup/worker" "$farm_cgroup" 2>/dev/null
    ip netns del "$farm_id-client" 2>/dev/null
    ip netns del "$farm_id-worker" 2>/dev/null
    return 0
}

# Shapes both directions of the link: tbf on each end's egress. "unshaped" removes the shaper.
farm_shape() { # unshaped|1gbit|100mbit
    local side device rate burst
    for side in client worker; do
        device=${farm_id}${side:0:1}
        if [ "$1" = unshaped ]; then
            ip netns exec "$farm_id-$side" tc qdisc del dev "$device" root 2>/dev/null || true
            continue
        fi
        case $1 in
        1gbit) rate=1gbit burst=256kb ;;
        100mbit) rate=100mbit burst=128kb ;;
        esac
        # The burst holds a full GSO packet (64 kB) at least; the latency bounds the queue.
        ip netns exec "$farm_id-$side" tc qdisc replace dev "$device" root tbf rate "$rate" \
            burst "$burst" latency 50ms
    done
}

# A Debian trixie root (gcc 14, trixie's distcc and distcc-pump) at DIRECTORY, unpacked once
# from tests/support/debian_root.sh's cache; distcc-init, the relay and the guard installed in it
# as the images have them.
farm_prepare_trixie_root() { # DIRECTORY
    if [ ! -x "$1/usr/bin/distcc-pump" ]; then
        rm -rf "$1"
        bash "$repo/tests/support/debian_root.sh" trixie "$1" "${farm_root_packages[@]}" || return 1
    fi
    local program
    for program in distcc-init distcc-relay distcc-guard; do
        install -m 755 "$(dirname "$distcc_init")/$program" "$1/usr/local/bin/$program"
    done
    mkdir -p "$1$repo"
    local header
    for header in "${farm_borrowed_headers[@]}"; do mkdir -p "$1/usr/include/$header"; done
}

# Runs COMMAND (a shell command line) as root in the trixie client root, in DIRECTORY: the
# repository (and so bench/work) at the same path, /dev, /proc, a private /tmp and /dev/shm (the
# include server's), the borrowed headers read-only. A private mount namespace, undone with it.
farm_in_trixie() { # ROOT DIRECTORY COMMAND
    unshare --mount --propagation private bash -c '
        root=$1 directory=$2 command=$3 repo=$4; shift 4
        mount --rbind /dev "$root/dev" && mount -t tmpfs tmpfs "$root/dev/shm" &&
            mount -t proc proc "$root/proc" && mount -t tmpfs tmpfs "$root/tmp" &&
            mount --bind "$repo" "$root$repo" || exit 99
        for header in "$@"; do mount --bind -o ro "/usr/include/$header" "$root/usr/include/$header" || exit 99; done
        exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root \
            DISTCC_HOSTS="$DISTCC_HOSTS" DISTCC_FALLBACK=0 DISTCC_DIR=/tmp \
            /bin/sh -c "cd \"\$0\" && $command" "$directory"' \
        bash "$1" "$2" "$3" "$repo" "${farm_borrowed_headers[@]}"
}

# The workers, all on the worker node: distcc-init as PID 1 of each (tcp; ssh in tunnel mode;
# tcp inside the trixie root for gcc 14), and icecream's daemon. Sets farm_*_init.
farm_start_workers() {
    local machine_setup
    machine_setup="$(declare -f run_worker machine_dir); WORK='$WORK' DISTCC_INIT='$DISTCC_INIT'"
    farm_on worker env "${farm_worker_environment[@]}" bash -c "$machine_setup; run_worker farm-tcp \
        --mode tcp -- --port $farm_tcp_port --listen $farm_worker_ip --allow $farm_client_ip/32 \
        --stats ${farm_worker_arguments[*]}" >"$WORK/farm-tcp.out" 2>"$WORK/farm-tcp.err" &
    UNSHARE_PID=$!
    find_init_pid || { echo "farm: the tcp worker did not start: $(cat "$WORK/farm-tcp.err")"; return 1; }
    farm_tcp_init=$INIT_PID

    ssh-keygen -q -t ed25519 -N '' -f "$WORK/farm-key" <<<y >/dev/null
    farm_on worker env AUTHORIZED_KEYS="$(cat "$WORK/farm-key.pub")" \
        SSH_HOST_KEYS_DIR="$WORK/farm-host-keys" DISTCC_SSH_TUNNEL=1 DISTCC_SSH_DAEMON_PORT=3642 \
        "${farm_worker_environment[@]}" bash -c "$machine_setup; run_worker farm-ssh --mode ssh -- \
        -p 22 -o ListenAddress=$farm_worker_ip" >"$WORK/farm-ssh.out" 2>"$WORK/farm-ssh.err" &
    UNSHARE_PID=$!
    find_init_pid || { echo "farm: the ssh worker did not start: $(cat "$WORK/farm-ssh.err")"; return 1; }
    farm_ssh_init=$INIT_PID

    if [ -n "$farm_trixie_worker" ]; then
        farm_on worker unshare --mount --propagation private --pid --fork \
            --mount-proc="$farm_trixie_worker/proc" bash -c '
            root=$1 headers=$2; shift 2
            mount --rbind /dev "$root/dev" && mount -t tmpfs tmpfs "$root/tmp" &&
                mount -t tmpfs -o mode=0755 tmpfs "$root/run" || exit 99
            for header in $headers; do
                mount --bind -o ro "/usr/include/$header" "$root/usr/include/$header" || exit 99
            done
            TMPDIR=/tmp exec chroot "$root" /usr/local/bin/distcc-init "$@"' bash "$farm_trixie_worker" \
            "${farm_borrowed_headers[*]}" --mode tcp -- --port "$farm_trixie_port" --listen "$farm_worker_ip" \
            --allow "$farm_client_ip/32" --stats --stats-port $((farm_trixie_port + 1)) \
            "${farm_worker_arguments[@]}" >"$WORK/farm-trixie.out" 2>"$WORK/farm-trixie.err" &
        UNSHARE_PID=$!
        # PID 1 in the worker's namespace is bash until it execs chroot, then distcc-init.
        farm_find_chrooted_init ||
            { echo "farm: the gcc 14 worker did not start: $(cat "$WORK/farm-trixie.err")"; return 1; }
    fi
    farm_start_icecream
}

# Sets farm_trixie_init to the host PID of the distcc-init below UNSHARE_PID.
farm_find_chrooted_init() {
    local pid
    for _ in $(seq 300); do
        for pid in $(descendants "$UNSHARE_PID"); do
            if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = distcc-init ]; then
                farm_trixie_init=$pid
                return 0
            fi
        done
        sleep 0.02
    done
    return 1
}

# icecream: the scheduler and a daemon on the worker node, a daemon on the client node (it
# runs the client's local jobs). Each daemon in a private mount namespace: its own /run/icecc,
# and a /proc/stat that stands still. icecream's daemons report the machine's idle time as their
# load, and a node whose load reaches 1000 gets no jobs; on one machine each node would see
# the other node's work (and other sessions') as its own. A frozen /proc/stat reads as an idle
# machine: what a dedicated worker whose only work is icecream's reports (its own jobs count as
# idle), and only the job slots limit the scheduler.
farm_start_icecream() {
    local ice=$WORK/farm-icecc
    mkdir -p "$ice"
    chown icecc:icecc "$ice"
    cp /proc/stat "$ice/stat"
    farm_on worker icecc-scheduler -l "$ice/scheduler.log" -vvv >/dev/null 2>&1 &
    farm_icecc_pids=($!)
    farm_icecc_daemon worker "$farm_icecc_worker_slots"
    farm_icecc_daemon client "$farm_icecc_client_slots"
    # The scheduler knows both daemons once they have logged in.
    local deadline=$((SECONDS + 30))
    until [ "$(cat "$ice/scheduler.log" 2>/dev/null | grep -c " login ")" -ge 2 ]; do
        [ $SECONDS -ge $deadline ] && { echo "farm: icecream daemons did not log in"; return 1; }
        sleep 0.2
    done
}

farm_icecc_daemon() { # NODE SLOTS
    local ice=$WORK/farm-icecc
    farm_on "$1" unshare --mount --propagation private bash -c '
        ice=$1; shift
        mount --bind "$ice/stat" /proc/stat && mount -t tmpfs tmpfs /run || exit 99
        exec env ICECC_TEST_SOCKET="$ice/$1.socket" iceccd -s '"$farm_worker_ip"' -m "$2" \
            -b "$ice/envs-$1" -N "$1" -l "$ice/$1.log" -v' bash "$ice" "$1" "$2" >/dev/null 2>&1 &
    farm_icecc_pids+=($!)
}

# The client's end of the SSH tunnel to the tunnel-mode worker's loopback distccd.
farm_start_tunnel() {
    cat >"$WORK/farm-ssh-config" <<CONFIG
Host $farm_worker_ip
    User distcc-ssh
    IdentityFile $WORK/farm-key
    IdentitiesOnly yes
    BatchMode yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
    ExitOnForwardFailure yes
CONFIG
    local deadline=$((SECONDS + 30))
    until farm_on client timeout 2 bash -c "exec 3<>/dev/tcp/$farm_worker_ip/22" 2>/dev/null; do
        [ $SECONDS -ge $deadline ] && { echo "farm: the ssh worker does not listen"; return 1; }
        sleep 0.2
    done
    farm_on client ssh -F "$WORK/farm-ssh-config" -N \
        -L "127.0.0.1:$farm_tunnel_local_port:127.0.0.1:3642" "$farm_worker_ip" &
    farm_tunnel_pid=$!
    deadline=$((SECONDS + 30))
    until farm_on client timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$farm_tunnel_local_port" 2>/dev/null; do
        [ $SECONDS -ge $deadline ] && { echo "farm: the SSH tunnel did not open"; return 1; }
        sleep 0.2
    done
}

# The builds, prepared once: libiberty configured for gcc 12 (here) and gcc 14 (in the trixie
# root), this repository's units (Debug, no tests) as a Makefile.
farm_prepare_builds() {
    farm_libiberty_build=$work/libiberty-build
    [[ " ${farm_builds[*]} " == *" libiberty "* ]] && prepare_libiberty
    # The full run's C++ build: the first 30 units (a third of the tree, 2 to 3 minutes on one
    # CPU), so that a round of every mode and profile takes minutes, not an hour.
    local limit=(30)
    [ $quick = 1 ] && limit=(6)
    [ -n "${FARM_CXX_UNITS:-}" ] && limit=("$FARM_CXX_UNITS")
    if [[ " ${farm_builds[*]} " == *" cxx "* ]]; then
        cmake -S "$repo" -B "$work/farm-cxx" -DCMAKE_BUILD_TYPE=Debug -DDISTCC_INIT_TESTS=OFF \
            -DCMAKE_EXPORT_COMPILE_COMMANDS=ON -DCMAKE_CXX_COMPILER_LAUNCHER= >/dev/null
        farm_cxx_units=$(python3 "$repo/bench/compile-commands-make.py" \
            "$work/farm-cxx/compile_commands.json" "$work/farm-cxx/units.mk" "${limit[@]}")
        record farm_units cxx "$farm_cxx_units" "" "" units
        echo "   C++: $farm_cxx_units units of this repository (Debug)"
    fi
    if [ -n "$farm_trixie_client" ] && [[ " ${farm_builds[*]} " == *" libiberty "* ]] &&
        [ ! -f "$work/farm-libiberty-gcc14/Makefile" ]; then
        mkdir -p "$work/farm-libiberty-gcc14"
        farm_in_trixie "$farm_trixie_client" "$work/farm-libiberty-gcc14" \
            "$work/libiberty-src/libiberty/configure CC=gcc-14 >/dev/null" ||
            { echo "farm: libiberty does not configure with gcc 14"; return 1; }
    fi
}

# The make command of BUILD with COMPILER (a C or C++ compiler command, e.g. "distcc gcc").
farm_make_command() { # BUILD JOBS C-COMPILER C++-COMPILER [gcc14]
    local directory
    case $1 in
    libiberty) directory=$farm_libiberty_build ;;
    cxx) echo "make -k -f '$work/farm-cxx/units.mk' -j$2 CC='$3' CXX='$4'"; return ;;
    esac
    [ "${5:-}" = gcc14 ] && directory=$work/farm-libiberty-gcc14
    echo "make -k -C '$directory' -j$2 CC='$3'"
}

# One mode: how it builds. Each line: NAME|NODE|JOBS|C|C++|WRAPPER|HOSTS|WORKER-LOG
# NODE: client, both or trixie (the trixie root on the client node); WRAPPER: a command
# before make (distcc-pump). Filled once the workers are up and the host lines known.
farm_mode_table() {
    local line=$farm_tcp_line jobs=$farm_tcp_jobs
    echo "alone|client|$farm_alone_jobs|gcc|g++|||"
    echo "local-2cpu|both|$farm_limit_jobs|gcc|g++|||"
    echo "distcc|client|$jobs|distcc gcc|distcc g++||$line|farm-tcp"
    echo "$farm_lzo_alternative_name|client|$jobs|distcc gcc|distcc g++||$farm_lzo_alternative_line|farm-tcp"
    echo "ssh-tunnel|client|$farm_tunnel_jobs|distcc gcc|distcc g++||$farm_tunnel_line|farm-ssh"
    echo "icecream|client|$farm_icecc_jobs|icecc gcc|icecc g++|||icecream"
    if [ -n "$farm_trixie_client" ]; then
        echo "gcc14-local-2cpu|trixie-both|$farm_limit_jobs|gcc-14|g++-14|||"
        echo "gcc14-distcc|trixie|$farm_trixie_jobs|distcc gcc-14|distcc g++-14||$farm_trixie_line|farm-trixie"
        echo "gcc14-pump|trixie|$farm_pump_jobs|distcc gcc-14|distcc g++-14|distcc-pump|$farm_pump_line|farm-trixie"
    fi
    # Modes of one's own, to try a line (a developer's knob): the same fields, a mode a line.
    [ -n "${FARM_EXTRA_MODES:-}" ] && echo "$FARM_EXTRA_MODES"
    return 0
}

# Remote jobs so far in a worker's log: distccd's notice per job, or icecream's scheduler's
# END lines for jobs the worker ran. Prints "done failed".
farm_worker_jobs() { # LOG-NAME
    case $1 in
    icecream)
        awk '/ END [0-9]+ status=/ && / server=worker/ {
                if ($0 ~ /status=0 /) done++; else failed++ }
             END { print done + 0, failed + 0 }' "$WORK/farm-icecc/scheduler.log" ;;
    '') echo "0 0" ;;
    *)
        awk '/COMPILE_OK/ { done++ } /COMPILE_ERROR|COMPILE_TIMEOUT|CLI_DISCONNECT/ { failed++ }
             END { print done + 0, failed + 0 }' "$WORK/$1.err" ;;
    esac
}

# One clean build of BUILD in PROFILE with MODE; appends "seconds client-cpu-seconds
# worker-cpu-seconds remote-jobs failed-jobs" to its samples.
farm_build() { # BUILD|PROFILE|MODE
    local build profile mode spec node jobs c cxx wrapper hosts log
    IFS='|' read -r build profile mode <<<"$1"
    spec=$(farm_mode_table | grep "^$mode|")
    IFS='|' read -r _ node jobs c cxx wrapper hosts log <<<"$spec"
    farm_shape "$profile"
    local gcc14= command
    [[ $node == trixie* ]] && gcc14=gcc14
    command=$(farm_make_command "$build" "$jobs" "$c" "$cxx" "$gcc14")
    local clean=${command/ -k / -s }
    clean="${clean%% -j*} clean"
    local started client_before worker_before jobs_before jobs_after seconds status=0
    read -r -a jobs_before < <(farm_worker_jobs "$log")
    client_before=$(farm_cpu_ns client)
    worker_before=$(farm_cpu_ns worker)
    eval "$clean" >/dev/null 2>&1
    mkdir -p "$WORK/farm-distcc-$mode"
    case $node in
    client | both)
        started=$(now_ns)
        DISTCC_HOSTS=$hosts DISTCC_FALLBACK=0 DISTCC_DIR=$WORK/farm-distcc-$mode \
            ICECC_TEST_SOCKET=$WORK/farm-icecc/client.socket \
            farm_on "$node" bash -c "$wrapper $command" >"$WORK/farm-build.out" 2>"$WORK/farm-build.err" ||
            status=$?
        ;;
    trixie | trixie-both)
        started=$(now_ns)
        local on=client
        [ "$node" = trixie-both ] && on=both
        DISTCC_HOSTS=$hosts farm_on "$on" bash -c "$(declare -f farm_in_trixie); \
            farm_borrowed_headers=(${farm_borrowed_headers[*]}); repo='$repo'; \
            farm_in_trixie '$farm_trixie_client' / \"$wrapper $command\"" \
            >"$WORK/farm-build.out" 2>"$WORK/farm-build.err" || status=$?
        ;;
    esac
    seconds=$(echo "scale=2; ($(now_ns) - $started) / 1000000000" | bc)
    local client_cpu worker_cpu failed
    client_cpu=$(echo "scale=2; ($(farm_cpu_ns client) - $client_before) / 1000000000" | bc)
    worker_cpu=$(echo "scale=2; ($(farm_cpu_ns worker) - $worker_before) / 1000000000" | bc)
    read -r -a jobs_after < <(farm_worker_jobs "$log")
    failed=$(grep -c '\*\*\*.*Error' "$WORK/farm-build.err" || true)
    [ "$status" != 0 ] && [ "$failed" = 0 ] && failed=1
    echo "$seconds $client_cpu $worker_cpu $((jobs_after[0] - jobs_before[0])) $failed" \
        >>"$WORK/farm-samples-$build-$profile-$mode"
    printf '   %-9s %-8s %-18s %6s s  client CPU %6s s  worker CPU %6s s  remote %3s  failed %s\n' \
        "$build" "$profile" "$mode" "$seconds" "$client_cpu" "$worker_cpu" \
        "$((jobs_after[0] - jobs_before[0]))" "$failed"
    [ "$failed" = 0 ] || sed 's/^/      | /' "$WORK/farm-build.err" | grep -v '^      | *$' | tail -5
}

# The modes each profile measures: the local builds do not use the link, so they run in the
# unshaped profile only; a shaped link is measured for distcc with and without lzo and for
# icecream (the comparison the profiles are for; the tunnel, gcc 14 and pump modes on a shaped
# link would double the run's time); the quick run shapes the link for distcc's own mode only
# (a smoke of the shaping, not a measurement).
farm_specs() {
    local build profile mode table
    # The table once, searched with here-strings: `farm_mode_table | grep -q` under pipefail
    # failed at random (grep -q leaves at the first match, the writer gets SIGPIPE) and dropped
    # modes from the run.
    table=$(farm_mode_table)
    for build in "${farm_builds[@]}"; do
        for profile in "${farm_profiles[@]}"; do
            for mode in "${farm_modes[@]}"; do
                if [ "$profile" != "${farm_profiles[0]}" ]; then
                    [[ $mode == distcc || $mode == "$farm_lzo_alternative_name" ||
                        $mode == icecream ]] || continue
                    [ $quick = 1 ] && [ "$mode" != distcc ] && continue
                fi
                grep -q "^$mode|" <<<"$table" && echo "$build|$profile|$mode"
            done
        done
    done
}

farm_end_of_round() { echo "   (round $1 done)"; }

# Medians of the samples, recorded as "farm_*" rows: subject BUILD/PROFILE/MODE.
farm_record_results() {
    local samples name median
    for samples in "$WORK"/farm-samples-*; do
        name=${samples#"$WORK/farm-samples-"}
        name=${name/-/\/}
        name=${name/-/\/}
        local column metric
        for column in 1 2 3 4 5; do
            metric=$(sed -n "${column}p" <<<$'farm_seconds\nfarm_client_cpu\nfarm_worker_cpu\nfarm_remote_jobs\nfarm_failed_jobs')
            read -r median low high < <(awk -v c=$column '{print $c}' "$samples" | summarize)
            record "$metric" "$name" "$median" "$low" "$high" ""
        done
    done
}

run_farm_benchmarks() {
    read -r -a farm_builds <<<"${FARM_BUILDS:-libiberty cxx}"
    read -r -a farm_profiles <<<"${FARM_PROFILES:-unshaped 1gbit 100mbit}"
    local rounds=${FARM_ROUNDS:-2}
    # The quick run (CI's, on a time budget): one round of the C++ build's first units, every
    # mode once on the unshaped link and distcc's once at 100 Mbit/s.
    [ $quick = 1 ] && rounds=1 farm_profiles=(unshaped 100mbit) &&
        read -r -a farm_builds <<<"${FARM_BUILDS:-cxx}"
    echo "== farm: two nodes, one CPU each (${farm_builds[*]}; ${farm_profiles[*]}; $rounds rounds)"
    farm_trixie_client=$work/farm-trixie-client
    farm_trixie_worker=$work/farm-trixie-worker
    if ! farm_prepare_trixie_root "$farm_trixie_client" || ! farm_prepare_trixie_root "$farm_trixie_worker"; then
        echo "   no trixie root here: the gcc 14 and pump modes are left out"
        farm_trixie_client= farm_trixie_worker=
    fi
    farm_prepare_builds
    farm_setup
    read -r -a farm_worker_environment <<<"${FARM_WORKER_ENVIRONMENT:-}"
    read -r -a farm_worker_arguments <<<"${FARM_WORKER_ARGUMENTS:-}"
    farm_icecc_worker_slots=${FARM_ICECC_WORKER_SLOTS:-1}
    farm_icecc_client_slots=1
    farm_start_workers
    farm_start_tunnel
    farm_host_lines
    read -r -a farm_modes <<<"${FARM_MODES:-$(farm_mode_table | cut -d'|' -f1 | tr '\n' ' ')}"
    farm_warm_up
    local specs
    mapfile -t specs < <(farm_specs)
    interleave "$rounds" farm_build farm_end_of_round "${specs[@]}"
    farm_record_results
    farm_shape unshaped
    farm_cleanup
}

# The host lines: what `distcc-init hosts` prints on the client for each worker, and the make
# job count it advises (the line's slots). Sets farm_*_line and farm_*_jobs.
farm_host_lines() {
    farm_alone_jobs=1
    farm_limit_jobs=2
    farm_hosts tcp "$farm_worker_ip"
    # The same line with its compression turned the other way.
    if [[ $farm_tcp_line == *,lzo* ]]; then
        farm_lzo_alternative_name=distcc-no-lzo
        farm_lzo_alternative_line=${farm_tcp_line//,lzo/}
    else
        farm_lzo_alternative_name=distcc-lzo
        farm_lzo_alternative_line=$(sed -E "s#($farm_worker_ip:[0-9]+(/[0-9]+)?)#\1,lzo#" <<<"$farm_tcp_line")
    fi
    # The tunnel is a TCP host on the client's loopback: its limit is the worker's (the same
    # node as the tcp worker), written in the word as docs/ssh.md says.
    local limit
    limit=$(grep -oE "$farm_worker_ip:$farm_tcp_port/[0-9]+" <<<"$farm_tcp_line" | cut -d/ -f2)
    farm_hosts tunnel "127.0.0.1:$farm_tunnel_local_port/$limit"
    farm_icecc_jobs=${FARM_ICECC_JOBS:-$((farm_icecc_worker_slots + farm_icecc_client_slots))}
    if [ -n "$farm_trixie_client" ]; then
        farm_hosts trixie "$farm_worker_ip:$farm_trixie_port"
        farm_hosts pump --pump "$farm_worker_ip:$farm_trixie_port"
    fi
    echo "   host lines: tcp '$farm_tcp_line' (make -j$farm_tcp_jobs); tunnel '$farm_tunnel_line';" \
        "gcc 14 '${farm_trixie_line:-}'; pump '${farm_pump_line:-}'"
}

# Runs `distcc-init hosts ARGS` on the client; sets farm_NAME_line and farm_NAME_jobs.
farm_hosts() { # NAME ARGS...
    local name=$1 line jobs
    shift
    line=$(farm_on client "$distcc_init" hosts ${FARM_HOSTS_ARGUMENTS:-} "$@" 2>"$WORK/farm-hosts-$name.err") ||
        { echo "farm: distcc-init hosts $* failed: $(cat "$WORK/farm-hosts-$name.err")"; return 1; }
    jobs=$(sed -n 's/^make: -j\([0-9]*\).*/\1/p' "$WORK/farm-hosts-$name.err")
    printf -v "farm_${name}_line" '%s' "$line"
    printf -v "farm_${name}_jobs" '%s' "$jobs"
}

# One unmeasured build of each mode: icecream packs and ships the client's compiler on its
# first job, the page cache fills, the trixie root's files are read once. The quick run times
# nothing it trusts: icecream's shipping alone.
farm_warm_up() {
    echo "   warm-up (not measured)"
    local mode
    for mode in "${farm_modes[@]}"; do
        [ $quick = 1 ] && [ "$mode" != icecream ] && continue
        farm_build "${farm_builds[0]}|unshaped|$mode" >/dev/null
    done
    rm -f "$WORK"/farm-samples-*
}
