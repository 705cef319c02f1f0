#pragma once
// The source pass: list the project's source files, scan each once, resolve
// every reference, and build the module graph.
#include <string>
#include <vector>

#include "analyzers/source/files.hpp"
#include "analyzers/source/lexer.hpp"
#include "core/module_graph.hpp"
#include "core/project.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers::source {

struct SourceOptions {
  ScanOptions scan;
};

struct LexProblem {
  std::uint32_t file = 0;  // index into graph.files
  ScanError error;
};

struct EdgeDetail {
  bool deep = false;        // into a workspace package past its exports / another workspace's files by path
  std::string package;      // the package a bare specifier names
};

struct SourceFacts {
  core::ModuleGraph graph;
  std::vector<EdgeDetail> details;  // parallel to graph.edges
  // Per file (parallel to graph.files): calls, members, decorators, notes.
  std::vector<FileScan> scans;
  std::vector<LexProblem> lex_errors;
  // tsconfig problems (an `extends` that is not installed, bad JSON).
  std::vector<std::string> config_problems;
  std::size_t bytes = 0;  // source bytes scanned
};

SourceFacts analyze_source(const core::Snapshot& snapshot, const core::Project& project,
                           const SourceOptions& options = {});

}  // namespace archgate::analyzers::source
