#!/bin/bash
# The tcp image built for linux/arm64 on this amd64 machine (the builder stage cross-compiles
# distcc-init; the worker's packages install under QEMU) and run under QEMU: its programs and
# distcc-init are aarch64, and this machine's distcc client compiles through it, natively for
# aarch64 and with its x86_64 cross compiler (the arm64 default of CROSS_TARGETS).
source "${TEST_LIB:-$(dirname "$0")/../integration/lib.sh}" "$@"
source "$(dirname "$0")/lib.sh"
require_command distcc gcc file aarch64-linux-gnu-gcc qemu-aarch64-static
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] && grep -qx enabled /proc/sys/fs/binfmt_misc/qemu-aarch64 ||
    skip_suite "no enabled binfmt_misc handler for aarch64 (qemu-user-static, binfmt-support)"
repo=$(cd "$(dirname "$0")/../.." && pwd)
ARM64_IMAGE=gentoo-distcc:tcp-arm64-test

TEST "arm64 image: builds on the cached arm64 Debian base"
started=$SECONDS
arm64_base=$(bash "$repo/tests/container/base_image.sh" arm64) || fail "no arm64 base image"
host_base=$(bash "$repo/tests/container/base_image.sh")
# Through scripts/build-image, which labels the image with its compilers' versions.
DOCKER=$docker timeout 1500 "$repo/scripts/build-image" tcp "$ARM64_IMAGE" --network host \
    --platform linux/arm64 --build-arg BASE_IMAGE="$arm64_base" --build-arg BUILDER_IMAGE="$host_base" \
    >"$WORK/build.log" 2>&1 || { fail "the arm64 build failed: $(tail -15 "$WORK/build.log")"; finish; }
echo "built $ARM64_IMAGE in $((SECONDS - started)) s: $(cat "$WORK/build.log")"
# The image stays, as the fixture's test images do (a rebuild is mostly cached).
OBJECTS_BEFORE=$(docker_objects)
expect_equal "$($docker image inspect -f '{{.Os}}/{{.Architecture}}' "$ARM64_IMAGE")" linux/arm64 \
    "the image's platform"

TEST "arm64 image: the machine it shows is aarch64, and so is its static distcc-init"
expect_equal "$(run_once --platform linux/arm64 --network none "$ARM64_IMAGE" uname -m)" aarch64 "uname -m"
expect_equal "$(run_once --platform linux/arm64 --network none "$ARM64_IMAGE" gcc -dumpmachine)" \
    aarch64-linux-gnu "the image's gcc"
copy=$($docker create --platform linux/arm64 --label "$RUN_LABEL" "$ARM64_IMAGE")
$docker cp "$copy:/usr/local/bin/distcc-init" "$WORK/distcc-init-arm64"
remove_container "$copy"
file -b "$WORK/distcc-init-arm64" >"$WORK/file.out"
expect_file_contains "$WORK/file.out" "^ELF 64-bit LSB .*ARM aarch64"
expect_file_contains "$WORK/file.out" "statically linked"
run_once --platform linux/arm64 --network none "$ARM64_IMAGE" distcc-init --version >"$WORK/version" 2>&1 ||
    fail "distcc-init --version in the image: $(cat "$WORK/version")"

TEST "arm64 image: the whitelist holds the native and the x86_64 cross compilers"
run_once --platform linux/arm64 --network none "$ARM64_IMAGE" ls /usr/lib/distcc >"$WORK/whitelist"
expect_file_contains "$WORK/whitelist" "^aarch64-linux-gnu-gcc$"
expect_file_contains "$WORK/whitelist" "^x86_64-linux-gnu-gcc$"
expect_file_contains "$WORK/whitelist" "^x86_64-linux-gnu-g\+\+$"
label=$($docker image inspect -f '{{index .Config.Labels "org.gentoo-distcc.compilers"}}' "$ARM64_IMAGE")
[[ ",$label," == *,gcc-12.*,* && ",$label," == *,x86_64-linux-gnu-gcc-12.*,* ]] ||
    fail "the compilers label: '$label'"
targets=$($docker image inspect -f '{{index .Config.Labels "org.gentoo-distcc.targets"}}' "$ARM64_IMAGE")
expect_equal "$targets" "aarch64-linux-gnu,x86_64-linux-gnu" "the targets label"

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
port=$(free_port)

TEST "arm64 image: under QEMU, compiles for aarch64 what runs as a local build does"
worker=$(run_container arm64 --platform linux/arm64 "$ARM64_IMAGE" \
    --port "$port" --listen 127.0.0.1 --allow 127.0.0.1)
wait_for_port "$port" 60 || fail "distccd does not listen: $($docker logs "$worker" 2>&1 | tail -5)"
distcc_compile_hello "127.0.0.1:$port" "$WORK" aarch64-linux-gnu-gcc hello-arm64.o ||
    fail "compile failed: $(tail -5 "$WORK/distcc-hello-arm64.o.log")"
expect_file_contains "$WORK/distcc-hello-arm64.o.log" "compile hello.c on 127.0.0.1:$port completed ok"
file -b "$WORK/hello-arm64.o" >"$WORK/object.file"
expect_file_contains "$WORK/object.file" "^ELF 64-bit LSB relocatable, ARM aarch64"
aarch64-linux-gnu-gcc "$WORK/hello-arm64.o" -o "$WORK/hello-arm64" || fail "the aarch64 object does not link"
actual=$(qemu-aarch64-static -L /usr/aarch64-linux-gnu "$WORK/hello-arm64") || fail "hello-arm64 did not run"
expect_equal "$actual" "$expected" "output of the aarch64 program built by the arm64 worker"

TEST "arm64 image: its x86_64 cross compiler builds for this machine"
distcc_compile_hello "127.0.0.1:$port" "$WORK" x86_64-linux-gnu-gcc hello-x86.o ||
    fail "compile failed: $(tail -5 "$WORK/distcc-hello-x86.o.log")"
expect_file_contains "$WORK/distcc-hello-x86.o.log" "compile hello.c on 127.0.0.1:$port completed ok"
file -b "$WORK/hello-x86.o" >"$WORK/object-x86.file"
expect_file_contains "$WORK/object-x86.file" "^ELF 64-bit LSB relocatable, x86-64"
gcc "$WORK/hello-x86.o" -o "$WORK/hello-x86" || fail "the x86_64 object does not link"
expect_equal "$("$WORK/hello-x86")" "$expected" "output of the x86_64 program built by the arm64 worker"
$docker logs "$worker" >"$WORK/worker.log" 2>&1
expect_equal "$(grep -c COMPILE_OK "$WORK/worker.log")" 2 "jobs the worker logged as COMPILE_OK"
expect_quick_stop "$worker"

TEST "arm64 suite: no container, volume or image of its own is left behind"
expect_nothing_left_behind

finish
