#!/bin/bash
# distcc-init --mode ssh: the real sshd with a provisioned user, the real ssh client and
# distcc over SSH, relayed to the loopback distccd.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc ccache unshare nsenter ss ssh ssh-keygen python3 timeout curl \
    promtool
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
ssh-keygen -q -t ed25519 -N '' -C alice@workstation -f "$WORK/alice"
ssh-keygen -q -t ed25519 -N '' -C mallory@elsewhere -f "$WORK/mallory"
ssh-keygen -q -t rsa -b 2048 -N '' -C bob@workstation -f "$WORK/bob"
ssh_port=$(free_port)
daemon_port=$(free_port)
host_keys="$WORK/host-keys"

# The client side (see write_ssh_client): the "client" config and wrapper.
write_client_config() { write_ssh_client client "$ssh_port" "$1" "$2"; } # USER KEY
worker_ssh() { timeout 20 ssh -F "$WORK/ssh_config_client" 127.0.0.1 "$@"; }
ssh_hello() { DISTCC_SSH="$WORK/ssh_client" distcc_hello "@127.0.0.1" "$WORK"; }
# TCP_NODELAY (0/1) of the worker's side of the (first) open SSH connection.
worker_side_nodelay() {
    local pid
    pid=$(ss -tnpH state established "( sport = :$ssh_port )" | grep -o -m1 'pid=[0-9]*' | head -1)
    python3 "$(dirname "$0")/tcp_nodelay.py" "${pid#pid=}" "$ssh_port"
}

TEST "ssh: a compile over SSH goes through the relay to the loopback distccd"
start_ssh_worker "$WORK/ssh" one AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")"
write_client_config distcc-ssh "$WORK/alice"
actual=$(ssh_hello) || fail "compile over ssh failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built over SSH"
expect_file_contains "$WORK/ssh.err" "distccd\[[0-9]+\] \(dcc_job_summary\) client: 127.0.0.1:[0-9]+ COMPILE_OK"
expect_equal "$(pgrep -fc 'distccd --inetd')" 0 "distccd --inetd processes"
expect_file_contains "$WORK/ssh.err" "host key ssh-ed25519 SHA256:"

TEST "ssh: the loopback distccd serves the Gentoo names; check over SSH says so"
if [ "$(gcc -dumpmachine)" = x86_64-linux-gnu ]; then
    # The client's names, for this client only (the worker started with the machine's PATH).
    mkdir -p "$WORK/gentoo-bin"
    ln -sf "$(command -v gcc)" "$WORK/gentoo-bin/x86_64-pc-linux-gnu-gcc"
    ln -sf "$(command -v gcc)" "$WORK/gentoo-bin/x86_64-linux-gnu-gcc-99"
    code=0
    PATH="$WORK/gentoo-bin:$PATH" DISTCC_SSH="$WORK/ssh_client" "$DISTCC_INIT" check @127.0.0.1 \
        --compiler x86_64-pc-linux-gnu-gcc --compiler x86_64-linux-gnu-gcc-99 \
        >"$WORK/ssh-check.out" 2>&1 || code=$?
    expect_equal "$code" 1 "exit code of check (one name is not served)"
    expect_file_contains "$WORK/ssh-check.out" "^@127\.0\.0\.1 +x86_64-pc-linux-gnu-gcc +OK \(GCC: "
    expect_file_contains "$WORK/ssh-check.out" "^@127\.0\.0\.1 +x86_64-linux-gnu-gcc-99 +not served"
    expect_file_contains "$WORK/ssh.err" "lookup of x86_64-linux-gnu-gcc-99 in DISTCC_CMDLIST failed"
fi

TEST "ssh: other commands run through the user's shell"
worker_ssh 'echo "user=$(id -un) group=$(id -gn)"' >"$WORK/whoami.out"
# sshd sets TCP_NODELAY when a session starts a command, not for a connection that only
# forwards (ssh -N): without tunnel mode, a tunnel would run with Nagle's algorithm on.
timeout 3 ssh -F "$WORK/ssh_config_client" -N 127.0.0.1 &
sleep 1
expect_equal "$(worker_side_nodelay)" 0 "TCP_NODELAY on the worker's side of ssh -N (no tunnel mode)"
wait $! || true
expect_file_contains "$WORK/whoami.out" "^user=distcc-ssh group=distcc$"
worker_ssh ccache -s >"$WORK/ccache-s.out" 2>&1 || fail "ssh ... ccache -s failed: $(cat "$WORK/ccache-s.out")"

