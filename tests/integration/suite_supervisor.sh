#!/bin/bash
# distcc-init as a plain init (tini drop-in): PID 1 duties seen from outside.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command unshare pgrep python3 timeout nm

TEST "exit codes 0..255 pass through"
mismatches=0
for code in $(seq 0 255); do
    actual=0
    as_pid1 sh -c "exit $code" 2>/dev/null || actual=$?
    [ "$actual" = "$code" ] || mismatches=$((mismatches + 1))
done
expect_equal "$mismatches" 0 "codes that did not pass through"

TEST "a child killed by signal N gives 128+N"
for signal in HUP INT QUIT KILL USR1 USR2 ALRM SEGV; do
    number=$(kill -l "$signal")
    actual=0
    as_pid1 sh -c "kill -s $signal \$\$" 2>/dev/null || actual=$?
    expect_equal "$actual" $((128 + number)) "exit code after SIG$signal"
done

TEST "every catchable signal sent to PID 1 reaches the child"
# SEGV, BUS, TRAP and SYS sent with kill() take the re-queue path; RTMAX is the signal that
# path uses internally, so one sent from outside must still be forwarded as itself.
signals="HUP INT QUIT USR1 USR2 WINCH CONT ALRM PIPE URG TSTP XCPU VTALRM PROF IO PWR SYS SEGV BUS TRAP RTMAX RTMAX-1"
cat >"$WORK/trap.sh" <<'SCRIPT'
for signal in $SIGNALS; do trap "echo $signal >> $LOG" "$signal"; done
trap 'echo TERM >> $LOG; exit 0' TERM
echo ready >> $LOG.ready
while :; do sleep 0.05 & wait $!; done
SCRIPT
SIGNALS=$signals LOG="$WORK/received" start_pid1 "$WORK/forward" bash "$WORK/trap.sh"
wait_for_file "$WORK/received.ready" || fail "the child did not start"
for signal in $signals; do
    kill -s "$signal" "$INIT_PID"
    sleep 0.1
done
kill -s TERM "$INIT_PID"
wait_pid1
code=$PID1_CODE
expect_equal "$code" 143 "exit code after SIGTERM"
for signal in $signals TERM; do
    expect_file_contains "$WORK/received" "^$signal\$"
done
expect_file_lacks "$WORK/received" "^CHLD\$"

TEST "SIGTERM ends in 143 whatever the child does with it"
for behaviour in "trap 'exit 0' TERM" "trap 'exit 255' TERM" "trap 'exit 3' TERM" ":"; do
    rm -f "$WORK/ready"
    start_pid1 "$WORK/term" bash -c "$behaviour; touch $WORK/ready; while :; do sleep 0.05 & wait \$!; done"
    wait_for_file "$WORK/ready" 5 || touch "$WORK/ready"
    sleep 0.05
    kill -s TERM "$INIT_PID"
    wait_pid1
    expect_equal "$PID1_CODE" 143 "exit code with child behaviour [$behaviour]"
done

TEST "-e remaps exit codes to 0, also 143 after SIGTERM"
actual=0
as_pid1 -e 3 -e 4 sh -c 'exit 4' || actual=$?
expect_equal "$actual" 0 "-e 4 with exit 4"
actual=0
as_pid1 -e 3 sh -c 'exit 5' 2>/dev/null || actual=$?
expect_equal "$actual" 5 "-e 3 with exit 5"
actual=0
DISTCC_INIT_REMAP_EXIT=6,7 as_pid1 sh -c 'exit 7' || actual=$?
expect_equal "$actual" 0 "DISTCC_INIT_REMAP_EXIT=6,7 with exit 7"
start_pid1 "$WORK/remap" -e 143 sleep 100
wait_for_child_program sleep >/dev/null || fail "the child did not start"
kill -s TERM "$INIT_PID"
wait_pid1
    expect_equal "$PID1_CODE" 0 "-e 143 after SIGTERM"

TEST "a child that ignores SIGTERM is killed after the grace period"
start_pid1 "$WORK/grace" -v --grace 1 sh -c 'trap "" TERM; sleep 100'
wait_for_child_program dash >/dev/null || fail "the child did not start"
sleep 0.1 # its trap
started=$(now_ms)
kill -s TERM "$INIT_PID"
wait_pid1
code=$PID1_CODE
elapsed=$(($(now_ms) - started))
expect_equal "$code" 143 "exit code after escalation"
expect_less_than "$elapsed" 2000 "milliseconds until exit with --grace 1"
expect_less_than 900 "$elapsed" "milliseconds until exit (not before the grace period)"
expect_file_contains "$WORK/grace.err" "grace period .* SIGKILL"

