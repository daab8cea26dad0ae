#!/bin/bash
# The compilers the amd64 images install: the default cross compiler for aarch64 (CROSS_TARGETS
# "auto"), clang with CLANG=1, further CROSS_TARGETS, each in distccd's whitelist
# (/usr/lib/distcc) and used through the worker; bad build arguments stop the build with one line.
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc file
repo=$(cd "$(dirname "$0")/../.." && pwd)
CLANG_IMAGE=gentoo-distcc:tcp-clang-cross-test

# Builds Dockerfile.tcp on the test base with the given --build-arg words; output in OUTPUT.
build_tcp() { # OUTPUT docker-build-ARGS...
    local output=$1 base
    shift
    base=$(bash "$repo/tests/container/base_image.sh")
    (cd "$repo" && DOCKER_BUILDKIT=1 timeout 1200 $docker build --network host --progress plain \
        --build-arg BASE_IMAGE="$base" --build-arg BUILDER_IMAGE="$base" -f Dockerfile.tcp "$@" . \
        >"$output" 2>&1)
}

write_hello_source "$WORK"
expected=$(local_hello "$WORK")

TEST "toolchains: the default amd64 image serves aarch64 (CROSS_TARGETS=auto)"
run_once --network none "$TCP_IMAGE" ls /usr/lib/distcc >"$WORK/whitelist"
for name in x86_64-linux-gnu-gcc aarch64-linux-gnu-gcc 'aarch64-linux-gnu-g\+\+'; do
    expect_file_contains "$WORK/whitelist" "^$name$"
done
expect_equal "$(run_once --network none "$TCP_IMAGE" aarch64-linux-gnu-gcc -dumpmachine)" \
    aarch64-linux-gnu "the cross gcc's target"

TEST "toolchains: an aarch64 compile through the amd64 worker runs as a local build does"
if command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64-static >/dev/null; then
    port=$(free_port)
    worker=$(run_container cross "$TCP_IMAGE" --port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
    wait_for_port "$port" 20 || fail "distccd does not listen: $($docker logs "$worker" 2>&1 | tail -5)"
    distcc_compile_hello "127.0.0.1:$port" "$WORK" aarch64-linux-gnu-gcc hello-arm64.o ||
        fail "compile failed: $(tail -5 "$WORK/distcc-hello-arm64.o.log")"
    expect_file_contains "$WORK/distcc-hello-arm64.o.log" "compile hello.c on 127.0.0.1:$port completed ok"
    expect_file_contains <(file -b "$WORK/hello-arm64.o") "^ELF 64-bit LSB relocatable, ARM aarch64"
    aarch64-linux-gnu-gcc "$WORK/hello-arm64.o" -o "$WORK/hello-arm64" || fail "the object does not link"
    expect_equal "$(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$WORK/hello-arm64")" "$expected" \
        "output of the aarch64 program"
    remove_container "$worker"
else
    echo "skipped: needs aarch64-linux-gnu-gcc and qemu-aarch64-static on this machine"
fi

TEST "toolchains: CLANG=1 with CROSS_TARGETS=x86_64-pc-linux-gnu,i686-pc-linux-gnu builds"
started=$SECONDS
# Through scripts/build-image, which labels the image with its compilers' versions.
base=$(bash "$repo/tests/container/base_image.sh")
DOCKER=$docker timeout 1200 "$repo/scripts/build-image" tcp "$CLANG_IMAGE" --network host \
    --build-arg BASE_IMAGE="$base" --build-arg BUILDER_IMAGE="$base" --build-arg CLANG=1 \
    --build-arg CROSS_TARGETS=x86_64-pc-linux-gnu,i686-pc-linux-gnu >"$WORK/clang-build.log" 2>&1 ||
    { fail "the build failed: $(tail -15 "$WORK/clang-build.log")"; finish; }
echo "built $CLANG_IMAGE in $((SECONDS - started)) s: $(cat "$WORK/clang-build.log")"
# The image stays, as the fixture's test images do (a rebuild is mostly cached).
OBJECTS_BEFORE=$(docker_objects)

