#include "toolchain/bundle/compiler_answers.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

TEST_CASE("toolchain::parse_loader_list") {
    auto glibc =
        parse_loader_list("\tlinux-vdso.so.1 (0x00007ffd5a7e4000)\n"
                          "\tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f1a2b1c0000)\n"
                          "\tlibmissing.so.2 => not found\n"
                          "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1a2afdf000)\n"
                          "\t/lib64/ld-linux-x86-64.so.2 (0x00007f1a2b1f5000)\n");
    REQUIRE(glibc.size() == 4);
    CHECK(glibc[0].name == "libz.so.1");
    CHECK(glibc[0].path == "/lib/x86_64-linux-gnu/libz.so.1");
    CHECK(glibc[1].name == "libmissing.so.2");
    CHECK(glibc[1].path.empty());
    CHECK(glibc[3].path == "/lib64/ld-linux-x86-64.so.2");
    auto musl =
        parse_loader_list("\t/lib/ld-musl-x86_64.so.1 (0x7f3c1e0b8000)\n"
                          "\tlibc.musl-x86_64.so.1 => /lib/ld-musl-x86_64.so.1 (0x7f3c1e0b8000)\n");
    REQUIRE(musl.size() == 2);
    CHECK(musl[1].path == "/lib/ld-musl-x86_64.so.1");
    CHECK(parse_loader_list("\tstatically linked\n").empty());
}

TEST_CASE("toolchain::parse_program_folders and family_from_version_banner") {
    auto folders = parse_program_folders(
        "install: /usr/lib/gcc/x86_64-linux-gnu/14/\n"
        "programs: "
        "=/usr/libexec/gcc/x86_64-linux-gnu/14/:/usr/lib/gcc/x86_64-linux-gnu/14/../../../../"
        "x86_64-linux-gnu/bin/\nlibraries: =/lib/\n");
    CHECK(folders == std::vector<std::string>{
                         "/usr/libexec/gcc/x86_64-linux-gnu/14/",
                         "/usr/lib/gcc/x86_64-linux-gnu/14/../../../../x86_64-linux-gnu/bin/"});
    CHECK(family_from_version_banner("Debian clang version 16.0.6 (15~deb12u1)\nTarget: x") ==
          "clang");
    CHECK(family_from_version_banner("gcc (Debian 12.2.0-14) 12.2.0\n") == "gcc");
}
