#!/bin/bash
# The tcp image as users run it: a compile from the host, stats, ccache volume, health, stop,
# zombies under load, dry run, the documented commands in the image, a downstream image using
# distcc-init as a plain init, and nothing left behind.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc curl script python3 promtool

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
port=$(free_port)
stats_port=$(free_port)
daemon_args=(--port "$port" --listen 127.0.0.1 --allow 127.0.0.1)

TEST "tcp image: compile from the host through the container"
worker=$(run_container tcp "$TCP_IMAGE" "${daemon_args[@]}" --stats --stats-port "$stats_port")
wait_for_port "$port" 20 || fail "distccd in the container does not listen: $($docker logs "$worker" 2>&1)"
actual=$(distcc_hello "127.0.0.1:$port" "$WORK") || fail "compile failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built in the container"
$docker logs "$worker" >"$WORK/tcp.log" 2>&1
expect_file_contains "$WORK/tcp.log" "COMPILE_OK"
expect_equal "$(container_state '{{.Config.User}}' "$worker")" distcc "image user"

TEST "tcp image: the compiler guard refuses -wrapper, and says so in the log"
gcc -E "$WORK/hello.c" -o "$WORK/hello.i"
code=0
python3 "$(dirname "$0")/../integration/distcc_request.py" --tcp "127.0.0.1:$port" \
    --source "$WORK/hello.i" -- "$(gcc -dumpmachine)-gcc" -wrapper /bin/sh,-c,id -c hello.c \
    -o hello.o >"$WORK/wrapper.out" 2>&1 || code=$?
expect_equal "$code" 1 "exit code of the -wrapper request (1: refused)"
expect_file_contains "$WORK/wrapper.out" "distcc-guard: this worker refused"
$docker logs "$worker" >"$WORK/tcp.log" 2>&1
expect_file_contains "$WORK/tcp.log" '^\[distcc-guard\] \[warning\] refused .*"-wrapper"'

TEST "tcp image: --stats answers over HTTP"
curl -s --max-time 5 "http://127.0.0.1:$stats_port/" >"$WORK/stats"
expect_file_contains "$WORK/stats" "<distccstats>"

TEST "tcp image: healthy within 10 s"
seconds=$(wait_for_health "$worker" healthy 10) || fail "not healthy after 10 s"
echo "healthy after ${seconds:-?} s"

TEST "tcp image: no zombie accumulates during a 200-job build"
mkdir -p "$WORK/load"
for i in $(seq 200); do
    printf 'int f%d(int x) { return x * %d; }\n' "$i" "$i" >"$WORK/load/unit$i.c"
done
(cd "$WORK/load" && ls unit*.c | DISTCC_HOSTS="127.0.0.1:$port/8" DISTCC_FALLBACK=0 \
    DISTCC_DIR="$WORK/load" timeout 300 xargs -P 8 -I{} distcc gcc -c {} -o {}.o) ||
    fail "the 200-job build failed"
expect_equal "$(ls "$WORK/load"/*.o | wc -l)" 200 "objects built"
sleep 1
expect_equal "$(count_container_zombies "$worker")" 0 "zombies in the container"

TEST "tcp image: unhealthy when distccd is stopped inside"
$docker exec -u root "$worker" sh -c 'kill -STOP $(pgrep distccd 2>/dev/null || ls /proc | grep -E "^[0-9]+$" | while read p; do [ "$(cat /proc/$p/comm 2>/dev/null)" = distccd ] && echo $p; done)'
wait_for_health "$worker" unhealthy 40 >/dev/null || fail "not unhealthy 40 s after stopping distccd"
$docker exec "$worker" /usr/local/bin/distcc-init healthcheck >"$WORK/unhealthy" || true
expect_file_contains "$WORK/unhealthy" "^unhealthy: distccd on port $port is stopped"

TEST "tcp image: docker stop takes under 2 s and exits 143"
$docker exec -u root "$worker" sh -c 'for p in /proc/[0-9]*; do [ "$(cat $p/comm)" = distccd ] && kill -CONT ${p#/proc/}; done; true'
expect_quick_stop "$worker"

