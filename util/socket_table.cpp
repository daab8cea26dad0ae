#include "util/socket_table.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>

namespace util {
namespace {

// One row of the table: "sl local_address rem_address st tx_queue:rx_queue tr:tm->when
// retrnsmt uid timeout inode ...", the addresses as HEX-ADDRESS:HEX-PORT.
struct Row {
    std::uint16_t port = 0;
    std::string_view state;
    std::string_view queues;
    std::string_view inode;
};

std::vector<Row> parse_rows(std::string_view content) {
    std::vector<Row> rows;
    for (auto line : split(content, '\n')) {
        auto fields = split_words(line);
        if (fields.size() < 10) {
            continue;
        }
        auto colon = fields[1].rfind(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        if (auto port = parse_integer<std::uint16_t>(fields[1].substr(colon + 1), 16)) {
            rows.push_back({*port, fields[3], fields[4], fields[9]});
        }
    }
    return rows;
}

} // namespace

std::vector<ListeningSocket> parse_listening_sockets(std::string_view content) {
    constexpr std::string_view k_listen_state = "0A";
    std::vector<ListeningSocket> sockets;
    for (const auto& row : parse_rows(content)) {
        auto queues = row.queues.find(':');
        if (row.state != k_listen_state || queues == std::string_view::npos) {
            continue;
        }
        auto accept_queue = parse_integer<unsigned>(row.queues.substr(queues + 1), 16);
        auto inode = parse_integer<unsigned long>(row.inode);
        if (accept_queue && inode) {
            sockets.push_back({row.port, *inode, *accept_queue});
        }
    }
    return sockets;
}

int count_served_connections(std::string_view content, std::uint16_t port) {
    // ESTABLISHED, SYN_RECV, CLOSE_WAIT (include/net/tcp_states.h)
    constexpr std::array<std::string_view, 3> k_served_states{"01", "03", "08"};
    int count = 0;
    for (const auto& row : parse_rows(content)) {
        if (row.port == port && std::find(k_served_states.begin(), k_served_states.end(),
                                          row.state) != k_served_states.end()) {
            ++count;
        }
    }
    return count;
}

int count_served_connections(std::uint16_t port) {
    int count = 0;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        count += count_served_connections(read_text_file(table).value_or(""), port);
    }
    return count;
}

} // namespace util
