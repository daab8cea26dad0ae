#include "entrypoint/system/port_check.hpp"

#include "util/exit_codes.hpp"
#include "util/refusal.hpp"
#include "util/socket_address.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace entrypoint {

void check_ports_free(const Plan& plan) {
    for (const auto& wanted : plan.ports_to_check) {
        std::string problem;
        int fd = util::listen_tcp(wanted.address, wanted.port, problem);
        if (fd < 0) {
            throw util::Refusal(util::k_exit_configuration,
                                fmt::format("{}={}: cannot listen on {}: {}; choose a free port",
                                            wanted.variable, wanted.port,
                                            util::format_endpoint(wanted.address, wanted.port),
                                            problem));
        }
        close(fd);
    }
}

} // namespace entrypoint
