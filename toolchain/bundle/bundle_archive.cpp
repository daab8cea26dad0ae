#include "toolchain/bundle/bundle_archive.hpp"

#include "toolchain/bundle/tar_archive.hpp"

namespace toolchain {

std::string manifest_member_header(std::size_t size) {
    return *format_tar_header({std::string(k_manifest_member), TarType::file, 0644, size, ""});
}

std::optional<std::string> entry_member_header(const ManifestEntry& entry) {
    TarHeader header;
    header.path = std::string(k_root_member) + "/" + entry.path;
    switch (entry.type) {
    case EntryType::file:
        header.type = TarType::file;
        header.size = entry.size;
        header.mode = entry.mode;
        break;
    case EntryType::directory:
        header.type = TarType::directory;
        header.mode = entry.mode;
        break;
    case EntryType::symlink:
        header.type = TarType::symlink;
        header.mode = 0777;
        header.link_target = entry.link_target;
        break;
    }
    return format_tar_header(header);
}

std::optional<std::string>
archive_in_memory(std::string_view manifest_text, const Manifest& manifest,
                  const std::function<std::string(const ManifestEntry&)>& contents) {
    std::string archive = manifest_member_header(manifest_text.size());
    archive += manifest_text;
    archive.append(tar_padding(manifest_text.size()), '\0');
    for (const auto& entry : manifest.entries) {
        auto header = entry_member_header(entry);
        if (!header) {
            return std::nullopt;
        }
        archive += *header;
        if (entry.type == EntryType::file) {
            auto bytes = contents(entry);
            archive += bytes;
            archive.append(tar_padding(bytes.size()), '\0');
        }
    }
    return archive + tar_end();
}

} // namespace toolchain
