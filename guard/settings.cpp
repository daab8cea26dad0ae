#include "guard/settings.hpp"

#include "util/number.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace guard {
namespace {

// Variables that change where a compiler or the loader finds its parts or writes.
constexpr std::array<std::string_view, 15> k_dropped{"GCC_EXEC_PREFIX",
                                                     "COMPILER_PATH",
                                                     "LIBRARY_PATH",
                                                     "CPATH",
                                                     "C_INCLUDE_PATH",
                                                     "CPLUS_INCLUDE_PATH",
                                                     "OBJC_INCLUDE_PATH",
                                                     "OBJCPLUS_INCLUDE_PATH",
                                                     "DEPENDENCIES_OUTPUT",
                                                     "SUNPRO_DEPENDENCIES",
                                                     "GCC_COMPARE_DEBUG",
                                                     "GCONV_PATH",
                                                     "LOCPATH",
                                                     "NLSPATH",
                                                     "GLIBC_TUNABLES"};
constexpr std::array<std::string_view, 2> k_dropped_prefixes{"LD_", "DISTCC_GUARD_"};

// What a pushed compiler keeps of the environment, besides CCACHE_*.
constexpr std::array<std::string_view, 3> k_bundle_kept{"TMPDIR", "HOME", "SOURCE_DATE_EPOCH"};

std::optional<std::string> nonempty(const util::Environment& environment, const char* name) {
    auto value = util::lookup(environment, name);
    return value && !value->empty() ? value : std::nullopt;
}

} // namespace

std::optional<Settings> read_settings(const util::Environment& environment) {
    auto compilers = nonempty(environment, "DISTCC_GUARD_COMPILERS");
    if (!compilers) {
        return std::nullopt;
    }
    Settings settings{*compilers,
                      nonempty(environment, "DISTCC_GUARD_CCACHE"),
                      std::nullopt,
                      nonempty(environment, "DISTCC_GUARD_COUNTS"),
                      nonempty(environment, "DISTCC_GUARD_BUNDLES"),
                      nonempty(environment, "DISTCC_GUARD_DRAIN_FILE")};
    if (auto fd = nonempty(environment, "DISTCC_GUARD_LOG_FD")) {
        if (auto number = util::parse_integer<int>(*fd); number && *number > 2) {
            settings.log_fd = *number;
        }
    }
    return settings;
}

util::Environment compiler_environment(const util::Environment& environment,
                                       const std::optional<std::string>& bundle_bin) {
    util::Environment result;
    for (const auto& [name, value] : environment) {
        bool dropped = std::ranges::find(k_dropped, name) != k_dropped.end() ||
                       std::ranges::any_of(k_dropped_prefixes, [&](std::string_view prefix) {
                           return name.starts_with(prefix);
                       });
        bool kept_for_bundle = name.starts_with("CCACHE_") ||
                               std::ranges::find(k_bundle_kept, name) != k_bundle_kept.end();
        if (!dropped && (!bundle_bin || kept_for_bundle)) {
            result[name] = value;
        }
    }
    if (bundle_bin) {
        result["PATH"] = *bundle_bin;
        result["LC_ALL"] = "C";
    }
    return result;
}

} // namespace guard
