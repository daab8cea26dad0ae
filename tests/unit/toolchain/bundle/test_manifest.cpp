#include "support/sample_bundle.hpp"
#include "toolchain/bundle/manifest.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

namespace {

std::string refusal(std::string_view text) {
    auto parsed = parse_manifest(text);
    const auto* problem = std::get_if<std::string>(&parsed);
    return problem ? *problem : "(accepted)";
}

// The sample's manifest text with one line replaced.
std::string with_line(const std::string& text, const std::string& old_line,
                      const std::string& new_line) {
    auto copy = text;
    auto at = copy.find(old_line + "\n");
    REQUIRE(at != std::string::npos);
    copy.replace(at, old_line.size(), new_line);
    return copy;
}

} // namespace

TEST_CASE("toolchain::format_manifest and parse_manifest") {
    test_support::SampleBundle sample;
    auto text = sample.text();

    SUBCASE("round trip") {
        auto parsed = parse_manifest(text);
        REQUIRE(std::holds_alternative<Manifest>(parsed));
        CHECK(format_manifest(std::get<Manifest>(parsed)) == text);
        CHECK(text.starts_with("distcc-toolchain-bundle 1\npacker 0.1.0\nmachine 62\n"
                               "loader lib/ld.so\ncompiler gcc 14.2.0 x86_64-linux-gnu bin/gcc-14\n"
                               "identity GCC: (Debian 14.2.0-19) 14.2.0\n"));
        CHECK(text.find("\nfile 755 ") != std::string::npos);
        CHECK(text.find("\nsymlink bin/gcc gcc-14\n") != std::string::npos);
    }
    SUBCASE("the id is the manifest's SHA-256") {
        CHECK(bundle_id(text) == test_support::sha256_hex(text));
        CHECK(is_sha256_hex(bundle_id(text)));
    }
    SUBCASE("paths that leave or hide") {
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 755 /lib")) ==
              "manifest line 13: \"/lib\" is an absolute path");
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 755 bin/../lib"))
                  .ends_with("is a \".\" or \"..\" component"));
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 755 lib//x"))
                  .ends_with("an empty path component"));
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 755 li\tb"))
                  .find("a character other than") != std::string::npos);
    }
    SUBCASE("set-ID and sticky modes") {
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 4755 lib")) ==
              "manifest line 13: lib: a set-user-ID file");
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 2755 lib"))
                  .ends_with("a set-group-ID file"));
        CHECK(refusal(with_line(text, "directory 755 lib", "directory 1777 lib"))
                  .ends_with("a sticky file"));
    }
    SUBCASE("links must stay inside") {
        auto outside = [&](const std::string& target) {
            return refusal(with_line(text, "symlink bin/gcc gcc-14", "symlink bin/gcc " + target));
        };
        CHECK(outside("../../etc/passwd").find("leads out of the bundle") != std::string::npos);
        CHECK(outside("/usr/bin/gcc").find("leads out of the bundle") != std::string::npos);
        CHECK(outside("../lib/missing").find("is not in the bundle") != std::string::npos);
        CHECK(outside("../lib/libc.so.6") == "(accepted)");
        CHECK(outside("gcc-14/../gcc-14").find("passes through bin/gcc-14") != std::string::npos);
    }
    SUBCASE("names must be compiler names, once") {
        CHECK(refusal(with_line(text, "name gcc-14", "name gcc-ar")) ==
              "manifest line 9: \"gcc-ar\" is no compiler name (expected [TRIPLE-]gcc, g++, "
              "cc, c++, clang or clang++, [-VERSION])");
        CHECK(refusal(with_line(text, "name gcc-14", "name x86_64-linux-gnu-gcc-14"))
                  .ends_with("the name x86_64-linux-gnu-gcc-14 is claimed twice"));
    }
    SUBCASE("order, folders, drivers") {
        CHECK(refusal(with_line(text, "directory 755 bin", "directory 755 zzz"))
                  .ends_with("is out of order or listed twice"));
        auto no_folder = with_line(text, "directory 755 lib", "directory 755 lia");
        CHECK(refusal(no_folder).find("which is not a folder listed before it") !=
              std::string::npos);
        auto driver = with_line(text, "compiler gcc 14.2.0 x86_64-linux-gnu bin/gcc-14",
                                "compiler gcc 14.2.0 x86_64-linux-gnu lib/specs");
        CHECK(refusal(driver) ==
              "manifest: the driver lib/specs is not an executable file of the bundle");
        CHECK(refusal(with_line(text, "machine 62", "machine 0")).find("ELF machine") !=
              std::string::npos);
        CHECK(refusal("distcc-toolchain-bundle 2\n").starts_with("the manifest does not start"));
        CHECK(refusal(text.substr(0, text.size() - 1)) ==
              "the manifest does not end with a line end");
    }
}

TEST_CASE("toolchain::find_entry") {
    test_support::SampleBundle sample;
    REQUIRE(find_entry(sample.manifest, "lib/specs") != nullptr);
    CHECK(find_entry(sample.manifest, "lib/specs")->type == EntryType::file);
    CHECK(find_entry(sample.manifest, "lib/spec") == nullptr);
}
