#pragma once
// Which files of a project are source: every .js .mjs .cjs .jsx .ts .mts
// .cts .tsx file (and the <script> blocks of .vue/.svelte files) below the
// root, skipping node_modules, .git, build output and what .gitignore files
// ignore. Each file belongs to the workspace whose directory is its longest
// prefix ("" = the root package).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analyzers/source/lexer.hpp"
#include "core/project.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers::source {

struct SourceFile {
  std::string path;       // project-relative
  std::string workspace;  // directory of the owning manifest ("" = root)
  Dialect dialect = Dialect::js;
  bool embedded = false;  // .vue/.svelte: only its <script> blocks are source
};

struct SourceListing {
  std::vector<SourceFile> files;  // sorted by path
  // Every file seen (source or not) that is not ignored, for resolution.
  std::unordered_set<std::string> all_files;
  std::unordered_set<std::string> all_dirs;
};

// A .gitignore's patterns, matched against paths relative to its directory.
class GitIgnore {
 public:
  GitIgnore(std::string dir, std::string_view text);
  // true = ignored, false = re-included by a `!` pattern, nullopt = no match.
  [[nodiscard]] std::optional<bool> match(std::string_view path, bool is_dir) const;
  [[nodiscard]] const std::string& dir() const { return m_dir; }

 private:
  struct Pattern {
    std::string glob;
    enum class Kind : std::uint8_t { literal, suffix, glob } kind = Kind::glob;  // how to match it fast
    bool negate = false;
    bool dir_only = false;
    bool anchored = false;  // contains a '/' (other than a trailing one)
    // Kind::glob: what any match must start and end with (the literal text
    // before the first and after the last wildcard), tested before the glob.
    std::string lead;
    std::string tail;
  };
  std::string m_dir;
  std::vector<Pattern> m_patterns;
};

// Directory names never descended into: dependencies, VCS data and the
// usual build output.
bool is_build_dir(std::string_view name);
// The build-output names that are also folder names in source trees
// (dist, build, out): the source listing skips them only where build output
// goes, beside a package.json. `src/build/` and a workspace named
// `packages/build` are source.
bool is_output_dir_name(std::string_view name);

SourceListing list_source_files(const core::Snapshot& snapshot, const core::Project& project);

// Whether .gitignore excludes a path that may not exist (a generated file
// an import points at): some folder on its way, or the path itself, is
// ignored by the deepest .gitignore above it that has a matching pattern.
// Each folder's .gitignore is read once.
class IgnoreProbe {
 public:
  explicit IgnoreProbe(const core::Snapshot& snapshot) : m_snapshot(snapshot) {}
  [[nodiscard]] bool ignored(std::string_view path);

 private:
  const GitIgnore* in_dir(const std::string& dir);
  const core::Snapshot& m_snapshot;
  std::map<std::string, std::optional<GitIgnore>, std::less<>> m_cache;
};

// The text of a .vue/.svelte file with everything outside its <script>
// blocks blanked (newlines kept, so positions stay right), and the dialect
// its `lang` attribute names.
std::string script_blocks(std::string_view text, Dialect& dialect);

}  // namespace archgate::analyzers::source
