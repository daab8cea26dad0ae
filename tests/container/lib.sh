# Helpers for the container suites, on top of the integration helpers (TEST, expect_*).
docker=/usr/bin/docker
TCP_IMAGE=${DISTCC_TEST_TCP_IMAGE:-gentoo-distcc:tcp-test}
SSH_IMAGE=${DISTCC_TEST_SSH_IMAGE:-gentoo-distcc:ssh-test}
# The documentation whose examples the suites run: the README and the pages of docs/.
DOCUMENTATION=("$(realpath "$(dirname "${BASH_SOURCE[0]}")/../..")"/{README.md,docs/*.md})
# Every container, volume and image a suite makes carries this label; the cleanup removes by it
# (helpers run in $(...) subshells, so a list kept in a variable would stay empty).
RUN_LABEL="distcc-init-test.run=$$-$RANDOM"

$docker image inspect "$TCP_IMAGE" "$SSH_IMAGE" >/dev/null 2>&1 ||
    skip_suite "the test images are missing (the container_images fixture builds them)"

# IDs of what exists in the engine, one line each: "container ID", "volume NAME", "image ID".
docker_objects() {
    $docker ps -aq --no-trunc | sed 's/^/container /'
    $docker volume ls -q | sed 's/^/volume /'
    $docker images -aq --no-trunc | sort -u | sed 's/^/image /'
}
OBJECTS_BEFORE=$(docker_objects)

# Removes what this run made: containers with their anonymous volumes, then volumes and images.
remove_test_objects() {
    local filter="label=$RUN_LABEL" ids
    mapfile -t ids < <($docker ps -aq --filter "$filter")
    [ ${#ids[@]} -eq 0 ] || $docker rm -f -v "${ids[@]}" >/dev/null
    mapfile -t ids < <($docker volume ls -q --filter "$filter")
    [ ${#ids[@]} -eq 0 ] || $docker volume rm -f "${ids[@]}" >/dev/null
    mapfile -t ids < <($docker images -q --filter "$filter" | sort -u)
    [ ${#ids[@]} -eq 0 ] || $docker rmi -f "${ids[@]}" >/dev/null
}
add_cleanup remove_test_objects

# Runs the cleanup now and fails for every container, volume or image that appeared since the
# suite started and is still there. Objects labelled by another run (a suite running at the same
# time) and the volumes its containers use are not this suite's.
expect_nothing_left_behind() {
    remove_test_objects
    local others left
    others=$($docker ps -aq --no-trunc --filter label=distcc-init-test.run |
        while read -r id; do
            [ "$($docker inspect -f '{{index .Config.Labels "distcc-init-test.run"}}' "$id")" = \
                "${RUN_LABEL#*=}" ] && continue
            echo "container $id"
            $docker inspect -f '{{range .Mounts}}{{if .Name}}volume {{.Name}}{{println}}{{end}}{{end}}' "$id"
        done)
    left=$(comm -13 <(sort <<<"$OBJECTS_BEFORE") <(docker_objects | sort) |
        grep -vxF -f <(echo "${others:-none}") || true)
    [ -z "$left" ] || fail "left behind after the cleanup: $(paste -sd' ' <<<"$left")"
}

# Starts a detached container on the host network; prints its name.
run_container() { # NAME docker-run-ARGS...
    local name="distcc-init-test-$1-$$"
    shift
    $docker run -d --network host --label "$RUN_LABEL" --name "$name" "$@" >/dev/null
    echo "$name"
}

# docker run --rm, in the foreground, labelled so the cleanup finds it if it is left running.
run_once() { # docker-run-ARGS...
    $docker run --rm --label "$RUN_LABEL" "$@"
}

# Removes a container and its anonymous volumes (the images declare VOLUMEs).
remove_container() { # CONTAINER
    $docker rm -f -v "$1" >/dev/null
}

new_volume() { # NAME
    local name="distcc-init-test-$1-$$"
    $docker volume create --label "$RUN_LABEL" "$name" >/dev/null
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

# Programs docs/images.md's "What the images contain" promises in both images: each must run with
# --version (which also proves its libraries are there); `toolchains`, the compiler guard and
# the ssh image's OpenSSH programs and relay have no such option and must be on PATH.
IMAGE_TOOLS=(bash watch ps top pgrep pkill free vmstat ccache gcc g++ cpp as ld distcc)
SSH_IMAGE_TOOLS=(sshd ssh ssh-keygen scp distcc-relay distcc-guard)

# Prints each of IMAGE_TOOLS that fails to run, then each of the further PROGRAMs not on PATH.
missing_tools_script='for tool in '"${IMAGE_TOOLS[*]}"'; do "$tool" --version >/dev/null 2>&1 || echo "$tool"; done
for tool; do command -v "$tool" >/dev/null || echo "$tool"; done'

# Fails for each program of that list that is missing from IMAGE or does not run.
expect_image_tools() { # IMAGE [PROGRAM...]
    local image=$1 missing
    shift
    missing=$(run_once --network none "$image" bash -c "$missing_tools_script" bash toolchains "$@")
    expect_equal "$(paste -sd' ' <<<"$missing")" "" "programs missing or failing in $image"
}

# The documentation's one-line `docker run ... gentoo-distcc:VARIANT COMMAND ...` examples: a
# command that runs instead of the daemon. An example shown on two pages is run once.
documented_command_examples() {
    grep -hE "^docker run .*gentoo-distcc:[a-z]+ [^-]" "${DOCUMENTATION[@]}" | awk '!seen[$0]++'
}

# Runs one documented example line as written, with IMAGE for the example's image and a volume of
# this suite for each named volume, in a terminal (script(1)), so `-it` works as in a shell. Once
# the terminal shows something, the example gets Ctrl-C (watch ends), then `exit 0` (an
# interactive bash ends); a command that ends by itself ignores them. The terminal's output goes
# to OUTPUT; the exit code is the example's.
run_documented_example() { # LINE IMAGE OUTPUT
    local line=$1 image=$2 output=$3 word previous='' words command=("$docker" run --label "$RUN_LABEL")
    local unsafe='["'"'"'$`\\|;&<>(){}*?]'
    if [[ "$line" =~ $unsafe ]]; then
        echo "cannot run this example automatically (quotes, expansions, redirections): $line"
        return 1
    fi
    read -ra words <<<"$line"
    for word in "${words[@]:2}"; do
        case "$previous:$word" in
        *:gentoo-distcc:*) word=$image ;;
        -v:[a-zA-Z0-9]*:/* | --volume:[a-zA-Z0-9]*:/*) word="$(new_volume example):/${word#*:/}" ;;
        esac
        command+=("$word")
        previous=$word
    done
    : >"$output"
    {
        wait_for_file "$output" 20
        sleep 1
        printf '\003'
        sleep 1
        printf 'exit 0\r'
        sleep 2
    } | SHELL=/bin/bash timeout 30 script -qefc \
        "stty rows 24 cols 80; $(printf '%q ' "${command[@]}")" /dev/null >"$output"
}

# Runs every documented command example (any image variant) against IMAGE: each must exit 0
# with no line from distcc-init.
expect_documented_examples_run() { # IMAGE
    local line count=0 code
    while read -r line; do
        count=$((count + 1))
        code=0
        run_documented_example "$line" "$1" "$WORK/example-$count.out" </dev/null || code=$?
        echo "example $count, exit code $code: $line"
        expect_equal "$code" 0 "exit code of '$line'"
        expect_file_lacks "$WORK/example-$count.out" "\[distcc-init\]"
    done < <(documented_command_examples)
    expect_less_than 0 "$count" "command examples found in README.md and docs/"
}

# Compiles DIR/hello.c through distcc (never locally: no fallback) with COMPILER into
# DIR/OBJECT; distcc's verbose log goes to DIR/distcc-OBJECT.log. An emulated worker is slow,
# so the timeouts are generous.
distcc_compile_hello() { # HOSTS DIR COMPILER OBJECT
    mkdir -p "$2/distcc-state"
    (cd "$2" && DISTCC_HOSTS="$1" DISTCC_FALLBACK=0 DISTCC_BACKOFF_PERIOD=0 \
        DISTCC_DIR="$2/distcc-state" DISTCC_IO_TIMEOUT=120 DISTCC_VERBOSE=1 \
        timeout 180 distcc "$3" -c hello.c -o "$4" >"$2/distcc-$4.log" 2>&1)
}
