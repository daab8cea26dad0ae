#!/bin/bash
# Bad input gets one clear line, a documented exit code and changes nothing; --dry-run too
# changes nothing.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command unshare ssh-keygen
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"

ssh-keygen -q -t ed25519 -N '' -C test -f "$WORK/key"
key=$(cat "$WORK/key.pub")
export SSH_HOST_KEYS_DIR="$WORK/host-keys"

# Runs a worker that must refuse to start; checks exit code, message and that nothing changed.
expect_refusal() { # NAME EXPECTED-CODE MESSAGE-REGEX ENV... -- ARGS...
    local name=$1 code=$2 pattern=$3
    shift 3
    TEST "refused: $name"
    local actual=0
    run_worker_with "refuse-$code" "$@" >"$WORK/refusal.out" 2>"$WORK/refusal.err" || actual=$?
    expect_equal "$actual" "$code" "exit code"
    expect_file_contains "$WORK/refusal.err" "$pattern"
    expect_equal "$(grep -c . "$WORK/refusal.err")" 1 "lines of error output"
    expect_equal "$(find "$(machine_dir "refuse-$code")/etc-upper" "$(machine_dir "refuse-$code")/home" -mindepth 1 | wc -l)" 0 \
        "files changed in /etc and /home"
    [ -e "$SSH_HOST_KEYS_DIR" ] && fail "host keys were generated"
    grep -q "$(cut -d' ' -f2 <<<"$key")" "$WORK/refusal.err" && fail "the key was echoed"
}

expect_refusal "no keys" 3 "no SSH public key: set AUTHORIZED_KEYS" -- --mode ssh
expect_refusal "both key variables" 3 "AUTHORIZED_KEYS and AUTHORIZED_KEYS_FILE are both set" \
    AUTHORIZED_KEYS="$key" AUTHORIZED_KEYS_FILE=/etc/hostname -- --mode ssh
expect_refusal "unreadable key file" 3 'AUTHORIZED_KEYS_FILE="/nonexistent" cannot be read' \
    AUTHORIZED_KEYS_FILE=/nonexistent -- --mode ssh
expect_refusal "a private key" 3 "AUTHORIZED_KEYS line 1: this is a private key" \
    AUTHORIZED_KEYS="$(cat "$WORK/key")" -- --mode ssh
expect_refusal "a private key after a public one, at trace level" 3 \
    "AUTHORIZED_KEYS line 2: this is a private key" \
    AUTHORIZED_KEYS="$key"$'\n'"$(cat "$WORK/key")" DISTCC_INIT_LOG_LEVEL=trace -- --mode ssh
cp "$WORK/key" "$WORK/private-key-file"
expect_refusal "a private key in AUTHORIZED_KEYS_FILE, dry run" 3 \
    "AUTHORIZED_KEYS_FILE \\($WORK/private-key-file\\) line 1: this is a private key" \
    AUTHORIZED_KEYS_FILE="$WORK/private-key-file" DISTCC_INIT_DRY_RUN=json -- --mode ssh -vvv

TEST "a private key pasted by mistake appears nowhere, at any verbosity"
# Every line of the private key's body, searched for in everything the refusals printed.
private_body=$(sed -n '2,$p' "$WORK/key" | grep -v -- '-----' | tr -d '\n')
for verbosity in "" -v -vv -vvv; do
    AUTHORIZED_KEYS="$(cat "$WORK/key")" bash -c "$(declare -f run_worker machine_dir); \
        WORK='$WORK' DISTCC_INIT='$DISTCC_INIT' run_worker private-key --mode ssh $verbosity" \
        >"$WORK/private.out" 2>&1
    cat "$WORK/private.out" >>"$WORK/private-all.out"
done
while read -r line; do
    [ -n "$line" ] && grep -qF -- "$line" "$WORK/private-all.out" && fail "a line of the private key was printed"
done < <(sed -n '2,$p' "$WORK/key" | grep -v -- '-----')
grep -qF -- "${private_body:0:40}" "$WORK/private-all.out" && fail "the private key's body was printed"
expect_file_contains "$WORK/private-all.out" "this is a private key"

