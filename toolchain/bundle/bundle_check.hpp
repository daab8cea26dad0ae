#pragma once

// The verdict on a bundle as it streams in (pure): its archive must hold its manifest first,
// then exactly the manifest's entries in the manifest's order, each of the type, mode and size
// listed and with the SHA-256 listed, within the size limit, every program for the worker's
// machine. Whatever passes is handed on, entry by entry, to a sink (the effects: a staging
// folder); the first problem ends the bundle with one line saying what it is.

#include "toolchain/bundle/bundle_archive.hpp"
#include "toolchain/bundle/manifest.hpp"
#include "toolchain/bundle/tar_archive.hpp"
#include "util/sha256.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace toolchain {

struct BundleLimits {
    std::uint64_t max_size = 0; // bytes of all files together, unpacked
    unsigned machine = 0;       // the ELF machine every program must be for
};

// Where checked content goes. Each returns why it failed, or nothing.
class BundleSink {
  public:
    BundleSink() = default;
    BundleSink(const BundleSink&) = delete;
    BundleSink& operator=(const BundleSink&) = delete;
    virtual ~BundleSink() = default;
    virtual std::optional<std::string> begin(const Manifest& manifest, std::string_view text) = 0;
    virtual std::optional<std::string> directory(const ManifestEntry& entry) = 0;
    virtual std::optional<std::string> file_begin(const ManifestEntry& entry) = 0;
    virtual std::optional<std::string> file_data(std::string_view bytes) = 0;
    virtual std::optional<std::string> file_end() = 0;
    virtual std::optional<std::string> symlink(const ManifestEntry& entry) = 0;
};

class BundleChecker final : public TarVisitor {
  public:
    // `sink` may be nullptr: the bundle is only checked.
    BundleChecker(BundleLimits limits, BundleSink* sink) : m_limits(limits), m_sink(sink) {}

    std::optional<std::string> member(const TarHeader& header) override;
    std::optional<std::string> data(std::string_view bytes) override;
    std::optional<std::string> member_end() override;

    // After the archive ended: why the bundle is incomplete, or nothing when every entry came.
    std::optional<std::string> finish() const;

    // Once the manifest has been read.
    const std::optional<Manifest>& manifest() const { return m_manifest; }
    const std::string& id() const { return m_id; }

  private:
    std::optional<std::string> manifest_end();
    std::optional<std::string> file_end();

    BundleLimits m_limits;
    BundleSink* m_sink;
    std::optional<Manifest> m_manifest;
    std::string m_id;
    std::string m_manifest_text;
    bool m_reading_manifest = false;
    std::size_t m_next = 0; // the manifest entry the next member must be
    const ManifestEntry* m_current = nullptr;
    util::Sha256 m_hash;
    std::string m_head; // a file's first bytes, for its ELF header
    std::uint64_t m_received = 0;
};

} // namespace toolchain
