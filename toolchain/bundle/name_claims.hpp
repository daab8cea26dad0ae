#pragma once

// Which installed bundle serves which compiler name (pure): the store's record, one
// "NAME ID" line each, and the rules for changing it. A name belongs to one bundle at a time;
// a bundle that claims a name another bundle serves with a different compiler is refused
// unless it is pushed to replace it.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace toolchain {

using NameClaims = std::map<std::string, std::string, std::less<>>; // name -> bundle id

std::string format_name_claims(const NameClaims& claims);

// Lines that are not "NAME ID" with a compiler name and an id are skipped.
NameClaims parse_name_claims(std::string_view text);

// The compiler (its identity) a bundle serves a name with; nothing when unknown.
using IdentityOf =
    std::function<std::optional<std::string>(const std::string& id, const std::string& name)>;

// The claims once bundle `id` serves `names`, each with the identity `identity_of` gives for
// it. A name served by another bundle with another identity is refused (one line naming it
// and that bundle) unless `replace`.
std::variant<NameClaims, std::string> claim_names(const NameClaims& claims, const std::string& id,
                                                  const std::vector<std::string>& names,
                                                  bool replace, const IdentityOf& identity_of);

// The claims without `what`: a served name, or a bundle given by its id or a prefix of it of
// 12 digits or more (all of that bundle's names). One line when nothing matches.
std::variant<NameClaims, std::string> release_names(const NameClaims& claims,
                                                    std::string_view what);

// The ids that still serve a name.
std::vector<std::string> claimed_ids(const NameClaims& claims);

} // namespace toolchain
