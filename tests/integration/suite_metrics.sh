#!/bin/bash
# DISTCC_METRICS_ENABLE: a tcp worker whose metrics companion a real Prometheus server scrapes;
# the counts Prometheus stores match the compiles made, a scrape leaves no trace, the
# shipped scrape configuration and dashboard queries work, bad ports are refused up front.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc ccache unshare nsenter ss python3 timeout curl prometheus promtool
repo=$(cd "$(dirname "$0")/../.." && pwd)

write_hello_source "$WORK"
printf 'int broken(void) { return }\n' >"$WORK/broken.c"
mkdir -p "$WORK/client"

client_env() {
    env DISTCC_HOSTS="127.0.0.1:$port" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
        DISTCC_DIR="$WORK/client" DISTCC_IO_TIMEOUT=30 timeout 60 "$@"
}
compile() { (cd "$WORK" && client_env distcc "$1" -c "$2" -o "$WORK/out.o") >>"$WORK/client.log" 2>&1; }
scrape() { curl -s --max-time 10 "http://127.0.0.1:$metrics_port/metrics"; }
# A request distccd rejects: no distcc protocol header (counted as a bad request).
send_bad_request() {
    python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(b"NOT A DISTCC REQUEST\n"); s.shutdown(socket.SHUT_WR); s.recv(100)' "$port"
}
metric() { # EXPOSITION-FILE SERIES -> value
    awk -v series="$2" '$1 == series { print $2 }' "$1"
}

# PromQL over Prometheus' HTTP API; prints the value of the first sample, or "none".
query() {
    curl -s --max-time 10 "http://127.0.0.1:$prometheus_port/api/v1/query" \
        --data-urlencode "query=$1" | python3 -c '
import json, sys
reply = json.load(sys.stdin)
result = reply["data"]["result"] if reply.get("status") == "success" else []
print(result[0]["value"][1] if result else "none")'
}
wait_for_query() { # QUERY EXPECTED SECONDS
    local deadline=$((SECONDS + $3)) value
    while true; do
        value=$(query "$1")
        [ "$value" = "$2" ] && return 0
        [ $SECONDS -ge $deadline ] && { echo "$value"; return 1; }
        sleep 0.5
    done
}

port=$(free_port)
metrics_port=$(free_port)
prometheus_port=$(free_port)

TEST "metrics: the companion serves /metrics that promtool accepts"
DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_ADDRESS=127.0.0.1 DISTCC_METRICS_PORT="$metrics_port" \
    DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/ccache" \
    start_worker "$WORK/tcp" metrics --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$metrics_port" || fail "no metrics endpoint: $(cat "$WORK/tcp.err")"
wait_for_port "$port" || fail "distccd does not listen: $(cat "$WORK/tcp.err")"
scrape >"$WORK/first.prom"
promtool check metrics <"$WORK/first.prom" >"$WORK/promtool.out" 2>&1 ||
    fail "promtool check metrics: $(cat "$WORK/promtool.out")"
expect_equal "$(metric "$WORK/first.prom" distcc_stats_up)" 1 "distcc_stats_up"
expect_equal "$(metric "$WORK/first.prom" ccache_stats_up)" 1 "ccache_stats_up"
expect_equal "$(metric "$WORK/first.prom" 'distcc_jobs_total{outcome="ok"}')" 0 "jobs before any compile"
expect_file_contains "$WORK/first.prom" '^distcc_init_info\{version="[0-9.]+",mode="tcp"\} 1$'
expect_file_contains "$WORK/first.prom" '^distcc_compiler_info\{compiler="gcc",version="[0-9.]+",target="[a-z0-9_-]+"\} 1$'
# The names distcc-init serves (its DISTCC_CMDLIST), Gentoo spellings included.
if [ "$(gcc -dumpmachine)" = x86_64-linux-gnu ]; then
    expect_file_contains "$WORK/first.prom" '^distcc_compiler_info\{compiler="x86_64-pc-linux-gnu-gcc",version="[0-9.]+",target="x86_64-linux-gnu"\} 1$'
fi
expect_file_contains "$WORK/first.prom" "^distcc_job_limit [0-9]+$"
expect_equal "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$metrics_port/")" 404 "status of /"
in_worker "$DISTCC_INIT" healthcheck >"$WORK/health.out" || fail "unhealthy: $(cat "$WORK/health.out")"
expect_file_contains "$WORK/health.out" "statistics answer"

TEST "metrics: a scrape writes no log line and changes no ccache statistic"
ccache_stats() { CCACHE_DIR="$WORK/ccache" ccache --print-stats | grep -v timestamp; }
ccache_stats >"$WORK/ccache-before"
lines_before=$(wc -l <"$WORK/tcp.err")
for _ in 1 2 3 4 5; do scrape >/dev/null; done
sleep 0.3
expect_equal "$(wc -l <"$WORK/tcp.err")" "$lines_before" "log lines after five scrapes"
ccache_stats >"$WORK/ccache-after"
cmp -s "$WORK/ccache-before" "$WORK/ccache-after" ||
    fail "ccache statistics changed: $(diff "$WORK/ccache-before" "$WORK/ccache-after")"

