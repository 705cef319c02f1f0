#pragma once
// The rule engine: runs every rule over a Project.
#include <vector>

#include "core/finding.hpp"
#include "core/project.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// Runs all rules and returns their findings, sorted.
std::vector<core::Finding> run_rules(const core::Project& project, const RuleConfig& config);

// Rule families (one file pair each).
void check_manifests(RuleContext& ctx);
void check_lockfile_presence(RuleContext& ctx);
void check_lockfile_drift(RuleContext& ctx);
void check_runtime(RuleContext& ctx);
void check_lockfile_hygiene(RuleContext& ctx);  // lockfile_hygiene.cpp
void check_deps(RuleContext& ctx);              // deps_rules.cpp (registry cache only)

}  // namespace archgate::rules
