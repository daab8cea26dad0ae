#pragma once

// Hand-written seeds stay readable: a fuzz input is a list of records, one per line (a final
// line feed ends the last record). A line that starts with one space continues the record
// above it after a line feed, so any byte sequence, line feeds included, can be a record.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz_support {

inline std::vector<std::string> split_records(std::string_view data) {
    std::vector<std::string> records;
    while (!data.empty()) {
        auto end = data.find('\n');
        auto line = data.substr(0, end);
        if (!records.empty() && line.starts_with(' ')) {
            records.back() += '\n';
            records.back() += line.substr(1);
        } else {
            records.emplace_back(line);
        }
        data.remove_prefix(end == std::string_view::npos ? data.size() : end + 1);
    }
    return records;
}

// A record "$NAME=VALUE" (or "$NAME", an empty value) sets an environment variable: true when
// the record was one, false when it is something else for the harness to read.
inline bool read_environment_record(const std::string& record,
                                    std::map<std::string, std::string>& environment) {
    if (!record.starts_with('$')) {
        return false;
    }
    auto equals = record.find('=');
    environment[record.substr(1, equals == std::string::npos ? equals : equals - 1)] =
        equals == std::string::npos ? "" : record.substr(equals + 1);
    return true;
}

} // namespace fuzz_support
