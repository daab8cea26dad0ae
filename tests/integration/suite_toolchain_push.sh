#!/bin/bash
# Bring your own compiler, over TCP: a client whose compiler no image has (Debian trixie's
# gcc 14, in a chroot) packs it and pushes it to a tcp worker (distcc-init as PID 1) with the
# shared token; the worker verifies, installs, proves and serves it at once, and its objects
# are byte-identical to the client's own. Every bad bundle and bad push is one line and
# changes nothing; a push while 50 compiles run drops none; bundles survive a restart; with
# ccache on a rebuild hits.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
source "$(dirname "$0")/bundle_helpers.sh"
require_root
require_command distcc distccd gcc ccache unshare nsenter chroot patchelf gzip python3 timeout ss curl
prepare_trixie
write_trixie_sources
# The Gentoo spelling of the same compiler, as a Gentoo client names it.
ln -s /usr/bin/x86_64-linux-gnu-gcc-14 "$TRIXIE/usr/local/bin/x86_64-pc-linux-gnu-gcc-14"

store="$WORK/store"
port=$(free_port)
hosts="127.0.0.1:$port"
worker_environment=(DISTCC_TOOLCHAIN_DIR="$store" DISTCC_TOOLCHAIN_TOKEN="$TOKEN")

start_tcp_worker() { # PREFIX [VAR=VALUE...]
    local prefix=$1
    shift
    run_worker_with tcp "${worker_environment[@]}" "$@" -- --mode tcp -- --port "$port" \
        --listen 127.0.0.1 --allow 127.0.0.1 >"$prefix.out" 2>"$prefix.err" &
    UNSHARE_PID=$!
    find_init_pid || fail "the worker did not start: $(cat "$prefix.err")"
    wait_for_port "$port" 15 || fail "distccd does not listen: $(cat "$prefix.err")"
    wait_for_port "$((port + 3))" 15 || fail "the push endpoint does not listen: $(cat "$prefix.err")"
}

# `distcc-init toolchains push` from the trixie client; its output in $WORK/push.out.
trixie_push() { # ARGS...
    PUSH_CODE=0
    in_trixie DISTCC_TOOLCHAIN_TOKEN="${CLIENT_TOKEN-$TOKEN}" distcc-init toolchains push "$@" \
        >"$WORK/push.out" 2>&1 || PUSH_CODE=$?
}

gcc14=(--compiler x86_64-linux-gnu-gcc-14 --compiler x86_64-linux-gnu-g++-14)

start_tcp_worker "$WORK/worker"

TEST "before a push: trixie's gcc 14 is not served, check says so"
code=0
in_trixie DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_DIR=/tmp sh -c \
    'cd /work && timeout 60 distcc x86_64-linux-gnu-gcc-14 -c hello.c -o remote.o' \
    >"$WORK/before.log" 2>&1 || code=$?
[ "$code" -ne 0 ] && [ "$code" -ne 124 ] || fail "the compile was not refused (exit $code)"
expect_file_contains "$WORK/before.log" "failed to distribute and fallbacks are disabled"
code=0
in_trixie DISTCC_HOSTS="$hosts" distcc-init check --compiler x86_64-linux-gnu-gcc-14 \
    >"$WORK/check-before.out" 2>&1 || code=$?
expect_equal "$code" 1 "exit code of check before the push"
expect_file_contains "$WORK/check-before.out" "^$hosts +x86_64-linux-gnu-gcc-14 +not served \(the worker refused the name"

