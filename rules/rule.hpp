#pragma once
// Rules read the Project model and emit findings. One rule (or one family of
// closely related rules sharing one pass) per file pair; every rule id is
// listed in rules/catalog.cpp with its RuleInfo and documented in
// docs/rules/<id with / as ->.md.
//
// To add a rule: add its RuleInfo to catalog.cpp, write a `check_*` function
// that appends findings, add it to run_rules() in engine.cpp, a fixture
// project under fixtures/projects/ and a test.
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/project.hpp"

namespace archgate::core {
class Snapshot;
class NodeSchedule;
}  // namespace archgate::core

namespace archgate::rules {

// Settings that change what rules report (from flags and archgate.toml).
struct RuleConfig {
  std::string today;  // YYYY-MM-DD; empty = the system date
  int eol_soon_days = 180;
  // Where file-reading rule families (runtime pins) read the project; when
  // null they use the working tree named by Project::root_description.
  const core::Snapshot* snapshot = nullptr;
  // The Node.js schedule; null = the newer of cache and embedded data.
  const core::NodeSchedule* schedule = nullptr;
  // Hosts (or registry URLs) lockfile/unexpected-host accepts besides the
  // configured registries and the package managers' defaults.
  std::vector<std::string> allowed_hosts;
  // deps/*: thresholds and license policy (archgate.toml [deps]).
  int unmaintained_days = 730;  // deps/unmaintained: no publish for this long
  int heavy_threshold = 100;    // deps/heavy: packages in a direct dependency's subtree
  std::vector<std::string> license_allow;  // SPDX ids; empty = any license not denied
  std::vector<std::string> license_deny;   // SPDX ids always reported
};

struct RuleContext {
  const core::Project& project;
  const RuleConfig& config;
  std::vector<core::Finding>& out;

  // Appends a finding with the catalog's default severity for `rule`.
  core::Finding& emit(std::string_view rule, std::string message, core::Location location);
};

// Every rule's documentation, sorted by id.
const std::vector<core::RuleInfo>& rule_catalog();
// The catalog entry for `id`, or nullptr.
const core::RuleInfo* find_rule(std::string_view id);

}  // namespace archgate::rules
