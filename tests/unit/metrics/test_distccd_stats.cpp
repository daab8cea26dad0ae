#include "metrics/distccd_stats.hpp"

#include <doctest/doctest.h>

using namespace metrics;

namespace {

// The page distccd 3.4 serves, as read on this machine after one compile.
constexpr std::string_view k_page = "HTTP/1.0 200 OK\nContent-Type: text/plain\n"
                                    "Connection: close\n\nargv /distccd\n<distccstats>\n"
                                    "dcc_tcp_accept 3\ndcc_rej_bad_req 0\ndcc_rej_overload 1\n"
                                    "dcc_compile_ok 1\ndcc_compile_error 1\n"
                                    "dcc_compile_timeout 0\ndcc_cli_disconnect 0\ndcc_other 0\n"
                                    "dcc_longest_job /tmp/x.c\n"
                                    "dcc_longest_job_compiler x86_64-linux-gnu-gcc\n"
                                    "dcc_longest_job_time_msecs 72\ndcc_max_kids 4\n"
                                    "dcc_avg_kids1 0\ndcc_current_load 3\ndcc_load1 3.00\n"
                                    "dcc_load2 2.11\ndcc_load3 1.43\n"
                                    "dcc_free_space 76774 MB\n</distccstats>\n";

const Family* find(const std::vector<Family>& families, std::string_view name) {
    for (const auto& family : families) {
        if (family.name == name) {
            return &family;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("metrics::parse_distccd_stats") {
    auto stats = parse_distccd_stats(k_page);
    REQUIRE(stats);
    CHECK(stats->at("dcc_compile_ok") == "1");
    CHECK(stats->at("dcc_longest_job_compiler") == "x86_64-linux-gnu-gcc");
    CHECK(stats->at("dcc_free_space") == "76774 MB");
    CHECK_FALSE(parse_distccd_stats("HTTP/1.0 404 Not Found\n\n"));
    CHECK_FALSE(parse_distccd_stats("</distccstats><distccstats>"));
}

TEST_CASE("metrics::distccd_families") {
    auto families = distccd_families(parse_distccd_stats(k_page));
    CHECK(find(families, "distcc_stats_up")->samples[0].value == 1);
    const auto* jobs = find(families, "distcc_jobs_total");
    REQUIRE(jobs);
    REQUIRE(jobs->samples.size() == 7);
    CHECK(jobs->samples[0].labels[0].second == "ok");
    CHECK(jobs->samples[0].value == 1);
    CHECK(jobs->samples[3].labels[0].second == "rejected_overload");
    CHECK(jobs->samples[3].value == 1);
    CHECK(find(families, "distcc_connections_accepted_total")->samples[0].value == 3);
    CHECK(find(families, "distcc_job_limit")->samples[0].value == 4);
    CHECK(find(families, "distcc_longest_job_seconds")->samples[0].value == doctest::Approx(0.072));
    CHECK(find(families, "distcc_load_average")->samples[1].value == doctest::Approx(2.11));
    SUBCASE("no job yet: no longest job") {
        auto page = std::string(k_page);
        page.replace(page.find("72"), 2, "-1");
        CHECK_FALSE(
            find(distccd_families(parse_distccd_stats(page)), "distcc_longest_job_seconds"));
    }
    SUBCASE("distccd did not answer") {
        auto down = distccd_families(std::nullopt);
        REQUIRE(down.size() == 1);
        CHECK(down[0].samples[0].value == 0);
    }
}