TEST "push over TCP with the token: packed, sent, installed, proven and served at once"
started=$(now_ms)
trixie_push "${gcc14[@]}" "$hosts"
push_ms=$(($(now_ms) - started))
expect_equal "$PUSH_CODE" 0 "exit code of push ($(cat "$WORK/push.out"))"
expect_file_contains "$WORK/push.out" "^packed bundle [0-9a-f]{12}: gcc 14\.2\.0 x86_64-linux-gnu \(x86_64-linux-gnu-gcc-14\); gcc 14\.2\.0 x86_64-linux-gnu \(x86_64-linux-gnu-g\+\+-14\)$"
expect_file_contains "$WORK/push.out" "^$hosts: bundle [0-9a-f]{12} installed, serving gcc 14\.2\.0 \(x86_64-linux-gnu-gcc-14\); gcc 14\.2\.0 \(x86_64-linux-gnu-g\+\+-14\) \([0-9.]+ s to install\)$"
expect_file_contains "$WORK/worker.err" "toolchains: tcp push from 127\.0\.0\.1: bundle [0-9a-f]{12} installed"
expect_equal "$(installed_count "$store")" 1 "bundles installed"
echo "push (pack + send + install) took $push_ms ms"

TEST "after the push: C and C++ objects through the worker are byte-identical to trixie's own"
expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2" "-O0" "-O3 -fPIC -march=x86-64-v3" \
    "-Os -ffunction-sections -fstack-protector-strong -D_FORTIFY_SOURCE=2"
expect_same_objects "$hosts" x86_64-linux-gnu-g++-14 hello.cpp "-std=c++23 -O2" "-std=c++23 -O0"
code=0
in_trixie DISTCC_HOSTS="$hosts" distcc-init check "${gcc14[@]}" >"$WORK/check-after.out" 2>&1 || code=$?
expect_equal "$code" 0 "exit code of check after the push ($(cat "$WORK/check-after.out"))"
expect_file_contains "$WORK/check-after.out" "^$hosts +x86_64-linux-gnu-g\+\+-14 +OK \(GCC: \(Debian 14\.2\.0-[0-9]+\) 14\.2\.0, ELF64 LSB x86-64\)$"

TEST "the worker shows the bundle: toolchains (text, JSON), with its origin"
in_worker env DISTCC_TOOLCHAIN_DIR="$store" "$DISTCC_INIT" toolchains >"$WORK/list.out"
expect_file_contains "$WORK/list.out" "^x86_64-linux-gnu-gcc-14 -> $store/installed/[0-9a-f]{64}/root/usr/bin/x86_64-linux-gnu-gcc-14 \(gcc 14\.2\.0, x86_64-linux-gnu\) \(bundle [0-9a-f]{12}, tcp push from 127\.0\.0\.1\)$"
expect_file_contains "$WORK/list.out" "^x86_64-linux-gnu-gcc-12 -> /usr/bin/x86_64-linux-gnu-gcc-12 \(gcc 12"
in_worker env DISTCC_TOOLCHAIN_DIR="$store" "$DISTCC_INIT" toolchains --json |
    python3 -c 'import json, sys
d = json.load(sys.stdin)
bundles = [t for t in d["toolchains"] if t["bundle"]]
assert {n for t in bundles for n in t["names"]} == {"x86_64-linux-gnu-gcc-14", "x86_64-linux-gnu-g++-14"}, bundles
assert bundles[0]["bundle"]["origin"] == "tcp push from 127.0.0.1" and bundles[0]["bundle"]["packer"]' ||
    fail "toolchains --json does not show the bundle"

TEST "pushing the same bundle again sends nothing"
trixie_push "${gcc14[@]}" "$hosts"
expect_equal "$PUSH_CODE" 0 "exit code of the second push"
expect_file_contains "$WORK/push.out" "^$hosts: bundle [0-9a-f]{12} was installed already"

TEST "bad pushes: a wrong token, no token: one line each, nothing installed"
CLIENT_TOKEN=wrong-token-wrong-token trixie_push "${gcc14[@]}" "$hosts"
expect_equal "$PUSH_CODE" 1 "exit code with a wrong token"
expect_file_contains "$WORK/push.out" "^$hosts: refused: wrong token: the request's MAC does not match this worker's DISTCC_TOOLCHAIN_TOKEN$"
CLIENT_TOKEN= trixie_push --bundle /nonexistent "$hosts"
expect_equal "$PUSH_CODE" 2 "exit code for a bundle that is not there"
expect_file_contains "$WORK/push.out" "/nonexistent is not a toolchain bundle"
in_trixie distcc-init toolchains pack "${gcc14[@]}" -o /work/good.tar.gz >"$WORK/pack.out" 2>&1 ||
    fail "pack failed: $(cat "$WORK/pack.out")"
