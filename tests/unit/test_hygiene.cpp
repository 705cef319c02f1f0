// Dependency hygiene: the usage facts (analyzers/source/usage.cpp) and the
// rules (rules/hygiene_rules.cpp), on fixture projects and small snapshots.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "analyzers/pipeline.hpp"
#include "analyzers/source/usage.hpp"
#include "core/snapshot.hpp"
#include "rules/source_paths.hpp"
#include "test_support.hpp"

using archgate::core::MemorySnapshot;
using archgate::core::WorkingTreeSnapshot;
using archgate::test::fixtures_dir;
using archgate::test::q;
using archgate::test::run_archgate;
using nlohmann::json;
namespace src = archgate::analyzers::source;
namespace an = archgate::analyzers;

namespace {

an::Facts usage_facts(const archgate::core::Snapshot& snap) {
  an::PipelineOptions o;
  o.env = std::map<std::string, std::string>{};
  auto f = an::run_pipeline(snap, an::pass_bit(an::Pass::usage), o);
  if (!f) throw std::runtime_error(f.error().to_string());
  return std::move(*f);
}

// name → the kinds of use recorded for it (in any manifest).
std::map<std::string, std::set<src::UseKind>> kinds_of(const src::UsageFacts& u) {
  std::map<std::string, std::set<src::UseKind>> out;
  for (const auto& d : u.declared) {
    auto& k = out[d.dep.name];
    for (const auto& x : d.uses) k.insert(x.kind);
  }
  return out;
}

std::vector<std::string> hygiene_rules(const json& j) {
  std::vector<std::string> out;
  for (const auto& f : j["findings"]) {
    auto r = f["rule"].get<std::string>();
    for (auto id : {"unused-dependency", "undeclared-dependency", "dev-dependency-in-production",
                    "types-without-package", "misplaced-dependency", "unused-ignore"}) {
      if (r == std::string("source/") + id) out.push_back(r + " " + f.value("package", ""));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("hygiene: every trap of the reference list is a use, not a finding", "[hygiene]") {
  WorkingTreeSnapshot snap((fixtures_dir() / "projects" / "hygiene-traps").string());
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  auto k = kinds_of(*facts.usage);
  using K = src::UseKind;
  SECTION("1: binaries in scripts, npx, hooks and lint-staged; words that name a package") {
    CHECK(k["typescript"].count(K::binary));       // tsc
    CHECK(k["rimraf"].count(K::binary));
    CHECK(k["cross-env"].count(K::binary));
    CHECK(k["prisma"].count(K::binary));           // npx prisma
    CHECK(k["lint-staged"].count(K::binary));      // .husky/pre-commit
    CHECK(k["prettier"].count(K::binary));         // inside the lint-staged key
    CHECK(k["husky"].count(K::config_file));       // .husky/
    CHECK(k["dotenv"].count(K::script_word));      // node -r dotenv/config
  }
  SECTION("2: names in configuration, with the tools' shorthand") {
    CHECK(k["@typescript-eslint/parser"].count(K::config_string));
    CHECK(k["eslint-config-standard"].count(K::config_string));  // "standard"
    CHECK(k["eslint-plugin-import"].count(K::config_string));    // plugin:import/recommended
    CHECK(k["@babel/preset-env"].count(K::config_string));       // @babel/env
    CHECK(k["ts-jest"].count(K::config_string));
    CHECK(k["jest-environment-jsdom"].count(K::config_string));  // testEnvironment: 'jsdom'
    CHECK(k["tslib"].count(K::config_string));                   // importHelpers
    CHECK(k["pino-pretty"].count(K::source_string));             // transport target
    CHECK(k["pug"].count(K::source_string));                     // view engine
    CHECK(k["pg"].count(K::peer));                               // loaded by sequelize
  }
  SECTION("3: a peer of a declared package, from the lockfile") {
    CHECK(k["eslint-plugin-n"].count(K::peer));
  }
  SECTION("4: node_modules paths in stylesheets and sendFile") {
    CHECK(k["bootstrap"].count(K::stylesheet));
    CHECK(k["@fontsource/inter"].count(K::source_string));
    CHECK(k["sass"].count(K::implicit));  // compiles the .scss
  }
  SECTION("5: a tsconfig path alias is a file, never an undeclared package") {
    for (const auto& u : facts.usage->undeclared) CHECK(u.package != "@");
    CHECK(facts.usage->undeclared.empty());
  }
  SECTION("6: a type-only import counts for a devDependency") {
    CHECK(k["http-proxy-middleware"].count(K::import_type));
  }
  SECTION("7: a workspace package the root imports brings its imports along") {
    bool root_clsx = false;
    for (const auto& d : facts.usage->declared) {
      if (d.manifest == "package.json" && d.dep.name == "clsx") {
        for (const auto& u : d.uses) root_clsx = root_clsx || u.kind == K::bundled;
      }
    }
    CHECK(root_clsx);
  }
  SECTION("8: @types pairs and the runtime's typings") {
    CHECK(k["@types/express"].count(K::types_pair));
    CHECK(k["@types/node"].count(K::implicit));
  }
  SECTION("9: a dynamic import in a script file") {
    CHECK(k["chalk"].count(K::import_runtime));
  }
  SECTION("and so the rules report nothing") {
    auto r = run_archgate("check --today 2026-12-02 --format json " +
                          q(fixtures_dir() / "projects" / "hygiene-traps"));
    REQUIRE(r.exit_code != 2);
    CHECK(hygiene_rules(json::parse(r.out)).empty());
  }
}

TEST_CASE("hygiene: one project triggers each finding, and says why", "[hygiene]") {
  auto r = run_archgate("check --today 2026-12-02 --format json " + q(fixtures_dir() / "projects" / "hygiene-findings"));
  REQUIRE(r.exit_code != 2);
  auto j = json::parse(r.out);
  CHECK(hygiene_rules(j) == std::vector<std::string>{
                                "source/dev-dependency-in-production dotenv",
                                "source/misplaced-dependency zod",
                                "source/types-without-package @types/lodash",
                                "source/undeclared-dependency ms",
                                "source/undeclared-dependency supertest",
                                "source/unused-dependency left-pad",
                                "source/unused-ignore ",
                            });
  for (const auto& f : j["findings"]) {
    auto rule = f["rule"].get<std::string>();
    auto msg = f["message"].get<std::string>();
    if (rule == "source/unused-dependency") {
      // One line in the message; where archgate looked is the evidence.
      CHECK(msg == "left-pad is declared in dependencies but nothing uses it");
      auto searched = f["evidence"][0].get<std::string>();
      CHECK_THAT(searched, Catch::Contains("not imported by any of 2 source files"));
      CHECK_THAT(searched, Catch::Contains("not a binary in its 2 scripts"));
      CHECK(f["location"]["file"] == "package.json");
      CHECK(f["severity"] == "warning");
    }
    if (rule == "source/undeclared-dependency" && f["package"] == "ms") {
      CHECK(f["location"]["file"] == "src/server.ts");
      CHECK(f["location"]["line"] == 3);
      CHECK_THAT(msg, Catch::Contains("ms@2.1.3, a dependency of express@4.21.0"));
      CHECK(f["severity"] == "warning");
      CHECK_THAT(f["remediation"].get<std::string>(), Catch::EndsWith("at the version the lockfile installs today."));
    }
    if (rule == "source/undeclared-dependency" && f["package"] == "supertest") {
      CHECK(f["severity"] == "note");  // a test file
      // Seen on hoppscotch/hoppscotch: "no lockfile entry installs it" then
      // "at the version the lockfile installs today".
      CHECK_THAT(msg, Catch::Contains("no lockfile entry installs it"));
      CHECK_THAT(f["remediation"].get<std::string>(), Catch::Contains("and install it"));
    }
    if (rule == "source/unused-ignore") {
      CHECK(f["location"]["file"] == "archgate.toml");
      CHECK_THAT(msg, Catch::Contains("moment"));
    }
  }
}

// Seen on logto-io/logto: the root's "translate": "logto-translate" runs
// the bin of the workspace package @x/translate, which was called unused.
TEST_CASE("hygiene: a script that runs a workspace package's bin uses it", "[hygiene][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"],
    "scripts":{"translate":"logto-translate sync","gen":"gen-one"},
    "devDependencies":{"@x/translate":"workspace:^","@x/gen":"workspace:^"}})");
  snap.add("packages/translate/package.json", R"({"name":"@x/translate","bin":{"logto-translate":"./bin/index.js"}})");
  snap.add("packages/translate/bin/index.js", "console.log('t');\n");
  snap.add("packages/gen-one/package.json", R"({"name":"@x/gen","bin":"./cli.js"})");
  snap.add("packages/gen-one/cli.js", "console.log('g');\n");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  auto k = kinds_of(*facts.usage);
  CHECK(k["@x/translate"].count(src::UseKind::binary));
  CHECK_FALSE(k["@x/gen"].count(src::UseKind::binary));  // a string "bin" is named after the package: `gen`
}

// Seen on openstatusHQ/openstatus: Tailwind v4 loads plugins from CSS
// (`@plugin "@tailwindcss/typography"`); three were called unused.
TEST_CASE("hygiene: Tailwind v4 @plugin in a stylesheet uses the package", "[hygiene][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web","private":true,"devDependencies":{"tailwindcss":"^4.0.0",
    "@tailwindcss/typography":"^0.5.0","tailwindcss-animate":"^1.0.0"}})");
  snap.add("src/app/globals.css", "@import \"tailwindcss\";\n@plugin \"@tailwindcss/typography\";\n"
                                  "@plugin 'tailwindcss-animate';\n");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  auto k = kinds_of(*facts.usage);
  CHECK(k["tailwindcss"].count(src::UseKind::stylesheet));
  CHECK(k["@tailwindcss/typography"].count(src::UseKind::stylesheet));
  CHECK(k["tailwindcss-animate"].count(src::UseKind::stylesheet));
}

