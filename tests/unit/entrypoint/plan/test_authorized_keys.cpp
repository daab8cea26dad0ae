#include "entrypoint/plan/authorized_keys.hpp"
#include "util/base64.hpp"

#include <doctest/doctest.h>

using entrypoint::KeyError;
using entrypoint::parse_authorized_keys;
using entrypoint::PublicKey;

namespace {

// Real keys made with ssh-keygen; fingerprints as `ssh-keygen -lf` prints them.
const std::string k_ed25519_blob =
    "AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYVUN9jqtyJezK+riEwg4237Pmg1aa9a/4UMKX";
const std::string k_ed25519 = "ssh-ed25519 " + k_ed25519_blob + " alice@work station";
const std::string k_ed25519_fingerprint = "SHA256:OD8DeF7bp7+gHJAPpMqTkIOP03oIvLOBkjcvWn39lRw";
const std::string k_rsa =
    "ssh-rsa "
    "AAAAB3NzaC1yc2EAAAADAQABAAAAgQDBLRnAGcKifRNo2/XvqnA1vuRIvBSrDGvOVubQLI+apaWhessctYBURuXh3wbnO2"
    "Uei3Cj3uPJU25t+fcOihOsEp8EYG9odEWwCrBxc41Aao8Q0G0Tajyi6qkXyGBREVs6vhhrC7n++"
    "9pNuqkrKi2Ofi3aFobNF"
    "gVY2pz0+S6AGQ== rsa";
const std::string k_ecdsa =
    "ecdsa-sha2-nistp384 "
    "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBDt1Ui000PnV43SeLp8RhSlOzR5Soc7JkgM3R3OdS+"
    "v"
    "6rr19Z/Mo64P/tiIiXpQFHi8TIX6RbscUn2VMojbF2ecZXbmDWBouuFmH9Zlf8GGJ5CAnSvi9xz3j+UcNQOqOdQ== ec";
const std::string k_private_pem_start = "-----BEGIN OPENSSH PRIVATE KEY-----";
const std::string k_private_body =
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW";

std::vector<PublicKey> parse_ok(const std::string& text) {
    auto parsed = parse_authorized_keys(text);
    if (auto* error = std::get_if<KeyError>(&parsed)) {
        FAIL_CHECK("line " << error->line_number << ": " << error->message);
        return {};
    }
    return std::get<std::vector<PublicKey>>(parsed);
}

KeyError parse_error(const std::string& text) {
    auto parsed = parse_authorized_keys(text);
    REQUIRE(std::holds_alternative<KeyError>(parsed));
    return std::get<KeyError>(parsed);
}

// An SSH wire-format blob made of length-prefixed strings.
std::string make_blob(const std::vector<std::string>& fields) {
    std::vector<std::uint8_t> bytes;
    for (const auto& field : fields) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes.push_back(static_cast<std::uint8_t>(field.size() >> shift));
        }
        bytes.insert(bytes.end(), field.begin(), field.end());
    }
    return util::encode_base64(bytes);
}

} // namespace

TEST_CASE("entrypoint::parse_authorized_keys accepts real keys") {
    SUBCASE("ed25519 with a comment holding spaces, fingerprint as ssh-keygen") {
        auto keys = parse_ok(k_ed25519);
        REQUIRE(keys.size() == 1);
        CHECK(keys[0].type == "ssh-ed25519");
        CHECK(keys[0].blob_base64 == k_ed25519_blob);
        CHECK(keys[0].comment == "alice@work station");
        CHECK(keys[0].options.empty());
        CHECK(keys[0].fingerprint == k_ed25519_fingerprint);
    }
    SUBCASE("rsa and ecdsa") {
        auto keys = parse_ok(k_rsa + "\n" + k_ecdsa + "\n");
        REQUIRE(keys.size() == 2);
        CHECK(keys[0].fingerprint == "SHA256:G5plPRi8cDBcs8FpbayzNoo9S18A2r5aNx1YtJzuvhQ");
        CHECK(keys[1].fingerprint == "SHA256:mBtdjAemTbXMhTJv6iGt40h5yGQbU315pTHm9Nhh8IQ");
    }
    SUBCASE("security keys") {
        auto sk_ed = make_blob({"sk-ssh-ed25519@openssh.com", std::string(32, 'k'), "ssh:"});
        auto sk_ec = make_blob(
            {"sk-ecdsa-sha2-nistp256@openssh.com", "nistp256", std::string(65, 'p'), "ssh:"});
        auto keys = parse_ok("sk-ssh-ed25519@openssh.com " + sk_ed + "\n" +
                             "sk-ecdsa-sha2-nistp256@openssh.com " + sk_ec + " yubi\n");
        CHECK(keys.size() == 2);
    }
    SUBCASE("options, blank lines, comments and CRLF") {
        auto text = "# workstation keys\r\n\r\n"
                    "from=\"10.0.0.0/8,192.168.1.1\",command=\"echo \\\"a b\\\"\",no-pty " +
                    k_ed25519 + "\r\n   \r\n";
        auto keys = parse_ok(text);
        REQUIRE(keys.size() == 1);
        CHECK(keys[0].options ==
              "from=\"10.0.0.0/8,192.168.1.1\",command=\"echo \\\"a b\\\"\",no-pty");
        CHECK(keys[0].comment == "alice@work station");
    }
    SUBCASE("no comment") {
        auto keys = parse_ok("ssh-ed25519 " + k_ed25519_blob);
        REQUIRE(keys.size() == 1);
        CHECK(keys[0].comment.empty());
    }
}

