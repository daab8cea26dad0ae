#!/bin/bash
# Compile-only means compile-only: the attacks of a client with nothing but what a worker
# grants, each tried on a tcp worker, an ssh worker with compile-only keys, and through a tunnel:
# options that make the compiler run or load a program of the client's, or read or write a
# file outside the job, are refused (one line back, one in the log, a count) and nothing runs;
# what a compiler leaves behind does not outlive its job; real flag sets compile as before.
source "${TEST_LIB:-$(dirname "$0")/lib.sh}" "$@"
require_root
require_command distcc distccd gcc unshare nsenter ss ssh ssh-keygen python3 timeout cmp setsid
[ -x /usr/sbin/sshd ] || skip_suite "needs /usr/sbin/sshd (openssh-server)"

write_hello_source "$WORK"
expected=$(local_hello "$WORK")
# What a payload would leave: markers in a directory the worker's users may write.
markers=$WORK/markers
mkdir -p "$markers"
chmod 1777 "$markers"

# The payloads, each of which leaves a marker named after the user it ran as.
cat >"$WORK/plugin.c" <<SOURCE
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>
__attribute__((constructor)) static void run(void) {
    char path[4096];
    snprintf(path, sizeof path, "$markers/plugin.%s", getpwuid(getuid())->pw_name);
    FILE* marker = fopen(path, "w");
    if (marker) { fputs("loaded\n", marker); fclose(marker); }
}
int plugin_is_GPL_compatible;
int plugin_init(void) { return 0; }
SOURCE
gcc -shared -fPIC -o "$WORK/plugin.so" "$WORK/plugin.c"
mkdir -p "$WORK/bin"
printf '#!/bin/sh\ntouch %s/assembler.$(id -un)\nexec as "$@"\n' "$markers" >"$WORK/bin/as"
printf '*self_spec:\n+ -wrapper /bin/sh,-c,touch\\ %s/specs.$(id\\ -un);exec\\ "$0"\\ "$@"\n' \
    "$markers" >"$WORK/evil.specs"
printf '%s\n' "-wrapper" "/bin/sh,-c,touch $markers/response.\$(id -un); exec \"\$0\" \"\$@\"" \
    >"$WORK/args.rsp"
chmod 755 "$WORK" "$WORK/bin" "$WORK/bin/as"
chmod 644 "$WORK/plugin.so" "$WORK/evil.specs" "$WORK/args.rsp"
gcc -E "$WORK/hello.c" -o "$WORK/hello.i"
compiler="$(gcc -dumpmachine)-gcc"

wrapper="/bin/sh,-c,id > $markers/wrapper.\$(id -un); exec \"\$0\" \"\$@\""
# Each attack: LABEL|WHO-REFUSES|OPTIONS..., the options a client adds to a compile. Sent as a
# client of its own would send them (the distcc client compiles some of these at home).
# distccd itself drops a request whose arguments its own scan dislikes (-fplugin=, -specs=,
# profiles, -Wa,-a) without an answer; the guard refuses the
# rest with a line.
attacks=(
    "wrapper|guard|-wrapper|$wrapper"
    "specs|guard|-specs|$WORK/evil.specs"
    "long-specs|guard|--specs=$WORK/evil.specs"
    "prefix|guard|-B$WORK/bin/"
    "include|guard|-include|/etc/shadow"
    "dump|guard|-fdump-tree-all=$markers/dump"
    "plugin|distccd|-fplugin=$WORK/plugin.so"
    "plugin-arg|distccd|-fplugin-arg-plugin-x=y|-fplugin=$WORK/plugin.so"
    "specs-joined|distccd|-specs=$WORK/evil.specs"
    "response-file|guard|@$WORK/args.rsp"
    "profile|distccd|-fprofile-use=/etc/shadow"
    "listing|distccd|-Wa,-adhln=$markers/listing"
)
# The guard's refusals above, by family, as the counts must show them.
guard_counts=("program 4" "file 3")

