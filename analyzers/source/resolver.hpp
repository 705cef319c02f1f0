#pragma once
// Module resolution as Node.js and TypeScript do it, without node_modules:
//
//  - `node:x` and bare built-in names → builtin; other `scheme:x` (bun:,
//    cloudflare:, virtual:) → builtin as platform/bundler modules;
//  - relative paths: the file, `.js`→`.ts`/`.tsx` (and .mjs→.mts, .cjs→.cts),
//    extension probing, directory index;
//  - `#x`: the owning package.json's `imports`, with conditions;
//  - TypeScript `paths` (with `baseUrl`), `baseUrl` itself and `rootDirs`,
//    from the nearest tsconfig.json/jsconfig.json through its `extends`
//    chain (relative, a workspace package, or an installed package);
//  - workspace packages by name: `exports` (conditions, subpath patterns),
//    `main`/`module`/`types`, index; when the target is build output that
//    does not exist, back to its source (outDir → rootDir, dist/ → src/);
//  - other bare specifiers → the npm package they name.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzers/source/files.hpp"
#include "analyzers/source/lexer.hpp"
#include "core/module_graph.hpp"
#include "core/project.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers::source {

// compilerOptions that matter for resolution, merged through `extends`.
struct TsConfig {
  std::string file;  // project-relative
  std::optional<std::string> base_url;  // project-relative directory
  std::string paths_base;               // directory `paths` targets are relative to
  std::vector<std::pair<std::string, std::vector<std::string>>> paths;
  std::vector<std::string> root_dirs;    // project-relative
  std::optional<std::string> out_dir;    // project-relative
  std::optional<std::string> root_dir;   // project-relative
  std::vector<std::string> custom_conditions;
  std::vector<std::string> types;  // compilerOptions.types: packages whose declarations apply globally
  // Strictness through the extends chain (nullopt = not set anywhere read).
  std::optional<bool> strict, no_implicit_any, strict_null_checks;
  // Import elision switched off: verbatimModuleSyntax, preserveValueImports,
  // importsNotUsedAsValues "preserve"/"error" (through extends). Then an
  // import without `type` loads its module even when only types are used.
  std::optional<bool> verbatim_module_syntax, preserve_value_imports;
  std::optional<std::string> imports_not_used_as_values;
  [[nodiscard]] bool keeps_imports() const {
    // importsNotUsedAsValues is read case-insensitively, as TypeScript does.
    auto inuav = imports_not_used_as_values.value_or("remove");
    for (auto& c : inuav) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return verbatim_module_syntax.value_or(false) || preserve_value_imports.value_or(false) || inuav != "remove";
  }
  std::vector<std::string> problems;  // an `extends` that could not be read, a syntax error
  // Project references (config files, project-relative) and the literal
  // directories `include` names; `solution`: `files: []` with references, a
  // config that only points at others (Vite's tsconfig.json →
  // tsconfig.app.json).
  std::vector<std::string> references;
  std::vector<std::string> include_roots;
  bool solution = false;
};

// JSON with comments and trailing commas (tsconfig.json) as strict JSON:
// comments become spaces (offsets kept), dangling commas are dropped.
std::string strip_jsonc(std::string_view text);

struct Resolution {
  core::Resolved kind = core::Resolved::unresolved;
  std::string target;   // file path, package name, `node:x`
  std::string package;  // the package the specifier names (bare specifiers)
  // The specifier enters a workspace package past its `exports`.
  bool deep = false;
  std::string note;  // why it did not resolve
  bool aliased = false;  // reached through tsconfig "paths"/baseUrl, not the package itself
  std::string missing;   // unresolved: where "paths"/baseUrl map it (a path that does not exist)
  std::string alias;     // unresolved: the bundler alias it goes through ("@helpers"), not in tsconfig "paths"
};

class Resolver {
 public:
  Resolver(const core::Snapshot& snapshot, const core::Project& project, const SourceListing& listing);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // `type_only`: the reference is erased at run time (`import type`, elided):
  // declarations then win over runtime files, and the `types` condition of
  // `exports` applies first; for a runtime reference it applies last.
  Resolution resolve(std::string_view spec, const SourceFile& from, RefKind kind, bool type_only = false);

  // The tsconfig that governs files in `dir` (nearest one up), or nullptr.
  const TsConfig* tsconfig_for(std::string_view dir);
  // Every tsconfig read, by file (for problems).
  [[nodiscard]] std::vector<const TsConfig*> tsconfigs() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// The problem a tsconfig's `extends` naming a config that is not there
// gives, and its reading back: nullopt for any other problem, else whether
// the base names a package (one that is not installed) rather than a file.
std::string missing_extends_problem(std::string_view file, std::string_view base);
std::optional<bool> missing_extends(std::string_view problem);

// Is `name` a Node.js built-in module (without the `node:` prefix)?
bool is_node_builtin(std::string_view name);

}  // namespace archgate::analyzers::source
