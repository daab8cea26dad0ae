#!/bin/bash
# deploy/swarm/stack.yaml on a Swarm of several nodes on this one machine: one dockerd per node,
# each in a network namespace of the suite's own (its own data-root, exec-root, socket and
# pidfile; no bridge, no iptables), the nodes and a client joined through a bridge in another
# namespace of the suite's, so that no address is added to the machine's own namespace. Images
# reach each node with `docker save | docker load` (no registry). The stack's global services
# run a worker per node; `distcc-init hosts` lists them all; a parallel build spreads over all;
# a rolling update, node by node, while a build runs with DISTCC_FALLBACK=0, loses no compile.
# Everything (daemons, namespaces, the swarm, data-roots) is gone at the end.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
# Written without a free Docker engine: never run yet. Skipped until someone has run it once
# (DISTCC_INIT_NEW_CONTAINER_SUITES=1) and removed these lines.
[ "${DISTCC_INIT_NEW_CONTAINER_SUITES:-0}" = 1 ] ||
    skip_suite "not yet run on a real engine: DISTCC_INIT_NEW_CONTAINER_SUITES=1 runs it"
require_root
require_command ip dockerd distcc gcc curl python3 timeout
repo=$(cd "$(dirname "$0")/../.." && pwd)

NODES=${SWARM_NODES:-2}
SUBNET=10.213.77
tag="dn$$"                 # names of the namespaces, links and the stack
stack="distcc-nodes-$$"
node_ns() { echo "$tag-node$1"; }
node_address() { echo "$SUBNET.$((10 + $1))"; }
client_ns="$tag-client"
switch_ns="$tag-switch"
node_docker() { # N docker-ARGS...
    local node=$1
    shift
    $docker -H "unix://$WORK/node$node/docker.sock" "$@"
}
in_client() { ip netns exec "$client_ns" "$@"; }

