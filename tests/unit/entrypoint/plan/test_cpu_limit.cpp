#include "entrypoint/plan/cpu_limit.hpp"

#include <doctest/doctest.h>

using namespace entrypoint;

TEST_CASE("entrypoint::parse_cpu_max, count_cpu_list, usable_cpus") {
    CHECK_FALSE(parse_cpu_max("max 100000\n"));
    CHECK(parse_cpu_max("150000 100000\n") == doctest::Approx(1.5));
    CHECK(parse_cpu_max("200000 100000") == doctest::Approx(2.0));
    CHECK_FALSE(parse_cpu_max("garbage"));
    CHECK(count_cpu_list("0-3,8,10-11\n") == 7);
    CHECK(count_cpu_list("5") == 1);
    CHECK_FALSE(count_cpu_list(""));
    CHECK_FALSE(count_cpu_list("3-1"));
    CHECK(usable_cpus(std::nullopt, std::nullopt, std::nullopt, 64) == 64);
    CHECK(usable_cpus(1.5, std::nullopt, std::nullopt, 64) == 2);
    CHECK(usable_cpus(0.2, std::nullopt, std::nullopt, 64) == 1);
    CHECK(usable_cpus(8.0, 4, 6, 64) == 4);
    CHECK(usable_cpus(std::nullopt, std::nullopt, 3, 64) == 3);
    CHECK(distccd_job_count(2) == 4);
}

TEST_CASE("entrypoint::usable_cpus with a quota beyond any int (found by fuzz_system_files)") {
    auto quota = parse_cpu_max("1505555555555555555 0000000000000000543900992\n");
    REQUIRE(quota);
    CHECK(usable_cpus(quota, std::nullopt, std::nullopt, 64) == 64);
    CHECK(usable_cpus(1e300, 4, std::nullopt, 64) == 4);
    CHECK(usable_cpus(-1e300, std::nullopt, std::nullopt, 64) == 1);
}

TEST_CASE("entrypoint::count_cpu_list with more CPUs than an int counts (found by "
          "fuzz_system_files)") {
    CHECK_FALSE(count_cpu_list("0-2147483647"));
    CHECK_FALSE(count_cpu_list("0-2000000000,0-2000000000"));
    CHECK(count_cpu_list("0-2147483646") == 2147483647);
}