expect_file_contains "$WORK/pack.out" "^packed /work/good\.tar\.gz: bundle [0-9a-f]{12}, [0-9.]+ MB \([0-9.]+ MB unpacked\): gcc 14\.2\.0"
CLIENT_TOKEN= trixie_push --bundle /work/good.tar.gz "$hosts"
expect_equal "$PUSH_CODE" 1 "exit code without a token"
expect_file_contains "$WORK/push.out" "refused: the worker asks for its push token: set DISTCC_TOOLCHAIN_TOKEN"
expect_equal "$(installed_count "$store")" 1 "bundles installed"

TEST "bad bundles: truncated, tampered, traversal, a link out, setuid, a fifo, too large, aarch64, no compiler name"
make_bad_bundles "$TRIXIE/work/bad"
# A bundle the worker does not have yet (gcc alone), cut short and changed.
in_trixie distcc-init toolchains pack --compiler x86_64-linux-gnu-gcc-14 -o /work/gcc-only.tar.gz \
    >"$WORK/pack-gcc.out" 2>&1 || fail "pack failed: $(cat "$WORK/pack-gcc.out")"
head -c 1000000 "$TRIXIE/work/gcc-only.tar.gz" >"$TRIXIE/work/bad/truncated.tar.gz"
make_tampered_bundle "$TRIXIE/work/gcc-only.tar.gz" "$TRIXIE/work/bad/tampered.tar.gz"
declare -A expected=(
    [truncated]="it is not a whole gzip file \(truncated or damaged\)"
    [tampered]="usr/libexec/gcc/x86_64-linux-gnu/14/cc1's SHA-256 differs from its manifest \(tampered or damaged\)"
    [traversal]="\"bin/\.\./\.\./etc/x\" is a \"\.\" or \"\.\.\" component"
    [link-out]="the link bin/gcc leads out of the bundle"
    [setuid]="bin/gcc-77: a set-user-ID file"
    [fifo]="bin/gcc-77 is a fifo: a bundle holds files, folders and links only"
    [too-large]="the bundle is too large"
    [aarch64]="the bundle's programs are for AArch64, this worker runs x86-64"
    [no-compiler-name]="\"gcc-ar\" is no compiler name"
)
for bad in "${!expected[@]}"; do
    trixie_push --bundle "/work/bad/$bad.tar.gz" "$hosts"
    expect_equal "$PUSH_CODE" 1 "exit code for the $bad bundle ($(cat "$WORK/push.out"))"
    expect_equal "$(wc -l <"$WORK/push.out")" 1 "lines for the $bad bundle"
    expect_file_contains "$WORK/push.out" "^$hosts: refused: .*${expected[$bad]}"
done
expect_equal "$(installed_count "$store")" 1 "bundles installed after the bad ones"
expect_equal "$(find "$store/staging" -mindepth 1 | wc -l)" 0 "files left in staging"
expect_file_lacks "$store/installed/names" "77"
expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2"

TEST "a push while 50 compiles run: none fails"
# The second bundle serves the same names with the same compiler (--replace: the names move to
# it while the compiles run).
mkdir -p "$TRIXIE/work/many"
for i in $(seq 50); do sed "s/6 \* 7/6 * $i/" "$TRIXIE/work/hello.c" >"$TRIXIE/work/many/u$i.c"; done
in_trixie DISTCC_HOSTS="$hosts/8" DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1 DISTCC_DIR=/tmp/many \
    sh -c 'mkdir -p /tmp/many && cd /work/many && for i in $(seq 50); do
        timeout 300 distcc x86_64-linux-gnu-gcc-14 -O2 -c u$i.c -o u$i.o > u$i.log 2>&1 &
    done; wait' &
