#!/bin/bash
# Pump mode (distcc-pump, hosts with ,cpp,lzo): the client sends the sources and the headers
# they include, the worker preprocesses. Debian bookworm's distcc-pump is broken on the client
# side, so client and workers run in a Debian trixie root (its distcc-pump, its gcc 14; cached
# by tests/support/debian_root.sh): distcc-init as a tcp worker and as an ssh worker (tunnel
# mode, which also relays @host sessions) inside that root, the client chrooted into it. A
# pump-mode compile through each gives the object a local compile gives.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command unshare chroot ssh-keygen ss timeout
root=$WORK/trixie
code=0
bash "$(dirname "$0")/../support/debian_root.sh" trixie "$root" gcc-14 g++-14 distcc distcc-pump \
    make openssh-server >"$WORK/root.log" 2>&1 || code=$?
[ "$code" = 0 ] || skip_suite "no Debian trixie root here: $(tail -1 "$WORK/root.log")"
for program in distcc-init distcc-relay distcc-guard; do
    install -m 755 "$(dirname "$DISTCC_INIT")/$program" "$root/usr/local/bin/$program"
    copy_missing_libraries "$(dirname "$DISTCC_INIT")/$program" "$root"
done
tcp_port=$(free_port)
ssh_port=$(free_port)
daemon_port=$(free_port)

# A worker: distcc-init as PID 1 of a new PID namespace, chrooted into the root, with /dev, a
# private /tmp and /run; mounts made in a private mount namespace, gone with it.
start_root_worker() { # PREFIX distcc-init-ARGS...
    local prefix=$1
    shift
    env --default-signal unshare --mount --propagation private --pid --fork \
        --mount-proc="$root/proc" bash -c '
        root=$1; shift
        mount --rbind /dev "$root/dev" && mount -t tmpfs tmpfs "$root/tmp" &&
            mount -t tmpfs -o mode=0755 tmpfs "$root/run" || exit 99
        TMPDIR=/tmp exec chroot "$root" /usr/local/bin/distcc-init "$@"' bash "$root" "$@" \
        >"$prefix.out" 2>"$prefix.err" &
    UNSHARE_PID=$!
}

# Runs a shell command line as the client, in the root's /work (private /tmp and /dev/shm,
# where the include server keeps its files).
in_client() { # COMMAND
    unshare --mount --propagation private bash -c '
        root=$1; shift
        mount --rbind /dev "$root/dev" && mount -t tmpfs tmpfs "$root/dev/shm" &&
            mount -t proc proc "$root/proc" && mount -t tmpfs tmpfs "$root/tmp" || exit 99
        exec chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root \
            LC_ALL=C /bin/sh -c "cd /work || exit 1; $1"' bash "$root" "$1"
}

mkdir -p "$root/work" "$root/root/.ssh"
cat >"$root/work/unit.cpp" <<'SOURCE'
#include "answer.h"
#include <map>
#include <string>
#include <vector>
int count(const std::string& word) {
    std::map<std::string, std::vector<int>> seen;
    seen[word].push_back(ANSWER);
    return static_cast<int>(seen.size()) + ANSWER;
}
SOURCE
echo '#define ANSWER 42' >"$root/work/answer.h"
ssh-keygen -q -t ed25519 -N '' -f "$root/root/.ssh/id_ed25519"
cat >"$root/root/.ssh/config" <<CONFIG
Host 127.0.0.1
    Port $ssh_port
    User distcc-ssh
    BatchMode yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
CONFIG

# Each with a timeout: a client that cannot reach its host may retry until killed.
pump_compile() { # HOSTS OUTPUT
    in_client "DISTCC_HOSTS='$1' DISTCC_FALLBACK=0 DISTCC_DIR=/tmp DISTCC_IO_TIMEOUT=60 DISTCC_VERBOSE=1 \
        timeout 120 distcc-pump distcc g++-14 -O2 -c unit.cpp -o $2" >"$WORK/$2.log" 2>&1
}
# A pump-mode job: the client sent the header itself (not preprocessed text), and the worker
# compiled it.
expect_pump_job() { # WORKER-LOG OBJECT
    expect_file_contains "$WORK/$2.log" "send string '/work/answer\.h'"
    expect_file_lacks "$WORK/$2.log" "preprocessing locally"
    expect_file_contains "$1" "COMPILE_OK .* unit\.cpp"
}

in_client "g++-14 -O2 -c unit.cpp -o local.o" >"$WORK/local.log" 2>&1 ||
    skip_suite "g++-14 does not run in the trixie root here: $(tail -1 "$WORK/local.log")"

TEST "pump: through a tcp worker, the object a local compile gives"
start_root_worker "$WORK/tcp" --mode tcp -- --port "$tcp_port" --listen 127.0.0.1 --allow 127.0.0.1
tcp_unshare=$UNSHARE_PID
add_cleanup "kill -TERM \$(pgrep -P $tcp_unshare)"
wait_for_port "$tcp_port" 30 || fail "the tcp worker does not listen: $(cat "$WORK/tcp.err")"
pump_compile "127.0.0.1:$tcp_port/2,lzo,cpp" tcp.o || fail "pump compile failed: $(cat "$WORK/tcp.o.log")"
cmp -s "$root/work/local.o" "$root/work/tcp.o" || fail "tcp.o differs from local.o"
expect_pump_job "$WORK/tcp.err" tcp.o
expect_file_contains "$WORK/tcp.o.log" "Using 1 distcc server in pump mode"

TEST "pump: through an ssh worker, over @host sessions (the relay) and its tunnel"
AUTHORIZED_KEYS="$(cat "$root/root/.ssh/id_ed25519.pub")" DISTCC_SSH_DAEMON_PORT="$daemon_port" \
    DISTCC_SSH_TUNNEL=1 start_root_worker "$WORK/ssh" --mode ssh -- -p "$ssh_port" \
    -o ListenAddress=127.0.0.1
ssh_unshare=$UNSHARE_PID
add_cleanup "kill -TERM \$(pgrep -P $ssh_unshare)"
wait_for_port "$ssh_port" 30 || fail "sshd does not listen: $(cat "$WORK/ssh.err")"
wait_for_port "$daemon_port" 30 || fail "the ssh worker's distccd does not listen"
pump_compile "@127.0.0.1/2,lzo,cpp" ssh.o || fail "pump compile over SSH failed: $(cat "$WORK/ssh.o.log")"
cmp -s "$root/work/local.o" "$root/work/ssh.o" || fail "ssh.o differs from local.o"
expect_pump_job "$WORK/ssh.err" ssh.o
tunnel_port=$(free_port)
in_client "exec ssh -N -o ExitOnForwardFailure=yes \
    -L 127.0.0.1:$tunnel_port:127.0.0.1:$daemon_port 127.0.0.1" >"$WORK/tunnel.log" 2>&1 &
tunnel=$!
add_cleanup "kill -TERM \$(descendants $tunnel)"
wait_for_port "$tunnel_port" 30 || fail "the tunnel did not open: $(cat "$WORK/tunnel.log")"
pump_compile "127.0.0.1:$tunnel_port/2,lzo,cpp" tunnel.o ||
    fail "pump compile through the tunnel failed: $(cat "$WORK/tunnel.o.log")"
cmp -s "$root/work/local.o" "$root/work/tunnel.o" || fail "tunnel.o differs from local.o"
expect_pump_job "$WORK/ssh.err" tunnel.o
expect_equal "$(grep -c "COMPILE_OK .* unit\.cpp" "$WORK/ssh.err")" 2 "pump jobs the ssh worker ran"

finish