// Seen on openstatusHQ/openstatus: `import 'server-only'` in Next.js apps
// was an undeclared package that "fails wherever it runs"; Next.js aliases
// server-only and client-only to its own copies. Without next it is one.
TEST_CASE("hygiene: Next.js provides server-only and client-only", "[hygiene][regression]") {
  for (bool next : {true, false}) {
    INFO("declares next: " << next);
    MemorySnapshot snap;
    snap.add("package.json", std::string(R"({"name":"web","private":true,"dependencies":{)") +
                                 (next ? R"("next":"^15.0.0")" : R"("react":"^19.0.0")") + "}}");
    snap.add("src/lib/server.ts", "import 'server-only';\nimport 'client-only';\nexport const x = 1;\n");
    auto facts = usage_facts(snap);
    REQUIRE(facts.usage);
    std::set<std::string> undeclared;
    for (const auto& u : facts.usage->undeclared) undeclared.insert(u.package);
    CHECK(undeclared == (next ? std::set<std::string>{} : std::set<std::string>{"client-only", "server-only"}));
  }
}

// Seen on Kong/insomnia: the SDK workspace imports the app workspace by name
// without declaring it, and the app's entry point is build output that is not
// in the tree. npm links every workspace into the root node_modules, so the
// import works today; it was said that "no lockfile entry installs it: it
// fails wherever it runs". pnpm links no workspace there.
TEST_CASE("hygiene: an undeclared workspace import resolves through npm's workspace link", "[hygiene][regression]") {
  auto make = [](bool pnpm) {
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"]})");
    snap.add("packages/app/package.json", R"({"name":"app","version":"1.0.0","main":"dist/index.js"})");
    snap.add("packages/sdk/package.json", R"({"name":"sdk","version":"1.0.0"})");
    snap.add("packages/sdk/src/index.ts", "import { run } from 'app';\nexport const go = () => run();\n");
    if (pnpm) {
      snap.add("pnpm-workspace.yaml", "packages:\n  - packages/*\n");
      snap.add("pnpm-lock.yaml", "lockfileVersion: '9.0'\n\nimporters:\n\n  .: {}\n\n  packages/app: {}\n\n"
                                 "  packages/sdk: {}\n");
    } else {
      snap.add("package-lock.json", R"({"name":"root","lockfileVersion":3,"requires":true,"packages":{
        "":{"name":"root","workspaces":["packages/*"]},
        "node_modules/app":{"resolved":"packages/app","link":true},
        "node_modules/sdk":{"resolved":"packages/sdk","link":true},
        "packages/app":{"name":"app","version":"1.0.0"},
        "packages/sdk":{"name":"sdk","version":"1.0.0"}}})");
    }
    return snap;
  };
  for (bool pnpm : {false, true}) {
    INFO("pnpm: " << pnpm);
    auto snap = make(pnpm);
    auto facts = usage_facts(snap);
    REQUIRE(facts.usage);
    REQUIRE(facts.usage->undeclared.size() == 1);
    const auto& u = facts.usage->undeclared.front();
    CHECK(u.package == "app");
    CHECK(u.manifest == "packages/sdk/package.json");
    CHECK(u.supplier == (pnpm ? "" : "the workspace package at packages/app"));
  }
}

