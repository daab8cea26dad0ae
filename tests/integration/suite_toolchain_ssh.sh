#!/bin/bash
# Bring your own compiler, over SSH: the trixie client (gcc 14, in a chroot) pushes its bundle to
# an ssh worker whose keys are compile-only; the relay hands the one push command to the
# worker's toolchain service and refuses every other command as before. Compiles over SSH then
# give the client's own objects; bad bundles are refused in one line; `check --push` packs and
# pushes what a worker lacks. A Gentoo layout (a wrapper program before the driver, gcc-bin and
# binutils-bin) packs and serves; the worker's own gcc, packed and pushed back, gives the same
# objects as before.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
source "$(dirname "$0")/bundle_helpers.sh"
require_root
require_command distcc distccd gcc unshare nsenter chroot patchelf gzip python3 timeout ss ssh \
    ssh-keygen
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"
prepare_trixie
write_trixie_sources

ssh_port=$(free_port)
daemon_port=$(free_port)
host_keys="$WORK/host-keys"
store="$WORK/store"
ssh-keygen -q -t ed25519 -N '' -C alice@trixie -f "$WORK/alice"

# The client's ssh, inside the trixie root: its key, a config for the worker, the wrapper
# distcc runs (DISTCC_SSH).
cp "$WORK/alice" "$TRIXIE/work/alice"
cat >"$TRIXIE/work/ssh_config" <<CONFIG
Host 127.0.0.1
    Port $ssh_port
    User distcc-ssh
    IdentityFile /work/alice
    IdentitiesOnly yes
    BatchMode yes
    StrictHostKeyChecking no
    UserKnownHostsFile /dev/null
    LogLevel ERROR
CONFIG
printf '#!/bin/sh\nexec ssh -F /work/ssh_config "$@"\n' >"$TRIXIE/work/ssh"
chmod +x "$TRIXIE/work/ssh"
export TRIXIE_SSH=/work/ssh
ssh_worker() { in_trixie timeout 20 /work/ssh 127.0.0.1 "$@"; }

trixie_push() { # ARGS...
    PUSH_CODE=0
    in_trixie DISTCC_SSH=/work/ssh distcc-init toolchains push "$@" >"$WORK/push.out" 2>&1 ||
        PUSH_CODE=$?
}

start_ssh_worker "$WORK/worker" one AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    DISTCC_SSH_COMPILE_ONLY=1 DISTCC_TOOLCHAIN_DIR="$store"
gcc14=(--compiler x86_64-linux-gnu-gcc-14 --compiler x86_64-linux-gnu-g++-14)

TEST "ssh: before a push the worker does not serve gcc 14"
code=0
in_trixie DISTCC_HOSTS=@127.0.0.1 DISTCC_SSH=/work/ssh distcc-init check \
    --compiler x86_64-linux-gnu-gcc-14 >"$WORK/check-before.out" 2>&1 || code=$?
expect_equal "$code" 1 "exit code of check before the push"
expect_file_contains "$WORK/check-before.out" "^@127\.0\.0\.1 +x86_64-linux-gnu-gcc-14 +not served"

TEST "ssh: a compile-only key pushes a bundle; the worker installs and serves it"
in_trixie distcc-init toolchains pack "${gcc14[@]}" -o /work/good.tar.gz >"$WORK/pack.out" 2>&1 ||
    fail "pack failed: $(cat "$WORK/pack.out")"
started=$(now_ms)
trixie_push --bundle /work/good.tar.gz @127.0.0.1
echo "push + install over SSH: $(($(now_ms) - started)) ms, $(stat -c %s "$TRIXIE/work/good.tar.gz") bytes"
expect_equal "$PUSH_CODE" 0 "exit code of the push ($(cat "$WORK/push.out"))"
expect_file_contains "$WORK/push.out" "^@127\.0\.0\.1: bundle [0-9a-f]{12} installed, serving gcc 14\.2\.0"
expect_file_contains "$WORK/worker.err" "toolchains: ssh push: bundle [0-9a-f]{12} installed"

