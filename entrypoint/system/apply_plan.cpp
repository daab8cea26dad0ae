#include "entrypoint/system/apply_plan.hpp"

#include "entrypoint/plan/ssh_settings.hpp"
#include "entrypoint/system/authorized_keys_file.hpp"
#include "entrypoint/system/system_accounts.hpp"
#include "entrypoint/system/toolchain_discovery.hpp"
#include "supervisor/run_helper.hpp"
#include "util/directory_lock.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/refusal.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

namespace entrypoint {
namespace {

using util::k_exit_configuration;
using util::Refusal;

class StepApplier {
  public:
    explicit StepApplier(const supervisor::InheritedSignals& inherited) : m_inherited(inherited) {}

    void operator()(const CreateGroup& step) const {
        spdlog::info("creating group {}", step.name);
        run({"groupadd", "-r", step.name}, "groupadd");
    }

    void operator()(const CreateUser& step) const {
        spdlog::info("creating user {}", step.name);
        if (step.system_account) {
            run({"useradd", "-r", "-g", step.group, "-d", "/nonexistent", "-M", "-s", "/bin/false",
                 "-c", "distcc worker", step.name},
                "useradd");
            return;
        }
        // A home planted before the account exists (a link, or someone's directory) would get
        // the keys written into it.
        if (util::entry_kind(step.home) != util::EntryKind::missing) {
            throw Refusal(k_exit_configuration,
                          fmt::format("{} exists before its user {} does: distcc-init does not "
                                      "reuse it (it may be a link or someone else's); remove it",
                                      step.home, step.name));
        }
        // '*' rather than useradd's locked '!': sshd without PAM refuses locked accounts.
        run({"useradd", "-m", "-d", step.home, "-g", step.group, "-s", step.shell, "-c",
             std::string(defaults::k_ssh_user_marker), "-p", "*", step.name},
            "useradd");
    }

    void operator()(const WriteAuthorizedKeys& step) const {
        auto user = find_user(read_passwd(), step.user);
        if (!user) {
            throw Refusal(k_exit_configuration, "user " + step.user + " vanished");
        }
        if (auto problem = install_authorized_keys(*user, step.keys)) {
            throw Refusal(k_exit_configuration, *problem);
        }
        spdlog::info("authorized_keys for {}: {} key(s)", step.user, step.keys.size());
    }

    void operator()(const GenerateHostKeys& step) const {
        make_directory(step.directory, 0755);
        if (util::entry_kind(step.directory) != util::EntryKind::directory) {
            throw Refusal(k_exit_configuration,
                          fmt::format("the host key directory {} is a symbolic link or not a "
                                      "directory: distcc-init follows no link there",
                                      step.directory));
        }
        refuse_planted_key_files(step);
        // Replicas sharing one volume may start at once: the first generates each key, the
        // others wait here and then find it.
        util::DirectoryLock lock(step.directory);
        for (const auto& type : step.missing_types) {
            auto path = host_key_path(step.directory, type);
            if (access(path.c_str(), F_OK) == 0) {
                spdlog::info("the {} host key was generated meanwhile by another start", type);
                continue;
            }
            spdlog::info("generating the {} host key", type);
            run({"ssh-keygen", "-q", "-t", type, "-N", "", "-C", "", "-f", path}, "ssh-keygen");
        }
        log_host_key_fingerprints(step);
    }

    void operator()(const PrepareDirectory& step) const {
        make_directory(step.path, step.owner.empty() ? 0755 : step.mode);
        // Opened without following a link: a link planted in a volume must not make us chown
        // or chmod whatever it points to.
        util::UniqueFd directory(util::open_real_directory(step.path));
        if (!directory.valid()) {
            throw Refusal(k_exit_configuration,
                          fmt::format("{} ({}) is a symbolic link or not a directory: distcc-init "
                                      "follows no link there; make it a real directory",
                                      step.path, step.purpose));
        }
        if (step.owner.empty()) {
            if (access(step.path.c_str(), W_OK | X_OK) != 0) {
                throw Refusal(util::k_exit_needs_root, fmt::format("{} ({}) is not writable by "
                                                                   "this user",
                                                                   step.path, step.purpose));
            }
            return;
        }
        auto user = find_user(read_passwd(), step.owner);
        auto group = find_group(read_group(), step.group);
        if (!user || !group) {
            throw Refusal(k_exit_configuration,
                          fmt::format("cannot give {} ({}) to {}:{}: no such "
                                      "account",
                                      step.path, step.purpose, step.owner, step.group));
        }
        refuse_foreign_owner(directory.get(), step, *user);
        if (fchown(directory.get(), user->uid, group->gid) != 0 ||
            fchmod(directory.get(), step.mode) != 0) {
            throw Refusal(k_exit_configuration,
                          fmt::format("cannot give {} ({}) to {}:{}: {}", step.path, step.purpose,
                                      step.owner, step.group, std::strerror(errno)));
        }
    }

