#!/bin/bash
# deploy/compose/compose.yaml with Debian's docker-compose 1.29 (Compose v2 is not packaged
# here): up, healthy, a compile through the tcp worker, the ssh profile with its key from the
# secret file, metrics, and down leaving nothing.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc curl ssh ssh-keygen docker-compose
repo=$(cd "$(dirname "$0")/../.." && pwd)

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
ssh-keygen -q -t ed25519 -N '' -C mallory -f "$WORK/mallory"
cp "$WORK/alice.pub" "$WORK/authorized_keys"

project="distcc-init-test-compose-$$"
export DISTCC_TCP_IMAGE="$TCP_IMAGE" DISTCC_SSH_IMAGE="$SSH_IMAGE" DISTCC_ALLOW=127.0.0.1
export AUTHORIZED_KEYS_PATH="$WORK/authorized_keys"
DISTCC_PORT=$(free_port) DISTCC_METRICS_PORT=$(free_port) DISTCC_SSH_PORT=$(free_port)
DISTCC_SSH_DAEMON_PORT=$(free_port) DISTCC_SSH_METRICS_PORT=$(free_port)
export DISTCC_PORT DISTCC_METRICS_PORT DISTCC_SSH_PORT DISTCC_SSH_DAEMON_PORT DISTCC_SSH_METRICS_PORT
compose() { docker-compose --ansi never -p "$project" -f "$repo/deploy/compose/compose.yaml" "$@"; }
add_cleanup "docker-compose --ansi never -p $project -f $repo/deploy/compose/compose.yaml --profile ssh down -v"
container_of() { compose ps -q "$1"; }

TEST "compose: the file is valid for docker-compose 1.29"
compose config -q 2>"$WORK/config.err" || fail "docker-compose config: $(cat "$WORK/config.err")"

TEST "compose: up starts a healthy tcp worker, and a compile goes through it"
compose up -d >"$WORK/up.log" 2>&1 || fail "docker-compose up: $(cat "$WORK/up.log")"
tcp=$(container_of tcp)
wait_for_health "$tcp" healthy 20 >/dev/null || fail "tcp worker not healthy: $($docker logs "$tcp" 2>&1 | tail -5)"
expect_equal "$(container_state '{{.HostConfig.RestartPolicy.Name}}' "$tcp")" unless-stopped "restart policy"
actual=$(distcc_hello "127.0.0.1:$DISTCC_PORT" "$WORK") || fail "compile failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built through the compose worker"
expect_equal "$(container_of ssh)" "" "the ssh worker without its profile"

TEST "compose: the ssh profile: the key from the secret file compiles, another key is refused"
compose --profile ssh up -d >"$WORK/up-ssh.log" 2>&1 || fail "up with the ssh profile: $(cat "$WORK/up-ssh.log")"
ssh_worker=$(container_of ssh)
wait_for_health "$ssh_worker" healthy 30 >/dev/null ||
    fail "ssh worker not healthy: $($docker logs "$ssh_worker" 2>&1 | tail -5)"
write_ssh_client alice "$DISTCC_SSH_PORT" distcc-ssh "$WORK/alice"
write_ssh_client mallory "$DISTCC_SSH_PORT" distcc-ssh "$WORK/mallory"
rm -f "$WORK/hello.o"
actual=$(DISTCC_SSH="$WORK/ssh_alice" distcc_hello "@127.0.0.1" "$WORK") ||
    fail "compile over ssh failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built over SSH"
timeout 20 ssh -F "$WORK/ssh_config_mallory" 127.0.0.1 true 2>/dev/null && fail "another key logged in"
$docker exec "$ssh_worker" env >"$WORK/ssh-env"
expect_file_lacks "$WORK/ssh-env" "AAAA" # the key is in a mounted file, not the environment

TEST "compose: both workers serve metrics, on the ports the file gives them"
for metrics_port in "$DISTCC_METRICS_PORT" "$DISTCC_SSH_METRICS_PORT"; do
    curl -s --max-time 10 "http://127.0.0.1:$metrics_port/metrics" >"$WORK/compose.prom"
    expect_file_contains "$WORK/compose.prom" '^distcc_jobs_total\{outcome="ok"\} 1$'
done
expect_equal "$(container_state '{{index .Config.Labels "prometheus.io/port"}}' "$tcp")" \
    "$DISTCC_METRICS_PORT" "the tcp worker's scrape label"

TEST "compose: down -v removes the workers and their volumes"
compose --profile ssh down -v >"$WORK/down.log" 2>&1 || fail "docker-compose down: $(cat "$WORK/down.log")"
expect_equal "$($docker ps -aq --filter "label=com.docker.compose.project=$project" | wc -l)" 0 \
    "containers of the project"
expect_equal "$($docker volume ls -q --filter "label=com.docker.compose.project=$project" | wc -l)" 0 \
    "volumes of the project"

TEST "compose suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
