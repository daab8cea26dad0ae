#include "support/sample_bundle.hpp"
#include "support/scratch_directory.hpp"
#include "toolchain/system/store.hpp"
#include "util/files.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

TEST_CASE("toolchain::read_installed, claims and the bundles' toolchains") {
    test_support::ScratchDirectory scratch;
    StoreLayout store{scratch.path};
    test_support::SampleBundle sample;
    auto text = sample.text();
    auto id = bundle_id(text);
    REQUIRE_FALSE(util::make_directories(store.bundle(id)));
    REQUIRE_FALSE(util::write_file_atomically(store.bundle(id) + "/manifest", text));
    REQUIRE_FALSE(util::write_file_atomically(store.bundle(id) + "/origin", "ssh push\n"));
    // An unfinished folder (no manifest) and one whose manifest is not its id are skipped.
    REQUIRE_FALSE(util::make_directories(store.bundle(std::string(64, 'b'))));
    REQUIRE_FALSE(util::make_directories(store.bundle(std::string(64, 'c'))));
    REQUIRE_FALSE(
        util::write_file_atomically(store.bundle(std::string(64, 'c')) + "/manifest", text));

    auto bundles = read_installed(store);
    REQUIRE(bundles.size() == 1);
    CHECK(bundles[0].id == id);
    CHECK(bundles[0].origin == "ssh push");

    REQUIRE_FALSE(write_claims(store, {{"gcc-14", id}, {"clang", std::string(64, 'd')}}));
    auto claims = read_claims(store);
    auto served = bundle_served_names(store, bundles, claims);
    CHECK(served == ServedMap{{"gcc-14", store.bundle_root(id) + "/bin/gcc-14"}});
    auto toolchains = bundle_toolchains(store, bundles, claims);
    REQUIRE(toolchains.size() == 1);
    CHECK(toolchains[0].found_as == std::vector<std::string>{"gcc-14"});
    CHECK(toolchains[0].version == "14.2.0");
    REQUIRE(toolchains[0].bundle);
    CHECK(toolchains[0].bundle->origin == "ssh push");
    CHECK(installed_bundle_toolchains(scratch.path).size() == 1);
}
