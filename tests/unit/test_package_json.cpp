// package.json reader: every field of the model, positions, bad input.
#include <catch2/catch.hpp>

#include "analyzers/manifest/package_json.hpp"
#include "analyzers/project_loader.hpp"
#include "analyzers/runtime/pins.hpp"
#include "core/snapshot.hpp"
#include "test_support.hpp"

using namespace archgate;

TEST_CASE("package.json: every modelled field is read with positions", "[manifest]") {
  const char* text = R"({
  "name": "@acme/api",
  "version": "1.2.3",
  "private": true,
  "type": "module",
  "packageManager": "pnpm@9.12.0",
  "dependencies": { "express": "^5.0.0", "zod": "npm:zod@^3.23.0" },
  "devDependencies": { "typescript": "~5.6.0" },
  "optionalDependencies": { "fsevents": "^2.3.3" },
  "peerDependencies": { "react": ">=18", "react-dom": ">=18" },
  "peerDependenciesMeta": { "react-dom": { "optional": true } },
  "bundleDependencies": ["left-pad"],
  "overrides": { "ms": "2.1.3", "foo": { "bar": "1.0.0" } },
  "resolutions": { "**/lodash": "4.17.21" },
  "engines": { "node": ">=20.11", "npm": ">=10" },
  "devEngines": { "runtime": { "name": "node", "version": "^22", "onFail": "error" },
                  "packageManager": [{ "name": "pnpm", "version": "9.x" }] },
  "volta": { "node": "22.11.0", "extends": "../package.json" },
  "scripts": { "build": "tsc", "postinstall": "node setup.js" },
  "workspaces": { "packages": ["packages/*", "apps/*"] },
  "unknownField": [1, {"deep": [true, null]}]
})";
  auto m = analyzers::parse_package_json("apps/api/package.json", text);
  REQUIRE(m);
  CHECK(m->path == "apps/api/package.json");
  CHECK(m->dir == "apps/api");
  CHECK(m->name == "@acme/api");
  CHECK(m->version == "1.2.3");
  CHECK(m->is_private);
  CHECK(m->type == "module");
  CHECK(m->package_manager == "pnpm@9.12.0");
  CHECK(m->package_manager_pos.line == 6);
  REQUIRE(m->dependencies.size() == 6);
  CHECK(m->dependencies[0].name == "express");
  CHECK(m->dependencies[0].pos.line == 7);
  CHECK(m->dependencies[0].pos.column == 21);
  CHECK(m->dependencies[1].spec == "npm:zod@^3.23.0");
  CHECK(m->find("typescript", core::EdgeKind::dev)->spec == "~5.6.0");
  CHECK(m->find("fsevents", core::EdgeKind::optional));
  CHECK(m->of_kind(core::EdgeKind::peer).size() == 2);
  CHECK(m->peer_optional.at("react-dom"));
  CHECK(m->bundle_dependencies == std::vector<std::string>{"left-pad"});
  CHECK(m->overrides_json == R"({ "ms": "2.1.3", "foo": { "bar": "1.0.0" } })");
  CHECK(m->resolutions.at("**/lodash") == "4.17.21");
  CHECK(m->engines.at("node") == ">=20.11");
  CHECK(m->engines_pos.at("node").line == 15);
  REQUIRE(m->dev_engines_runtime.size() == 1);
  CHECK(m->dev_engines_runtime[0].version == "^22");
  CHECK(m->dev_engines_runtime[0].on_fail == "error");
  REQUIRE(m->dev_engines_package_manager.size() == 1);
  CHECK(m->dev_engines_package_manager[0].name == "pnpm");
  CHECK(m->volta.at("node") == "22.11.0");
  CHECK(m->volta_pos.at("node").line == 18);
  CHECK(m->scripts.at("postinstall") == "node setup.js");
  CHECK(m->has_workspaces);
  CHECK(m->workspaces == std::vector<std::string>{"packages/*", "apps/*"});
}

