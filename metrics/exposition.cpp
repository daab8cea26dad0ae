#include "metrics/exposition.hpp"

#include <cmath>
#include <fmt/format.h>

namespace metrics {
namespace {

std::string escape_label_value(const std::string& value) {
    std::string escaped;
    for (char c : value) {
        if (c == '\\') {
            escaped += "\\\\";
        } else if (c == '"') {
            escaped += "\\\"";
        } else if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

// HELP text escapes only backslash and line feed.
std::string escape_help(const std::string& help) {
    std::string escaped;
    for (char c : help) {
        escaped += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
    }
    return escaped;
}

std::string format_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == std::trunc(value) && std::fabs(value) < 1e15) {
        return fmt::format("{}", static_cast<long long>(value));
    }
    return fmt::format("{}", value);
}

std::string format_labels(const Labels& labels) {
    if (labels.empty()) {
        return "";
    }
    std::string text = "{";
    for (const auto& [name, value] : labels) {
        if (text.size() > 1) {
            text += ',';
        }
        text += name + "=\"" + escape_label_value(value) + "\"";
    }
    return text + "}";
}

} // namespace

Family single(std::string name, std::string help, std::string type, double value) {
    return {std::move(name), std::move(help), std::move(type), {{{}, value}}};
}

std::string render_exposition(const std::vector<Family>& families) {
    std::string text;
    for (const auto& family : families) {
        text += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, escape_help(family.help),
                            family.name, family.type);
        for (const auto& sample : family.samples) {
            text += family.name + format_labels(sample.labels) + " " + format_value(sample.value) +
                    "\n";
        }
    }
    return text;
}

} // namespace metrics