TEST "ssh: the healthcheck is healthy and leaves no trace in sshd's or distccd's log"
sleep 0.3
lines_before=$(wc -l <"$WORK/ssh.err")
in_worker "$DISTCC_INIT" healthcheck >"$WORK/health.out" || fail "unhealthy: $(cat "$WORK/health.out")"
expect_file_contains "$WORK/health.out" "^healthy: sshd listening on port $ssh_port .*; distccd listening on port"
sleep 0.3
expect_equal "$(wc -l <"$WORK/ssh.err")" "$lines_before" "log lines after the healthcheck"

TEST "ssh: healthcheck --deep reads sshd's banner and compiles through distccd"
in_worker "$DISTCC_INIT" healthcheck --deep >"$WORK/deep.out" || fail "unhealthy: $(cat "$WORK/deep.out")"
expect_file_contains "$WORK/deep.out" "sshd sends its banner, a remote compile works"

TEST "ssh: password logins, root and other keys are refused"
write_client_config distcc-ssh "$WORK/mallory"
worker_ssh true 2>/dev/null && fail "a key that is not authorized logged in"
write_client_config root "$WORK/alice"
worker_ssh true 2>/dev/null && fail "root logged in"
timeout 20 ssh -p "$ssh_port" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o PreferredAuthentications=password,keyboard-interactive -o PubkeyAuthentication=no \
    -o BatchMode=yes distcc-ssh@127.0.0.1 true 2>"$WORK/password.err" &&
    fail "a password login was possible"
expect_file_contains "$WORK/password.err" "Permission denied \(publickey\)"

TEST "ssh: authorized_keys is private to the user"
home_ssh="$(machine_dir one)/home/distcc-ssh/.ssh"
expect_equal "$(stat -c %a "$home_ssh")" 700 "mode of ~/.ssh"
expect_equal "$(stat -c %a "$home_ssh/authorized_keys")" 600 "mode of authorized_keys"

TEST "ssh: a client that disconnects mid-compile leaves no process behind"
write_client_config distcc-ssh "$WORK/alice"
(printf 'DIST00000001ARGC00000005' | worker_ssh distccd --inetd >/dev/null 2>&1) || true
sleep 1
expect_equal "$(pgrep -xc distcc-relay)" 0 "relay processes left"

TEST "ssh: a session ends when distccd hangs up, though the client keeps its side open"
# distccd rejects the request and closes; `distccd --inetd` would exit there, ending the
# session, and the relay must do the same rather than wait for the client's EOF.
started=$(now_ms)
worker_ssh distccd --inetd < <(printf 'not a distcc request'; exec sleep 15) >/dev/null 2>&1
elapsed=$(($(now_ms) - started))
pkill -P "$BASHPID" -x sleep
expect_less_than "$elapsed" 5000 "milliseconds until the session ended"
sleep 0.3
expect_equal "$(pgrep -xc distcc-relay)" 0 "relay processes left"

TEST "ssh: many concurrent compiles all succeed"
mkdir -p "$WORK/many"
compiles=()
for i in $(seq 20); do
    mkdir -p "$WORK/many/$i"
    cp "$WORK/hello.c" "$WORK/many/$i/"
    (DISTCC_SSH="$WORK/ssh_client" distcc_hello "@127.0.0.1" "$WORK/many/$i" >"$WORK/many/$i/out" 2>&1) &
    compiles+=($!)
done
wait "${compiles[@]}"
ok=0
for i in $(seq 20); do grep -q "hello from distcc, 42" "$WORK/many/$i/out" && ok=$((ok + 1)); done
expect_equal "$ok" 20 "successful concurrent compiles"

TEST "ssh: SIGTERM ends the worker with 143 within 2 s, nothing left"
started=$(now_ms)
stop_worker
expect_equal "$PID1_CODE" 143 "exit code after SIGTERM"
expect_less_than "$(($(now_ms) - started))" 2000 "milliseconds to stop"
expect_equal "$(pgrep -fc -- "-p $ssh_port")" 0 "sshd processes left"
fingerprints_before=$(grep -o "host key .*" "$WORK/ssh.err" | sort)

TEST "ssh: restart keeps the user and host keys; a removed key no longer logs in"
start_ssh_worker "$WORK/restart" one AUTHORIZED_KEYS="$(cat "$WORK/bob.pub")"
expect_file_contains "$WORK/restart.err" "user distcc-ssh: exists \(created earlier\), reused"
expect_equal "$(grep -o "host key .*" "$WORK/restart.err" | sort)" "$fingerprints_before" "host key fingerprints"
write_client_config distcc-ssh "$WORK/alice"
worker_ssh true 2>/dev/null && fail "the removed key still logs in"
write_client_config distcc-ssh "$WORK/bob"
worker_ssh true || fail "the new key does not log in"
stop_worker

