// The source pass: which files are source, how references resolve without
// node_modules (relative, tsconfig paths through extends, workspace exports
// back to source, #imports, built-ins), the module graph and its cycles, the
// source rules, and `archgate graph`.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "analyzers/project_loader.hpp"
#include "analyzers/source/analysis.hpp"
#include "core/glob.hpp"
#include "analyzers/source/files.hpp"
#include "analyzers/source/resolver.hpp"
#include "core/module_graph.hpp"
#include "test_support.hpp"

namespace src = archgate::analyzers::source;
using archgate::core::MemorySnapshot;
using archgate::core::ModuleEdgeKind;
using archgate::core::ModuleGraph;
using archgate::core::Resolved;
using archgate::test::fixtures_dir;
using archgate::test::q;
using archgate::test::run_archgate;
using nlohmann::json;

namespace {

src::SourceFacts analyze(const archgate::core::Snapshot& snap) {
  auto project = archgate::analyzers::load_project(snap);
  REQUIRE(project);
  return src::analyze_source(snap, *project);
}

// "from → to" for each edge, with its kind and resolution.
struct EdgeView {
  std::string to;
  Resolved resolved;
  ModuleEdgeKind kind;
  int line;
};

std::multimap<std::string, EdgeView> edges_of(const src::SourceFacts& f) {
  std::multimap<std::string, EdgeView> out;
  for (const auto& e : f.graph.edges) {
    out.emplace(f.graph.files[e.from].path, EdgeView{e.to, e.resolved, e.kind, e.line});
  }
  return out;
}

const EdgeView* edge(const std::multimap<std::string, EdgeView>& m, const std::string& from, const std::string& to) {
  auto [b, e] = m.equal_range(from);
  for (auto it = b; it != e; ++it) {
    if (it->second.to == to) return &it->second;
  }
  return nullptr;
}

std::string monorepo() { return (fixtures_dir() / "projects" / "source-monorepo").string(); }

}  // namespace

TEST_CASE("source: files are listed by path with their workspace; build output and .gitignore'd paths are not",
          "[source]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["packages/*"]})");
  snap.add("packages/a/package.json", R"({"name":"a"})");
  snap.add("packages/a/src/index.ts", "export const a = 1;\n");
  snap.add("packages/a/dist/index.js", "export const a = 1;\n");
  snap.add("packages/a/coverage/x.js", "x\n");
  snap.add("scripts/build.mjs", "import 'node:fs';\n");
  snap.add(".gitignore", "generated/\n*.gen.ts\n!keep.gen.ts\n");
  snap.add("packages/a/src/generated/api.ts", "export {};\n");
  snap.add("packages/a/src/x.gen.ts", "export {};\n");
  snap.add("packages/a/src/keep.gen.ts", "export {};\n");
  snap.add("packages/a/.gitignore", "local.ts\n");
  snap.add("packages/a/src/local.ts", "export {};\n");
  snap.add("packages/a/src/App.vue", "<template/>\n<script>\nimport x from './x';\n</script>\n");
  auto project = archgate::analyzers::load_project(snap);
  REQUIRE(project);
  auto listing = src::list_source_files(snap, *project);
  std::vector<std::string> paths;
  for (const auto& f : listing.files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"packages/a/src/App.vue", "packages/a/src/index.ts",
                                          "packages/a/src/keep.gen.ts", "scripts/build.mjs"});
  CHECK(listing.files[1].workspace == "packages/a");
  CHECK(listing.files[3].workspace == "");
  CHECK(listing.files[0].embedded);
}

// Seen on a pnpm monorepo: a workspace named packages/build and a CLI's
// src/build/ folder were skipped as build output, and the dependencies only
// they import were called unused.
TEST_CASE("source: dist, build and out are build output beside a package.json only", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["packages/*"]})");
  snap.add("build/bundle.js", "require('x');\n");
  snap.add("packages/build/package.json", R"({"name":"@acme/build"})");
  snap.add("packages/build/src/index.ts", "import 'mlly';\n");
  snap.add("packages/build/dist/index.js", "require('mlly');\n");
  snap.add("packages/cli/package.json", R"({"name":"@acme/cli"})");
  snap.add("packages/cli/src/build/externals.ts", "import 'minimatch';\n");
  snap.add("packages/cli/src/out/x.ts", "export {};\n");
  snap.add("packages/cli/out/x.js", "export {};\n");
  snap.add("packages/cli/src/node_modules/y/index.js", "export {};\n");
  auto project = archgate::analyzers::load_project(snap);
  REQUIRE(project);
  auto listing = src::list_source_files(snap, *project);
  std::vector<std::string> paths;
  for (const auto& f : listing.files) paths.push_back(f.path);
  CHECK(paths == std::vector<std::string>{"packages/build/src/index.ts", "packages/cli/src/build/externals.ts",
                                          "packages/cli/src/out/x.ts"});
}

TEST_CASE("source: .gitignore patterns follow git's rules", "[source]") {
  src::GitIgnore g("", "# comment\n/root-only.ts\nbuild/\n**/tmp/**\n*.log\n!important.log\nsrc/*.bak\n");
  CHECK(g.match("root-only.ts", false) == true);
  CHECK(g.match("sub/root-only.ts", false) == std::nullopt);  // anchored
  CHECK(g.match("a/build", true) == true);
  CHECK(g.match("a/build", false) == std::nullopt);  // dir-only pattern
  CHECK(g.match("x/tmp/y.ts", false) == true);
  CHECK(g.match("deep/debug.log", false) == true);
  CHECK(g.match("important.log", false) == false);  // re-included
  CHECK(g.match("src/a.bak", false) == true);
  CHECK(g.match("lib/src/a.bak", false) == std::nullopt);
}

TEST_CASE("source: .gitignore globs answer as glob_match does, with or without the quick tests", "[source]") {
  // GitIgnore rejects paths that cannot match before trying the glob; for
  // every pattern and path here it must answer as the glob alone.
  const std::vector<std::string> patterns = {
      "packages/*/package-lock.json", "packages/**", "packages/**/*.junit.xml", "**/eslintcache/*", "**/fixtures",
      "/**/.wrangler/*", "a/**/b", "pkg-?/x", "*.[jt]s", "src/*.{js,ts}", "./gen/*.ts", "a\\*b/c", "x*y/z"};
  const std::vector<std::string> paths = {
      "packages", "packages/a", "packages/a/package-lock.json", "packages/a/b/package-lock.json",
      "packages/a/r.junit.xml", "packages/r.junit.xml", "x/eslintcache/f", "eslintcache/f", "fixtures",
      "a/b/fixtures", "fixtures/x", ".wrangler/x", "w/.wrangler/x", "a/b", "a/x/b", "a/x/y/b", "pkg-1/x",
      "pkg-12/x", "q.js", "q.ts", "q.cs", "d/q.js", "src/m.js", "src/m.ts", "src/m.css", "gen/a.ts", "a*b/c",
      "ab/c", "xy/z", "x-y/z", "xy/zz"};
  for (const auto& pat : patterns) {
    src::GitIgnore g("", pat + "\n");
    bool anchored = pat.find('/') != std::string::npos;
    std::string glob = pat.front() == '/' ? pat.substr(1) : pat;
    for (const auto& path : paths) {
      INFO(pat << " vs " << path);
      auto base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
      bool expected = anchored ? archgate::core::glob_match(glob, path) ||
                                     (glob.starts_with("**/") && archgate::core::glob_match(glob.substr(3), path))
                               : archgate::core::glob_match(glob, base);
      CHECK(g.match(path, false).value_or(false) == expected);
    }
  }
}

