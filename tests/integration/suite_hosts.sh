#!/bin/bash
# distcc-init hosts: a pool of real tcp workers on loopback addresses (127.0.0.2-4), two up and
# one stopped; the printed DISTCC_HOSTS line lists exactly the two with their job limits, and
# the client compiles through it. A name that resolves to several addresses is a pool too.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc unshare nsenter ss python3 timeout getent

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
port=$(free_port)

wait_for_address() { # ADDRESS PORT
    local deadline=$((SECONDS + 15))
    until ss -Hltn "src $1 and sport = :$2" | grep -q LISTEN; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}
start_pool_worker() { # NAME ADDRESS JOBS [ENV...]
    local name=$1 address=$2 jobs=$3
    shift 3
    env "$@" bash -c "$(declare -f run_worker machine_dir); WORK='$WORK' DISTCC_INIT='$DISTCC_INIT' \
        run_worker $name --mode tcp -- --port $port --listen $address --allow 127.0.0.0/8 --jobs $jobs \$STATS_ARGUMENTS" \
        >"$WORK/$name.out" 2>"$WORK/$name.err" &
    UNSHARE_PID=$!
    find_init_pid || fail "worker $name did not start: $(cat "$WORK/$name.err")"
    wait_for_address "$address" "$port" || fail "worker $name does not listen: $(cat "$WORK/$name.err")"
}

# Runs `distcc-init hosts ARGS` into $WORK/NAME.out and .err; sets code to its exit code.
run_hosts() { # NAME ARGS...
    local name=$1
    shift
    code=0
    "$DISTCC_INIT" hosts "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || code=$?
}

TEST "hosts: two workers up, one stopped: exactly the two, with their job limits"
# The third member of the pool was up and is stopped now.
start_pool_worker gone 127.0.0.4 2
stop_worker
# One worker serves its statistics page because its arguments ask for it, the other because
# its metrics are on.
start_pool_worker small 127.0.0.2 3 DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_ADDRESS=127.0.0.2 \
    DISTCC_METRICS_PORT="$(free_port)"
small_pid=$INIT_PID
small_unshare=$UNSHARE_PID
start_pool_worker big 127.0.0.3 7 STATS_ARGUMENTS="--stats --stats-port $((port + 1))"
big_pid=$INIT_PID
big_unshare=$UNSHARE_PID
add_cleanup "kill -s TERM $small_pid $big_pid"
run_hosts hosts --localhost 0 --port "$port" 127.0.0.4 127.0.0.2 127.0.0.3
expect_equal "$code" 0 "exit code"
expect_equal "$(cat "$WORK/hosts.out")" "127.0.0.3:$port/7 127.0.0.2:$port/3" "host list"
expect_file_contains "$WORK/hosts.err" "^127.0.0.4:$port: down \(Connection refused\)"
expect_file_contains "$WORK/hosts.err" "^127.0.0.2:$port: up, 3 jobs, job limit from distccd's statistics page"
expect_file_contains "$WORK/hosts.err" "^127.0.0.3:$port: up, 7 jobs"
expect_file_contains "$WORK/hosts.err" "^make: -j10 "

TEST "hosts: workers spelled as DISTCC_HOSTS spells them: HOST:PORT, a limit and options kept"
run_hosts spelled --localhost 0 "127.0.0.2:$port,lzo" "127.0.0.3:$port/2"
expect_equal "$code" 0 "exit code"
expect_equal "$(cat "$WORK/spelled.out")" "127.0.0.2:$port/3,lzo 127.0.0.3:$port/2" "host list"
expect_file_contains "$WORK/spelled.err" "^make: -j5 "

TEST "hosts: the client's own CPU: localhost/1 on one CPU, first; --pump adds ,lzo,cpp"
code=0
taskset -c 0 "$DISTCC_INIT" hosts --pump "127.0.0.2:$port" >"$WORK/local.out" 2>"$WORK/local.err" ||
    code=$?
expect_equal "$code" 0 "exit code"
expect_equal "$(cat "$WORK/local.out")" "localhost/1 127.0.0.2:$port/3,lzo,cpp" "host list"
expect_file_contains "$WORK/local.err" "^localhost: 1 slot\(s\), one per CPU of this client \(1\)"
expect_file_contains "$WORK/local.err" "^make: -j4 "
expect_file_contains "$WORK/local.err" "^pump: "

TEST "hosts: the client compiles through the line it printed"
line=$(cat "$WORK/hosts.out")
actual=$(distcc_hello "$line" "$WORK") || fail "compile through '$line' failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built through the pool"

TEST "hosts: a name that resolves to several addresses is a pool"
unshare --mount --propagation private bash -c '
    set -e
    work=$1; shift
    mkdir -p "$work/etc-upper" "$work/etc-work"
    mount -t overlay overlay -o "lowerdir=/etc,upperdir=$work/etc-upper,workdir=$work/etc-work" /etc
    printf "127.0.0.2 pool.test\n127.0.0.3 pool.test\n127.0.0.4 pool.test\n" >>/etc/hosts
    exec "$@"' bash "$WORK/resolver" "$DISTCC_INIT" hosts --localhost 0 --port "$port" pool.test nowhere.invalid \
    >"$WORK/named.out" 2>"$WORK/named.err"
expect_equal "$(cat "$WORK/named.out")" "127.0.0.3:$port/7 127.0.0.2:$port/3" "host list of pool.test"
expect_file_contains "$WORK/named.err" "^nowhere.invalid: does not resolve to an address here, skipped"
expect_file_lacks /etc/hosts "pool.test"

TEST "hosts: nobody answers: exit 1 and no line"
kill -s TERM "$small_pid" "$big_pid"
wait "$small_unshare" "$big_unshare" 2>/dev/null
run_hosts none --port "$port" --timeout 1 127.0.0.2 127.0.0.3
expect_equal "$code" 1 "exit code"
expect_equal "$(cat "$WORK/none.out")" "" "output"
expect_file_contains "$WORK/none.err" "no worker of the pool answered"

TEST "hosts: bad options and words are one line and exit 2"
run_hosts bad --port 0 127.0.0.2
expect_equal "$code" 2 "exit code"
expect_file_contains "$WORK/bad.err" '^distcc-init: error: option --port "0": expected a TCP port'
run_hosts bad-word 127.0.0.2/0
expect_equal "$code" 2 "exit code of a bad limit"
expect_equal "$(wc -l <"$WORK/bad-word.err")" 1 "lines for a bad limit"
expect_file_contains "$WORK/bad-word.err" '^distcc-init: error: hosts: "127.0.0.2/0": "0" is not a job limit'
run_hosts bad-localhost --localhost -1 127.0.0.2
expect_equal "$code" 2 "exit code of a bad --localhost"
expect_file_contains "$WORK/bad-localhost.err" 'option --localhost "-1": expected a number of slots'
run_hosts unknown --fast 127.0.0.2
expect_equal "$code" 2 "exit code of an unknown option"

finish
