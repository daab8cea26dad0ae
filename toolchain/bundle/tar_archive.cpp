#include "toolchain/bundle/tar_archive.hpp"

#include "util/number.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace toolchain {
namespace {

// ustar field offsets and sizes.
struct Field {
    std::size_t offset;
    std::size_t size;
};
constexpr Field k_name{0, 100};
constexpr Field k_mode{100, 8};
constexpr Field k_uid{108, 8};
constexpr Field k_gid{116, 8};
constexpr Field k_size{124, 12};
constexpr Field k_mtime{136, 12};
constexpr Field k_checksum{148, 8};
constexpr Field k_type{156, 1};
constexpr Field k_link{157, 100};
constexpr Field k_magic{257, 8};
constexpr Field k_prefix{345, 155};

// The largest size an octal size field holds (11 digits): 8 GiB.
constexpr std::uint64_t k_max_member_size = (std::uint64_t{1} << 33) - 1;

std::string_view field(std::string_view block, Field where) {
    auto text = block.substr(where.offset, where.size);
    return text.substr(0, text.find('\0'));
}

void put(std::string& block, Field where, std::string_view text) {
    std::copy(text.begin(), text.end(), block.begin() + static_cast<long>(where.offset));
}

void put_octal(std::string& block, Field where, std::uint64_t value) {
    put(block, where, fmt::format("{:0{}o}", value, where.size - 1));
}

// A numeric field: octal digits, optionally surrounded by spaces and ended by NUL.
std::optional<std::uint64_t> octal(std::string_view block, Field where) {
    auto text = field(block, where);
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return util::parse_integer<std::uint64_t>(text, 8);
}

unsigned checksum_of(std::string_view block) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < block.size(); ++i) {
        bool in_checksum = i >= k_checksum.offset && i < k_checksum.offset + k_checksum.size;
        sum += in_checksum ? ' ' : static_cast<unsigned char>(block[i]);
    }
    return sum;
}

TarType type_of(char flag) {
    switch (flag) {
    case '0':
    case '\0':
        return TarType::file;
    case '5':
        return TarType::directory;
    case '2':
        return TarType::symlink;
    case '1':
        return TarType::hard_link;
    case '3':
    case '4':
        return TarType::device;
    case '6':
        return TarType::fifo;
    default:
        return TarType::other;
    }
}

char flag_of(TarType type) {
    switch (type) {
    case TarType::directory:
        return '5';
    case TarType::symlink:
        return '2';
    default:
        return '0';
    }
}

} // namespace

std::optional<std::string> format_tar_header(const TarHeader& header) {
    std::string path = header.path;
    if (header.type == TarType::directory) {
        path += '/';
    }
    std::string prefix;
    std::string name = path;
    if (name.size() > k_name.size) {
        // Split at a '/' so that the name fits its field and the rest the prefix.
        auto split = path.find('/', path.size() - std::min(path.size(), k_name.size + 1));
        if (split == std::string::npos || split > k_prefix.size || split == 0) {
            return std::nullopt;
        }
        prefix = path.substr(0, split);
        name = path.substr(split + 1);
    }
    if (name.empty() || name.size() > k_name.size || header.link_target.size() > k_link.size ||
        header.size > k_max_member_size) {
        return std::nullopt;
    }
    std::string block(k_tar_block, '\0');
    put(block, k_name, name);
    put_octal(block, k_mode, header.mode & 07777);
    put_octal(block, k_uid, 0);
    put_octal(block, k_gid, 0);
    put_octal(block, k_size, header.type == TarType::file ? header.size : 0);
    put_octal(block, k_mtime, 0);
    block[k_type.offset] = flag_of(header.type);
    put(block, k_link, header.link_target);
    put(block, k_magic,
        std::string_view("ustar\0"
                         "00",
                         8));
    put(block, k_prefix, prefix);
    put(block, k_checksum, fmt::format("{:06o}", checksum_of(block)));
    block[k_checksum.offset + 6] = '\0';
    block[k_checksum.offset + 7] = ' ';
    return block;
}

