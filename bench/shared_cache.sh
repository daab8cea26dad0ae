# The farm's shared cache for bench/run: what a second worker gains from ccache's remote
# storage (a real Redis) when it rebuilds what the first one compiled, against the same rebuild
# with only its local cache, cold; and what a remote hit costs per job against a local one.
# Workers run by distcc-init as PID 1, as in workers.sh (whose helpers this file uses).

# A build of the section's code base through HOSTS, in seconds: libiberty (full run), or
# $shared_units generated units with a few system headers each (--quick).
time_shared_build() { # HOSTS
    local hosts=$1 dir=$WORK/shared-distcc-$RANDOM
    mkdir -p "$dir"
    if [ $quick = 1 ]; then
        local start unit pids=()
        rm -f "$WORK"/shared-src/*.o
        start=$(now_ns)
        for unit in "$WORK"/shared-src/*.c; do
            DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 DISTCC_DIR="$dir" \
                distcc gcc -O2 -c "$unit" -o "${unit%.c}.o" 2>>"$WORK/shared.err" &
            pids+=($!)
            # two at a time, as make -j2 would (waiting on these compiles only: the workers
            # are this shell's children too)
            if [ ${#pids[@]} -ge 2 ]; then
                wait "${pids[0]}"
                pids=("${pids[@]:1}")
            fi
        done
        [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}"
        echo "scale=2; ($(now_ns) - $start) / 1000000000" | bc
    else
        DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 DISTCC_DIR="$dir" \
            time_libiberty 4 distcc gcc
    fi
}

prepare_shared_sources() {
    if [ $quick = 0 ]; then
        prepare_libiberty
        return
    fi
    mkdir -p "$WORK/shared-src"
    local unit
    for unit in $(seq "$shared_units"); do
        cat >"$WORK/shared-src/unit$unit.c" <<SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
double unit${unit}_mean(const double *values, size_t count) {
    double sum = 0; for (size_t i = 0; i < count; ++i) sum += values[i] * $unit;
    return count ? sum / (double)count : NAN;
}
char *unit${unit}_copy(const char *text) { size_t n = strlen(text); char *copy = malloc(n + 1);
    if (copy) memcpy(copy, text, n + 1); printf("%zu\n", n); return copy; }
SOURCE
    done
}

# Remote hits, remote lookups and local hits of a worker's cache since it was emptied.
remote_hit_fraction() { # CCACHE_DIR
    CCACHE_DIR=$1 ccache --print-stats | awk '
        $1 == "remote_storage_hit" { hits = $2 } $1 == "remote_storage_miss" { misses = $2 }
        END { printf "%.3f\n", (hits + misses > 0) ? hits / (hits + misses) : 0 }'
}

# Starts a tcp worker with ccache in WORK/shared-cache-NAME (new), extra VAR=VALUE settings;
# sets port_NAME, INIT_PID_shared_NAME and UNSHARE_PID_shared_NAME.
start_shared_worker() { # NAME VAR=VALUE...
    local name=$1 port
    shift
    port=$(free_port)
    rm -rf "$WORK/shared-cache-$name"
    start_named_worker "shared-$name" "$port" DISTCC_CCACHE_ENABLE=1 \
        CCACHE_DIR="$WORK/shared-cache-$name" CCACHE_CONFIGPATH="$repo/docker/ccache.conf" "$@" \
        -- --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1 --jobs 4
    printf -v "port_$name" %s "$port"
}

stop_shared_worker() { # NAME
    local init="INIT_PID_shared_$1" unshare="UNSHARE_PID_shared_$1"
    kill -TERM "${!init}" 2>/dev/null
    wait "${!unshare}" 2>/dev/null || true
}

# Empties a worker's local cache between rounds, as its owner (the worker's distcc user).
empty_local_cache() { # NAME
    local cache=$WORK/shared-cache-$1
    CCACHE_DIR=$cache setpriv --reuid="$(stat -c %u "$cache")" --regid="$(stat -c %g "$cache")" \
        --clear-groups sh -c 'ccache -C >/dev/null && ccache -z >/dev/null'
}

run_shared_cache_benchmarks() {
    echo "== shared cache (ccache remote storage in Redis): a rebuild on a second worker"
    command -v redis-server >/dev/null || {
        echo "   skipped: redis-server is not installed"
        return 0
    }
    local rounds=$shared_rounds
    prepare_shared_sources
    local redis_port password_file=$WORK/shared-redis-password
    redis_port=$(free_port)
    printf 'bench-%s\n' "$RANDOM$RANDOM" >"$password_file"
    printf 'port %s\nbind 127.0.0.1\nsave ""\nappendonly no\nrequirepass %s\n' "$redis_port" \
        "$(cat "$password_file")" | redis-server - >"$WORK/shared-redis.log" 2>&1 &
    local redis_pid=$!
    wait_for_port "$redis_port" 10
    local remote=(CCACHE_REMOTE_STORAGE="redis://127.0.0.1:$redis_port"
        DISTCC_CCACHE_REMOTE_PASSWORD_FILE="$password_file")
    # A fills Redis; B rebuilds with it (its local cache empty); C rebuilds with its local
    # cache only, empty (what a second worker does without a shared cache).
    start_shared_worker a "${remote[@]}"
    start_shared_worker b "${remote[@]}"
    start_shared_worker c
    local first
    first=$(time_shared_build "127.0.0.1:$port_a/4")
    echo "   first build on worker A (fills the shared cache): $first s"
    rm -f "$WORK/shared-samples-"*
    for round in $(seq "$rounds"); do
        empty_local_cache b
        empty_local_cache c
        time_shared_build "127.0.0.1:$port_b/4" >>"$WORK/shared-samples-remote"
        remote_hit_fraction "$WORK/shared-cache-b" >>"$WORK/shared-samples-fraction"
        time_shared_build "127.0.0.1:$port_c/4" >>"$WORK/shared-samples-local"
    done
    local median low high remote_median local_median
    read -r remote_median low high < <(summarize <"$WORK/shared-samples-remote")
    record shared_cache rebuild-shared "$remote_median" "$low" "$high" s
    read -r local_median low high < <(summarize <"$WORK/shared-samples-local")
    record shared_cache rebuild-local-cold "$local_median" "$low" "$high" s
    read -r median low high < <(summarize <"$WORK/shared-samples-fraction")
    record shared_cache_remote_hit_fraction rebuild-shared "$median" "$low" "$high" ratio
    local ratio
    ratio=$(echo "scale=3; $remote_median / $local_median" | bc)
    record shared_cache_ratio rebuild-shared-vs-local-cold "$ratio" "" "" ratio
    echo "   rebuild on worker B, shared cache: $remote_median s, remote hits $median of lookups"
    echo "   the same rebuild, local cache only (cold): $local_median s; ratio $ratio"

    # Per job: a remote hit (a worker with remote_only: every lookup goes to Redis) against a
    # local hit (a warm local cache), one unit compiled again and again.
    write_hello_source "$WORK"
    start_shared_worker r "${remote[@]}" CCACHE_REMOTE_ONLY=1
    local name hosts
    for name in remote-hit local-hit; do
        hosts="127.0.0.1:$([ $name = remote-hit ] && echo "$port_r" || echo "$port_c")/4"
        # the first job fills whatever cache it asks
        mkdir -p "$WORK/shared-d-$name"
        DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_DIR="$WORK/shared-d-$name" \
            distcc gcc -c "$WORK/hello.c" -o "$WORK/shared-hello.o"
    done
    rm -f "$WORK/samples-remote-hit" "$WORK/samples-local-hit"
    interleave "$shared_job_rounds" shared_job_batch : "remote-hit|127.0.0.1:$port_r/4" \
        "local-hit|127.0.0.1:$port_c/4"
    local remote_job local_job
    read -r remote_job low high < <(summarize <"$WORK/samples-remote-hit")
    record shared_cache_per_job remote-hit "$remote_job" "$low" "$high" ms
    read -r local_job low high < <(summarize <"$WORK/samples-local-hit")
    record shared_cache_per_job local-hit "$local_job" "$low" "$high" ms
    echo "   per job: remote hit $remote_job ms, local hit $local_job ms (median of" \
        "$((shared_job_rounds * 10)) each); remote hits counted:" \
        "$(CCACHE_DIR="$WORK/shared-cache-r" ccache --print-stats | awk '$1 == "remote_storage_hit" { print $2 }')"
    for name in a b c r; do
        stop_shared_worker "$name"
    done
    kill "$redis_pid"
    wait "$redis_pid" 2>/dev/null || true
}

# Ten jobs of one mode, NAME|HOSTS, appended to its samples.
shared_job_batch() { # NAME|HOSTS
    local name=${1%%|*} hosts=${1#*|}
    mkdir -p "$WORK/shared-d-$name"
    DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
        DISTCC_DIR="$WORK/shared-d-$name" time_jobs 10 distcc gcc >>"$WORK/samples-$name"
}