TEST "ssh: SSH_USERNAME, AUTHORIZED_KEYS_FILE, ccache and compile-only mode"
printf '# keys for bob\r\n%s\r\n' "$(cat "$WORK/bob.pub")" >"$WORK/keys-file"
start_ssh_worker "$WORK/bob" two SSH_USERNAME=bob AUTHORIZED_KEYS_FILE="$WORK/keys-file" \
    DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/ccache-ssh" DISTCC_SSH_COMPILE_ONLY=1
write_client_config bob "$WORK/bob"
actual=$(ssh_hello) || fail "compile as bob failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built over SSH with ccache"
rm -f "$WORK/hello.o"
ssh_hello >/dev/null || fail "second compile failed"
CCACHE_DIR="$WORK/ccache-ssh" ccache --print-stats >"$WORK/ccache-ssh-stats"
expect_file_contains "$WORK/ccache-ssh-stats" "^(direct_cache_hit|preprocessed_cache_hit)	[1-9]"
code=0
worker_ssh ccache -s >/dev/null 2>"$WORK/refused.err" || code=$?
expect_equal "$code" 126 "exit code of a refused command"
expect_file_contains "$WORK/refused.err" "only accepts distcc compiles"
stop_worker

TEST "ssh: with metrics on, relayed and refused sessions are counted"
metrics_port=$(free_port)
start_ssh_worker "$WORK/metrics" one AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    DISTCC_SSH_COMPILE_ONLY=1 DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_ADDRESS=127.0.0.1 \
    DISTCC_METRICS_PORT="$metrics_port"
wait_for_port "$metrics_port" || fail "no metrics endpoint: $(cat "$WORK/metrics.err")"
write_client_config distcc-ssh "$WORK/alice"
for _ in 1 2; do
    ssh_hello >/dev/null || fail "compile over ssh failed: $(cat "$WORK/distcc.log")"
done
worker_ssh true 2>/dev/null && fail "compile-only mode ran a command"
curl -s --max-time 10 "http://127.0.0.1:$metrics_port/metrics" >"$WORK/ssh.prom"
promtool check metrics <"$WORK/ssh.prom" >"$WORK/ssh-promtool.out" 2>&1 ||
    fail "promtool check metrics: $(cat "$WORK/ssh-promtool.out")"
expect_file_contains "$WORK/ssh.prom" '^distcc_init_ssh_sessions_total\{outcome="compile"\} 2$'
expect_file_contains "$WORK/ssh.prom" '^distcc_init_ssh_sessions_total\{outcome="refused"\} 1$'
expect_file_contains "$WORK/ssh.prom" '^distcc_init_ssh_sessions_total\{outcome="command"\} 0$'
expect_file_contains "$WORK/ssh.prom" '^distcc_init_ssh_sessions_active 0$'
expect_file_contains "$WORK/ssh.prom" '^distcc_jobs_total\{outcome="ok"\} 2$'
expect_file_contains "$WORK/ssh.prom" '^distcc_init_info\{version="[0-9.]+",mode="ssh"\} 1$'
stop_worker

TEST "ssh tunnel: a compile through a forwarded port works, with TCP_NODELAY on the worker's side"
start_ssh_worker "$WORK/tunnel" one AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    DISTCC_SSH_TUNNEL=1 DISTCC_SSH_COMPILE_ONLY=1
write_client_config distcc-ssh "$WORK/alice"
allowed=$(free_port)
other_port=$(free_port)
other_address=$(free_port)
# One tunnel, three forwards: the loopback distccd, another port, another address.
timeout 60 ssh -F "$WORK/ssh_config_client" -o LogLevel=INFO -N \
    -L "127.0.0.1:$allowed:127.0.0.1:$daemon_port" -L "127.0.0.1:$other_port:127.0.0.1:$ssh_port" \
    -L "127.0.0.1:$other_address:127.0.0.2:$daemon_port" 127.0.0.1 2>"$WORK/tunnel-client.err" &
tunnel_pid=$!
wait_for_port "$allowed" 15 || fail "the tunnel does not listen: $(cat "$WORK/tunnel-client.err")"
mkdir -p "$WORK/through-tunnel"
cp "$WORK/hello.c" "$WORK/through-tunnel/"
actual=$(distcc_hello "127.0.0.1:$allowed" "$WORK/through-tunnel") ||
    fail "compile through the tunnel failed: $(cat "$WORK/through-tunnel/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built through the tunnel"
expect_equal "$(worker_side_nodelay)" 1 "TCP_NODELAY on the worker's side of the tunnel"

