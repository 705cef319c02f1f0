// Lockfile hygiene rules: fixture projects per rule, in-memory projects for
// registry configuration, silence on every clean corpus case, and the CLI.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "analyzers/project_loader.hpp"
#include "core/snapshot.hpp"
#include "rules/engine.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using archgate::test::fixtures_dir;
using archgate::test::q;
using archgate::test::run_archgate;
using archgate::test::shared_dir;

namespace {

const std::set<std::string> k_hygiene_rules = {
    "lockfile/manager-mismatch", "lockfile/insecure-url",     "lockfile/unexpected-host",
    "lockfile/missing-integrity", "lockfile/weak-integrity",  "lockfile/git-dependency",
    "lockfile/tarball-url",       "lockfile/name-mismatch",
};

// "rule package line" for every hygiene finding, sorted.
std::multiset<std::string> hygiene(const archgate::core::Snapshot& snap,
                                   std::vector<std::string> allowed_hosts = {}) {
  auto result = archgate::test::audit(snap, "2026-11-23", {},
                                      [&](archgate::core::Settings& s) {
                                        s.allowed_hosts = allowed_hosts;
                                      });
  for (const auto& e : result.errors) {
    FAIL("input error: " << e.to_string());
  }
  std::multiset<std::string> out;
  for (const auto& f : result.findings) {
    if (k_hygiene_rules.contains(f.rule.str())) {
      out.insert(f.rule + " " + f.package + " " + f.location.file + ":" +
                 std::to_string(f.location.line));
    }
  }
  return out;
}

std::multiset<std::string> hygiene_of(const std::string& fixture) {
  archgate::core::WorkingTreeSnapshot snap((fixtures_dir() / "projects" / fixture).string());
  return hygiene(snap);
}

// A one-package npm v3 project with `resolved`/`integrity` as given.
archgate::core::MemorySnapshot npm_project(const std::string& name, const std::string& version,
                                           const std::string& resolved,
                                           const std::string& integrity,
                                           const std::string& entry_name = "") {
  archgate::core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"p","version":"1.0.0","dependencies":{")" + name +
                               R"(":")" + version + R"("}})");
  std::string entry = R"({"version":")" + version + R"(")";
  if (!entry_name.empty()) {
    entry += R"(,"name":")" + entry_name + R"(")";
  }
  if (!resolved.empty()) {
    entry += R"(,"resolved":")" + resolved + R"(")";
  }
  if (!integrity.empty()) {
    entry += R"(,"integrity":")" + integrity + R"(")";
  }
  entry += "}";
  snap.add("package-lock.json",
           R"({"name":"p","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{)"
           R"("":{"name":"p","version":"1.0.0","dependencies":{")" +
               name + R"(":")" + version + R"("}},"node_modules/)" + name + R"(":)" + entry +
               "}}");
  return snap;
}

constexpr const char* k_sha512 =
    "sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/"
    "tXtF3WRTlA==";

}  // namespace

TEST_CASE("hygiene: fixture projects", "[rules][hygiene]") {
  using S = std::multiset<std::string>;
  SECTION("clean npm project: silent") { CHECK(hygiene_of("hygiene-clean") == S{}); }
  SECTION("lockfile injection: other package, scoped, version") {
    CHECK(hygiene_of("hygiene-injection") ==
          S{"lockfile/name-mismatch @scope/a@1.0.0 package-lock.json:23",
            "lockfile/name-mismatch lodash@4.17.21 package-lock.json:28",
            "lockfile/name-mismatch ms@2.1.3 package-lock.json:39"});
  }
  SECTION("hosts, protocols, integrity, git, tarballs (.npmrc scope registry)") {
    CHECK(hygiene_of("hygiene-hosts") ==
          S{"lockfile/git-dependency gitdep@1.0.0 package-lock.json:25",
            "lockfile/unexpected-host is-even@1.0.0 package-lock.json:29",
            "lockfile/insecure-url left-pad@1.3.0 package-lock.json:34",
            "lockfile/missing-integrity nohash@1.0.0 package-lock.json:39",
            "lockfile/weak-integrity oldhash@1.0.0 package-lock.json:43",
            "lockfile/tarball-url tarpkg@2.0.0 package-lock.json:48"});
  }
  SECTION("packageManager names pnpm, package-lock.json present") {
    CHECK(hygiene_of("hygiene-manager") ==
          S{"lockfile/manager-mismatch  package.json:4"});
  }
  SECTION("packageManager yarn 1 with a berry lockfile") {
    CHECK(hygiene_of("hygiene-yarn-format") ==
          S{"lockfile/manager-mismatch  package.json:3"});
  }
  SECTION("bun.lock entries are checked the same way") {
    CHECK(hygiene_of("hygiene-bun") == S{"lockfile/name-mismatch lodash@4.17.21 bun.lock:13",
                                         "lockfile/insecure-url ms@2.1.3 bun.lock:15"});
  }
}