TEST "tcp image: ccache in a named volume: empty, filled, then a hit"
volume=$(new_volume ccache)
run_once -v "$volume:/var/cache/ccache" "$TCP_IMAGE" ccache -s >"$WORK/ccache-before"
port=$(free_port)
worker=$(run_container ccache -e DISTCC_CCACHE_ENABLE=1 -v "$volume:/var/cache/ccache" \
    "$TCP_IMAGE" --port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
wait_for_port "$port" 20
distcc_hello "127.0.0.1:$port" "$WORK" >/dev/null || fail "first compile failed"
rm -f "$WORK/hello.o"
distcc_hello "127.0.0.1:$port" "$WORK" >/dev/null || fail "second compile failed"
$docker stop "$worker" >/dev/null
run_once -v "$volume:/var/cache/ccache" "$TCP_IMAGE" ccache --print-stats >"$WORK/ccache-after"
expect_file_contains "$WORK/ccache-after" "^(direct_cache_hit|preprocessed_cache_hit)	1$"
expect_file_contains "$WORK/ccache-after" "^cache_miss	1$"
code=0
run_once -v "$volume:/var/cache/ccache" "$TCP_IMAGE" ccache -s >"$WORK/ccache-s" 2>"$WORK/ccache-s.err" || code=$?
expect_equal "$code" 0 "exit code of ccache -s"
expect_file_contains "$WORK/ccache-s" "Hits: +1"

TEST "tcp image: DISTCC_METRICS_ENABLE=1 serves Prometheus metrics as user distcc"
port=$(free_port)
metrics_port=$(free_port)
metrics_cache=$(new_volume metrics-ccache)
worker=$(run_container metrics -e DISTCC_METRICS_ENABLE=1 -e DISTCC_METRICS_ADDRESS=127.0.0.1 \
    -e DISTCC_METRICS_PORT="$metrics_port" -e DISTCC_CCACHE_ENABLE=1 \
    -v "$metrics_cache:/var/cache/ccache" \
    "$TCP_IMAGE" --port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
wait_for_port "$metrics_port" 20 || fail "no metrics endpoint: $($docker logs "$worker" 2>&1 | tail -5)"
for _ in 1 2; do
    rm -f "$WORK/hello.o"
    distcc_hello "127.0.0.1:$port" "$WORK" >/dev/null || fail "compile failed"
done
curl -s --max-time 10 "http://127.0.0.1:$metrics_port/metrics" >"$WORK/image.prom"
promtool check metrics <"$WORK/image.prom" || fail "promtool check metrics failed"
expect_file_contains "$WORK/image.prom" '^distcc_jobs_total\{outcome="ok"\} 2$'
expect_file_contains "$WORK/image.prom" '^ccache_stats_up 1$'
expect_file_contains "$WORK/image.prom" '^ccache_misses_total 1$'
expect_file_contains "$WORK/image.prom" '^ccache_hits_total\{kind="(direct|preprocessed)"\} 1$'
expect_file_contains "$WORK/image.prom" '^distcc_compiler_info\{compiler="x86_64-linux-gnu-gcc",version="12\.[0-9.]+",target="x86_64-linux-gnu"\} 1$'
$docker exec "$worker" ps -o user=,args= >"$WORK/metrics-ps"
expect_file_contains "$WORK/metrics-ps" "^distcc +/usr/local/bin/distcc-init metrics "
seconds=$(wait_for_health "$worker" healthy 10) || fail "not healthy with metrics on"
remove_container "$worker"

TEST "tcp image: docker run --cpus 1 gives distccd --jobs 3 (the container's CPU quota)"
run_once --cpus 1 -e DISTCC_INIT_DRY_RUN=1 "$TCP_IMAGE" >"$WORK/cpus.out"
expect_file_contains "$WORK/cpus.out" "^jobs: --jobs 3: 1 usable CPU\\(s\\) \\+ 2 .*cgroup (v1 cpu|cpu\\.max) quota 1\\.00 CPUs"

TEST "tcp image: a one-shot command prints nothing from distcc-init, an error does"
expect_file_lacks "$WORK/ccache-s" "\[distcc-init\]"
expect_equal "$(cat "$WORK/ccache-s.err")" "" "stderr of docker run IMAGE ccache -s"
code=0
run_once "$TCP_IMAGE" no-such-program >"$WORK/missing.out" 2>&1 || code=$?
expect_equal "$code" 127 "exit code of a missing program"
expect_file_contains "$WORK/missing.out" "^\[distcc-init\] \[error\] cannot run 'no-such-program'"

TEST "tcp image: the tools docs/images.md names run (watch, ps, bash, ...)"
expect_image_tools "$TCP_IMAGE" distcc-guard
run_once "$TCP_IMAGE" watch --version >"$WORK/watch-version" 2>&1 || fail "watch --version failed"
expect_file_contains "$WORK/watch-version" "procps"

TEST "tcp image: the documentation's command examples run, in a terminal"
expect_documented_examples_run "$TCP_IMAGE"

TEST "tcp image: DISTCC_INIT_DRY_RUN=1 prints the plan and starts nothing"
run_once --network host -e DISTCC_INIT_DRY_RUN=1 "$TCP_IMAGE" >"$WORK/dry" 2>&1
expect_equal "$?" 0 "exit code of the dry run"
expect_file_contains "$WORK/dry" "^mode: tcp"
expect_file_contains "$WORK/dry" "main: /usr/bin/distccd --daemon"

TEST "tcp image: DISTCC_INIT_DRY_RUN=json with --jobs 8 (docs/images.md's example) is JSON"
run_once -e DISTCC_INIT_DRY_RUN=json "$TCP_IMAGE" --jobs 8 >"$WORK/dry.json"
expect_equal "$?" 0 "exit code of the JSON dry run"
main=$(python3 -c 'import json, sys; print(" ".join(json.load(sys.stdin)["main"]))' <"$WORK/dry.json") ||
    fail "not JSON with a main argv: $(head -c 300 "$WORK/dry.json")"
expect_equal "${main##* --allow-private }" "--jobs 8" "the daemon's last arguments"

TEST "tcp image: a downstream image uses distcc-init as a plain init"
mkdir -p "$WORK/downstream"
printf 'FROM %s\nENTRYPOINT ["/usr/local/bin/distcc-init", "--"]\nCMD ["sh", "-c", "echo downstream; exit 7"]\n' \
    "$TCP_IMAGE" >"$WORK/downstream/Dockerfile"
DOCKER_BUILDKIT=0 $docker build -q --force-rm --label "$RUN_LABEL" -t distcc-init-test/downstream \
    "$WORK/downstream" >/dev/null
code=0
run_once distcc-init-test/downstream >"$WORK/downstream.out" 2>&1 || code=$?
$docker rmi distcc-init-test/downstream >/dev/null
expect_equal "$code" 7 "exit code of the downstream command"
expect_file_contains "$WORK/downstream.out" "^downstream$"

TEST "tcp image: the recommended least-privilege run line: read-only, no capability, no new privileges"
port=$(free_port)
least_cache=$(new_volume least-privilege-ccache)
worker=$(run_container least-privilege --read-only --tmpfs /tmp \
    --tmpfs /run/distcc-init:uid=240,gid=240 --cap-drop ALL --security-opt no-new-privileges \
    -e DISTCC_CCACHE_ENABLE=1 -v "$least_cache:/var/cache/ccache" \
    "$TCP_IMAGE" --port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
wait_for_port "$port" 20 || fail "distccd does not listen: $($docker logs "$worker" 2>&1 | tail -3)"
rm -f "$WORK/hello.o"
actual=$(distcc_hello "127.0.0.1:$port" "$WORK") || fail "compile failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built by the read-only worker"
wait_for_health "$worker" healthy 10 >/dev/null || fail "the read-only worker is not healthy"
expect_quick_stop "$worker"

TEST "tcp image: read-only without the tmpfs mounts: one line says what to mount"
code=0
run_once --network host --read-only "$TCP_IMAGE" --port "$port" >"$WORK/ro.out" 2>&1 || code=$?
expect_equal "$code" 5 "exit code"
expect_file_contains "$WORK/ro.out" "^\\[distcc-init\\] \\[error\\] the temporary directory .* --tmpfs /tmp"
expect_equal "$(grep -c 'error' "$WORK/ro.out")" 1 "error lines"

TEST "tcp suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