# Sends every attack to the worker (WAY: --tcp HOST:PORT or --command SSH...): each compile is
# refused, by the guard with its line or by distccd without an answer, and no payload leaves a
# marker.
try_attacks() { # WHERE WAY...
    local where=$1 attack code
    shift
    for attack in "${attacks[@]}"; do
        local fields=()
        IFS='|' read -ra fields <<<"$attack"
        local label=${fields[0]} who=${fields[1]}
        rm -f "$markers"/*
        code=0
        timeout 90 python3 "$(dirname "$0")/distcc_request.py" "$@" --source "$WORK/hello.i" -- \
            "$compiler" "${fields[@]:2}" -c hello.c -o hello.o >"$WORK/attack.out" 2>&1 || code=$?
        if [ "$who" = guard ]; then
            expect_equal "$code" 1 "$where: exit code of the $label request (1: the compile failed)"
            expect_file_contains "$WORK/attack.out" "distcc-guard: this worker refused"
        else
            expect_equal "$code" 2 "$where: exit code of the $label request (2: no answer)"
        fi
        [ "$code" = 0 ] && sed 's/^/    | /' "$WORK/attack.out"
        expect_equal "$(ls "$markers")" "" "$where: what the $label payload left"
    done
}

TEST "tcp: every option family that runs, loads or names a file is refused, and nothing runs"
port=$(free_port)
# distccd's temporary directory of its own, to see what the compiles leave there.
worker_tmp=$WORK/worker-tmp
mkdir -p "$worker_tmp"
chmod 1777 "$worker_tmp"
TMPDIR=$worker_tmp start_worker "$WORK/tcp" tcp --mode tcp -- --port "$port" --listen 127.0.0.1 \
    --allow 127.0.0.1
wait_for_port "$port" || fail "the tcp worker does not listen: $(cat "$WORK/tcp.err")"
try_attacks tcp --tcp "127.0.0.1:$port"
expect_file_contains "$WORK/tcp.err" \
    "^\\[distcc-guard\\] \\[warning\\] refused $compiler: \"-wrapper\": runs a program"
expect_file_contains "$WORK/tcp.err" "refused $compiler: \"-include /etc/shadow\": names a path outside the job"
in_worker cat /run/distcc-init/guard/refused >"$WORK/refused"
for count in "${guard_counts[@]}"; do
    expect_file_contains "$WORK/refused" "^$count$"
done

TEST "tcp: the issue's attack with the real distcc client: nothing runs as the worker's user"
rm -f "$markers"/*
distcc_compile "$WORK" "127.0.0.1:$port" gcc -wrapper "$wrapper" -c hello.c -o hello.o &&
    fail "the -wrapper compile succeeded remotely"
expect_file_contains "$WORK/distcc.log" "distcc-guard: this worker refused"
# The client ran the wrapper itself while preprocessing (as root): that marker is its own.
expect_equal "$(ls "$markers" | grep -vc '\.root$')" 0 "markers of a worker's user"

TEST "tcp: clang's -Xclang -load and -fpass-plugin load nothing"
if command -v clang-16 >/dev/null; then
    for options in "-Xclang|-load|-Xclang|$WORK/plugin.so" "-fpass-plugin=$WORK/plugin.so"; do
        IFS='|' read -ra words <<<"$options"
        rm -f "$markers"/*
        DISTCC_BACKOFF_PERIOD=0 distcc_compile "$WORK" "127.0.0.1:$port" clang-16 "${words[@]}" \
            -c hello.c -o hello-clang.o && fail "clang-16 ${words[*]} compiled"
        expect_file_contains "$WORK/distcc.log" "distcc-guard: this worker refused"
        # (the client loaded the plugin itself while preprocessing, as root)
        expect_equal "$(ls "$markers" | grep -vc '\.root$')" 0 "what clang ${words[0]} left"
    done
else
    echo "    (clang-16 is not installed here: only gcc's plugin options were tried)"
fi

TEST "tcp: real flag sets compile through the guard into the same objects as a local build"
flag_sets=(
    "-O2 -pipe"
    "-O3 -march=x86-64-v3 -fomit-frame-pointer -pipe"
    "-Os -fPIC -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fstack-clash-protection"
    "-O2 -g -fno-omit-frame-pointer"
    "-O2 -g -fsanitize=address,undefined -fno-omit-frame-pointer"
    "-O2 -std=gnu11 -Wall -Wextra -Werror=format-security -ffunction-sections -fdata-sections"
    "-O2 -Wa,--noexecstack -fcf-protection -fvisibility=hidden -Wl,--as-needed"
    "-O2 -g -fdebug-prefix-map=$WORK=/usr/src/debug -save-temps -fdump-tree-optimized"
)
for flags in "${flag_sets[@]}"; do
    read -ra words <<<"$flags"
    mkdir -p "$WORK/corpus"
    cp "$WORK/hello.c" "$WORK/corpus/"
    (cd "$WORK/corpus" && gcc "${words[@]}" -c hello.c -o local.o 2>/dev/null) ||
        fail "local compile with $flags failed"
    distcc_compile "$WORK/corpus" "127.0.0.1:$port" gcc "${words[@]}" -c hello.c -o remote.o ||
        fail "remote compile with $flags failed: $(cat "$WORK/corpus/distcc.log")"
    cmp -s "$WORK/corpus/local.o" "$WORK/corpus/remote.o" ||
        fail "the object of '$flags' differs from a local build"
done
# Upstream's README test, as written: a compile into /dev/null.
printf '#include <stdio.h>\n\nint main() {\n    printf("Hello, distcc!\\n");\n    return 0;\n}\n' \
    >"$WORK/corpus/main.c"
distcc_compile "$WORK/corpus" "127.0.0.1:$port" gcc -c main.c -o /dev/null ||
    fail "upstream's test compile failed: $(cat "$WORK/corpus/distcc.log")"
# -flto objects differ from run to run even locally: they must compile, not match.
distcc_compile "$WORK/corpus" "127.0.0.1:$port" gcc -O2 -flto=auto -c hello.c -o lto.o ||
    fail "an -flto compile failed: $(cat "$WORK/corpus/distcc.log")"
# Nothing the compiles wrote (-save-temps, dumps) is left in distccd's temporary directory.
expect_equal "$(ls -A "$worker_tmp" | tr '\n' ' ')" "" "files left by the compiles"
stop_worker

TEST "tcp: what a compiler leaves behind, even in a session of its own, ends with its job"
# A test-only compiler, served through a DISTCC_CMDLIST of the user's: on the worker (its input
# is distccd's) it starts a sleeper in a new session before compiling.
cat >"$WORK/bin/leaver-gcc" <<SCRIPT
#!/bin/sh
case "\$*" in *distccd_*) setsid sleep 4711 </dev/null >/dev/null 2>&1 & ;; esac
exec gcc "\$@"
SCRIPT
chmod 755 "$WORK/bin/leaver-gcc"
echo "$WORK/bin/leaver-gcc" >"$WORK/cmdlist"
chmod 644 "$WORK/cmdlist"
port=$(free_port)
DISTCC_CMDLIST="$WORK/cmdlist" start_worker "$WORK/leaver" leaver --mode tcp -- --port "$port" \
    --listen 127.0.0.1 --allow 127.0.0.1
wait_for_port "$port" || fail "the worker does not listen: $(cat "$WORK/leaver.err")"
PATH="$WORK/bin:$PATH" distcc_compile "$WORK" "127.0.0.1:$port" leaver-gcc -c hello.c -o hello.o ||
    fail "the compile with leaver-gcc failed: $(cat "$WORK/distcc.log")"
sleep 0.5
expect_equal "$(pgrep -fc 'sleep 4711')" 0 "sleepers left after the job"
stop_worker
pkill -f 'sleep 4711' 2>/dev/null || true

# The SSH side: a compile-only key, plain sessions and a tunnel.
ssh-keygen -q -t ed25519 -N '' -C client@workstation -f "$WORK/key"
ssh_port=$(free_port)
daemon_port=$(free_port)
host_keys="$WORK/host-keys"

TEST "ssh, compile-only: the same attacks over distcc's own SSH sessions are refused"
start_ssh_worker "$WORK/ssh" ssh AUTHORIZED_KEYS="$(cat "$WORK/key.pub")" DISTCC_SSH_COMPILE_ONLY=1
write_ssh_client client "$ssh_port" distcc-ssh "$WORK/key"
try_attacks ssh --command ssh -F "$WORK/ssh_config_client" 127.0.0.1 distccd --inetd
expect_file_contains "$WORK/ssh.err" "refused $compiler: \"-wrapper\""
rm -f "$markers"/*
DISTCC_SSH="$WORK/ssh_client" distcc_compile "$WORK" "@127.0.0.1" gcc -wrapper "$wrapper" \
    -c hello.c -o hello.o && fail "the -wrapper compile over SSH succeeded"
expect_equal "$(ls "$markers" | grep -vc '\.root$')" 0 "markers of a worker's user (SSH)"
actual=$(DISTCC_SSH="$WORK/ssh_client" distcc_hello "@127.0.0.1" "$WORK") ||
    fail "a plain compile over SSH failed: $(cat "$WORK/distcc.log")"
DISTCC_SSH="$WORK/ssh_client" distcc_compile "$WORK/corpus" "@127.0.0.1" gcc -c main.c \
    -o /dev/null || fail "upstream's test compile over SSH failed: $(cat "$WORK/corpus/distcc.log")"
expect_equal "$actual" "$expected" "output of a compile over SSH"
stop_worker

TEST "ssh: a session user cannot stall, swell or forge the counts the metrics read"
metrics_port=$(free_port)
# Under AddressSanitizer, freed memory is held back (its quarantine, 256 MB) and would count as
# growth: none is held here. Without ASan the variable means nothing.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0" \
    start_ssh_worker "$WORK/counts" ssh AUTHORIZED_KEYS="$(cat "$WORK/key.pub")" \
    DISTCC_METRICS_ENABLE=1 DISTCC_METRICS_ADDRESS=127.0.0.1 DISTCC_METRICS_PORT="$metrics_port"
wait_for_port "$metrics_port" || fail "no metrics endpoint: $(cat "$WORK/counts.err")"
metrics_pid=$(pgrep -f "distcc-init metrics --address 127.0.0.1 --port $metrics_port")
resident_kb() { awk '/^VmRSS/ {print $2}' "/proc/$metrics_pid/status"; }
resident_before=$(resident_kb)
worker_ssh() { timeout 20 ssh -F "$WORK/ssh_config_client" 127.0.0.1 "$@"; }
# The issue's attacks: the counts' place replaced by a FIFO, a link to /dev/zero, a forged line.
worker_ssh 'cd /run/distcc-init && rm -f ssh-sessions.sock' 2>/dev/null &&
    fail "the SSH user removed the sessions' socket"
worker_ssh 'mkfifo /run/distcc-init/ssh-sessions.fifo' 2>/dev/null &&
    fail "the SSH user created a FIFO in the run directory"
worker_ssh 'ln -s /dev/zero /run/distcc-init/guard/refused.new' 2>/dev/null &&
    fail "the SSH user created a link in the guard's directory"
worker_ssh 'echo "program 999999" >> /run/distcc-init/guard/refused' 2>/dev/null &&
    fail "the SSH user wrote the guard's counts"
expect_equal "$(in_worker stat -c %F /run/distcc-init/ssh-sessions.sock)" socket \
    "what the sessions' place is"
# Reports of its own: straight to the socket, from a process the user runs, many times over,
# and connections held open to fill it.
cat >"$WORK/forge.py" <<'PYTHON'
import socket, sys, time
held = []
for i in range(2000):
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect("/run/distcc-init/ssh-sessions.sock")
        s.send(b"c")
        held.append(s)
    except OSError:
        pass
time.sleep(3)
PYTHON
chmod 644 "$WORK/forge.py"
worker_ssh "python3 $WORK/forge.py" &
forger=$!
sleep 1
# Sessions flow meanwhile, and are counted.
for _ in 1 2 3; do
    DISTCC_SSH="$WORK/ssh_client" distcc_hello "@127.0.0.1" "$WORK" >/dev/null ||
        fail "a compile over SSH during the forging failed: $(cat "$WORK/distcc.log")"
done
wait "$forger"
curl -s --max-time 10 "http://127.0.0.1:$metrics_port/metrics" >"$WORK/counts.prom" ||
    fail "the metrics did not answer"
# The sessions: 5 commands (the attempts and the forger's session) and 3 compiles; no forged one.
grep '^distcc_init_ssh_sessions' "$WORK/counts.prom" | sed 's/^/    /'
expect_file_contains "$WORK/counts.prom" '^distcc_init_ssh_sessions_total\{outcome="compile"\} 3$'
expect_file_contains "$WORK/counts.prom" '^distcc_init_ssh_sessions_total\{outcome="command"\} 5$'
expect_file_contains "$WORK/counts.prom" '^distcc_guard_refused_total\{family="program"\} 0$'
# 2000 connections held and refused: a few MB at most, not memory per connection.
growth=$(($(resident_kb) - resident_before))
echo "    the metrics companion grew by $growth kB"
expect_less_than "$growth" 8192 "the metrics companion's growth in resident memory, kB"
stop_worker

TEST "ssh tunnel: the same attacks through a forwarded port are refused"
start_ssh_worker "$WORK/tunnel" ssh AUTHORIZED_KEYS="$(cat "$WORK/key.pub")" \
    DISTCC_SSH_COMPILE_ONLY=1 DISTCC_SSH_TUNNEL=1
forwarded=$(free_port)
ssh -F "$WORK/ssh_config_client" -N -L "127.0.0.1:$forwarded:127.0.0.1:$daemon_port" 127.0.0.1 \
    2>"$WORK/tunnel-client.err" &
tunnel_pid=$!
add_cleanup "kill $tunnel_pid"
wait_for_port "$forwarded" 15 || fail "the tunnel does not listen: $(cat "$WORK/tunnel-client.err")"
try_attacks tunnel --tcp "127.0.0.1:$forwarded"
kill "$tunnel_pid"
wait "$tunnel_pid" 2>/dev/null || true
stop_worker

finish
