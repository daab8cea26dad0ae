#include "toolchain/bundle/elf_file.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <utility>
#include <vector>

namespace toolchain {
namespace {

// Reads the ELF fields at their offsets, in the file's own byte order.
class ElfReader {
  public:
    ElfReader(std::string_view bytes, bool big_endian) : m_bytes(bytes), m_big(big_endian) {}

    std::optional<std::uint64_t> number(std::uint64_t offset, std::size_t size) const {
        if (offset > m_bytes.size() || size > m_bytes.size() - offset) {
            return std::nullopt;
        }
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < size; ++i) {
            auto byte = static_cast<unsigned char>(m_bytes[offset + (m_big ? i : size - 1 - i)]);
            value = (value << 8) | byte;
        }
        return value;
    }

    std::optional<std::string_view> slice(std::uint64_t offset, std::uint64_t size) const {
        if (offset > m_bytes.size() || size > m_bytes.size() - offset) {
            return std::nullopt;
        }
        return m_bytes.substr(offset, size);
    }

    // A field that is 8 bytes at `at64` in a 64-bit file, 4 bytes at `at32` in a 32-bit one.
    std::optional<std::uint64_t> word(bool is64, std::uint64_t at64, std::uint64_t at32) const {
        return is64 ? number(at64, 8) : number(at32, 4);
    }

  private:
    std::string_view m_bytes;
    bool m_big;
};

// A table of headers the ELF header points to (program or section headers).
struct HeaderTable {
    std::uint64_t offset = 0;
    std::uint64_t entry_size = 0;
    std::uint64_t count = 0;
};

// The table whose offset the ELF header holds at `offset_at` (64-bit, 32-bit) and its entries'
// size at `size_at`, their count in the two bytes after.
std::optional<HeaderTable> header_table(const ElfReader& elf, bool is64,
                                        std::pair<std::uint64_t, std::uint64_t> offset_at,
                                        std::pair<std::uint64_t, std::uint64_t> size_at) {
    auto offset = elf.word(is64, offset_at.first, offset_at.second);
    auto size_field = is64 ? size_at.first : size_at.second;
    auto entry_size = elf.number(size_field, 2);
    auto count = elf.number(size_field + 2, 2);
    if (!offset || !entry_size || !count) {
        return std::nullopt;
    }
    return HeaderTable{*offset, *entry_size, *count};
}

constexpr std::uint64_t k_pt_dynamic = 2;
constexpr std::uint64_t k_pt_interp = 3;
// More program headers than any real program has: a bound for a hostile header.
constexpr std::uint64_t k_max_program_headers = 4096;

// The section's NUL-separated strings, joined by "; ".
std::string comment_strings(std::string_view section) {
    std::vector<std::string> strings;
    for (std::size_t start = 0; start < section.size();) {
        auto end = std::min(section.find('\0', start), section.size());
        if (end > start) {
            auto text = std::string(section.substr(start, end - start));
            if (std::ranges::find(strings, text) == strings.end()) {
                strings.push_back(text);
            }
        }
        start = end + 1;
    }
    return fmt::format("{}", fmt::join(strings, "; "));
}

} // namespace

std::optional<ElfHeader> read_elf_header(std::string_view bytes) {
    if (bytes.size() < 0x34 ||
        !bytes.starts_with("\x7f"
                           "ELF") ||
        (bytes[4] != 1 && bytes[4] != 2) || (bytes[5] != 1 && bytes[5] != 2)) {
        return std::nullopt;
    }
    ElfHeader header;
    header.is64 = bytes[4] == 2;
    header.big_endian = bytes[5] == 2;
    if (header.is64 && bytes.size() < 0x40) {
        return std::nullopt;
    }
    ElfReader elf(bytes, header.big_endian);
    header.type = static_cast<unsigned>(*elf.number(16, 2));
    header.machine = static_cast<unsigned>(*elf.number(18, 2));
    return header;
}

std::string machine_name(unsigned machine) {
    switch (machine) {
    case 3:
        return "i386";
    case 20:
        return "PowerPC";
    case 21:
        return "PowerPC64";
    case 22:
        return "S/390";
    case 40:
        return "ARM";
    case 62:
        return "x86-64";
    case 183:
        return "AArch64";
    case 243:
        return "RISC-V";
    default:
        return fmt::format("machine {}", machine);
    }
}

std::string describe_elf_target(const ElfHeader& header) {
    return fmt::format("ELF{} {} {}", header.is64 ? 64 : 32, header.big_endian ? "MSB" : "LSB",
                       machine_name(header.machine));
}

std::optional<ElfProgram> read_elf_program(std::string_view bytes) {
    auto header = read_elf_header(bytes);
    if (!header) {
        return std::nullopt;
    }
    bool is64 = header->is64;
    ElfReader elf(bytes, header->big_endian);
    auto table = header_table(elf, is64, {0x20, 0x1C}, {0x36, 0x2A});
    if (!table || table->count > k_max_program_headers ||
        table->entry_size < (is64 ? 0x38U : 0x20U)) {
        return std::nullopt;
    }
    ElfProgram program;
    for (std::uint64_t i = 0; i < table->count; ++i) {
        auto entry = table->offset + i * table->entry_size;
        auto type = elf.number(entry, 4);
        if (!type) {
            return std::nullopt;
        }
        if (*type == k_pt_dynamic) {
            program.dynamic = true;
        } else if (*type == k_pt_interp) {
            auto offset = elf.word(is64, entry + 0x08, entry + 0x04);
            auto size = elf.word(is64, entry + 0x20, entry + 0x10);
            auto text = offset && size ? elf.slice(*offset, *size) : std::nullopt;
            if (!text) {
                return std::nullopt;
            }
            program.interpreter = std::string(text->substr(0, text->find('\0')));
        }
    }
    return program;
}

std::optional<ObjectIdentity> read_object_identity(std::string_view bytes) {
    auto header = read_elf_header(bytes);
    if (!header) {
        return std::nullopt;
    }
    bool is64 = header->is64;
    ElfReader elf(bytes, header->big_endian);
    auto table = header_table(elf, is64, {0x28, 0x20}, {0x3A, 0x2E});
    auto names_index = elf.number(is64 ? 0x3E : 0x32, 2);
    if (!table || !names_index || *names_index >= table->count) {
        return std::nullopt;
    }
    // A section header: its name's offset, then (further on) its data's offset and size.
    auto section =
        [&](std::uint64_t index) -> std::optional<std::pair<std::uint64_t, std::string_view>> {
        auto entry = table->offset + index * table->entry_size;
        auto name = elf.number(entry, 4);
        auto offset = elf.word(is64, entry + 0x18, entry + 0x10);
        auto size = elf.word(is64, entry + 0x20, entry + 0x14);
        if (!name || !offset || !size) {
            return std::nullopt;
        }
        auto data = elf.slice(*offset, *size);
        if (!data) {
            return std::nullopt;
        }
        return std::pair{*name, *data};
    };
    auto names = section(*names_index);
    if (!names) {
        return std::nullopt;
    }
    ObjectIdentity identity;
    identity.target = describe_elf_target(*header);
    for (std::uint64_t i = 0; i < table->count; ++i) {
        auto entry = section(i);
        if (entry && entry->first < names->second.size() &&
            names->second.substr(entry->first).starts_with(std::string_view(".comment\0", 9))) {
            identity.compiler = comment_strings(entry->second);
        }
    }
    return identity;
}

} // namespace toolchain
