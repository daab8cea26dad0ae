#include "guard/arguments.hpp"
#include "util/text.hpp"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using guard::check_arguments;
using guard::JobFiles;
using guard::JobPlace;
using guard::Refused;

namespace {

using Words = std::vector<std::string>;

const JobPlace k_plain{"/tmp", "/tmp"};
const std::string k_root = "/tmp/distccd_Ab12Cd";
const JobPlace k_pump{"/tmp", k_root + "/home/user/src/foo"};

// A plain job as distccd hands it over: the client's options, then distccd's files.
Words plain_job(const std::string& options) {
    Words words;
    for (auto word : util::split_words(options)) {
        words.emplace_back(word);
    }
    words.insert(words.end(), {"-c", "/tmp/distccd_5f3a9c1e.i", "-o", "/tmp/distccd_7b2c4d6e.o"});
    return words;
}

// A pump job: the client's source under distccd's directory, and the dependency file
// distccd adds last.
Words pump_job(const std::string& options) {
    Words words;
    for (auto word : util::split_words(options)) {
        words.emplace_back(word);
    }
    words.insert(words.end(), {"-c", k_root + "/home/user/src/foo/a.c", "-o",
                               "/tmp/distccd_7b2c4d6e.o", "-MMD", "-MF", "/tmp/distcc_8d9e.deps"});
    return words;
}

bool allowed(const Words& words, const JobPlace& place = k_plain) {
    auto verdict = check_arguments(words, place);
    if (const auto* refused = std::get_if<Refused>(&verdict)) {
        MESSAGE("refused " << refused->argument << ": " << refused->reason);
        return false;
    }
    return true;
}

// The family a refusal falls in, or "allowed".
std::string family_of(const Words& words, const JobPlace& place = k_plain) {
    auto verdict = check_arguments(words, place);
    const auto* refused = std::get_if<Refused>(&verdict);
    return refused ? std::string(refused->family) : "allowed";
}

} // namespace

TEST_CASE("guard::check_arguments lets real builds through") {
    // CFLAGS of real make.conf files and package builds, as a client sends them (the distcc
    // client strips -D, -I and the dependency options of a plain job; they pass anyway).
    const std::vector<std::string> corpus{
        "",
        "-O2 -pipe",
        "-O2 -pipe -march=native",
        "-O3 -march=znver3 -mtune=znver3 -pipe -fomit-frame-pointer",
        "-O2 -pipe -march=x86-64-v3 -flto=auto -fno-semantic-interposition -Werror=odr "
        "-Werror=lto-type-mismatch -Werror=strict-aliasing",
        "-Os -g -ggdb3 -fPIC -fvisibility=hidden -fstack-protector-strong -D_FORTIFY_SOURCE=3 "
        "-fstack-clash-protection -fcf-protection -U_FORTIFY_SOURCE",
        "-O2 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all",
        "-std=gnu++17 -fno-exceptions -fno-rtti -Wall -Wextra -Wno-unused-parameter "
        "-Werror=format-security -pedantic -Wformat=2",
        "-DNDEBUG -DHAVE_CONFIG_H -D_GNU_SOURCE -DPACKAGE_STRING=\"foo\" -D X=1 -U Y",
        "-x c++ -std=c++20 -fconcepts-diagnostics-depth=2",
        "-xc -std=c11",
        "-fdebug-prefix-map=/var/tmp/portage/sys-apps/foo-1.0/work=/usr/src/debug/foo "
        "-ffile-prefix-map=/build=. -fmacro-prefix-map=/src=.",
        "-Wa,--noexecstack -Wa,--compress-debug-sections=zlib -Wa,-mrelax-relocations=no "
        "-Xassembler --gdwarf-5 -Wa,--defsym,DEBUG=1",
        "-fdiagnostics-color=always -frecord-gcc-switches -ffunction-sections -fdata-sections "
        "-gsplit-dwarf -gz=zlib",
        "-mfpmath=sse -msse2 -m32 -mno-avx512f",
        "-O2 -pipe -mcpu=cortex-a72 -mfpu=neon-fp-armv8 -mfloat-abi=hard -mthumb",
        "-O2 -mcpu=power9 -mtune=power9 -maltivec -mabi=ieeelongdouble",
        "-fopenmp -pthread --param=ssp-buffer-size=4 --param l1-cache-size=32",
        "-Wl,-O1 -Wl,--as-needed -Wl,-z,relro -Xlinker --hash-style=gnu -lm -L/usr/lib64 "
        "-static-libgcc -shared -fuse-ld=/usr/bin/ld.gold",
        "-Xclang -fno-pch-timestamp -Xclang -fcolor-diagnostics -mllvm -polly "
        "-mllvm -inline-threshold=500 -Xclang -mllvm -Xclang -x86-asm-syntax=intel",
        "-target aarch64-linux-gnu --target=x86_64-pc-linux-gnu -Qunused-arguments "
        "-fcolor-diagnostics -stdlib=libc++ -fno-integrated-as",
        "-save-temps -dumpdir objects/ -dumpbase-ext .c",
        "-save-temps=obj -fdump-tree-optimized -fdump-rtl-expand -dA -fstack-usage "
        "-fcallgraph-info",
        "-fexec-charset=UTF-8 -finput-charset=ISO-8859-1 -frandom-seed=0x1234",
        "-w -v -H -Q -pg -p",
    };
    for (const auto& flags : corpus) {
        CAPTURE(std::string(flags));
        CHECK(allowed(plain_job(flags)));
    }
    auto files = std::get<JobFiles>(check_arguments(plain_job("-O2"), k_plain));
    CHECK(files.input == "/tmp/distccd_5f3a9c1e.i");
    CHECK(files.output == "/tmp/distccd_7b2c4d6e.o");
    CHECK_FALSE(files.pump_root);
}

