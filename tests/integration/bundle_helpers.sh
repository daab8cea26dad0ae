# Helpers shared by the toolchain bundle suites (suite_toolchain_*.sh), sourced after lib.sh:
# a client whose compiler no image has (Debian trixie's gcc 14, in a root file system entered
# with chroot), and bundles made wrong in every way a worker must refuse.

TOKEN=0123456789abcdef-test-token
TRIXIE="$WORK/trixie"

# Unpacks the cached trixie root (tests/support/debian_root.sh) with distcc-init in it; skips
# the suite when it cannot be made here.
prepare_trixie() {
    local code=0
    bash "$(dirname "$0")/../support/debian_root.sh" trixie "$TRIXIE" gcc-14 g++-14 distcc \
        distcc-pump openssh-client >"$WORK/trixie.log" 2>&1 || code=$?
    [ "$code" -eq 0 ] || skip_suite "no trixie root: $(tail -1 "$WORK/trixie.log")"
    cp "$DISTCC_INIT" "$TRIXIE/usr/local/bin/distcc-init"
    copy_missing_libraries "$DISTCC_INIT" "$TRIXIE"
    mkdir -p "$TRIXIE/work" "$WORK/trixie-tmp"
    chmod 1777 "$WORK/trixie-tmp"
}

# Runs a command in the trixie root as its root user, with /proc, /dev and a /tmp of its own
# (the loopback network is the machine's: the workers are reachable). Extra variables: VAR=VALUE
# words before the command.
in_trixie() {
    unshare --mount --propagation private bash -c '
        root=$1; tmp=$2; shift 2
        mount -t proc proc "$root/proc" && mount --bind /dev "$root/dev" &&
            mount --bind "$tmp" "$root/tmp" || exit 99
        exec chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LC_ALL=C "$@"' bash "$TRIXIE" "$WORK/trixie-tmp" "$@"
}

# Compiles SOURCE in the trixie root, locally and through HOSTS, with each flag set; fails a
# test unless the objects are byte-identical. The source is in $TRIXIE/work.
expect_same_objects() { # HOSTS COMPILER SOURCE FLAGS...
    local hosts=$1 compiler=$2 source=$3 flags
    shift 3
    for flags in "$@"; do
        rm -f "$TRIXIE/work/local.o" "$TRIXIE/work/remote.o"
        # shellcheck disable=SC2086
        in_trixie sh -c "cd /work && $compiler $flags -c $source -o local.o" ||
            fail "$compiler $flags: the local compile failed"
        # shellcheck disable=SC2086
        in_trixie DISTCC_HOSTS="$hosts" DISTCC_FALLBACK=0 DISTCC_SKIP_LOCAL_RETRY=1 \
            DISTCC_DIR=/tmp/distcc-state DISTCC_SSH="${TRIXIE_SSH:-ssh}" \
            sh -c "mkdir -p /tmp/distcc-state && cd /work &&
                timeout 120 distcc $compiler $flags -c $source -o remote.o" \
            >"$WORK/remote-compile.log" 2>&1 ||
            fail "$compiler $flags through $hosts failed: $(tail -3 "$WORK/remote-compile.log")"
        cmp -s "$TRIXIE/work/local.o" "$TRIXIE/work/remote.o" ||
            fail "$compiler $flags: the object made through $hosts differs from the local one"
    done
}

write_trixie_sources() {
    cat >"$TRIXIE/work/hello.c" <<'SOURCE'
#include <stdio.h>
int main(void) { printf("hello from trixie, %d\n", 6 * 7); return 0; }
SOURCE
    # libstdc++ 14's <print> (C++23): this machine's g++ 12 cannot compile what g++ 14
    # preprocesses from it.
    cat >"$TRIXIE/work/hello.cpp" <<'SOURCE'
#include <print>
#include <string>
#include <vector>
int main() {
    std::vector<std::string> words{"hello", "from", "g++", "14"};
    for (const auto& word : words) std::print("{} ", word);
    std::println("");
}
SOURCE
}

