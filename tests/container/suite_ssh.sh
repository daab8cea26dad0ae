#!/bin/bash
# The ssh image as users run it: keys from the environment or a mounted file, another user
# name, no keys, ccache over SSH, health, stop, restart with pinned host keys, the documented
# commands in the image and over SSH, and nothing left behind.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc ssh ssh-keygen script

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
ssh-keygen -q -t ed25519 -N '' -C alice -f "$WORK/alice"
ssh_port=$(free_port)
daemon_port=$(free_port)
sshd_args=(-p "$ssh_port" -o ListenAddress=127.0.0.1)

client_config() { # USER KNOWN-HOSTS-FILE [STRICT]
    write_ssh_client client "$ssh_port" "$1" "$WORK/alice" "$2" "${3:-no}"
}
worker_ssh() { timeout 30 ssh -F "$WORK/ssh_config_client" 127.0.0.1 "$@"; }
ssh_hello() { DISTCC_SSH="$WORK/ssh_client" distcc_hello "@127.0.0.1" "$WORK"; }
start_ssh_container() { # NAME docker-run-ARGS... (before the image)
    local name=$1
    shift
    local container
    container=$(run_container "$name" -e DISTCC_SSH_DAEMON_PORT="$daemon_port" "$@" "$SSH_IMAGE" "${sshd_args[@]}")
    wait_for_port "$ssh_port" 30 || fail "sshd does not listen: $($docker logs "$container" 2>&1)"
    echo "$container"
}

TEST "ssh image: compile through @127.0.0.1 with the key from AUTHORIZED_KEYS"
host_keys=$(new_volume host-keys)
cache=$(new_volume ccache)
worker=$(start_ssh_container ssh -e AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    -e DISTCC_CCACHE_ENABLE=1 -v "$host_keys:/var/lib/distcc-init/ssh-host-keys" \
    -v "$cache:/var/cache/ccache")
client_config distcc-ssh "$WORK/known_hosts"
actual=$(ssh_hello) || fail "compile over ssh failed: $(cat "$WORK/distcc.log"; $docker logs "$worker" 2>&1 | tail -5)"
expect_equal "$actual" "$expected" "output of the program built over SSH"

TEST "ssh image: ccache over SSH: a hit on the second compile, ssh ... ccache -s works"
rm -f "$WORK/hello.o"
ssh_hello >/dev/null || fail "second compile failed"
worker_ssh ccache --print-stats >"$WORK/ccache-ssh"
expect_file_contains "$WORK/ccache-ssh" "^(direct_cache_hit|preprocessed_cache_hit)	1$"
worker_ssh ccache -s >"$WORK/ccache-s" || fail "ssh ... ccache -s failed"

TEST "ssh image: an SSH session runs the tools docs/images.md names (watch, ps, bash, ...)"
missing=$(worker_ssh "bash -c '$missing_tools_script'")
expect_equal "$(paste -sd' ' <<<"$missing")" "" "programs missing or failing in an SSH session"

TEST "ssh image: healthy within 10 s"
seconds=$(wait_for_health "$worker" healthy 10) || fail "not healthy after 10 s"
echo "healthy after ${seconds:-?} s"

TEST "ssh image: restart keeps working with the same host keys"
$docker logs "$worker" 2>&1 | grep -o "host key .*" | sort >"$WORK/fingerprints-1"
[ -s "$WORK/fingerprints-1" ] || fail "no host key fingerprints in the log"
$docker restart -t 10 "$worker" >/dev/null
wait_for_port "$ssh_port" 30
client_config distcc-ssh "$WORK/known_hosts" yes # the key learned before must still match
worker_ssh true || fail "login after restart failed (host key changed?)"
ssh_hello >/dev/null || fail "compile after restart failed"

TEST "ssh image: docker stop takes under 2 s and exits 143"
expect_quick_stop "$worker"