    void operator()(const LinkCompilers& step) const {
        if (auto problem = write_compiler_links(step)) {
            throw Refusal(k_exit_configuration, "cannot set up the served compilers: " + *problem);
        }
    }

    void operator()(const WriteToolchainToken& step) const {
        if (auto problem = util::write_file_atomically(step.path, step.token + "\n",
                                                       {0600, std::nullopt, std::nullopt})) {
            throw Refusal(k_exit_configuration,
                          "cannot write the toolchain push token: " + *problem);
        }
    }

  private:
    // A directory that belongs to neither root nor the account it is for is someone else's:
    // distcc-init does not take it over or loosen its mode.
    static void refuse_foreign_owner(int fd, const PrepareDirectory& step,
                                     const PasswdEntry& user) {
        struct stat info {};
        if (fstat(fd, &info) == 0 && info.st_uid != 0 && info.st_uid != user.uid) {
            throw Refusal(k_exit_configuration,
                          fmt::format("{} ({}) belongs to user ID {}, neither root nor {}: "
                                      "distcc-init does not take it over; give it to {} (ID {}) "
                                      "or use another directory",
                                      step.path, step.purpose, info.st_uid, step.owner, step.owner,
                                      user.uid));
        }
    }

    void run(const std::vector<std::string>& argv, const std::string& what) const {
        auto result = supervisor::run_helper(argv, m_inherited);
        if (result.exit_code == 0) {
            return;
        }
        spdlog::error("{} failed (exit {}): {}", what, result.exit_code, result.output);
        throw Refusal(k_exit_configuration,
                      fmt::format("{} failed with exit code {}; its output is logged above", what,
                                  result.exit_code));
    }

    // Every host key path must be missing or a plain file: ssh-keygen would write through a
    // link, and sshd would read whatever it points to.
    static void refuse_planted_key_files(const GenerateHostKeys& step) {
        for (const auto& type : step.all_types) {
            for (const auto& path : {host_key_path(step.directory, type),
                                     host_key_path(step.directory, type) + ".pub"}) {
                auto kind = util::entry_kind(path);
                if (kind != util::EntryKind::missing && kind != util::EntryKind::regular_file) {
                    throw Refusal(k_exit_configuration,
                                  fmt::format("{} is a symbolic link or not a plain file: "
                                              "distcc-init follows no link among host keys; "
                                              "remove it",
                                              path));
                }
            }
        }
    }

    static void make_directory(const std::string& path, unsigned mode) {
        if (auto problem = util::make_directories(path, mode)) {
            throw Refusal(k_exit_configuration, *problem);
        }
    }

    static void log_host_key_fingerprints(const GenerateHostKeys& step) {
        for (const auto& type : step.all_types) {
            for (const auto& key :
                 read_public_key_file(host_key_path(step.directory, type) + ".pub")) {
                spdlog::info("host key {} {}", key.type, key.fingerprint);
            }
        }
    }

    const supervisor::InheritedSignals& m_inherited;
};

} // namespace

void apply_plan(const Plan& plan, const supervisor::InheritedSignals& inherited) {
    StepApplier applier(inherited);
    for (const auto& step : plan.steps) {
        std::visit(applier, step);
    }
    for (const auto& [name, value] : plan.environment) {
        setenv(name.c_str(), value.c_str(), 1);
    }
    for (const auto& name : plan.removed_environment) {
        unsetenv(name.c_str());
    }
}

} // namespace entrypoint