TEST "ssh tunnel: forwards to another port or address, and remote forwards, are refused"
for port in "$other_port" "$other_address"; do
    timeout 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && cat <&3" >/dev/null 2>&1 || true
done
sleep 0.5
expect_equal "$(grep -c "open failed: administratively prohibited" "$WORK/tunnel-client.err")" 2 \
    "forwards refused by the worker"
kill "$tunnel_pid"
wait "$tunnel_pid" 2>/dev/null || true
code=0
timeout 30 ssh -F "$WORK/ssh_config_client" -o LogLevel=INFO -o ExitOnForwardFailure=yes -N \
    -R "127.0.0.1:$(free_port):127.0.0.1:22" 127.0.0.1 2>"$WORK/remote-forward.err" || code=$?
[ "$code" = 255 ] || fail "remote forwarding: ssh exited $code: $(cat "$WORK/remote-forward.err")"
expect_file_contains "$WORK/remote-forward.err" "remote port forwarding failed"

TEST "ssh tunnel: distcc's own SSH sessions, the healthcheck and SIGTERM work as without it"
actual=$(ssh_hello) || fail "compile over ssh failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built over SSH in tunnel mode"
in_worker "$DISTCC_INIT" healthcheck --deep >"$WORK/tunnel-health.out" ||
    fail "unhealthy: $(cat "$WORK/tunnel-health.out")"
stop_worker
expect_equal "$PID1_CODE" 143 "exit code after SIGTERM"
expect_equal "$(pgrep -fc -- "-p $ssh_port")" 0 "sshd processes left"

TEST "ssh: with ForceCommand turned off by an argument, the relay (the login shell) runs commands as a shell"
SSHD_EXTRA="-o ForceCommand=none" start_ssh_worker "$WORK/no-force" one \
    AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")"
write_client_config distcc-ssh "$WORK/alice"
expect_equal "$(worker_ssh 'echo "$0 $((6 * 7))"')" "bash 42" "a command run by the relay's shell"
# What other SSH images do: the client's own `distccd --inetd` (a second per job, see above).
actual=$(ssh_hello) || fail "compile with distccd --inetd failed: $(cat "$WORK/distcc.log")"
expect_equal "$actual" "$expected" "output of the program built by distccd --inetd"
stop_worker

TEST "ssh: killing the companion distccd or sshd stops the worker"
for victim in distccd sshd; do
    start_ssh_worker "$WORK/kill-$victim" one AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")"
    if [ "$victim" = distccd ]; then
        pkill -KILL -o -f -- "distccd --daemon.*--port $daemon_port"
    else
        pkill -KILL -f -- "sshd -D -e -p $ssh_port"
    fi
    wait_pid1
    [ "$PID1_CODE" -ne 0 ] || fail "the worker exited 0 after $victim died"
    expect_equal "$(pgrep -fc -- "$ssh_port|$daemon_port")" 0 "processes left after $victim died"
done

TEST "ssh: two workers started at once on one host key directory share the same keys"
# As replicas sharing one volume: the second must wait for the first one's keys, not fail.
# A slow ssh-keygen makes both find the keys missing before either has written one.
shared_keys="$WORK/shared-host-keys"
mkdir -p "$WORK/slow-bin"
printf '#!/bin/sh\nsleep 1\nexec %s "$@"\n' "$(command -v ssh-keygen)" >"$WORK/slow-bin/ssh-keygen"
chmod 755 "$WORK/slow-bin/ssh-keygen"
inits=()
unshares=()
for replica in a b; do
    port=$(free_port)
    echo "$port" >"$WORK/replica-$replica.port"
    PATH="$WORK/slow-bin:$PATH" AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
        SSH_HOST_KEYS_DIR="$shared_keys" DISTCC_SSH_DAEMON_PORT="$(free_port)" \
        start_worker "$WORK/replica-$replica" \
        "replica-$replica" --mode ssh -- -p "$port" -o ListenAddress=127.0.0.1
    inits+=("$INIT_PID")
    unshares+=("$UNSHARE_PID")
done
for replica in a b; do
    wait_for_port "$(cat "$WORK/replica-$replica.port")" 30 ||
        fail "replica $replica does not listen: $(grep -m1 error "$WORK/replica-$replica.err")"
    grep -E "\[info\] host key " "$WORK/replica-$replica.err" | sed "s/.*host key //" | sort >"$WORK/replica-$replica.keys"
done
expect_equal "$(wc -l <"$WORK/replica-a.keys")" 3 "host keys logged by replica a"
expect_equal "$(cat "$WORK/replica-b.keys")" "$(cat "$WORK/replica-a.keys")" "host keys of replica b"
kill -TERM "${inits[@]}"
wait "${unshares[@]}" 2>/dev/null

finish
