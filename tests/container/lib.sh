# Helpers for the container suites, on top of the integration helpers (TEST, expect_*).
docker=/usr/bin/docker
TCP_IMAGE=gentoo-distcc:tcp-test
SSH_IMAGE=gentoo-distcc:ssh-test
CONTAINERS=()
VOLUMES=()

$docker image inspect "$TCP_IMAGE" "$SSH_IMAGE" >/dev/null 2>&1 ||
    skip_suite "the test images are missing (the container_images fixture builds them)"

remove_containers() {
    [ ${#CONTAINERS[@]} -gt 0 ] && $docker rm -f "${CONTAINERS[@]}" >/dev/null 2>&1
    [ ${#VOLUMES[@]} -gt 0 ] && $docker volume rm -f "${VOLUMES[@]}" >/dev/null 2>&1
    true
}
add_cleanup remove_containers

# Starts a detached container on the host network; prints its name.
run_container() { # NAME docker-run-ARGS...
    local name="distcc-init-test-$1-$$"
    shift
    CONTAINERS+=("$name")
    $docker run -d --network host --name "$name" "$@" >/dev/null
    echo "$name"
}

new_volume() { # NAME
    local name="distcc-init-test-$1-$$"
    VOLUMES+=("$name")
    $docker volume create "$name" >/dev/null
    echo "$name"
}

container_state() { $docker inspect -f "$1" "$2"; }

# Waits until the container's health is STATUS; prints the seconds it took.
wait_for_health() { # CONTAINER STATUS SECONDS
    local started=$SECONDS
    while [ "$(container_state '{{.State.Health.Status}}' "$1" 2>/dev/null)" != "$2" ]; do
        [ $((SECONDS - started)) -ge "$3" ] && return 1
        sleep 0.2
    done
    echo $((SECONDS - started))
}

# Zombie processes among the container's processes, seen from the host.
count_container_zombies() { # CONTAINER
    local pid
    pid=$(container_state '{{.State.Pid}}' "$1")
    descendants "$pid" | while read -r child; do
        awk '{print $3}' "/proc/$child/stat" 2>/dev/null
    done | grep -c Z || true
}

# docker stop must return in under 2 s and leave exit code 143.
expect_quick_stop() { # CONTAINER
    local started elapsed
    started=$(now_ms)
    $docker stop "$1" >/dev/null
    elapsed=$(($(now_ms) - started))
    expect_less_than "$elapsed" 2000 "milliseconds for docker stop"
    expect_equal "$(container_state '{{.State.ExitCode}}' "$1")" 143 "exit code after docker stop"
    echo "docker stop took $elapsed ms"
}