# --- teardown: registered first, runs whatever was reached ---------------------------------
teardown() {
    local node pid left=()
    for node in $(seq "$NODES"); do
        node_docker "$node" swarm leave --force >/dev/null 2>&1
    done
    for node in $(seq "$NODES"); do
        pid=$(cat "$WORK/node$node/docker.pid" 2>/dev/null) || continue
        # its containerd and their shims, which outlive it: ended by their IDs afterwards
        mapfile -t -O "${#left[@]}" left < <(descendants "$pid")
        kill "$pid" 2>/dev/null
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    done
    [ ${#left[@]} -eq 0 ] || kill -KILL "${left[@]}" 2>/dev/null
    # Mounts the daemons left (overlays, netns bind mounts), deepest first.
    awk -v root="$WORK/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r |
        while read -r mount; do umount -l "$mount" 2>/dev/null; done
    for namespace in "$client_ns" "$switch_ns" $(for n in $(seq "$NODES"); do node_ns "$n"; done); do
        ip netns del "$namespace" 2>/dev/null
    done
}
add_cleanup teardown
# The suite's own objects live on its own daemons: the shared engine's objects are not touched.
remove_test_objects() { :; }

# --- the network: a bridge in its own namespace, a veth pair to each node and the client ---
TEST "nodes: $NODES node namespaces and a client joined through a bridge of the suite's own"
ip netns add "$switch_ns" && ip -n "$switch_ns" link add br0 type bridge &&
    ip -n "$switch_ns" link set br0 up && ip -n "$switch_ns" link set lo up ||
    skip_suite "cannot create network namespaces here"
connect() { # NAMESPACE ADDRESS
    local namespace=$1 address=$2
    local peer="v${namespace##*-}"
    ip netns add "$namespace"
    # The pair is made inside the switch's namespace and one end moved: no link of the suite's
    # ever appears in the machine's own namespace.
    ip -n "$switch_ns" link add "n$peer" type veth peer name "$peer"
    ip -n "$switch_ns" link set "n$peer" netns "$namespace"
    ip -n "$namespace" link set "n$peer" name eth0
    ip -n "$switch_ns" link set "$peer" master br0 up
    ip -n "$namespace" addr add "$address/24" dev eth0
    ip -n "$namespace" link set eth0 up
    ip -n "$namespace" link set lo up
}
for node in $(seq "$NODES"); do
    connect "$(node_ns "$node")" "$(node_address "$node")"
done
connect "$client_ns" "$SUBNET.2"
ip addr | grep -q "$SUBNET\." && fail "an address of the suite's is in the machine's namespace"

# --- one dockerd per node -------------------------------------------------------------------
TEST "nodes: a dockerd per node, each with its own roots"
for node in $(seq "$NODES"); do
    mkdir -p "$WORK/node$node/data" "$WORK/node$node/exec"
    ip netns exec "$(node_ns "$node")" dockerd --data-root "$WORK/node$node/data" \
        --exec-root "$WORK/node$node/exec" -H "unix://$WORK/node$node/docker.sock" \
        --pidfile "$WORK/node$node/docker.pid" --bridge=none --iptables=false \
        --ip-masq=false --userland-proxy=false >"$WORK/node$node/dockerd.log" 2>&1 &
done
for node in $(seq "$NODES"); do
    deadline=$((SECONDS + 60))
    until node_docker "$node" info >/dev/null 2>&1; do
        [ $SECONDS -ge $deadline ] && { fail "node $node's dockerd: $(tail -3 "$WORK/node$node/dockerd.log")"; break; }
        sleep 0.5
    done
done

TEST "nodes: the images reach every node without a registry (docker save | docker load)"
started=$SECONDS
$docker save "$TCP_IMAGE" "$SSH_IMAGE" >"$WORK/images.tar" || fail "docker save"
for node in $(seq "$NODES"); do
    node_docker "$node" load -q -i "$WORK/images.tar" >/dev/null || fail "docker load on node $node"
done
rm -f "$WORK/images.tar"
echo "    images on $NODES nodes in $((SECONDS - started)) s"

TEST "nodes: a swarm of $NODES nodes"
node_docker 1 swarm init --advertise-addr "$(node_address 1)" >/dev/null || fail "swarm init"
token=$(node_docker 1 swarm join-token -q worker)
for node in $(seq 2 "$NODES"); do
    node_docker "$node" swarm join --token "$token" --advertise-addr "$(node_address "$node")" \
        "$(node_address 1):2377" >/dev/null || fail "node $node did not join"
done
expect_equal "$(node_docker 1 node ls -q | wc -l)" "$NODES" "nodes in the swarm"

TEST "nodes: the stack runs one tcp and one ssh worker on every node, all healthy"
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
node_docker 1 secret create distcc_authorized_keys "$WORK/alice.pub" >/dev/null
deploy() {
    DISTCC_TCP_IMAGE=$TCP_IMAGE DISTCC_SSH_IMAGE=$SSH_IMAGE DISTCC_ALLOW="$SUBNET.0/24" \
        node_docker 1 stack deploy --resolve-image never -c "$repo/deploy/swarm/stack.yaml" \
        "$stack" >"$WORK/deploy.log" 2>&1 || fail "docker stack deploy: $(cat "$WORK/deploy.log")"
}
deploy
healthy_everywhere() { # SERVICE SECONDS
    local deadline=$((SECONDS + $2)) node count
    while [ $SECONDS -lt $deadline ]; do
        count=0
        for node in $(seq "$NODES"); do
            [ -n "$(node_docker "$node" ps -q --filter health=healthy \
                --filter "label=com.docker.swarm.service.name=${stack}_$1")" ] && count=$((count + 1))
        done
        [ "$count" = "$NODES" ] && return 0
        sleep 1
    done
    echo "$count"
    return 1
}
count=$(healthy_everywhere tcp 120) || fail "tcp workers healthy on $count of $NODES nodes"
count=$(healthy_everywhere ssh 120) || fail "ssh workers healthy on $count of $NODES nodes"

TEST "nodes: distcc-init hosts lists every node's worker with its job limit"
addresses=$(for node in $(seq "$NODES"); do node_address "$node"; done)
# shellcheck disable=SC2086 # one word per node
hosts=$(in_client "$DISTCC_INIT" hosts $addresses 2>"$WORK/hosts.err") ||
    fail "hosts: $(cat "$WORK/hosts.err")"
echo "    DISTCC_HOSTS=$hosts"
for node in $(seq "$NODES"); do
    [[ " $hosts " == *" $(node_address "$node"):3632/3 "* ]] ||
        fail "node $node's worker is not listed with its limit (3): $hosts"
done

# Compiles UNITS generated units through HOSTS, PARALLEL at a time, from the client's namespace;
# each unit's exit code in DIR/rc-N.
parallel_build() { # DIR HOSTS UNITS PARALLEL [SECONDS-PER-UNIT-PAUSE]
    local dir=$1 hosts=$2 units=$3 parallel=$4
    mkdir -p "$dir/state"
    for unit in $(seq "$units"); do
        printf '#include <stdio.h>\nint unit_%s(int x) { printf("%%d", x); return x * %s; }\n' \
            "$unit" "$unit" >"$dir/unit$unit.c"
    done
    seq "$units" | in_client env DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_DIR="$dir/state" \
        DISTCC_IO_TIMEOUT=60 xargs -P "$parallel" -I{} sh -c \
        "timeout 120 distcc gcc -c '$dir/unit{}.c' -o '$dir/unit{}.o' 2>>'$dir/errors'; echo \$? >'$dir/rc-{}'"
}
failed_units() { grep -Lx 0 "$1"/rc-* 2>/dev/null | wc -l; }
jobs_ok() { # NODE: distcc_jobs_total{outcome="ok"} of its tcp worker
    in_client curl -s --max-time 5 "http://$(node_address "$1"):3634/metrics" |
        awk '$1 == "distcc_jobs_total{outcome=\"ok\"}" { print $2; found = 1 } END { if (!found) print 0 }'
}

TEST "nodes: a parallel build spreads its jobs over every node"
parallel_build "$WORK/build1" "$hosts" 48 8
expect_equal "$(failed_units "$WORK/build1")" 0 "units that failed ($(head -3 "$WORK/build1/errors" 2>/dev/null))"
for node in $(seq "$NODES"); do
    jobs=$(jobs_ok "$node")
    echo "    node $node: $jobs jobs"
    [ "${jobs%.*}" -gt 0 ] || fail "node $node's worker did no job"
done

TEST "nodes: a rolling update, node by node, while a build runs with DISTCC_FALLBACK=0"
parallel_build "$WORK/build2" "$hosts" 400 4 &
build=$!
sleep 3
timeout 300 $docker -H "unix://$WORK/node1/docker.sock" service update --detach=false --force "${stack}_tcp" \
    >"$WORK/update.log" 2>&1 || fail "service update: $(tail -5 "$WORK/update.log")"
wait "$build"
expect_equal "$(failed_units "$WORK/build2")" 0 "units that failed during the update ($(head -3 "$WORK/build2/errors" 2>/dev/null))"
expect_equal "$(node_docker 1 service inspect -f '{{.UpdateStatus.State}}' "${stack}_tcp")" completed \
    "update state"
count=$(healthy_everywhere tcp 60) || fail "tcp workers healthy after the update on $count of $NODES nodes"
for node in $(seq "$NODES"); do
    node_docker "$node" ps -a --filter "label=com.docker.swarm.service.name=${stack}_tcp" \
        --format '{{.Status}}' >"$WORK/node$node.tasks"
    grep -q "Exited (143)" "$WORK/node$node.tasks" ||
        fail "node $node's old worker did not exit with 143: $(paste -sd' ' "$WORK/node$node.tasks")"
done

TEST "nodes: the stack goes, the swarm is left, and nothing of the suite stays on the machine"
node_docker 1 stack rm "$stack" >/dev/null
teardown
for node in $(seq "$NODES"); do
    [ -e "/run/netns/$(node_ns "$node")" ] && fail "namespace of node $node left"
done
[ -z "$(pgrep -f "dockerd --data-root $WORK/node")" ] || fail "a node's dockerd is still running"
[ -z "$(awk -v root="$WORK/" 'index($2, root) == 1' /proc/self/mounts)" ] || fail "mounts left under $WORK"
ip addr | grep -q "$SUBNET\." && fail "an address of the suite's is in the machine's namespace"

finish
