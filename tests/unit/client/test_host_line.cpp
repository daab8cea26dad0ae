#include "client/host_line.hpp"

#include <doctest/doctest.h>

using namespace client;

namespace {

WorkerReport worker(std::string_view word, bool up, std::optional<int> job_limit) {
    std::string problem;
    auto host = parse_host_spec(word, problem);
    REQUIRE_MESSAGE(host, problem);
    if (!host->ssh && !host->port) {
        host->port = 3632;
    }
    return {*host, host->address, up, job_limit, ""};
}

} // namespace

TEST_CASE("client::compose_host_line") {
    std::vector<WorkerReport> reports{worker("10.0.0.1", true, 4), worker("10.0.0.2", false, {}),
                                      worker("10.0.0.3", true, 10), worker("10.0.0.4", true, {}),
                                      worker("[fd00::5]", true, 4)};
    LineSettings settings;
    settings.localhost_slots = 0;
    SUBCASE("tcp: the largest first, the pool's order among equals, the down one left out") {
        auto line = compose_host_line(reports, settings);
        CHECK(line.line == "10.0.0.3:3632/10 10.0.0.1:3632/4 [fd00::5]:3632/4 10.0.0.4:3632");
        CHECK(line.slots == 10 + 4 + 4 + 4); // a worker without a limit has distcc's 4
        CHECK(line.localhost_slots == 0);
    }
    SUBCASE("ssh, with a user and compression") {
        std::vector<WorkerReport> ssh{worker("distcc-ssh@10.0.0.3", true, 10),
                                      worker("@b2", true, {})};
        settings.lzo = true;
        CHECK(compose_host_line(ssh, settings).line == "distcc-ssh@10.0.0.3/10,lzo @b2,lzo");
    }
    SUBCASE("the pool's limit wins over the worker's own, its options are kept") {
        auto line = compose_host_line({worker("10.0.0.1:3700/2,lzo", true, 6)}, settings);
        CHECK(line.line == "10.0.0.1:3700/2,lzo");
        CHECK(line.slots == 2);
    }
    SUBCASE("pump mode: cpp with the lzo it needs, once") {
        settings.pump = true;
        CHECK(compose_host_line({worker("10.0.0.1", true, 3), worker("10.0.0.2,lzo", true, 3)},
                                settings)
                  .line == "10.0.0.1:3632/3,lzo,cpp 10.0.0.2:3632/3,lzo,cpp");
        settings.pump = false;
        CHECK(compose_host_line({worker("10.0.0.1,cpp", true, 3)}, settings).line ==
              "10.0.0.1:3632/3,cpp,lzo");
    }
    SUBCASE("localhost: as --localhost says, first") {
        settings.localhost_slots = 2;
        auto line = compose_host_line({worker("10.0.0.1", true, 3)}, settings);
        CHECK(line.line == "localhost/2 10.0.0.1:3632/3");
        CHECK(line.slots == 5);
        CHECK(line.localhost_why == "as --localhost says");
    }
    SUBCASE("localhost: the pool's own word, as written") {
        settings.localhost_slots.reset();
        std::string problem;
        settings.localhost = parse_host_spec("localhost", problem);
        auto line = compose_host_line({worker("10.0.0.1", true, 3)}, settings);
        CHECK(line.line == "localhost 10.0.0.1:3632/3");
        CHECK(line.localhost_slots == 2); // distcc's default for localhost
        CHECK(line.slots == 5);
    }
    SUBCASE("localhost: by the client's CPUs when nobody says") {
        settings.localhost_slots.reset();
        settings.client_cpus = 1;
        auto line = compose_host_line({worker("10.0.0.1", true, 3)}, settings);
        CHECK(line.line == "localhost/1 10.0.0.1:3632/3");
        CHECK(line.localhost_why == "one per CPU of this client (1)");
        line = compose_host_line({worker("10.0.0.1", true, 34)}, settings);
        CHECK(line.line == "10.0.0.1:3632/34");
        CHECK(line.localhost_slots == 0);
    }
}

TEST_CASE("client::automatic_localhost_slots") {
    SUBCASE("a client with a fifth of the farm's CPUs or more gets one slot per CPU") {
        CHECK(automatic_localhost_slots(1, {3}) == 1);            // 1 of 2 CPUs
        CHECK(automatic_localhost_slots(4, {18}) == 4);           // 4 of 20
        CHECK(automatic_localhost_slots(2, {std::nullopt}) == 2); // unknown: 4 slots, 2 CPUs
    }
    SUBCASE("less than a fifth: none") {
        CHECK(automatic_localhost_slots(4, {19}) == 0);            // 4 of 21
        CHECK(automatic_localhost_slots(1, {3, 3, 3, 3, 3}) == 0); // 1 of 6
    }
    SUBCASE("a worker counts one CPU at least") {
        CHECK(automatic_localhost_slots(1, {1, 1, 1, 1}) == 1); // 1 of 5
    }
}
