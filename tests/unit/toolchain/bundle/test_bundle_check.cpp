#include "support/sample_bundle.hpp"
#include "toolchain/bundle/bundle_check.hpp"
#include "toolchain/bundle/tar_archive.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace toolchain;

namespace {

// Feeds `archive` in pieces of `chunk` bytes; the verdict, or "accepted".
std::string verdict(const std::string& archive, BundleLimits limits = {1 << 20, 62},
                    std::size_t chunk = 7) {
    BundleChecker checker(limits, nullptr);
    TarReader reader(checker);
    for (std::size_t at = 0; at < archive.size(); at += chunk) {
        if (auto problem = reader.feed(std::string_view(archive).substr(at, chunk))) {
            return *problem;
        }
    }
    if (auto problem = reader.finish()) {
        return *problem;
    }
    if (auto problem = checker.finish()) {
        return *problem;
    }
    return "accepted";
}

} // namespace

TEST_CASE("toolchain::BundleChecker") {
    test_support::SampleBundle sample;

    SUBCASE("a good bundle, in pieces of any size") {
        CHECK(verdict(sample.archive()) == "accepted");
        CHECK(verdict(sample.archive(), {1 << 20, 62}, 1) == "accepted");
        CHECK(verdict(sample.archive(), {1 << 20, 62}, 100000) == "accepted");
    }
    SUBCASE("truncated anywhere") {
        auto archive = sample.archive();
        for (std::size_t cut : {std::size_t{0}, std::size_t{100}, std::size_t{512},
                                archive.size() / 2, archive.size() - 1024}) {
            CAPTURE(cut);
            auto result = verdict(archive.substr(0, cut));
            CHECK(result != "accepted");
        }
        CHECK(verdict(archive.substr(0, archive.size() - 1024)) ==
              "the archive ends early (truncated)");
    }
    SUBCASE("a file changed after packing") {
        sample.contents["lib/specs"] = "*cc1:\n-fplugin=x"; // other size
        CHECK(verdict(sample.archive()) != "accepted");
        test_support::SampleBundle same_size;
        same_size.contents["lib/specs"] = "*cc2:\n";
        CHECK(verdict(same_size.archive()) ==
              "lib/specs's SHA-256 differs from its manifest (tampered or damaged)");
    }
    SUBCASE("another machine's programs") {
        CHECK(verdict(sample.archive(), {1 << 20, 183}) ==
              "the bundle's programs are for x86-64, this worker runs AArch64");
        sample.contents["lib/libc.so.6"] = test_support::elf_program(183, "libc");
        CHECK(verdict(sample.archive()).find("lib/libc.so.6") != std::string::npos);
    }
    SUBCASE("too large") {
        CHECK(verdict(sample.archive(), {100, 62}).starts_with("the bundle is too large"));
    }
    SUBCASE("set-ID bits in the archive itself") {
        auto archive = sample.archive();
        // The driver's header: its mode field reads 0000755.
        auto header_at = archive.find("root/bin/gcc-14");
        auto mode_at = archive.find("0000755", header_at);
        archive.replace(mode_at, 7, "0004755");
        // Recompute the header checksum so only the mode is wrong.
        auto block = archive.substr(header_at, 512);
        unsigned sum = 0;
        for (std::size_t i = 0; i < 512; ++i) {
            sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(block[i]);
        }
        auto checksum = fmt::format("{:06o}", sum);
        archive.replace(header_at + 148, 6, checksum);
        CHECK(verdict(archive) == "root/bin/gcc-14 is set-user-ID");
    }
    SUBCASE("a member the manifest does not list, or missing") {
        auto manifest = sample.text();
        sample.manifest.entries.pop_back(); // lib/specs is now in the archive only
        auto archive = *archive_in_memory(manifest, sample.manifest, [&](const ManifestEntry& e) {
            return sample.contents.at(e.path);
        });
        CHECK(verdict(archive) == "lib/specs is missing (the archive ends before it)");
    }
    SUBCASE("a damaged header") {
        auto archive = sample.archive();
        archive[100] ^= 1; // the manifest member's mode: the checksum no longer matches
        CHECK(verdict(archive) == "a member header's checksum is wrong (damaged)");
    }
    SUBCASE("not a bundle") {
        CHECK(verdict(std::string(2048, 'x')) ==
              "a member header is not a ustar header (damaged or not a bundle)");
        CHECK(verdict(tar_end()) == "the archive holds no manifest");
    }
}

TEST_CASE("toolchain::format_tar_header") {
    SUBCASE("long paths go into the prefix") {
        std::string path = "root/" + std::string(120, 'a') + "/" + std::string(80, 'b');
        auto header = format_tar_header({path, TarType::file, 0644, 5, ""});
        REQUIRE(header);
        CHECK(header->size() == k_tar_block);
        CHECK(header->substr(345, 125) == "root/" + std::string(120, 'a'));
    }
    SUBCASE("a name too long for ustar") {
        CHECK_FALSE(format_tar_header({std::string(300, 'a'), TarType::file, 0644, 0, ""}));
    }
}
