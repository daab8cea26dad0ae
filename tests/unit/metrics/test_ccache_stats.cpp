#include "metrics/ccache_stats.hpp"

#include <doctest/doctest.h>

using namespace metrics;

TEST_CASE("metrics::parse_ccache_counters") {
    auto counters = parse_ccache_counters("cache_miss\t284\ncache_size_kibibyte\t123968\n"
                                          "direct_cache_hit\t9\nstats_zeroed_timestamp\t0\n"
                                          "garbage line\n");
    REQUIRE(counters);
    CHECK(counters->at("cache_miss") == 284);
    CHECK(counters->at("direct_cache_hit") == 9);
    CHECK_FALSE(counters->contains("garbage line"));
    CHECK_FALSE(parse_ccache_counters("Summary:\n  Hits: 0 / 0\n"));
}

TEST_CASE("metrics::parse_ccache_size") {
    CHECK(parse_ccache_size("5.0G") == 5e9);
    CHECK(parse_ccache_size("500M") == 5e8);
    CHECK(parse_ccache_size("1Ti") == 1024.0 * 1024 * 1024 * 1024);
    CHECK(parse_ccache_size("2 GB") == 2e9);
    CHECK(parse_ccache_size("0") == 0);
    CHECK(parse_ccache_size("7") == 7e9); // ccache's default unit is G
    CHECK_FALSE(parse_ccache_size("lots"));
}

TEST_CASE("metrics::ccache_families") {
    CcacheStats stats{{{"direct_cache_hit", 9},
                       {"preprocessed_cache_hit", 2},
                       {"cache_miss", 284},
                       {"cache_size_kibibyte", 10},
                       {"files_in_cache", 5}},
                      5e9};
    auto families = ccache_families(stats);
    REQUIRE(families.size() == 6);
    CHECK(families[0].name == "ccache_stats_up");
    CHECK(families[1].name == "ccache_hits_total");
    CHECK(families[1].samples[1].labels[0].second == "preprocessed");
    CHECK(families[1].samples[1].value == 2);
    CHECK(families[2].samples[0].value == 284);
    CHECK(families[3].name == "ccache_cache_size_bytes");
    CHECK(families[3].samples[0].value == 10240);
    CHECK(families[4].samples[0].value == 5e9);
    CHECK(ccache_families(std::nullopt).size() == 1);
}

TEST_CASE("metrics::ccache_families remote storage") {
    CcacheStats stats{{{"cache_miss", 1},
                       {"remote_storage_hit", 10},
                       {"remote_storage_miss", 3},
                       {"remote_storage_error", 2},
                       {"remote_storage_timeout", 1}},
                      std::nullopt};
    auto families = ccache_families(stats);
    REQUIRE(families.size() == 6);
    CHECK(families[3].name == "ccache_remote_hits_total");
    CHECK(families[3].samples[0].value == 10);
    CHECK(families[4].name == "ccache_remote_misses_total");
    CHECK(families[4].samples[0].value == 3);
    CHECK(families[5].name == "ccache_remote_errors_total");
    REQUIRE(families[5].samples.size() == 2);
    CHECK(families[5].samples[0].labels[0].second == "error");
    CHECK(families[5].samples[0].value == 2);
    CHECK(families[5].samples[1].labels[0].second == "timeout");
    CHECK(families[5].samples[1].value == 1);

    SUBCASE("a ccache without remote storage counters reports none") {
        CcacheStats old{{{"cache_miss", 1}}, std::nullopt};
        for (const auto& family : ccache_families(old)) {
            CHECK(family.name.find("remote") == std::string::npos);
        }
    }
}