TEST_CASE("hygiene: a JavaScript service, undeclared through a nested package and a framework", "[hygiene]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","private":true,"scripts":{"start":"node src/index.js"},
    "dependencies":{"ember-source":"*"},"devDependencies":{"jest":"*"}})");
  snap.add("src/index.js", "const r = require('@ember/runloop');\nconst j = require('jest');\n");
  // An example with its own manifest is not this service's code.
  snap.add("examples/demo/package.json", R"({"name":"demo","dependencies":{"left-pad":"*"}})");
  snap.add("examples/demo/index.js", "require('left-pad');\nrequire('lodash');\n");
  // A package.json that only sets the module type is no boundary.
  snap.add("src/esm/package.json", R"({"type":"module"})");
  snap.add("src/esm/x.js", "import dayjs from 'dayjs';\n");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  std::set<std::string> undeclared;
  for (const auto& u : facts.usage->undeclared) undeclared.insert(u.package);
  CHECK(undeclared == std::set<std::string>{"dayjs"});
  // jest is a devDependency imported by production code of a node service.
  auto result = archgate::rules::evaluate(facts, {});
  bool dev_in_prod = false;
  for (const auto& f : result.findings) dev_in_prod = dev_in_prod || (f.rule == "source/dev-dependency-in-production" && f.package == "jest");
  CHECK(dev_in_prod);
}