TEST "DISTCC_INIT_GRACE sets the grace period; the command line wins"
start_pid1 "$WORK/grace-env" --grace 0.3 sh -c 'trap "" TERM; sleep 100'
wait_for_child_program dash >/dev/null || fail "the child did not start"
sleep 0.1 # its trap
started=$(now_ms)
DISTCC_INIT_GRACE=30 kill -s TERM "$INIT_PID"
wait_pid1
expect_less_than "$(($(now_ms) - started))" 1500 "milliseconds with --grace 0.3"
export DISTCC_INIT_GRACE=0.3
start_pid1 "$WORK/grace-env2" sh -c 'trap "" TERM; sleep 100'
unset DISTCC_INIT_GRACE
wait_for_child_program dash >/dev/null || fail "the child did not start"
sleep 0.1 # its trap
started=$(now_ms)
kill -s TERM "$INIT_PID"
wait_pid1
expect_less_than "$(($(now_ms) - started))" 1500 "milliseconds with DISTCC_INIT_GRACE=0.3"

TEST "zombies re-parented to PID 1 are reaped"
as_pid1 sh -c 'for i in $(seq 200); do sh -c "sleep 0.01 &"; done; sleep 1;
  grep -l "^State:.*Z" /proc/[0-9]*/status 2>/dev/null | wc -l' >"$WORK/zombies" 2>&1
expect_equal "$(tr -d ' ' <"$WORK/zombies")" 0 "zombies left after the orphans exited"

TEST "leftover processes are stopped when the main program exits"
marker="leftover-$$-$RANDOM"
started=$(now_ms)
as_pid1 --grace 1 bash -c "exec -a $marker-a sleep 300 & (trap '' TERM; exec -a $marker-b sleep 300) & setsid sleep 300 & exit 0"
code=$?
expect_equal "$code" 0 "exit code of the main program"
expect_less_than "$(($(now_ms) - started))" 2500 "milliseconds until everything is gone"
expect_equal "$(pgrep -fc "$marker")" 0 "leftover processes still running"

TEST "-g sends signals to the child's whole process group"
cat >"$WORK/group.sh" <<'SCRIPT'
bash -c 'trap "echo grandchild-USR1 >> $LOG" USR1; touch $LOG.ready; while :; do sleep 0.05 & wait $!; done' &
trap 'echo child-USR1 >> $LOG' USR1
while :; do sleep 0.05 & wait $!; done
SCRIPT
for flag in -g ""; do
    rm -f "$WORK/group-log"*
    LOG="$WORK/group-log" start_pid1 "$WORK/group" $flag bash "$WORK/group.sh"
    wait_for_file "$WORK/group-log.ready"
    sleep 0.1
    kill -s USR1 "$INIT_PID"
    sleep 0.3
    kill -s TERM "$INIT_PID"
    wait_pid1
    expect_file_contains "$WORK/group-log" "^child-USR1"
    if [ "$flag" = -g ]; then
        expect_file_contains "$WORK/group-log" "^grandchild-USR1"
    else
        expect_file_lacks "$WORK/group-log" "^grandchild-USR1"
    fi
done
LOG="$WORK/group-log" TINI_KILL_PROCESS_GROUP=1 start_pid1 "$WORK/group-env" bash "$WORK/group.sh"
rm -f "$WORK/group-log"*
wait_for_file "$WORK/group-log.ready"
kill -s USR1 "$INIT_PID"
sleep 0.3
kill -s TERM "$INIT_PID"
wait_pid1
expect_file_contains "$WORK/group-log" "^grandchild-USR1"

TEST "not PID 1: -s adopts orphans, without it a warning"
orphan_check='sh -c "sleep 2 & echo \$! > $ORPHAN"; sleep 0.3;
  ppid=$(cut -d" " -f4 /proc/$(cat $ORPHAN)/stat); [ "$ppid" = "$PPID" ] && echo ADOPTED || echo NOT-ADOPTED'
ORPHAN="$WORK/orphan" "$DISTCC_INIT" -s sh -c "$orphan_check" >"$WORK/subreaper.out" 2>"$WORK/subreaper.err"
expect_file_contains "$WORK/subreaper.out" "^ADOPTED"
expect_file_lacks "$WORK/subreaper.err" "not running as PID 1"
ORPHAN="$WORK/orphan" TINI_SUBREAPER= "$DISTCC_INIT" sh -c "$orphan_check" >"$WORK/subreaper-env.out" 2>&1
expect_file_contains "$WORK/subreaper-env.out" "^ADOPTED"
ORPHAN="$WORK/orphan" "$DISTCC_INIT" sh -c "$orphan_check" >"$WORK/plain.out" 2>"$WORK/plain.err"
expect_file_contains "$WORK/plain.out" "^NOT-ADOPTED"
expect_equal "$(grep -c "not running as PID 1" "$WORK/plain.err")" 1 "warnings about reaping"

