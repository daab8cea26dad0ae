#include "supervisor/startup_pages.hpp"

#include <charconv>
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

std::string own_executable() {
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
    return length > 0 ? std::string(path, static_cast<std::size_t>(length)) : std::string();
}

long field_kb(std::string_view line) {
    auto digits = line.find_first_of("0123456789");
    long value = 0;
    if (digits != std::string_view::npos) {
        std::from_chars(line.data() + digits, line.data() + line.size(), value);
    }
    return value;
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
    auto executable = own_executable();
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
            std::from_chars(line.data(), line.data() + dash, mapping.start, 16);
            std::from_chars(line.data() + dash + 1, line.data() + line.size(), mapping.end, 16);
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
