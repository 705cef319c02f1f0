#pragma once
// The module graph: which source file references what, resolved as Node and
// TypeScript would without node_modules. Built by analyzers/source; read by
// the source rules and `archgate graph`.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::core {

enum class ModuleEdgeKind : std::uint8_t {
  static_import,  // import/export-from that exists at run time
  dynamic,        // import(), new Worker(new URL(...))
  type,           // import type, elided imports, typeof import(), references
  require,        // require(), import x = require()
  reexport,       // export ... from
  side_effect,    // import 'm'
  resolve,        // require.resolve(), import.meta.resolve(): a path, not a load
};
std::string_view to_string(ModuleEdgeKind kind);

enum class Resolved : std::uint8_t {
  file,        // a file of the project
  package,     // an npm package (by name)
  builtin,     // a Node.js built-in (`node:fs`) or a platform module (`bun:test`)
  unresolved,  // nothing it could name
};
std::string_view to_string(Resolved r);

struct SourceFileInfo {
  std::string path;       // project-relative
  std::string workspace;  // directory of its package ("" = root)
  std::string skipped;    // why it was not scanned (minified, generated), or empty
  bool lex_error = false;
};

struct ModuleEdge {
  std::uint32_t from = 0;  // index into files
  std::string spec;        // as written
  std::string to;          // file path, package name or `node:` built-in; spec when unresolved
  std::int32_t to_file = -1;  // index into files when `to` is a scanned file
  Resolved resolved = Resolved::unresolved;
  ModuleEdgeKind kind = ModuleEdgeKind::static_import;
  int line = 0;
  int column = 0;
  // Why it did not resolve, or how (for unresolved edges and notes).
  std::string note;
};

struct ModuleGraph {
  std::vector<SourceFileInfo> files;  // sorted by path
  std::vector<ModuleEdge> edges;      // by file, then position

  // Runtime edges: every kind but `type`.
  [[nodiscard]] static bool runtime(const ModuleEdge& e) {
    return e.kind != ModuleEdgeKind::type && e.kind != ModuleEdgeKind::resolve;
  }
};

// Where each file's edges start in graph.edges (edges are grouped by file):
// file v's edges are [starts[v], starts[v + 1]). Size files + 1; linear.
std::vector<std::size_t> edge_starts(const ModuleGraph& graph);

struct FileCycle {
  // Every file of a strongly connected component of the file-to-file edges
  // (more than one file, or a file importing itself), as indices, by path.
  std::vector<std::uint32_t> files;
  // A shortest cycle inside it (by BFS from up to 16 of its files), the
  // first file repeated at the end.
  std::vector<std::uint32_t> cycle;
};

// The cycles of `graph`, sorted by their first file. `include_types`: type
// edges count too. Linear in files + edges.
std::vector<FileCycle> find_cycles(const ModuleGraph& graph, bool include_types);

}  // namespace archgate::core
