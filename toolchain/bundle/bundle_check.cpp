#include "toolchain/bundle/bundle_check.hpp"

#include "toolchain/bundle/elf_file.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace toolchain {
namespace {

// Enough of a file's start for its ELF header.
constexpr std::size_t k_head_size = 64;

std::string shown(std::string_view path) {
    return util::escape_control_characters(path.substr(0, 120));
}

std::string_view type_name(TarType type) {
    switch (type) {
    case TarType::file:
        return "file";
    case TarType::directory:
        return "folder";
    case TarType::symlink:
        return "symbolic link";
    case TarType::hard_link:
        return "hard link";
    case TarType::device:
        return "device";
    case TarType::fifo:
        return "fifo";
    case TarType::other:
        return "member of an unknown type";
    }
    return "?";
}

TarType tar_type_of(EntryType type) {
    switch (type) {
    case EntryType::file:
        return TarType::file;
    case EntryType::directory:
        return TarType::directory;
    case EntryType::symlink:
        return TarType::symlink;
    }
    return TarType::other;
}

std::string megabytes(std::uint64_t bytes) {
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

} // namespace

std::optional<std::string> BundleChecker::member(const TarHeader& header) {
    if ((header.mode & 06000) != 0) {
        return fmt::format("{} is {}", shown(header.path),
                           (header.mode & 04000) != 0 ? "set-user-ID" : "set-group-ID");
    }
    if (header.type == TarType::device || header.type == TarType::fifo ||
        header.type == TarType::hard_link || header.type == TarType::other) {
        return fmt::format("{} is a {}: a bundle holds files, folders and links only",
                           shown(header.path), type_name(header.type));
    }
    if (!m_manifest) {
        if (header.path != k_manifest_member || header.type != TarType::file) {
            return fmt::format("the first member is {}, not the manifest {}", shown(header.path),
                               k_manifest_member);
        }
        if (header.size > k_max_manifest_size) {
            return std::string("the manifest is larger than 4 MiB");
        }
        m_reading_manifest = true;
        return std::nullopt;
    }
    const auto& entries = m_manifest->entries;
    auto prefix = std::string(k_root_member) + "/";
    if (!header.path.starts_with(prefix)) {
        return fmt::format("{} is outside the bundle's root folder", shown(header.path));
    }
    auto path = std::string_view(header.path).substr(prefix.size());
    if (m_next >= entries.size()) {
        return fmt::format("{} is not in the manifest", shown(path));
    }
    const auto& entry = entries[m_next++];
    if (path != entry.path) {
        return fmt::format("{} comes where the manifest lists {} (an entry added, missing or "
                           "moved)",
                           shown(path), entry.path);
    }
    if (header.type != tar_type_of(entry.type)) {
        return fmt::format("{} is a {} in the archive but not in the manifest", entry.path,
                           type_name(header.type));
    }
    switch (entry.type) {
    case EntryType::directory:
        return m_sink ? m_sink->directory(entry) : std::nullopt;
    case EntryType::symlink:
        if (header.link_target != entry.link_target) {
            return fmt::format("the link {} leads elsewhere than its manifest says", entry.path);
        }
        return m_sink ? m_sink->symlink(entry) : std::nullopt;
    case EntryType::file:
        break;
    }
    if (header.size != entry.size || (header.mode & 0777) != entry.mode) {
        return fmt::format("{}'s size or mode differs from its manifest", entry.path);
    }
    m_current = &entry;
    m_hash = util::Sha256();
    m_head.clear();
    m_received = 0;
    return m_sink ? m_sink->file_begin(entry) : std::nullopt;
}

std::optional<std::string> BundleChecker::data(std::string_view bytes) {
    if (m_reading_manifest) {
        m_manifest_text.append(bytes);
        return std::nullopt;
    }
    if (m_current == nullptr) {
        return std::string("data outside a file");
    }
    m_received += bytes.size();
    m_hash.update(bytes);
    if (m_head.size() < k_head_size) {
        m_head.append(bytes.substr(0, k_head_size - m_head.size()));
    }
    return m_sink ? m_sink->file_data(bytes) : std::nullopt;
}

std::optional<std::string> BundleChecker::member_end() {
    if (m_reading_manifest) {
        m_reading_manifest = false;
        return manifest_end();
    }
    if (m_current != nullptr) {
        return file_end();
    }
    return std::nullopt;
}

std::optional<std::string> BundleChecker::manifest_end() {
    auto parsed = parse_manifest(m_manifest_text);
    if (const auto* problem = std::get_if<std::string>(&parsed)) {
        return *problem;
    }
    m_manifest = std::get<Manifest>(std::move(parsed));
    m_id = bundle_id(m_manifest_text);
    if (m_limits.machine != 0 && m_manifest->machine != m_limits.machine) {
        return fmt::format("the bundle's programs are for {}, this worker runs {}",
                           machine_name(m_manifest->machine), machine_name(m_limits.machine));
    }
    std::uint64_t total = 0;
    for (const auto& entry : m_manifest->entries) {
        total += entry.size;
        if (total > m_limits.max_size || entry.size > m_limits.max_size) {
            return fmt::format("the bundle is too large: more than {} unpacked, the limit is {} "
                               "(DISTCC_TOOLCHAIN_MAX_SIZE)",
                               megabytes(m_limits.max_size), megabytes(m_limits.max_size));
        }
    }
    return m_sink ? m_sink->begin(*m_manifest, m_manifest_text) : std::nullopt;
}

std::optional<std::string> BundleChecker::file_end() {
    const auto& entry = *m_current;
    m_current = nullptr;
    if (m_received != entry.size) {
        return fmt::format("{} is shorter than its manifest says (truncated)", entry.path);
    }
    if (util::to_hex(m_hash.finish()) != entry.sha256) {
        return fmt::format("{}'s SHA-256 differs from its manifest (tampered or damaged)",
                           entry.path);
    }
    auto elf = read_elf_header(m_head);
    if (elf && elf->machine != m_manifest->machine) {
        return fmt::format("{} is a program for {}, the bundle's are for {}", entry.path,
                           machine_name(elf->machine), machine_name(m_manifest->machine));
    }
    bool must_be_program = m_manifest->loader == entry.path;
    for (const auto& compiler : m_manifest->compilers) {
        must_be_program = must_be_program || compiler.driver == entry.path;
    }
    if (must_be_program && !elf) {
        return fmt::format("{} is a driver or the loader, but not an ELF program", entry.path);
    }
    return m_sink ? m_sink->file_end() : std::nullopt;
}

std::optional<std::string> BundleChecker::finish() const {
    if (!m_manifest) {
        return std::string("the archive holds no manifest");
    }
    if (m_next < m_manifest->entries.size()) {
        return fmt::format("{} is missing (the archive ends before it)",
                           m_manifest->entries[m_next].path);
    }
    return std::nullopt;
}

} // namespace toolchain
