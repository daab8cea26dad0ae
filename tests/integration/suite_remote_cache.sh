#!/bin/bash
# One cache for the farm: two tcp workers with ccache and a real Redis (Debian's redis-server)
# as ccache's remote storage, its password from a file. What worker A compiled, worker B (its
# own cache empty) answers from Redis; Redis stopped in a build costs no compile; the password
# appears in no command line, log, dry run or metrics.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc ccache redis-server redis-cli unshare nsenter ss python3 \
    timeout curl ssh ssh-keygen sshd

UNITS=${REMOTE_CACHE_UNITS:-12}
PASSWORD="farm-Secret_$$"
printf '%s\n' "$PASSWORD" >"$WORK/redis-password"
chmod 600 "$WORK/redis-password"

redis_port=$(free_port)
start_redis() {
    mkdir -p "$WORK/redis"
    # The password reaches redis-server through its configuration on stdin, not its arguments.
    printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\ndir %s\nrequirepass %s\n' \
        "$redis_port" "$WORK/redis" "$PASSWORD" | redis-server - >>"$WORK/redis.log" 2>&1 &
    REDIS_PID=$!
    wait_for_port "$redis_port" || fail "redis-server did not start: $(cat "$WORK/redis.log")"
}
stop_redis() {
    kill "$REDIS_PID" 2>/dev/null
    wait "$REDIS_PID" 2>/dev/null
}
add_cleanup 'kill $REDIS_PID'
start_redis

mkdir -p "$WORK/src"
for unit in $(seq "$UNITS"); do
    cat >"$WORK/src/unit$unit.c" <<SOURCE
#include <stdio.h>
#include <string.h>
int unit$unit(const char *text) { char copy[64]; strncpy(copy, text, sizeof copy - 1); copy[63] = 0; return (int)strlen(copy) * $unit; }
SOURCE
done

# Starts worker NAME with its own empty cache, the shared Redis, metrics on; sets PORT_NAME,
# METRICS_NAME, INIT_PID_NAME and UNSHARE_PID_NAME.
start_cache_worker() { # NAME [VAR=VALUE...]
    local name=$1 port metrics
    shift
    port=$(free_port)
    metrics=$(free_port)
    mkdir -p "$WORK/cache-$name"
    start_named_worker "$name" "$port" DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/cache-$name" \
        CCACHE_REMOTE_STORAGE="redis://127.0.0.1:$redis_port" \
        DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$WORK/redis-password" \
        DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_ADDRESS=127.0.0.1 DISTCC_METRICS_PORT="$metrics" \
        "$@" -- --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
    wait_for_port "$metrics" || fail "worker $name has no metrics: $(cat "$WORK/$name.err")"
    printf -v "PORT_$name" %s "$port"
    printf -v "METRICS_$name" %s "$metrics"
}

stop_cache_worker() { # NAME
    local pid="INIT_PID_$1" unshare="UNSHARE_PID_$1"
    kill -TERM "${!pid}" 2>/dev/null
    wait "${!unshare}" 2>/dev/null
}

