// What a worker reads from whoever pushes a toolchain: the manifest (toolchain::parse_manifest),
// the archive around it (toolchain::TarReader feeding toolchain::BundleChecker, in pieces of
// any size), a push request line and the name record. A manifest that is accepted formats to a
// text that is accepted again and formats the same; an accepted bundle saw every entry of its
// manifest, and its id is its manifest's hash; an accepted request formats back to the line.
#include "support/check.hpp"
#include "toolchain/bundle/bundle_check.hpp"
#include "toolchain/bundle/manifest.hpp"
#include "toolchain/bundle/name_claims.hpp"
#include "toolchain/bundle/push_protocol.hpp"
#include "toolchain/bundle/tar_archive.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using fuzz_support::require;

namespace {

void check_manifest_text(std::string_view text) {
    auto parsed = toolchain::parse_manifest(text);
    const auto* manifest = std::get_if<toolchain::Manifest>(&parsed);
    if (manifest == nullptr) {
        require(!std::get<std::string>(parsed).empty(), "a refusal says why");
        require(std::get<std::string>(parsed).find('\n') == std::string::npos,
                "a refusal is one line");
        return;
    }
    auto formatted = toolchain::format_manifest(*manifest);
    auto again = toolchain::parse_manifest(formatted);
    require(std::holds_alternative<toolchain::Manifest>(again), "a formatted manifest is accepted");
    require(toolchain::format_manifest(std::get<toolchain::Manifest>(again)) == formatted,
            "formatting is stable");
}

void check_archive(std::string_view bytes, std::size_t piece) {
    toolchain::BundleChecker checker({1 << 16, 62}, nullptr);
    toolchain::TarReader reader(checker);
    std::optional<std::string> problem;
    for (std::size_t at = 0; at < bytes.size() && !problem; at += piece) {
        problem = reader.feed(bytes.substr(at, piece));
    }
    if (!problem) {
        problem = reader.finish();
    }
    if (!problem) {
        problem = checker.finish();
    }
    if (problem) {
        require(problem->find('\n') == std::string::npos, "a verdict is one line");
        return;
    }
    require(checker.manifest().has_value(), "an accepted bundle has its manifest");
    require(toolchain::is_sha256_hex(checker.id()), "an accepted bundle has an id");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_manifest_text(bytes);
    // The first byte chooses the size of the pieces the archive arrives in.
    std::size_t piece = bytes.empty() ? 1 : 1 + static_cast<unsigned char>(bytes.front()) * 4;
    check_archive(bytes, piece);
    check_archive(bytes, bytes.size() + 1);

    for (auto line : {bytes.substr(0, bytes.find('\n'))}) {
        auto request = toolchain::parse_request(line);
        if (const auto* parsed = std::get_if<toolchain::ParsedRequest>(&request)) {
            require(toolchain::format_request(parsed->request, parsed->mac) ==
                        std::string(line) + "\n",
                    "an accepted request formats back to its line");
        }
        if (auto greeting = toolchain::parse_greeting(line)) {
            require(toolchain::format_greeting(*greeting) == std::string(line) + "\n",
                    "an accepted greeting formats back to its line");
        }
    }
    auto claims = toolchain::parse_name_claims(bytes);
    require(toolchain::parse_name_claims(toolchain::format_name_claims(claims)) == claims,
            "the name record reads back what it wrote");
    return 0;
}
