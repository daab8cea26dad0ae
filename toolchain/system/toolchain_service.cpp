#include "toolchain/system/toolchain_service.hpp"

#include "entrypoint/plan/defaults.hpp"
#include "entrypoint/plan/passwd_file.hpp"
#include "toolchain/bundle/elf_file.hpp"
#include "toolchain/bundle/push_protocol.hpp"
#include "toolchain/system/install_bundle.hpp"
#include "toolchain/system/line_channel.hpp"
#include "toolchain/system/store.hpp"
#include "util/environment.hpp"
#include "util/exit_codes.hpp"
#include "util/files.hpp"
#include "util/sha256.hpp"
#include "util/socket_address.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

namespace toolchain {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Connections served at once; more wait in the listen queue.
constexpr int k_max_connections = 8;
// A request line must come within this; a bundle's bytes must keep coming within it.
constexpr auto k_idle_timeout = 60s;
// An unreferenced bundle is removed once nothing has used it for this long.
constexpr auto k_unused_grace = 60s;

std::mutex g_log_mutex;

void log_info(const std::string& line) {
    std::lock_guard lock(g_log_mutex);
    spdlog::info("toolchains: {}", line);
}

void log_warning(const std::string& line) {
    std::lock_guard lock(g_log_mutex);
    spdlog::warn("toolchains: {}", line);
}

std::string random_nonce() {
    std::array<std::uint8_t, 32> bytes{};
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        auto count = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
        if (count > 0) {
            filled += static_cast<std::size_t>(count);
        } else if (errno != EINTR) {
            std::abort(); // no randomness: a nonce must never repeat
        }
    }
    return util::to_hex(bytes);
}

// A connection, closed with the object.
class Connection : public LineChannel {
  public:
    explicit Connection(int fd)
        : LineChannel(fd, fd,
                      std::chrono::duration_cast<std::chrono::milliseconds>(k_idle_timeout)),
          m_fd(fd) {}
    ~Connection() { close(m_fd); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

  private:
    int m_fd;
};

std::optional<UserIds> find_user_ids(const std::string& name) {
    auto passwd = util::read_text_file("/etc/passwd");
    if (!passwd) {
        return std::nullopt;
    }
    auto user = entrypoint::find_user(entrypoint::parse_passwd(*passwd), name);
    return user ? std::optional(UserIds{user->uid, user->gid}) : std::nullopt;
}

// Is any process using files under `root` (running them, or having them mapped)?
bool in_use(const std::string& root) {
    std::unique_ptr<DIR, int (*)(DIR*)> proc(opendir("/proc"), closedir);
    if (!proc) {
        return true;
    }
    while (auto* entry = readdir(proc.get())) {
        if (!std::isdigit(static_cast<unsigned char>(entry->d_name[0]))) {
            continue;
        }
        auto base = fmt::format("/proc/{}/", entry->d_name);
        if (util::read_symlink(base + "exe").value_or("").starts_with(root + "/")) {
            return true;
        }
        util::UniqueFd maps(open((base + "maps").c_str(), O_RDONLY | O_CLOEXEC));
        if (maps.valid() &&
            util::read_rest(maps.get()).value_or("").find(root + "/") != std::string::npos) {
            return true;
        }
    }
    return false;
}

class Service {
  public:
    explicit Service(const ServiceOptions& options)
        : m_options(options), m_socket(options.run_directory + "/" +
                                       std::string(entrypoint::defaults::k_toolchain_socket_name)),
          m_served{options.run_directory + "/" +
                       std::string(entrypoint::defaults::k_compiler_links),
                   options.run_directory + "/" +
                       std::string(entrypoint::defaults::k_compiler_real_links),
                   options.run_directory + "/" +
                       std::string(entrypoint::defaults::k_compiler_image_links),
                   options.run_directory + "/" + std::string(entrypoint::defaults::k_compiler_list),
                   options.guard} {
        m_install.store = StoreLayout{options.store};
        m_install.limits = {options.max_size, own_machine()};
        if (geteuid() == 0 && options.compile_user) {
            m_install.compile_user = find_user_ids(*options.compile_user);
        }
        auto path = util::Environment{{"PATH", util::k_default_path}};
        m_install.patchelf = util::find_in_path("patchelf", path).value_or("");
        m_install.gzip = util::find_in_path("gzip", path).value_or("");
        if (options.ssh_user) {
            if (auto ids = find_user_ids(*options.ssh_user)) {
                m_ssh_uid = ids->uid;
            }
        }
    }

