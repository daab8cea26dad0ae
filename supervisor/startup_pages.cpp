#include "supervisor/startup_pages.hpp"

#include "util/files.hpp"
#include "util/number.hpp"
#include "util/text.hpp"

#include <cstdio>
#include <cstring>
#include <malloc.h>
#include <string>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>

namespace supervisor {
namespace {

struct Mapping {
    unsigned long start = 0;
    unsigned long end = 0;
    bool read_only = false; // r--p or r-xp
    bool ours = false;      // backed by our executable
    long resident_kb = 0;
    long anonymous_kb = 0; // written (copy-on-write) pages: must stay
};

// "Rss:     123 kB" -> 123.
long field_kb(std::string_view line) {
    auto words = util::split_words(line);
    return words.size() >= 2 ? util::parse_integer<long>(words[1]).value_or(0) : 0;
}

bool release(const Mapping& mapping) {
    if (!mapping.ours || !mapping.read_only || mapping.anonymous_kb != 0 ||
        mapping.resident_kb == 0) {
        return false;
    }
    auto* start = reinterpret_cast<void*>(mapping.start);
    auto length = mapping.end - mapping.start;
    // MADV_RANDOM: later faults map one page, not a 64 kB window around it.
    madvise(start, length, MADV_RANDOM);
    return madvise(start, length, MADV_DONTNEED) == 0;
}

} // namespace

long release_startup_pages() {
    malloc_trim(0);
    auto executable = util::read_symlink("/proc/self/exe").value_or("");
    FILE* smaps = std::fopen("/proc/self/smaps", "re");
    if (smaps == nullptr || executable.empty()) {
        if (smaps != nullptr) {
            std::fclose(smaps);
        }
        return 0;
    }
    // Collect first, release after: madvise while reading smaps would change what we read.
    Mapping mappings[64];
    std::size_t count = 0;
    char buffer[4352];
    while (std::fgets(buffer, sizeof buffer, smaps) != nullptr) {
        std::string_view line(buffer, std::strlen(buffer));
        if (line.starts_with("Rss:") && count > 0) {
            mappings[count - 1].resident_kb = field_kb(line);
        } else if (line.starts_with("Anonymous:") && count > 0) {
            mappings[count - 1].anonymous_kb = field_kb(line);
        } else if (line.find('-') < line.find(' ') && count < std::size(mappings)) {
            Mapping mapping;
            auto dash = line.find('-');
            auto range_end = line.find(' ');
            mapping.start =
                util::parse_integer<unsigned long>(line.substr(0, dash), 16).value_or(0);
            mapping.end =
                util::parse_integer<unsigned long>(line.substr(dash + 1, range_end - dash - 1), 16)
                    .value_or(0);
            auto permissions = line.substr(line.find(' ') + 1, 4);
            mapping.read_only = permissions == "r--p" || permissions == "r-xp";
            auto path_start = line.find('/');
            mapping.ours = path_start != std::string_view::npos &&
                           line.substr(path_start, line.size() - path_start - 1) == executable;
            mappings[count++] = mapping;
        }
    }
    std::fclose(smaps);
    long released = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (release(mappings[i])) {
            released += mappings[i].resident_kb;
        }
    }
    return released;
}

} // namespace supervisor