TEST_CASE("hygiene: name-mismatch reads every registry URL layout", "[rules][hygiene]") {
  struct Case {
    std::string name;
    std::string resolved;
    std::string entry_name;
    bool fires;
  };
  std::vector<Case> cases = {
      {"lodash", "https://registry.npmjs.org/lodash/-/lodash-1.0.0.tgz", "", false},
      {"lodash", "https://registry.npmjs.org/evil/-/evil-1.0.0.tgz", "", true},
      {"lodash", "https://registry.npmjs.org/lodash/-/lodash-1.0.1.tgz", "", true},  // version
      {"@s/a", "https://registry.npmjs.org/@s/a/-/a-1.0.0.tgz", "", false},
      {"@s/a", "https://registry.npmjs.org/@s%2fa/-/a-1.0.0.tgz", "", false},     // encoded
      {"@s/a", "https://registry.npmjs.org/@s/a/-/@s/a-1.0.0.tgz", "", false},    // Artifactory
      {"@s/a", "https://registry.npmjs.org/@t/a/-/a-1.0.0.tgz", "", true},        // other scope
      {"@s/a", "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "", true},           // unscoped
      {"al", "https://registry.npmjs.org/lodash/-/lodash-1.0.0.tgz", "lodash", false},  // alias
      {"al", "https://registry.npmjs.org/al/-/al-1.0.0.tgz", "lodash", true},  // alias URL names alias
      {"x", "https://registry.npmjs.org/x/-/x-1.0.0.tgz?token=1#frag", "", false},
      {"x", "https://registry.npmjs.org/prefix/path/x/-/x-1.0.0.tgz", "", false},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name << " <- " << c.resolved) {
      auto snap = npm_project(c.name, "1.0.0", c.resolved, k_sha512, c.entry_name);
      auto got = hygiene(snap);
      bool fired = false;
      for (const auto& g : got) {
        fired = fired || g.starts_with("lockfile/name-mismatch");
      }
      INFO(got.size());
      CHECK(fired == c.fires);
    }
  }
}

TEST_CASE("hygiene: registries come from the project's configuration", "[rules][hygiene]") {
  const std::string url = "https://npm.internal.example/x/-/x-1.0.0.tgz";
  auto fires = [](const std::multiset<std::string>& got) {
    for (const auto& g : got) {
      if (g.starts_with("lockfile/unexpected-host")) {
        return true;
      }
    }
    return false;
  };
  SECTION("nothing configured: the defaults only") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    CHECK(fires(hygiene(snap)));
    auto yarn = npm_project("x", "1.0.0", "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz", k_sha512);
    CHECK_FALSE(fires(hygiene(yarn)));
  }
  SECTION(".npmrc registry=") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add(".npmrc", "; comment\nregistry = https://npm.internal.example/\n");
    CHECK_FALSE(fires(hygiene(snap)));
  }
  SECTION(".npmrc with an environment placeholder is not a host") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add(".npmrc", "registry=${NPM_REGISTRY}\n");
    CHECK(fires(hygiene(snap)));
  }
  SECTION(".yarnrc.yml npmRegistryServer") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add(".yarnrc.yml", "npmScopes:\n  corp:\n    npmRegistryServer: \"https://npm.internal.example\"\n");
    CHECK_FALSE(fires(hygiene(snap)));
  }
  SECTION(".yarnrc registry") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add(".yarnrc", "registry \"https://npm.internal.example/\"\n");
    CHECK_FALSE(fires(hygiene(snap)));
  }
  SECTION("bunfig.toml [install] registry") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add("bunfig.toml", "[install]\nregistry = { url = \"https://npm.internal.example/\", token = \"x\" }\n");
    CHECK_FALSE(fires(hygiene(snap)));
  }
  SECTION("allowed-hosts in the settings") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    CHECK_FALSE(fires(hygiene(snap, {"npm.internal.example"})));
    CHECK_FALSE(fires(hygiene(snap, {"https://NPM.internal.example:443/"})));
  }
  SECTION(".npmrc registry from ${ENV} is expanded; an unset one is skipped") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add(".npmrc", "registry=${ARCHGATE_TEST_UNSET_REGISTRY}\n");
    CHECK(fires(hygiene(snap)));
  }
  SECTION(".yarnrc.yml npmScopes registry, read by a YAML parser") {
    auto snap = npm_project("x", "1.0.0", url, k_sha512);
    snap.add(".yarnrc.yml", "npmScopes:\n  corp:\n    npmRegistryServer: \"https://npm.internal.example\"\n");
    CHECK_FALSE(fires(hygiene(snap)));
  }
  SECTION("a port is part of the host") {
    auto snap = npm_project("x", "1.0.0", "https://npm.internal.example:8443/x/-/x-1.0.0.tgz",
                            k_sha512);
    snap.add(".npmrc", "registry=https://npm.internal.example/\n");
    CHECK(fires(hygiene(snap)));
  }
}