TEST "ssh: C and C++ over SSH are byte-identical to trixie's own; check says OK"
expect_same_objects @127.0.0.1 x86_64-linux-gnu-gcc-14 hello.c "-O2" "-O3 -fPIC"
expect_same_objects @127.0.0.1 x86_64-linux-gnu-g++-14 hello.cpp "-std=c++23 -O2"
code=0
in_trixie DISTCC_HOSTS=@127.0.0.1 DISTCC_SSH=/work/ssh distcc-init check "${gcc14[@]}" \
    >"$WORK/check-after.out" 2>&1 || code=$?
expect_equal "$code" 0 "exit code of check after the push ($(cat "$WORK/check-after.out"))"

TEST "ssh: compile-only still refuses every other command, the push command alone excepted"
for command in id "distcc-init toolchains receive; id" "distcc-init toolchains list" \
    "/bin/sh -c 'distcc-init toolchains receive'"; do
    code=0
    ssh_worker "$command" >"$WORK/other.out" 2>&1 </dev/null || code=$?
    expect_equal "$code" 126 "exit code of '$command'"
    expect_file_contains "$WORK/other.out" "only accepts distcc compiles"
done

TEST "ssh: bad bundles are refused in one line; nothing is installed"
make_bad_bundles "$TRIXIE/work/bad"
for bad in link-out setuid aarch64 fifo; do
    trixie_push --bundle "/work/bad/$bad.tar.gz" @127.0.0.1
    expect_equal "$PUSH_CODE" 1 "exit code for the $bad bundle"
    expect_equal "$(wc -l <"$WORK/push.out")" 1 "lines for the $bad bundle ($(cat "$WORK/push.out"))"
    expect_file_contains "$WORK/push.out" "^@127\.0\.0\.1: refused: "
done
expect_equal "$(installed_count "$store")" 1 "bundles installed"

TEST "ssh: a Gentoo layout (wrapper program, gcc-bin, binutils-bin) packs the driver that runs"
# gcc-config's names lead through a wrapper program to gcc-bin/14 (a link to the driver: a
# driver moved away from where its build put it would not find its cc1, and the proof would
# refuse it); binutils-config keeps as in binutils-bin/VERSION.
gentoo=usr/x86_64-pc-linux-gnu
mkdir -p "$TRIXIE/$gentoo/gcc-bin/14" "$TRIXIE/$gentoo/binutils-bin/2.44"
ln -s /usr/bin/x86_64-linux-gnu-gcc-14 "$TRIXIE/$gentoo/gcc-bin/14/x86_64-pc-linux-gnu-gcc"
mv "$TRIXIE/usr/bin/x86_64-linux-gnu-as" "$TRIXIE/$gentoo/binutils-bin/2.44/as"
ln -sf "/$gentoo/binutils-bin/2.44/as" "$TRIXIE/usr/bin/x86_64-linux-gnu-as"
cat >"$WORK/wrapper.c" <<'SOURCE'
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv) {
    (void)argc;
    execv("/usr/x86_64-pc-linux-gnu/gcc-bin/14/x86_64-pc-linux-gnu-gcc", argv);
    perror("wrapper");
    return 127;
}
SOURCE
gcc -static -O2 "$WORK/wrapper.c" -o "$TRIXIE/usr/bin/x86_64-pc-linux-gnu-gcc" ||
    fail "cannot build the wrapper program"
in_trixie distcc-init toolchains pack --compiler x86_64-pc-linux-gnu-gcc -o /work/gentoo.tar.gz \
    >"$WORK/pack-gentoo.out" 2>&1 || fail "pack of the Gentoo name failed: $(cat "$WORK/pack-gentoo.out")"
manifest=$(tar -xzOf "$TRIXIE/work/gentoo.tar.gz" distcc-toolchain.manifest)
grep -q "^compiler gcc 14\.2\.0 x86_64-linux-gnu usr/bin/x86_64-linux-gnu-gcc-14$" <<<"$manifest" ||
    fail "the driver packed is not the real one: $(grep ^compiler <<<"$manifest")"
