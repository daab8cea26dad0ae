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
