#!/bin/bash
# Builds the local Debian bookworm base image (no registry here): debootstrap --variant=minbase
# and docker import. The root file system tarball is cached in /var/cache/distcc-init-ci and
# the image is reused when present. Prints the image name.
set -euo pipefail
image=${BASE_IMAGE_NAME:-distcc-init-test/bookworm:minbase}
cache=/var/cache/distcc-init-ci
tarball=$cache/bookworm-minbase.tar
docker_cli=/usr/bin/docker

if "$docker_cli" image inspect "$image" >/dev/null 2>&1; then
    echo "$image"
    exit 0
fi
if [ ! -s "$tarball" ]; then
    mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
    mirror=${mirror:-$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null)}
    mirror=${mirror:-http://deb.debian.org/debian}
    root=$(mktemp -d /tmp/distcc-init-rootfs.XXXXXX)
    trap 'rm -rf "$root"' EXIT
    echo "debootstrap bookworm from $mirror (cached afterwards in $tarball)" >&2
    debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
    mkdir -p "$cache"
    tar -C "$root" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
fi
"$docker_cli" import "$tarball" "$image" >/dev/null
echo "$image"
