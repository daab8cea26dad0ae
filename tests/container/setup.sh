#!/bin/bash
# Fixture: a Docker engine, QEMU's binfmt handlers, the cached Debian base and both images
# built from this checkout.
set -euo pipefail
cd "$(dirname "$0")"
[ "$(id -u)" = 0 ] || { echo "SKIPPED: needs root for the Docker engine"; exit 125; }
./engine.sh
./binfmt.sh
./build_images.sh
for variant in tcp ssh; do
    size=$(/usr/bin/docker image inspect -f '{{.Size}}' "gentoo-distcc:$variant-test")
    echo "image gentoo-distcc:$variant-test: $((size / 1000000)) MB"
done
