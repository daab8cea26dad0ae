#include "client/object_identity.hpp"

#include "util/json_text.hpp"

#include <algorithm>
#include <cstdint>
#include <fmt/format.h>

namespace client {
namespace {

// Reads the ELF fields at their offsets, in the object's own byte order; every read is
// bounds-checked, since the object came from another machine.
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

  private:
    std::string_view m_bytes;
    bool m_big;
};

std::string machine_name(std::uint64_t machine) {
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

std::string json_identity(const std::optional<ObjectIdentity>& identity) {
    if (!identity) {
        return "null";
    }
    return fmt::format("{{\"compiler\":{},\"target\":{}}}", util::json_quote(identity->compiler),
                       util::json_quote(identity->target));
}

// What the RESULT column says beyond the result itself.
std::string explain(const CheckRow& row) {
    switch (row.result) {
    case CheckResult::ok:
        return row.worker ? fmt::format("{}, {}", row.worker->compiler, row.worker->target) : "";
    case CheckResult::version_differs:
        return fmt::format("here {:?}, worker {:?}", row.local->compiler, row.worker->compiler);
    case CheckResult::target_differs:
        return fmt::format("here {}, worker {}", row.local->target, row.worker->target);
    default:
        return row.detail;
    }
}

} // namespace

std::optional<ObjectIdentity> read_object_identity(std::string_view bytes) {
    if (bytes.size() < 0x34 || !bytes.starts_with("\x7f"
                                                  "ELF")) {
        return std::nullopt;
    }
    bool is64 = bytes[4] == 2;
    bool big = bytes[5] == 2;
    ElfReader elf(bytes, big);
    auto machine = elf.number(18, 2);
    auto section_offset = is64 ? elf.number(0x28, 8) : elf.number(0x20, 4);
    auto entry_size = elf.number(is64 ? 0x3A : 0x2E, 2);
    auto count = elf.number(is64 ? 0x3C : 0x30, 2);
    auto names_index = elf.number(is64 ? 0x3E : 0x32, 2);
    if (!machine || !section_offset || !entry_size || !count || !names_index ||
        *names_index >= *count) {
        return std::nullopt;
    }
    // A section header: its name's offset, then (further on) its data's offset and size.
    auto section =
        [&](std::uint64_t index) -> std::optional<std::pair<std::uint64_t, std::string_view>> {
        auto header = *section_offset + index * *entry_size;
        auto name = elf.number(header, 4);
        auto offset = is64 ? elf.number(header + 0x18, 8) : elf.number(header + 0x10, 4);
        auto size = is64 ? elf.number(header + 0x20, 8) : elf.number(header + 0x14, 4);
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
    identity.target =
        fmt::format("ELF{} {} {}", is64 ? 64 : 32, big ? "MSB" : "LSB", machine_name(*machine));
    for (std::uint64_t i = 0; i < *count; ++i) {
        auto entry = section(i);
        if (entry && entry->first < names->second.size() &&
            names->second.substr(entry->first).starts_with(std::string_view(".comment\0", 9))) {
            identity.compiler = comment_strings(entry->second);
        }
    }
    return identity;
}

CheckResult compare_identities(const ObjectIdentity& local, const ObjectIdentity& worker) {
    if (local.target != worker.target) {
        return CheckResult::target_differs;
    }
    return local.compiler == worker.compiler ? CheckResult::ok : CheckResult::version_differs;
}

std::string_view result_name(CheckResult result) {
    switch (result) {
    case CheckResult::ok:
        return "OK";
    case CheckResult::not_served:
        return "not served";
    case CheckResult::version_differs:
        return "version differs";
    case CheckResult::target_differs:
        return "target differs";
    case CheckResult::unreachable:
        return "unreachable";
    }
    return "?";
}

std::string render_check_table(const std::vector<CheckRow>& rows) {
    std::size_t host_width = 4;
    std::size_t compiler_width = 8;
    for (const auto& row : rows) {
        host_width = std::max(host_width, row.host.size());
        compiler_width = std::max(compiler_width, row.compiler.size());
    }
    std::string text =
        fmt::format("{:<{}}  {:<{}}  RESULT\n", "HOST", host_width, "COMPILER", compiler_width);
    for (const auto& row : rows) {
        auto why = explain(row);
        text += fmt::format("{:<{}}  {:<{}}  {}{}\n", row.host, host_width, row.compiler,
                            compiler_width, result_name(row.result),
                            why.empty() ? "" : " (" + why + ")");
    }
    return text;
}

std::string render_check_json(const std::vector<CheckRow>& rows) {
    std::vector<std::string> entries;
    for (const auto& row : rows) {
        entries.push_back(
            fmt::format("{{\"host\":{},\"compiler\":{},\"result\":{},\"local\":{},\"worker\":{},"
                        "\"detail\":{}}}",
                        util::json_quote(row.host), util::json_quote(row.compiler),
                        util::json_quote(result_name(row.result)), json_identity(row.local),
                        json_identity(row.worker), util::json_quote(row.detail)));
    }
    return fmt::format("[{}]\n", fmt::join(entries, ","));
}

} // namespace client