TEST_CASE("source: the <script> blocks of .vue/.svelte files keep their positions", "[source]") {
  src::Dialect d = src::Dialect::js;
  std::string text = "<template>\n  <div/>\n</template>\n<script setup lang=\"ts\">\nimport a from 'a';\n</script>\n";
  auto out = src::script_blocks(text, d);
  CHECK(d == src::Dialect::ts);
  CHECK(out.size() == text.size());
  auto scan = src::scan_source(out, d);
  REQUIRE(scan.refs.size() == 1);
  CHECK(scan.refs[0].spec == "a");
  CHECK(scan.refs[0].pos.line == 5);
  CHECK(scan.refs[0].pos.column == 15);
}

// Seen on vitejs/vite (playground/optimize-deps/generics.vue): the opening
// tag ended at the '>' inside `generic="..."`, so the script started inside
// the attribute and did not lex ("unterminated string literal").
TEST_CASE("source: a <script> tag whose attribute holds '>' (Vue generic) ends at its own '>'", "[source]") {
  src::Dialect d = src::Dialect::js;
  std::string text =
      "<script lang=\"ts\">\nexport class Item<V> { value: V }\n</script>\n"
      "<script setup lang=\"ts\" generic=\"T extends Item<V>, V\">\nimport { ref } from 'vue';\n"
      "defineProps<{ items: T[] }>();\nconst r = ref(1);\n</script>\n";
  auto out = src::script_blocks(text, d);
  CHECK(d == src::Dialect::ts);
  auto scan = src::scan_source(out, d);
  CHECK_FALSE(scan.error);
  REQUIRE(scan.refs.size() == 1);
  CHECK(scan.refs[0].spec == "vue");
  CHECK(scan.refs[0].pos.line == 5);
}

TEST_CASE("source: tsconfig.json with comments and trailing commas", "[source]") {
  auto j = json::parse(src::strip_jsonc("{\n // c\n \"a\": [1, 2,], /* b */ \"s\": \"// not a comment\",\n}\n"));
  CHECK(j["a"].size() == 2);
  CHECK(j["s"] == "// not a comment");
}

TEST_CASE("source: references resolve as Node and TypeScript do, without node_modules", "[source]") {
  archgate::core::WorkingTreeSnapshot snap(monorepo());
  auto facts = analyze(snap);
  auto m = edges_of(facts);
  const std::string server = "packages/api/src/server.ts";
  SECTION("built-ins, bare and node:") {
    REQUIRE(edge(m, server, "node:fs"));
    CHECK(edge(m, server, "node:fs")->resolved == Resolved::builtin);
    CHECK(edge(m, server, "node:fs/promises"));
    CHECK(edge(m, server, "express")->resolved == Resolved::package);
  }
  SECTION("tsconfig paths through a relative extends chain") {
    const auto* e = edge(m, server, "packages/api/src/routes/users.ts");
    REQUIRE(e);
    CHECK(e->resolved == Resolved::file);
  }
  SECTION("a workspace package whose exports point at unbuilt dist/ maps back to src/") {
    CHECK(edge(m, server, "packages/core/src/index.ts"));
    CHECK(edge(m, server, "packages/core/src/money.ts"));  // "./money" subpath
  }
  SECTION("package.json imports (#db)") {
    CHECK(edge(m, "packages/api/src/routes/users.ts", "packages/api/src/db/client.ts"));
  }
  SECTION(".js specifiers name .ts sources; side effects, workers and dynamic imports") {
    CHECK(edge(m, "packages/api/src/services/users.ts", "packages/api/src/services/audit.ts"));
    CHECK(edge(m, server, "packages/api/src/polyfills.ts")->kind == ModuleEdgeKind::side_effect);
    CHECK(edge(m, server, "packages/api/src/jobs/worker.ts")->kind == ModuleEdgeKind::dynamic);
    CHECK(edge(m, server, "packages/api/src/services/users.ts")->kind == ModuleEdgeKind::dynamic);
  }
  SECTION("type-only edges") {
    CHECK(edge(m, "packages/api/src/services/users.ts", "pg")->kind == ModuleEdgeKind::type);
    CHECK(edge(m, "packages/api/src/models/shapes.ts", "packages/api/src/models/circle.ts")->kind ==
          ModuleEdgeKind::type);
  }
  SECTION("nothing is dropped: an unresolved import is an edge with a reason") {
    const auto* e = edge(m, server, "./does-not-exist");
    REQUIRE(e);
    CHECK(e->resolved == Resolved::unresolved);
    CHECK(e->line == 9);
  }
  SECTION("the <script> of a .vue file is scanned") {
    CHECK(edge(m, "packages/web/src/App.vue", "vue"));
    CHECK(edge(m, "packages/web/src/App.vue", "packages/core/src/index.ts"));
  }
  SECTION("an extends that names a workspace package is read") {
    src::SourceListing listing = src::list_source_files(snap, *archgate::analyzers::load_project(snap));
    auto project = archgate::analyzers::load_project(snap);
    src::Resolver r(snap, *project, listing);
    const auto* cfg = r.tsconfig_for("packages/core/src");
    REQUIRE(cfg);
    CHECK(cfg->out_dir == "packages/core/dist");
    CHECK(cfg->custom_conditions == std::vector<std::string>{"acme-source"});
    CHECK(cfg->problems.empty());
  }
}

