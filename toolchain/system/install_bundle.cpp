#include "toolchain/system/install_bundle.hpp"

#include "toolchain/bundle/bundle_path.hpp"
#include "toolchain/bundle/tar_archive.hpp"
#include "toolchain/system/patch_bundle.hpp"
#include "toolchain/system/prove_bundle.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <memory>
#include <set>
#include <sys/stat.h>
#include <unistd.h>

namespace toolchain {
namespace {

using namespace std::chrono_literals;

// Said by the sink when the bundle's id is installed already: stop reading, nothing to do.
constexpr std::string_view k_already = "\x01already installed";

// Writes what the checker passes on into the staging folder. Every parent folder was made
// before (the manifest lists folders first) and the folder is private, so paths are joined.
class StagingSink final : public BundleSink {
  public:
    StagingSink(std::string root, std::optional<std::string> expected_id, const StoreLayout& store)
        : m_root(std::move(root)), m_expected_id(std::move(expected_id)), m_store(store) {}

    std::optional<std::string> begin(const Manifest&, std::string_view text) override {
        auto id = bundle_id(text);
        if (m_expected_id && id != *m_expected_id) {
            return fmt::format("its manifest hashes to {}, not to the id {} it was pushed as",
                               id.substr(0, 12), m_expected_id->substr(0, 12));
        }
        if (util::entry_kind(m_store.bundle(id) + "/manifest") == util::EntryKind::regular_file) {
            return std::string(k_already);
        }
        if (mkdir(m_root.c_str(), 0700) != 0) {
            return util::describe_errno("cannot create " + m_root);
        }
        return std::nullopt;
    }

    std::optional<std::string> directory(const ManifestEntry& entry) override {
        if (mkdir(path(entry).c_str(), 0700) != 0) {
            return util::describe_errno("cannot create " + entry.path);
        }
        return std::nullopt;
    }