# Compiles every unit through HOSTS into WORK/out-LABEL; fails on the first unit that fails.
build_units() { # LABEL HOSTS
    local label=$1 hosts=$2 unit
    mkdir -p "$WORK/out-$label"
    cp "$WORK"/src/*.c "$WORK/out-$label/"
    for unit in $(seq "$UNITS"); do
        distcc_compile "$WORK/out-$label" "$hosts" gcc -O2 -c "unit$unit.c" -o "unit$unit.o" ||
            { fail "unit$unit through $hosts: $(cat "$WORK/out-$label/distcc.log")"; return 1; }
    done
}

metric() { # NAME-PORT-VARIABLE SERIES: its value, 0 when absent
    local port="METRICS_$1"
    curl -s "http://127.0.0.1:${!port}/metrics" | awk -v series="$2" '$1 == series { print $2; found = 1 } END { if (!found) print 0 }'
}

TEST "remote cache: worker A fills Redis"
start_cache_worker a
build_units a "127.0.0.1:$PORT_a/4"
expect_equal "$(metric a ccache_misses_total)" "$UNITS" "A's misses"
expect_equal "$(metric a ccache_remote_misses_total)" "$UNITS" "A's remote misses"
keys=$(redis-cli -p "$redis_port" --no-auth-warning -a "$PASSWORD" dbsize)
[ "${keys:-0}" -ge "$UNITS" ] || fail "Redis holds $keys keys, expected at least $UNITS"

TEST "remote cache: worker B, its own cache empty, answers every compile from Redis"
start_cache_worker b
started=$(now_ms)
build_units b "127.0.0.1:$PORT_b/4"
echo "    B built $UNITS units in $(($(now_ms) - started)) ms"
expect_equal "$(metric b ccache_remote_hits_total)" "$UNITS" "B's remote hits"
expect_equal "$(metric b ccache_misses_total)" 0 "B's misses"
for unit in $(seq "$UNITS"); do
    cmp -s "$WORK/out-a/unit$unit.o" "$WORK/out-b/unit$unit.o" || fail "unit$unit.o differs between A and B"
done

TEST "remote cache: the password is on no command line, in no log, dry run or metrics"
for pid in $(descendants "$INIT_PID_a") $(descendants "$INIT_PID_b") "$REDIS_PID"; do
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null
    echo
done >"$WORK/command-lines"
expect_file_contains "$WORK/command-lines" "distccd"
expect_file_contains "$WORK/command-lines" "cache-watch"
expect_file_lacks "$WORK/command-lines" "$PASSWORD"
expect_file_lacks "$WORK/a.err" "$PASSWORD"
expect_file_lacks "$WORK/b.err" "$PASSWORD"
curl -s "http://127.0.0.1:$METRICS_a/metrics" >"$WORK/metrics-a"
expect_file_contains "$WORK/metrics-a" "^ccache_remote_hits_total"
expect_file_lacks "$WORK/metrics-a" "$PASSWORD"
for format in text json; do
    DISTCC_CCACHE_ENABLE=1 CCACHE_REMOTE_STORAGE="redis://127.0.0.1:$redis_port" \
        DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$WORK/redis-password" \
        "$DISTCC_INIT" --mode tcp --dry-run="$format" >"$WORK/dry-run.$format" 2>&1
    expect_file_contains "$WORK/dry-run.$format" "redis://127.0.0.1:$redis_port"
    expect_file_lacks "$WORK/dry-run.$format" "$PASSWORD"
done
expect_file_contains "$WORK/dry-run.text" "password from $WORK/redis-password"

TEST "remote cache: over SSH too: an ssh worker, its cache empty, answers from Redis"
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
ssh_port=$(free_port)
daemon_port=$(free_port)
host_keys="$WORK/host-keys"
ssh_metrics=$(free_port)
mkdir -p "$WORK/cache-s"
start_ssh_worker "$WORK/s" s AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" DISTCC_CCACHE_ENABLE=1 \
    CCACHE_DIR="$WORK/cache-s" CCACHE_REMOTE_STORAGE="redis://127.0.0.1:$redis_port" \
    DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$WORK/redis-password" DISTCC_METRICS_ENABLE=1 \
    DISTCC_METRICS_ADDRESS=127.0.0.1 DISTCC_METRICS_PORT="$ssh_metrics"
ssh_init=$INIT_PID ssh_unshare=$UNSHARE_PID
METRICS_s=$ssh_metrics
wait_for_port "$ssh_metrics" || fail "the ssh worker has no metrics: $(cat "$WORK/s.err")"
write_ssh_client alice "$ssh_port" distcc-ssh "$WORK/alice"
DISTCC_SSH="$WORK/ssh_alice" build_units ssh "@127.0.0.1/4"
expect_equal "$(metric s ccache_remote_hits_total)" "$UNITS" "the ssh worker's remote hits"
for unit in $(seq "$UNITS"); do
    cmp -s "$WORK/out-a/unit$unit.o" "$WORK/out-ssh/unit$unit.o" || fail "unit$unit.o differs over SSH"
done
expect_file_lacks "$WORK/s.err" "$PASSWORD"
kill -TERM "$ssh_init"
wait "$ssh_unshare" 2>/dev/null

TEST "remote cache: Redis stopped in a build: every compile succeeds, one line says why"
rm -rf "$WORK/cache-a"/* # A's local cache empty: every unit asks Redis
errors_before=$(metric a 'ccache_remote_errors_total{kind="error"}')
(
    sleep 0.3
    stop_redis
) &
stopper=$!
for unit in $(seq "$UNITS"); do
    printf 'int changed_%s(void) { return %s; }\n' "$unit" "$unit" >>"$WORK/src/unit$unit.c"
done
build_units stopped "127.0.0.1:$PORT_a/4"
wait "$stopper"
build_units stopped-after "127.0.0.1:$PORT_a/4"
sleep 3 # the watcher looks every 2 s
errors_after=$(metric a 'ccache_remote_errors_total{kind="error"}')
expect_less_than "$errors_before" "$errors_after" "remote errors counted by the metrics"
expect_equal "$(grep -c "remote cache redis://127.0.0.1:$redis_port: unreachable" "$WORK/a.err")" 1 \
    "lines in A's log saying the remote cache is unreachable"
expect_file_contains "$WORK/a.err" "compiles go on with the local cache only"

TEST "remote cache: Redis back: the worker says so once, and uses it again"
start_redis
sleep 3
expect_equal "$(grep -c "remote cache redis://127.0.0.1:$redis_port: answers again" "$WORK/a.err")" 1 \
    "lines saying the remote cache answers again"
stop_cache_worker a
stop_cache_worker b

TEST "remote cache: a wrong password is one clear line, and compiles still succeed"
printf 'not-the-password\n' >"$WORK/wrong-password"
start_cache_worker c DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$WORK/wrong-password"
sleep 1
build_units wrong "127.0.0.1:$PORT_c/4"
expect_equal "$(grep -c "the password was refused" "$WORK/c.err")" 1 "lines about the refused password"
expect_file_contains "$WORK/c.err" "DISTCC_CCACHE_REMOTE_PASSWORD_FILE"
expect_file_lacks "$WORK/c.err" "not-the-password"
stop_cache_worker c

TEST "remote cache: an unusable password file is one line and exit 3, nothing started"
printf 'p@ss:word\n' >"$WORK/bad-password"
code=0
DISTCC_CCACHE_ENABLE=1 CCACHE_REMOTE_STORAGE="redis://127.0.0.1:$redis_port" \
    DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$WORK/bad-password" \
    "$DISTCC_INIT" --mode tcp --dry-run >"$WORK/bad.out" 2>"$WORK/bad.err" || code=$?
expect_equal "$code" 3 "exit code of an unusable password"
expect_equal "$(wc -l <"$WORK/bad.err")" 1 "lines of the refusal"
expect_file_lacks "$WORK/bad.err" "p@ss"
code=0
DISTCC_CCACHE_ENABLE=1 CCACHE_REMOTE_STORAGE="redis://127.0.0.1:$redis_port" \
    DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$WORK/missing" \
    "$DISTCC_INIT" --mode tcp --dry-run >"$WORK/missing.out" 2>"$WORK/missing.err" || code=$?
expect_equal "$code" 3 "exit code of a missing password file"
expect_file_contains "$WORK/missing.err" "cannot be read"

finish
