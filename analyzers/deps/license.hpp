#pragma once
// License facts per locked package and the license policy (deps/license).
//
// The license is the one the lockfile records (npm v2/v3 `license` on
// package entries), else the `license` of the locked version's registry
// document (legacy `{type}` objects and `licenses` arrays included, see
// registry::VersionInfo::license). When neither is available (offline, a
// lockfile format that records none) the license is unknown and nothing is
// judged.
//
// Policy (archgate.toml [deps] license-allow / license-deny, or `archgate
// deps --license-allow/--license-deny`): a package is reported when
//   - it declares no license (or NONE / NOASSERTION), or an invalid expression;
//   - it is UNLICENSED (proprietary);
//   - every way to comply needs a denied license (each OR alternative uses one);
//   - an allow list is set and no way to comply uses allowed licenses only
//     (OR: one side must be allowed; AND: both). A custom license (SEE
//     LICENSE IN, LicenseRef-) is allowed only by naming its LicenseRef id.
// Ids compare case-insensitively and without version suffixes (spdx::match_key).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/deps_model.hpp"

namespace archgate::deps {

using core::deps::LicenseFacts;

struct LicensePolicy {
  std::vector<std::string> allow;  // SPDX ids; empty = any license that is not denied
  std::vector<std::string> deny;   // SPDX ids never accepted
};

enum class LicenseIssue : std::uint8_t {
  none,         // acceptable
  unknown,      // no facts: not judged
  missing,      // no license declared
  invalid,      // not an SPDX expression
  unlicensed,   // UNLICENSED: proprietary
  denied,       // every alternative uses a denied license
  not_allowed   // an allow list is set and cannot be satisfied
};

std::string_view to_string(LicenseIssue issue);

struct LicenseVerdict {
  LicenseIssue issue = LicenseIssue::none;
  std::string canonical;  // the expression in canonical form ("" when none/invalid)
  std::string detail;     // why: the parse error, the denied or unlisted ids
  std::string offending;  // denied / not_allowed: the ids at fault ("GPL-3.0, AGPL-3.0-only")
};

// Judges one license value against the policy.
LicenseVerdict evaluate_license(std::string_view expression, const LicensePolicy& policy);
// Same, for recorded facts (unknown facts give LicenseIssue::unknown).
LicenseVerdict evaluate_license(const LicenseFacts& facts, const LicensePolicy& policy);

// "license: MIT (lockfile)", "license: unknown (...)": one line for --explain.
std::string describe_license(const LicenseFacts& facts);

}  // namespace archgate::deps
