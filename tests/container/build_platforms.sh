#!/bin/bash
# Not run by CI (about 10 minutes a platform on 2 cores): builds the tcp image for the
# platforms the arm64 suite does not cover, each on a cached debootstrap base of its own
# architecture, and starts each (under QEMU but 386, which this machine runs itself): its Debian
# architecture, uname -m, the image's gcc, distcc-init --version and `file` on its distcc-init.
# Prints one result line per platform; exits 1 if any failed.
# Usage: tests/container/build_platforms.sh [PLATFORM...]   (default: linux/arm/v7 linux/386 linux/ppc64le)
set -uo pipefail
cd "$(dirname "$0")/../.."
docker_cli=/usr/bin/docker
[ "$(id -u)" = 0 ] || { echo "build_platforms.sh: needs root (Docker engine, debootstrap)" >&2; exit 2; }
bash tests/container/engine.sh >/dev/null || exit 1
bash tests/container/binfmt.sh
host_base=$(bash tests/container/base_image.sh) || exit 1
log_dir=$(mktemp -d /tmp/distcc-init-platforms.XXXXXX)
platforms=("$@")
[ ${#platforms[@]} -gt 0 ] || platforms=(linux/arm/v7 linux/386 linux/ppc64le)
failed=0
for platform in "${platforms[@]}"; do
    case "$platform" in
    linux/arm/v7) arch=armhf ;;
    linux/386) arch=i386 ;;
    linux/ppc64le) arch=ppc64el ;;
    linux/arm64) arch=arm64 ;;
    linux/amd64) arch=amd64 ;;
    *)
        echo "build_platforms.sh: unknown platform '$platform' (linux/arm/v7, linux/386, linux/ppc64le, linux/arm64, linux/amd64)" >&2
        exit 2
        ;;
    esac
    tag="gentoo-distcc:tcp-${arch}-test"
    log="$log_dir/${arch}.log"
    started=$SECONDS
    if ! base=$(bash tests/container/base_image.sh "$arch" 2>"$log"); then
        echo "$platform: FAILED: no base image ($(tail -1 "$log"))"
        failed=1
        continue
    fi
    if ! DOCKER_BUILDKIT=1 $docker_cli build --network host --progress plain --platform "$platform" \
        --build-arg BASE_IMAGE="$base" --build-arg BUILDER_IMAGE="$host_base" \
        -f Dockerfile.tcp -t "$tag" . >>"$log" 2>&1; then
        echo "$platform: FAILED: build, see $log: $(grep -m1 -E 'error|ERROR' "$log")"
        failed=1
        continue
    fi
    seconds=$((SECONDS - started))
    run() { $docker_cli run --rm --platform "$platform" --network none "$tag" "$@" 2>&1; }
    # uname -m shows the kernel's machine: x86_64 for 386 userland on this amd64 kernel.
    shown=$(run uname -m)
    userland=$(run dpkg --print-architecture)
    dumpmachine=$(run gcc -dumpmachine)
    version=$(run distcc-init --version | head -1)
    copy=$($docker_cli create --platform "$platform" "$tag")
    $docker_cli cp "$copy:/usr/local/bin/distcc-init" "$log_dir/distcc-init-$arch"
    $docker_cli rm -f "$copy" >/dev/null
    kind=$(file -b "$log_dir/distcc-init-$arch" | cut -d, -f1,2)
    [[ "$(file -b "$log_dir/distcc-init-$arch")" == *"statically linked"* ]] && kind="$kind, statically linked"
    if [ "$userland" = "$arch" ] && [[ "$kind" == *"statically linked" ]] && [ -n "$version" ]; then
        echo "$platform: ok in ${seconds} s: dpkg $userland, uname -m $shown, gcc $dumpmachine, $version; distcc-init: $kind"
    else
        echo "$platform: FAILED: dpkg '$userland' (expected $arch), uname -m '$shown', gcc '$dumpmachine', version '$version', file '$kind'"
        failed=1
    fi
done
exit $failed