TEST_CASE("guard::check_arguments refuses what runs or loads a program of the client's") {
    for (const auto* flags : {"-wrapper /bin/sh,-c,id", "-specs=/tmp/evil.specs",
                              "--specs=evil.specs", "-specs evil.specs", "-B/tmp/bin", "-B /tmp",
                              "--prefix=/tmp", "--gcc-toolchain=/opt/x", "-gcc-toolchain /opt"}) {
        CAPTURE(std::string(flags));
        CHECK(family_of(plain_job(flags)) == "program");
    }
    for (const auto* flags :
         {"-fplugin=/tmp/evil.so", "-fplugin=evil", "-fplugin-arg-evil-key=value",
          "-iplugindir=/tmp", "-fpass-plugin=/tmp/pass.so", "-Xclang -load -Xclang /tmp/x.so",
          "-Xclang -plugin -Xclang evil", "-Xclang -add-plugin -Xclang evil",
          "-Xclang -plugin-arg-evil -Xclang x", "-mllvm -load=/tmp/x.so",
          "-Xclang -mllvm -Xclang -load=x.so"}) {
        CAPTURE(std::string(flags));
        CHECK(family_of(plain_job(flags)) == "plugin");
    }
}

TEST_CASE("guard::check_arguments refuses files the client names outside the job") {
    for (const auto* flags : {"@/etc/passwd",
                              "@args",
                              "-include /etc/passwd",
                              "-imacros /etc/shadow",
                              "-I/etc",
                              "-I ../../etc",
                              "-isystem /usr/include",
                              "--sysroot=/",
                              "-isysroot /",
                              "-MF /tmp/x.d",
                              "-dumpdir /etc/",
                              "-dumpbase /tmp/x",
                              "-dumpdir ../out",
                              "-aux-info /tmp/protos",
                              "-Wa,-adhln=/tmp/listing",
                              "-Wa,-a",
                              "-Wa,--MD,/tmp/deps",
                              "-Xassembler -al=x",
                              "-Wa,@/etc/passwd",
                              "-Wa,-o,/tmp/x.o",
                              "-Wp,-MD,/tmp/x.d",
                              "-Wp,-include,/etc/passwd",

                              "-fdump-tree-all=/tmp/dump",
                              "-fopt-info-vec=report.txt",
                              "-fsanitize-ignorelist=/etc/x",
                              "-fsanitize-blacklist=list",
                              "-fcompare-debug=-fplugin=x",
                              "-fmodule-mapper=|cmd",
                              "-fmodules-ts",
                              "-fmodules-cache-path=/tmp/m",
                              "-fcrash-diagnostics-dir=/tmp",
                              "-ftime-trace=/tmp/t.json",
                              "-mllvm -info-output-file=/tmp/stats",
                              "-mllvm -pass-remarks-output=../x",
                              "-mstack-protector-guard-symbol=/x",
                              "--config /tmp/x.cfg",
                              "--config=x.cfg",
                              "-resource-dir /tmp/r"}) {
        CAPTURE(std::string(flags));
        CHECK(family_of(plain_job(flags)) == "file");
    }
    for (const auto* flags :
         {"-fprofile-use=/tmp/p", "-fprofile-use", "-fauto-profile=/tmp/p", "-fprofile-generate",
          "-fprofile-generate=/tmp", "-fprofile-dir=/tmp", "-fprofile-arcs", "-ftest-coverage",
          "--coverage", "-fprofile-instr-use=x.profdata", "-fprofile-sample-use=x",
          "-fcs-profile-generate", "-fbranch-probabilities"}) {
        CAPTURE(std::string(flags));
        CHECK(family_of(plain_job(flags)) == "profile");
    }
}

