#pragma once
// archgate.toml: the project's own settings for `archgate check`.
//
//   [lockfile]
//   allowed-hosts = ["npm.internal.example.com"]
//   [runtime]
//   eol-soon-days = 180
//   [deps]
//   unmaintained-days = 730
//   heavy-threshold = 100
//   license-allow = ["MIT", "ISC", "Apache-2.0"]
//   license-deny = ["AGPL-3.0-only"]
//   [rules]
//   "runtime/floating" = "off"          # off | error | warning | note
//   "deps/*" = "note"                   # ids or globs; the last matching entry wins
//
// Unknown sections or keys, and values of the wrong type, are errors with
// the file's line:column, so a typo never silently turns a check off.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/finding.hpp"
#include "core/result.hpp"
#include "core/snapshot.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

struct SeverityOverride {
  std::string rule;                       // id or glob (`deps/*`)
  std::optional<core::Severity> severity;  // nullopt = off
};

struct ProjectConfig {
  std::string file;  // the file read; empty when there was none
  std::vector<SeverityOverride> overrides;  // in file order
};

// The config file names looked for at the project root, in order.
inline constexpr std::string_view k_config_names[] = {"archgate.toml", ".archgate.toml"};

// Parses config text (`file` names it in errors) into `config`.
core::Result<ProjectConfig> parse_project_config(std::string file, std::string_view text,
                                                 RuleConfig& config);

// Reads `explicit_file` (a path on disk) when given, else the first of
// k_config_names at the snapshot's root; no file is not an error.
core::Result<ProjectConfig> load_project_config(const core::Snapshot& snap,
                                                std::string_view explicit_file,
                                                RuleConfig& config);

// The severity [rules] gives `rule_id` (nullopt = off), or `fallback` when no
// entry matches.
std::optional<core::Severity> override_for(const ProjectConfig& pc, std::string_view rule_id,
                                           std::optional<core::Severity> fallback);

// Applies [rules] overrides: drops findings turned off, changes severities.
void apply_overrides(const ProjectConfig& pc, std::vector<core::Finding>& findings);

}  // namespace archgate::rules