TEST "ssh image: a re-created container with the host key volume keeps its fingerprints"
worker=$(start_ssh_container again -e AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    -v "$host_keys:/var/lib/distcc-init/ssh-host-keys")
sleep 1
$docker logs "$worker" 2>&1 | grep -o "host key .*" | sort >"$WORK/fingerprints-2"
expect_equal "$(cat "$WORK/fingerprints-2")" "$(cat "$WORK/fingerprints-1")" "host key fingerprints"
worker_ssh true || fail "pinned host key no longer matches"

TEST "ssh image: unhealthy when sshd is stopped inside"
$docker exec "$worker" sh -c 'for p in /proc/[0-9]*; do [ "$(cat $p/comm)" = sshd ] && kill -STOP ${p#/proc/}; done; true'
wait_for_health "$worker" unhealthy 45 >/dev/null || fail "not unhealthy 45 s after stopping sshd"
remove_container "$worker"

TEST "ssh image: SSH_USERNAME=bob and AUTHORIZED_KEYS_FILE from a mounted file"
cp "$WORK/alice.pub" "$WORK/keys-file"
chmod 644 "$WORK/keys-file"
worker=$(start_ssh_container bob -e SSH_USERNAME=bob -e AUTHORIZED_KEYS_FILE=/run/secrets/keys \
    -v "$WORK/keys-file:/run/secrets/keys:ro")
client_config bob /dev/null
actual=$(ssh_hello) || fail "compile as bob failed"
expect_equal "$actual" "$expected" "output of the program built as bob"
remove_container "$worker"

TEST "ssh image: no keys: the container exits non-zero and says why"
name=$(run_container nokeys "$SSH_IMAGE" "${sshd_args[@]}")
code=$($docker wait "$name")
expect_equal "$code" 3 "exit code without keys"
$docker logs "$name" >"$WORK/nokeys.log" 2>&1
expect_file_contains "$WORK/nokeys.log" "no SSH public key: set AUTHORIZED_KEYS"

TEST "ssh image: DISTCC_INIT_DRY_RUN=1 prints the plan and starts nothing"
run_once -e DISTCC_INIT_DRY_RUN=1 -e AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    "$SSH_IMAGE" >"$WORK/dry" 2>&1
expect_equal "$?" 0 "exit code of the dry run"
expect_file_contains "$WORK/dry" "^mode: ssh"
expect_file_contains "$WORK/dry" "companion: /usr/bin/distccd"

TEST "ssh image: the tools docs/images.md names run (watch, ps, bash, ...)"
expect_image_tools "$SSH_IMAGE" "${SSH_IMAGE_TOOLS[@]}"

TEST "ssh image: the documentation's command examples run, in a terminal"
expect_documented_examples_run "$SSH_IMAGE"

TEST "ssh image: runs with only the capabilities it needs (docs/security.md's list)"
caps=(--cap-drop ALL)
for capability in CHOWN DAC_OVERRIDE FOWNER SETUID SETGID SYS_CHROOT KILL; do
    caps+=(--cap-add "$capability")
done
worker=$(start_ssh_container least-privilege "${caps[@]}" --security-opt no-new-privileges \
    -e AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")")
client_config distcc-ssh /dev/null
rm -f "$WORK/hello.o"
actual=$(ssh_hello) || fail "compile with the least capabilities failed: $($docker logs "$worker" 2>&1 | tail -3)"
expect_equal "$actual" "$expected" "output of the program built with the least capabilities"
expect_quick_stop "$worker"

TEST "ssh image: with every capability dropped, one line says which ones it needs"
code=0
run_once --network host --cap-drop ALL -e AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" "$SSH_IMAGE" \
    -p "$ssh_port" >"$WORK/no-caps.out" 2>&1 || code=$?
expect_equal "$code" 5 "exit code without capabilities"
expect_equal "$(grep -c . "$WORK/no-caps.out")" 1 "lines printed"
expect_file_contains "$WORK/no-caps.out" "missing capabilities: CHOWN \\(useradd and groupadd\\), .*SYS_CHROOT .*--cap-add SYS_CHROOT"

TEST "ssh suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
