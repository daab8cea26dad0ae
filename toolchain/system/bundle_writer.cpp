#include "toolchain/system/bundle_writer.hpp"

#include "toolchain/bundle/bundle_archive.hpp"
#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/tar_archive.hpp"
#include "toolchain/system/run_tool.hpp"
#include "util/environment.hpp"
#include "util/files.hpp"
#include "util/sha256.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fmt/format.h>
#include <map>
#include <sys/stat.h>
#include <unistd.h>

namespace toolchain {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t k_chunk = 1 << 16;

// Reads a file in chunks, handing each to `use`; why it failed, or nothing.
template <typename Use> std::optional<std::string> read_chunks(const std::string& path, Use use) {
    util::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        return util::describe_errno("cannot read " + path);
    }
    std::string buffer(k_chunk, '\0');
    while (true) {
        auto count = util::read_up_to(fd.get(), buffer);
        if (count < 0) {
            return util::describe_errno("cannot read " + path);
        }
        if (count == 0) {
            return std::nullopt;
        }
        if (auto problem =
                use(std::string_view(buffer).substr(0, static_cast<std::size_t>(count)))) {
            return problem;
        }
        if (static_cast<std::size_t>(count) < buffer.size()) {
            return std::nullopt;
        }
    }
}

} // namespace

std::variant<Manifest, std::string> make_manifest(const PackPlan& plan, const std::string& packer) {
    Manifest manifest;
    manifest.packer = packer;
    manifest.machine = plan.machine;
    manifest.loader = plan.loader;
    manifest.compilers = plan.compilers;
    std::map<std::string, ManifestEntry> entries;
    auto add_folder = [&](const std::string& folder) {
        entries.try_emplace(folder, ManifestEntry{EntryType::directory, folder, 0755, 0, "", ""});
    };
    for (const auto& folder : plan.folders) {
        for (const auto& parent : parent_folders(folder)) {
            add_folder(parent);
        }
        add_folder(folder);
    }
    for (const auto& [path, source] : plan.files) {
        for (const auto& parent : parent_folders(path)) {
            add_folder(parent);
        }
    }
    for (const auto& [path, source] : plan.files) {
        if (entries.contains(path)) {
            return fmt::format("{} would be both a folder and a file in the bundle", path);
        }
        struct stat info {};
        if (stat(source.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
            return util::describe_errno("cannot read " + source);
        }
        util::Sha256 hash;
        std::uint64_t size = 0;
        auto problem = read_chunks(source, [&](std::string_view bytes) {
            hash.update(bytes);
            size += bytes.size();
            return std::optional<std::string>();
        });
        if (problem) {
            return *problem;
        }
        unsigned mode = (info.st_mode & 0111) != 0 ? 0755 : 0644;
        entries.emplace(path, ManifestEntry{EntryType::file, path, mode, size,
                                            util::to_hex(hash.finish()), ""});
    }
    for (auto& [path, entry] : entries) {
        manifest.entries.push_back(std::move(entry));
    }
    // What the packer made must pass the worker's own reading.
    auto text = format_manifest(manifest);
    auto checked = parse_manifest(text);
    if (const auto* problem = std::get_if<std::string>(&checked)) {
        return "the bundle would be refused: " + *problem;
    }
    return manifest;
}

std::variant<WrittenBundle, std::string> write_bundle(const PackPlan& plan,
                                                      const std::string& packer,
                                                      const std::string& output,
                                                      const std::string& path) {
    auto made = make_manifest(plan, packer);
    if (const auto* problem = std::get_if<std::string>(&made)) {
        return *problem;
    }
    WrittenBundle written;
    written.manifest = std::get<Manifest>(std::move(made));
    auto text = format_manifest(written.manifest);
    written.id = bundle_id(text);
    auto gzip = util::find_in_path("gzip", util::Environment{{"PATH", path}});
    if (!gzip) {
        return std::string("gzip is not found in PATH");
    }
    auto partial = output + ".partial";
    util::UniqueFd file(
        open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!file.valid()) {
        return util::describe_errno("cannot write " + partial);
    }
    int input[2];
    if (pipe2(input, O_CLOEXEC) != 0) {
        return util::describe_errno("pipe");
    }
    // gzip -n: no name or time in the header, so the same bundle compresses the same.
    ToolRun run{
        {*gzip, "-c", "-n", "-6"}, {"PATH=" + path}, {}, "", 3600s, 4096, input[0], file.get()};
    auto started = start_tool(run);
    close(input[0]);
    if (const auto* problem = std::get_if<std::string>(&started)) {
        close(input[1]);
        return *problem;
    }
    auto previous = signal(SIGPIPE, SIG_IGN); // a gzip that died is an error, not our death
    std::optional<std::string> problem;
    auto put = [&](std::string_view bytes) {
        if (!problem && !util::write_all(input[1], bytes)) {
            problem = util::describe_errno("cannot feed gzip");
        }
        return problem;
    };
    put(manifest_member_header(text.size()));
    put(text);
    put(std::string(tar_padding(text.size()), '\0'));
    for (const auto& entry : written.manifest.entries) {
        auto header = entry_member_header(entry);
        if (!header) {
            problem = fmt::format("{} does not fit the archive format", entry.path);
            break;
        }
        put(*header);
        if (entry.type != EntryType::file) {
            continue;
        }
        util::Sha256 hash;
        std::uint64_t size = 0;
        auto read_problem = read_chunks(plan.files.at(entry.path), [&](std::string_view bytes) {
            hash.update(bytes);
            size += bytes.size();
            return put(bytes);
        });
        if (!problem && read_problem) {
            problem = read_problem;
        }
        if (!problem && (size != entry.size || util::to_hex(hash.finish()) != entry.sha256)) {
            problem = fmt::format("{} changed while it was packed: pack again",
                                  plan.files.at(entry.path));
        }
        put(std::string(tar_padding(size), '\0'));
        written.unpacked_size += size;
        if (problem) {
            break;
        }
    }
    put(tar_end());
    close(input[1]);
    auto result = std::get<RunningTool>(started).finish();
    signal(SIGPIPE, previous);
    if (!problem && result.exit_code != 0) {
        problem = "gzip failed: " + last_words(result);
    }
    struct stat info {};
    if (!problem && (fsync(file.get()) != 0 || fstat(file.get(), &info) != 0)) {
        problem = util::describe_errno("cannot write " + partial);
    }
    if (!problem && rename(partial.c_str(), output.c_str()) != 0) {
        problem = util::describe_errno("cannot write " + output);
    }
    if (problem) {
        unlink(partial.c_str());
        return *problem;
    }
    written.compressed_size = static_cast<std::uint64_t>(info.st_size);
    return written;
}

} // namespace toolchain
