#pragma once
// Project: everything the analyzers learned about a repository, which rules
// read. Built by analyzers::load_project().
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/graph.hpp"
#include "core/manifest.hpp"
#include "core/result.hpp"

namespace archgate::core {

struct LockfileRef {
  std::string path;     // project-relative
  std::string manager;  // npm, yarn, pnpm, bun
  std::string reader;   // reader id
};

// A pnpm catalog entry: the spec a `catalog:` dependency stands for.
struct CatalogEntry {
  std::string spec;  // "^24.7.1"
  std::string file;  // where it is written ("pnpm-workspace.yaml")
  int line = 0;
};

struct Project {
  std::string root_description;
  std::optional<Manifest> root;      // nullopt when there is no package.json
  std::vector<Manifest> workspaces;  // discovered workspace manifests, by path
  std::vector<std::string> workspace_patterns;
  std::string workspace_source;       // "package.json" / "pnpm-workspace.yaml" / ""
  std::vector<LockfileRef> lockfiles;  // every lockfile at the root
  std::optional<LockfileRef> lockfile;  // the one read into `graph`
  std::optional<DependencyGraph> graph;
  // Catalogs by name ("default" for `catalog:`), each package → entry.
  std::map<std::string, std::map<std::string, CatalogEntry, std::less<>>, std::less<>> catalogs;
  // pnpm-workspace.yaml `overrides:` (the root manifest's pnpm.overrides are
  // in Manifest::pnpm_overrides).
  std::map<std::string, std::string> pnpm_overrides;
  // Inputs that could not be read (manifests, lockfiles). Each makes the
  // analysis incomplete.
  std::vector<Error> input_errors;
  // A lockfile archgate knows by name but does not read (bun.lockb, bun's
  // binary format), when no readable one is there: why the lockfile-based
  // rules could not run. Empty otherwise.
  std::string unread_lockfile;
  // When no lockfile is at the root: those of separate projects below it
  // ("no lockfile at the root; server/yarn.lock ... run archgate on each"),
  // else empty. The root's own lockfile is still missing (lockfile/missing).
  std::string nested_lockfiles;
  // When there is no package.json at the root: the manifests one or two
  // folders down (NodeBB keeps install/package.json and copies it to the
  // root at setup), for saying why nothing is declared or locked.
  std::vector<std::string> nested_manifests;

  // Why no lockfile was read: the unread lockfile's note, else where the
  // separate projects' lockfiles are, else that no package.json is at the
  // root, else "no lockfile was read".
  [[nodiscard]] std::string no_lockfile_reason() const {
    if (!unread_lockfile.empty()) return unread_lockfile;
    if (!nested_lockfiles.empty()) return nested_lockfiles;
    if (!root && input_errors.empty()) {
      std::string why = "no package.json at the root, so nothing is declared or locked there";
      if (!nested_manifests.empty()) {
        why += " (";
        for (std::size_t i = 0; i < nested_manifests.size() && i < 3; ++i) why += (i ? ", " : "") + nested_manifests[i];
        if (nested_manifests.size() > 3) why += " and " + std::to_string(nested_manifests.size() - 3) + " more";
        why += nested_manifests.size() == 1 ? " is below it)" : " are below it)";
      }
      return why;
    }
    return "no lockfile was read";
  }

  // The catalog entry a `catalog:` / `catalog:NAME` spec of `package` stands
  // for, or nullptr (not a catalog spec, or no such entry).
  [[nodiscard]] const CatalogEntry* catalog_entry(std::string_view package,
                                                  std::string_view spec) const;
  // The manifest of an importer by directory ("" is the root).
  [[nodiscard]] const Manifest* manifest_at(std::string_view dir) const;
};

}  // namespace archgate::core
