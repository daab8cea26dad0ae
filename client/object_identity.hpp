#pragma once

// A check's rows: which compiler made the probe objects here and on the worker, compared
// (pure). The object's identity is read by toolchain::read_object_identity.

#include "toolchain/bundle/elf_file.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace client {

using toolchain::ObjectIdentity;
using toolchain::read_object_identity;

// One line of `distcc-init check`: a host, a compiler, what came of it.
enum class CheckResult { ok, not_served, version_differs, target_differs, unreachable };

struct CheckRow {
    std::string host;
    std::string compiler;
    CheckResult result = CheckResult::ok;
    std::optional<ObjectIdentity> local;  // compiled here
    std::optional<ObjectIdentity> worker; // compiled by the worker
    std::string detail;                   // why: the client's last error line, ...
};

// OK, version differs or target differs, from the two objects.
CheckResult compare_identities(const ObjectIdentity& local, const ObjectIdentity& worker);

// "OK", "not served", "version differs", "target differs", "unreachable".
std::string_view result_name(CheckResult result);

// A table: HOST, COMPILER, RESULT and what differs or why, one row per check.
std::string render_check_table(const std::vector<CheckRow>& rows);

// The same as a JSON array of objects.
std::string render_check_json(const std::vector<CheckRow>& rows);

} // namespace client