std::size_t tar_padding(std::uint64_t size) {
    return static_cast<std::size_t>((k_tar_block - size % k_tar_block) % k_tar_block);
}

std::string tar_end() {
    return std::string(2 * k_tar_block, '\0');
}

std::optional<std::string> TarReader::take_header() {
    if (std::ranges::all_of(m_block, [](char c) { return c == '\0'; })) {
        if (++m_zero_blocks == 2) {
            m_ended = true;
        }
        return std::nullopt;
    }
    if (m_zero_blocks > 0) {
        return std::string("the archive holds data after an end block");
    }
    if (field(m_block, k_magic).substr(0, 5) != "ustar") {
        return std::string("a member header is not a ustar header (damaged or not a bundle)");
    }
    auto stored = octal(m_block, k_checksum);
    if (!stored || *stored != checksum_of(m_block)) {
        return std::string("a member header's checksum is wrong (damaged)");
    }
    auto size = octal(m_block, k_size);
    auto mode = octal(m_block, k_mode);
    if (!size || !mode || *mode > 07777) {
        return std::string("a member header's size or mode is not a number");
    }
    TarHeader header;
    header.type = type_of(m_block[k_type.offset]);
    header.mode = static_cast<unsigned>(*mode);
    header.size = *size;
    std::string prefix(field(m_block, k_prefix));
    std::string name(field(m_block, k_name));
    header.path = prefix.empty() ? name : prefix + "/" + name;
    if (header.type == TarType::directory && header.path.ends_with('/')) {
        header.path.pop_back();
    }
    header.link_target = field(m_block, k_link);
    if (header.type != TarType::file && header.size != 0 && header.type != TarType::other) {
        return fmt::format("the member {} has data but is no file", header.path.substr(0, 64));
    }
    m_data_left = header.size;
    m_padding_left = tar_padding(header.size);
    m_in_member = true;
    return m_visitor.member(header);
}

std::optional<std::string> TarReader::feed(std::string_view bytes) {
    if (m_error) {
        return m_error;
    }
    while (!bytes.empty()) {
        if (m_ended) {
            // Readers (tar, gzip) may add zero blocks after the end marker.
            if (!std::ranges::all_of(bytes, [](char c) { return c == '\0'; })) {
                m_error = "the archive holds data after its end";
            }
            return m_error;
        }
        if (m_in_member && m_data_left > 0) {
            auto take =
                static_cast<std::size_t>(std::min<std::uint64_t>(m_data_left, bytes.size()));
            m_data_left -= take;
            m_error = m_visitor.data(bytes.substr(0, take));
            bytes.remove_prefix(take);
        } else if (m_in_member && m_padding_left > 0) {
            auto take =
                static_cast<std::size_t>(std::min<std::uint64_t>(m_padding_left, bytes.size()));
            if (!std::ranges::all_of(bytes.substr(0, take), [](char c) { return c == '\0'; })) {
                m_error = "a member holds more bytes than its header says (damaged)";
                return m_error;
            }
            m_padding_left -= take;
            bytes.remove_prefix(take);
        } else if (m_in_member) {
            m_in_member = false;
            m_error = m_visitor.member_end();
        } else {
            auto take = std::min(k_tar_block - m_block.size(), bytes.size());
            m_block.append(bytes.substr(0, take));
            bytes.remove_prefix(take);
            if (m_block.size() == k_tar_block) {
                m_error = take_header();
                m_block.clear();
            }
        }
        if (m_error) {
            return m_error;
        }
    }
    // A member whose data and padding are complete ends now, not with the next byte.
    if (m_in_member && m_data_left == 0 && m_padding_left == 0) {
        m_in_member = false;
        m_error = m_visitor.member_end();
    }
    return m_error;
}

std::optional<std::string> TarReader::finish() {
    if (m_error) {
        return m_error;
    }
    if (!m_ended) {
        m_error = "the archive ends early (truncated)";
    }
    return m_error;
}

} // namespace toolchain
