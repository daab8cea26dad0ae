#include "client/host_list.hpp"

#include <doctest/doctest.h>

using namespace client;

TEST_CASE("client::format_host_list") {
    std::vector<WorkerReport> reports{{"10.0.0.1", true, 4, ""},
                                      {"10.0.0.2", false, std::nullopt, "down"},
                                      {"10.0.0.3", true, 10, ""},
                                      {"10.0.0.4", true, std::nullopt, ""},
                                      {"fd00::5", true, 4, ""}};
    PoolSettings settings;
    SUBCASE("tcp: the largest first, the pool's order among equals, the down one left out") {
        CHECK(format_host_list(reports, settings) ==
              "10.0.0.3:3632/10 10.0.0.1:3632/4 [fd00::5]:3632/4 10.0.0.4:3632");
    }
    SUBCASE("ssh, with a user and compression") {
        settings.ssh = true;
        settings.ssh_user = "distcc-ssh";
        settings.lzo = true;
        CHECK(format_host_list(reports, settings) ==
              "distcc-ssh@10.0.0.3/10,lzo distcc-ssh@10.0.0.1/4,lzo distcc-ssh@[fd00::5]/4,lzo "
              "distcc-ssh@10.0.0.4,lzo");
    }
    SUBCASE("nobody up") {
        CHECK(format_host_list({{"10.0.0.2", false, std::nullopt, "down"}}, settings).empty());
    }
}

TEST_CASE("client::find_sample") {
    constexpr std::string_view k_exposition = "# HELP distcc_job_limit Jobs\n"
                                              "# TYPE distcc_job_limit gauge\n"
                                              "distcc_job_limit 6\n"
                                              "distcc_job_limit_other 9\n"
                                              "distcc_jobs_total{outcome=\"ok\"} 3\n";
    CHECK(find_sample(k_exposition, "distcc_job_limit") == 6);
    CHECK_FALSE(find_sample(k_exposition, "distcc_jobs_total"));
    CHECK_FALSE(find_sample("", "distcc_job_limit"));
}

TEST_CASE("client::parse_distcc_hosts") {
    std::string problem;
    auto hosts = parse_distcc_hosts(
        "  --randomize 10.0.0.1:3700/8,lzo localhost/2 @builder/4 user@b2 [fd00::5]:3633 w3 "
        "+zeroconf",
        problem);
    CHECK(problem.empty());
    REQUIRE(hosts.size() == 6);
    CHECK(hosts[0].spec == "10.0.0.1:3700/8,lzo");
    CHECK(hosts[0].name == "10.0.0.1:3700");
    CHECK(hosts[0].address == "10.0.0.1");
    CHECK(hosts[0].port == 3700);
    CHECK(hosts[1].localhost);
    CHECK(hosts[2].ssh);
    CHECK(hosts[2].name == "@builder");
    CHECK(hosts[3].ssh);
    CHECK(hosts[4].address == "fd00::5");
    CHECK(hosts[4].port == 3633);
    CHECK(hosts[5].address == "w3");
    CHECK(hosts[5].port == 3632);
    SUBCASE("a bad port") {
        CHECK(parse_distcc_hosts("10.0.0.1:99999", problem).empty());
        CHECK(problem == "\"10.0.0.1:99999\": \"99999\" is not a TCP port");
    }
}
