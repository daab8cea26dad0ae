#pragma once

// Reads render_exposition()'s text back, line by line, against the families it was made
// from: a HELP and a TYPE line per family, then exactly one line per sample whose label
// values unescape to the originals.

#include "metrics/exposition.hpp"
#include "support/check.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz_support {

namespace exposition_detail {

inline std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        auto end = text.find('\n');
        require(end != std::string_view::npos, "every exposition line ends with a line feed");
        lines.push_back(text.substr(0, end));
        text.remove_prefix(end + 1);
    }
    return lines;
}

// The label set at the start of `line` ("{a=\"x\",b=\"y\"}"), unescaped; advances `line`.
inline metrics::Labels read_labels(std::string_view& line) {
    metrics::Labels labels;
    require(line.starts_with('{'), "labels start with {");
    line.remove_prefix(1);
    while (true) {
        auto equals = line.find("=\"");
        require(equals != std::string_view::npos, "a label is name=\"value\"");
        std::string name(line.substr(0, equals));
        line.remove_prefix(equals + 2);
        std::string value;
        while (true) {
            require(!line.empty(), "a label value is closed by a quote");
            char c = line.front();
            line.remove_prefix(1);
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                require(!line.empty(), "an escape has a character");
                char escaped = line.front();
                line.remove_prefix(1);
                require(escaped == '\\' || escaped == '"' || escaped == 'n',
                        "only \\\\, \\\" and \\n are escapes");
                value += escaped == 'n' ? '\n' : escaped;
            } else {
                value += c;
            }
        }
        labels.emplace_back(std::move(name), std::move(value));
        require(!line.empty(), "a label set is closed");
        char next = line.front();
        line.remove_prefix(1);
        if (next == '}') {
            return labels;
        }
        require(next == ',', "labels are separated by commas");
    }
}

} // namespace exposition_detail

inline void check_exposition(const std::vector<metrics::Family>& families,
                             const std::string& text) {
    using namespace exposition_detail;
    auto lines = lines_of(text);
    std::size_t at = 0;
    for (const auto& family : families) {
        require(at + 2 + family.samples.size() <= lines.size(), "one line per sample");
        require(lines[at++].starts_with("# HELP " + family.name + " "), "a HELP line");
        require(lines[at++] == "# TYPE " + family.name + " " + family.type, "a TYPE line");
        for (const auto& sample : family.samples) {
            std::string_view line = lines[at++];
            require(line.starts_with(family.name), "a sample line starts with its name");
            line.remove_prefix(family.name.size());
            if (!sample.labels.empty()) {
                require(read_labels(line) == sample.labels, "label values read back the same");
            }
            require(line.starts_with(' ') && line.size() > 1, "a sample has a value");
        }
    }
    require(at == lines.size(), "one line per sample, nothing else");
}

} // namespace fuzz_support