TEST "toolchains: clang, clang++ and i686 gcc are whitelisted; the own CPU and auto are not added"
run_once --network none "$CLANG_IMAGE" ls /usr/lib/distcc >"$WORK/clang-whitelist"
for name in clang 'clang\+\+' x86_64-linux-gnu-gcc i686-linux-gnu-gcc 'i686-linux-gnu-g\+\+'; do
    expect_file_contains "$WORK/clang-whitelist" "^$name$"
done
expect_file_lacks "$WORK/clang-whitelist" "^aarch64-"
run_once --network none "$CLANG_IMAGE" clang --version >"$WORK/clang-version"
expect_file_contains "$WORK/clang-version" "clang version 14\."

TEST "toolchains: the image's label names its compilers with their versions"
label=$($docker image inspect -f '{{index .Config.Labels "org.gentoo-distcc.compilers"}}' "$CLANG_IMAGE")
for compiler in clang-14 gcc-12 i686-linux-gnu-gcc-12; do
    [[ ",$label" == *",$compiler."* ]] || fail "no $compiler.* in the label: '$label'"
done
[[ "$label" != *aarch64* ]] || fail "the label names a compiler the image lacks: '$label'"

TEST "toolchains: clang and the i686 cross gcc compile through the worker"
port=$(free_port)
worker=$(run_container clang "$CLANG_IMAGE" --port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
wait_for_port "$port" 20 || fail "distccd does not listen: $($docker logs "$worker" 2>&1 | tail -5)"
if command -v clang >/dev/null; then
    distcc_compile_hello "127.0.0.1:$port" "$WORK" clang hello-clang.o ||
        fail "clang compile failed: $(tail -5 "$WORK/distcc-hello-clang.o.log")"
    expect_file_contains "$WORK/distcc-hello-clang.o.log" "compile hello.c on 127.0.0.1:$port completed ok"
    gcc "$WORK/hello-clang.o" -o "$WORK/hello-clang" || fail "the clang object does not link"
    expect_equal "$("$WORK/hello-clang")" "$expected" "output of the program clang built in the worker"
else
    echo "clang: skipped, no local clang to preprocess with"
fi
if command -v i686-linux-gnu-gcc >/dev/null; then
    distcc_compile_hello "127.0.0.1:$port" "$WORK" i686-linux-gnu-gcc hello-i686.o ||
        fail "i686 compile failed: $(tail -5 "$WORK/distcc-hello-i686.o.log")"
    expect_file_contains <(file -b "$WORK/hello-i686.o") "^ELF 32-bit LSB relocatable, Intel 80386"
else
    echo "i686: skipped, no local i686-linux-gnu-gcc to preprocess with"
fi
remove_container "$worker"

TEST "toolchains: an unknown CROSS_TARGETS triple stops the build with one line"
code=0
build_tcp "$WORK/bad-cross.log" --build-arg CROSS_TARGETS="aarch64-unknown-linux-gnu sparc64-unknown-linux-gnu" \
    -t distcc-init-test/bad-cross || code=$?
expect_less_than 0 "$code" "exit code of the build"
expect_file_contains "$WORK/bad-cross.log" "install-worker-packages: no Debian cross compiler known for CROSS_TARGETS entry 'sparc64-unknown-linux-gnu'"
# BuildKit's plain progress prefixes the step's output with "#STEP SECONDS ".
expect_equal "$(grep -cE '^#[0-9]+ [0-9.]+ install-worker-packages:' "$WORK/bad-cross.log")" 1 \
    "lines from install-worker-packages"

TEST "toolchains: CLANG that is not a version stops the build with one line"
code=0
build_tcp "$WORK/bad-clang.log" --build-arg CLANG=yes -t distcc-init-test/bad-clang || code=$?
expect_less_than 0 "$code" "exit code of the build"
expect_file_contains "$WORK/bad-clang.log" "install-worker-packages: CLANG must be empty, 0, 1 or a clang version number such as 16, not 'yes'"

TEST "toolchains suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
