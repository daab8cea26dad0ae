#include "support/scratch_directory.hpp"
#include "toolchain/system/served_links.hpp"
#include "util/files.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

TEST_CASE("toolchain::write_served_names and update_served_names") {
    test_support::ScratchDirectory scratch;
    ServedLayout layout{scratch.path + "/compilers", scratch.path + "/compilers-real",
                        scratch.path + "/compilers-image", scratch.path + "/compilers.list",
                        "/usr/local/bin/distcc-guard"};
    ServedMap image{{"gcc", "/usr/bin/gcc-12"}, {"gcc-12", "/usr/bin/gcc-12"}};
    REQUIRE_FALSE(write_served_names(layout, {"gcc-14", "clang"}, image, image));
    CHECK(util::read_symlink(layout.directory + "/gcc-14") == "/usr/local/bin/distcc-guard");
    CHECK(util::read_symlink(layout.directory + "/gcc") == "/usr/local/bin/distcc-guard");
    CHECK(util::read_symlink(layout.real_directory + "/gcc") == "/usr/bin/gcc-12");
    CHECK_FALSE(util::read_symlink(layout.real_directory + "/gcc-14"));
    CHECK(read_served_links(layout.image_directory) == image);
    CHECK(util::read_text_file(layout.list_file) ==
          layout.directory + "/clang\n" + layout.directory + "/gcc\n" + layout.directory +
              "/gcc-12\n" + layout.directory + "/gcc-14\n");

    SUBCASE("live: a bundle takes gcc and serves gcc-14; a name outside the list is added") {
        auto served = image;
        served["gcc"] = "/store/b/root/usr/bin/gcc-14";
        served["gcc-14"] = "/store/b/root/usr/bin/gcc-14";
        served["gcc-99"] = "/store/b/root/usr/bin/gcc-14";
        REQUIRE_FALSE(update_served_names(layout, served));
        CHECK(read_served_links(layout.real_directory) == served);
        CHECK(util::read_symlink(layout.directory + "/gcc-99") == "/usr/local/bin/distcc-guard");
        CHECK(util::read_text_file(layout.list_file)->find("/gcc-99\n") != std::string::npos);
        // And back: the image's gcc again, the bundle's other names gone.
        REQUIRE_FALSE(update_served_names(layout, image));
        CHECK(read_served_links(layout.real_directory) == image);
        CHECK(util::read_symlink(layout.directory + "/gcc-99")); // listed names stay listed
    }
    SUBCASE("a start makes the folders hold exactly what is served") {
        REQUIRE_FALSE(write_served_names(layout, {}, {{"cc", "/usr/bin/gcc-12"}}, {}));
        CHECK(read_served_links(layout.real_directory) == ServedMap{{"cc", "/usr/bin/gcc-12"}});
        CHECK(read_served_links(layout.directory).size() == 1);
        CHECK(read_served_links(layout.image_directory).empty());
    }
}
