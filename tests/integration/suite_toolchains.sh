#!/bin/bash
# Served toolchains: a tcp worker (distcc-init as PID 1) serves every compiler it has under the
# names Debian and Gentoo clients send; the real distcc client with fallback off compiles
# through each, natively and for aarch64 (run under qemu); an unserved name is refused and
# the worker says which; the dry run and `toolchains` list the names.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc gcc-11 g++ clang-16 clang++ ccache aarch64-linux-gnu-gcc \
    qemu-aarch64-static unshare nsenter ss python3 timeout readelf
[ -d /usr/aarch64-linux-gnu/lib ] || skip_suite "needs libc6-dev-arm64-cross"

triple=$(gcc -dumpmachine)
[ "$triple" = x86_64-linux-gnu ] || skip_suite "written for an x86_64 Debian machine, not $triple"

# The client's compilers under the Gentoo names a Gentoo client has (the client preprocesses
# with the compiler of the name it sends), and one name no worker here has.
client_bin="$WORK/client-bin"
mkdir -p "$client_bin"
ln -s "$(command -v gcc)" "$client_bin/x86_64-pc-linux-gnu-gcc"
ln -s "$(command -v clang-16)" "$client_bin/x86_64-pc-linux-gnu-clang-16"
ln -s "$(command -v aarch64-linux-gnu-gcc)" "$client_bin/aarch64-unknown-linux-gnu-gcc"
ln -s "$(command -v gcc)" "$client_bin/x86_64-linux-gnu-gcc-99"
# Workers get the machine's PATH: they must not find the client's names.
worker_path=$PATH
export PATH="$client_bin:$PATH"

cat >"$WORK/hello.c" <<'SOURCE'
#include <stdio.h>
int main(void) { printf("hello from %s, %d\n", __VERSION__, 6 * 7); return 0; }
SOURCE
cat >"$WORK/hello.cpp" <<'SOURCE'
#include <iostream>
#include <string>
int main() { std::cout << std::string("hello from C++, ") << 6 * 7 << "\n"; }
SOURCE

port=$(free_port)
PATH=$worker_path start_worker "$WORK/worker" tools --mode tcp -- --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port" || fail "distccd does not listen: $(cat "$WORK/worker.err")"
hosts="127.0.0.1:$port"

# Compiles SOURCE through the worker with COMPILER and with the same compiler here; the two
# programs must print the same, and for gcc the objects must be the same bytes.
compare_build() { # COMPILER SOURCE LINKER
    local compiler=$1 source=$2 linker=$3 dir="$WORK/build-$1"
    mkdir -p "$dir"
    cp "$WORK/$source" "$dir/"
    distcc_compile "$dir" "$hosts" "$compiler" -O2 -c "$source" -o remote.o ||
        { fail "$compiler through the worker failed: $(cat "$dir/distcc.log")"; return; }
    (cd "$dir" && "$compiler" -O2 -c "$source" -o local.o) || fail "$compiler here failed"
    (cd "$dir" && $linker remote.o -o remote && $linker local.o -o local) || fail "link failed"
    expect_equal "$("$dir/remote")" "$("$dir/local")" "output of the $compiler program built remotely"
    if [[ $compiler == *gcc* || $compiler == *g++* ]]; then
        cmp -s "$dir/remote.o" "$dir/local.o" || fail "$compiler: the objects differ"
    fi
}

TEST "toolchains: the worker logs what it serves, with versions and targets"
expect_file_contains "$WORK/worker.err" "serving: gcc 12\.[0-9.]+ x86_64-linux-gnu .*: .*x86_64-pc-linux-gnu-gcc"
expect_file_contains "$WORK/worker.err" "serving: gcc 11\.[0-9.]+ x86_64-linux-gnu .*: gcc-11"
expect_file_contains "$WORK/worker.err" "serving: gcc 12\.[0-9.]+ aarch64-linux-gnu .*aarch64-unknown-linux-gnu-gcc"
expect_file_contains "$WORK/worker.err" "serving: clang 16\.[0-9.]+ x86_64-pc-linux-gnu .*x86_64-pc-linux-gnu-clang-16"

