#!/bin/bash
# Lets the kernel run foreign-platform programs (arm64 images, their builds) through
# qemu-user-static: mounts binfmt_misc when a fresh machine has not, and enables the
# handlers binfmt-support registered but may have left disabled. The handlers carry the F
# flag (the interpreter is opened now), so they work inside containers too.
set -euo pipefail
command -v update-binfmts >/dev/null && [ -d /usr/libexec/qemu-binfmt ] || {
    echo "binfmt.sh: qemu-user-static and binfmt-support are not installed; foreign-platform suites will skip" >&2
    exit 0
}
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
for handler in qemu-aarch64 qemu-arm qemu-ppc64le; do
    [ -e "/proc/sys/fs/binfmt_misc/$handler" ] && grep -qx enabled "/proc/sys/fs/binfmt_misc/$handler" ||
        update-binfmts --enable "$handler" >/dev/null 2>&1 || true
done
