#include "health/socket_table.hpp"

#include "util/number.hpp"
#include "util/text.hpp"

namespace health {

std::vector<ListeningSocket> parse_listening_sockets(std::string_view content) {
    // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode"
    constexpr std::string_view k_listen_state = "0A";
    std::vector<ListeningSocket> sockets;
    for (auto line : util::split(content, '\n')) {
        auto fields = util::split_words(line);
        if (fields.size() < 10 || fields[3] != k_listen_state) {
            continue;
        }
        auto colon = fields[1].rfind(':');
        auto queues = fields[4].find(':');
        if (colon == std::string_view::npos || queues == std::string_view::npos) {
            continue;
        }
        auto port = util::parse_integer<std::uint16_t>(fields[1].substr(colon + 1), 16);
        auto accept_queue = util::parse_integer<unsigned>(fields[4].substr(queues + 1), 16);
        auto inode = util::parse_integer<unsigned long>(fields[9]);
        if (port && accept_queue && inode) {
            sockets.push_back({*port, *inode, *accept_queue});
        }
    }
    return sockets;
}

} // namespace health
