#pragma once
// deps/* rules: deprecated, unmaintained, install-script, heavy; vulnerable is in
// rules/deps_vulnerable.hpp (called from emit_deps_findings).
#include "analyzers/deps/replacements.hpp"
#include "analyzers/deps/script_policy.hpp"
#include "analyzers/deps/scoring.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// Appends deps/* findings for an analysed report (located in the project's
// lockfile). Used by check_deps() and by `archgate deps`. Never fails.
// `policy`: the project's install-script allow-lists (deps/install-script
// verdicts, deps/stale-allowlist); null = none known (no stale check).
// `floor`: the runtime native replacements are judged against; null =
// unknown.
void emit_deps_findings(RuleContext& ctx, const deps::DepsReport& report,
                        const deps::DepsSettings& settings,
                        const deps::ScriptPolicy* policy = nullptr,
                        const deps::RuntimeFloor* floor = nullptr);

// Where a package's findings point: its first instance in the lockfile.
core::Location package_location(const core::Project& project, const deps::PackageReport& p);


}  // namespace archgate::rules