TEST "metrics: Prometheus, with the shipped scrape configuration, counts what was compiled"
sed -e "s/scrape_interval: 15s/scrape_interval: 1s/" -e "s/scrape_timeout: 10s/scrape_timeout: 1s/" \
    -e "/worker2.example/d" -e "s/worker1.example:3634/127.0.0.1:$metrics_port/" \
    "$repo/deploy/prometheus/prometheus.yml" >"$WORK/prometheus.yml"
promtool check config "$WORK/prometheus.yml" >"$WORK/promtool-config.out" 2>&1 ||
    fail "promtool check config: $(cat "$WORK/promtool-config.out")"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$WORK/prometheus.log" 2>&1 &
prometheus_pid=$!
add_cleanup "kill $prometheus_pid"
wait_for_port "$prometheus_port" 30 || fail "Prometheus did not start: $(tail -5 "$WORK/prometheus.log")"
compiles=3
refusals=2
for i in $(seq "$compiles"); do
    printf 'int unit%d(void) { return %d; }\n' "$i" "$i" >"$WORK/unit$i.c"
    compile gcc "$WORK/unit$i.c" || fail "compile $i failed: $(tail -3 "$WORK/client.log")"
done
for _ in $(seq "$refusals"); do
    send_bad_request || fail "distccd did not answer a bad request"
done
compile gcc "$WORK/broken.c" && fail "a broken source compiled"
value=$(wait_for_query 'distcc_jobs_total{job="distcc",outcome="ok"}' "$compiles" 30) ||
    fail "Prometheus: ok jobs $value, expected $compiles"
value=$(wait_for_query 'distcc_jobs_total{job="distcc",outcome="bad_request"}' "$refusals" 30) ||
    fail "Prometheus: refused jobs $value, expected $refusals"
value=$(wait_for_query 'distcc_jobs_total{job="distcc",outcome="compile_error"}' 1 30) ||
    fail "Prometheus: compile errors $value, expected 1"
expect_equal "$(query 'up{job="distcc",farm="distcc"}')" 1 "up, with the configuration's labels"

TEST "metrics: with ccache on, a warm rebuild shows as hits"
hits_before=$(query 'sum(ccache_hits_total{job="distcc"})')
for i in $(seq "$compiles"); do
    compile gcc "$WORK/unit$i.c" || fail "rebuild $i failed"
done
value=$(wait_for_query "sum(ccache_hits_total{job=\"distcc\"}) - $hits_before" "$compiles" 30) ||
    fail "Prometheus: new ccache hits $value, expected $compiles"

TEST "metrics: every query of the shipped Grafana dashboard runs against the real data"
sleep 2 # two more scrapes, so that rate() has samples after the rebuild
python3 -c '
import json, sys
for panel in json.load(open(sys.argv[1]))["panels"]:
    for target in panel["targets"]:
        print(target["expr"])' "$repo/deploy/grafana/distcc-farm.json" >"$WORK/queries"
expect_less_than 5 "$(wc -l <"$WORK/queries")" "queries in the dashboard"
while read -r expression; do
    value=$(query "$expression")
    [ "$value" != none ] || fail "dashboard query gives nothing: $expression"
done <"$WORK/queries"
stop_worker
expect_equal "$PID1_CODE" 143 "exit code after SIGTERM"

TEST "metrics: a taken port is one clear line, and nothing starts"
blocker_port=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' "$blocker_port" &
blocker=$!
add_cleanup "kill $blocker"
wait_for_port "$blocker_port"
port=$(free_port)
code=0
DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_ADDRESS=127.0.0.1 DISTCC_METRICS_PORT="$blocker_port" \
    run_worker metrics --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1 \
    >"$WORK/taken.out" 2>"$WORK/taken.err" || code=$?
expect_equal "$code" 3 "exit code with a taken metrics port"
expect_equal "$(wc -l <"$WORK/taken.err")" 1 "error lines"
expect_file_contains "$WORK/taken.err" "DISTCC_METRICS_PORT=$blocker_port: cannot listen on 127.0.0.1:$blocker_port: Address already in use"
expect_equal "$(ss -Hltn "sport = :$port" | wc -l)" 0 "distccd listening after the refusal"
kill "$blocker"

TEST "metrics: an invalid metrics port is refused before anything starts"
code=0
DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_PORT=99999 \
    run_worker metrics --mode tcp -- --port "$port" >"$WORK/bad.out" 2>"$WORK/bad.err" || code=$?
expect_equal "$code" 3 "exit code with an invalid metrics port"
expect_file_contains "$WORK/bad.err" 'DISTCC_METRICS_PORT="99999": expected a TCP port from 1 to 65535'

finish
