#pragma once
// Dependency facts and scores (0-100 each, higher is better) per locked
// package, from the DependencyGraph and registry metadata.
//
// - maintenance: how recently and how often the package is published
//   (release counts over 30/180/365/730 days, as npms.io counts them),
//   deprecation, how many majors the locked version is behind latest, and
//   whether a repository is declared. A small, stable, tested package whose
//   releases stopped is "finished" (npms.io's rule, adapted to what registry
//   documents hold) and is never scored as abandoned.
// - installScripts: 100 when nothing runs at install time; 0 when a
//   preinstall/install/postinstall script runs or binding.gyp makes npm run
//   node-gyp (registry), or the lockfile records hasInstallScript.
// - weight (direct dependencies only): packages in its subtree, packages
//   only it brings, depth; 100 for a lone package, -25 per factor of ten.
// - overall: a package's own overall is the minimum of its known scores; a
//   direct dependency's is also no better than the worst package it pulls
//   in, which is named in limited_by.
//
// Unknown facts (no metadata: offline, not a registry package) give score
// -1 ("unknown") and never count toward a minimum.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/deps/license.hpp"
#include "analyzers/deps/replacements.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "core/deps_model.hpp"
#include "core/graph.hpp"

namespace archgate::deps {

// The result model (core/deps_model.hpp), under the names this analysis
// has always used.
using core::deps::AdvisoryFact;
using core::deps::AdvisoryFacts;
using core::deps::AdvisorySummary;
using core::deps::DepsReport;
using core::deps::FixedVersion;
using core::deps::FixKind;
using core::deps::InstallScriptFacts;
using core::deps::MaintenanceFacts;
using core::deps::PackageReport;
using core::deps::Scores;
using core::deps::WeightFacts;

struct DepsSettings {
  std::string today;            // YYYY-MM-DD; empty = the system date
  int unmaintained_days = 730;  // deps/unmaintained: no publish for this long
  int heavy_threshold = 100;    // deps/heavy: packages in a direct dependency's subtree
  // Build PackageReport::explanation (`archgate deps` prints it; `check`
  // does not, and 50,000 packages' lines cost more than their scores).
  bool explain = true;
};

using MetaMap = std::map<std::string, registry::PackageMeta, std::less<>>;

// Which registry names a caller wants looked up; empty = every one.
using NameFilter = std::function<bool(std::string_view name)>;

// Registry-sourced package names in the graph with the versions locked for
// each (to pass to parse_package_doc), sorted by name; only those `only`
// accepts when it is set.
std::vector<std::pair<std::string, std::vector<std::string>>> registry_packages(
    const core::DependencyGraph& graph, const NameFilter& only = nullptr);
// How many names registry_packages() would list, without listing them.
std::size_t count_registry_names(const core::DependencyGraph& graph, const NameFilter& only = nullptr);

// Maintenance facts of `locked` from the metadata, on `today` (YYYY-MM-DD).
MaintenanceFacts maintenance_facts(const registry::PackageMeta& meta, std::string_view locked,
                                   std::string_view today);
// The 0-100 maintenance score; appends one line per factor to `explain`.
int maintenance_score(const MaintenanceFacts& facts, std::vector<std::string>* explain = nullptr);
// 100 for a subtree of one package, minus 25 per factor of ten.
int weight_score(int total);

// Facts and scores for every package in the graph. `meta` may lack names
// (offline, errors): they are listed in missing_metadata. Fails never; an
// invalid `today` falls back to the system date.
DepsReport analyze_deps(const core::DependencyGraph& graph, const MetaMap& meta,
                        const DepsSettings& settings);

}  // namespace archgate::deps
