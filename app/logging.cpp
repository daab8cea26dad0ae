#include "app/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace app {

void set_up_logging(spdlog::level::level_enum level) {
    // Single-threaded sink: distcc-init never logs from more than one thread.
    auto logger = spdlog::stderr_color_st("distcc-init");
    logger->set_pattern("[distcc-init] [%^%l%$] %v");
    logger->set_level(level);
    spdlog::set_default_logger(logger);
}

} // namespace app
