#!/bin/bash
# Builds the local Debian bookworm base image (no registry here): debootstrap --variant=minbase
# and an import. The root file system tarball is cached in /var/cache/distcc-init-ci and the
# image is reused when present. Prints the image name.
# Usage: base_image.sh [DEBIAN_ARCH]   (default: this machine's; another one, such as arm64,
#        is bootstrapped through qemu-user-static's binfmt handlers)
set -euo pipefail
native=$(dpkg --print-architecture)
arch=${1:-$native}
cache=/var/cache/distcc-init-ci
docker_cli=/usr/bin/docker
if [ "$arch" = "$native" ]; then
    image=${BASE_IMAGE_NAME:-distcc-init-test/bookworm:minbase}
    tarball=$cache/bookworm-minbase.tar
else
    image=${BASE_IMAGE_NAME:-distcc-init-test/bookworm:minbase-$arch}
    tarball=$cache/bookworm-minbase-$arch.tar
fi
# Debian's architecture names as Docker platforms.
case "$arch" in
amd64 | arm64) platform=linux/$arch ;;
ppc64el) platform=linux/ppc64le ;;
i386) platform=linux/386 ;;
armhf) platform=linux/arm/v7 ;;
*)
    echo "base_image.sh: no Docker platform known for Debian architecture '$arch'" >&2
    exit 2
    ;;
esac

if "$docker_cli" image inspect "$image" >/dev/null 2>&1; then
    echo "$image"
    exit 0
fi
if [ ! -s "$tarball" ]; then
    mirror=$("$(dirname "${BASH_SOURCE[0]}")/../support/debian_mirror.sh")
    root=$(mktemp -d /tmp/distcc-init-rootfs.XXXXXX)
    trap 'rm -rf "$root"' EXIT
    echo "debootstrap bookworm ($arch) from $mirror (cached afterwards in $tarball)" >&2
    debootstrap --arch "$arch" --variant=minbase bookworm "$root" "$mirror" >/dev/null
    mkdir -p "$cache"
    tar -C "$root" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
fi
if [ "$arch" = "$native" ]; then
    "$docker_cli" import "$tarball" "$image" >/dev/null
else
    # Engine 20.10's `docker import --platform` still records amd64; a BuildKit build from
    # scratch records the platform it is given.
    context=$(mktemp -d /tmp/distcc-init-base.XXXXXX)
    trap 'rm -rf "$context" ${root:+"$root"}' EXIT
    ln "$tarball" "$context/rootfs.tar" 2>/dev/null || cp "$tarball" "$context/rootfs.tar"
    printf 'FROM scratch\nADD rootfs.tar /\nCMD ["bash"]\n' >"$context/Dockerfile"
    DOCKER_BUILDKIT=1 "$docker_cli" build -q --platform "$platform" -t "$image" "$context" >/dev/null
fi
echo "$image"