TEST_CASE("hygiene: integrity strength", "[rules][hygiene]") {
  auto rules_of = [](const std::string& integrity) {
    auto snap = npm_project("x", "1.0.0", "https://registry.npmjs.org/x/-/x-1.0.0.tgz", integrity);
    std::set<std::string> out;
    for (const auto& g : hygiene(snap)) {
      out.insert(g.substr(0, g.find(' ')));
    }
    return out;
  };
  CHECK(rules_of(k_sha512).empty());
  CHECK(rules_of("sha1-2kZZZmaRd5o5k5Lk1jOh7mk9v0g=") ==
        std::set<std::string>{"lockfile/weak-integrity"});
  CHECK(rules_of(std::string("sha1-2kZZZmaRd5o5k5Lk1jOh7mk9v0g= ") + k_sha512).empty());
  CHECK(rules_of("") == std::set<std::string>{"lockfile/missing-integrity"});
}

TEST_CASE("hygiene: error-level rules are silent on every clean corpus case",
          "[rules][hygiene][corpus]") {
  auto shared = shared_dir();
  if (!shared) {
    WARN("../shared/corpus not found: skipping the hygiene corpus check");
    return;
  }
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(*shared / "corpus")) {
    if (!fs::exists(entry.path() / "oracle.json")) {
      continue;
    }
    ++cases;
    DYNAMIC_SECTION(entry.path().filename().string()) {
      archgate::core::WorkingTreeSnapshot snap(entry.path().string());
      auto result = archgate::test::audit(snap, "2026-11-23");
      for (const auto& f : result.findings) {
        if (k_hygiene_rules.contains(f.rule.str())) {
          INFO(f.rule << " " << f.package << " at " << f.location.file << ":" << f.location.line
                      << ": " << f.message);
          CHECK(f.severity != archgate::core::Severity::error);
          CHECK(f.rule != "lockfile/manager-mismatch");
        }
      }
    }
  }
  CHECK(cases > 0);
}

TEST_CASE("hygiene: archgate check reports the rules and exits 1", "[rules][hygiene][cli]") {
  struct Case {
    std::string fixture;
    std::set<std::string> rules;
    int exit_code;
  };
  std::vector<Case> cases = {
      {"hygiene-injection", {"lockfile/name-mismatch"}, 1},
      {"hygiene-hosts",
       {"lockfile/git-dependency", "lockfile/unexpected-host", "lockfile/insecure-url",
        "lockfile/missing-integrity", "lockfile/weak-integrity", "lockfile/tarball-url"},
       1},
      {"hygiene-bun", {"lockfile/name-mismatch", "lockfile/insecure-url"}, 1},
      {"hygiene-manager", {"lockfile/manager-mismatch"}, 0},  // a warning: below --fail-on error
      {"hygiene-clean", {}, 0},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.fixture) {
      auto dir = fixtures_dir() / "projects" / c.fixture;
      auto r = run_archgate("check " + q(dir) + " --format json --only 'lockfile/*'");
      INFO(r.err);
      CHECK(r.exit_code == c.exit_code);
      auto j = nlohmann::json::parse(r.out);
      std::set<std::string> got;
      for (const auto& f : j["findings"]) {
        got.insert(f["rule"].get<std::string>());
        if (f["rule"] != "lockfile/manager-mismatch") {
          CHECK(f["location"]["line"].get<int>() > 0);
          CHECK(!f.value("package", "").empty());
        }
      }
      CHECK(got == c.rules);
    }
  }
}

