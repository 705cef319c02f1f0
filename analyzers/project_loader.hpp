#pragma once
#include <map>
// Loads a Project from a snapshot: root manifest, workspaces, lockfiles, graph.
#include "core/project.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

struct LoadOptions {
  bool read_graph = true;  // parse the lockfile into a graph
};

// Reads the root package.json, discovers workspaces (package.json
// `workspaces` or pnpm-workspace.yaml `packages`), detects every lockfile at
// the root and reads the one the project uses. Per-file problems go to
// Project::input_errors; the load itself only fails when the root is not a
// readable directory.
core::Result<core::Project> load_project(const core::Snapshot& snapshot,
                                         const LoadOptions& options = {});

// Parses pnpm-workspace.yaml's `packages` list (and nothing else).
// pnpm-workspace.yaml, parsed once: the `packages` globs, and `catalog:`
// (the "default" catalog) and `catalogs:` (named ones): catalog name →
// package → spec with its line.
struct PnpmWorkspace {
  std::vector<std::string> packages;
  std::map<std::string, std::map<std::string, core::CatalogEntry, std::less<>>, std::less<>> catalogs;
  std::map<std::string, std::string> overrides;  // `overrides:` (pnpm 10)
};
core::Result<PnpmWorkspace> parse_pnpm_workspace(std::string path, std::string_view text);

}  // namespace archgate::analyzers