TEST "subreaper cleanup touches only its own descendants"
setsid sleep 300 &
outsider=$!
"$DISTCC_INIT" -s sh -c 'setsid sleep 300 & exit 0'
kill -0 "$outsider" 2>/dev/null || fail "a process outside distcc-init's tree was killed"
kill "$outsider"

TEST "exit 127 for a missing program, 126 for one that cannot run"
actual=0
as_pid1 /nonexistent/program 2>"$WORK/missing.err" || actual=$?
expect_equal "$actual" 127 "missing program"
expect_file_contains "$WORK/missing.err" "cannot run '/nonexistent/program': No such file"
actual=0
as_pid1 does-not-exist-anywhere 2>/dev/null || actual=$?
expect_equal "$actual" 127 "program not in PATH"
actual=0
echo "not a program" >"$WORK/not-executable"
chmod 644 "$WORK/not-executable"
as_pid1 "$WORK/not-executable" 2>"$WORK/noexec.err" || actual=$?
expect_equal "$actual" 126 "file that is not executable"

TEST "an executable script without #! runs through /bin/sh, as execvp runs it"
mkdir -p "$WORK/bin"
printf 'echo "ran as a script: $1"\nexit 7\n' >"$WORK/bin/no-shebang"
chmod 755 "$WORK/bin/no-shebang"
actual=0
PATH="$WORK/bin:$PATH" as_pid1 no-shebang first >"$WORK/no-shebang.out" 2>&1 || actual=$?
expect_equal "$actual" 7 "exit code of the script"
expect_file_contains "$WORK/no-shebang.out" "ran as a script: first"

TEST "the child gets only fds 0-2"
# Looked at from outside, once the child runs sleep: a shell in the child would open
# descriptors of its own.
exec 7</dev/null 9>"$WORK/fd9"
start_pid1 "$WORK/fds" sleep 30
exec 7<&- 9>&-
child=$(wait_for_child_program sleep) || fail "the child did not start"
expect_equal "$(ls "/proc/$child/fd" | sort -n | tr "\n" " ")" "0 1 2 " "open file descriptors in the child"
kill -TERM "$INIT_PID"
wait_pid1

