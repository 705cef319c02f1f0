#pragma once
// `archgate deps` output: text for people, JSON (schemaVersion 1) for tools.
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/deps_model.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"

namespace archgate::reports {

// How the code uses one direct dependency (`archgate deps` runs the source
// pass): the playbook's "how painful is the replacement" and "does it touch
// security-sensitive code".
struct DependencyUsage {
  std::size_t files = 0;        // distinct importing files
  std::size_t sites = 0;        // import statements
  std::size_t production = 0;   // of them in production code
  std::size_t test = 0;         // in tests, tooling, configuration
  std::vector<std::string> workspaces;  // importing workspaces ("." = root)
  std::string sensitive;        // "password hashing", ... ("" = not on the list)
};

struct DepsOutput {
  const core::deps::DepsReport* report = nullptr;
  std::vector<core::Finding> findings;
  std::vector<core::Error> errors;           // fetch/parse errors (redacted)
  std::vector<std::string> missing_offline;  // offline: names not in the cache
  std::string explain;                       // --explain NAME ("" = overview)
  // Install-script allow-lists and the manager that reads them (null = none
  // known): verdicts in facts.installScriptPolicy and the text listing.
  const core::deps::ScriptPolicy* script_policy = nullptr;
  std::string manager;  // npm, pnpm, yarn, yarn-classic, bun
  // The verdict of each package whose install runs code, by its index in
  // report->packages (null = none decided).
  const std::map<std::size_t, core::deps::ScriptVerdict>* script_verdicts = nullptr;
  // Direct dependencies by name, when the source was scanned (null = not).
  const std::map<std::string, DependencyUsage, std::less<>>* usage = nullptr;
};

// The category of security-sensitive work a package does
// (data/sensitive-packages.json), or "".
std::string sensitive_category(std::string_view package);

// Text: direct dependencies with scores, heaviest subtrees, install scripts,
// findings; or with `explain` the breakdown of one package. Returns false
// when `explain` names no package in the report (message written to `out`).
bool write_deps_text(const DepsOutput& d, std::ostream& out);
// JSON: {"schemaVersion":1,"today":…,"dependencies":[{name, version, direct,
// dev, scores:{maintenance, installScripts, weight, overall}, facts:{…}}],
// "missingMetadata":[…],"errors":[…],"findings":[…]}; unknown scores are null.
void write_deps_json(const DepsOutput& d, std::ostream& out);

}  // namespace archgate::reports
