# Container benchmarks for bench/run: both images (distcc-init as ENTRYPOINT) beside the same
# worker started by tini + a shell entrypoint (bench/tini-image), in the local Docker engine.
# Every container runs with --network host, its daemon bound to 127.0.0.1 on a free port.
docker_cli=/usr/bin/docker

# Starts the engine when none runs (stopped again at exit) and builds the four images.
build_container_images() {
    local started base
    started=$(bash "$repo/tests/container/engine.sh")
    [ "$started" = started ] && add_cleanup "bash '$repo/tests/container/engine.sh' stop"
    bash "$repo/tests/container/build_images.sh" | sed 's/^/   /'
    base=$(bash "$repo/tests/container/base_image.sh")
    for variant in tcp ssh; do
        DOCKER_BUILDKIT=1 $docker_cli build --network host -q --build-arg BASE_IMAGE="$base" \
            --build-arg VARIANT="$variant" -f bench/tini-image/Dockerfile \
            -t "gentoo-distcc-bench:$variant-tini" . >/dev/null
    done
}

port_answers() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

ms_since() { echo "scale=0; ($(now_ns) - $1) / 1000000" | bc; }

# One start-to-stop cycle; prints "READY-MS HEALTHY-MS STOP-MS EXIT-CODE" (times from
# `docker run` until the port answers and until Docker reports healthy; `docker stop`'s duration).
container_cycle() { # PORT docker-run-ARGS...
    local port=$1 container="distcc-init-bench-$$-$RANDOM" start ready healthy stop deadline
    shift
    add_cleanup "$docker_cli rm -f $container"
    start=$(now_ns)
    deadline=$((SECONDS + 30))
    $docker_cli run -d --network host --name "$container" "$@" >/dev/null
    until port_answers "$port"; do
        [ $SECONDS -lt $deadline ] || { echo "   $container: port $port never answered" >&2; return 1; }
        sleep 0.01
    done
    ready=$(ms_since "$start")
    until [ "$($docker_cli inspect -f '{{.State.Health.Status}}' "$container")" = healthy ]; do
        [ $SECONDS -lt $deadline ] || { echo "   $container: never healthy" >&2; return 1; }
        sleep 0.02
    done
    healthy=$(ms_since "$start")
    start=$(now_ns)
    $docker_cli stop "$container" >/dev/null
    stop=$(ms_since "$start")
    echo "$ready $healthy $stop $($docker_cli inspect -f '{{.State.ExitCode}}' "$container")"
    $docker_cli rm -f "$container" >/dev/null
}

measure_container() { # NAME IMAGE PORT docker-run-ARGS (options, the image, its arguments)
    local name=$1 image=$2 port=$3 results
    shift 3
    record image_size "$name" "$($docker_cli image inspect -f '{{.Size}}' "$image")" "" "" bytes
    results=$(for _ in $(seq "$cycles"); do container_cycle "$port" "$@"; done)
    local column metric
    for column in 1 2 3; do
        metric=$(echo "container_ready container_healthy container_stop" | cut -d' ' -f$column)
        read -r median low high < <(awk -v c=$column '{print $c}' <<<"$results" | summarize)
        record "$metric" "$name" "$median" "$low" "$high" ms
    done
    record container_stop_exit_code "$name" "$(awk '{print $4}' <<<"$results" | sort -u | paste -sd/)" "" "" code
    echo "   $name: $(awk '{print $1 " ms ready, " $2 " ms healthy, stop " $3 " ms, exit " $4}' <<<"$results" | paste -sd';')"
}

run_container_benchmarks() {
    echo "== container benchmarks ($cycles start-stop cycle(s) per image)"
    build_container_images
    local key=$WORK/container-key port
    ssh-keygen -q -t ed25519 -N '' -f "$key"
    local daemon_args=(--listen 127.0.0.1 --allow 127.0.0.1)
    port=$(free_port)
    measure_container tcp-distcc-init gentoo-distcc:tcp-test "$port" \
        gentoo-distcc:tcp-test --port "$port" "${daemon_args[@]}"
    measure_container tcp-tini-shell gentoo-distcc-bench:tcp-tini "$port" -e HEALTH_PORT="$port" \
        gentoo-distcc-bench:tcp-tini --port "$port" "${daemon_args[@]}"
    measure_container ssh-distcc-init gentoo-distcc:ssh-test "$port" \
        -e AUTHORIZED_KEYS="$(cat "$key.pub")" -e DISTCC_SSH_DAEMON_PORT="$(free_port)" \
        gentoo-distcc:ssh-test -p "$port" -o ListenAddress=127.0.0.1
    measure_container ssh-tini-shell gentoo-distcc-bench:ssh-tini "$port" \
        -e AUTHORIZED_KEYS="$(cat "$key.pub")" \
        gentoo-distcc-bench:ssh-tini -p "$port" -o ListenAddress=127.0.0.1
}