TEST "the child inherits the signal mask and ignored signals distcc-init inherited"
cat >"$WORK/sigstate.py" <<'SCRIPT'
import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP, signal.SIGUSR1})
signal.signal(signal.SIGUSR2, signal.SIG_IGN)
signal.signal(signal.SIGTTOU, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
SCRIPT
python3 "$WORK/sigstate.py" grep -E "^Sig(Blk|Ign)" /proc/self/status >"$WORK/direct"
python3 "$WORK/sigstate.py" "$DISTCC_INIT" -s grep -E "^Sig(Blk|Ign)" /proc/self/status >"$WORK/init"
expect_equal "$(cat "$WORK/init")" "$(cat "$WORK/direct")" "signal state of the child"
python3 "$WORK/sigstate.py" unshare --pid --fork --mount-proc "$DISTCC_INIT" grep -E "^Sig(Blk|Ign)" /proc/self/status >"$WORK/init1"
expect_equal "$(cat "$WORK/init1")" "$(cat "$WORK/direct")" "signal state of the child of PID 1"

TEST "a signal storm does not lose the final SIGTERM"
start_pid1 "$WORK/storm" sh -c 'trap "" USR1 USR2 HUP; while :; do sleep 1; done'
wait_for_child_program dash >/dev/null || fail "the child did not start"
sleep 0.1 # its trap
for i in $(seq 300); do kill -s USR1 "$INIT_PID"; kill -s USR2 "$INIT_PID"; kill -s HUP "$INIT_PID"; done 2>/dev/null
kill -s TERM "$INIT_PID"
wait_pid1
expect_equal "$PID1_CODE" 143 "exit code after the storm"

TEST "thousands of zombies at once are all reaped"
as_pid1 sh -c 'i=0; while [ $i -lt 3000 ]; do sh -c "true &" ; i=$((i+1)); done; sleep 0.5;
  grep -l "^State:.*Z" /proc/[0-9]*/status 2>/dev/null | wc -l' >"$WORK/many-zombies"
expect_equal "$(tr -d ' ' <"$WORK/many-zombies")" 0 "zombies left"

TEST "a child that closes stdio does not disturb PID 1"
code=0
as_pid1 -vvv sh -c 'exec 0<&- 1>&- 2>&-; sleep 0.3; exit 9' 2>"$WORK/closed.err" || code=$?
expect_equal "$code" 9 "exit code"

TEST "a pseudo-terminal session: Ctrl-C reaches the child, not PID 1"
cat >"$WORK/pty_session.py" <<'SCRIPT'
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
def read_until(token, seconds):
    global out
    deadline = time.time() + seconds
    while token not in out and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                out += os.read(fd, 1024)
            except OSError:
                break
    return token in out
ok = read_until(b"READY", 5)
os.write(fd, b"\x03")
ok = read_until(b"GOT-INT", 5) and ok
_, status = os.waitpid(pid, 0)
print("exit", os.waitstatus_to_exitcode(status), "ok" if ok else "missing", flush=True)
SCRIPT
python3 "$WORK/pty_session.py" unshare --pid --fork --mount-proc "$DISTCC_INIT" sh -c \
    'trap "echo GOT-INT; exit 7" INT; echo READY; while :; do sleep 0.1; done' >"$WORK/pty.out"
expect_equal "$(cat "$WORK/pty.out")" "exit 7 ok" "pty session result"

TEST "logs are marked and quiet by default"
as_pid1 sh -c 'exit 0' 2>"$WORK/quiet.err"
expect_equal "$(cat "$WORK/quiet.err")" "" "default log output"
as_pid1 -v sh -c 'exit 0' 2>"$WORK/verbose.err"
expect_file_contains "$WORK/verbose.err" '^\[distcc-init\] \[info\] started program'
TINI_VERBOSITY=3 as_pid1 sh -c 'exit 0' 2>"$WORK/tini-verbose.err"
expect_file_contains "$WORK/tini-verbose.err" '^\[distcc-init\] \[info\]'
actual=0
DISTCC_INIT_LOG_LEVEL=loud as_pid1 true 2>"$WORK/bad-level.err" || actual=$?
expect_equal "$actual" 2 "exit code for a bad DISTCC_INIT_LOG_LEVEL"
expect_file_contains "$WORK/bad-level.err" 'DISTCC_INIT_LOG_LEVEL "loud": expected one of'

TEST "tini options: -w warns about reaped zombies, -p sets the parent death signal, -l and --version"
as_pid1 -w sh -c 'sh -c "true &"; sleep 0.3' 2>"$WORK/reap.err"
expect_file_contains "$WORK/reap.err" 'reaped zombie process pid'
as_pid1 -p SIGUSR1 sh -c 'grep -o "^[0-9]*" /dev/null; cat /proc/1/status | grep -i "^SigCgt"' >/dev/null
"$DISTCC_INIT" -l | head -1 >"$WORK/license"
expect_equal "$(cat "$WORK/license")" "MIT License" "first line of -l"
expect_file_contains <("$DISTCC_INIT" --version) '^distcc-init [0-9]+\.[0-9]+\.[0-9]+$'
python3 - "$DISTCC_INIT" >"$WORK/pdeath" <<'SCRIPT'
import os, sys, time, signal
r, w = os.pipe()
helper = os.fork()
if helper == 0:
    # An intermediate parent that dies: its child distcc-init must get SIGUSR1 and forward it.
    if os.fork() == 0:
        os.dup2(w, 1)
        os.execv(sys.argv[1], [sys.argv[1], "-s", "-p", "SIGUSR1", "sh", "-c",
                 "trap 'echo got-usr1; exit 0' USR1; echo up; while :; do sleep 0.05; done"])
    time.sleep(0.5)
    os._exit(0)
os.close(w)
os.waitpid(helper, 0)
time.sleep(0.5)
os.set_blocking(r, False)
try:
    print(os.read(r, 1000).decode().strip().replace("\n", " "))
except BlockingIOError:
    print("nothing")
SCRIPT
expect_equal "$(cat "$WORK/pdeath")" "up got-usr1" "child output after the parent died"

TEST "the standard streams app/cli11.hpp leaves unconstructed are never used"
# The header keeps CLI11 from constructing std::cout and the others at start-up; that is safe
# only while nothing in the program refers to them. A reference links libstdc++'s definitions
# in, and an <iostream> included elsewhere brings std::ios_base::Init back: both show in nm.
nm -C "$DISTCC_INIT" >"$WORK/symbols" 2>/dev/null
if ! grep -q ' T main$' "$WORK/symbols"; then
    fail "no symbol table in $DISTCC_INIT (stripped?): cannot check"
else
    expect_file_lacks "$WORK/symbols" ' std::(w?cout|w?cerr|w?clog|w?cin)$'
    expect_file_lacks "$WORK/symbols" 'std::ios_base::Init::Init'
fi

finish
