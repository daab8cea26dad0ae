#include "toolchain/bundle/name_claims.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

namespace {
const std::string k_a(64, 'a');
const std::string k_b(64, 'b');

std::optional<std::string> identities(const std::string& id, const std::string&) {
    return id == k_a ? "GCC 14" : "GCC 15";
}
} // namespace

TEST_CASE("toolchain::claim_names and release_names") {
    NameClaims claims{{"gcc-14", k_a}, {"x86_64-linux-gnu-gcc-14", k_a}};

    SUBCASE("the record round trip; damaged lines skipped") {
        auto text = format_name_claims(claims);
        CHECK(text == "gcc-14 " + k_a + "\nx86_64-linux-gnu-gcc-14 " + k_a + "\n");
        CHECK(parse_name_claims(text + "gcc-ar " + k_b + "\ngarbage\ngcc-15 xyz\n") == claims);
    }
    SUBCASE("a name another bundle serves differently is refused unless replace") {
        auto refused = claim_names(claims, k_b, {"gcc-14"}, false, identities);
        REQUIRE(std::holds_alternative<std::string>(refused));
        CHECK(std::get<std::string>(refused) ==
              "gcc-14 is served by bundle aaaaaaaaaaaa (GCC 14); push with --replace to serve "
              "this one instead");
        auto replaced = claim_names(claims, k_b, {"gcc-14"}, true, identities);
        REQUIRE(std::holds_alternative<NameClaims>(replaced));
        CHECK(std::get<NameClaims>(replaced).at("gcc-14") == k_b);
        CHECK(std::get<NameClaims>(replaced).at("x86_64-linux-gnu-gcc-14") == k_a);
    }
    SUBCASE("the same compiler packed again takes the name over") {
        auto same = [](const std::string&, const std::string&) -> std::optional<std::string> {
            return "GCC 14";
        };
        CHECK(
            std::holds_alternative<NameClaims>(claim_names(claims, k_b, {"gcc-14"}, false, same)));
    }
    SUBCASE("release by name, by id, by id prefix") {
        auto by_name = release_names(claims, "gcc-14");
        CHECK(std::get<NameClaims>(by_name).size() == 1);
        CHECK(std::get<NameClaims>(release_names(claims, k_a)).empty());
        CHECK(std::get<NameClaims>(release_names(claims, k_a.substr(0, 12))).empty());
        CHECK(std::get<std::string>(release_names(claims, "clang")) ==
              "no bundle serves clang (neither a served name nor a bundle id)");
        CHECK(claimed_ids(claims) == std::vector<std::string>{k_a});
    }
}
