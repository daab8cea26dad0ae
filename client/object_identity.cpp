#include "client/object_identity.hpp"

#include "util/json_text.hpp"

#include <fmt/format.h>

namespace client {
namespace {

std::string json_identity(const std::optional<ObjectIdentity>& identity) {
    if (!identity) {
        return "null";
    }
    return fmt::format("{{\"compiler\":{},\"target\":{}}}", util::json_quote(identity->compiler),
                       util::json_quote(identity->target));
}

// What the RESULT column says beyond the result itself.
std::string explain(const CheckRow& row) {
    switch (row.result) {
    case CheckResult::ok:
        return row.worker ? fmt::format("{}, {}", row.worker->compiler, row.worker->target) : "";
    case CheckResult::version_differs:
        return fmt::format("here {:?}, worker {:?}", row.local->compiler, row.worker->compiler);
    case CheckResult::target_differs:
        return fmt::format("here {}, worker {}", row.local->target, row.worker->target);
    default:
        return row.detail;
    }
}

} // namespace

CheckResult compare_identities(const ObjectIdentity& local, const ObjectIdentity& worker) {
    if (local.target != worker.target) {
        return CheckResult::target_differs;
    }
    return local.compiler == worker.compiler ? CheckResult::ok : CheckResult::version_differs;
}

std::string_view result_name(CheckResult result) {
    switch (result) {
    case CheckResult::ok:
        return "OK";
    case CheckResult::not_served:
        return "not served";
    case CheckResult::version_differs:
        return "version differs";
    case CheckResult::target_differs:
        return "target differs";
    case CheckResult::unreachable:
        return "unreachable";
    }
    return "?";
}

std::string render_check_table(const std::vector<CheckRow>& rows) {
    std::size_t host_width = 4;
    std::size_t compiler_width = 8;
    for (const auto& row : rows) {
        host_width = std::max(host_width, row.host.size());
        compiler_width = std::max(compiler_width, row.compiler.size());
    }
    std::string text =
        fmt::format("{:<{}}  {:<{}}  RESULT\n", "HOST", host_width, "COMPILER", compiler_width);
    for (const auto& row : rows) {
        auto why = explain(row);
        text += fmt::format("{:<{}}  {:<{}}  {}{}\n", row.host, host_width, row.compiler,
                            compiler_width, result_name(row.result),
                            why.empty() ? "" : " (" + why + ")");
    }
    return text;
}

std::string render_check_json(const std::vector<CheckRow>& rows) {
    std::vector<std::string> entries;
    for (const auto& row : rows) {
        entries.push_back(
            fmt::format("{{\"host\":{},\"compiler\":{},\"result\":{},\"local\":{},\"worker\":{},"
                        "\"detail\":{}}}",
                        util::json_quote(row.host), util::json_quote(row.compiler),
                        util::json_quote(result_name(row.result)), json_identity(row.local),
                        json_identity(row.worker), util::json_quote(row.detail)));
    }
    return fmt::format("[{}]\n", fmt::join(entries, ","));
}

} // namespace client
