#!/bin/bash
# deploy/swarm/stack.yaml on a single-node Swarm (advertised on 127.0.0.1): global services on
# the host network, healthy, a compile through each, the CPU limit seen by the job count, the
# ssh service's key from a Docker secret, a rolling update to a rebuilt image, and stack rm
# leaving nothing. The machine leaves the swarm again at the end.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc ssh ssh-keygen ss curl python3 prometheus
repo=$(cd "$(dirname "$0")/../.." && pwd)

[ "$($docker info -f '{{.Swarm.LocalNodeState}}')" = inactive ] ||
    skip_suite "this engine is already part of a swarm; the suite makes and leaves its own"
for port in 2222 3632 3633 3634 3642 3643 3644; do
    ss -Hltn "sport = :$port" | grep -q LISTEN && skip_suite "port $port is taken; the stack uses it"
done

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
ssh-keygen -q -t ed25519 -N '' -C mallory -f "$WORK/mallory"
stack="distcc-test-$$"

$docker swarm init --advertise-addr 127.0.0.1 >/dev/null || fail "docker swarm init failed"
add_cleanup "$docker swarm leave --force"
add_cleanup "$docker stack rm $stack; sleep 3; $docker volume rm -f ${stack}_ccache ${stack}_ssh-host-keys"
$docker secret create --label "$RUN_LABEL" distcc_authorized_keys "$WORK/alice.pub" >/dev/null

# The service's running container, once Docker reports it healthy.
healthy_task() { # SERVICE SECONDS
    local deadline=$((SECONDS + $2)) id
    while [ $SECONDS -lt $deadline ]; do
        id=$($docker ps -q --filter "label=com.docker.swarm.service.name=${stack}_$1" \
            --filter health=healthy | head -1)
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 0.5
    done
    return 1
}
deploy() {
    DISTCC_TCP_IMAGE=$1 DISTCC_SSH_IMAGE="$SSH_IMAGE" DISTCC_ALLOW=127.0.0.1 \
        $docker stack deploy --resolve-image never -c "$repo/deploy/swarm/stack.yaml" "$stack" \
        >"$WORK/deploy.log" 2>&1 || fail "docker stack deploy: $(cat "$WORK/deploy.log")"
}

TEST "swarm: the stack deploys; both global services become healthy"
deploy "$TCP_IMAGE"
tcp=$(healthy_task tcp 60) || fail "tcp service not healthy: $($docker service ps --no-trunc "${stack}_tcp")"
ssh_worker=$(healthy_task ssh 60) || fail "ssh service not healthy: $($docker service ps --no-trunc "${stack}_ssh")"
expect_equal "$($docker service inspect -f '{{.Spec.Mode.Global}}' "${stack}_tcp")" "{}" "tcp service mode"
expect_equal "$(container_state '{{.HostConfig.NetworkMode}}' "$tcp")" host "network of the tcp task"
expect_equal "$(container_state '{{.HostConfig.CapDrop}}' "$tcp")" "[ALL]" "capabilities dropped (tcp)"
expect_equal "$(container_state '{{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}}' "$ssh_worker")" \
    "[ALL] [CAP_CHOWN CAP_DAC_OVERRIDE CAP_FOWNER CAP_KILL CAP_SETGID CAP_SETUID CAP_SYS_CHROOT]" \
    "capabilities (ssh)"

TEST "swarm: a compile goes through the tcp service (fallback off)"
actual=$(distcc_hello "127.0.0.1:3632" "$WORK") || fail "compile failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built by the swarm worker"

TEST "swarm: the service's CPU limit becomes distccd's job count"
$docker logs "$tcp" >"$WORK/tcp-task.log" 2>&1
expect_file_contains "$WORK/tcp-task.log" "distccd jobs: --jobs 3: 1 usable CPU\(s\) \+ 2 .*quota 1\.00 CPUs"

TEST "swarm: the ssh service takes its key from the Docker secret and refuses others"
write_ssh_client alice 2222 distcc-ssh "$WORK/alice"
write_ssh_client mallory 2222 distcc-ssh "$WORK/mallory"
rm -f "$WORK/hello.o"
actual=$(DISTCC_SSH="$WORK/ssh_alice" distcc_hello "@127.0.0.1" "$WORK") ||
    fail "compile over ssh failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built over SSH"
timeout 20 ssh -F "$WORK/ssh_config_mallory" 127.0.0.1 true 2>/dev/null && fail "another key logged in"

TEST "swarm: Prometheus, with deploy/prometheus/swarm.yml, finds and scrapes both workers"
prometheus_port=$(free_port)
sed -e 's/scrape_interval: 15s/scrape_interval: 1s/' "$repo/deploy/prometheus/swarm.yml" \
    >"$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$WORK/prometheus.log" 2>&1 &
prometheus_pid=$!
add_cleanup "kill $prometheus_pid"
up_targets() {
    curl -s --max-time 5 "http://127.0.0.1:$prometheus_port/api/v1/query" \
        --data-urlencode 'query=sum(up{job="distcc"})' |
        python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else 0)'
}
deadline=$((SECONDS + 40))
until [ "$(up_targets 2>/dev/null)" = 2 ]; do
    [ $SECONDS -ge $deadline ] && { fail "Prometheus sees $(up_targets) of 2 workers: $(tail -3 "$WORK/prometheus.log")"; break; }
    sleep 1
done
kill "$prometheus_pid"

TEST "swarm: a rolling update to a rebuilt image converges and compiles again"
printf 'FROM %s\nLABEL distcc-init-test.rebuilt=%s\n' "$TCP_IMAGE" "$$" |
    $docker build -q --label "$RUN_LABEL" -t "gentoo-distcc:tcp-test-rebuilt-$$" - >/dev/null
add_cleanup "$docker rmi -f gentoo-distcc:tcp-test-rebuilt-$$"
timeout 120 $docker service update --detach=false --image "gentoo-distcc:tcp-test-rebuilt-$$" \
    "${stack}_tcp" >"$WORK/update.log" 2>&1 || fail "service update: $(tail -5 "$WORK/update.log")"
tcp=$(healthy_task tcp 60) || fail "the updated tcp service is not healthy"
expect_equal "$(container_state '{{.Config.Image}}' "$tcp")" "gentoo-distcc:tcp-test-rebuilt-$$" \
    "image of the running task"
expect_equal "$($docker service inspect -f '{{.UpdateStatus.State}}' "${stack}_tcp")" completed \
    "update state"
rm -f "$WORK/hello.o"
actual=$(distcc_hello "127.0.0.1:3632" "$WORK") || fail "compile after the update failed"
expect_equal "$actual" "$expected" "output after the update"

TEST "swarm: stack rm leaves nothing running; the machine leaves the swarm"
$docker stack rm "$stack" >/dev/null
deadline=$((SECONDS + 30))
while [ -n "$($docker ps -aq --filter "label=com.docker.stack.namespace=$stack")" ]; do
    [ $SECONDS -ge $deadline ] && { fail "the stack's containers are still there"; break; }
    sleep 0.5
done
# The stack's named volumes outlive it by design (the caches): remove them here.
sleep 1
$docker volume rm -f "${stack}_ccache" "${stack}_ssh-host-keys" >/dev/null
$docker secret rm distcc_authorized_keys >/dev/null
$docker rmi -f "gentoo-distcc:tcp-test-rebuilt-$$" >/dev/null
$docker swarm leave --force >/dev/null
expect_equal "$($docker info -f '{{.Swarm.LocalNodeState}}')" inactive "swarm state"

TEST "swarm suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
