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

TEST_CASE("entrypoint::parse_cfs_quota") {
    CHECK(parse_cfs_quota("50000\n", "100000\n") == doctest::Approx(0.5));
    CHECK(parse_cfs_quota("200000", "100000") == doctest::Approx(2.0));
    CHECK_FALSE(parse_cfs_quota("-1\n", "100000\n"));
    CHECK_FALSE(parse_cfs_quota("x", "100000"));
    CHECK_FALSE(parse_cfs_quota("50000", "0"));
}

TEST_CASE("entrypoint::find_cgroup_path") {
    constexpr std::string_view k_hybrid = "9:name=systemd:/\n4:memory:/process_api/1e\n"
                                          "3:cpuset:/docker/abc\n1:cpu,cpuacct:/docker/abc\n"
                                          "0::/\n";
    CHECK(find_cgroup_path(k_hybrid, "cpu") == "/docker/abc");
    CHECK(find_cgroup_path(k_hybrid, "cpuacct") == "/docker/abc");
    CHECK(find_cgroup_path(k_hybrid, "cpuset") == "/docker/abc");
    CHECK(find_cgroup_path(k_hybrid, "") == "");
    CHECK_FALSE(find_cgroup_path(k_hybrid, "pids"));
    constexpr std::string_view k_unified = "0::/system.slice/docker-abc.scope\n";
    CHECK(find_cgroup_path(k_unified, "") == "/system.slice/docker-abc.scope");
    CHECK_FALSE(find_cgroup_path(k_unified, "cpu"));
    CHECK(find_cgroup_path("1:cpu:/a:b\n", "cpu") == "/a:b");
    CHECK_FALSE(find_cgroup_path("garbage\n", ""));
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
