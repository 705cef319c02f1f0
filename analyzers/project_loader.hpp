#pragma once
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
core::Result<std::vector<std::string>> parse_pnpm_workspace_packages(std::string path,
                                                                     std::string_view text);

}  // namespace archgate::analyzers
