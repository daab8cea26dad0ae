#!/usr/bin/env python3
# Writes the seeds of fuzz_toolchain_bundle (tests/fuzz/corpus/toolchain_bundle): a small valid
# bundle archive (manifest first, then root/...), the same with a link leading out, a set-user-ID
# file and a tampered file, a manifest alone, request lines and a name record.
# Usage: python3 tests/fuzz/support/toolchain_bundle_seeds.py   (from the repository root)
import hashlib
import io
import os
import tarfile

OUT = "tests/fuzz/corpus/toolchain_bundle"


def elf(machine, tail):
    header = bytearray(64)
    header[0:4] = b"\x7fELF"
    header[4], header[5], header[6], header[16] = 2, 1, 1, 2
    header[18], header[19] = machine & 0xFF, machine >> 8
    return bytes(header) + tail


def bundle(link_target="gcc-14", driver_mode=0o755, tamper=False):
    files = {"bin/gcc-14": (driver_mode, elf(62, b"driver")), "lib/ld.so": (0o755, elf(62, b"ld"))}
    entries = [("directory", "bin", 0o755), ("symlink", "bin/gcc", link_target)]
    entries += [("file", "bin/gcc-14"), ("directory", "lib", 0o755), ("file", "lib/ld.so")]
    lines = ["distcc-toolchain-bundle 1", "packer 0.1.0", "machine 62", "loader lib/ld.so",
             "compiler gcc 14.2.0 x86_64-linux-gnu bin/gcc-14", "identity GCC: (Debian) 14.2.0",
             "object ELF64 LSB x86-64", "name gcc-14", "name x86_64-linux-gnu-gcc-14"]
    for entry in entries:
        if entry[0] == "directory":
            lines.append(f"directory {entry[2]:o} {entry[1]}")
        elif entry[0] == "symlink":
            lines.append(f"symlink {entry[1]} {entry[2]}")
        else:
            mode, data = files[entry[1]]
            lines.append(f"file {mode & 0o777:o} {len(data)} {hashlib.sha256(data).hexdigest()} {entry[1]}")
    manifest = ("\n".join(lines) + "\n").encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        def add(name, kind, data=b"", mode=0o644, target=""):
            info = tarfile.TarInfo(name)
            info.type, info.mode, info.size, info.linkname = kind, mode, len(data), target
            tar.addfile(info, io.BytesIO(data))
        add("distcc-toolchain.manifest", tarfile.REGTYPE, manifest)
        for entry in entries:
            if entry[0] == "directory":
                add("root/" + entry[1], tarfile.DIRTYPE, mode=entry[2])
            elif entry[0] == "symlink":
                add("root/" + entry[1], tarfile.SYMTYPE, mode=0o777, target=entry[2])
            else:
                mode, data = files[entry[1]]
                if tamper:
                    data = data[:-1] + b"X"
                add("root/" + entry[1], tarfile.REGTYPE, data, mode)
    return manifest, out.getvalue()


os.makedirs(OUT, exist_ok=True)
manifest, good = bundle()
seeds = {
    "bundle.tar": good,
    "manifest.txt": manifest,
    "link_out.tar": bundle(link_target="../../etc/passwd")[1],
    "setuid.tar": bundle(driver_mode=0o4755)[1],
    "tampered.tar": bundle(tamper=True)[1],
    "requests.txt": b"push " + b"a" * 64 + b" 123 replace " + b"b" * 64 + b"\n",
    "greeting.txt": b"distcc-toolchains 1 " + b"c" * 64 + b" token\n",
    "claims.txt": b"gcc-14 " + b"a" * 64 + b"\nclang " + b"b" * 64 + b"\n",
}
for name, data in seeds.items():
    with open(os.path.join(OUT, name), "wb") as seed:
        seed.write(data)
