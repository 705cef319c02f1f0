#pragma once
// deps/license and deps/native-replacement: findings about what a locked
// package is licensed under and whether Node.js already provides it. Called
// by emit_deps_findings() (so by `archgate check` and `archgate deps`).
#include "analyzers/deps/license.hpp"
#include "analyzers/deps/replacements.hpp"
#include "analyzers/deps/scoring.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// The license policy of the rule config (archgate.toml [deps]).
deps::LicensePolicy license_policy(const RuleConfig& config);

// deps/license: every package whose license breaks the policy (see
// analyzers/deps/license.hpp). Unknown licenses are not reported.
void emit_license_findings(RuleContext& ctx, const deps::DepsReport& report);

// deps/native-replacement for the direct dependencies that have a
// replacement usable on `floor`. Native built-ins report at the catalog's
// severity, micro-utility snippets and preferred built-ins as notes.
void emit_replacement_findings(RuleContext& ctx, const deps::DepsReport& report,
                               const deps::RuntimeFloor& floor);

// The runtime floor of the project in ctx: runtime pins found through
// config.snapshot (or the working tree the project was loaded from),
// resolved against config.schedule (or the cache/embedded schedule).
// Unknown when there is nothing to read.

// Both of the above, with the floor computed only when a direct dependency
// has a replacement.
void emit_policy_findings(RuleContext& ctx, const deps::DepsReport& report,
                          const deps::RuntimeFloor& floor);

}  // namespace archgate::rules
