#include "app/logging.hpp"

#include <cstdio>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace app {
namespace {

bool g_logging_set_up = false;

} // namespace

void set_up_logging(spdlog::level::level_enum level) {
    // Single-threaded sink: distcc-init never logs from more than one thread. Built directly
    // with its final pattern rather than by spdlog::stderr_color_st() and set_pattern(): the
    // factory's default formatters, made and thrown away, are small blocks that glibc keeps
    // cached, and they held a page of PID 1's heap.
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_st>();
    auto logger = std::make_shared<spdlog::logger>("distcc-init", std::move(sink));
    logger->set_formatter(std::make_unique<spdlog::pattern_formatter>("[distcc-init] [%^%l%$] %v"));
    logger->set_level(level);
    spdlog::set_default_logger(std::move(logger));
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
