// entrypoint::parse_authorized_keys on any text (AUTHORIZED_KEYS, AUTHORIZED_KEYS_FILE), and
// the round trip through render_authorized_keys: what was accepted reads back the same.
#include "entrypoint/plan/authorized_keys.hpp"
#include "support/check.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using fuzz_support::require;

namespace {

bool same_keys(const std::vector<entrypoint::PublicKey>& a,
               const std::vector<entrypoint::PublicKey>& b) {
    auto same = [](const entrypoint::PublicKey& x, const entrypoint::PublicKey& y) {
        return x.options == y.options && x.type == y.type && x.blob_base64 == y.blob_base64 &&
               x.comment == y.comment && x.fingerprint == y.fingerprint;
    };
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), same);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = entrypoint::parse_authorized_keys(text);
    if (const auto* error = std::get_if<entrypoint::KeyError>(&parsed)) {
        require(!error->message.empty(), "a refusal has a message");
        require(error->line_number >= 0, "a refusal's line number is not negative");
        return 0;
    }
    const auto& keys = std::get<std::vector<entrypoint::PublicKey>>(parsed);
    require(!keys.empty(), "an accepted text holds a key");
    for (const auto& key : keys) {
        require(key.fingerprint.starts_with("SHA256:"), "a fingerprint is SHA256:...");
        require(key.comment.find('\n') == std::string::npos, "a comment is one line");
    }
    auto rendered = entrypoint::render_authorized_keys(keys);
    auto reparsed = entrypoint::parse_authorized_keys(rendered);
    const auto* again = std::get_if<std::vector<entrypoint::PublicKey>>(&reparsed);
    require(again != nullptr, "rendered keys are accepted again");
    require(same_keys(keys, *again), "rendered keys read back the same");
    require(entrypoint::render_authorized_keys(*again) == rendered, "rendering is stable");
    return 0;
}