    std::optional<std::string> file_begin(const ManifestEntry& entry) override {
        m_file =
            open(path(entry).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (m_file < 0) {
            return util::describe_errno("cannot create " + entry.path);
        }
        return std::nullopt;
    }

    std::optional<std::string> file_data(std::string_view bytes) override {
        if (!util::write_all(m_file, bytes)) {
            return util::describe_errno("cannot write the bundle's files (disk full?)");
        }
        return std::nullopt;
    }

    std::optional<std::string> file_end() override {
        close(m_file);
        m_file = -1;
        return std::nullopt;
    }

    std::optional<std::string> symlink(const ManifestEntry& entry) override {
        if (::symlink(entry.link_target.c_str(), path(entry).c_str()) != 0) {
            return util::describe_errno("cannot create " + entry.path);
        }
        return std::nullopt;
    }

    ~StagingSink() override {
        if (m_file >= 0) {
            close(m_file);
        }
    }
    StagingSink(const StagingSink&) = delete;
    StagingSink& operator=(const StagingSink&) = delete;

  private:
    std::string path(const ManifestEntry& entry) const { return m_root + "/" + entry.path; }

    std::string m_root;
    std::optional<std::string> m_expected_id;
    const StoreLayout& m_store;
    int m_file = -1;
};

// gzip -dc of `file` into the visitor; why the archive is refused, or nothing.
std::optional<std::string> stream_archive(const std::string& gzip_path, const std::string& file,
                                          TarVisitor& visitor) {
    util::UniqueFd input(open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (!input.valid()) {
        return util::describe_errno("cannot read " + file);
    }
    int output[2];
    if (pipe2(output, O_CLOEXEC) != 0) {
        return util::describe_errno("pipe");
    }
    int reader = output[0];
    ToolRun run{{gzip_path, "-dc"}, {"PATH=/usr/bin:/bin"}, {}, "", 600s, 4096, input.get(),
                output[1]};
    auto started = start_tool(run);
    close(output[1]);
    if (const auto* problem = std::get_if<std::string>(&started)) {
        close(reader);
        return *problem;
    }
    TarReader tar(visitor);
    std::optional<std::string> problem;
    std::string buffer(1 << 16, '\0');
    while (!problem) {
        auto count = util::read_up_to(reader, buffer);
        if (count < 0) {
            problem = util::describe_errno("cannot read gzip's output");
        } else if (count == 0) {
            break;
        } else {
            problem = tar.feed(std::string_view(buffer).substr(0, static_cast<std::size_t>(count)));
        }
        if (count >= 0 && static_cast<std::size_t>(count) < buffer.size()) {
            break;
        }
    }
    close(reader); // gzip stops at once if we stopped reading early
    auto gzip = std::get<RunningTool>(started).finish();
    if (problem) {
        return problem;
    }
    if (gzip.exit_code != 0) {
        return fmt::format("it is not a whole gzip file (truncated or damaged): {}",
                           last_words(gzip));
    }
    return tar.finish();
}

// The bundle in `file` through the checker (and its sink).
std::optional<std::string> unpack(const InstallSettings& settings, const std::string& file,
                                  BundleChecker& checker) {
    if (auto problem = stream_archive(settings.gzip, file, checker)) {
        return problem;
    }
    return checker.finish();
}

// Gives the unpacked tree to `owner` (lchown, never through a link) and sets the modes it is
// served with; also refuses anything in it the manifest does not list.
std::optional<std::string> settle_tree(const std::string& root, const Manifest& manifest,
                                       std::optional<UserIds> owner, bool writable_by_owner) {
    std::set<std::string, std::less<>> listed;
    for (const auto& entry : manifest.entries) {
        listed.insert(entry.path);
    }
    std::vector<std::string> folders{""};
    for (const auto& entry : manifest.entries) {
        if (entry.type == EntryType::directory) {
            folders.push_back(entry.path);
        }
    }
    for (const auto& folder : folders) {
        auto full = folder.empty() ? root : root + "/" + folder;
        std::unique_ptr<DIR, int (*)(DIR*)> listing(opendir(full.c_str()), closedir);
        if (!listing) {
            return util::describe_errno("cannot list " + full);
        }
        while (auto* entry = readdir(listing.get())) {
            std::string name(entry->d_name);
            if (name == "." || name == "..") {
                continue;
            }
            auto path = folder.empty() ? name : folder + "/" + name;
            if (!listed.contains(path)) {
                return fmt::format("{} appeared in the bundle while it was patched", path);
            }
        }
    }
    folders.erase(folders.begin());
    for (const auto& entry : manifest.entries) {
        auto full = root + "/" + entry.path;
        if (owner && lchown(full.c_str(), owner->uid, owner->gid) != 0) {
            return util::describe_errno("cannot give " + entry.path + " its owner");
        }
        if (entry.type == EntryType::symlink) {
            continue;
        }
        unsigned mode =
            entry.type == EntryType::directory || (entry.mode & 0100) != 0 ? 0755 : 0644;
        if (writable_by_owner) {
            mode |= 0200;
        }
        if (fchmodat(AT_FDCWD, full.c_str(), mode, 0) != 0) {
            return util::describe_errno("cannot set the mode of " + entry.path);
        }
    }
    if ((owner && lchown(root.c_str(), owner->uid, owner->gid) != 0) ||
        chmod(root.c_str(), 0755) != 0) {
        return util::describe_errno("cannot give " + root + " its owner and mode");
    }
    return std::nullopt;
}

std::optional<UserIds> root_ids() {
    return geteuid() == 0 ? std::optional(UserIds{0, 0}) : std::nullopt;
}

} // namespace

std::variant<InstallOutcome, std::string>
install_bundle(const InstallSettings& settings, const std::string& file,
               const std::optional<std::string>& expected_id, const std::string& origin) {
    const auto& store = settings.store;
    for (const auto& folder : {store.installed(), store.staging()}) {
        if (auto problem = util::make_directories(folder, 0755)) {
            return *problem;
        }
    }
    auto work = store.staging() + "/bundle.XXXXXX";
    if (mkdtemp(work.data()) == nullptr) {
        return util::describe_errno("cannot create a staging folder in " + store.staging());
    }
    struct Cleanup {
        std::string path;
        ~Cleanup() {
            if (!path.empty()) {
                util::remove_tree(path);
            }
        }
    } cleanup{work};
    StagingSink sink(work + "/root", expected_id, store);
    BundleChecker checker(settings.limits, &sink);
    if (auto problem = unpack(settings, file, checker)) {
        if (*problem == k_already) {
            return InstallOutcome{checker.id(), *checker.manifest(), true};
        }
        return *problem;
    }
    const auto& manifest = *checker.manifest();
    auto id = checker.id();
    auto final_folder = store.bundle(id);
    auto final_root = store.bundle_root(id);
    // patchelf works as the compile user on files of its own; root owns them afterwards.
    if (auto problem = settle_tree(work + "/root", manifest, settings.compile_user, true)) {
        return *problem;
    }
    if (settings.compile_user &&
        chown(work.c_str(), settings.compile_user->uid, settings.compile_user->gid) != 0) {
        return util::describe_errno("cannot give " + work + " to the compile user");
    }
    if (auto problem = patch_bundle(
            manifest, {settings.patchelf, work + "/root", final_root, settings.compile_user})) {
        return *problem;
    }
    if (auto problem = settle_tree(work + "/root", manifest, root_ids(), false)) {
        return *problem;
    }
    if (auto owner = root_ids(); owner && chown(work.c_str(), owner->uid, owner->gid) != 0) {
        return util::describe_errno("cannot give " + work + " back to root");
    }
    chmod(work.c_str(), 0755);
    util::remove_tree(final_folder); // an unfinished folder of an earlier attempt
    if (rename(work.c_str(), final_folder.c_str()) != 0) {
        return util::describe_errno("cannot move the bundle into " + final_folder);
    }
    cleanup.path = final_folder; // removed again unless it proves itself
    auto proof_work = store.staging() + "/proof.XXXXXX";
    if (mkdtemp(proof_work.data()) == nullptr) {
        return util::describe_errno("cannot create a folder for the proof");
    }
    struct ProofCleanup {
        std::string path;
        ~ProofCleanup() { util::remove_tree(path); }
    } proof_cleanup{proof_work};
    if (settings.compile_user &&
        chown(proof_work.c_str(), settings.compile_user->uid, settings.compile_user->gid) != 0) {
        return util::describe_errno("cannot give " + proof_work + " to the compile user");
    }
    if (auto problem = prove_bundle(manifest, {final_root, proof_work, settings.compile_user})) {
        return "it does not prove itself: " + *problem;
    }
    if (auto problem = util::write_file_atomically(final_folder + "/origin", origin + "\n")) {
        return *problem;
    }
    if (auto problem =
            util::write_file_atomically(final_folder + "/manifest", format_manifest(manifest))) {
        return *problem;
    }
    cleanup.path.clear();
    return InstallOutcome{id, manifest, false};
}

std::optional<std::string> read_bundle_id(const InstallSettings& settings,
                                          const std::string& file) {
    // The first member's bytes, as they are: the worker, not this reader, judges them.
    class FirstMember final : public TarVisitor {
      public:
        std::optional<std::string> member(const TarHeader& header) override {
            if (header.path != k_manifest_member || header.size > k_max_manifest_size) {
                return std::string("no manifest first");
            }
            return std::nullopt;
        }
        std::optional<std::string> data(std::string_view bytes) override {
            text.append(bytes);
            return std::nullopt;
        }
        std::optional<std::string> member_end() override { return std::string(k_already); }
        std::string text;
    } first;
    if (stream_archive(settings.gzip, file, first) == k_already) {
        return bundle_id(first.text);
    }
    return std::nullopt;
}

void remove_installed(const StoreLayout& store, const std::string& id) {
    if (is_sha256_hex(id)) {
        util::remove_tree(store.bundle(id));
    }
}

} // namespace toolchain