TEST_CASE("hygiene: yarn 1 entries pinned only by the URL's sha1", "[rules][hygiene]") {
  auto project = [](const std::string& extra) {
    archgate::core::MemorySnapshot snap;
    snap.add("package.json", R"({"name":"p","version":"1.0.0","dependencies":{"ms":"^2.1.3"}})");
    snap.add("yarn.lock",
             "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n"
             "# yarn lockfile v1\n\n\n"
             "ms@^2.1.3:\n"
             "  version \"2.1.3\"\n"
             "  resolved \"https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#574c8138ce1d2b5861f0b44579dbadd60c6615b2\"\n" +
                 extra);
    return snap;
  };
  auto old = project("");
  CHECK(hygiene(old) == std::multiset<std::string>{"lockfile/weak-integrity ms@2.1.3 yarn.lock:5"});
  auto current = project(std::string("  integrity ") + k_sha512 + "\n");
  CHECK(hygiene(current).empty());
}

TEST_CASE("hygiene: devEngines.packageManager is checked like packageManager",
          "[rules][hygiene]") {
  auto snap = npm_project("x", "1.0.0", "https://registry.npmjs.org/x/-/x-1.0.0.tgz", k_sha512);
  snap.add("package.json",
           R"({"name":"p","version":"1.0.0","dependencies":{"x":"1.0.0"},)"
           R"("devEngines":{"packageManager":{"name":"bun","onFail":"error"}}})");
  auto got = hygiene(snap);
  REQUIRE(got.size() == 1);
  CHECK(got.begin()->starts_with("lockfile/manager-mismatch  package.json:"));
}

// pnpm 10.9+ and yarn 4.9+ install `jsr:` dependencies as @jsr/<scope>__<name>
// from JSR's npm-compatible registry with nothing configured: that host is
// expected for the @jsr scope only. A pnpm v9 finding points at the
// packages entry (where resolution and integrity are written), not at the
// snapshot below it (seen on a real monorepo: line 13314 instead of 4707).
TEST_CASE("hygiene: pnpm jsr: packages and packages-entry locations", "[rules][hygiene][regression]") {
  archgate::core::MemorySnapshot snap;
  snap.add("package.json",
           R"({"name":"p","version":"1.0.0","dependencies":{"@std/assert":"jsr:^1.0.19","not-jsr":"^1.0.0","evil":"^1.0.0"}})");
  snap.add("pnpm-lock.yaml", R"(lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:

  .:
    dependencies:
      '@std/assert':
        specifier: jsr:^1.0.19
        version: '@jsr/std__assert@1.0.19'
      evil:
        specifier: ^1.0.0
        version: 1.0.0
      not-jsr:
        specifier: ^1.0.0
        version: 1.0.0

packages:

  '@jsr/std__assert@1.0.19':
    resolution: {integrity: sha512-pEj6RPkGbqlgRmyKwATp4cUs6+ijxtdrv3bq8v1d2I2CEcMEyPaO8cVKro61wGRDH4cNg8Zx6haztvK/9m7gkA==, tarball: https://npm.jsr.io/~/11/@jsr/std__assert/1.0.19.tgz}

  evil@1.0.0:
    resolution: {integrity: sha512-pEj6RPkGbqlgRmyKwATp4cUs6+ijxtdrv3bq8v1d2I2CEcMEyPaO8cVKro61wGRDH4cNg8Zx6haztvK/9m7gkA==, tarball: https://evil.example/evil/-/evil-1.0.0.tgz}

  not-jsr@1.0.0:
    resolution: {integrity: sha512-pEj6RPkGbqlgRmyKwATp4cUs6+ijxtdrv3bq8v1d2I2CEcMEyPaO8cVKro61wGRDH4cNg8Zx6haztvK/9m7gkA==, tarball: https://npm.jsr.io/not-jsr/-/not-jsr-1.0.0.tgz}

snapshots:

  '@jsr/std__assert@1.0.19': {}

  evil@1.0.0: {}

  not-jsr@1.0.0: {}
)");
  using S = std::multiset<std::string>;
  CHECK(hygiene(snap) == S{"lockfile/unexpected-host evil@1.0.0 pnpm-lock.yaml:26",
                           "lockfile/unexpected-host not-jsr@1.0.0 pnpm-lock.yaml:29"});
}