TEST_CASE("entrypoint::parse_authorized_keys refuses bad input clearly") {
    SUBCASE("nothing") {
        CHECK(parse_error("").line_number == 0);
        CHECK(parse_error("# only a comment\n\n").message == "no public key found");
    }
    SUBCASE("unknown type") {
        auto error = parse_error(k_ed25519 + "\nssh-foo AAAA bar");
        CHECK(error.line_number == 2);
        CHECK(error.message.find("unknown key type \"ssh-foo\"") != std::string::npos);
        CHECK(parse_error("ssh-dss AAAAB3NzaC1kc3M=").message.find("unknown key type") !=
              std::string::npos);
    }
    SUBCASE("damaged base64") {
        auto error = parse_error("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILnJvGeYV!N9");
        CHECK(error.message == "the ssh-ed25519 key's base64 data is missing or damaged");
        CHECK(parse_error("ssh-ed25519").message.find("missing") != std::string::npos);
    }
    SUBCASE("type word and key data disagree") {
        auto error = parse_error("ssh-rsa " + k_ed25519_blob);
        CHECK(error.message.find("does not hold a ssh-rsa key") != std::string::npos);
        auto truncated = parse_error("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5");
        CHECK(truncated.message.find("incomplete") != std::string::npos);
        auto padded =
            parse_error("ssh-ed25519 " + make_blob({"ssh-ed25519", std::string(32, 'k'), "x"}));
        CHECK(padded.message.find("unexpected bytes") != std::string::npos);
    }
    SUBCASE("ecdsa curve must match") {
        auto blob = make_blob({"ecdsa-sha2-nistp256", "nistp384", "x"});
        CHECK(parse_ok("ecdsa-sha2-nistp256 " + make_blob({"ecdsa-sha2-nistp256", "nistp256", "x"}))
                  .size() == 1);
        CHECK(parse_error("ecdsa-sha2-nistp256 " + blob).message.find("curve") !=
              std::string::npos);
    }
    SUBCASE("a private key is named as such and never echoed") {
        for (const auto& text :
             {k_private_pem_start + "\n" + k_private_body + "\n-----END OPENSSH PRIVATE KEY-----\n",
              k_private_body, "ssh-ed25519 " + k_private_body + "AA=="}) {
            auto error = parse_error(text);
            CHECK(error.line_number == 1);
            CHECK(error.message.find("private key") != std::string::npos);
            CHECK(error.message.find("b3BlbnNz") == std::string::npos);
        }
        auto pem = parse_error("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n");
        CHECK(pem.message.find("private key") != std::string::npos);
    }
    SUBCASE("garbage is not echoed") {
        auto error = parse_error("hunter2secretpassword");
        CHECK(error.message.find("hunter2") == std::string::npos);
        CHECK(error.message.find("no key type found") != std::string::npos);
    }
}

TEST_CASE("entrypoint::render_authorized_keys") {
    auto keys = parse_ok("no-pty  " + k_ed25519 + "\r\n" + k_rsa);
    CHECK(entrypoint::render_authorized_keys(keys) == "no-pty " + k_ed25519 + "\n" + k_rsa + "\n");
}
