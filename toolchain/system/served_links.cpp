#include "toolchain/system/served_links.hpp"

#include "util/files.hpp"
#include "util/text.hpp"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <memory>
#include <unistd.h>

namespace toolchain {
namespace {

std::unique_ptr<DIR, int (*)(DIR*)> open_listing(int directory_fd) {
    return {fdopendir(dup(directory_fd)), closedir};
}

// The symbolic links in a directory, by name.
ServedMap links_in(int directory_fd) {
    ServedMap links;
    auto listing = open_listing(directory_fd);
    if (!listing) {
        return links;
    }
    while (auto* entry = readdir(listing.get())) {
        if (entry->d_type != DT_LNK) {
            continue;
        }
        char target[4096];
        auto size = readlinkat(directory_fd, entry->d_name, target, sizeof target - 1);
        if (size > 0) {
            links.emplace(entry->d_name, std::string(target, static_cast<std::size_t>(size)));
        }
    }
    return links;
}

// Replaces (or makes) the link NAME -> target at once: a new link beside it, renamed over it.
std::optional<std::string> place_link(int directory_fd, const std::string& directory,
                                      const std::string& name, const std::string& target) {
    auto temporary = fmt::format(".{}.new-{}", name, getpid());
    unlinkat(directory_fd, temporary.c_str(), 0);
    if (symlinkat(target.c_str(), directory_fd, temporary.c_str()) != 0 ||
        renameat(directory_fd, temporary.c_str(), directory_fd, name.c_str()) != 0) {
        auto problem = util::describe_errno(fmt::format("cannot link {}/{}", directory, name));
        unlinkat(directory_fd, temporary.c_str(), 0);
        return problem;
    }
    return std::nullopt;
}

// A directory of links that holds exactly `links` afterwards.
class LinkFolder {
  public:
    explicit LinkFolder(std::string path) : m_path(std::move(path)) {}

    std::optional<std::string> open() {
        if (auto problem = util::make_directories(m_path)) {
            return problem;
        }
        m_fd = util::open_real_directory(m_path);
        if (m_fd < 0) {
            return util::describe_errno(m_path + " is a symbolic link or not a directory");
        }
        return std::nullopt;
    }
    ~LinkFolder() {
        if (m_fd >= 0) {
            close(m_fd);
        }
    }
    LinkFolder(const LinkFolder&) = delete;
    LinkFolder& operator=(const LinkFolder&) = delete;

    std::optional<std::string> make_exactly(const ServedMap& links) {
        auto present = links_in(m_fd);
        for (const auto& [name, target] : links) {
            auto found = present.find(name);
            if (found == present.end() || found->second != target) {
                if (auto problem = place_link(m_fd, m_path, name, target)) {
                    return problem;
                }
            }
        }
        for (const auto& [name, target] : present) {
            if (!links.contains(name)) {
                unlinkat(m_fd, name.c_str(), 0);
            }
        }
        return std::nullopt;
    }

    ServedMap links() const { return links_in(m_fd); }
    int fd() const { return m_fd; }

  private:
    std::string m_path;
    int m_fd = -1;
};

std::string run_link(const ServedLayout& layout, const std::string&) {
    return layout.guard;
}

std::string list_text(const ServedLayout& layout, const std::set<std::string>& names) {
    std::string text;
    for (const auto& name : names) {
        text += layout.directory + "/" + name + "\n";
    }
    return text;
}

} // namespace

std::optional<std::string> write_served_names(const ServedLayout& layout,
                                              const std::set<std::string>& listed,
                                              const ServedMap& served, const ServedMap& image) {
    auto names = listed;
    for (const auto& [name, target] : served) {
        names.insert(name);
    }
    ServedMap run_links;
    for (const auto& name : names) {
        run_links.emplace(name, run_link(layout, name));
    }
    LinkFolder real(layout.real_directory);
    LinkFolder images(layout.image_directory);
    LinkFolder run(layout.directory);
    for (auto* folder : {&real, &images, &run}) {
        if (auto problem = folder->open()) {
            return problem;
        }
    }
    if (auto problem = real.make_exactly(served)) {
        return problem;
    }
    if (auto problem = images.make_exactly(image)) {
        return problem;
    }
    if (auto problem = run.make_exactly(run_links)) {
        return problem;
    }
    return util::write_file_atomically(layout.list_file, list_text(layout, names));
}

std::optional<std::string> update_served_names(const ServedLayout& layout,
                                               const ServedMap& served) {
    LinkFolder real(layout.real_directory);
    LinkFolder run(layout.directory);
    for (auto* folder : {&real, &run}) {
        if (auto problem = folder->open()) {
            return problem;
        }
    }
    auto listed = run.links();
    std::set<std::string> names;
    bool new_names = false;
    for (const auto& [name, target] : listed) {
        names.insert(name);
    }
    for (const auto& [name, target] : served) {
        if (!listed.contains(name)) {
            if (auto problem =
                    place_link(run.fd(), layout.directory, name, run_link(layout, name))) {
                return problem;
            }
            names.insert(name);
            new_names = true;
        }
    }
    // The list first, then what the names run: a name is never served before it is listed.
    if (new_names) {
        if (auto problem =
                util::write_file_atomically(layout.list_file, list_text(layout, names))) {
            return problem;
        }
    }
    return real.make_exactly(served);
}

ServedMap read_served_links(const std::string& directory) {
    util::UniqueFd fd(util::open_real_directory(directory));
    return fd.valid() ? links_in(fd.get()) : ServedMap{};
}

} // namespace toolchain
