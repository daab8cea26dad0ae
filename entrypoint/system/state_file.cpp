#include "entrypoint/system/state_file.hpp"

#include "entrypoint/plan/worker_state.hpp"
#include "util/files.hpp"

namespace entrypoint {

std::optional<std::string> write_state_file(Mode mode, const HealthTarget& target) {
    std::string path(defaults::k_state_file);
    if (auto problem = util::make_directories(path.substr(0, path.rfind('/')))) {
        return problem;
    }
    return util::write_file_atomically(path, format_state(mode, target));
}

} // namespace entrypoint
