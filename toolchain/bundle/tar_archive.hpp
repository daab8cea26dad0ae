#pragma once

// The ustar archive format a bundle travels in (pure): headers written for the packer, and a
// reader fed the bytes as they arrive, so that a bundle is checked while it streams and is
// never held whole in memory. Only what a bundle holds is understood: files, folders and
// symbolic links; every other member type is reported as such and refused by the caller.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace toolchain {

inline constexpr std::size_t k_tar_block = 512;

enum class TarType { file, directory, symlink, hard_link, device, fifo, other };

struct TarHeader {
    std::string path; // prefix and name joined; a folder's trailing '/' removed
    TarType type = TarType::file;
    unsigned mode = 0; // all 12 permission bits, set-ID bits included
    std::uint64_t size = 0;
    std::string link_target;
};

// One ustar header block for `header` (owner root, time 0: the same content packs to the
// same bytes); nothing when the path or link does not fit the format.
std::optional<std::string> format_tar_header(const TarHeader& header);

// The zero bytes after a member of `size` bytes, up to the next block.
std::size_t tar_padding(std::uint64_t size);

// The two zero blocks that end an archive.
std::string tar_end();

// What the reader finds, in order: each member's header, its data in pieces, its end.
class TarVisitor {
  public:
    TarVisitor() = default;
    TarVisitor(const TarVisitor&) = delete;
    TarVisitor& operator=(const TarVisitor&) = delete;
    virtual ~TarVisitor() = default;
    // Each returns why the archive is refused, or nothing to go on.
    virtual std::optional<std::string> member(const TarHeader& header) = 0;
    virtual std::optional<std::string> data(std::string_view bytes) = 0;
    virtual std::optional<std::string> member_end() = 0;
};

// Reads an archive fed in pieces of any size.
class TarReader {
  public:
    explicit TarReader(TarVisitor& visitor) : m_visitor(visitor) {}

    // Feeds the next bytes; returns why the archive is refused (then it stays refused).
    std::optional<std::string> feed(std::string_view bytes);

    // After the last byte: why the archive is incomplete, or nothing when it ended properly.
    std::optional<std::string> finish();

  private:
    std::optional<std::string> take_header();

    TarVisitor& m_visitor;
    std::string m_block;              // a header block being filled
    std::uint64_t m_data_left = 0;    // of the current member
    std::uint64_t m_padding_left = 0; // after it
    bool m_in_member = false;
    int m_zero_blocks = 0;
    bool m_ended = false;
    std::optional<std::string> m_error;
};

} // namespace toolchain
