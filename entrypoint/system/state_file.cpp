#include "entrypoint/system/state_file.hpp"

#include "entrypoint/plan/worker_state.hpp"
#include "util/files.hpp"

namespace entrypoint {

std::optional<std::string> write_state_file(Mode mode, const HealthTarget& target) {
    std::string path(defaults::k_state_file);
    auto directory = path.substr(0, path.rfind('/'));
    if (auto problem = util::make_directories(directory)) {
        return problem;
    }
    if (util::entry_kind(directory) != util::EntryKind::directory) {
        return directory +
               " is a symbolic link or not a directory: distcc-init follows no link there";
    }
    return util::write_file_atomically(path, format_state(mode, target));
}

} // namespace entrypoint