TEST "toolchains: Gentoo, Debian, versioned and clang names compile and match a local build"
compare_build x86_64-pc-linux-gnu-gcc hello.c gcc
compare_build x86_64-linux-gnu-g++ hello.cpp g++
compare_build gcc-11 hello.c gcc
compare_build x86_64-pc-linux-gnu-clang-16 hello.c gcc
compare_build clang++ hello.cpp g++
expect_file_contains "$WORK/worker.err" "COMPILE_OK.*x86_64-pc-linux-gnu-gcc"

TEST "toolchains: the compiler of the name asked runs on the worker (its .comment)"
expect_equal "$(readelf -p .comment "$WORK/build-gcc-11/remote.o" | grep -o 'GCC: .*' | head -1)" \
    "$(readelf -p .comment "$WORK/build-gcc-11/local.o" | grep -o 'GCC: .*' | head -1)" \
    "gcc-11's .comment"
expect_file_contains <(readelf -p .comment "$WORK/build-gcc-11/remote.o") "GCC: .* 11\."

TEST "toolchains: aarch64-unknown-linux-gnu-gcc gives an aarch64 object that runs under qemu"
dir="$WORK/build-cross"
mkdir -p "$dir"
cp "$WORK/hello.c" "$dir/"
distcc_compile "$dir" "$hosts" aarch64-unknown-linux-gnu-gcc -O2 -c hello.c -o remote.o ||
    fail "cross compile through the worker failed: $(cat "$dir/distcc.log")"
expect_equal "$(readelf -h "$dir/remote.o" | awk -F: '/Machine/ {gsub(/^ +/, "", $2); print $2}')" \
    AArch64 "machine of the object"
aarch64-linux-gnu-gcc "$dir/remote.o" -o "$dir/remote" && aarch64-linux-gnu-gcc "$dir/hello.c" -O2 -o "$dir/local" ||
    fail "aarch64 link failed"
