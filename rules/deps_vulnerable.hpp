#pragma once
// deps/vulnerable: a locked package version is inside an advisory's
// vulnerable range (advisories from the registry's bulk advisory endpoint,
// see analyzers/registry/advisories.hpp).
#include "analyzers/deps/scoring.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// One finding per affected package@version and advisory, with the
// advisory's severity mapped to the finding's (critical/high -> error,
// moderate -> warning, low/info -> note) and the nearest fixed version as
// remediation. Packages whose advisories are unknown get no finding (the
// caller reports the missing data). Called by emit_deps_findings().
void emit_vulnerable_findings(RuleContext& ctx, const deps::DepsReport& report);

}  // namespace archgate::rules