TEST_CASE("guard::check_arguments refuses what it does not know") {
    // A preprocessor option whose value comes through a second -Xpreprocessor: not followed.
    CHECK(family_of(plain_job("-Xpreprocessor -imacros -Xpreprocessor /etc/passwd")) != "allowed");
    for (const auto* flags :
         {"--for-assembler=-a", "--output=/tmp/x", "-print-prog-name=cc1", "-###", "-dumpversion",
          "-ivfsoverlay x.yaml", "-include-pch x.pch", "-Xarch_x86_64 -O2", "-Xclang -ast-dump",
          "-Xclang -dependency-file", "-Wa,--nonsense", "-time", "-x ../../etc"}) {
        CAPTURE(std::string(flags));
        CHECK(family_of(plain_job(flags)) != "allowed");
    }
}

TEST_CASE("guard::check_arguments insists on one compile of distccd's files") {
    auto job = [](Words words) { return family_of(words); };
    CHECK(job({"-c", "/tmp/distccd_a.i", "/etc/passwd", "-o", "/tmp/distccd_b.o"}) == "job");
    CHECK(job({"-c", "/tmp/distccd_a.i", "-o", "/etc/cron.d/x"}) == "job");
    CHECK(job({"-c", "/tmp/distccd_a.i", "-o", "/tmp/distccd_b.o", "-o", "/tmp/distccd_c.o"}) ==
          "job");
    CHECK(job({"-c", "/etc/passwd", "-o", "/tmp/distccd_b.o"}) == "job");
    CHECK(job({"-c", "-", "-o", "/tmp/distccd_b.o"}) == "job");
    CHECK(job({"-c", "/tmp/distccd_a/../../etc/passwd", "-o", "/tmp/distccd_b.o"}) == "job");
    CHECK(job({"/tmp/distccd_a.i", "-o", "/tmp/distccd_b.o"}) == "job"); // would link
    CHECK(job({"-c", "/tmp/distccd_a.i"}) == "job");
    CHECK(job({"-c", "/tmp/distccd_a.i", "-o"}) == "job");
    CHECK(job({"-c", "/tmp/distccd_a.i", "-o/tmp/distccd_b.o"}) == "allowed");
    CHECK(family_of({"-c", "/var/tmp/distccd_a.i", "-o", "/var/tmp/distccd_b.o"},
                    {"/var/tmp", "/"}) == "allowed");
}

TEST_CASE("guard::check_arguments pump jobs: paths inside distccd's directory") {
    CHECK(allowed(pump_job("-O2 -I" + k_root +
                           "/home/user/include -I../../include "
                           "-isystem " +
                           k_root + "/usr/include -include config.h -DX -Wp,-MD,.deps/a.Pd"),
                  k_pump));
    auto files = std::get<JobFiles>(check_arguments(pump_job(""), k_pump));
    CHECK(files.pump_root == k_root);
    CHECK(files.input == k_root + "/home/user/src/foo/a.c");
    CHECK(family_of(pump_job("-I../../../../../../etc"), k_pump) == "file");
    CHECK(family_of(pump_job("-include /etc/passwd"), k_pump) == "file");
    CHECK(family_of(pump_job("-I" + k_root + "/../distccd_Other/x"), k_pump) == "file");
    // Only distccd's own dependency file, last, may lie outside the directory.
    Words early_deps = pump_job("-MF /tmp/distcc_1111.deps");
    CHECK(family_of(early_deps, k_pump) == "file");
    Words plain_deps = plain_job("-MMD -MF /tmp/distcc_8d9e.deps");
    CHECK(family_of(plain_deps, k_plain) == "file");
}

TEST_CASE("guard::check_arguments pump jobs: the source as the client named it") {
    // distccd 3.4 passes a pump job's source relative to the directory it made for the job.
    Words words{"-O2", "-c", "a.c", "-o", "/tmp/distccd_7b2c4d6e.o"};
    auto files = std::get<JobFiles>(check_arguments(words, k_pump));
    CHECK(files.input == k_root + "/home/user/src/foo/a.c");
    CHECK(files.pump_root == k_root);
    // The same relative name in a plain job's directory is not distccd's input.
    CHECK(family_of(words, k_plain) == "job");
    CHECK(family_of({"-c", "../../../../../../etc/passwd", "-o", "/tmp/distccd_7b2c4d6e.o"},
                    k_pump) == "job");
}