// Seen on medusajs/medusa: @mikro-orm/cli, a peer of the workspace package
// @medusajs/framework that the modules depend on, was "unused" in each.
TEST_CASE("hygiene: a peer of a workspace dependency is used", "[hygiene][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"root","private":true,"workspaces":["packages/*"]})");
  snap.add("packages/framework/package.json",
           R"({"name":"@acme/framework","version":"1.0.0","peerDependencies":{"@mikro-orm/cli":"^6.0.0"}})");
  snap.add("packages/framework/src/index.ts", "export const f = 1;\n");
  snap.add("packages/cart/package.json",
           R"({"name":"@acme/cart","version":"1.0.0","dependencies":{"@acme/framework":"1.0.0"},"devDependencies":{"@mikro-orm/cli":"^6.0.0"}})");
  snap.add("packages/cart/src/index.ts", "import { f } from '@acme/framework';\nexport const c = f;\n");
  snap.add("package-lock.json", R"({"name":"root","lockfileVersion":3,"requires":true,"packages":{
    "":{"name":"root","workspaces":["packages/*"]},
    "packages/framework":{"name":"@acme/framework","version":"1.0.0","peerDependencies":{"@mikro-orm/cli":"^6.0.0"}},
    "packages/cart":{"name":"@acme/cart","version":"1.0.0","dependencies":{"@acme/framework":"1.0.0"},"devDependencies":{"@mikro-orm/cli":"^6.0.0"}},
    "node_modules/@acme/framework":{"resolved":"packages/framework","link":true},
    "node_modules/@acme/cart":{"resolved":"packages/cart","link":true},
    "node_modules/@mikro-orm/cli":{"version":"6.4.0","dev":true}}})");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  bool found = false;
  for (const auto& d : facts.usage->declared) {
    if (d.manifest != "packages/cart/package.json" || d.dep.name != "@mikro-orm/cli") continue;
    found = true;
    CHECK(std::any_of(d.uses.begin(), d.uses.end(), [](const auto& u) { return u.kind == src::UseKind::peer; }));
  }
  CHECK(found);
}

// Seen on hoppscotch/hoppscotch: GraphQL Code Generator's plugins (named
// "typescript", "typed-document-node" in gql-codegen.yml), the runtime type
// package its output imports, and the icon collections unplugin-icons loads
// were all "unused".
TEST_CASE("hygiene: packages a declared tool loads by convention are used", "[hygiene][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"web","private":true,"devDependencies":{
    "@graphql-codegen/cli":"^5.0.0","@graphql-codegen/typescript":"^4.0.0",
    "@graphql-codegen/typed-document-node":"^5.0.0","@graphql-typed-document-node/core":"^3.2.0",
    "unplugin-icons":"^0.20.0","@iconify-json/lucide":"^1.2.0"}})");
  snap.add("src/main.ts", "export const a = 1;\n");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  auto k = kinds_of(*facts.usage);
  for (const char* name : {"@graphql-codegen/typescript", "@graphql-codegen/typed-document-node",
                           "@graphql-typed-document-node/core", "@iconify-json/lucide"}) {
    INFO(name);
    CHECK(k[name].count(src::UseKind::peer));
  }
}

// Seen on danielfsousa/express-rest-boilerplate (yarn): the fix said
// `npm uninstall chai-as-promised`.
TEST_CASE("hygiene: remediation names the project's package manager", "[hygiene][regression]") {
  auto fix_for = [](const std::string& lock_name, const std::string& lock) {
    MemorySnapshot snap;
    snap.add("package.json", R"({"name":"svc","private":true,"dependencies":{"left-pad":"^1.3.0"}})");
    snap.add("src/index.js", "console.log(1);\n");
    if (!lock_name.empty()) snap.add(lock_name, lock);
    auto r = archgate::test::audit(snap, "2026-12-03");
    for (const auto& f : r.findings) {
      if (f.rule == "source/unused-dependency" && f.package == "left-pad") return f.remediation.str();
    }
    return std::string("<none>");
  };
  CHECK_THAT(fix_for("", ""), Catch::Contains("`npm uninstall left-pad`"));
  CHECK_THAT(fix_for("yarn.lock", "# yarn lockfile v1\n\n\nleft-pad@^1.3.0:\n  version \"1.3.0\"\n"
                                  "  resolved \"https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz\"\n"
                                  "  integrity sha512-AAAA\n"),
             Catch::Contains("`yarn remove left-pad`"));
}

TEST_CASE("hygiene: configuration tokens and file kinds", "[hygiene]") {
  auto t = src::config_tokens("// 'commented'\nmodule.exports = { plugins: ['a', \"@b/c\"], 'x y': `t` } # z\n/* 'no' */");
  CHECK(std::find(t.begin(), t.end(), "commented") == t.end());
  CHECK(std::find(t.begin(), t.end(), "no") == t.end());
  CHECK(std::find(t.begin(), t.end(), "@b/c") != t.end());
  CHECK(std::find(t.begin(), t.end(), "x y") != t.end());
  CHECK(std::find(t.begin(), t.end(), "plugins") != t.end());
  CHECK(src::is_config_file("packages/a/.eslintrc.cjs"));
  CHECK(src::is_config_file("jest.config.ts"));
  CHECK(src::is_config_file("tsconfig.build.json"));
  CHECK(src::is_config_file(".husky/pre-commit"));
  CHECK(src::is_config_file("nest-cli.json"));
  CHECK_FALSE(src::is_config_file(".nvmrc"));
  CHECK_FALSE(src::is_config_file("src/config.ts"));
  CHECK(src::is_stylesheet("a/b.module.scss"));
}

