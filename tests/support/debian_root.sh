#!/bin/bash
# Unpacks a Debian root file system (debootstrap --variant=minbase) into a directory, for tests
# that need a client with another compiler than this machine's (Debian trixie's gcc 14, its
# distcc-pump). The root is bootstrapped once from this machine's Debian mirror and cached as a
# tarball in /var/cache/distcc-init-ci/roots, named after the suite and the packages.
# Usage: debian_root.sh SUITE DIRECTORY [PACKAGE...]
#   e.g. debian_root.sh trixie /tmp/trixie gcc-14 g++-14 distcc
# Enter it with chroot (mount /proc, /dev, /tmp as the test needs). Exit 0 when DIRECTORY holds
# the root; another code, with one line, when it cannot be made here.
set -euo pipefail
suite=${1:?usage: debian_root.sh SUITE DIRECTORY [PACKAGE...]}
directory=${2:?usage: debian_root.sh SUITE DIRECTORY [PACKAGE...]}
shift 2
packages=$(printf '%s\n' "$@" | sort -u | paste -sd, -)
cache=/var/cache/distcc-init-ci/roots
tarball=$cache/$suite-minbase${packages:+-$(printf '%s' "$packages" | tr ',' '+')}.tar
command -v debootstrap >/dev/null || { echo "debian_root.sh: debootstrap is not installed" >&2; exit 125; }
if [ ! -s "$tarball" ]; then
    mirror=$("$(dirname "${BASH_SOURCE[0]}")/debian_mirror.sh")
    root=$(mktemp -d /tmp/distcc-init-root.XXXXXX)
    trap 'rm -rf "$root"' EXIT
    echo "debootstrap $suite ${packages:+(with $packages) }from $mirror, cached in $tarball" >&2
    debootstrap --variant=minbase ${packages:+--include="$packages"} "$suite" "$root" "$mirror" >/dev/null
    mkdir -p "$cache"
    tar -C "$root" -cf "$tarball.partial" .
    mv "$tarball.partial" "$tarball"
fi
mkdir -p "$directory"
# --no-overwrite-dir: the root directory keeps its own mode (the bootstrap's was mktemp's 0700,
# which the daemons that drop privileges in the root could not traverse).
tar -C "$directory" --no-overwrite-dir -xf "$tarball"
