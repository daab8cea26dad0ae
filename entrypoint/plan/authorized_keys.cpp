#include "entrypoint/plan/authorized_keys.hpp"

#include "util/base64.hpp"
#include "util/sha256.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <optional>

namespace entrypoint {
namespace {

struct KeyType {
    std::string_view name;
    std::string_view curve; // ECDSA curve identifier inside the blob; empty for others
    int fields = 0;         // wire strings after the type name (curve included)
};

// ssh-dss is absent on purpose: OpenSSH 9.x no longer accepts DSA keys.
constexpr std::array k_key_types{
    KeyType{"ssh-ed25519", "", 1},                                // public key
    KeyType{"ssh-rsa", "", 2},                                    // e, n
    KeyType{"ecdsa-sha2-nistp256", "nistp256", 2},                // curve, point
    KeyType{"ecdsa-sha2-nistp384", "nistp384", 2},                //
    KeyType{"ecdsa-sha2-nistp521", "nistp521", 2},                //
    KeyType{"sk-ssh-ed25519@openssh.com", "", 2},                 // public key, application
    KeyType{"sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", 3}, // curve, point, application
};

constexpr std::string_view k_known_types_text =
    "ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com or "
    "sk-ecdsa-sha2-nistp256@openssh.com";

constexpr std::string_view k_private_key_message =
    "this is a private key; give the public key instead (the .pub file, e.g. "
    "~/.ssh/id_ed25519.pub), and treat the private key as exposed";

const KeyType* find_key_type(std::string_view name) {
    auto found = std::ranges::find(k_key_types, name, &KeyType::name);
    return found == k_key_types.end() ? nullptr : &*found;
}

// The leading options field: up to the first unquoted blank.
std::optional<std::string_view> take_options(std::string_view& text) {
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && quoted && i + 1 < text.size()) {
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == ' ' || c == '\t')) {
            auto options = text.substr(0, i);
            text = util::trim_start(text.substr(i));
            return options;
        }
    }
    return std::nullopt; // unterminated quote, or nothing after the options
}

std::string_view take_word(std::string_view& text) {
    auto end = text.find_first_of(" \t");
    auto word = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : util::trim_start(text.substr(end));
    return word;
}

// Reads one SSH wire-format string (uint32 big-endian length + bytes) at `offset`.
std::optional<std::string_view> read_wire_string(const std::vector<std::uint8_t>& blob,
                                                 std::size_t& offset) {
    if (offset + 4 > blob.size()) {
        return std::nullopt;
    }
    std::size_t length = std::size_t{blob[offset]} << 24 | std::size_t{blob[offset + 1]} << 16 |
                         std::size_t{blob[offset + 2]} << 8 | std::size_t{blob[offset + 3]};
    offset += 4;
    if (length > blob.size() - offset) {
        return std::nullopt;
    }
    std::string_view text(reinterpret_cast<const char*>(blob.data()) + offset, length);
    offset += length;
    return text;
}

// Only a word that looks like an SSH key type is repeated in a message: anything else may be
// a secret pasted by mistake.
bool looks_like_type_word(std::string_view word) {
    bool has_type_prefix =
        word.starts_with("ssh-") || word.starts_with("ecdsa-") || word.starts_with("sk-");
    return has_type_prefix && word.size() <= 40 &&
           word.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-@.") ==
               std::string_view::npos;
}

std::variant<PublicKey, std::string> parse_key_line(std::string_view line) {
    constexpr std::string_view k_private_key_magic = "b3BlbnNzaC1rZXktdjE"; // "openssh-key-v1"
    if (line.find("PRIVATE KEY") != std::string_view::npos ||
        line.find("-----BEGIN") != std::string_view::npos ||
        line.find(k_private_key_magic) != std::string_view::npos) {
        return std::string(k_private_key_message);
    }
    PublicKey key;
    std::string_view rest = line;
    auto first = take_word(rest);
    if (!find_key_type(first)) {
        rest = line;
        auto options = take_options(rest);
        std::string_view type_word = options ? take_word(rest) : std::string_view{};
        if (!options || !find_key_type(type_word)) {
            auto shown = options && looks_like_type_word(type_word) ? type_word
                         : looks_like_type_word(first)              ? first
                                                                    : std::string_view{};
            return shown.empty() ? fmt::format("no key type found; expected {}", k_known_types_text)
                                 : fmt::format("unknown key type \"{}\"; expected {}", shown,
                                               k_known_types_text);
        }
        key.options = std::string(*options);
        first = type_word;
    }
    const KeyType* type = find_key_type(first);
    key.type = std::string(first);
    auto blob_text = take_word(rest);
    auto blob = util::decode_base64(blob_text);
    if (!blob) {
        return fmt::format("the {} key's base64 data is missing or damaged", key.type);
    }
    std::size_t offset = 0;
    auto embedded = read_wire_string(*blob, offset);
    if (!embedded || *embedded != type->name) {
        return fmt::format("the key data does not hold a {} key (copied incompletely, or the "
                           "type word is wrong)",
                           key.type);
    }
    for (int field = 0; field < type->fields; ++field) {
        auto value = read_wire_string(*blob, offset);
        if (!value) {
            return fmt::format("the {} key data is incomplete (copied only in part?)", key.type);
        }
        if (field == 0 && !type->curve.empty() && *value != type->curve) {
            return fmt::format("the {} key's curve does not match its type", key.type);
        }
    }
    if (offset != blob->size()) {
        return fmt::format("the {} key data has unexpected bytes at its end", key.type);
    }
    key.blob_base64 = std::string(blob_text);
    key.comment = std::string(rest);
    key.fingerprint = "SHA256:" + util::encode_base64(util::sha256(*blob), false);
    return key;
}

} // namespace

std::variant<std::vector<PublicKey>, KeyError> parse_authorized_keys(std::string_view text) {
    std::vector<PublicKey> keys;
    int line_number = 0;
    for (auto line : util::split(text, '\n')) {
        ++line_number;
        line = util::trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        auto parsed = parse_key_line(line);
        if (auto* message = std::get_if<std::string>(&parsed)) {
            return KeyError{line_number, *message};
        }
        keys.push_back(std::get<PublicKey>(std::move(parsed)));
    }
    if (keys.empty()) {
        return KeyError{0, "no public key found"};
    }
    return keys;
}

std::string render_authorized_keys(const std::vector<PublicKey>& keys) {
    std::string text;
    for (const auto& key : keys) {
        if (!key.options.empty()) {
            text += key.options + " ";
        }
        text += key.type + " " + key.blob_base64;
        if (!key.comment.empty()) {
            text += " " + key.comment;
        }
        text += "\n";
    }
    return text;
}

} // namespace entrypoint