TEST_CASE("hygiene: [[hygiene.ignore]] needs a package and a reason", "[hygiene][config]") {
  auto dir = std::filesystem::temp_directory_path() / ("archgate-hyg-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "package.json") << R"({"name":"x","dependencies":{"a":"1"}})";
  std::ofstream(dir / "archgate.toml") << "[[hygiene.ignore]]\npackage = \"a\"\n";
  auto r = run_archgate("check --format json " + q(dir));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("archgate.toml:1:1"));
  CHECK_THAT(r.err, Catch::Contains("needs 'reason'"));
  std::ofstream(dir / "archgate.toml") << "[hygiene]\nignore = [{ package = \"a\", reason = \"r\", rules = [\"nope\"] }]\n";
  r = run_archgate("check --format json " + q(dir));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown hygiene rule 'nope'"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("hygiene: regressions from real services", "[hygiene][regression]") {
  MemorySnapshot snap;
  // A Nest service without "private" (a start script makes it an app), no
  // lockfile peers: reflect-metadata and rxjs are peers of @nestjs/core.
  snap.add("package.json", R"({"name":"api","version":"1.0.0",
    "scripts":{"start":"node dist/main.js","build":"tsc && ts-node copyStaticAssets.ts","test":"jest --config=jest.json"},
    "dependencies":{"@nestjs/core":"*","@nestjs/common":"*","reflect-metadata":"*","rxjs":"*","@nestjs/testing":"*"},
    "devDependencies":{"ts-jest":"*","shelljs":"*","typescript":"*","ts-node":"*","jest":"*"}})");
  snap.add("jest.json", R"({"transform": {"^.+\\.ts$": "<rootDir>/node_modules/ts-jest/preprocessor.js"}})");
  snap.add("copyStaticAssets.ts", "import * as shell from 'shelljs';\nshell.cp('-R', 'src/public', 'dist/');\n");
  snap.add("src/main.ts", "import { NestFactory } from '@nestjs/core';\nimport { Module } from '@nestjs/common';\n"
                          "@Module({})\nclass App {}\nNestFactory.create(App).then((a) => a.listen(3000));\n");
  snap.add("src/app.spec.ts", "import { Test } from '@nestjs/testing';\nTest.createTestingModule({});\n");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  auto k = kinds_of(*facts.usage);
  CHECK(k["reflect-metadata"].count(src::UseKind::peer));
  CHECK(k["rxjs"].count(src::UseKind::peer));
  CHECK(k["ts-jest"].count(src::UseKind::config_string));  // read from the --config file
  CHECK(facts.usage->tooling_files.count("copyStaticAssets.ts"));
  auto result = archgate::rules::evaluate(facts, {});
  std::vector<std::string> rules;
  for (const auto& f : result.findings) {
    if (f.rule.starts_with("source/") && f.rule != "source/unresolved-import") rules.push_back(f.rule + " " + f.package);
  }
  // shelljs is run by the build script only; @nestjs/testing only by a spec.
  CHECK(rules == std::vector<std::string>{"source/misplaced-dependency @nestjs/testing"});
}

