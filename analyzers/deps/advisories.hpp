#pragma once
// Advisory facts per locked package: which advisories the registry knows for
// it, whether the locked version is affected, and the nearest fixed version.
//
// The bulk endpoint names no patched versions, so the fix is worked out
// from the package's versions in its registry document: the lowest
// published, non-prerelease version above the locked one that is outside
// the vulnerable range, preferring the locked major; when only a newer
// major qualifies that is said (FixKind::new_major), and when none does,
// FixKind::none. Affected-ness uses node-semver `satisfies` with npm
// audit's options (loose, includePrerelease).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/deps/scoring.hpp"
#include "analyzers/registry/advisories.hpp"
#include "core/finding.hpp"

namespace archgate::deps {

struct LoadedAdvisories {
  registry::AdvisoryFetch fetch;
};

// Asks the audit registry about every registry package of `graph` (with
// all its locked versions) through `client` (cache, offline, pool).
LoadedAdvisories load_advisories(const core::DependencyGraph& graph,
                                 const registry::RegistryClient& client,
                                 const registry::AdvisoryRequestOptions& options = {});

// The nearest version of `versions` above `locked` outside every range in
// `vulnerable` (node-semver ranges; invalid ones are ignored), preferring
// `locked`'s major. FixKind::unknown when `locked` is not a version.
FixedVersion nearest_fixed_version(const std::vector<std::string>& versions,
                                   std::string_view locked,
                                   const std::vector<std::string>& vulnerable);

// Whether `version` is inside `range` as npm audit decides it; nullopt when
// the range cannot be parsed.
std::optional<bool> version_affected(std::string_view version, std::string_view range);

// Finding severity for an advisory severity: critical/high -> error,
// moderate -> warning, low/info -> note; anything else -> warning.
core::Severity finding_severity(std::string_view advisory_severity);

// Fills PackageReport::advisories and DepsReport::advisories from a fetch
// (registry packages whose name was answered become `known`) and appends
// one explanation line per advisory. `meta` gives the versions the fixed
// version is chosen from (missing metadata: FixKind::unknown).
void apply_advisories(DepsReport& report, const registry::AdvisoryFetch& fetch,
                      const MetaMap& meta);

}  // namespace archgate::deps
