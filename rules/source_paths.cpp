#include "rules/source_paths.hpp"

#include <algorithm>
#include <string>

namespace archgate::rules {

// Test, story, fixture and mock files, build/test configuration, scripts,
// examples, docs sites and test packages: findings that only they have are
// notes (dev-only paths never inflate severity), and the checklist does not
// count them as production code.
namespace {

std::string manager_of(const core::Project& project) {
  if (project.lockfile) return project.lockfile->reader == "yarn/berry" ? "yarn-berry" : project.lockfile->manager;
  if (project.root && !project.root->package_manager.empty()) {
    auto pm = project.root->package_manager.substr(0, project.root->package_manager.find('@'));
    if (pm == "yarn" || pm == "pnpm" || pm == "bun") return pm;
  }
  return "npm";
}

}  // namespace

std::string remove_command(const core::Project& project, std::string_view package) {
  auto pm = manager_of(project);
  if (pm == "npm") return "npm uninstall " + std::string(package);
  return (pm == "yarn-berry" ? std::string("yarn") : pm) + " remove " + std::string(package);
}

std::string production_install_command(const core::Project& project) {
  auto pm = manager_of(project);
  if (pm == "yarn") return "yarn install --frozen-lockfile --production";
  if (pm == "yarn-berry") return "yarn workspaces focus --all --production";
  if (pm == "pnpm") return "pnpm install --frozen-lockfile --prod";
  if (pm == "bun") return "bun install --frozen-lockfile --production";
  return "npm ci --omit=dev";
}

bool dev_only_path(std::string_view path) {
  static constexpr std::string_view k_dirs[] = {
      "test",  "tests",    "__tests__", "__mocks__", "mock", "mocks", "e2e",    "fixtures", "__fixtures__", "spec",  "stories",
      "examples", "example", "scripts", "bench", "benchmarks", "benchmark",
      "dev-packages", "cypress", "playwright", "seeds", "seeders"};
  // Names that mean a development folder at a package's top, but a feature
  // of the application under its src/: growthbook's src/enterprise/sandbox/
  // runs user code in production, unleash's src/lib/features/playground/ is
  // an API.
  static constexpr std::string_view k_top_dirs[] = {"docs", "tools", "playground", "sandbox", "demo", "demos"};
  std::size_t start = 0;
  bool in_src = false;     // under a src/ folder
  bool in_source = false;  // under src/, lib/ or app/: where docs/, tools/... are features
  while (true) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) break;  // the last segment is the file name
    auto seg = path.substr(start, slash - start);
    if (std::find(std::begin(k_dirs), std::end(k_dirs), seg) != std::end(k_dirs)) return true;
    if (!in_source && std::find(std::begin(k_top_dirs), std::end(k_top_dirs), seg) != std::end(k_top_dirs)) return true;
    if (seg == "src") in_src = true;
    if (seg == "src" || seg == "lib" || seg == "app") in_source = true;
    for (std::string_view suffix : {"-tests", "-test", "-e2e", "-fixtures", "-examples", "-example"}) {
      if (seg.size() > suffix.size() && seg.ends_with(suffix)) return true;
    }
    if (seg.starts_with("test-") || seg.starts_with("e2e-") || seg.starts_with("tests-")) return true;
    start = slash + 1;
  }
  auto base = path.substr(start);
  // .eslintrc.js, .lintstagedrc.cjs, .size-limit.js: tool configuration (not .env files)
  if (base.starts_with(".") && !base.starts_with(".env") &&
      (base.ends_with(".js") || base.ends_with(".cjs") || base.ends_with(".mjs") || base.ends_with(".ts") ||
       base.ends_with(".json"))) {
    return true;
  }
  for (std::string_view marker :
       {".test.", ".spec.", ".stories.", ".story.", ".e2e.", ".bench.", ".cy.", ".seed.", ".mock.", ".mocks."}) {
    if (base.find(marker) != std::string_view::npos) return true;
  }
  // mock.ts, mocks.js, test-utils.ts: what tests import (seen: a connector's
  // src/mock.ts holding a fixture private key, a backend's database/mock/
  // provider importing a devDependency; each imported only by specs).
  for (std::string_view stem : {"mock.", "mocks.", "test-utils.", "test-helpers.", "testUtils.", "testHelpers."}) {
    if (base.starts_with(stem)) return true;
  }
  // prisma/seed.ts, db/seed.js: fills a development database (seen on
  // notiz-dev/nestjs-prisma-starter, where its console.log was the
  // observability evidence).
  if (base.starts_with("seed.")) return true;
  // gulpfile.ts, Gruntfile.js: build task runners (seen on a repository
  // whose gulpfile's imports were devDependencies "in production").
  for (std::string_view runner : {"gulpfile.", "Gulpfile.", "gruntfile.", "Gruntfile."}) {
    if (base.starts_with(runner)) return true;
  }
  // vite.config.ts, jest.setup.js: tool configuration at a package's top.
  // Under src/ a *.config.ts is the application's own configuration
  // (NestJS's src/config/app.config.ts; seen on hedgedoc/hedgedoc, where
  // its zod validation of the environment went unseen).
  return (!in_src && (base.find(".config.") != std::string_view::npos || base.find(".setup.") != std::string_view::npos)) ||
         base.starts_with("setupTests") || base.starts_with("setup-tests") || base.starts_with("jest.") ||
         base.starts_with("vitest.") || base.starts_with("playwright.") || base.starts_with("cypress.");
}

}  // namespace archgate::rules
