#include "app/logging.hpp"

#include <cstdio>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace app {
namespace {

bool g_logging_set_up = false;

} // namespace

void set_up_logging(spdlog::level::level_enum level) {
    // Single-threaded sink: distcc-init never logs from more than one thread.
    auto logger = spdlog::stderr_color_st("distcc-init");
    logger->set_pattern("[distcc-init] [%^%l%$] %v");
    logger->set_level(level);
    spdlog::set_default_logger(logger);
    g_logging_set_up = true;
}

void report_error(const std::string& message) {
    if (g_logging_set_up) {
        spdlog::error("{}", message);
    } else {
        std::fprintf(stderr, "distcc-init: error: %s\n", message.c_str());
    }
}

} // namespace app