    int run() {
        signal(SIGPIPE, SIG_IGN);
        // What it installs is news for the worker's log, whatever the companions' default.
        if (spdlog::get_level() > spdlog::level::info) {
            spdlog::set_level(spdlog::level::info);
        }
        if (m_install.patchelf.empty() || m_install.gzip.empty()) {
            log_warning("patchelf or gzip is not installed: bundles cannot be installed");
        }
        if (m_options.compile_user && geteuid() == 0 && !m_install.compile_user) {
            log_warning(fmt::format("user {} does not exist: bundles are not installed",
                                    *m_options.compile_user));
        }
        read_token();
        auto local = listen_local();
        auto remote = m_options.port != 0 ? listen_tcp() : -1;
        if (local < 0 && remote < 0) {
            return util::k_exit_configuration;
        }
        tidy_store();
        install_placed_bundles();
        serve_now();
        accept_loop(local, remote);
        return 0;
    }

  private:
    static unsigned own_machine() {
        auto self = util::read_text_file("/proc/self/exe");
        auto header = self ? read_elf_header(*self) : std::nullopt;
        return header ? header->machine : 0;
    }

    void read_token() {
        if (!m_options.token_file) {
            return;
        }
        util::UniqueFd fd(open(m_options.token_file->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
        auto text = fd.valid() ? util::read_rest(fd.get()) : std::nullopt;
        auto token = text ? std::string(util::trim(*text)) : std::string();
        if (auto problem = text ? check_token(token) : std::optional<std::string>("unreadable")) {
            log_warning(fmt::format("the push token in {} cannot be used ({}): TCP pushes are "
                                    "refused",
                                    *m_options.token_file, *problem));
            return;
        }
        m_token = token;
    }

    int listen_local() {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        if (fd < 0 || m_socket.size() >= sizeof address.sun_path) {
            return -1;
        }
        std::strcpy(address.sun_path, m_socket.c_str());
        unlink(m_socket.c_str());
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            chmod(m_socket.c_str(), 0666) != 0 || listen(fd, 16) != 0) {
            log_warning(util::describe_errno("cannot listen on " + m_socket));
            close(fd);
            return -1;
        }
        return fd;
    }

    int listen_tcp() {
        std::string problem;
        int fd = util::listen_tcp(m_options.address.value_or("0.0.0.0"), m_options.port, problem);
        if (fd < 0) {
            log_warning(fmt::format("cannot listen for pushes: {}", problem));
            return -1;
        }
        log_info(m_token ? fmt::format("TCP pushes with the token on port {}", m_options.port)
                         : fmt::format("port {} refuses every push: DISTCC_TOOLCHAIN_TOKEN is "
                                       "not set",
                                       m_options.port));
        return fd;
    }

    // What an earlier run left unfinished goes; so do bundles no name leads to.
    void tidy_store() {
        const auto& store = m_install.store;
        util::remove_tree(store.staging());
        util::UniqueFd folder(util::open_real_directory(store.installed()));
        std::unique_ptr<DIR, int (*)(DIR*)> listing(
            folder.valid() ? fdopendir(dup(folder.get())) : nullptr, closedir);
        std::vector<std::string> unfinished;
        while (listing && (errno = 0, true)) {
            auto* entry = readdir(listing.get());
            if (entry == nullptr) {
                break;
            }
            if (is_sha256_hex(entry->d_name) &&
                util::entry_kind(store.bundle(entry->d_name) + "/manifest") !=
                    util::EntryKind::regular_file) {
                unfinished.emplace_back(entry->d_name);
            }
        }
        for (const auto& id : unfinished) {
            remove_installed(store, id);
        }
        collect_garbage(true);
    }

    void install_placed_bundles() {
        const auto& root = m_options.store;
        util::UniqueFd folder(util::open_real_directory(root));
        std::unique_ptr<DIR, int (*)(DIR*)> listing(
            folder.valid() ? fdopendir(dup(folder.get())) : nullptr, closedir);
        std::vector<std::string> files;
        while (listing) {
            auto* entry = readdir(listing.get());
            if (entry == nullptr) {
                break;
            }
            std::string name(entry->d_name);
            if (entry->d_type == DT_REG && name.ends_with(".tar.gz")) {
                files.push_back(name);
            }
        }
        std::ranges::sort(files);
        for (const auto& name : files) {
            auto path = root + "/" + name;
            auto id = read_bundle_id(m_install, path);
            if (id && util::entry_kind(m_install.store.bundle(*id) + "/manifest") ==
                          util::EntryKind::regular_file) {
                continue; // installed at an earlier start: its names are as they were left
            }
            auto outcome = install_and_claim(path, std::nullopt, false, "file " + name);
            if (!outcome.ok) {
                log_warning(fmt::format("{} is not installed: {}", name, outcome.text));
            } else {
                log_info(fmt::format("{}: {}", name, outcome.text));
            }
        }
    }

    // The names the worker serves now: the image's, with the bundles' on top.
    std::optional<std::string> serve_now() {
        auto served = read_served_links(m_served.image_directory);
        auto bundles = read_installed(m_install.store);
        for (const auto& [name, driver] :
             bundle_served_names(m_install.store, bundles, read_claims(m_install.store))) {
            served[name] = driver;
        }
        auto problem = update_served_names(m_served, served);
        if (problem) {
            log_warning("cannot serve the names: " + *problem);
        }
        return problem;
    }

    std::optional<std::string> identity_of(const std::vector<InstalledBundle>& bundles,
                                           const std::string& id, const std::string& name) {
        for (const auto& bundle : bundles) {
            if (bundle.id != id) {
                continue;
            }
            for (const auto& compiler : bundle.manifest.compilers) {
                if (std::ranges::find(compiler.names, name) != compiler.names.end()) {
                    return compiler.identity + ", " + compiler.object;
                }
            }
        }
        return std::nullopt;
    }

    // Installs (unless installed) and gives the bundle its names; "ok" text or one line.
    struct Outcome {
        bool ok = false;
        std::string text; // what was done, or why not
    };
    Outcome install_and_claim(const std::string& file, const std::optional<std::string>& id,
                              bool replace, const std::string& origin) {
        std::lock_guard lock(m_store_mutex);
        if (m_install.patchelf.empty() || m_install.gzip.empty()) {
            return problem("this worker lacks patchelf or gzip");
        }
        if (geteuid() == 0 && !m_install.compile_user) {
            return problem("this worker lacks the user compilers run as");
        }
        std::variant<InstallOutcome, std::string> installed =
            file.empty() ? std::variant<InstallOutcome, std::string>(InstallOutcome{*id, {}, true})
                         : install_bundle(m_install, file, id, origin);
        if (auto* refused = std::get_if<std::string>(&installed)) {
            return problem(*refused);
        }
        const auto& outcome = std::get<InstallOutcome>(installed);
        return claim(outcome.id, replace, outcome.already_installed);
    }

    Outcome claim(const std::string& id, bool replace, bool already) {
        auto bundles = read_installed(m_install.store);
        auto bundle = std::ranges::find_if(bundles, [&](const auto& b) { return b.id == id; });
        if (bundle == bundles.end()) {
            return problem("the bundle is not installed here");
        }
        std::vector<std::string> names;
        for (const auto& compiler : bundle->manifest.compilers) {
            names.insert(names.end(), compiler.names.begin(), compiler.names.end());
        }
        auto claims = read_claims(m_install.store);
        auto claimed = claim_names(claims, id, names, replace,
                                   [&](const std::string& owner, const std::string& name) {
                                       return identity_of(bundles, owner, name);
                                   });
        if (auto* refused = std::get_if<std::string>(&claimed)) {
            if (!already) {
                remove_unclaimed(id);
            }
            return problem(*refused);
        }
        if (auto failed = write_claims(m_install.store, std::get<NameClaims>(claimed))) {
            return problem(*failed);
        }
        if (auto failed = serve_now()) {
            return problem(*failed);
        }
        std::vector<std::string> described;
        for (const auto& compiler : bundle->manifest.compilers) {
            described.push_back(fmt::format("{} {} ({})", compiler.family, compiler.version,
                                            fmt::join(compiler.names, ", ")));
        }
        return {true, fmt::format("bundle {} {}, serving {}", id.substr(0, 12),
                                  already ? "was installed already" : "installed",
                                  fmt::join(described, "; "))};
    }

    Outcome release(const std::string& what) {
        std::lock_guard lock(m_store_mutex);
        auto claims = read_claims(m_install.store);
        auto released = release_names(claims, what);
        if (auto* refused = std::get_if<std::string>(&released)) {
            return problem(*refused);
        }
        const auto& remaining = std::get<NameClaims>(released);
        std::vector<std::string> gone;
        for (const auto& [name, id] : claims) {
            if (!remaining.contains(name)) {
                gone.push_back(name);
            }
        }
        if (auto failed = write_claims(m_install.store, remaining)) {
            return problem(*failed);
        }
        if (auto failed = serve_now()) {
            return problem(*failed);
        }
        return {true, fmt::format("no longer served from a bundle: {}", fmt::join(gone, ", "))};
    }

    static Outcome problem(const std::string& text) { return {false, text}; }

    void remove_unclaimed(const std::string& id) {
        auto ids = claimed_ids(read_claims(m_install.store));
        if (std::ranges::find(ids, id) == ids.end()) {
            remove_installed(m_install.store, id);
        }
    }

    // Bundles no name leads to are removed once no process has used them for a while (a
    // compile that started with one finishes with it); at start, at once.
    void collect_garbage(bool at_start) {
        std::lock_guard lock(m_store_mutex);
        auto claimed = claimed_ids(read_claims(m_install.store));
        auto now = Clock::now();
        for (const auto& bundle : read_installed(m_install.store)) {
            if (std::ranges::find(claimed, bundle.id) != claimed.end()) {
                m_unused_since.erase(bundle.id);
                continue;
            }
            auto root = m_install.store.bundle_root(bundle.id);
            if (!at_start && in_use(root)) {
                m_unused_since[bundle.id] = now;
                continue;
            }
            auto since = m_unused_since.try_emplace(bundle.id, now).first->second;
            if (at_start || now - since >= k_unused_grace) {
                remove_installed(m_install.store, bundle.id);
                m_unused_since.erase(bundle.id);
                log_info(
                    fmt::format("bundle {} removed: no name leads to it", bundle.id.substr(0, 12)));
            }
        }
    }

    void accept_loop(int local, int remote) {
        while (true) {
            std::array<pollfd, 2> waits{pollfd{local, POLLIN, 0}, pollfd{remote, POLLIN, 0}};
            int ready = poll(waits.data(), waits.size(), 30000);
            if (ready < 0 && errno != EINTR) {
                log_warning(util::describe_errno("poll"));
                std::this_thread::sleep_for(1s);
                continue;
            }
            if (ready <= 0) {
                collect_garbage(false);
                continue;
            }
            for (const auto& wait : waits) {
                if (wait.fd >= 0 && (wait.revents & POLLIN) != 0) {
                    accept_one(wait.fd, wait.fd == local);
                }
            }
        }
    }

    void accept_one(int listener, bool local) {
        sockaddr_storage peer{};
        socklen_t size = sizeof peer;
        int fd = accept4(listener, reinterpret_cast<sockaddr*>(&peer), &size, SOCK_CLOEXEC);
        if (fd < 0) {
            return;
        }
        if (m_active.load() >= k_max_connections) {
            Connection busy(fd);
            busy.send(format_greeting({random_nonce(), PushAuth::none}));
            busy.send(format_reply({ReplyKind::error, "the worker is busy with other pushes; "
                                                      "try again"}));
            return;
        }
        std::string from = local ? "ssh push" : "tcp push from " + peer_address(peer);
        ++m_active;
        std::thread([this, fd, local, from] {
            handle(fd, local, from);
            --m_active;
        }).detach();
    }

    static std::string peer_address(const sockaddr_storage& peer) {
        char text[INET6_ADDRSTRLEN] = "?";
        if (peer.ss_family == AF_INET) {
            inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer).sin_addr, text,
                      sizeof text);
        } else if (peer.ss_family == AF_INET6) {
            inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr, text,
                      sizeof text);
        }
        return text;
    }

    // Who may use the socket: root, this service's user, and the SSH user.
    std::optional<std::string> refuse_peer(int fd) const {
        ucred credentials{};
        socklen_t size = sizeof credentials;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) {
            return std::string("cannot tell who is asking");
        }
        if (credentials.uid == 0 || credentials.uid == geteuid() ||
            (m_ssh_uid && credentials.uid == *m_ssh_uid)) {
            return std::nullopt;
        }
        return fmt::format("user ID {} may not push toolchains", credentials.uid);
    }

    void handle(int fd, bool local, const std::string& from) {
        Connection connection(fd);
        auto nonce = random_nonce();
        auto auth = local ? PushAuth::peer : m_token ? PushAuth::token : PushAuth::none;
        connection.send(format_greeting({nonce, auth}));
        auto answer = [&](ReplyKind kind, const std::string& text) {
            connection.send(format_reply({kind, text}));
            if (kind == ReplyKind::error) {
                log_warning(fmt::format("{} refused: {}", from, text));
            } else if (kind == ReplyKind::ok) {
                log_info(fmt::format("{}: {}", from, text));
            }
        };
        if (local) {
            if (auto refused = refuse_peer(fd)) {
                answer(ReplyKind::error, *refused);
                return;
            }
        }
        auto line = connection.read_line();
        if (!line) {
            return; // gone, or silent: nothing was asked
        }
        auto parsed = parse_request(*line);
        if (auto* problem = std::get_if<std::string>(&parsed)) {
            answer(ReplyKind::error, *problem);
            return;
        }
        auto& request = std::get<ParsedRequest>(parsed);
        if (auth == PushAuth::none) {
            answer(ReplyKind::error, "this worker accepts no push: DISTCC_TOOLCHAIN_TOKEN is not "
                                     "set on it");
            return;
        }
        if (auth == PushAuth::token &&
            !mac_matches(*m_token, nonce, request.request, request.mac)) {
            answer(ReplyKind::error, "wrong token: the request's MAC does not match this "
                                     "worker's DISTCC_TOOLCHAIN_TOKEN");
            return;
        }
        Outcome outcome;
        if (auto* remove = std::get_if<RemoveRequest>(&request.request)) {
            outcome = release(remove->what);
        } else {
            outcome = receive(connection, std::get<PushRequest>(request.request), from);
        }
        answer(outcome.ok ? ReplyKind::ok : ReplyKind::error, outcome.text);
    }

    Outcome receive(Connection& connection, const PushRequest& push, const std::string& from) {
        if (push.size > m_options.max_size) {
            return problem(fmt::format("the bundle is too large: {:.1f} MB, the limit is {:.1f} "
                                       "MB (DISTCC_TOOLCHAIN_MAX_SIZE)",
                                       static_cast<double>(push.size) / 1e6,
                                       static_cast<double>(m_options.max_size) / 1e6));
        }
        if (util::entry_kind(m_install.store.bundle(push.id) + "/manifest") ==
            util::EntryKind::regular_file) {
            connection.send(format_reply({ReplyKind::present, ""}));
            std::lock_guard lock(m_store_mutex);
            return claim(push.id, push.replace, true);
        }
        if (auto failed = util::make_directories(m_install.store.staging(), 0755)) {
            return problem(*failed);
        }
        auto file = m_install.store.staging() + "/push.XXXXXX";
        int fd = mkstemp(file.data());
        if (fd < 0) {
            return problem(util::describe_errno("cannot store the bundle"));
        }
        util::UniqueFd written(fd);
        struct Remove {
            std::string path;
            ~Remove() { unlink(path.c_str()); }
        } remove{file};
        connection.send(format_reply({ReplyKind::send, ""}));
        if (!connection.copy_to(fd, push.size)) {
            return problem("the bundle did not arrive whole (the connection ended or stalled)");
        }
        auto started = Clock::now();
        auto outcome = install_and_claim(file, push.id, push.replace, from);
        if (outcome.ok) {
            outcome.text +=
                fmt::format(" ({:.1f} s to install)",
                            std::chrono::duration<double>(Clock::now() - started).count());
        }
        return outcome;
    }

    const ServiceOptions& m_options;
    std::string m_socket;
    ServedLayout m_served;
    InstallSettings m_install;
    std::optional<uid_t> m_ssh_uid;
    std::optional<std::string> m_token;
    std::mutex m_store_mutex;
    std::atomic<int> m_active{0};
    std::map<std::string, Clock::time_point> m_unused_since;
};

} // namespace

int serve_toolchains(const ServiceOptions& options) {
    return Service(options).run();
}

} // namespace toolchain
