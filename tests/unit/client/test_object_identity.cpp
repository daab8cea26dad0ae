#include "client/object_identity.hpp"

#include <doctest/doctest.h>
#include <string>

using namespace client;

namespace {

void put(std::string& bytes, std::size_t offset, std::uint64_t value, std::size_t size) {
    for (std::size_t i = 0; i < size; ++i) {
        bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff); // little endian
    }
}

// A minimal ELF64 LSB relocatable: section 0 null, 1 .shstrtab, 2 .comment.
std::string little_object(std::uint16_t machine, std::string_view comment) {
    std::string names("\0.shstrtab\0.comment\0", 20);
    std::string bytes(64, '\0');
    bytes.replace(0, 4,
                  "\x7f"
                  "ELF");
    bytes[4] = 2;
    bytes[5] = 1;
    put(bytes, 18, machine, 2);
    auto names_offset = bytes.size();
    bytes += names;
    auto comment_offset = bytes.size();
    bytes += comment;
    auto headers = bytes.size();
    bytes.resize(headers + 3 * 64, '\0');
    put(bytes, 0x28, headers, 8);
    put(bytes, 0x3A, 64, 2);
    put(bytes, 0x3C, 3, 2);
    put(bytes, 0x3E, 1, 2);
    put(bytes, headers + 64, 1, 4);
    put(bytes, headers + 64 + 0x18, names_offset, 8);
    put(bytes, headers + 64 + 0x20, names.size(), 8);
    put(bytes, headers + 128, 11, 4);
    put(bytes, headers + 128 + 0x18, comment_offset, 8);
    put(bytes, headers + 128 + 0x20, comment.size(), 8);
    return bytes;
}

} // namespace

TEST_CASE("client::read_object_identity") {
    SUBCASE("gcc's comment and the target") {
        auto identity = read_object_identity(
            little_object(62, std::string("\0GCC: (Debian 12.2.0-14) 12.2.0\0", 33)));
        REQUIRE(identity);
        CHECK(identity->compiler == "GCC: (Debian 12.2.0-14) 12.2.0");
        CHECK(identity->target == "ELF64 LSB x86-64");
    }
    SUBCASE("an aarch64 object") {
        auto identity = read_object_identity(little_object(183, std::string("GCC: x\0", 7)));
        REQUIRE(identity);
        CHECK(identity->target == "ELF64 LSB AArch64");
    }
    SUBCASE("not ELF, or cut short: nothing") {
        CHECK_FALSE(read_object_identity("hello"));
        auto object = little_object(62, "GCC");
        CHECK_FALSE(read_object_identity(object.substr(0, 100)));
    }
}

TEST_CASE("client::compare_identities and render_check_table") {
    ObjectIdentity here{"GCC: 12.2.0", "ELF64 LSB x86-64"};
    CHECK(compare_identities(here, here) == CheckResult::ok);
    CHECK(compare_identities(here, {"GCC: 11.3.0", "ELF64 LSB x86-64"}) ==
          CheckResult::version_differs);
    CHECK(compare_identities(here, {"GCC: 12.2.0", "ELF64 LSB AArch64"}) ==
          CheckResult::target_differs);
    std::vector<CheckRow> rows{
        {"10.0.0.1:3632", "gcc", CheckResult::version_differs, here,
         ObjectIdentity{"GCC: 11.3.0", "ELF64 LSB x86-64"}, ""},
        {"@builder", "gcc", CheckResult::unreachable, here, std::nullopt, "ssh: no route"}};
    CHECK(render_check_table(rows) ==
          "HOST           COMPILER  RESULT\n"
          "10.0.0.1:3632  gcc       version differs (here \"GCC: 12.2.0\", worker \"GCC: "
          "11.3.0\")\n"
          "@builder       gcc       unreachable (ssh: no route)\n");
}
