#!/bin/bash
# Runs COMMAND with no descriptor of the caller's but 0-2: a daemon that outlives its caller
# must not keep, say, a lock the caller holds (flock's descriptor is inherited) for as long as
# it runs.
for fd in /proc/self/fd/*; do
    fd=${fd##*/}
    [ "$fd" -gt 2 ] && eval "exec $fd>&-"
done
exec "$@"
