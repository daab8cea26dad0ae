#pragma once

// What a toolchain needs to know of an ELF file, read from its bytes with every read
// bounds-checked (the file may come from another machine, or from anyone): its class, byte
// order and machine, the program loader it asks for, and which compiler wrote an object
// (its .comment section). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace toolchain {

struct ElfHeader {
    bool is64 = false;
    bool big_endian = false;
    unsigned type = 0;    // e_type: 1 relocatable, 2 executable, 3 shared object
    unsigned machine = 0; // e_machine: 62 x86-64, 183 AArch64, ...
};

// Nothing when `bytes` does not start with an ELF header this reader understands.
std::optional<ElfHeader> read_elf_header(std::string_view bytes);

// "x86-64", "AArch64", ... or "machine N".
std::string machine_name(unsigned machine);

// "ELF64 LSB x86-64": class, byte order and machine, as `check` shows a target.
std::string describe_elf_target(const ElfHeader& header);

// The program headers of a whole ELF file that matter to a bundle.
struct ElfProgram {
    std::optional<std::string> interpreter; // PT_INTERP: the loader an executable asks for
    bool dynamic = false;                   // PT_DYNAMIC: it loads shared libraries
};

// Nothing when the program header table cannot be read.
std::optional<ElfProgram> read_elf_program(std::string_view bytes);

// Which compiler made an object file, read from the object itself: distcc preprocesses on the
// client, so __VERSION__ would name the client's compiler; the ELF .comment section is
// written by the compiler proper (cc1, clang) where it runs, and the ELF header names the
// target.
struct ObjectIdentity {
    std::string compiler; // the .comment strings, e.g. "GCC: (Debian 12.2.0-14) 12.2.0"
    std::string target;   // e.g. "ELF64 LSB x86-64", "ELF64 LSB AArch64"
};

// Nothing when `bytes` is not an ELF object this reader can read.
std::optional<ObjectIdentity> read_object_identity(std::string_view bytes);

} // namespace toolchain
