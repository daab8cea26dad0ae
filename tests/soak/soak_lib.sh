# Helpers shared by the soak suites, on top of tests/integration/lib.sh (sourced first).
# Counts come from the environment (tests/soak/run sets them; the defaults are the full run).

: "${SOAK_ORPHANS:=100000}"
: "${SOAK_STORM_SIGNALS:=100000}"
: "${SOAK_STORM_RUNS:=20}"
: "${SOAK_TCP_JOBS:=2000}"
: "${SOAK_SSH_JOBS:=2000}"
: "${SOAK_GARBAGE_SESSIONS:=1000}"
: "${SOAK_SEED:=$$}"       # client jobs and garbage sessions are drawn from RANDOM with it
: "${SOAK_PARALLEL:=4}"    # client jobs at once
RANDOM=$SOAK_SEED

SOAK_HELPER="$WORK/soak_helper"
gcc -O2 -Wall -o "$SOAK_HELPER" "$(dirname "${BASH_SOURCE[0]}")/soak_helper.c" ||
    skip_suite "cannot build soak_helper.c"

fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }

status_kb() { # PID KEY
    awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status" 2>/dev/null
}

# The first child of PARENT whose command name is COMM.
child_named() { # PARENT COMM
    local pid
    for pid in $(pgrep -P "$1"); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] && echo "$pid" && return 0
    done
    return 1
}

# The worker's live processes below PID 1, as "PARENT-NAME>NAME" words with their counts:
# the same shape before and after whatever the PIDs (distccd's pool of preforked children
# has a fixed size; one that dies is replaced). Zombies are left out: see zombie_parents.
process_shape() {
    local pid state parent
    for pid in $(descendants "$INIT_PID"); do
        read -r state parent _ < <(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null) || continue
        [ "$state" = Z ] && continue
        echo "$(cat "/proc/$parent/comm" 2>/dev/null)>$(cat "/proc/$pid/comm" 2>/dev/null)"
    done | sort | uniq -c | awk '{ printf "%s x%s ", $2, $1 }'
}

# The parents of the zombies below PID 1, one PID per line.
# distccd leaves one: when a client disconnects mid-compile, its preforked child kills the
# compiler and never waits for it (dcc_collect_child), so the compiler stays a zombie child
# of that preforked child. distccd 3.4 keeps its preforked children as long as it runs
# (measured: 65 jobs each, same PIDs), so these zombies stay until the worker stops.
# Reproduced with distccd started directly (no distcc-init): 791 zombies after 791 kills.
zombie_parents() {
    local pid state parent
    for pid in $(descendants "$INIT_PID"); do
        read -r state parent _ < <(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null) || continue
        [ "$state" = Z ] && echo "$parent"
    done
}

# Processes of the SSH relay (distcc-relay) among the worker's processes.
relay_count() {
    local pid count=0
    for pid in $(descendants "$INIT_PID"); do
        [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = distcc-relay ] && count=$((count + 1))
    done
    echo "$count"
}

# Until PID 1 sleeps in its signalfd read (start-up over), at most 2 s.
wait_for_idle() { # PID
    for _ in $(seq 200); do
        grep -q signalfd "/proc/$1/wchan" 2>/dev/null && return 0
        sleep 0.01
    done
}