TEST_CASE("source: exports conditions, patterns and null targets", "[source]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["packages/*"]})");
  snap.add("packages/lib/package.json", R"({
    "name": "@x/lib",
    "exports": {
      ".": {"require": "./cjs/index.js", "import": "./esm/index.js"},
      "./features/*.js": "./src/features/*.ts",
      "./features/private/*": null,
      "./package.json": "./package.json"
    }
  })");
  snap.add("packages/lib/cjs/index.js", "module.exports = {};\n");
  snap.add("packages/lib/esm/index.js", "export {};\n");
  snap.add("packages/lib/src/features/a.ts", "export {};\n");
  snap.add("packages/lib/src/features/private/b.ts", "export {};\n");
  snap.add("packages/app/package.json", R"({"name":"app","dependencies":{"@x/lib":"*"}})");
  snap.add("packages/app/index.ts",
           "import a from '@x/lib';\nconst b = require('@x/lib');\nimport f from '@x/lib/features/a.js';\n"
           "import p from '@x/lib/features/private/b';\nimport t from 'bun:test';\nimport al from '@/x';\n");
  auto facts = analyze(snap);
  auto m = edges_of(facts);
  const std::string app = "packages/app/index.ts";
  CHECK(edge(m, app, "packages/lib/esm/index.js"));          // import condition
  CHECK(edge(m, app, "packages/lib/cjs/index.js"));          // require condition
  CHECK(edge(m, app, "packages/lib/src/features/a.ts"));     // subpath pattern
  // A null target excludes the subpath: importing it goes past the exports
  // (a deep import), and the edge still names the file.
  REQUIRE(edge(m, app, "packages/lib/src/features/private/b.ts"));
  bool deep = false;
  for (std::size_t i = 0; i < facts.graph.edges.size(); ++i) {
    if (facts.graph.edges[i].spec == "@x/lib/features/private/b") deep = facts.details[i].deep;
  }
  CHECK(deep);
  CHECK(edge(m, app, "bun:test")->resolved == Resolved::builtin);
  CHECK(edge(m, app, "@/x")->resolved == Resolved::unresolved);
}

// Seen on hedgedoc/hedgedoc: a CommonJS NestJS backend (no "type") imports
// a workspace whose "exports" has only a "require" branch; TypeScript
// compiles the import to require(), so it is not past the exports (55 false
// source/deep-import warnings). From an ES module it is.
TEST_CASE("source: a CommonJS importer's import uses the require condition", "[source][regression]") {
  for (bool esm : {false, true}) {
    INFO("backend is an ES module: " << esm);
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"root","private":true,"workspaces":["backend","database"]})");
    snap.add("database/package.json", R"({"name":"@x/database","type":"module","main":"dist/cjs/index.js",
      "exports":{"require":{"types":"./dist/cjs/index.d.ts","default":"./dist/cjs/index.js"}}})");
    snap.add("database/src/index.ts", "export const tables = [];\n");
    snap.add("backend/package.json", std::string(R"({"name":"backend","private":true,)") +
                                         (esm ? R"("type":"module",)" : "") + R"("dependencies":{"@x/database":"*"}})");
    snap.add("backend/src/alias.service.ts", "import { tables } from '@x/database';\nconsole.log(tables);\n");
    auto facts = analyze(snap);
    bool deep = false, found = false;
    for (std::size_t i = 0; i < facts.graph.edges.size(); ++i) {
      if (facts.graph.edges[i].spec != "@x/database") continue;
      found = true;
      deep = facts.details[i].deep;
      CHECK(facts.graph.edges[i].to == "database/src/index.ts");
    }
    CHECK(found);
    CHECK(deep == esm);
  }
}

// Seen on logto-io/logto: a package's bin (bin/logto.js) imports
// '../lib/index.js', lib being tsconfig's outDir, unbuilt: its source.
TEST_CASE("source: a relative import into the package's own build output maps to its source", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"]})");
  snap.add("packages/cli/package.json", R"({"name":"@x/cli","bin":{"x":"./bin/x.js"},"type":"module"})");
  snap.add("packages/cli/tsconfig.json", R"({"compilerOptions":{"outDir":"lib","rootDir":"src"}})");
  snap.add("packages/cli/src/index.ts", "export const run = () => 1;\n");
  snap.add("packages/cli/bin/x.js", "#!/usr/bin/env node\nimport { run } from '../lib/index.js';\n"
                                    "import { gone } from '../src/gone.js';\nrun(gone);\n");
  auto facts = analyze(snap);
  auto m = edges_of(facts);
  CHECK(edge(m, "packages/cli/bin/x.js", "packages/cli/src/index.ts"));
  CHECK(edge(m, "packages/cli/bin/x.js", "../src/gone.js")->resolved == Resolved::unresolved);
}

// Seen on trpc/trpc: '~/server/routers/_app' through a declared "~/*"
// alias whose target is generated; the note said the alias was not declared
// and the advice was to declare it.
TEST_CASE("source: a declared tsconfig \"paths\" alias whose file is missing says so", "[source]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"app"})");
  snap.add("tsconfig.json", "{ /* c */ \"compilerOptions\": {\"paths\": {\"~/*\": [\"./src/*\"]}} }");
  snap.add("src/utils/trpc.ts", "import { a } from '~/server/routers/_app';\nimport { b } from '~/utils/b';\nimport c from '#/c';\n");
  snap.add("src/utils/b.ts", "export const b = 1;\n");
  auto facts = analyze(snap);
  const auto& g = facts.graph;
  bool missing = false, found = false, undeclared = false;
  for (std::size_t i = 0; i < g.edges.size(); ++i) {
    const auto& e = g.edges[i];
    if (e.spec == "~/server/routers/_app") {
      missing = true;
      CHECK(e.resolved == Resolved::unresolved);
      CHECK(facts.details[i].aliased);
      CHECK_THAT(e.note, Catch::Contains("tsconfig \"paths\" (tsconfig.json) maps it to src/server/routers/_app"));
    } else if (e.spec == "~/utils/b") {
      found = e.resolved == Resolved::file && e.to == "src/utils/b.ts";
    } else if (e.spec == "#/c") {
      undeclared = e.resolved == Resolved::unresolved && !facts.details[i].aliased;
    }
  }
  CHECK(missing);
  CHECK(found);
  CHECK(undeclared);
}

