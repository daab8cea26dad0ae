#include "toolchain/bundle/manifest.hpp"

#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/compiler_names.hpp"
#include "util/number.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <set>

namespace toolchain {
namespace {

// The longest free text (an identity) a manifest line may hold.
constexpr std::size_t k_max_text = 256;
// More entries than any compiler needs: a bound for a hostile manifest.
constexpr std::size_t k_max_entries = 100000;

bool is_token(std::string_view text) {
    return !text.empty() && std::ranges::all_of(text, [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '+' ||
               c == '-';
    });
}

bool is_plain_text(std::string_view text) {
    return !text.empty() && text.size() <= k_max_text && text.front() != ' ' &&
           std::ranges::all_of(text, [](char c) {
               return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
           });
}

// Permission bits written in octal without a leading zero ("755"); set-user-ID, set-group-ID
// and sticky bits are refused by name.
std::variant<unsigned, std::string> parse_mode(std::string_view text) {
    auto mode = text.size() <= 4 ? util::parse_integer<unsigned>(text, 8) : std::nullopt;
    if (!mode || *mode > 07777) {
        return fmt::format("mode {:?} is not an octal permission", std::string(text));
    }
    if ((*mode & 04000) != 0) {
        return std::string("a set-user-ID file");
    }
    if ((*mode & 02000) != 0) {
        return std::string("a set-group-ID file");
    }
    if ((*mode & 01000) != 0) {
        return std::string("a sticky file");
    }
    return *mode;
}

class Parser {
  public:
    explicit Parser(std::string_view text) : m_text(text) {}

    std::variant<Manifest, std::string> parse() {
        auto lines = util::split(m_text, '\n');
        if (m_text.empty() || !m_text.ends_with('\n')) {
            return std::string("the manifest does not end with a line end");
        }
        lines.pop_back();
        if (lines.empty() || lines.front() != k_manifest_header) {
            return fmt::format("the manifest does not start with {:?}",
                               std::string(k_manifest_header));
        }
        for (std::size_t i = 1; i < lines.size(); ++i) {
            m_line = i + 1;
            if (auto problem = read_line(lines[i])) {
                return fmt::format("manifest line {}: {}", m_line, *problem);
            }
        }
        if (auto problem = check_whole()) {
            return "manifest: " + *problem;
        }
        return std::move(m_manifest);
    }

  private:
    std::optional<std::string> read_line(std::string_view line) {
        auto space = line.find(' ');
        auto key = line.substr(0, space);
        auto rest = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
        auto words = util::split(rest, ' ');
        if (key == "packer" || key == "machine" || key == "loader") {
            return read_setting(key, rest);
        }
        if (key == "compiler") {
            return read_compiler(words);
        }
        if (key == "identity" || key == "object") {
            return read_compiler_text(key, rest);
        }
        if (key == "name") {
            return read_name(rest);
        }
        if (key == "file" || key == "directory" || key == "symlink") {
            return read_entry(key, words);
        }
        return fmt::format("unknown line {:?}", std::string(line.substr(0, 40)));
    }

    std::optional<std::string> read_setting(std::string_view key, std::string_view value) {
        if (!m_manifest.compilers.empty() || !m_manifest.entries.empty() ||
            m_seen_settings.contains(std::string(key))) {
            return fmt::format("{} given twice or after the compilers", key);
        }
        m_seen_settings.insert(std::string(key));
        if (key == "packer") {
            if (!is_token(value)) {
                return std::string("the packer's version is not a plain word");
            }
            m_manifest.packer = value;
        } else if (key == "machine") {
            auto machine = util::parse_integer<unsigned>(value);
            if (!machine || *machine == 0 || *machine > 0xffff) {
                return std::string("the machine is not an ELF machine number");
            }
            m_manifest.machine = *machine;
        } else {
            if (auto problem = check_bundle_path(value)) {
                return "the loader's path is " + *problem;
            }
            m_manifest.loader = value;
        }
        return std::nullopt;
    }

