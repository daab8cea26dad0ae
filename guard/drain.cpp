#include "guard/drain.hpp"

#include "util/files.hpp"
#include "util/proc_stat.hpp"

#include <csignal>
#include <string>
#include <unistd.h>

namespace guard {

bool worker_is_draining(const Settings& settings) {
    return settings.drain_file &&
           util::entry_kind(*settings.drain_file) != util::EntryKind::missing;
}

bool hand_job_back() {
    pid_t parent = getppid();
    auto entry = util::read_proc_stat(std::to_string(parent));
    if (!entry || entry->name != "distccd") {
        return false;
    }
    // SIGTERM: distccd's child removes its temporary files and ends; its parent logs the end
    // at level info and starts another child.
    if (kill(parent, SIGTERM) != 0) {
        return false;
    }
    // Our exit must not race the signal: the child would send our status as the job's result.
    for (int tries = 0; tries < 200 && getppid() == parent; ++tries) {
        usleep(10'000);
    }
    return true;
}

} // namespace guard
