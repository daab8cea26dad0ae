#!/bin/bash
# Makes sure a Docker engine answers: starts Debian's dockerd (no bridge, no iptables: every
# test container uses --network host) when none runs. Prints "started" when it started one,
# so the caller can stop it again with `engine.sh stop`.
set -euo pipefail
docker_cli=/usr/bin/docker # Debian's client, matching its 20.10 engine
pid_file=/run/distcc-init-tests-dockerd.pid

if [ "${1:-start}" = stop ]; then
    if [ -f "$pid_file" ]; then
        kill "$(cat "$pid_file")" 2>/dev/null || true
        rm -f "$pid_file"
    fi
    exit 0
fi

[ -x "$docker_cli" ] && command -v dockerd >/dev/null || {
    echo "Docker is not installed (apt-get install docker.io)" >&2
    exit 125
}
if "$docker_cli" info >/dev/null 2>&1; then
    exit 0
fi
# The engine outlives this script: it gets no descriptor of ours but 0-2.
"$(dirname "$0")/only_standard_descriptors.sh" dockerd --bridge=none --iptables=false \
    </dev/null >/var/log/distcc-init-tests-dockerd.log 2>&1 &
echo $! >"$pid_file"
for _ in $(seq 120); do
    if "$docker_cli" info >/dev/null 2>&1; then
        echo started
        exit 0
    fi
    sleep 0.5
done
echo "dockerd did not come up; see /var/log/distcc-init-tests-dockerd.log" >&2
exit 1