    std::optional<std::string> read_compiler(const std::vector<std::string_view>& words) {
        if (!m_manifest.entries.empty()) {
            return std::string("a compiler after the entries");
        }
        if (words.size() != 4) {
            return std::string("expected: compiler FAMILY VERSION TARGET DRIVER");
        }
        BundleCompiler compiler{std::string(words[0]),
                                std::string(words[1]),
                                std::string(words[2]),
                                std::string(words[3]),
                                "",
                                "",
                                {}};
        if (compiler.family != "gcc" && compiler.family != "clang") {
            return fmt::format("family {:?}: expected gcc or clang", compiler.family);
        }
        if (!is_token(compiler.version) ||
            !std::isdigit(static_cast<unsigned char>(compiler.version.front()))) {
            return fmt::format("version {:?} is not a version", compiler.version);
        }
        if (!is_token(compiler.target) || compiler.target.find('-') == std::string::npos) {
            return fmt::format("target {:?} is not a target triple", compiler.target);
        }
        if (auto problem = check_bundle_path(compiler.driver)) {
            return "the driver's path is " + *problem;
        }
        m_manifest.compilers.push_back(std::move(compiler));
        return std::nullopt;
    }

    std::optional<std::string> read_compiler_text(std::string_view key, std::string_view text) {
        if (m_manifest.compilers.empty() || !m_manifest.entries.empty()) {
            return fmt::format("{} outside a compiler", key);
        }
        auto& compiler = m_manifest.compilers.back();
        auto& field = key == "identity" ? compiler.identity : compiler.object;
        if (!field.empty()) {
            return fmt::format("{} given twice", key);
        }
        if (!is_plain_text(text)) {
            return fmt::format("{} is empty, too long or not printable ASCII", key);
        }
        field = text;
        return std::nullopt;
    }

    std::optional<std::string> read_name(std::string_view name) {
        if (m_manifest.compilers.empty() || !m_manifest.entries.empty()) {
            return std::string("a name outside a compiler");
        }
        auto parsed = parse_compiler_name(name);
        if (!parsed || name.size() > 128) {
            return fmt::format("{:?} is no compiler name (expected [TRIPLE-]gcc, g++, cc, c++, "
                               "clang or clang++, [-VERSION])",
                               util::escape_control_characters(name.substr(0, 64)));
        }
        if (!m_names.insert(std::string(name)).second) {
            return fmt::format("the name {} is claimed twice", name);
        }
        m_manifest.compilers.back().names.emplace_back(name);
        return std::nullopt;
    }

    std::optional<std::string> read_entry(std::string_view key,
                                          const std::vector<std::string_view>& words) {
        if (m_manifest.entries.size() >= k_max_entries) {
            return std::string("more than 100000 entries");
        }
        ManifestEntry entry;
        std::string_view path;
        if (key == "file") {
            if (words.size() != 4) {
                return std::string("expected: file MODE SIZE SHA256 PATH");
            }
            entry.type = EntryType::file;
            auto size = util::parse_integer<std::uint64_t>(words[1]);
            if (!size) {
                return std::string("the size is not a number");
            }
            entry.size = *size;
            if (!is_sha256_hex(words[2])) {
                return std::string("the SHA-256 is not 64 hexadecimal digits");
            }
            entry.sha256 = words[2];
            path = words[3];
        } else if (key == "directory") {
            if (words.size() != 2) {
                return std::string("expected: directory MODE PATH");
            }
            entry.type = EntryType::directory;
            path = words[1];
        } else {
            if (words.size() != 2) {
                return std::string("expected: symlink PATH TARGET");
            }
            entry.type = EntryType::symlink;
            path = words[0];
            entry.link_target = words[1];
        }
        if (entry.type != EntryType::symlink) {
            auto mode = parse_mode(words[0]);
            if (const auto* problem = std::get_if<std::string>(&mode)) {
                return fmt::format("{}: {}", util::escape_control_characters(path.substr(0, 64)),
                                   *problem);
            }
            entry.mode = std::get<unsigned>(mode);
        }
        if (auto problem = check_bundle_path(path)) {
            return fmt::format("{:?} is {}", util::escape_control_characters(path.substr(0, 64)),
                               *problem);
        }
        entry.path = path;
        if (!m_manifest.entries.empty() && !(m_manifest.entries.back().path < entry.path)) {
            return fmt::format("{} is out of order or listed twice", entry.path);
        }
        for (const auto& folder : parent_folders(entry.path)) {
            auto found = m_types.find(folder);
            if (found == m_types.end() || found->second != EntryType::directory) {
                return fmt::format("{} lies in {}, which is not a folder listed before it",
                                   entry.path, folder);
            }
        }
        m_types[entry.path] = entry.type;
        m_manifest.entries.push_back(std::move(entry));
        return std::nullopt;
    }

