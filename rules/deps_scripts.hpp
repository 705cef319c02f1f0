#pragma once
// deps/install-script with the project's allow-list verdict, and
// deps/stale-allowlist (allow-list entries that no longer match the graph).
// The allow-lists are read by analyzers/deps/script_policy.hpp.
#include "analyzers/deps/script_policy.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// deps/install-script for `p`, which runs code at install time, located at
// `loc` (its lockfile entry). Severity by verdict: note when an allow-list
// allows it, denies it or scripts are off (with the deciding file:line);
// warning when no allow-list the project's manager reads covers it (with the
// allow-list to add it to as the remediation).
void emit_install_script(RuleContext& ctx, const deps::PackageReport& p,
                         const deps::ScriptPolicy& policy, core::Location loc);

// deps/stale-allowlist for every entry deps::stale_entries() returns,
// located at the entry's file:line.
void emit_stale_allowlist(RuleContext& ctx, const deps::DepsReport& report,
                          const deps::ScriptPolicy& policy);

// The allow-lists of the project `check` analyses: read from
// ctx.config.snapshot, else from the working tree Project::root_description
// names; empty when neither is available.

}  // namespace archgate::rules
