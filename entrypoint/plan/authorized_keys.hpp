#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace entrypoint {

// One OpenSSH public key, as in an authorized_keys line.
struct PublicKey {
    std::string options;     // e.g. `from="10.0.0.0/8",no-pty`; empty when none
    std::string type;        // e.g. "ssh-ed25519"
    std::string blob_base64; // the key itself
    std::string comment;     // may contain spaces; may be empty
    std::string fingerprint; // "SHA256:..." exactly as ssh-keygen -l prints it
};

// Why a key text was refused. Never contains key material.
struct KeyError {
    int line_number = 0; // 1-based; 0 when no key was found at all
    std::string message;
};

// Parses authorized_keys text: one key per line, blank and '#' lines skipped, CRLF tolerated.
// Every key is checked (known type, valid base64, embedded type and curve matching); a
// private key pasted by mistake is refused as such.
std::variant<std::vector<PublicKey>, KeyError> parse_authorized_keys(std::string_view text);

// The canonical authorized_keys content for `keys`, one line each.
std::string render_authorized_keys(const std::vector<PublicKey>& keys);

} // namespace entrypoint
