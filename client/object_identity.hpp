#pragma once

// Which compiler made an object file, read from the object itself: distcc preprocesses on the
// client, so __VERSION__ would name the client's compiler; the ELF .comment section is
// written by the compiler proper (cc1, clang) on the worker, and the ELF header names the
// target. Pure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace client {

struct ObjectIdentity {
    std::string compiler; // the .comment strings, e.g. "GCC: (Debian 12.2.0-14) 12.2.0"
    std::string target;   // e.g. "ELF64 LSB x86-64", "ELF64 LSB AArch64"
};

// Nothing when `bytes` is not an ELF relocatable object this parser can read.
std::optional<ObjectIdentity> read_object_identity(std::string_view bytes);

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
