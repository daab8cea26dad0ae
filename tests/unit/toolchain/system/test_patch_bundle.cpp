#include "support/sample_bundle.hpp"
#include "toolchain/system/patch_bundle.hpp"
#include "toolchain/system/prove_bundle.hpp"

#include <doctest/doctest.h>

using namespace toolchain;

TEST_CASE("toolchain::library_folders and rpath_for") {
    test_support::SampleBundle sample;
    sample.directory("usr");
    sample.directory("usr/libexec");
    sample.file("usr/libexec/cc1", 0755, test_support::elf_program(62, "cc1"));
    CHECK(library_folders(sample.manifest) == std::vector<std::string>{"lib"});
    CHECK(rpath_for("usr/libexec", {"lib", "usr/lib64"}) == "$ORIGIN/../../lib:$ORIGIN/../lib64");
    CHECK(rpath_for("lib", {"lib"}) == "$ORIGIN");
}

TEST_CASE("toolchain::loaded_paths") {
    auto paths =
        loaded_paths("     12345:\tfind library=libc.so.6 [0]; searching\n"
                     "     12345:\t  trying file=/store/root/lib/glibc-hwcaps/x86-64-v3/libc.so.6\n"
                     "     12345:\t  trying file=/store/root/lib/libc.so.6\n"
                     "     12345:\tcalling init: /store/root/lib/libc.so.6\n"
                     "cc1: warning: something else\n");
    CHECK(paths == std::vector<std::string>{"/store/root/lib/glibc-hwcaps/x86-64-v3/libc.so.6",
                                            "/store/root/lib/libc.so.6",
                                            "/store/root/lib/libc.so.6"});
}
