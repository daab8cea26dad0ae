#!/bin/bash
# Bring your own compiler with the images: the trixie client (gcc 14, in a chroot) pushes its
# bundle to the tcp image (token) and the ssh image (a compile-only key); the objects are the
# client's own, also after docker restart, and in the read-only, capability-less run line; a
# bundle file placed in the volume is installed at start; the image's own gcc, packed in the
# image and pushed back, gives the same objects; bad bundles and a wrong token are one line and
# leave the worker serving.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../integration/bundle_helpers.sh"
require_root
require_command distcc gcc ssh ssh-keygen chroot unshare python3 timeout
prepare_trixie
write_trixie_sources
port=$(free_port)
hosts="127.0.0.1:$port"
daemon_args=(--port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
gcc14=(--compiler x86_64-linux-gnu-gcc-14 --compiler x86_64-linux-gnu-g++-14)

trixie_push() { # ARGS...
    PUSH_CODE=0
    in_trixie DISTCC_TOOLCHAIN_TOKEN="${CLIENT_TOKEN-$TOKEN}" DISTCC_SSH=/work/ssh \
        distcc-init toolchains push "$@" >"$WORK/push.out" 2>&1 || PUSH_CODE=$?
}
start_tcp() { # NAME docker-run-ARGS... (before the image)
    local name=$1 container
    shift
    container=$(run_container "$name" -e DISTCC_TOOLCHAIN_TOKEN="$TOKEN" "$@" "$TCP_IMAGE" \
        "${daemon_args[@]}")
    wait_for_port "$port" 30 && wait_for_port "$((port + 3))" 30 ||
        fail "the tcp image does not listen: $($docker logs "$container" 2>&1 | tail -5)"
    echo "$container"
}

in_trixie distcc-init toolchains pack "${gcc14[@]}" -o /work/good.tar.gz >"$WORK/pack.out" 2>&1 ||
    fail "pack failed: $(cat "$WORK/pack.out")"
in_trixie distcc-init toolchains pack --compiler x86_64-linux-gnu-gcc-14 -o /work/gcc-only.tar.gz \
    >"$WORK/pack-gcc.out" 2>&1 || fail "pack failed: $(cat "$WORK/pack-gcc.out")"
make_bad_bundles "$TRIXIE/work/bad"
make_tampered_bundle "$TRIXIE/work/gcc-only.tar.gz" "$TRIXIE/work/bad/tampered.tar.gz"

TEST "tcp image: a bundle pushed with the token is served at once, and after docker restart"
volume=$(new_volume toolchains)
worker=$(start_tcp tcp-bundles -v "$volume:/var/lib/distcc-init/toolchains")
trixie_push --bundle /work/good.tar.gz "$hosts"
expect_equal "$PUSH_CODE" 0 "exit code of the push ($(cat "$WORK/push.out"))"
expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2" "-O3 -fPIC"
expect_same_objects "$hosts" x86_64-linux-gnu-g++-14 hello.cpp "-std=c++23 -O2"
$docker logs "$worker" >"$WORK/tcp.log" 2>&1
expect_file_contains "$WORK/tcp.log" "toolchains: tcp push from 127\.0\.0\.1: bundle [0-9a-f]{12} installed"
$docker restart -t 2 "$worker" >/dev/null
wait_for_port "$port" 30 || fail "the restarted worker does not listen"
expect_same_objects "$hosts" x86_64-linux-gnu-g++-14 hello.cpp "-std=c++23 -O2"
$docker exec "$worker" distcc-init toolchains >"$WORK/list.out"
expect_file_contains "$WORK/list.out" "^x86_64-linux-gnu-gcc-14 -> /var/lib/distcc-init/toolchains/installed/.*\(bundle [0-9a-f]{12}, tcp push from 127\.0\.0\.1\)$"

TEST "tcp image: bad bundles and a wrong token are one line each; the worker goes on serving"
for bad in tampered setuid link-out aarch64 traversal; do
    trixie_push --bundle "/work/bad/$bad.tar.gz" "$hosts"
    expect_equal "$PUSH_CODE" 1 "exit code for the $bad bundle"
    expect_equal "$(wc -l <"$WORK/push.out")" 1 "lines for the $bad bundle ($(cat "$WORK/push.out"))"
done
CLIENT_TOKEN=not-the-token-at-all trixie_push --bundle /work/gcc-only.tar.gz "$hosts"
expect_file_contains "$WORK/push.out" "^$hosts: refused: wrong token"
expect_equal "$($docker exec "$worker" find /var/lib/distcc-init/toolchains/installed -mindepth 1 \
    -maxdepth 1 -type d | wc -l)" 1 "bundles installed"
expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2"

TEST "tcp image: its own gcc, packed in the image and pushed back, gives the same objects"
mkdir -p "$WORK/out"
chmod 777 "$WORK/out"
run_once --network none -v "$WORK/out:/out" "$TCP_IMAGE" distcc-init toolchains pack \
    --compiler x86_64-linux-gnu-gcc-12 -o /out/own.tar.gz >"$WORK/own.out" 2>&1 ||
    fail "pack in the image failed: $(cat "$WORK/own.out")"
DISTCC_TOOLCHAIN_TOKEN="$TOKEN" "$DISTCC_INIT" toolchains push --bundle "$WORK/out/own.tar.gz" "$hosts" \
    >"$WORK/own-push.out" 2>&1 || fail "push of the image's gcc failed: $(cat "$WORK/own-push.out")"
$docker exec "$worker" distcc-init toolchains >"$WORK/list.out"
expect_file_contains "$WORK/list.out" "^x86_64-linux-gnu-gcc-12 -> /var/lib/distcc-init/toolchains/installed/"
write_hello_source "$WORK"
for flags in -O2 "-O3 -march=x86-64-v2"; do
    rm -f "$WORK/local.o" "$WORK/remote.o"
    # shellcheck disable=SC2086
    (cd "$WORK" && x86_64-linux-gnu-gcc-12 $flags -c hello.c -o local.o)
    # shellcheck disable=SC2086
    distcc_compile "$WORK" "$hosts" x86_64-linux-gnu-gcc-12 $flags -c hello.c -o remote.o ||
        fail "compile with the pushed gcc 12 failed: $(cat "$WORK/distcc.log")"
    cmp -s "$WORK/local.o" "$WORK/remote.o" || fail "$flags: the pushed gcc 12's object differs"
done
remove_container "$worker"

TEST "tcp image, read-only and without capabilities: a push installs into the volume"
volume=$(new_volume read-only)
worker=$(start_tcp read-only --read-only --tmpfs /tmp --tmpfs /run/distcc-init:uid=240,gid=240 \
    --cap-drop ALL --security-opt no-new-privileges -v "$volume:/var/lib/distcc-init/toolchains")
trixie_push --bundle /work/good.tar.gz "$hosts"
expect_equal "$PUSH_CODE" 0 "exit code of the push ($(cat "$WORK/push.out"))"
expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2"
remove_container "$worker"

TEST "tcp image: a bundle file placed in the volume is installed at start"
volume=$(new_volume placed)
run_once --network none -v "$volume:/var/lib/distcc-init/toolchains" -v "$TRIXIE/work:/src:ro" \
    "$TCP_IMAGE" cp /src/good.tar.gz /var/lib/distcc-init/toolchains/gcc-14.tar.gz ||
    fail "cannot place the bundle in the volume"
worker=$(start_tcp placed -v "$volume:/var/lib/distcc-init/toolchains")
for _ in $(seq 60); do
    $docker logs "$worker" 2>&1 | grep -q "gcc-14.tar.gz: bundle" && break
    sleep 0.5
done
$docker logs "$worker" >"$WORK/placed.log" 2>&1
expect_file_contains "$WORK/placed.log" "toolchains: gcc-14\.tar\.gz: bundle [0-9a-f]{12} installed, serving gcc 14\.2\.0"
expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2"
remove_container "$worker"

TEST "ssh image: a compile-only key pushes over SSH; compiles over SSH are the client's own"
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
ssh_port=$(free_port)
cp "$WORK/alice" "$TRIXIE/work/alice"
printf 'Host 127.0.0.1\n  Port %s\n  User distcc-ssh\n  IdentityFile /work/alice\n  IdentitiesOnly yes\n  BatchMode yes\n  StrictHostKeyChecking no\n  UserKnownHostsFile /dev/null\n  LogLevel ERROR\n' \
    "$ssh_port" >"$TRIXIE/work/ssh_config"
printf '#!/bin/sh\nexec ssh -F /work/ssh_config "$@"\n' >"$TRIXIE/work/ssh"
chmod +x "$TRIXIE/work/ssh"
export TRIXIE_SSH=/work/ssh
volume=$(new_volume ssh-toolchains)
worker=$(run_container ssh-bundles -e DISTCC_SSH_DAEMON_PORT="$(free_port)" \
    -e AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" -e DISTCC_SSH_COMPILE_ONLY=1 \
    -v "$volume:/var/lib/distcc-init/toolchains" "$SSH_IMAGE" -p "$ssh_port" -o ListenAddress=127.0.0.1)
wait_for_port "$ssh_port" 30 || fail "sshd does not listen: $($docker logs "$worker" 2>&1 | tail -5)"
trixie_push --bundle /work/good.tar.gz @127.0.0.1
expect_equal "$PUSH_CODE" 0 "exit code of the SSH push ($(cat "$WORK/push.out"))"
expect_same_objects @127.0.0.1 x86_64-linux-gnu-g++-14 hello.cpp "-std=c++23 -O2"
trixie_push --bundle /work/bad/setuid.tar.gz @127.0.0.1
expect_file_contains "$WORK/push.out" "^@127\.0\.0\.1: refused: .*set-user-ID"
code=0
in_trixie timeout 20 /work/ssh 127.0.0.1 id >"$WORK/id.out" 2>&1 </dev/null || code=$?
expect_equal "$code" 126 "exit code of another command with a compile-only key"
expect_equal "$(container_state '{{.State.Running}}' "$worker")" true "the worker runs on"
remove_container "$worker"

expect_nothing_left_behind
finish
