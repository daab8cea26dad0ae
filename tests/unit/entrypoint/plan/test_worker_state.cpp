#include "entrypoint/plan/worker_state.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::format_state and parse_state") {
    HealthTarget target;
    target.distccd_port = 3632;
    target.sshd_port = 2222;
    target.distccd_stats = true;
    target.distccd_stats_port = 4000;
    target.drain_marker = "/run/distcc-init/draining";
    auto parsed = parse_state(format_state(Mode::ssh, target));
    REQUIRE(parsed);
    CHECK(parsed->first == Mode::ssh);
    CHECK(parsed->second.distccd_port == 3632);
    CHECK(parsed->second.sshd_port == 2222);
    CHECK(parsed->second.distccd_stats_port == 4000);
    CHECK(parsed->second.address == "127.0.0.1");
    CHECK(parsed->second.drain_marker == "/run/distcc-init/draining");
    CHECK_FALSE(parse_state("garbage"));
}
