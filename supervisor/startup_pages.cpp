#include "supervisor/startup_pages.hpp"

#include "util/files.hpp"
#include "util/number.hpp"

#include <array>
#include <cstdint>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <string_view>
#include <sys/mman.h>
#include <unistd.h>

namespace supervisor {
namespace {

struct Range {
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;
};

struct ReadOnlySegments {
    std::array<Range, 8> ranges;
    std::size_t count = 0;
};

std::uintptr_t page_size() {
    return static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
}

// The loadable segments of the main program that are never written (text, read-only data):
// from its program headers, so nothing is read from /proc. RELRO lies in a writable segment.
int collect_read_only_segments(dl_phdr_info* info, std::size_t, void* data) {
    auto& segments = *static_cast<ReadOnlySegments*>(data);
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const auto& header = info->dlpi_phdr[i];
        if (header.p_type == PT_LOAD && (header.p_flags & PF_W) == 0 &&
            segments.count < segments.ranges.size()) {
            auto start = info->dlpi_addr + header.p_vaddr;
            segments.ranges[segments.count++] = {start, start + header.p_memsz};
        }
    }
    return 1; // the main program comes first: stop there
}

long release_executable_pages() {
    ReadOnlySegments segments;
    dl_iterate_phdr(collect_read_only_segments, &segments);
    auto page = page_size();
    long released = 0;
    for (std::size_t i = 0; i < segments.count; ++i) {
        auto start = segments.ranges[i].start & ~(page - 1);
        auto end = (segments.ranges[i].end + page - 1) & ~(page - 1);
        auto* address = reinterpret_cast<void*>(start);
        // MADV_RANDOM: later faults map one page, not a 64 kB window around it.
        madvise(address, end - start, MADV_RANDOM);
        if (madvise(address, end - start, MADV_DONTNEED) == 0) {
            released += static_cast<long>((end - start) / 1024);
        }
    }
    return released;
}

// The lowest address of the main thread's stack mapping (it grows down to the deepest call
// made so far and never shrinks), from /proc/self/maps; 0 when unknown. Read into a buffer on
// the stack, which is released with the rest of the dead stack: a heap buffer (stdio's, or a
// string's) would be freed into glibc's per-thread cache and keep a heap page resident.
std::uintptr_t stack_mapping_start() {
    util::UniqueFd maps(open("/proc/self/maps", O_RDONLY | O_CLOEXEC));
    if (!maps.valid()) {
        return 0;
    }
    std::array<char, 8192> buffer; // a static program's maps are a few lines
    auto size = util::read_up_to(maps.get(), buffer);
    if (size < 0) {
        return 0;
    }
    std::string_view text(buffer.data(), static_cast<std::size_t>(size));
    auto marker = text.find("[stack]");
    if (marker == std::string_view::npos) {
        return 0;
    }
    auto line_start = text.rfind('\n', marker);
    auto line = text.substr(line_start == std::string_view::npos ? 0 : line_start + 1);
    return util::parse_integer<std::uintptr_t>(line.substr(0, line.find('-')), 16).value_or(0);
}

// The stack pages below the caller's frame held start-up's deep calls (option parsing,
// planning) and are dead: given back, the loop faults in zeroed ones as far as it goes.
// What lies below the stack pointer is dead (but for the x86-64 red zone, 128 bytes); the page
// 256 bytes below it is kept for the madvise() call's own frame.
[[gnu::noinline]] long release_dead_stack(std::uintptr_t stack_start) {
    volatile char marker = 0;
    auto stack_pointer = reinterpret_cast<std::uintptr_t>(&marker);
    auto end = (stack_pointer - 256) & ~(page_size() - 1);
    if (stack_start == 0 || end <= stack_start) {
        return 0;
    }
    auto* start = reinterpret_cast<void*>(stack_start);
    return madvise(start, end - stack_start, MADV_DONTNEED) == 0
               ? static_cast<long>((end - stack_start) / 1024)
               : 0;
}

} // namespace

long release_startup_pages() {
    auto stack_start = stack_mapping_start();
    malloc_trim(0); // start-up's freed heap memory
    long released = release_dead_stack(stack_start);
    // Last: each page of code run after this is faulted back in, with its neighbours.
    released += release_executable_pages();
    return released;
}

} // namespace supervisor