// Seen on hoppscotch/hoppscotch: `src/generated/prisma/client` under
// baseUrl "./" (Prisma's client, generated, not checked in) was reported as
// an undeclared package "src"; `@app/api/generated/graphql` through a
// declared "@app/api/*" path whose target is generated, as an undeclared
// "@app/api"; `@helpers/backend/x` through a Vite alias, likewise.
TEST_CASE("source: baseUrl, paths and bundler aliases whose targets are missing are not packages",
          "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"]})");
  snap.add("packages/api/package.json", R"({"name":"api","dependencies":{"lib":"^1.0.0"}})");
  snap.add("packages/api/tsconfig.json", R"({"compilerOptions":{"baseUrl":"./"}})");
  snap.add("packages/api/src/prisma.ts", "export const p = 1;\n");
  snap.add("packages/api/lib/x.ts", "export const x = 1;\n");
  snap.add("packages/api/src/main.ts",
           "import { PrismaClient } from 'src/generated/prisma/client';\nimport { p } from 'src/prisma';\n"
           "import { y } from 'lib/y';\nconsole.log(PrismaClient, p, y);\n");
  snap.add("packages/web/package.json", R"({"name":"web","private":true})");
  snap.add("packages/web/tsconfig.json", R"({"compilerOptions":{"paths":{"@app/api/*":["./src/api/*"]}}})");
  snap.add("packages/web/vite.config.ts",
           "import path from 'node:path';\nexport default { resolve: { alias: {\n"
           "  \"@helpers\": path.resolve(__dirname, './src/helpers'),\n} } };\n");
  snap.add("packages/web/src/api/queries.ts", "export const q = 1;\n");
  snap.add("packages/web/src/helpers/backend.ts", "export const b = 1;\n");
  snap.add("packages/web/src/main.ts",
           "import { G } from '@app/api/generated/graphql';\nimport { q } from '@app/api/queries';\n"
           "import { b } from '@helpers/backend';\nimport { z } from '@zod/mini';\nconsole.log(G, q, b, z);\n");
  auto facts = analyze(snap);
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < facts.graph.edges.size(); ++i) at[facts.graph.edges[i].spec] = i;
  auto edge_of = [&](const std::string& spec) -> const archgate::core::ModuleEdge& {
    REQUIRE(at.count(spec));
    return facts.graph.edges[at[spec]];
  };
  const auto& prisma = edge_of("src/generated/prisma/client");
  CHECK(prisma.resolved == Resolved::unresolved);
  CHECK_THAT(prisma.note, Catch::Contains("baseUrl (packages/api/tsconfig.json) maps it to "
                                          "packages/api/src/generated/prisma/client, which does not exist"));
  CHECK(facts.details[at["src/generated/prisma/client"]].missing == "packages/api/src/generated/prisma/client");
  CHECK(edge_of("src/prisma").to == "packages/api/src/prisma.ts");
  // A declared package keeps its name even where baseUrl has a folder of it.
  CHECK(edge_of("lib/y").resolved == Resolved::package);
  CHECK(edge_of("lib/y").to == "lib");

  const auto& generated = edge_of("@app/api/generated/graphql");
  CHECK(generated.resolved == Resolved::unresolved);
  CHECK(facts.details[at["@app/api/generated/graphql"]].aliased);
  CHECK(facts.details[at["@app/api/generated/graphql"]].package.empty());
  CHECK(edge_of("@app/api/queries").to == "packages/web/src/api/queries.ts");
  const auto& helpers = edge_of("@helpers/backend");
  CHECK(helpers.resolved == Resolved::unresolved);
  CHECK(facts.details[at["@helpers/backend"]].alias == "@helpers");
  CHECK_THAT(helpers.note, Catch::Contains("the bundler alias \"@helpers\" (packages/web/vite.config.ts)"));
  // A scoped package the config does not map stays a package (undeclared).
  CHECK(edge_of("@zod/mini").resolved == Resolved::package);
}

// Seen on getsentry/sentry-javascript: a catch-all "*": ["types/*"] made
// every undeclared package an unresolved alias; TypeScript tries packages
// after that mapping misses.
TEST_CASE("source: a package behind a catch-all paths pattern is a package", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"app","private":true})");
  snap.add("tsconfig.json", R"({"compilerOptions":{"baseUrl":".","paths":{"app/*":["src/*"],"*":["types/*"]}}})");
  snap.add("types/global.d.ts", "export {};\n");
  snap.add("src/main.ts", "import { test } from '@playwright/test';\nimport { x } from 'app/missing';\nconsole.log(test, x);\n");
  auto facts = analyze(snap);
  for (const auto& e : facts.graph.edges) {
    if (e.spec == "@playwright/test") CHECK(e.resolved == Resolved::package);
    if (e.spec == "app/missing") CHECK(e.resolved == Resolved::unresolved);
  }
}

// Seen on hoppscotch/hoppscotch: `import VuePdfEmbed from "vue-pdf-embed"`
// in <script setup lang="ts">, used only as <vue-pdf-embed> in the template,
// was elided as type-only (its package called misplaced, component edges
// dropped from the graph and its cycles).
TEST_CASE("source: an SFC import the template uses is not elided", "[source][regression][elision]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web","private":true,"dependencies":{"vue":"^3.5.0","vue-pdf-embed":"^2.0.0"}})");
  snap.add("src/types.ts", "export interface Doc { url: string }\n");
  snap.add("src/Child.vue", "<template><p/></template>\n");
  snap.add("src/format.ts", "export function formatSize(n: number) { return String(n); }\n");
  snap.add("src/Viewer.vue",
           "<template>\n  <vue-pdf-embed :source=\"doc.url\" />\n  <Child />\n  {{ formatSize(3) }}\n</template>\n"
           "<script setup lang=\"ts\">\n"
           "import VuePdfEmbed from 'vue-pdf-embed';\nimport Child from './Child.vue';\n"
           "import { formatSize } from './format';\nimport { Doc } from './types';\n"
           "import type { Ref } from 'vue';\nconst doc: Doc = { url: '' };\nlet r: Ref<number>;\n</script>\n");
  auto facts = analyze(snap);
  std::map<std::string, ModuleEdgeKind> kind;
  for (const auto& e : facts.graph.edges) kind[e.spec] = e.kind;
  CHECK(kind["vue-pdf-embed"] == ModuleEdgeKind::static_import);
  CHECK(kind["./Child.vue"] == ModuleEdgeKind::static_import);
  CHECK(kind["./format"] == ModuleEdgeKind::static_import);
  CHECK(kind["./types"] == ModuleEdgeKind::type);  // `Doc` is only a type: elided
  CHECK(kind["vue"] == ModuleEdgeKind::type);
}

// Seen on hoppscotch/hoppscotch: 911 imports of '~icons/lucide/x' (virtual
// modules of unplugin-icons, whose types the tsconfig names) were the first
// thing to fix, with the advice to map "~icons*" to ./src/* (which would
// break the build); 'unfonts.css' (unplugin-fonts) was an undeclared package.
TEST_CASE("source: modules only an ambient declaration describes are not unresolved", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web","private":true,"dependencies":{"vue":"^3.5.0"}})");
  snap.add("tsconfig.json", R"({"compilerOptions":{"types":["vite/client","unplugin-icons/types/vue"]}})");
  snap.add("src/shims.d.ts", "declare module 'virtual-config' {\n  const c: { name: string };\n  export default c;\n}\n"
                             "declare module '*.graphql';\n");
  snap.add("src/augment.ts", "export {};\ndeclare module 'vue' {\n  interface ComponentCustomProperties { $t: unknown }\n}\n");
  snap.add("src/main.ts", "import IconCopy from '~icons/lucide/copy';\nimport cfg from 'virtual-config';\n"
                          "import q from 'queries/list.graphql';\nimport { ref } from 'vue';\nimport x from '~other/x';\n"
                          "console.log(IconCopy, cfg, q, ref, x);\n");
  auto facts = analyze(snap);
  std::map<std::string, const archgate::core::ModuleEdge*> by;
  for (const auto& e : facts.graph.edges) by[e.spec] = &e;
  REQUIRE(by.count("~icons/lucide/copy"));
  CHECK(by["~icons/lucide/copy"]->resolved == Resolved::builtin);
  CHECK_THAT(by["~icons/lucide/copy"]->note, Catch::Contains("declare module \"~icons/*\" in unplugin-icons/types/vue"));
  CHECK(by["virtual-config"]->resolved == Resolved::builtin);
  CHECK_THAT(by["virtual-config"]->note, Catch::Contains("src/shims.d.ts"));
  CHECK(by["queries/list.graphql"]->resolved == Resolved::builtin);
  CHECK(by["vue"]->resolved == Resolved::package);  // augmented, still the package
  CHECK(by["~other/x"]->resolved == Resolved::unresolved);
}

// Seen on sveltejs/realworld: $lib/api and $app/forms (SvelteKit's aliases,
// declared only in the generated .svelte-kit/tsconfig.json) were 36
// unresolved imports, with advice to map "$lib*" to ./src/*.
TEST_CASE("source: SvelteKit's $lib, $app and $env", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"app","private":true,"devDependencies":{"@sveltejs/kit":"^2.0.0"}})");
  snap.add("jsconfig.json", R"({"extends":"./.svelte-kit/tsconfig.json"})");
  snap.add("src/lib/api.js", "export const get = () => 1;\n");
  snap.add("src/lib/index.js", "export const x = 1;\n");
  snap.add("src/routes/+page.server.js",
           "import * as api from '$lib/api';\nimport { x } from '$lib';\nimport { fail } from '$app/forms';\n"
           "import { env } from '$env/dynamic/private';\nimport y from '$lib/missing';\nimport z from '$other/z';\n"
           "console.log(api, x, fail, env, y, z);\n");
  auto facts = analyze(snap);
  std::map<std::string, const archgate::core::ModuleEdge*> by;
  for (const auto& e : facts.graph.edges) by[e.spec] = &e;
  CHECK(by["$lib/api"]->to == "src/lib/api.js");
  CHECK(by["$lib"]->to == "src/lib/index.js");
  CHECK(by["$app/forms"]->resolved == Resolved::builtin);
  CHECK(by["$env/dynamic/private"]->resolved == Resolved::builtin);
  CHECK(by["$lib/missing"]->resolved == Resolved::unresolved);
  CHECK_THAT(by["$lib/missing"]->note, Catch::Contains("SvelteKit's $lib maps it to src/lib/missing"));
  CHECK(by["$other/z"]->resolved == Resolved::unresolved);
}

TEST_CASE("source: probing depends on who imports (regressions)", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["packages/*"]})");
  // A compiled .js beside its .ts source, and a .d.ts beside a runtime .js.
  snap.add("src/util.ts", "export const a = 1;\n");
  snap.add("src/util.js", "exports.a = 1;\n");
  snap.add("src/legacy.js", "module.exports = {};\n");
  snap.add("src/legacy.d.ts", "export {};\n");
  snap.add("src/plain.js", "const u = require('./util.js');\nconst l = require('./legacy');\n");
  snap.add("src/main.ts",
           "import { a } from './util.js';\nimport l from './legacy';\nimport type { T } from './legacy';\n"
           "const p = require.resolve('./plain.js');\nimport w from '@x/lib';\nconsole.log(a, l, w);\n");
  // `types` listed before `import`: a runtime import loads what `import` names.
  snap.add("packages/lib/package.json", R"({"name":"@x/lib",
    "exports": {".": {"types": "./src/index.types.ts", "import": "./src/index.ts"}}})");
  snap.add("packages/lib/src/index.ts", "export default 1;\n");
  snap.add("packages/lib/src/index.types.ts", "export {};\n");
  auto facts = analyze(snap);
  auto m = edges_of(facts);
  SECTION("a JavaScript importer gets the .js it names, not the .ts beside it") {
    CHECK(edge(m, "src/plain.js", "src/util.js"));
    CHECK_FALSE(edge(m, "src/plain.js", "src/util.ts"));
  }
  SECTION("a TypeScript importer maps .js back to its source") {
    CHECK(edge(m, "src/main.ts", "src/util.ts"));
  }
  SECTION("a runtime reference prefers the runtime file over a declaration") {
    CHECK(edge(m, "src/plain.js", "src/legacy.js"));
    const archgate::core::ModuleEdge* runtime = nullptr;
    const archgate::core::ModuleEdge* type = nullptr;
    for (const auto& e : facts.graph.edges) {
      if (facts.graph.files[e.from].path != "src/main.ts" || e.spec != "./legacy") continue;
      (e.kind == ModuleEdgeKind::type ? type : runtime) = &e;
    }
    REQUIRE(runtime);
    REQUIRE(type);
    CHECK(runtime->to == "src/legacy.js");
    CHECK(type->to == "src/legacy.d.ts");
  }
  SECTION("require.resolve is a path, not a load: a resolve edge, never in a cycle") {
    REQUIRE(edge(m, "src/main.ts", "src/plain.js"));
    CHECK(edge(m, "src/main.ts", "src/plain.js")->kind == ModuleEdgeKind::resolve);
    archgate::core::ModuleEdge e;
    e.kind = ModuleEdgeKind::resolve;
    CHECK_FALSE(ModuleGraph::runtime(e));
  }
  SECTION("the types condition does not win for a runtime import") {
    CHECK(edge(m, "src/main.ts", "packages/lib/src/index.ts"));
    CHECK_FALSE(edge(m, "src/main.ts", "packages/lib/src/index.types.ts"));
  }
}

TEST_CASE("source: a solution tsconfig hands its folders to the referenced configs", "[source][regression]") {
  // Vite's layout: tsconfig.json has files: [] and references; the paths
  // live in tsconfig.app.json.
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web"})");
  snap.add("tsconfig.json", R"({"files": [], "references": [{"path": "./tsconfig.app.json"}, {"path": "./tsconfig.node.json"}]})");
  snap.add("tsconfig.app.json", R"({"compilerOptions": {"strict": true, "baseUrl": ".", "paths": {"@/*": ["./src/*"]}},
    "include": ["src"]})");
  snap.add("tsconfig.node.json", R"({"compilerOptions": {"strict": false}, "include": ["vite.config.ts"]})");
  snap.add("src/app.ts", "import { b } from '@/lib/b';\n");
  snap.add("src/lib/b.ts", "export const b = 1;\n");
  snap.add("vite.config.ts", "export default {};\n");
  auto facts = analyze(snap);
  auto m = edges_of(facts);
  REQUIRE(edge(m, "src/app.ts", "src/lib/b.ts"));
  // The solution config compiles nothing: only real configs are summarised.
  for (const auto& t : facts.tsconfigs) CHECK(t.file != "tsconfig.json");
}

TEST_CASE("source: a relative path above the root says so", "[source]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"x"})");
  snap.add("test/a.test.js", "import api from '../../app/api';\n");
  auto facts = analyze(snap);
  REQUIRE(facts.graph.edges.size() == 1);
  CHECK(facts.graph.edges[0].resolved == Resolved::unresolved);
  CHECK(facts.graph.edges[0].note == "the path climbs above the project root");
}

// Seen on parse-server: spec/*.spec.js load the package under test with
// require('../'), reported as climbing above the project root.
TEST_CASE("source: '..' from a folder below the root is the root package", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"x","main":"lib/index.js"})");
  snap.add("src/index.js", "module.exports = 1;\n");
  snap.add("spec/a.spec.js", "const a = require('../');\nconst b = require('..');\n");
  snap.add("packages/util/package.json", R"({"name":"util"})");
  snap.add("packages/util/index.js", "module.exports = 2;\n");
  snap.add("packages/util/test/u.test.js", "const u = require('..');\n");
  auto facts = analyze(snap);
  auto m = edges_of(facts);
  // main names build output (lib/), mapped back to its source as for bins.
  CHECK(edge(m, "spec/a.spec.js", "src/index.js"));
  CHECK(edge(m, "packages/util/test/u.test.js", "packages/util/index.js"));
  MemorySnapshot bare;  // no main, no index: the note says what is missing
  bare.add("package.json", R"({"name":"x"})");
  bare.add("spec/a.spec.js", "require('..');\n");
  auto f2 = analyze(bare);
  REQUIRE(f2.graph.edges.size() == 1);
  CHECK(f2.graph.edges[0].note == "no main or index file at the project root");
}

TEST_CASE("source: cycles are strongly connected components of runtime edges", "[source][cycles]") {
  ModuleGraph g;
  for (std::string p : {"a", "b", "c", "d", "e", "f"}) g.files.push_back({p, "", "", false});
  auto add = [&](std::uint32_t from, std::int32_t to, ModuleEdgeKind kind = ModuleEdgeKind::static_import) {
    archgate::core::ModuleEdge e;
    e.from = from;
    e.to_file = to;
    e.to = g.files[static_cast<std::size_t>(to)].path;
    e.resolved = Resolved::file;
    e.kind = kind;
    g.edges.push_back(e);
  };
  // a → b → c → a, plus b → a (shortest cycle a b a); d ⇄ e only by types; f → f
  add(0, 1);
  add(1, 0);
  add(1, 2);
  add(2, 0);
  add(3, 4, ModuleEdgeKind::type);
  add(4, 3);
  add(5, 5);
  std::sort(g.edges.begin(), g.edges.end(), [](const auto& x, const auto& y) { return x.from < y.from; });
  auto runtime = archgate::core::find_cycles(g, false);
  REQUIRE(runtime.size() == 2);
  CHECK(runtime[0].files == std::vector<std::uint32_t>{0, 1, 2});
  CHECK(runtime[0].cycle == std::vector<std::uint32_t>{0, 1, 0});
  CHECK(runtime[1].files == std::vector<std::uint32_t>{5});
  auto all = archgate::core::find_cycles(g, true);
  REQUIRE(all.size() == 3);
  CHECK(all[1].files == std::vector<std::uint32_t>{3, 4});
}

TEST_CASE("source: a long chain is a deep graph, not a deep recursion", "[source][cycles]") {
  ModuleGraph g;
  const std::uint32_t n = 200000;
  for (std::uint32_t i = 0; i < n; ++i) g.files.push_back({std::to_string(i), "", "", false});
  for (std::uint32_t i = 0; i < n; ++i) {
    archgate::core::ModuleEdge e;
    e.from = i;
    e.to_file = static_cast<std::int32_t>((i + 1) % n);
    e.resolved = Resolved::file;
    g.edges.push_back(e);
  }
  auto cycles = archgate::core::find_cycles(g, false);
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0].files.size() == n);
  CHECK(cycles[0].cycle.size() == n + 1);
}

TEST_CASE("source rules: cycles, ORM models, deep imports, boundaries, unresolved, parse errors", "[source][rules]") {
  archgate::core::WorkingTreeSnapshot snap(monorepo());
  auto r = archgate::test::audit(snap, "2026-12-02", archgate::rules::Selection{{"source/*"}, {}});
  std::map<std::string, std::vector<const archgate::core::Finding*>> by_rule;
  for (const auto& f : r.findings) by_rule[f.rule.str()].push_back(&f);

  REQUIRE(by_rule["source/cycle"].size() == 2);  // services (warning) and models (note); types skipped
  const auto* services = by_rule["source/cycle"][1];
  const auto* models = by_rule["source/cycle"][0];
  if (services->severity == archgate::core::Severity::note) std::swap(services, models);
  CHECK(services->severity == archgate::core::Severity::warning);
  CHECK(services->files == std::vector<std::string>{"packages/api/src/services/audit.ts",
                                                     "packages/api/src/services/users.ts"});
  CHECK(models->severity == archgate::core::Severity::note);
  CHECK_THAT(models->cause.str(), Catch::Contains("ORM"));

  REQUIRE(by_rule["source/boundary"].size() == 1);
  CHECK(by_rule["source/boundary"][0]->location.file == "packages/api/src/routes/users.ts");
  CHECK(by_rule["source/boundary"][0]->location.line == 2);
  CHECK(by_rule["source/boundary"][0]->severity == archgate::core::Severity::error);

  REQUIRE(by_rule["source/deep-import"].size() == 2);
  REQUIRE(by_rule["source/unresolved-import"].size() == 1);
  CHECK(by_rule["source/unresolved-import"][0]->location.line == 9);
  REQUIRE(by_rule["source/parse-error"].size() == 1);
  CHECK(by_rule["source/parse-error"][0]->location.line == 1);
  CHECK(by_rule["source/parse-error"][0]->location.column == 23);
}

TEST_CASE("source rules: a [[boundaries]] entry is validated", "[source][rules][config]") {
  auto dir = std::filesystem::temp_directory_path() / ("archgate-boundary-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "package.json") << R"({"name":"x"})";
  std::ofstream(dir / "archgate.toml") << "[[boundaries]]\nfrom = \"src/**\"\nmode = \"sometimes\"\nto = \"x\"\n";
  auto r = run_archgate("check " + q(dir) + " --only 'source/*'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("archgate.toml:3") && Catch::Contains("'mode' must be"));
  std::ofstream(dir / "archgate.toml") << "[[boundaries]]\nfrom = \"src/**\"\n";
  r = run_archgate("check " + q(dir) + " --only 'source/*'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("needs 'from' and 'to'"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("archgate graph: tsconfigs extending missing configs are one warning", "[source][cli]") {
  // A checkout without node_modules: every app's tsconfig extends a config
  // package that is not installed. One cause, one line; a lone one is named.
  auto dir = std::filesystem::temp_directory_path() / ("archgate-extends-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "package.json") << R"({"name":"x","workspaces":["apps/*"]})";
  for (const char* app : {"a", "b", "c", "d"}) {
    auto a = dir / "apps" / app;
    std::filesystem::create_directories(a / "src");
    std::ofstream(a / "package.json") << R"({"name":")" << app << R"("})";
    std::ofstream(a / "tsconfig.json") << R"({"extends": "@tsconfig/node20/tsconfig.json"})";
    std::ofstream(a / "src/index.ts") << "export const x = 1;\n";
  }
  auto r = run_archgate("graph " + q(dir) + " --format json");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.err, Catch::Contains("4 tsconfig files extend a config that is not there (4 from packages not installed"));
  CHECK_THAT(r.err, Catch::Contains("apps/a/tsconfig.json: extends \"@tsconfig/node20/tsconfig.json\" not found"));
  CHECK(r.err.find("apps/b/tsconfig.json") == std::string::npos);
  std::filesystem::remove_all(dir / "apps/b");
  std::filesystem::remove_all(dir / "apps/c");
  r = run_archgate("graph " + q(dir) + " --format json");
  CHECK_THAT(r.err, Catch::Contains("apps/a/tsconfig.json: extends") && Catch::Contains("apps/d/tsconfig.json: extends"));
  CHECK(r.err.find("tsconfig files extend") == std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("archgate graph: JSON schema, kinds, focus, collapse", "[source][cli]") {
  auto r = run_archgate("graph " + q(monorepo()) + " --format json --include-types");
  REQUIRE(r.exit_code == 0);
  auto j = json::parse(r.out);
  CHECK(j["schemaVersion"] == 1);
  CHECK(j["files"].size() == 16);
  std::set<std::string> kinds, resolved;
  for (const auto& e : j["edges"]) {
    kinds.insert(e["kind"].get<std::string>());
    resolved.insert(e["resolved"].get<std::string>());
    CHECK(e["line"].get<int>() > 0);
    if (e["resolved"] == "unresolved") CHECK_FALSE(e.value("note", "").empty());  // says why
  }
  CHECK(kinds == std::set<std::string>{"static", "dynamic", "type", "reexport", "side-effect"});
  CHECK(resolved == std::set<std::string>{"file", "package", "builtin", "unresolved"});
  CHECK_THAT(r.err, Catch::Contains("broken.js:1:23"));  // the lex error is a warning

  auto no_types = json::parse(run_archgate("graph " + q(monorepo()) + " --format json").out);
  for (const auto& e : no_types["edges"]) CHECK(e["kind"] != "type");

  auto collapsed = run_archgate("graph " + q(monorepo()) + " --collapse 2 --format mermaid");
  REQUIRE(collapsed.exit_code == 0);
  CHECK_THAT(collapsed.out, Catch::Contains("graph LR") && Catch::Contains("packages/api") &&
                                Catch::Contains("packages/core"));
  auto focus = run_archgate("graph " + q(monorepo()) + " --focus 'packages/core/**'");
  REQUIRE(focus.exit_code == 0);
  CHECK(focus.out.find("packages/api/src/db/client.ts") == std::string::npos);
  CHECK_THAT(focus.out, Catch::Contains("packages/core/src/money.ts"));
}

TEST_CASE("source: package edges name the manifest that declares them and the locked version", "[source]") {
  archgate::core::WorkingTreeSnapshot example((fixtures_dir() / "example").string());
  auto facts = analyze(example);
  bool seen = false;
  for (std::size_t i = 0; i < facts.graph.edges.size(); ++i) {
    if (facts.graph.edges[i].to != "express") continue;
    seen = true;
    CHECK(facts.details[i].declared_in == "package.json");
    CHECK(facts.details[i].declared_kind == archgate::core::EdgeKind::prod);
    CHECK(facts.details[i].locked.starts_with("express@4."));  // the lockfile is behind package.json
  }
  CHECK(seen);

  archgate::core::WorkingTreeSnapshot mono(monorepo());
  auto m = analyze(mono);
  std::map<std::string, std::string> declared;
  for (std::size_t i = 0; i < m.graph.edges.size(); ++i) {
    if (m.graph.edges[i].resolved == Resolved::package) declared[m.graph.edges[i].to] = m.details[i].declared_in;
  }
  CHECK(declared["pg"] == "packages/api/package.json");
  CHECK(declared["vue"] == "packages/web/package.json");
  CHECK(declared["typeorm"].empty());  // imported by packages/api, declared nowhere
}

TEST_CASE("source: verbatimModuleSyntax keeps imports TypeScript would otherwise elide", "[source][elision]") {
  // The same two files, each importing a class it only uses as a type, in a
  // package whose tsconfig elides (the default) and in one that extends a
  // base with verbatimModuleSyntax, and one with importsNotUsedAsValues.
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["elide","verbatim","preserve"]})");
  snap.add("tsconfig.base.json", "{ // shared\n \"compilerOptions\": { \"verbatimModuleSyntax\": true, }\n}\n");
  for (const char* ws : {"elide", "verbatim", "preserve"}) {
    std::string d(ws);
    snap.add(d + "/package.json", R"({"name":")" + d + R"("})");
    snap.add(d + "/src/user.ts", "export class User { name = ''; }\n");
    snap.add(d + "/src/service.ts",
             "import { User } from './user';\nimport type { User as U2 } from './user';\n"
             "import { type User as U3 } from './user';\n"
             "export function show(u: User, v: U2, w: U3): string { return u.name + v.name + w.name; }\n");
  }
  snap.add("elide/tsconfig.json", R"({"compilerOptions": {"strict": true}})");
  snap.add("verbatim/tsconfig.json", R"({"extends": "../tsconfig.base.json", "compilerOptions": {"strict": true}})");
  snap.add("preserve/tsconfig.json", R"({"compilerOptions": {"importsNotUsedAsValues": "Preserve"}})");
  auto facts = analyze(snap);
  auto kinds = [&](const std::string& ws) {
    std::vector<ModuleEdgeKind> out;
    for (const auto& e : facts.graph.edges) {
      if (facts.graph.files[e.from].path == ws + "/src/service.ts") out.push_back(e.kind);
    }
    return out;
  };
  // Elided by default: both edges are type-only.
  CHECK(kinds("elide") == std::vector{ModuleEdgeKind::type, ModuleEdgeKind::type, ModuleEdgeKind::type});
  // Kept: the plain import loads ./user at run time, and so does the one with
  // only inline `type` specifiers (emitted as `import {} from './user'`);
  // `import type` never does.
  CHECK(kinds("verbatim") ==
        std::vector{ModuleEdgeKind::static_import, ModuleEdgeKind::type, ModuleEdgeKind::static_import});
  CHECK(kinds("preserve") ==
        std::vector{ModuleEdgeKind::static_import, ModuleEdgeKind::type, ModuleEdgeKind::static_import});
}

// Seen on Unleash/unleash: `"*": ["./src/*"]` maps `openapi` to a folder
// .gitignore lists (generated, yet on disk), and the import became an
// undeclared package that failed dependency hygiene. TypeScript takes the
// mapping before any package.
TEST_CASE("source: a catch-all tsconfig path into an ignored folder resolves on disk", "[source][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"app","dependencies":{"react":"^18"}})");
  snap.add(".gitignore", "src/openapi/\n");
  snap.add("tsconfig.json", R"({"compilerOptions": {"paths": {"*": ["./src/*"]}}})");
  snap.add("src/openapi/index.ts", "export const api = 1;\n");
  snap.add("src/app.ts", "import { api } from 'openapi';\nimport React from 'react';\nexport const x = [api, React];\n");
  auto facts = analyze(snap);
  auto edges = edges_of(facts);
  const auto* api = edge(edges, "src/app.ts", "src/openapi/index.ts");
  REQUIRE(api != nullptr);
  CHECK(api->resolved == Resolved::file);
  const auto* react = edge(edges, "src/app.ts", "react");
  REQUIRE(react != nullptr);
  CHECK(react->resolved == Resolved::package);
}