compiles=$!
sleep 0.5
trixie_push "${gcc14[@]}" --compiler x86_64-pc-linux-gnu-gcc-14 --replace "$hosts" 2>&1 ||
    true
wait "$compiles"
expect_equal "$PUSH_CODE" 0 "exit code of the push during the compiles ($(cat "$WORK/push.out"))"
expect_equal "$(ls "$TRIXIE/work/many/"*.o 2>/dev/null | wc -l)" 50 "objects made during the push"
failed=$(grep -l ERROR "$TRIXIE/work/many/"*.log 2>/dev/null | head -3)
[ -z "$failed" ] || fail "compiles failed during the push: $(cat $failed | head -5)"
expect_file_contains "$store/installed/names" "^x86_64-pc-linux-gnu-gcc-14 "

TEST "toolchains remove: the name goes back to what the image has (none here)"
in_worker "$DISTCC_INIT" toolchains remove x86_64-pc-linux-gnu-gcc-14 >"$WORK/remove.out" 2>&1 ||
    fail "remove failed: $(cat "$WORK/remove.out")"
expect_file_contains "$WORK/remove.out" "^no longer served from a bundle: x86_64-pc-linux-gnu-gcc-14$"
expect_file_lacks "$store/installed/names" "x86_64-pc-linux-gnu-gcc-14"
code=0
in_worker "$DISTCC_INIT" toolchains remove clang-99 >"$WORK/remove-none.out" 2>&1 || code=$?
expect_equal "$code" 1 "exit code of removing what is not served"
expect_file_contains "$WORK/remove-none.out" "no bundle serves clang-99"
stop_worker

TEST "bundles survive a restart; the metrics show them with their origin"
metrics_port=$(free_port)
start_tcp_worker "$WORK/restarted" DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_PORT="$metrics_port"
expect_file_contains "$WORK/restarted.err" "serving: gcc 14\.2\.0 x86_64-linux-gnu $store/installed/[0-9a-f]{64}/root/usr/bin/x86_64-linux-gnu-gcc-14 \(bundle [0-9a-f]{12}, tcp push from 127\.0\.0\.1\): x86_64-linux-gnu-gcc-14"
expect_same_objects "$hosts" x86_64-linux-gnu-g++-14 hello.cpp "-std=c++23 -O2"
wait_for_port "$metrics_port" 15 || fail "the metrics do not listen"
curl -s "http://127.0.0.1:$metrics_port/metrics" >"$WORK/bundles.prom"
expect_file_contains "$WORK/bundles.prom" '^distcc_compiler_info\{compiler="x86_64-linux-gnu-g\+\+-14",version="14\.2\.0",target="x86_64-linux-gnu",bundle="[0-9a-f]{12}",origin="tcp push from 127\.0\.0\.1"\} 1$'
expect_file_contains "$WORK/bundles.prom" '^distcc_compiler_info\{compiler="x86_64-linux-gnu-gcc-12",version="12\.[0-9.]+",target="x86_64-linux-gnu"\} 1$'
stop_worker

TEST "the dry run shows the bundle's compilers and the toolchain service, and never the token"
run_worker_with dry "${worker_environment[@]}" -- --dry-run --mode tcp -- --port "$port" \
    >"$WORK/dry.txt" 2>&1 || fail "the dry run failed: $(cat "$WORK/dry.txt")"
expect_file_contains "$WORK/dry.txt" "^  - gcc 14\.2\.0 x86_64-linux-gnu $store/installed/[0-9a-f]{64}/root/usr/bin/x86_64-linux-gnu-gcc-14 \(bundle [0-9a-f]{12}, tcp push from 127\.0\.0\.1\): x86_64-linux-gnu-gcc-14$"
expect_file_contains "$WORK/dry.txt" "toolchains service --store $store"
expect_file_contains "$WORK/dry.txt" "write the toolchain push token to /run/distcc-init/toolchain-token"
expect_file_lacks "$WORK/dry.txt" "$TOKEN"