# Bundles made by hand (python): each breaks one rule. Prints nothing; writes DIR/NAME.tar.gz.
make_bad_bundles() { # DIRECTORY
    python3 - "$1" <<'PYTHON'
import hashlib, io, os, sys, tarfile, gzip
out = sys.argv[1]
os.makedirs(out, exist_ok=True)

def elf(machine, tail=b"x"):
    header = bytearray(64)
    header[0:4] = b"\x7fELF"
    header[4], header[5], header[6], header[16] = 2, 1, 1, 2
    header[18], header[19] = machine & 0xFF, machine >> 8
    return bytes(header) + tail

def bundle(name, machine=62, names=("x86_64-linux-gnu-gcc-77",), extra_lines=(), members=None,
           driver_mode=0o755, declared_size=None, first_lines=()):
    driver = elf(machine, b"driver")
    size = declared_size if declared_size is not None else len(driver)
    lines = ["distcc-toolchain-bundle 1", "packer 0.1.0", f"machine {machine}",
             "compiler gcc 77.1.0 x86_64-linux-gnu bin/gcc-77", "identity GCC: (test) 77.1.0",
             "object ELF64 LSB x86-64"] + [f"name {n}" for n in names]
    lines += ["directory 755 bin"] + list(first_lines)
    lines += [f"file {driver_mode & 0o7777:o} {size} {hashlib.sha256(driver).hexdigest()} bin/gcc-77"]
    lines += list(extra_lines)
    manifest = ("\n".join(lines) + "\n").encode()
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        def add(path, kind, content=b"", mode=0o644, target="", size=None):
            info = tarfile.TarInfo(path)
            info.type, info.mode, info.linkname = kind, mode, target
            info.size = len(content) if size is None else size
            tar.addfile(info, io.BytesIO(content))
        add("distcc-toolchain.manifest", tarfile.REGTYPE, manifest)
        for member in (members or [("root/bin", tarfile.DIRTYPE, b"", 0o755, ""),
                                   ("root/bin/gcc-77", tarfile.REGTYPE, driver, driver_mode, "")]):
            add(*member)
    with open(os.path.join(out, name + ".tar.gz"), "wb") as f:
        f.write(gzip.compress(data.getvalue()))

driver = elf(62, b"driver")
bundle("traversal", extra_lines=["file 644 1 " + hashlib.sha256(b"x").hexdigest() + " bin/../../etc/x"])
bundle("link-out", first_lines=["symlink bin/gcc ../../../etc/passwd"],
       members=[("root/bin", tarfile.DIRTYPE, b"", 0o755, ""),
                ("root/bin/gcc", tarfile.SYMTYPE, b"", 0o777, "../../../etc/passwd"),
                ("root/bin/gcc-77", tarfile.REGTYPE, driver, 0o755, "")])
bundle("setuid", driver_mode=0o4755)
bundle("aarch64", machine=183)
bundle("no-compiler-name", names=("gcc-ar",))
bundle("too-large", declared_size=3_000_000_000,
       members=[("root/bin", tarfile.DIRTYPE, b"", 0o755, "")])
bundle("fifo", members=[("root/bin", tarfile.DIRTYPE, b"", 0o755, ""),
                        ("root/bin/gcc-77", tarfile.FIFOTYPE, b"", 0o644, "")])
PYTHON
}

# A copy of a real bundle with one byte of one file changed (same size: only the hash tells).
make_tampered_bundle() { # GOOD OUTPUT
    python3 - "$1" "$2" <<'PYTHON'
import gzip, sys
data = bytearray(gzip.decompress(open(sys.argv[1], "rb").read()))
header = data.find(b"/14/cc1\0")  # cc1's member header (the name field starts the block)
header -= header % 512
data[header + 512 + 1000] ^= 0x55  # inside its data
open(sys.argv[2], "wb").write(gzip.compress(bytes(data)))
PYTHON
}

installed_count() { # STORE
    find "$1/installed" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | wc -l
}
