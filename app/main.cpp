#include "app/about.hpp"
#include "app/command_line.hpp"
#include "app/logging.hpp"
#include "app/run_action.hpp"

#include <cstdio>
#include <unistd.h>

namespace {

app::Environment read_environment() {
    app::Environment environment;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        auto equals = text.find('=');
        if (equals != std::string_view::npos) {
            environment.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return environment;
}

void print(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
}

} // namespace

int main(int argc, char** argv) {
    auto environment = read_environment();
    auto parsed = app::parse_command_line({argv + 1, argv + argc}, environment);
    if (auto* error = std::get_if<app::UsageError>(&parsed)) {
        std::fprintf(stderr, "distcc-init: error: %s\n", error->message.c_str());
        return app::k_exit_usage;
    }
    const auto& command_line = std::get<app::CommandLine>(parsed);
    switch (command_line.action) {
    case app::Action::show_help:
        print(command_line.help_text);
        return 0;
    case app::Action::show_version:
        print(app::version_text());
        return 0;
    case app::Action::show_license:
        print(app::license_text());
        return 0;
    default:
        break;
    }
    app::set_up_logging(command_line.log_level);
    return app::run_action(command_line, environment);
}