TEST "with ccache on the worker, a rebuild through the bundle hits"
cache="$WORK/ccache"
start_tcp_worker "$WORK/ccache-worker" DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$cache"
for round in 1 2; do
    expect_same_objects "$hosts" x86_64-linux-gnu-gcc-14 hello.c "-O2"
done
expect_file_contains <(CCACHE_DIR="$cache" ccache --print-stats) "^(direct_cache_hit|preprocessed_cache_hit)[[:space:]]+1$"
stop_worker

TEST "clang: one binary and its libraries, packed here, pushed and served (integrated assembler)"
if command -v clang-16 >/dev/null && command -v clang++-16 >/dev/null; then
    start_tcp_worker "$WORK/clang-worker"
    "$DISTCC_INIT" toolchains pack --compiler clang-16 --compiler clang++-16 -o "$WORK/clang.tar.gz" \
        >"$WORK/clang-pack.out" 2>&1 || fail "pack of clang failed: $(cat "$WORK/clang-pack.out")"
    expect_file_contains "$WORK/clang-pack.out" "clang 16\.[0-9.]+ x86_64-pc-linux-gnu \(clang-16, clang\+\+-16\)$"
    DISTCC_TOOLCHAIN_TOKEN="$TOKEN" "$DISTCC_INIT" toolchains push --bundle "$WORK/clang.tar.gz" \
        "$hosts" >"$WORK/clang-push.out" 2>&1 || fail "push of clang failed: $(cat "$WORK/clang-push.out")"
    in_worker env DISTCC_TOOLCHAIN_DIR="$store" "$DISTCC_INIT" toolchains >"$WORK/clang-list.out"
    expect_file_contains "$WORK/clang-list.out" "^clang\+\+-16 -> $store/installed/[0-9a-f]{64}/root/usr/lib/llvm-16/bin/clang \(clang\+\+ 16"
    write_hello_source "$WORK"
    printf '#include <vector>\nint main() { std::vector<int> v{1, 2}; return v.size() == 2 ? 0 : 1; }\n' >"$WORK/vector.cpp"
    for job in "clang-16 hello.c" "clang++-16 vector.cpp"; do
        read -r compiler source <<<"$job"
        rm -f "$WORK/local.o" "$WORK/remote.o"
        (cd "$WORK" && "$compiler" -O2 -c "$source" -o local.o)
        distcc_compile "$WORK" "$hosts" "$compiler" -O2 -c "$source" -o remote.o ||
            fail "$compiler through the pushed clang failed: $(cat "$WORK/distcc.log")"
        cmp -s "$WORK/local.o" "$WORK/remote.o" || fail "$compiler: the pushed clang's object differs"
    done
    stop_worker
fi

TEST "a tcp worker without a token takes no push, and says so"
worker_environment=(DISTCC_TOOLCHAIN_DIR="$store")
start_tcp_worker "$WORK/tokenless"
expect_file_contains "$WORK/tokenless.err" "port $((port + 3)) refuses every push: DISTCC_TOOLCHAIN_TOKEN is not set"
trixie_push --bundle /work/good.tar.gz "$hosts"
expect_equal "$PUSH_CODE" 1 "exit code of a push to a worker without a token"
expect_file_contains "$WORK/push.out" "^$hosts: refused: this worker accepts no push: DISTCC_TOOLCHAIN_TOKEN is not set on it$"
stop_worker

TEST "a bad token setting stops the start with one line"
code=0
run_worker_with bad DISTCC_TOOLCHAIN_DIR="$store" DISTCC_TOOLCHAIN_TOKEN=short -- --mode tcp -- \
    --port "$port" --listen 127.0.0.1 >"$WORK/bad.out" 2>"$WORK/bad.err" || code=$?
expect_equal "$code" 3 "exit code of a short token"
expect_file_contains "$WORK/bad.err" "DISTCC_TOOLCHAIN_TOKEN: the token is shorter than 16 characters"

finish
