#include "guard/report.hpp"

#include "util/counts_file.hpp"
#include "util/text.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace guard {

void report_refusal(const Settings& settings, std::string_view compiler, const Refused& refused) {
    // Arguments are the client's words: no control character reaches a terminal or the log.
    auto argument = util::escape_control_characters(refused.argument);
    auto what =
        argument.empty() ? refused.reason : fmt::format("\"{}\": {}", argument, refused.reason);
    auto client_line = fmt::format("distcc-guard: this worker refused to compile with {}: {}\n",
                                   util::escape_control_characters(compiler), what);
    std::fwrite(client_line.data(), 1, client_line.size(), stderr);
    if (settings.log_fd) {
        auto log_line = fmt::format("[distcc-guard] [warning] refused {}: {}\n",
                                    util::escape_control_characters(compiler), what);
        // One write: lines of concurrent compiles do not interleave in a pipe.
        [[maybe_unused]] auto written = write(*settings.log_fd, log_line.data(), log_line.size());
    }
    if (settings.counts_file) {
        util::add_count(*settings.counts_file, refused.family);
    }
}

} // namespace guard
