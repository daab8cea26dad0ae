#include "util/capabilities.hpp"

#include <doctest/doctest.h>

using namespace util;

TEST_CASE("util::parse_effective_capabilities") {
    CHECK(parse_effective_capabilities("Name:\tsh\nCapPrm:\t0\nCapEff:\t00000000a80425fb\n") ==
          0xa80425fbULL);
    CHECK(parse_effective_capabilities("CapEff:\t0000000000000000\n") == 0);
    CHECK_FALSE(parse_effective_capabilities("Name:\tsh\n"));
    CHECK_FALSE(parse_effective_capabilities("CapEff:\tzz\n"));
}

TEST_CASE("util::missing_capabilities and capability_name") {
    // Docker's default set: CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP
    // SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE.
    constexpr std::uint64_t k_docker_default = 0xa80425fb;
    std::vector<Capability> wanted{Capability::chown, Capability::sys_chroot, Capability::kill};
    CHECK(missing_capabilities(k_docker_default, wanted).empty());
    auto missing = missing_capabilities(1, wanted); // CHOWN only
    REQUIRE(missing.size() == 2);
    CHECK(capability_name(missing[0]) == "SYS_CHROOT");
    CHECK(capability_name(missing[1]) == "KILL");
}
