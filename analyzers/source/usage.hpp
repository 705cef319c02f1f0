#pragma once
// Dependency usage: for every dependency a manifest declares, every place
// that uses it, and every import of a package its workspace does not
// declare. The hygiene rules (rules/hygiene_rules.cpp) judge from these
// facts; nothing here decides what is a finding.
//
// A declared dependency is used by, in this order of evidence:
//   - an import, require, dynamic import or `require.resolve` of it (or of a
//     subpath) from a file of the workspace (root declarations serve every
//     workspace, as hoisting does), type-only imports marked as such;
//   - a binary in a package script, a CI step or a .husky hook, resolved
//     through archgate's bin table (data/hygiene.json), the package's own
//     name, or its installed package.json `bin` when node_modules is present;
//     and any script word that names the package (`-r dotenv/config`);
//   - a configuration file that implies it (tsconfig.json → typescript,
//     .prettierrc → prettier) or a string in one (eslint `plugin:x/…`,
//     babel presets, jest environments, pino targets), with the tools'
//     shorthand expanded (x → eslint-plugin-x, @babel/env → @babel/preset-env);
//   - a package.json key that configures it ("prettier", "jest", "lint-staged")
//     or a string under such a key;
//   - a literal argument in source that names it (`app.set('view engine',
//     'pug')`, `knex({ client: 'pg' })`, sequelize dialects, `node_modules/x`
//     paths), a stylesheet `@import '~x'`/`@use`;
//   - being a peer dependency of another declared package (lockfile, or the
//     installed package.json);
//   - `@types/x` pairs with `x` (declared or imported), `@types/node` with the
//     runtime;
//   - a workspace package this workspace imports uses it (a bundler inlines
//     that package, so the app declares its dependencies).
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "analyzers/ci.hpp"
#include "analyzers/source/analysis.hpp"
#include "core/manifest.hpp"
#include "core/project.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers::source {

enum class UseKind : std::uint8_t {
  import_runtime,  // an import that loads code
  import_type,     // an import erased at run time
  binary,          // a binary in a script, CI step or hook
  script_word,     // a script word naming the package (`-r ts-node/register`)
  config_file,     // a configuration file that implies it
  config_string,   // a string in a configuration file or package.json
  source_string,   // a literal argument in source (view engine, SQL dialect)
  stylesheet,      // @import/@use in a stylesheet
  peer,            // a peer dependency of another declared package
  types_pair,      // @types/x with x
  bundled,         // used by a workspace package this workspace imports
  implicit,        // the project itself needs it (typescript with .ts files)
};
std::string_view to_string(UseKind kind);

struct DependencyUse {
  UseKind kind = UseKind::import_runtime;
  std::string where;  // a file path ("package.json" for scripts and keys)
  int line = 0;
  int column = 0;
  std::string via;  // "scripts.build: tsc", "peer of ts-jest", "plugin:prettier/recommended"
};

struct DeclaredUsage {
  std::string manifest;   // project-relative package.json
  std::string workspace;  // its directory ("" = the root)
  core::DeclaredDep dep;
  bool also_prod = false;  // the same manifest also declares it in dependencies/peer/optional
  // The first uses of each kind (at most 8 of each), and how many there are.
  std::vector<DependencyUse> uses;
  std::size_t import_sites = 0;  // import statements (runtime and type)
  std::size_t import_files = 0;  // distinct importing files
};

struct UndeclaredImport {
  std::string manifest;   // the package.json that should declare it
  std::string workspace;  // its directory
  std::string package;
  std::uint32_t edge = 0;  // index into SourceFacts::graph.edges
  // Who supplies it today: "lodash@4.17.21, a dependency of express@4.18.2",
  // "the workspace package packages/ui", or "" when nothing does.
  std::string supplier;
};

struct UsageFacts {
  std::vector<DeclaredUsage> declared;  // by manifest, then declaration order
  std::vector<UndeclaredImport> undeclared;  // by edge
  // Where archgate looked, per manifest: for "why" in the findings.
  struct Searched {
    std::string manifest;
    std::size_t files = 0;             // source files whose imports count for it
    std::size_t scripts = 0;           // package scripts read
    std::vector<std::string> configs;  // configuration files read for it
  };
  std::vector<Searched> searched;
  bool node_modules = false;  // installed package.json files were read for bins and peers
  // The first import of each package anywhere in the project ("file:line"),
  // so an unused declaration can say where the package is used instead.
  std::map<std::string, std::string> imported_at;
  // Files package scripts other than start/serve run directly
  // (`ts-node copyStaticAssets.ts` in "build"): tooling, not production.
  std::set<std::string> tooling_files;
};

UsageFacts analyze_usage(const core::Snapshot& snapshot, const core::Project& project, const SourceFacts& source,
                         const CiFacts* ci);

// The package an @types package types: @types/node → node,
// @types/babel__core → @babel/core.
std::string typed_package(std::string_view types_package);

// The configuration files and stylesheets analyze_usage reads, by name.
bool is_config_file(std::string_view path);
bool is_stylesheet(std::string_view path);

// Every string literal and identifier-like word of a JS/JSON/YAML config
// text (comments skipped), in order. Linear.
std::vector<std::string> config_tokens(std::string_view text);

}  // namespace archgate::analyzers::source