TEST_CASE("hygiene: only files a runner executes from a tooling script are tooling", "[hygiene][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","private":true,
    "scripts":{"dev":"tsx watch src/server.ts","lint":"eslint src/server.ts","seed":"tsx scripts/seed-db.ts"},
    "dependencies":{"koa":"*"},"devDependencies":{"tsx":"*","eslint":"*"}})");
  snap.add("src/server.ts", "import Koa from 'koa';\nnew Koa().listen(3000);\n");
  snap.add("scripts/seed-db.ts", "import Koa from 'koa';\nconsole.log(Koa);\n");
  auto facts = usage_facts(snap);
  REQUIRE(facts.usage);
  CHECK_FALSE(facts.usage->tooling_files.count("src/server.ts"));
  CHECK(facts.usage->tooling_files.count("scripts/seed-db.ts"));
  auto result = archgate::rules::evaluate(facts, {});
  for (const auto& f : result.findings) CHECK(f.rule != "source/misplaced-dependency");
}

TEST_CASE("hygiene: each trap of the reference list in a project of its own stays silent", "[hygiene][fixtures]") {
  static const std::map<std::string, src::UseKind> k_kinds = {
      {"binary", src::UseKind::binary},           {"config_string", src::UseKind::config_string},
      {"peer", src::UseKind::peer},               {"stylesheet", src::UseKind::stylesheet},
      {"import_type", src::UseKind::import_type}, {"import_runtime", src::UseKind::import_runtime},
      {"bundled", src::UseKind::bundled},         {"types_pair", src::UseKind::types_pair}};
  std::size_t projects = 0;
  for (const auto& dir : std::filesystem::directory_iterator(fixtures_dir() / "hygiene")) {
    if (!dir.is_directory()) continue;
    ++projects;
    auto expect = json::parse(archgate::test::read_file(dir.path() / "expect.json"));
    INFO(dir.path().filename().string() << ": " << expect["why"].get<std::string>());
    WorkingTreeSnapshot snap(dir.path().string());
    auto facts = usage_facts(snap);
    REQUIRE(facts.usage);
    auto package = expect["package"].get<std::string>();
    if (!package.empty()) {
      auto kinds = kinds_of(*facts.usage);
      REQUIRE(k_kinds.count(expect["kind"].get<std::string>()));
      CHECK(kinds[package].count(k_kinds.at(expect["kind"].get<std::string>())));
    }
    auto result = archgate::rules::evaluate(facts, {});
    for (const auto& f : result.findings) {
      INFO(f.rule << " " << f.package << ": " << f.message);
      CHECK((f.rule.find("dependency") == std::string::npos && f.rule != "source/types-without-package"));
    }
  }
  CHECK(projects == 9);
}

