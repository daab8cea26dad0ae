#include "client/host_list.hpp"

#include <doctest/doctest.h>

using namespace client;

namespace {

HostSpec parse(std::string_view word) {
    std::string problem;
    auto host = parse_host_spec(word, problem);
    REQUIRE_MESSAGE(host, problem);
    return *host;
}

std::string refusal(std::string_view word) {
    std::string problem;
    CHECK_FALSE(parse_host_spec(word, problem));
    return problem;
}

} // namespace

TEST_CASE("client::parse_host_spec") {
    SUBCASE("a TCP host with port, limit and options") {
        auto host = parse("10.0.0.1:3700/8,lzo,cpp");
        CHECK(host.name == "10.0.0.1:3700");
        CHECK(host.address == "10.0.0.1");
        CHECK(host.port == 3700);
        CHECK(host.limit == 8);
        CHECK(host.options == std::vector<std::string>{"lzo", "cpp"});
        CHECK_FALSE(host.ssh);
        CHECK_FALSE(host.localhost);
    }
    SUBCASE("a bare address: no port, no limit") {
        auto host = parse("w3");
        CHECK(host.address == "w3");
        CHECK_FALSE(host.port);
        CHECK_FALSE(host.limit);
    }
    SUBCASE("distcc's old order, the limit before the port") {
        auto host = parse("w3/4:3700");
        CHECK(host.name == "w3");
        CHECK(host.limit == 4);
        CHECK(host.port == 3700);
    }
    SUBCASE("IPv6 in brackets") {
        auto host = parse("[fd00::5]:3633/2");
        CHECK(host.address == "fd00::5");
        CHECK(host.port == 3633);
        CHECK(host.name == "[fd00::5]:3633");
    }
    SUBCASE("SSH: user, limit, the path of distccd, options") {
        auto host = parse("builder@b2/6:/usr/local/bin/distccd,lzo");
        CHECK(host.ssh);
        CHECK(host.user == "builder");
        CHECK(host.address == "b2");
        CHECK(host.name == "builder@b2");
        CHECK(host.limit == 6);
        CHECK(host.command == "/usr/local/bin/distccd");
        CHECK(host.options == std::vector<std::string>{"lzo"});
    }
    SUBCASE("SSH without a user") {
        auto host = parse("@builder");
        CHECK(host.ssh);
        CHECK(host.user.empty());
        CHECK(host.address == "builder");
    }
    SUBCASE("localhost, with and without a limit") {
        CHECK(parse("localhost").localhost);
        CHECK(parse("localhost/3").limit == 3);
        CHECK_FALSE(parse("localhost.example").localhost);
    }
    SUBCASE("auth options pass") {
        CHECK(parse("w/2,auth=distcc").options == std::vector<std::string>{"auth=distcc"});
    }
    SUBCASE("what distcc would refuse") {
        CHECK(refusal("10.0.0.1:99999") == "\"10.0.0.1:99999\": \"99999\" is not a TCP port");
        CHECK(refusal("w/0") == "\"w/0\": \"0\" is not a job limit (a whole number from 1)");
        CHECK(refusal("w/x") == "\"w/x\": \"x\" is not a job limit (a whole number from 1)");
        CHECK(refusal("w/2/3") == "\"w/2/3\": \"3\" is not a job limit (a whole number from 1)");
        CHECK(refusal("w,zip") ==
              "\"w,zip\": \"zip\" is not a host option distcc knows (lzo, cpp, auth)");
        CHECK(refusal("/4") == "\"/4\": names no host");
        CHECK(refusal("[fd00::5:3632") ==
              "\"[fd00::5:3632\": an IPv6 address opens \"[\" and does not close it");
        CHECK(refusal("localhost:3632") ==
              "\"localhost:3632\": localhost takes only a /LIMIT: distcc compiles there itself");
        CHECK(refusal("localhost,lzo") ==
              "\"localhost,lzo\": localhost takes only a /LIMIT: distcc compiles there itself");
        CHECK(refusal("@b:") ==
              "\"@b:\": an SSH host takes one :COMMAND, the path of distccd there");
    }
}

TEST_CASE("client::parse_distcc_hosts") {
    std::string problem;
    auto hosts = parse_distcc_hosts(
        "  --randomize 10.0.0.1:3700/8,lzo localhost/2 @builder/4 user@b2 [fd00::5]:3633 w3 "
        "--localslots_cpp=4 +zeroconf",
        problem);
    CHECK(problem.empty());
    REQUIRE(hosts.size() == 6);
    CHECK(hosts[0].spec == "10.0.0.1:3700/8,lzo");
    CHECK(hosts[1].localhost);
    CHECK(hosts[2].name == "@builder");
    CHECK(hosts[3].ssh);
    CHECK(hosts[4].port == 3633);
    CHECK(hosts[5].address == "w3");
    SUBCASE("a bad word: nothing, and which") {
        CHECK(parse_distcc_hosts("w1 10.0.0.1:99999", problem).empty());
        CHECK(problem == "\"10.0.0.1:99999\": \"99999\" is not a TCP port");
    }
}

TEST_CASE("client::render_host_spec") {
    SUBCASE("what is parsed renders back") {
        for (auto word : {"10.0.0.1:3700/8,lzo,cpp", "[fd00::5]:3633/2", "builder@b2/6:/d,lzo",
                          "@builder", "localhost/3", "w3"}) {
            CHECK(render_host_spec(parse(word)) == word);
        }
    }
    SUBCASE("distcc's old order comes back in the usual one") {
        CHECK(render_host_spec(parse("w3/4:3700")) == "w3:3700/4");
    }
    SUBCASE("a changed part") {
        auto host = parse("[fd00::5]");
        host.port = 3632;
        host.limit = 5;
        host.options.emplace_back("lzo");
        CHECK(render_host_spec(host) == "[fd00::5]:3632/5,lzo");
        host.ssh = true;
        host.user = "u";
        CHECK(render_host_spec(host) == "u@[fd00::5]/5,lzo");
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