grep -q "^name x86_64-pc-linux-gnu-gcc$" <<<"$manifest" || fail "the Gentoo name is not served"
grep -Eq "^file 755 [0-9]+ [0-9a-f]{64} usr/x86_64-linux-gnu/bin/as$" <<<"$manifest" ||
    fail "binutils-bin's as is not in the driver's tool folder"
! grep -q "x86_64-pc-linux-gnu-gcc$" <(grep ^file <<<"$manifest") || fail "the wrapper was packed"
trixie_push --bundle /work/gentoo.tar.gz @127.0.0.1
expect_equal "$PUSH_CODE" 0 "exit code of the Gentoo push ($(cat "$WORK/push.out"))"
expect_same_objects @127.0.0.1 x86_64-pc-linux-gnu-gcc hello.c "-O2"

TEST "ssh: the worker's own gcc packed here and pushed back gives the same objects"
write_ssh_client host "$ssh_port" distcc-ssh "$WORK/alice"
triple=$(gcc -dumpmachine)
"$DISTCC_INIT" toolchains pack --compiler "$triple-gcc-12" -o "$WORK/own.tar.gz" >"$WORK/own.out" 2>&1 ||
    fail "pack of this machine's gcc failed: $(cat "$WORK/own.out")"
DISTCC_SSH="$WORK/ssh_host" "$DISTCC_INIT" toolchains push --bundle "$WORK/own.tar.gz" @127.0.0.1 \
    >"$WORK/own-push.out" 2>&1 || fail "push of this machine's gcc failed: $(cat "$WORK/own-push.out")"
in_worker env DISTCC_TOOLCHAIN_DIR="$store" "$DISTCC_INIT" toolchains >"$WORK/list.out"
expect_file_contains "$WORK/list.out" "^$triple-gcc-12 -> $store/installed/.*\(bundle [0-9a-f]{12}, ssh push\)$"
write_hello_source "$WORK"
for flags in "-O2" "-O0" "-O3 -march=x86-64-v2"; do
    rm -f "$WORK/local.o" "$WORK/remote.o"
    # shellcheck disable=SC2086
    (cd "$WORK" && "$triple-gcc-12" $flags -c hello.c -o local.o)
    # shellcheck disable=SC2086
    DISTCC_SSH="$WORK/ssh_host" distcc_compile "$WORK" @127.0.0.1 "$triple-gcc-12" $flags -c \
        hello.c -o remote.o || fail "$flags through the pushed gcc 12 failed: $(cat "$WORK/distcc.log")"
    cmp -s "$WORK/local.o" "$WORK/remote.o" || fail "$flags: the pushed gcc 12's object differs"
done

TEST "ssh: check --push packs what a new worker lacks, pushes it, and checks again"
stop_worker
rm -rf "$store"
start_ssh_worker "$WORK/fresh" two AUTHORIZED_KEYS="$(cat "$WORK/alice.pub")" \
    DISTCC_SSH_COMPILE_ONLY=1 DISTCC_TOOLCHAIN_DIR="$store"
code=0
in_trixie DISTCC_HOSTS=@127.0.0.1 DISTCC_SSH=/work/ssh distcc-init check --push "${gcc14[@]}" \
    >"$WORK/check-push.out" 2>"$WORK/check-push.err" || code=$?
expect_equal "$code" 0 "exit code of check --push ($(cat "$WORK/check-push.out" "$WORK/check-push.err"))"
expect_file_contains "$WORK/check-push.err" "^packed bundle [0-9a-f]{12}: gcc 14\.2\.0"
expect_file_contains "$WORK/check-push.err" "^@127\.0\.0\.1: bundle [0-9a-f]{12} installed"
expect_file_contains "$WORK/check-push.out" "^@127\.0\.0\.1 +x86_64-linux-gnu-g\+\+-14 +OK"
code=0
in_trixie DISTCC_HOSTS=@127.0.0.1 DISTCC_SSH=/work/ssh distcc-init check --push "${gcc14[@]}" \
    >"$WORK/check-again.out" 2>"$WORK/check-again.err" || code=$?
expect_equal "$code" 0 "exit code of a second check --push"
expect_equal "$(wc -c <"$WORK/check-again.err")" 0 "bytes on stderr when nothing is pushed"
stop_worker

finish
