#pragma once
// Settings: what the user configured for a run (flags and archgate.toml), as
// plain data. Passes read their thresholds from here; rules read it as their
// RuleConfig. Parsed by analyzers/settings.cpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"

namespace archgate::core {

struct SeverityOverride {
  std::string rule;                  // id or glob (`deps/*`)
  std::optional<Severity> severity;  // nullopt = off
};

// [[boundaries]]: which files may import what (source/boundary).
struct BoundaryRule {
  std::string name;                // shown in findings; defaults to "boundary N"
  std::vector<std::string> from;   // globs on project-relative file paths
  std::vector<std::string> to;     // globs on file paths, or package names (globs)
  bool allow_only = false;         // mode = "allow-only": project files outside `to` are violations
  std::string message;             // why (shown with each violation)
  bool include_types = false;      // type-only imports count too
  int line = 0;                    // where it is written in archgate.toml
};

// [[hygiene.ignore]]: a dependency-hygiene finding the team has decided on.
struct HygieneIgnore {
  std::string package;                // a name or a glob ("@types/*")
  std::string workspace;              // a workspace directory (glob); empty = any
  std::vector<std::string> rules;     // "unused-dependency", ...; empty = every hygiene rule
  std::string reason;                 // required: why
  int line = 0;                       // where it is written
};

struct Settings {
  std::string today;  // YYYY-MM-DD; empty = the system date
  // [runtime]
  int eol_soon_days = 180;
  // [lockfile] Hosts (or registry URLs) lockfile/unexpected-host accepts
  // besides the configured registries and the package managers' defaults.
  std::vector<std::string> allowed_hosts;
  // [deps]
  int unmaintained_days = 730;  // deps/unmaintained: no publish for this long
  int heavy_threshold = 100;    // deps/heavy: packages in a direct dependency's subtree
  std::vector<std::string> license_allow;  // SPDX ids; empty = any license not denied
  std::vector<std::string> license_deny;   // SPDX ids always reported
  // [checklist] skip: items that do not apply here, with the reason given.
  std::vector<std::pair<std::string, std::string>> checklist_skip;
  // [[boundaries]] in file order.
  std::vector<BoundaryRule> boundaries;
  // [hygiene] dev = [...] / production = [...]: globs that make source files
  // dev-only or production beyond the defaults; ignore = [[hygiene.ignore]].
  std::vector<std::string> hygiene_dev;
  std::vector<std::string> hygiene_production;
  std::vector<HygieneIgnore> hygiene_ignores;
  // [rules] in file order; the last matching entry wins.
  std::vector<SeverityOverride> overrides;
  std::string file;  // the settings file read; empty when there was none
};

// The severity the [rules] overrides give `rule_id` (nullopt = off), or
// `fallback` when no entry matches.
std::optional<Severity> override_for(const std::vector<SeverityOverride>& overrides,
                                     std::string_view rule_id, std::optional<Severity> fallback);

// Applies overrides: drops findings turned off, changes severities (of
// the findings from `from` on; those before it are left as they are).
void apply_overrides(const std::vector<SeverityOverride>& overrides,
                     std::vector<Finding>& findings, std::size_t from = 0);

}  // namespace archgate::core
