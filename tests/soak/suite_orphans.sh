#!/bin/bash
# Soak: SOAK_ORPHANS real orphans re-parented to distcc-init as PID 1, all reaped, none left.
source "$(dirname "$0")/../integration/lib.sh" "$@"
source "$(dirname "$0")/soak_lib.sh"
require_root
require_command unshare gcc timeout

TEST "orphans: $SOAK_ORPHANS orphans re-parented to PID 1 are all reaped, nothing left"
# -w logs one line per zombie PID 1 reaps that is not its own child: the count of those lines
# says that PID 1, and nothing else, reaped every orphan.
started=$(now_ms)
code=0
timeout 600 unshare --pid --fork --mount-proc "$DISTCC_INIT" -w -- \
    "$SOAK_HELPER" orphans "$SOAK_ORPHANS" 60 >"$WORK/orphans.out" 2>"$WORK/orphans.err" || code=$?
elapsed=$(($(now_ms) - started))
expect_equal "$code" 0 "exit code of PID 1 (the helper's: 0 when nothing was left)"
figures=$(cat "$WORK/orphans.out")
figure() { grep -o "\b$1=[0-9.-]*" <<<"$figures" | cut -d= -f2; }
reaped=$(grep -c "reaped zombie process" "$WORK/orphans.err")
echo "    $SOAK_ORPHANS orphans in $elapsed ms: made in $(figure create_ms) ms, last reaped" \
    "$(figure settle_ms) ms after the last was made, PID 1 CPU $(figure pid1_cpu_ms) ms"
echo "    reaped by PID 1: $reaped; left: $(figure zombies_left) zombies, PID 1 has" \
    "$(figure pid1_children) child (the helper), $(figure processes) processes in the namespace"
echo "    PID 1: fds $(figure pid1_fds_before) -> $(figure pid1_fds_after)," \
    "VmRSS $(figure pid1_rss_kb_before) -> $(figure pid1_rss_kb_after) kB," \
    "RssAnon $(figure pid1_anon_kb_before) -> $(figure pid1_anon_kb_after) kB"
expect_equal "$(figure orphans)" "$SOAK_ORPHANS" "orphans made"
expect_equal "$(figure failed_forks)" 0 "orphans that could not be made"
expect_equal "$reaped" "$SOAK_ORPHANS" "orphans reaped by PID 1"
expect_equal "$(figure zombies_left)" 0 "zombies left"
expect_equal "$(figure pid1_children)" 1 "children of PID 1 at the end (the helper alone)"
expect_equal "$(figure processes)" 2 "processes in the namespace at the end (PID 1 and the helper)"
expect_equal "$(figure pid1_fds_after)" "$(figure pid1_fds_before)" "open fds of PID 1"
expect_less_than "$(figure pid1_anon_kb_after)" \
    $(($(figure pid1_anon_kb_before) + SOAK_ANON_SLACK_KB + 1)) "RssAnon of PID 1 after (kB)"
expect_file_lacks "$WORK/orphans.err" "\[(error|critical)\]|supervision goes on"

finish
