#!/bin/bash
# The layout rule, checked: a folder includes only itself and the folders below it, and the
# pure folders entrypoint/plan and toolchain/bundle include nothing that reaches the system.
#   rank 0  util/               knows nothing of distcc
#   rank 1  supervisor/ relay/ guard/ toolchain/bundle/   processes; the SSH relay; the
#           compiler guard; toolchain bundles' pure part (names, manifest, archive,
#           verdicts, the push conversation)
#   rank 2  entrypoint/plan/    pure: environment + arguments + facts -> Plan
#   rank 3  toolchain/system/   a bundle's effects: packing, unpacking, patching, proving,
#           the store, the served names, the worker's toolchain service
#   rank 4  entrypoint/system/ health/ metrics/ ssh_front/   effects: facts, provisioning,
#           start; the healthcheck; the metrics companion; the tunnel mode's SSH listener
#   rank 5  client/             client-side commands (the host list), reusing the parsers
#   rank 6  app/                main, command line, dispatch
set -euo pipefail
cd "$(dirname "$0")/.."

rank_of() {
    case "$1" in
    util) echo 0 ;;
    supervisor | relay | guard | toolchain/bundle) echo 1 ;;
    entrypoint/plan) echo 2 ;;
    toolchain/system) echo 3 ;;
    entrypoint/system | health | metrics | ssh_front) echo 4 ;;
    client) echo 5 ;;
    app) echo 6 ;;
    *) echo "unknown folder: $1" >&2; return 1 ;;
    esac
}

folder_of() { # PATH -> its folder as the ranks name it
    case "$1" in
    entrypoint/* | toolchain/*) echo "${1%/*}" ;;
    *) echo "${1%%/*}" ;;
    esac
}

violations=0
checked=0
while read -r file; do
    from=$(folder_of "$file")
    from_rank=$(rank_of "$from")
    while read -r included; do
        [ -n "$included" ] || continue
        to=$(folder_of "$included")
        [ "$to" = "$from" ] && continue
        checked=$((checked + 1))
        to_rank=$(rank_of "$to")
        if [ "$to_rank" -ge "$from_rank" ]; then
            echo "layout: $file includes $included ($to is not below $from)"
            violations=$((violations + 1))
        fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
    if [ "$from" = entrypoint/plan ] || [ "$from" = toolchain/bundle ]; then
        # sys/types.h only names types (uid_t); the other system headers make calls.
        effect=$(grep -nE '^#include <(unistd\.h|fcntl\.h|dirent\.h|sys/[a-z_]+\.h|cstdio|spdlog/spdlog\.h|boost/.*)>' "$file" |
            grep -v 'sys/types\.h' || true)
        if [ -n "$effect" ]; then
            echo "layout: $file is pure but includes an effect: $effect"
            violations=$((violations + 1))
        fi
    fi
done < <(git ls-files --cached --others --exclude-standard 'util/*.[ch]pp' 'supervisor/*.[ch]pp' 'relay/*.[ch]pp' 'guard/*.[ch]pp' 'entrypoint/*.[ch]pp' 'toolchain/*.[ch]pp' \
    'health/*.[ch]pp' 'metrics/*.[ch]pp' 'ssh_front/*.[ch]pp' 'client/*.[ch]pp' 'app/*.[ch]pp')

# The images' builder stage sees only what .dockerignore lets through: every folder the build
# adds must be there, or the image build fails where no unit test looks.
while read -r folder; do
    if ! grep -qx "!$folder/" .dockerignore; then
        echo "layout: $folder/ is built (CMakeLists.txt) but .dockerignore keeps it from the images' builder"
        violations=$((violations + 1))
    fi
done < <(sed -n 's/^add_subdirectory(\([a-z_]*\)).*/\1/p' CMakeLists.txt | grep -v '^tests$')

if [ "$checked" -eq 0 ]; then
    echo "layout: no include was checked" >&2
    exit 1
fi
echo "layout: $checked includes across folders checked, $violations violation(s)"
[ "$violations" -eq 0 ]