    // A link's target, resolved by names from the link's folder, must be an entry of the
    // bundle reached through folders only: the kernel then resolves it the same way, inside.
    std::optional<std::string> check_link(const ManifestEntry& link) const {
        const auto& target = link.link_target;
        auto leaves = fmt::format("the link {} leads out of the bundle ({})", link.path, target);
        if (target.empty() || target.starts_with('/')) {
            return leaves;
        }
        std::string walked(folder_of(link.path));
        for (auto component : util::split(target, '/')) {
            if (component.empty() || component == ".") {
                continue;
            }
            if (!walked.empty()) {
                auto found = m_types.find(walked);
                if (found == m_types.end() || found->second != EntryType::directory) {
                    return fmt::format("the link {} passes through {}, which is not a folder of "
                                       "the bundle",
                                       link.path, walked);
                }
            }
            if (component == "..") {
                if (walked.empty()) {
                    return leaves;
                }
                walked = folder_of(walked);
            } else {
                walked =
                    walked.empty() ? std::string(component) : walked + "/" + std::string(component);
            }
        }
        if (walked.empty() || !m_types.contains(walked)) {
            return fmt::format("the link {} leads to {}, which is not in the bundle", link.path,
                               target);
        }
        return std::nullopt;
    }

    std::optional<std::string> check_whole() const {
        if (m_manifest.packer.empty() || m_manifest.machine == 0) {
            return std::string("the packer or the machine is missing");
        }
        if (m_manifest.compilers.empty()) {
            return std::string("no compiler");
        }
        auto is_program = [&](const std::string& path) {
            const auto* entry = find_entry(m_manifest, path);
            return entry != nullptr && entry->type == EntryType::file && (entry->mode & 0100) != 0;
        };
        for (const auto& compiler : m_manifest.compilers) {
            if (compiler.identity.empty() || compiler.object.empty() || compiler.names.empty()) {
                return fmt::format("the compiler {} lacks its identity, object or names",
                                   compiler.driver);
            }
            if (!is_program(compiler.driver)) {
                return fmt::format("the driver {} is not an executable file of the bundle",
                                   compiler.driver);
            }
        }
        if (m_manifest.loader && !is_program(*m_manifest.loader)) {
            return fmt::format("the loader {} is not an executable file of the bundle",
                               *m_manifest.loader);
        }
        for (const auto& entry : m_manifest.entries) {
            if (entry.type == EntryType::symlink) {
                if (auto problem = check_link(entry)) {
                    return problem;
                }
            }
        }
        return std::nullopt;
    }

    std::string_view m_text;
    std::size_t m_line = 0;
    Manifest m_manifest;
    std::set<std::string> m_seen_settings;
    std::set<std::string> m_names;
    std::map<std::string, EntryType, std::less<>> m_types;
};

} // namespace

std::string format_manifest(const Manifest& manifest) {
    std::string text(k_manifest_header);
    text += '\n';
    text += fmt::format("packer {}\nmachine {}\n", manifest.packer, manifest.machine);
    if (manifest.loader) {
        text += fmt::format("loader {}\n", *manifest.loader);
    }
    for (const auto& compiler : manifest.compilers) {
        text += fmt::format("compiler {} {} {} {}\nidentity {}\nobject {}\n", compiler.family,
                            compiler.version, compiler.target, compiler.driver, compiler.identity,
                            compiler.object);
        for (const auto& name : compiler.names) {
            text += fmt::format("name {}\n", name);
        }
    }
    for (const auto& entry : manifest.entries) {
        switch (entry.type) {
        case EntryType::file:
            text += fmt::format("file {:o} {} {} {}\n", entry.mode, entry.size, entry.sha256,
                                entry.path);
            break;
        case EntryType::directory:
            text += fmt::format("directory {:o} {}\n", entry.mode, entry.path);
            break;
        case EntryType::symlink:
            text += fmt::format("symlink {} {}\n", entry.path, entry.link_target);
            break;
        }
    }
    return text;
}

std::variant<Manifest, std::string> parse_manifest(std::string_view text) {
    if (text.size() > k_max_manifest_size) {
        return std::string("the manifest is larger than 4 MiB");
    }
    return Parser(text).parse();
}

std::string bundle_id(std::string_view manifest_text) {
    util::Sha256 hash;
    hash.update(manifest_text);
    return util::to_hex(hash.finish());
}

bool is_sha256_hex(std::string_view text) {
    return text.size() == 64 && std::ranges::all_of(text, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

const ManifestEntry* find_entry(const Manifest& manifest, std::string_view path) {
    auto found = std::ranges::lower_bound(
        manifest.entries, path, std::less<>{},
        [](const ManifestEntry& entry) -> std::string_view { return entry.path; });
    return found != manifest.entries.end() && found->path == path ? &*found : nullptr;
}

} // namespace toolchain
