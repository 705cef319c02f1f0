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
  bool secrets = true;  // look for provider-shaped credentials (SourceFacts::secrets)
};

struct LexProblem {
  std::uint32_t file = 0;  // index into graph.files
  ScanError error;
};

struct EdgeDetail {
  bool deep = false;        // into a workspace package past its exports / another workspace's files by path
  std::string package;      // the package a bare specifier names
  // For a package edge: the manifest that declares it for this file (the
  // file's workspace, else the root), its block, and the version the
  // lockfile installs for that importer; `declared_in` empty = undeclared,
  // and `locked` then names what supplies it today (hoisting), if anything.
  std::string declared_in;  // "packages/api/package.json"
  core::EdgeKind declared_kind = core::EdgeKind::prod;
  std::string locked;       // "express@5.1.0"
  bool aliased = false;     // resolved through tsconfig "paths": the build maps it, not the install
  std::string missing;      // unresolved: the path tsconfig "paths"/baseUrl maps it to, which does not exist
  bool missing_ignored = false;  // and .gitignore excludes that path: generated, never checked in
  std::string alias;        // unresolved: the bundler alias it goes through, which tsconfig "paths" lacks
};

// A provider-shaped credential in a source file. The value itself is never
// kept or printed: only what it looks like and where it is.
struct SecretHit {
  std::uint32_t file = 0;  // index into graph.files
  std::string kind;        // "AWS access key id", "private key", ...
  Pos pos;
};

// Provider-shaped credentials in `text`, in the order they occur, at most
// 20 (one linear pass).
std::vector<std::pair<std::string, Pos>> find_secrets(std::string_view text);

struct SourceFacts {
  core::ModuleGraph graph;
  std::vector<EdgeDetail> details;  // parallel to graph.edges
  // Per file (parallel to graph.files): calls, members, decorators, notes.
  std::vector<FileScan> scans;
  std::vector<LexProblem> lex_errors;
  // tsconfig problems (an `extends` that is not installed, bad JSON).
  std::vector<std::string> config_problems;
  std::size_t bytes = 0;  // source bytes scanned
  std::vector<SecretHit> secrets;
  // Secrets in files that .gitignore does not ignore (committed, or about to
  // be): private keys and keystores by their name, and .env files with a
  // sensitive-looking variable set (public VITE_/NEXT_PUBLIC_ values and
  // placeholders apart). Test paths are left to the rules.
  struct SecretFile {
    std::string path;
    int line = 0;      // the variable's line in a .env file; 0 for a key file
    std::string what;  // "private key file", ".env sets DATABASE_PASSWORD"
  };
  std::vector<SecretFile> secret_files;
  // Every tsconfig that governs source files, with its effective strictness.
  struct TsConfigSummary {
    std::string file;
    bool strict = false;   // strict, or noImplicitAny and strictNullChecks, through extends
    bool unknown = false;  // an extends could not be read and strictness is not set locally
    std::string why_loose;  // when not strict: "noImplicitAny is false", "strict is not set", ...
  };
  std::vector<TsConfigSummary> tsconfigs;
  // Packages whose next.config.* sets typescript.ignoreBuildErrors: true
  // (their `next build` type-checks nothing): the package folder ("" = the
  // root), and where the setting is.
  struct BuildIgnoresTypes {
    std::string dir;
    std::string file;
    int line = 0;
  };
  std::vector<BuildIgnoresTypes> next_ignores_type_errors;
  std::size_t ts_files = 0;  // .ts/.tsx/.mts/.cts files
  // Configuration files (tsconfig, eslint, jest, .husky hooks, ...) and
  // stylesheets, sorted: the dependency-usage pass reads them.
  std::vector<std::string> config_files;
  std::vector<std::string> style_files;
  // The folder of every package.json below the root, workspace or not ("" =
  // the root), sorted: files under a package that is not a workspace
  // belong to it, not to the workspace around it.
  std::vector<std::string> package_dirs;
};

SourceFacts analyze_source(const core::Snapshot& snapshot, const core::Project& project,
                           const SourceOptions& options = {});

}  // namespace archgate::analyzers::source
