#pragma once
// Rules read the facts the pipeline's passes computed (analyzers/pipeline.hpp)
// and emit findings. They are pure: no file, network or cache access. One rule (or one family of
// closely related rules sharing one pass) per file pair; every rule id is
// listed in rules/catalog.cpp with its RuleInfo and documented in
// docs/rules/<id with / as ->.md.
//
// To add a rule: add its RuleInfo to catalog.cpp, emit it from a family's
// `check_*` function and list it in that family in engine.cpp (with the
// passes it needs), a fixture project under fixtures/projects/ and a test.
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/project.hpp"
#include "core/settings.hpp"

namespace archgate::rules {

// What rules read from the settings (flags and archgate.toml).
using RuleConfig = core::Settings;

struct RuleContext {
  const core::Project& project;
  const RuleConfig& config;
  std::vector<core::Finding>& out;
  // Rules that could not run, with the reason ("no advisory data in the
  // cache"); null when the caller does not track status.
  std::vector<std::pair<std::string, std::string>>* not_checked = nullptr;

  // Appends a finding with the catalog's default severity for `rule`.
  core::Finding& emit(std::string_view rule, std::string message, core::Location location);
  // Records that `rule` could not be judged, and why.
  void cannot_check(std::string_view rule, std::string reason);
};

// Every rule's documentation, sorted by id.
const std::vector<core::RuleInfo>& rule_catalog();
// The catalog entry for `id`, or nullptr.
const core::RuleInfo* find_rule(std::string_view id);

}  // namespace archgate::rules
