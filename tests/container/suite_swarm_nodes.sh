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
require_root
require_command ip nsenter dockerd distcc gcc curl python3 timeout ssh-keygen
repo=$(cd "$(dirname "$0")/../.." && pwd)
export TMPDIR="$WORK/tmp" # the distcc clients' temporary files
mkdir -p "$TMPDIR"

NODES=${SWARM_NODES:-2}
SUBNET=10.213.77
tag="dn$$" # names of the namespaces, and of the stack below
stack="distcc-nodes-$$"
node_ns() { echo "$tag-node$1"; }
node_address() { echo "$SUBNET.$((10 + $1))"; }
client_ns="$tag-client"
switch_ns="$tag-switch"
namespaces() { echo "$client_ns" "$switch_ns" $(for n in $(seq "$NODES"); do node_ns "$n"; done); }
node_docker() { # N docker-ARGS...
    local node=$1
    shift
    $docker -H "unix://$WORK/node$node/docker.sock" "$@"
}
in_client() { ip netns exec "$client_ns" "$@"; }
# A step the rest depends on failed: the suite ends here (its cleanup runs).
abort() { # MESSAGE
    fail "$1"
    echo "=== stopped: the following tests need this step"
    exit 1
}

# What of the suite's the machine's own namespace holds (nothing, unless it leaks), to compare
# at the end: its links, addresses and namespaces, processes naming the nodes' folders (a
# dockerd, containerd or shim), mounts under its folder, and Docker's shared run directory.
machine_state() {
    ip -o link | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -E '^n?v(node[0-9]+|client)$' |
        sed 's/^/link /'
    ip -o addr | awk -v subnet="$SUBNET." 'index($4, subnet) == 1 { print "address " $2 " " $4 }'
    ip netns list | awk -v tag="$tag-" 'index($1, tag) == 1 { print "namespace " $1 }'
    grep -ls "$WORK/nod[e]" /proc/[0-9]*/cmdline 2>/dev/null | sed 's|/cmdline||; s|^/proc/|process |'
    awk -v root="$WORK/" 'index($2, root) == 1 { print "mount " $2 }' /proc/self/mounts
    find /run/docker -maxdepth 2 2>/dev/null | sed 's/^/run /'
}
MACHINE_BEFORE=$(machine_state | sort)

