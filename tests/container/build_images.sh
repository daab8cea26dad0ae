#!/bin/bash
# Builds both images from this checkout on the local Debian base (also used as the builder
# image), with the host's network and BuildKit (the Dockerfiles need its platform arguments).
# Prints build times.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=$(tests/container/base_image.sh)
for variant in tcp ssh; do
    started=$(date +%s)
    DOCKER_BUILDKIT=1 /usr/bin/docker build --network host -q \
        --build-arg BASE_IMAGE="$base" --build-arg BUILDER_IMAGE="$base" \
        -f "Dockerfile.$variant" -t "gentoo-distcc:$variant-test" . >/dev/null
    echo "built gentoo-distcc:$variant-test in $(($(date +%s) - started)) s"
done
