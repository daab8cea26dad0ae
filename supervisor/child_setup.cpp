#include "supervisor/child_setup.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace supervisor {
namespace {

void mark_extra_fds_close_on_exec() noexcept {
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) {
        return;
    }
    // Kernels before 5.11 lack CLOSE_RANGE_CLOEXEC.
    long limit = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < limit; ++fd) {
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
}

} // namespace

void prepare_child_for_exec(const InheritedSignals& inherited) noexcept {
    restore_inherited_signals(inherited);
    mark_extra_fds_close_on_exec();
}

} // namespace supervisor
