#!/bin/bash
# Provisioning follows no symbolic link planted in a volume or a home directory, takes over no
# directory of another owner, and refuses each trap with one clear line; what the trap points
# to is left exactly as it was.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command unshare ssh-keygen stat
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"
[ -d /usr/lib/ccache ] || [ -d /usr/lib/ccache/bin ] || skip_suite "needs ccache"

ssh-keygen -q -t ed25519 -N '' -C test -f "$WORK/key"
key=$(cat "$WORK/key.pub")
victim="$WORK/victim"
mkdir -m 0700 "$victim"
echo "precious" >"$victim/file"
snapshot() { stat -c '%u %g %a' "$victim" "$victim/file"; ls -A "$victim"; }
before=$(snapshot)

# Runs a worker that must refuse (exit 3) with MESSAGE; the victim must be untouched.
expect_trap_refused() { # NAME MACHINE MESSAGE-REGEX ENV... -- ARGS...
    local name=$1 machine=$2 pattern=$3
    shift 3
    TEST "trap: $name"
    local code=0
    run_worker_with "$machine" "$@" >"$WORK/trap.out" 2>"$WORK/trap.err" || code=$?
    expect_equal "$code" 3 "exit code"
    expect_file_contains "$WORK/trap.err" "$pattern"
    expect_equal "$(grep -c '\[error\]' "$WORK/trap.err")" 1 "error lines"
    expect_equal "$(snapshot)" "$before" "the victim (owner, group, mode, content)"
}

ln -s "$victim" "$WORK/ccache-link"
expect_trap_refused "the ccache directory is a link" ccache-link \
    "$WORK/ccache-link \(ccache directory shared by group distcc\) is a symbolic link" \
    DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/ccache-link" -- --mode tcp

mkdir -m 0700 "$WORK/someone-elses"
chown 12345:12345 "$WORK/someone-elses"
expect_trap_refused "the ccache directory belongs to someone else" foreign \
    "belongs to user ID 12345, neither root nor distcc" \
    DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/someone-elses" -- --mode tcp
expect_equal "$(stat -c '%u %a' "$WORK/someone-elses")" "12345 700" "the foreign directory"

ln -s "$victim" "$WORK/host-keys-link"
expect_trap_refused "the host key directory is a link" host-keys-link \
    "the host key directory $WORK/host-keys-link is a symbolic link" \
    AUTHORIZED_KEYS="$key" SSH_HOST_KEYS_DIR="$WORK/host-keys-link" -- --mode ssh

mkdir "$WORK/host-keys"
ln -s "$victim/new-key" "$WORK/host-keys/ssh_host_ed25519_key"
expect_trap_refused "a host key is a dangling link" host-key-file \
    "$WORK/host-keys/ssh_host_ed25519_key is a symbolic link or not a plain file" \
    AUTHORIZED_KEYS="$key" SSH_HOST_KEYS_DIR="$WORK/host-keys" -- --mode ssh
rm "$WORK/host-keys/ssh_host_ed25519_key"

mkdir -p "$(machine_dir planted-home)/home"
ln -s "$victim" "$(machine_dir planted-home)/home/distcc-ssh"
expect_trap_refused "the SSH user's home is planted before the user exists" planted-home \
    "/home/distcc-ssh exists before its user distcc-ssh does" \
    AUTHORIZED_KEYS="$key" SSH_HOST_KEYS_DIR="$WORK/host-keys" -- --mode ssh
expect_file_lacks "$(machine_dir planted-home)/etc-upper/passwd" "^distcc-ssh:"

TEST "trap: .ssh planted in the home of a user created earlier"
# A first start creates the user; then .ssh becomes a link to the victim.
ssh_port=$(free_port)
AUTHORIZED_KEYS="$key" SSH_HOST_KEYS_DIR="$WORK/host-keys" DISTCC_SSH_DAEMON_PORT="$(free_port)" \
    start_worker "$WORK/first" reused --mode ssh -- -p "$ssh_port" -o ListenAddress=127.0.0.1
# A SIGTERM that reaches PID 1 before it has taken over signals is dropped by the kernel: stop
# the worker once it serves.
wait_for_port "$ssh_port" 30 || fail "the first start does not serve: $(cat "$WORK/first.err")"
stop_worker
home="$(machine_dir reused)/home/distcc-ssh"
[ -d "$home" ] || fail "the first start made no home"
rm -rf "$home/.ssh"
ln -s "$victim" "$home/.ssh"
expect_trap_refused ".ssh is a link (second start)" reused "$home/.ssh is not a plain directory|/home/distcc-ssh/.ssh is not a plain directory" \
    AUTHORIZED_KEYS="$key" SSH_HOST_KEYS_DIR="$WORK/host-keys" -- --mode ssh

finish
