#pragma once
// Manifest: a package.json read in full, with the position of every field a
// rule may point at.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/graph.hpp"

namespace archgate::core {

struct Pos {
  int line = 0;  // 1-based, 0 unknown
  int column = 0;
};

struct DeclaredDep {
  std::string name;
  std::string spec;
  EdgeKind kind = EdgeKind::prod;
  Pos pos;  // of the key in package.json
};

// devEngines.runtime / packageManager entries (npm 10.9+ devEngines).
struct DevEngine {
  std::string name;
  std::string version;
  std::string on_fail;
  Pos pos;
};

struct Manifest {
  std::string path;  // project-relative path of the package.json
  std::string dir;   // its directory ("" for the root)
  std::string name;
  std::string version;
  bool is_private = false;
  std::string type;  // "module" / "commonjs" / ""

  // All four dependency blocks, in file order within each block; `kind`
  // says which block.
  std::vector<DeclaredDep> dependencies;
  std::map<std::string, bool> peer_optional;  // peerDependenciesMeta.<n>.optional
  std::vector<std::string> bundle_dependencies;
  bool bundle_all = false;  // "bundleDependencies": true

  // Entry points for module resolution: "main", "module", "types"
  // ("typings"), and "exports"/"imports" as raw JSON text (empty = absent).
  std::string main;
  std::string module;
  std::string types;
  std::string exports_json;
  std::string imports_json;
  std::string overrides_json;  // raw JSON text of "overrides" (nested)
  std::map<std::string, std::string> resolutions;
  std::map<std::string, std::string> pnpm_overrides;  // package.json pnpm.overrides

  std::map<std::string, std::string> engines;
  std::map<std::string, Pos> engines_pos;
  std::string package_manager;  // "pnpm@9.1.0+sha..."
  Pos package_manager_pos;
  std::vector<DevEngine> dev_engines_runtime;
  std::vector<DevEngine> dev_engines_package_manager;
  std::map<std::string, std::string> volta;
  std::map<std::string, Pos> volta_pos;
  std::map<std::string, std::string> scripts;
  // The commands its "bin" installs: the keys of a "bin" object, or for a
  // "bin" string one command named after the package (its scope dropped).
  std::vector<std::string> bins;

  std::vector<std::string> workspaces;  // glob patterns
  Pos workspaces_pos;
  bool has_workspaces = false;

  // Dependencies of one kind.
  [[nodiscard]] std::vector<const DeclaredDep*> of_kind(EdgeKind kind) const;
  [[nodiscard]] const DeclaredDep* find(std::string_view dep_name, EdgeKind kind) const;
};

}  // namespace archgate::core
