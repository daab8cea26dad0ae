#pragma once

// `distcc-init toolchains push` (on a client): sends a bundle to workers, which install and
// serve it. SSH workers (@host, user@host) get it over SSH: `distcc-init toolchains receive`,
// which the ssh image's relay hands to its toolchain service; tcp workers over their push
// endpoint (distccd's port + 3, or DISTCC_TOOLCHAIN_PORT for every worker), proving the shared
// token (DISTCC_TOOLCHAIN_TOKEN or DISTCC_TOOLCHAIN_TOKEN_FILE) without sending it. A worker that
// has the bundle already is not sent it again.

#include "client/host_list.hpp"
#include "util/environment.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace client {

struct PushRequest {
    std::vector<std::string> hosts;            // DISTCC_HOSTS words; none: see push_hosts()
    std::optional<std::string> bundle;         // a bundle file; none: pack first
    std::vector<std::string> compilers;        // what to pack (none: the defaults of pack)
    bool replace = false;                      // take names another bundle serves
    std::string packer;                        // distcc-init's version, for packing
    std::chrono::milliseconds timeout{300000}; // per worker
};

// The hosts to push to: the request's, else $DISTCC_HOSTS, else distcc's hosts files
// ($DISTCC_DIR/hosts or ~/.distcc/hosts, then /etc/distcc/hosts); localhost left out.
// Throws util::Refusal (exit 2) when there is none or one cannot be read.
std::vector<HostSpec> push_hosts(const std::vector<std::string>& given,
                                 const util::Environment& environment);

// What a worker said.
struct PushOutcome {
    std::string host;
    bool ok = false;
    std::string text;
};

// Sends the bundle file (its id known) to one worker.
PushOutcome push_bundle(const HostSpec& host, const std::string& file, const std::string& id,
                        bool replace, std::chrono::milliseconds timeout,
                        const util::Environment& environment);

// The command: packs unless a bundle is given, pushes to each host, one line each; 0 when
// every worker took it, 1 otherwise.
int run_push(const PushRequest& request, const util::Environment& environment);

} // namespace client