expect_refusal "garbage key" 3 "AUTHORIZED_KEYS line 2: the ssh-ed25519 key's base64 data" \
    AUTHORIZED_KEYS="$key"$'\n'"ssh-ed25519 notbase64!" -- --mode ssh
expect_refusal "bad user name" 3 'SSH_USERNAME="Bad Name": expected a portable user name' \
    AUTHORIZED_KEYS="$key" SSH_USERNAME="Bad Name" -- --mode ssh
expect_refusal "root as SSH user" 3 'SSH_USERNAME="root": root cannot be' \
    AUTHORIZED_KEYS="$key" SSH_USERNAME=root -- --mode ssh
expect_refusal "an existing account" 3 'SSH_USERNAME="daemon": an account of that name already exists' \
    AUTHORIZED_KEYS="$key" SSH_USERNAME=daemon -- --mode ssh
expect_refusal "bad SSHD_LOG_LEVEL" 3 'SSHD_LOG_LEVEL="LOUD": expected one of' \
    AUTHORIZED_KEYS="$key" SSHD_LOG_LEVEL=LOUD -- --mode ssh
expect_refusal "bad DISTCC_CCACHE_ENABLE" 3 'DISTCC_CCACHE_ENABLE="maybe": expected 1' \
    DISTCC_CCACHE_ENABLE=maybe -- --mode tcp
expect_refusal "unknown mode" 2 'option --mode "udp": expected tcp or ssh' -- --mode udp
expect_refusal "bad DISTCC_INIT_MODE" 2 'DISTCC_INIT_MODE "ftp": expected tcp or ssh' \
    DISTCC_INIT_MODE=ftp -- true
expect_refusal "bad DISTCC_INIT_GRACE" 2 'DISTCC_INIT_GRACE "soon"' DISTCC_INIT_GRACE=soon -- --mode tcp

TEST "refused: unwritable cache directory as a non-root user"
mkdir -p "$WORK/readonly-cache"
chmod 555 "$WORK/readonly-cache"
code=0
DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/readonly-cache" setpriv --reuid=65534 --regid=65534 \
    --clear-groups "$DISTCC_INIT" --mode tcp 2>"$WORK/cache.err" || code=$?
expect_equal "$code" 5 "exit code"
expect_file_contains "$WORK/cache.err" "CCACHE_DIR=\"$WORK/readonly-cache\" is not writable"

TEST "refused: ssh mode as a non-root user"
code=0
AUTHORIZED_KEYS="$key" setpriv --reuid=65534 --regid=65534 --clear-groups "$DISTCC_INIT" \
    --mode ssh 2>"$WORK/nonroot.err" || code=$?
expect_equal "$code" 5 "exit code"
expect_file_contains "$WORK/nonroot.err" "ssh mode needs root"

TEST "dry run: the same plan as a start, nothing changed on disk"
for format in "--dry-run" "--dry-run=json"; do
    AUTHORIZED_KEYS="$key" DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$WORK/dry-cache" \
        bash -c "$(declare -f run_worker machine_dir); WORK='$WORK' DISTCC_INIT='$DISTCC_INIT' \
        run_worker dry --mode ssh $format -- -p 2222" >"$WORK/dry.out" 2>"$WORK/dry.err"
    expect_equal "$?" 0 "exit code of $format"
    expect_equal "$(find "$(machine_dir dry)/etc-upper" "$(machine_dir dry)/home" -mindepth 1 | wc -l)" 0 \
        "files changed by $format"
    [ -e "$WORK/dry-cache" ] && fail "$format created the cache directory"
    [ -e "$SSH_HOST_KEYS_DIR" ] && fail "$format generated host keys"
done
expect_file_contains "$WORK/dry.out" '"mode":"ssh"'
DISTCC_INIT_DRY_RUN=1 AUTHORIZED_KEYS="$key" "$DISTCC_INIT" --mode ssh >"$WORK/dry-env.out"
expect_file_contains "$WORK/dry-env.out" "^distcc-init dry run: nothing is changed"
expect_file_contains "$WORK/dry-env.out" "ssh-ed25519 SHA256:"
code=0
DISTCC_INIT_DRY_RUN=1 "$DISTCC_INIT" --mode ssh >/dev/null 2>&1 || code=$?
expect_equal "$code" 3 "a dry run validates like a start"

finish