// Mock modules are what tests import: a mock/ folder, *.mock.ts, mock.ts
// (seen: database/mock/provider.ts importing a devDependency, and a
// connector's src/mock.ts holding a fixture private key, each imported only
// by specs, counted as production code).
TEST_CASE("hygiene: mock modules are dev-only paths", "[rules][hygiene][regression]") {
  using archgate::rules::dev_only_path;
  CHECK(dev_only_path("backend/src/database/mock/provider.ts"));
  CHECK(dev_only_path("src/mocks/handlers.ts"));
  CHECK(dev_only_path("packages/connectors/connector-alipay/src/mock.ts"));
  CHECK(dev_only_path("apps/server/src/libs/analytics.mock.ts"));
  CHECK(dev_only_path("src/test-utils.tsx"));
  CHECK_FALSE(dev_only_path("src/mockingbird.ts"));
  CHECK_FALSE(dev_only_path("src/services/mockup-renderer.ts"));
  CHECK_FALSE(dev_only_path("src/database/provider.ts"));
  // Tool configuration at a package's top; the application's own config under src/.
  CHECK(dev_only_path("vite.config.ts"));
  CHECK(dev_only_path("packages/web/jest.setup.js"));
  CHECK_FALSE(dev_only_path("backend/src/config/app.config.ts"));
}

// Folder names that mean development only at a package's top, but a feature
// under src/ (seen: a sandbox that runs user code in production and a
// playground API, each called test-only and their dependencies "move to
// devDependencies").
TEST_CASE("hygiene: playground, sandbox and tools under src/ are production", "[rules][hygiene][regression]") {
  using archgate::rules::dev_only_path;
  CHECK_FALSE(dev_only_path("packages/back-end/src/enterprise/sandbox/sandbox-core.ts"));
  CHECK_FALSE(dev_only_path("src/lib/features/playground/feature-evaluator/strategy/util.ts"));
  CHECK_FALSE(dev_only_path("apps/api/src/tools/search.ts"));
  CHECK_FALSE(dev_only_path("apps/api/lib/tools/search.ts"));
  CHECK(dev_only_path("playground/vue/main.ts"));
  CHECK(dev_only_path("packages/sdk/scripts/build.ts"));
  CHECK(dev_only_path("apps/docs/src/pages/index.tsx"));
  CHECK(dev_only_path("apps/api/src/__tests__/tools/search.ts"));
  CHECK(dev_only_path("apps/api/src/tools/search.test.ts"));
  CHECK(dev_only_path("src/database/seeds/users.ts"));
  CHECK(dev_only_path("packages/back-end/src/scripts/diff-features.ts"));  // run by hand, not served
  CHECK(dev_only_path("gulpfile.ts"));
  CHECK(dev_only_path("packages/ui/Gruntfile.js"));
}

// Seen on growthbook/growthbook: @datadog/native-metrics and @datadog/pprof
// are optional dependencies of dd-trace, declared so that they install, and
// were called unused.
TEST_CASE("hygiene: a declared optional dependency of a used package is not unused", "[rules][hygiene][regression]") {
  MemorySnapshot snap;
  snap.add("package.json", R"({"name":"svc","version":"1.0.0","private":true,
    "dependencies":{"dd-trace":"^5.0.0","@datadog/native-metrics":"^3.0.0","left-pad":"^1.3.0"}})");
  snap.add("src/index.js", "require('dd-trace').init();\n");
  snap.add("package-lock.json", R"({"name":"svc","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
    "":{"name":"svc","version":"1.0.0","dependencies":{"dd-trace":"^5.0.0","@datadog/native-metrics":"^3.0.0","left-pad":"^1.3.0"}},
    "node_modules/dd-trace":{"version":"5.0.0","resolved":"https://registry.npmjs.org/dd-trace/-/dd-trace-5.0.0.tgz","integrity":"sha512-AAAA","optionalDependencies":{"@datadog/native-metrics":"^3.0.0"}},
    "node_modules/@datadog/native-metrics":{"version":"3.0.0","resolved":"https://registry.npmjs.org/@datadog/native-metrics/-/native-metrics-3.0.0.tgz","integrity":"sha512-AAAA"},
    "node_modules/left-pad":{"version":"1.3.0","resolved":"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz","integrity":"sha512-AAAA"}}})");
  auto r = archgate::test::audit(snap, "2026-12-03");
  std::set<std::string> unused;
  for (const auto& f : r.findings) {
    if (f.rule == "source/unused-dependency") unused.insert(f.package);
  }
  CHECK(unused.count("left-pad") == 1);
  CHECK(unused.count("@datadog/native-metrics") == 0);
}