# Figures of the watched processes: "NAME fds=N rss=KB anon=KB" per process, into FILE.
# WATCHED holds "NAME:PID" words.
snapshot() { # FILE
    local entry name pid
    for entry in "${WATCHED[@]}"; do
        name=${entry%%:*}
        pid=${entry##*:}
        echo "$name $pid $(fd_count "$pid") $(status_kb "$pid" VmRSS) $(status_kb "$pid" RssAnon)"
    done >"$1"
}

# Compares two snapshots: the fd count must not change, VmRSS may grow by at most
# SOAK_RSS_SLACK_KB (file-backed pages of code first run during the soak: see
# docs/building-and-testing.md), the anonymous part by at most SOAK_ANON_SLACK_KB. Prints one
# line per process.
SOAK_RSS_SLACK_KB=${SOAK_RSS_SLACK_KB:-256}
SOAK_ANON_SLACK_KB=${SOAK_ANON_SLACK_KB:-64}
compare_snapshots() { # BEFORE AFTER
    local name pid fds rss anon pid2 fds2 rss2 anon2
    while read -r name pid fds rss anon <&3 && read -r _ pid2 fds2 rss2 anon2 <&4; do
        printf '    %-12s pid %-6s fds %s -> %s, VmRSS %s -> %s kB, RssAnon %s -> %s kB\n' \
            "$name" "$pid" "$fds" "$fds2" "$rss" "$rss2" "$anon" "$anon2"
        expect_equal "$pid2" "$pid" "$name is still the same process"
        expect_equal "$fds2" "$fds" "open fds of $name"
        expect_less_than "$rss2" $((rss + SOAK_RSS_SLACK_KB + 1)) "VmRSS of $name after (kB, before $rss)"
        expect_less_than "$anon2" $((anon + SOAK_ANON_SLACK_KB + 1)) "RssAnon of $name after (kB, before $anon)"
    done 3<"$1" 4<"$2"
}

# Waits up to SECONDS for the worker to be back to SHAPE, with no relay left and no zombie
# waiting for PID 1; prints how long that took.
wait_for_shape() { # SHAPE SECONDS
    local started deadline
    started=$(now_ms)
    deadline=$((SECONDS + $2))
    until [ "$(process_shape)" = "$1" ] && [ "$(relay_count)" = 0 ] &&
        ! zombie_parents | grep -qx "$INIT_PID"; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.1
    done
    echo "$(($(now_ms) - started))"
}

# Waits up to 10 s for the worker to be idle: no relay, no zombie waiting for PID 1, and the
# same processes in two looks 0.5 s apart (no compiler left running from a killed client).
# Prints the shape it settled on.
wait_for_quiet() {
    local shape next
    shape=$(process_shape)
    for _ in $(seq 20); do
        sleep 0.5
        next=$(process_shape)
        [ "$next" = "$shape" ] && [ "$(relay_count)" = 0 ] &&
            ! zombie_parents | grep -qx "$INIT_PID" && break
        shape=$next
    done
    echo "$shape"
}

# A private TMPDIR for the worker's daemons (distccd writes its job files there), writable by
# the user distccd switches to.
make_tmpdir() { # DIR
    mkdir -p "$1"
    chmod 1777 "$1"
}

tmpdir_entries() { find "$1" -mindepth 1 | wc -l; }

# gcc's own temporary files in DIR (ccXXXXXX.s and the like). When distccd kills a compile
# whose client went away, the gcc driver deletes its temporary files but cc1, killed a moment
# later, can create its output again: one such file is sometimes left per killed compile.
# Reproduced with distccd started directly (no distcc-init): 24 files after 791 kills.
compiler_leftovers() { find "$1" -mindepth 1 -name 'cc??????.*' | wc -l; }

# An ssh worker (as PID 1, distccd's TMPDIR given) with a fresh client key, and its clients:
# $WORK/ssh_shared (one shared connection) and $WORK/ssh_direct. Sets ssh_port.
start_ssh_worker() { # TMPDIR
    ssh-keygen -q -t ed25519 -N '' -C soak@client -f "$WORK/client-key"
    ssh_port=$(free_port)
    AUTHORIZED_KEYS="$(cat "$WORK/client-key.pub")" SSH_HOST_KEYS_DIR="$WORK/host-keys" \
        DISTCC_SSH_DAEMON_PORT="$(free_port)" TMPDIR=$1 \
        start_worker "$WORK/ssh" ssh --mode ssh -- -p "$ssh_port" -o ListenAddress=127.0.0.1
    wait_for_port "$ssh_port" 15 || fail "sshd does not listen on $ssh_port: $(cat "$WORK/ssh.err")"
    write_ssh_client shared "$ssh_port" distcc-ssh "$WORK/client-key" "" no 1
    write_ssh_client direct "$ssh_port" distcc-ssh "$WORK/client-key"
    add_cleanup "ssh -F '$WORK/ssh_config_shared' -O exit 127.0.0.1"
}