expect_equal "$(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$dir/remote")" \
    "$(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$dir/local")" "output under qemu"

TEST "toolchains: a name the worker lacks is refused, and the worker says which"
dir="$WORK/build-unserved"
mkdir -p "$dir"
cp "$WORK/hello.c" "$dir/"
code=0
started=$SECONDS
DISTCC_BACKOFF_PERIOD=60 distcc_compile "$dir" "$hosts" x86_64-linux-gnu-gcc-99 -c hello.c -o remote.o || code=$?
[ "$code" -ne 0 ] && [ "$code" -ne 124 ] || fail "an unserved name: exit code $code, expected the client's refusal"
expect_less_than "$((SECONDS - started))" 10 "seconds to the refusal"
expect_file_contains "$dir/distcc.log" "failed to distribute and fallbacks are disabled"
[ ! -e "$dir/remote.o" ] || fail "an object was written for an unserved name"
sleep 0.2
expect_file_contains "$WORK/worker.err" "lookup of x86_64-linux-gnu-gcc-99 in DISTCC_CMDLIST failed"

TEST "toolchains: distccd runs links named by the served name, through the guard (the whitelist is on)"
expect_file_contains <(in_worker readlink /run/distcc-init/compilers/x86_64-pc-linux-gnu-gcc) \
    "/distcc-guard$"
expect_file_contains <(in_worker readlink /run/distcc-init/compilers-real/x86_64-pc-linux-gnu-gcc) \
    "^/usr/bin/x86_64-linux-gnu-gcc-1[0-9]$"
expect_file_contains <(in_worker cat /run/distcc-init/compilers.list) \
    "^/run/distcc-init/compilers/aarch64-unknown-linux-gnu-g\+\+$"
expect_file_lacks <(in_worker cat /run/distcc-init/compilers.list) "(gcc-ar|clang-format|c89-gcc|gcc-99)"
expect_file_lacks "$WORK/worker.err" "enable-tcp-insecure"
stop_worker

TEST "toolchains: the dry run lists the served compilers (text and JSON)"
PATH=$worker_path run_worker dry --dry-run --mode tcp >"$WORK/dry.txt" 2>&1
expect_file_contains "$WORK/dry.txt" "^compilers:$"
expect_file_contains "$WORK/dry.txt" "^  - gcc 12\.[0-9.]+ x86_64-linux-gnu .*x86_64-pc-linux-gnu-gcc"
expect_file_contains "$WORK/dry.txt" "link [0-9]+ compiler names in /run/distcc-init/compilers"
PATH=$worker_path run_worker dry --dry-run=json --mode tcp >"$WORK/dry.json"
python3 - "$WORK/dry.json" <<'PYTHON' || fail "JSON dry run: $(cat "$WORK/dry.json")"
import json, sys
plan = json.load(open(sys.argv[1]))
names = {n for t in plan["compilers"]["toolchains"] for n in t["names"]}
wanted = {"x86_64-pc-linux-gnu-gcc", "x86_64-linux-gnu-gcc", "gcc-11", "aarch64-unknown-linux-gnu-g++",
          "x86_64-pc-linux-gnu-clang-16", "clang++", "cc", "c++"}
missing = wanted - names
assert not missing, f"missing: {missing}"
assert plan["environment"]["DISTCC_CMDLIST"] == "/run/distcc-init/compilers.list"
PYTHON

TEST "toolchains: distcc-init toolchains prints name -> compiler, JSON and labels"
PATH=$worker_path "$DISTCC_INIT" toolchains >"$WORK/toolchains.txt" || fail "toolchains failed"
expect_file_contains "$WORK/toolchains.txt" "^x86_64-pc-linux-gnu-gcc -> /usr/bin/x86_64-linux-gnu-gcc-12 \(gcc 12\.[0-9.]+, x86_64-linux-gnu\)$"
expect_file_contains "$WORK/toolchains.txt" "^aarch64-unknown-linux-gnu-gcc -> /usr/bin/aarch64-linux-gnu-gcc-12 "
"$DISTCC_INIT" toolchains --json | python3 -c 'import json, sys; json.load(sys.stdin)' ||
    fail "toolchains --json is not JSON"
"$DISTCC_INIT" toolchains --labels >"$WORK/labels.txt"
expect_file_contains "$WORK/labels.txt" "^org\.gentoo-distcc\.compilers=(.*,)?gcc-12\.[0-9.]+(,|$)"
expect_file_contains "$WORK/labels.txt" "^org\.gentoo-distcc\.compilers=.*aarch64-linux-gnu-gcc-12"
expect_file_contains "$WORK/labels.txt" "^org\.gentoo-distcc\.targets=(.*,)?aarch64-linux-gnu,.*x86_64-linux-gnu"
code=0
"$DISTCC_INIT" toolchains --json --labels 2>"$WORK/both.err" || code=$?
expect_equal "$code" 2 "exit code of --json --labels"

TEST "toolchains: with ccache on the worker, a Gentoo name goes through ccache"
port=$(free_port)
cache="$WORK/ccache"
PATH=$worker_path DISTCC_CCACHE_ENABLE=1 CCACHE_DIR="$cache" start_worker "$WORK/ccache-worker" tools --mode tcp -- \
    --port "$port" --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port" || fail "distccd with ccache does not listen: $(cat "$WORK/ccache-worker.err")"
dir="$WORK/build-ccache"
mkdir -p "$dir"
cp "$WORK/hello.c" "$dir/"
for round in 1 2; do
    distcc_compile "$dir" "127.0.0.1:$port" x86_64-pc-linux-gnu-gcc -c hello.c -o "remote$round.o" ||
        fail "compile $round through ccache failed: $(cat "$dir/distcc.log")"
done
cmp -s "$dir/remote1.o" "$dir/remote2.o" || fail "the cached object differs"
expect_file_contains <(CCACHE_DIR="$cache" ccache --print-stats) "^(direct_cache_hit|preprocessed_cache_hit)[[:space:]]+1$"
stop_worker

finish