# --- teardown: registered first, runs whatever was reached; prints what it had to kill -------
teardown() {
    local node namespace pid ids pids=()
    # The stack first (global services would put back what is removed), then the swarm.
    node_docker 1 stack rm "$stack" >/dev/null 2>&1
    for node in $(seq "$NODES"); do
        node_docker "$node" swarm leave --force >/dev/null 2>&1
    done
    for node in $(seq "$NODES"); do
        mapfile -t ids < <(node_docker "$node" ps -aq 2>/dev/null)
        [ ${#ids[@]} -eq 0 ] || node_docker "$node" rm -f "${ids[@]}" >/dev/null 2>&1
    done
    for node in $(seq "$NODES"); do
        pid=$(cat "$WORK/node$node/docker.pid" 2>/dev/null) && kill "$pid" 2>/dev/null && pids+=("$pid")
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    # Whatever still runs in a namespace of the suite's (a daemon that did not stop, a shim or a
    # container process whose daemon went first, a client): ended by its ID.
    for namespace in $(namespaces); do
        mapfile -t ids < <(ip netns pids "$namespace" 2>/dev/null)
        [ ${#ids[@]} -eq 0 ] && continue
        echo "killed in $namespace: $(IFS=,; ps -o comm= -p "${ids[*]}" | paste -sd' ')"
        kill -KILL "${ids[@]}" 2>/dev/null
    done
    for namespace in $(namespaces); do
        for _ in $(seq 50); do [ -z "$(ip netns pids "$namespace" 2>/dev/null)" ] && break; sleep 0.1; done
        ip netns del "$namespace" 2>/dev/null
    done
    # The nodes' folders are tmpfs mounts: unmounted, not deleted file by file (gigabytes of
    # image layers). One still busy stays mounted, for the final check to report.
    # A daemon leaves its own mounts in its exec-root (netns/default, the node's namespace).
    for node in $(seq "$NODES"); do
        awk -v root="$WORK/node$node/exec/netns/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts |
            while read -r mount; do umount "$mount"; done
        mountpoint -q "$WORK/node$node" && umount "$WORK/node$node"
    done
    rm -rf "$WORK"/node[0-9]* 2>/dev/null
}
add_cleanup teardown
# After the final check (or a run cut short): whatever is still mounted under the suite's folder.
unmount_left() {
    awk -v root="$WORK/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r |
        while read -r mount; do umount -l "$mount"; done
}
add_cleanup unmount_left
# The suite's own objects live on its own daemons: the shared engine's are not touched.
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
# Reachable: a connection to a closed port is refused (no ping here).
reaches() { # ADDRESS
    in_client python3 -c 'import socket, sys
try:
    socket.create_connection((sys.argv[1], 9), timeout=5)
except ConnectionRefusedError:
    sys.exit(0)
sys.exit(1)' "$1"
}
for node in $(seq "$NODES"); do
    reaches "$(node_address "$node")" || abort "the client does not reach node $node"
done
ip addr | grep -q "$SUBNET\." && fail "an address of the suite's is in the machine's namespace"

# --- one dockerd per node -------------------------------------------------------------------
TEST "nodes: a dockerd per node, each with its own roots"
for node in $(seq "$NODES"); do
    # In memory: loading the images writes (and the end would delete) ~1.5 GB a node, which on a
    # busy disk took minutes.
    mkdir -p "$WORK/node$node"
    mount -t tmpfs -o mode=0755 tmpfs "$WORK/node$node" || abort "cannot mount a tmpfs for node $node"
    mkdir -p "$WORK/node$node/data" "$WORK/node$node/exec"
    # Only the network namespace is the node's (ip netns exec would also mount a /sys of its own,
    # without the cgroups dockerd needs). No descriptor of the caller's: a lock held around the
    # run must not be held by the daemon.
    nsenter --net="/run/netns/$(node_ns "$node")" "$(dirname "$0")/only_standard_descriptors.sh" dockerd \
        --data-root "$WORK/node$node/data" --exec-root "$WORK/node$node/exec" \
        -H "unix://$WORK/node$node/docker.sock" --pidfile "$WORK/node$node/docker.pid" \
        --bridge=none --iptables=false --ip-masq=false --userland-proxy=false \
        </dev/null >"$WORK/node$node/dockerd.log" 2>&1 &
done
for node in $(seq "$NODES"); do
    deadline=$((SECONDS + 90))
    until node_docker "$node" info >/dev/null 2>&1; do
        [ $SECONDS -ge $deadline ] && abort "node $node's dockerd: $(tail -3 "$WORK/node$node/dockerd.log")"
        sleep 0.5
    done
done

TEST "nodes: the images reach every node without a registry (docker save | docker load)"
started=$SECONDS
$docker save -o "$WORK/node1/images.tar" "$TCP_IMAGE" "$SSH_IMAGE" || abort "docker save"
loads=()
for node in $(seq "$NODES"); do
    node_docker "$node" load -q -i "$WORK/node1/images.tar" >"$WORK/node$node/load.log" 2>&1 &
    loads+=($!)
done
wait "${loads[@]}" # (not a bare wait: the daemons are this shell's children too)
rm -f "$WORK/node1/images.tar"
for node in $(seq "$NODES"); do
    node_docker "$node" image inspect "$TCP_IMAGE" "$SSH_IMAGE" >/dev/null 2>&1 ||
        abort "docker load on node $node: $(tail -3 "$WORK/node$node/load.log")"
done
echo "    images on $NODES nodes in $((SECONDS - started)) s"

TEST "nodes: a swarm of $NODES nodes"
node_docker 1 swarm init --advertise-addr "$(node_address 1)" >/dev/null || abort "swarm init"
token=$(node_docker 1 swarm join-token -q worker)
for node in $(seq 2 "$NODES"); do
    node_docker "$node" swarm join --token "$token" --advertise-addr "$(node_address "$node")" \
        "$(node_address 1):2377" >/dev/null || abort "node $node did not join"
done
ready_nodes() { node_docker 1 node ls --format '{{.Status}}' | grep -cx Ready; }
deadline=$((SECONDS + 60))
until [ "$(ready_nodes)" = "$NODES" ]; do
    [ $SECONDS -ge $deadline ] && abort "$(ready_nodes) of $NODES nodes ready"
    sleep 1
done

TEST "nodes: the stack runs one tcp and one ssh worker on every node, all healthy"
started=$SECONDS
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
node_docker 1 secret create distcc_authorized_keys "$WORK/alice.pub" >/dev/null
DISTCC_TCP_IMAGE=$TCP_IMAGE DISTCC_SSH_IMAGE=$SSH_IMAGE DISTCC_ALLOW="$SUBNET.0/24" \
    node_docker 1 stack deploy --resolve-image never -c "$repo/deploy/swarm/stack.yaml" \
    "$stack" >"$WORK/deploy.log" 2>&1 || abort "docker stack deploy: $(cat "$WORK/deploy.log")"
# The service's containers on NODE: running, or all of them (-a), with docker ps ARGS.
service_containers() { # NODE SERVICE docker-ps-ARGS...
    local node=$1 service=$2
    shift 2
    node_docker "$node" ps -q --filter "label=com.docker.swarm.service.name=${stack}_$service" "$@"
}
healthy_everywhere() { # SERVICE SECONDS: waits; prints on how many nodes it is healthy
    local deadline=$((SECONDS + $2)) node count
    while :; do
        count=0
        for node in $(seq "$NODES"); do
            [ "$(service_containers "$node" "$1" --filter health=healthy | wc -l)" = 1 ] &&
                count=$((count + 1))
        done
        [ "$count" = "$NODES" ] || [ $SECONDS -ge $deadline ] && break
        sleep 1
    done
    echo "$count"
    [ "$count" = "$NODES" ]
}
count=$(healthy_everywhere tcp 180) || abort "tcp workers healthy on $count of $NODES nodes"
count=$(healthy_everywhere ssh 120) || abort "ssh workers healthy on $count of $NODES nodes"
echo "    healthy on $NODES nodes $((SECONDS - started)) s after the deploy"

TEST "nodes: distcc-init hosts lists every node's worker with its job limit"
addresses=$(for node in $(seq "$NODES"); do node_address "$node"; done)
# shellcheck disable=SC2086 # one word per node
hosts=$(in_client "$DISTCC_INIT" hosts $addresses 2>"$WORK/hosts.err") ||
    fail "hosts: $(cat "$WORK/hosts.err")"
echo "    DISTCC_HOSTS=$hosts"
# The client's own slots first (the client has this machine's CPUs), then every node's worker.
[[ "$hosts" =~ ^localhost/[0-9]+\  ]] || fail "the line does not start with the client's slots: $hosts"
expect_equal "$(wc -w <<<"$hosts")" "$((NODES + 1))" "hosts listed"
for node in $(seq "$NODES"); do
    [[ " $hosts " == *" $(node_address "$node"):3632/3 "* ]] ||
        fail "node $node's worker is not listed with its limit (3): $hosts"
done
# The workers alone, to see every job on a worker.
# shellcheck disable=SC2086 # one word per node
workers=$(in_client "$DISTCC_INIT" hosts --localhost 0 $addresses 2>>"$WORK/hosts.err") ||
    fail "hosts --localhost 0: $(cat "$WORK/hosts.err")"
expect_equal "$(wc -w <<<"$workers")" "$NODES" "workers listed with --localhost 0"

# Units DIR/unitN.c; compiles them through HOSTS, PARALLEL at a time, from the client's
# namespace with fallback off (DISTCC_* settings of the caller's environment passed on); each
# unit's exit code in DIR/rc-ROUND-N, its errors appended to DIR/errors.
write_units() { # DIR UNITS
    mkdir -p "$1/state"
    for unit in $(seq "$2"); do
        printf '#include <stdio.h>\nint unit_%s(int x) { printf("%%d", x); return x * %s; }\n' \
            "$unit" "$unit" >"$1/unit$unit.c"
    done
}
compile_units() { # DIR HOSTS UNITS PARALLEL ROUND
    local dir=$1 hosts=$2 units=$3 parallel=$4 round=$5
    seq "$units" | in_client env DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_DIR="$dir/state" \
        DISTCC_IO_TIMEOUT=60 xargs -P "$parallel" -I{} sh -c "timeout 120 distcc gcc -c \
        '$dir/unit{}.c' -o '$dir/unit{}-$round.o' 2>>'$dir/errors'; echo \$? >'$dir/rc-$round-{}'"
}
units_done() { find "$1" -name 'rc-*' "${@:2}" | wc -l; }
units_failed() { grep -Lx 0 "$1"/rc-* 2>/dev/null | wc -l; }
# A worker's distcc_jobs_total{outcome="ok"} (its metrics, port 3634).
jobs_ok() { # ADDRESS
    in_client curl -s --max-time 10 "http://$1:3634/metrics" |
        awk '$1 == "distcc_jobs_total{outcome=\"ok\"}" { print $2; found = 1 } END { if (!found) print 0 }'
}

TEST "nodes: a parallel build spreads its jobs over every node"
units=48
write_units "$WORK/build1" "$units"
compile_units "$WORK/build1" "$workers" "$units" 8 1
expect_equal "$(units_done "$WORK/build1")" "$units" "units compiled"
expect_equal "$(units_failed "$WORK/build1")" 0 "units that failed ($(head -3 "$WORK/build1/errors"))"
total=0
for node in $(seq "$NODES"); do
    jobs=$(jobs_ok "$(node_address "$node")")
    jobs=${jobs%.*}
    echo "    node $node: $jobs jobs"
    [ "$jobs" -gt 0 ] || fail "node $node's worker did no job"
    total=$((total + jobs))
done
# Compiles only go to the workers (no fallback), and the healthcheck compiles nothing.
expect_equal "$total" "$units" "jobs done by the workers together"

TEST "nodes: a rolling update, node by node, while a build runs with DISTCC_FALLBACK=0"
# Through the line hosts prints, as a client runs it. A draining worker hands new jobs back and
# the client avoids it for DISTCC_BACKOFF_PERIOD (60 s); an update faster than that avoids every
# node at once, and the line's localhost slots are what is left (docs/farms.md).
write_units "$WORK/build2" 24
(
    round=0
    while [ -d "$WORK/build2" ] && [ ! -e "$WORK/build2/stop" ]; do
        round=$((round + 1))
        compile_units "$WORK/build2" "$hosts" 24 8 "$round"
    done
) &
build=$!
add_cleanup "touch '$WORK/build2/stop'; kill $build"
deadline=$((SECONDS + 120))
until [ "$(units_done "$WORK/build2")" -ge 24 ] || [ $SECONDS -ge $deadline ]; do sleep 0.5; done
touch "$WORK/update-started"
started=$SECONDS
timeout 400 $docker -H "unix://$WORK/node1/docker.sock" service update --detach=false --force \
    "${stack}_tcp" >"$WORK/update.log" 2>&1 || fail "service update: $(tail -5 "$WORK/update.log")"
echo "    the update took $((SECONDS - started)) s"
touch "$WORK/update-done"
during=$(units_done "$WORK/build2" -newer "$WORK/update-started" ! -newer "$WORK/update-done")
touch "$WORK/build2/stop"
wait "$build"
echo "    $(units_done "$WORK/build2") units compiled, $during of them while the update ran"
expect_equal "$(units_failed "$WORK/build2")" 0 "units that failed ($(head -3 "$WORK/build2/errors"))"
expect_less_than 0 "$during" "units compiled while the update ran"
expect_equal "$(node_docker 1 service inspect -f '{{.UpdateStatus.State}}' "${stack}_tcp")" completed \
    "update state"
count=$(healthy_everywhere tcp 60) || fail "tcp workers healthy after the update on $count of $NODES nodes"
# Each node: the old worker exited 143 (it stopped, not killed); the new one runs. Node by node:
# each new worker started before the next node's old one had gone.
windows=()
for node in $(seq "$NODES"); do
    old=$(service_containers "$node" tcp -a --filter exited=143)
    new=$(service_containers "$node" tcp)
    [ "$(wc -w <<<"$old")" = 1 ] && [ "$(wc -w <<<"$new")" = 1 ] || {
        fail "node $node: old worker(s) that exited 143: '$old', running: '$new'"
        continue
    }
    stopped=$(date -d "$(node_docker "$node" inspect -f '{{.State.FinishedAt}}' "$old")" +%s%3N)
    replaced=$(date -d "$(node_docker "$node" inspect -f '{{.State.StartedAt}}' "$new")" +%s%3N)
    windows+=("$stopped $replaced $node")
done
previous_replaced=
while read -r stopped replaced node; do
    [ -z "$previous_replaced" ] || [ "$previous_replaced" -lt "$stopped" ] ||
        fail "node $node's old worker stopped before the previous node's new one had started"
    echo "    node $node: old worker gone, new one started $((replaced - stopped)) ms later"
    previous_replaced=$replaced
done < <(printf '%s\n' "${windows[@]}" | sort -n)

TEST "nodes: everything of the suite's goes: daemons, namespaces, the swarm, data roots"
teardown
# What is there now and was not before (what went meanwhile is not ours: the machine's own
# engine removes a swarm's sandboxes from /run/docker/netns some time after it left one).
expect_equal "$(comm -13 <(echo "$MACHINE_BEFORE") <(machine_state | sort) | paste -sd' ')" "" \
    "what the suite added to the machine's namespace (links, addresses, namespaces, /run/docker, processes, mounts)"
[ -z "$(ls -d "$WORK"/node[0-9]* 2>/dev/null)" ] || fail "data roots left: $(ls -d "$WORK"/node[0-9]*)"
expect_nothing_left_behind

finish
