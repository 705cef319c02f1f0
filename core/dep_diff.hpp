#pragma once
// The dependency review of a change (`archgate diff BASE [HEAD]`): which
// locked packages the change adds, removes, upgrades and downgrades,
// compared by name@version between two resolved graphs, whatever lockfile
// format each side uses. The facts each entry carries beyond the graphs
// (scores, install scripts, licence, advisories) are filled in by the
// caller from the deps analysis; reports see only this model.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/graph.hpp"

namespace archgate::core {

enum class ChangeKind : std::uint8_t { added, removed, upgraded, downgraded };

struct DiffAdvisory {
  std::string id;  // GHSA id, else the registry's
  std::string severity;
  std::string title;
  std::string url;
};

struct DependencyChange {
  ChangeKind kind = ChangeKind::added;
  std::string name;
  std::string from;  // "" for added
  std::string to;    // "" for removed
  // Of the side the package is on (head; base for removed).
  bool direct = false;
  bool dev = false;
  bool optional = false;
  Source source = Source::registry;
  // Importers that declare it ("." for the root, else the workspace path)
  // with the block: "apps/api (devDependencies)".
  std::vector<std::string> declared_by;
  // Transitive: up to three direct dependencies that bring it.
  std::vector<std::string> via;
  // Direct additions and changes: packages in its subtree at the side's
  // version, and how many of them this change adds.
  int brings = -1;
  int brings_new = -1;

  // Filled in from the deps analysis (-1 / empty = unknown).
  int overall = -1;
  int maintenance = -1;
  int install_scripts_score = -1;
  int weight = -1;
  std::string limited_by;  // "name@version (maintenance 12)" when its subtree caps overall
  std::string maintenance_label;  // healthy / sustainable / inactive
  std::string deprecated;
  std::string license;  // SPDX expression as declared; "" unknown or none
  bool license_known = false;
  // preinstall/install/postinstall with their command text; "binding.gyp"
  // when npm runs node-gyp; {"install", ""} when only the lockfile's flag says so.
  std::vector<std::pair<std::string, std::string>> install_scripts;
  bool install_known = false;
  // Runs install code at `to` and did not at `from` (every added package
  // that runs install code; upgrades whose old version ran none).
  bool new_install_script = false;
  std::vector<DiffAdvisory> advisories;  // affecting the `to` version (removed: `from`)
  bool advisories_known = false;
};

// A manifest that starts or stops declaring a package whose locked version
// the change does not add or remove (a new workspace declaring what the
// lockfile already has): nothing new is installed, but who depends on it did
// change.
struct DeclarationChange {
  bool added = true;     // declared at the head only; false: at the base only
  std::string importer;  // "." or the workspace path
  std::string block;     // dependencies, devDependencies, …
  std::string name;
  std::string version;
};

struct DiffSide {
  std::string label;        // what the user named: "origin/main", "working tree"
  std::string commit;       // hex, "" for the working tree or the index
  std::string lockfile;     // project-relative path, "" when none
  std::string format;       // e.g. "npm-v3"
  std::size_t packages = 0;  // distinct name@version locked
};

struct DependencyDiff {
  DiffSide base;
  DiffSide head;
  std::vector<DependencyChange> changes;  // by kind (added, removed, upgraded, downgraded), then name
  std::vector<DeclarationChange> declarations;  // sorted by added first, importer, name
  // What the registry could not tell (for the report's caveat): names with
  // no metadata, and why advisories are incomplete ("" when complete).
  std::vector<std::string> missing_metadata;
  std::string advisories_problem;

  [[nodiscard]] std::size_t count(ChangeKind k) const;
};

// Changes between two graphs, without scores. Per name, versions only in
// `head` are paired with versions only in `base` in ascending order
// (upgraded/downgraded by semver); unpaired ones are added or removed.
// Entries are sorted by kind, then name, then version.
DependencyDiff diff_graphs(const DependencyGraph& base, const DependencyGraph& head);

std::string_view to_string(ChangeKind kind);

}  // namespace archgate::core