TEST_CASE("package.json: workspaces as an array, bundleDependencies as true", "[manifest]") {
  auto m = analyzers::parse_package_json(
      "package.json", R"({"workspaces": ["a/*"], "bundleDependencies": true, "private": "true"})");
  REQUIRE(m);
  CHECK(m->workspaces == std::vector<std::string>{"a/*"});
  CHECK(m->bundle_all);
  CHECK(m->is_private);
}

// Seen on vitejs/vite: a package.json that starts with a UTF-8 byte order
// mark (Node.js and npm strip it) made `check` exit 2 with "unexpected
// character, expected a JSON value" at 1:1.
TEST_CASE("package.json: a leading byte order mark is read as Node.js reads it", "[manifest]") {
  auto m = analyzers::parse_package_json("package.json",
                                         "\xEF\xBB\xBF{\n  \"name\": \"bom\",\n  \"dependencies\": {\"x\": \"1.0.0\"}\n}\n");
  REQUIRE(m);
  CHECK(m->name == "bom");
  REQUIRE(m->dependencies.size() == 1);
  CHECK(m->dependencies[0].name == "x");
  CHECK(m->dependencies[0].pos.line == 3);
  // A mark anywhere else is still an error, with its position.
  auto bad = analyzers::parse_package_json("package.json", "{\"name\": \"a\"}\n\xEF\xBB\xBF");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().line == 2);
}

TEST_CASE("package.json: bad input gives file:line:col", "[manifest][errors]") {
  struct Case {
    std::string text;
    std::string message;
    int line;
    int column;
  };
  std::vector<Case> cases = {
      {"", "empty file", 1, 1},
      {"{\n  \"name\": \"x\",\n}", "expected a string key", 3, 1},
      {"[]", "expected a JSON object at the top level", 1, 1},
      {"{\"name\": 42}", "\"name\" must be a string", 1, 10},
      {"{\"dependencies\": [\"a\"]}", "\"dependencies\" must be an object", 1, 18},
      {"{\"dependencies\": {\"a\": 1}}", "\"dependencies.a\" must be a string", 1, 24},
      {"{\"workspaces\": 3}", "\"workspaces\" must be an array of globs", 1, 16},
      {"{\"workspaces\": {\"packages\": [1]}}", "must be a string", 1, 30},
      {"{\"name\": \"\xe2\x28\xa1\"}", "invalid UTF-8", 1, 11},
      {"{\"a\": 1} trailing", "unexpected content after the JSON value", 1, 10},
      {std::string(3000, '{'), "expected a string key", 1, 2},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.text.substr(0, 60));
    auto m = analyzers::parse_package_json("pkg/package.json", c.text);
    REQUIRE_FALSE(m);
    CHECK(m.error().file == "pkg/package.json");
    CHECK_THAT(m.error().message, Catch::Contains(c.message));
    CHECK(m.error().line == c.line);
    CHECK(m.error().column == c.column);
  }
}

TEST_CASE("project loader: workspace discovery from package.json and pnpm-workspace.yaml",
          "[manifest][workspaces]") {
  core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["packages/*","!packages/skip"]})");
  snap.add("packages/a/package.json", R"({"name":"a"})");
  snap.add("packages/b/package.json", R"({"name":"b"})");
  snap.add("packages/skip/package.json", R"({"name":"skip"})");
  snap.add("packages/a/node_modules/x/package.json", R"({"name":"x"})");
  snap.add("other/c/package.json", R"({"name":"c"})");
  auto p = analyzers::load_project(snap);
  REQUIRE(p);
  CHECK(p->workspace_source == "package.json");
  REQUIRE(p->workspaces.size() == 2);
  CHECK(p->workspaces[0].name == "a");
  CHECK(p->workspaces[1].name == "b");
  CHECK(p->input_errors.empty());

  core::MemorySnapshot pnpm;
  pnpm.add("package.json", R"({"name":"root"})");
  pnpm.add("pnpm-workspace.yaml", "packages:\n  - 'apps/**'\n  - libs/*\ncatalog:\n  zod: ^3\n");
  pnpm.add("apps/web/package.json", R"({"name":"web"})");
  pnpm.add("apps/tools/cli/package.json", R"({"name":"cli"})");
  pnpm.add("libs/ui/package.json", R"({"name":"ui"})");
  auto q = analyzers::load_project(pnpm);
  REQUIRE(q);
  CHECK(q->workspace_source == "pnpm-workspace.yaml");
  REQUIRE(q->workspaces.size() == 3);
  CHECK(q->workspaces[0].dir == "apps/tools/cli");
}

// Seen on novuhq/novu: package.json `workspaces` lists packages/* and
// pnpm-workspace.yaml excludes two of them; pnpm reads only the YAML, and
// archgate called the excluded packages "not in pnpm-lock.yaml".
TEST_CASE("project loader: in a pnpm project pnpm-workspace.yaml decides the workspaces", "[manifest][workspaces]") {
  auto make = [](bool pnpm_lock) {
    core::MemorySnapshot snap;
    snap.add("package.json", R"({"name":"root","workspaces":{"packages":["packages/*"]}})");
    snap.add("pnpm-workspace.yaml", "packages:\n  - 'packages/*'\n  - '!packages/old'\n");
    snap.add("packages/a/package.json", R"({"name":"a"})");
    snap.add("packages/old/package.json", R"({"name":"old"})");
    if (pnpm_lock) snap.add("pnpm-lock.yaml", "lockfileVersion: '9.0'\n");
    return snap;
  };
  auto pnpm = make(true);
  auto p = analyzers::load_project(pnpm);
  REQUIRE(p);
  CHECK(p->workspace_source == "pnpm-workspace.yaml");
  REQUIRE(p->workspaces.size() == 1);
  CHECK(p->workspaces[0].name == "a");
  // Without a pnpm lockfile or packageManager, package.json still decides.
  auto other = make(false);
  auto q = analyzers::load_project(other);
  REQUIRE(q);
  CHECK(q->workspace_source == "package.json");
  CHECK(q->workspaces.size() == 2);
}

TEST_CASE("project loader: an invalid workspace manifest is an input error, not a crash",
          "[manifest][errors]") {
  core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","workspaces":["packages/*"]})");
  snap.add("packages/a/package.json", "{\"name\": \"a\",,}");
  auto p = analyzers::load_project(snap);
  REQUIRE(p);
  REQUIRE(p->input_errors.size() == 1);
  CHECK(p->input_errors[0].file == "packages/a/package.json");
  CHECK(p->input_errors[0].line == 1);
  CHECK(p->input_errors[0].column == 14);
}

TEST_CASE("pnpm-workspace.yaml errors carry line:column", "[manifest][errors]") {
  auto r = analyzers::parse_pnpm_workspace("pnpm-workspace.yaml",
                                                    "packages:\n  - a\n   - b: [\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().file == "pnpm-workspace.yaml");
  CHECK(r.error().line == 2);
  CHECK(r.error().column == 5);
  CHECK_THAT(r.error().message, Catch::Contains("invalid multiline plain key"));
  auto s = analyzers::parse_pnpm_workspace("pnpm-workspace.yaml", "packages: apps/*\n");
  REQUIRE_FALSE(s);
  CHECK_THAT(s.error().message, Catch::Contains("must be a list"));
  CHECK(s.error().line == 1);
  CHECK(s.error().column == 11);
}

// Issue "Gaps found on other projects' lockfiles", item 10: a `catalog:`
// spec stands for the catalog's entry; archgate runtime judges that.
TEST_CASE("pnpm-workspace.yaml catalogs resolve catalog: specs", "[manifest][catalog]") {
  auto ws = analyzers::parse_pnpm_workspace("pnpm-workspace.yaml",
                                            "packages:\n  - packages/*\ncatalog:\n  '@types/node': ^24.7.1\n"
                                            "catalogs:\n  legacy:\n    '@types/node': ^20.0.0\n");
  REQUIRE(ws);
  CHECK(ws->packages == std::vector<std::string>{"packages/*"});
  core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true})");
  snap.add("pnpm-workspace.yaml",
           "packages:\n  - packages/*\ncatalog:\n  '@types/node': ^24.7.1\n"
           "catalogs:\n  legacy:\n    '@types/node': ^20.0.0\n");
  snap.add("packages/a/package.json",
           R"({"name":"a","devDependencies":{"@types/node":"catalog:"}})");
  snap.add("packages/b/package.json",
           R"({"name":"b","devDependencies":{"@types/node":"catalog:legacy"}})");
  auto p = analyzers::load_project(snap, {.read_graph = false});
  REQUIRE(p);
  REQUIRE(p->input_errors.empty());
  const auto* d = p->catalog_entry("@types/node", "catalog:");
  REQUIRE(d);
  CHECK(d->spec == "^24.7.1");
  CHECK(d->line == 4);
  REQUIRE(p->catalog_entry("@types/node", "catalog:legacy"));
  CHECK(p->catalog_entry("@types/node", "catalog:legacy")->spec == "^20.0.0");
  CHECK_FALSE(p->catalog_entry("@types/node", "^24.0.0"));
  CHECK_FALSE(p->catalog_entry("zod", "catalog:"));
  auto scan = analyzers::runtime::discover_pins(snap, *p);
  int seen = 0;
  for (const auto& pin : scan.pins) {
    if (pin.source == "types-node") {
      ++seen;
      CHECK(pin.value_file == "pnpm-workspace.yaml");
      CHECK(pin.version == (pin.file == "packages/a/package.json" ? "^24.7.1" : "^20.0.0"));
    }
  }
  CHECK(seen == 2);
}
