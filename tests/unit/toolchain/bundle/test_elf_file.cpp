#include "toolchain/bundle/elf_file.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace toolchain;

namespace {

void put(std::string& bytes, std::size_t offset, std::uint64_t value, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff); // little endian
    }
}

// A minimal LSB executable whose program headers are PT_INTERP (naming `loader`) and
// PT_DYNAMIC, in the 64-bit or the 32-bit layout.
std::string little_program(bool is64, std::string_view loader) {
    std::size_t header_size = is64 ? 64 : 52;
    std::size_t entry_size = is64 ? 56 : 32;
    std::string bytes(header_size, '\0');
    bytes.replace(0, 4,
                  "\x7f"
                  "ELF");
    bytes[4] = is64 ? 2 : 1;
    bytes[5] = 1;
    put(bytes, 16, 2, 2);
    put(bytes, 18, is64 ? 62 : 3, 2);
    auto table = bytes.size();
    bytes.resize(table + 2 * entry_size, '\0');
    auto loader_offset = bytes.size();
    bytes += loader;
    bytes += '\0';
    put(bytes, is64 ? 0x20 : 0x1C, table, is64 ? 8 : 4);
    put(bytes, is64 ? 0x36 : 0x2A, entry_size, 2);
    put(bytes, is64 ? 0x38 : 0x2C, 2, 2);
    put(bytes, table, 3, 4); // PT_INTERP
    put(bytes, table + (is64 ? 0x08 : 0x04), loader_offset, is64 ? 8 : 4);
    put(bytes, table + (is64 ? 0x20 : 0x10), loader.size() + 1, is64 ? 8 : 4);
    put(bytes, table + entry_size, 2, 4); // PT_DYNAMIC
    return bytes;
}

} // namespace

TEST_CASE("toolchain::read_elf_program") {
    SUBCASE("a 64-bit program: its loader, and that it is dynamic") {
        auto program = read_elf_program(little_program(true, "/lib64/ld-linux-x86-64.so.2"));
        REQUIRE(program);
        CHECK(program->interpreter == "/lib64/ld-linux-x86-64.so.2");
        CHECK(program->dynamic);
    }
    SUBCASE("a 32-bit program") {
        auto program = read_elf_program(little_program(false, "/lib/ld-linux.so.2"));
        REQUIRE(program);
        CHECK(program->interpreter == "/lib/ld-linux.so.2");
        CHECK(program->dynamic);
    }
    SUBCASE("cut short, or an entry size smaller than an entry: nothing") {
        auto bytes = little_program(true, "/lib64/ld-linux-x86-64.so.2");
        CHECK_FALSE(read_elf_program(bytes.substr(0, 64 + 56 + 8)));
        put(bytes, 0x36, 16, 2);
        CHECK_FALSE(read_elf_program(bytes));
        CHECK_FALSE(read_elf_program("not an ELF file at all, and long enough to be read as one."));
    }
}
