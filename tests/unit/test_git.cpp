// Git modes: snapshots of the index and of revisions (libgit2), --diff-base,
// baselines and the pre-commit hook, on repositories made at test time with
// the git command. No network.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/baseline.hpp"
#include "core/git_snapshot.hpp"
#include "test_registry_server.hpp"
#include "test_support.hpp"

using archgate::test::q;
using archgate::test::run_archgate;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A fresh repository in a temp folder, removed at the end of the test.
struct Repo {
  fs::path dir;
  explicit Repo(const std::string& name) {
    dir = fs::temp_directory_path() / ("archgate-git-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    git("init -q -b main .");
    git("config user.email test@example.com");
    git("config user.name test");
    git("config commit.gpgsign false");
  }
  ~Repo() { fs::remove_all(dir); }
  void git(const std::string& args) const {
    std::string cmd = "cd " + q(dir) + " && git " + args + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  void write(const std::string& path, const std::string& text) const {
    fs::create_directories((dir / path).parent_path());
    std::ofstream(dir / path, std::ios::binary) << text;
  }
  void commit(const std::string& message) const {
    git("add -A");
    git("commit -q -m " + q(message));
  }
};

const std::string k_manifest =
    R"({"name":"svc","version":"1.0.0","private":true,"scripts":{"start":"node src/server.js"},"dependencies":{"express":"^4.21.0"}})";
const std::string k_server = "import express from 'express';\nconst app = express();\napp.listen(3000);\n";
const std::string k_server_ms =
    "import express from 'express';\nimport ms from 'ms';\nconst app = express();\napp.listen(ms('1s'));\n";

std::vector<std::string> rules_of(const std::string& out, const std::string& prefix = "source/undeclared") {
  std::vector<std::string> r;
  auto j = json::parse(out);  // a named value: iterating a temporary's member would dangle
  for (const auto& f : j["findings"]) {
    auto id = f["rule"].get<std::string>();
    if (id.starts_with(prefix)) r.push_back(id + " " + f.value("package", ""));
  }
  std::sort(r.begin(), r.end());
  return r;
}

}  // namespace

TEST_CASE("git: --staged checks the index even where the working tree differs", "[git]") {
  Repo r("staged");
  r.write("package.json", k_manifest);
  r.write("src/server.js", k_server);
  r.commit("init");
  r.write("src/server.js", k_server_ms);
  r.git("add src/server.js");
  r.write("src/server.js", k_server);  // the working tree has it back
  auto tree = run_archgate("check --today 2026-12-02 --format json " + q(r.dir));
  auto staged = run_archgate("check --today 2026-12-02 --format json --staged " + q(r.dir));
  REQUIRE(staged.exit_code != 2);
  CHECK(rules_of(tree.out).empty());
  CHECK(rules_of(staged.out) == std::vector<std::string>{"source/undeclared-dependency ms"});
  SECTION("from a subfolder: the repository is found, the folder is the project") {
    r.write("apps/api/package.json", k_manifest);
    r.write("apps/api/src/server.js", k_server_ms);
    r.git("add apps");
    auto sub = run_archgate("check --today 2026-12-02 --format json --staged " + q(r.dir / "apps" / "api"));
    REQUIRE(sub.exit_code != 2);
    auto j = json::parse(sub.out);
    CHECK(rules_of(sub.out) == std::vector<std::string>{"source/undeclared-dependency ms"});
    for (const auto& f : j["findings"]) CHECK_FALSE(f["location"]["file"].get<std::string>().starts_with("apps/"));
  }
}

TEST_CASE("git: --rev reads a commit, tag or detached head without a checkout", "[git]") {
  Repo r("rev");
  r.write("package.json", k_manifest);
  r.write("src/server.js", k_server_ms);
  r.write("src/wéird name (1).js", "import 'left-pad';\n");  // unusual characters
  r.commit("one");
  r.git("tag v1");
  r.git("mv src/server.js src/main.js");  // a rename
  r.write("src/main.js", k_server);
  r.commit("two");
  auto v1 = run_archgate("check --today 2026-12-02 --format json --rev v1 " + q(r.dir));
  REQUIRE(v1.exit_code != 2);
  CHECK(rules_of(v1.out) == std::vector<std::string>{"source/undeclared-dependency left-pad",
                                                      "source/undeclared-dependency ms"});
  bool weird = false;
  auto vj = json::parse(v1.out);
  for (const auto& f : vj["findings"]) weird = weird || f["location"]["file"] == "src/wéird name (1).js";
  CHECK(weird);
  r.git("checkout -q --detach v1");
  auto head = run_archgate("check --today 2026-12-02 --format json --rev HEAD " + q(r.dir));
  CHECK(rules_of(head.out) == rules_of(v1.out));
  auto missing = run_archgate("check --rev no-such-branch " + q(r.dir));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("revision 'no-such-branch' not found"));
}

TEST_CASE("git: --diff-base reports only what the branch adds, and item changes", "[git]") {
  Repo r("diff");
  r.write("package.json", k_manifest);
  r.write("src/server.js", k_server);
  r.write("src/old.js", "import 'left-pad';\n");  // a finding both sides have
  r.commit("base");
  r.git("checkout -q -b feature");
  r.write("src/server.js", k_server_ms);
  r.commit("feature adds ms");
  r.git("checkout -q main");
  r.write("README.md", "main moves on\n");  // diverging branches
  r.commit("main");
  r.git("checkout -q feature");
  auto d = run_archgate("check --today 2026-12-02 --format json --diff-base main " + q(r.dir));
  REQUIRE(d.exit_code != 2);
  auto j = json::parse(d.out);
  CHECK(rules_of(d.out) == std::vector<std::string>{"source/undeclared-dependency ms"});
  REQUIRE(j.contains("comparison"));
  CHECK(j["comparison"]["unchanged"].get<int>() >= 1);
  CHECK_THAT(j["comparison"]["against"].get<std::string>(), Catch::Contains("merge base of HEAD and main"));
  auto sarif = run_archgate("check --today 2026-12-02 --format sarif --diff-base main " + q(r.dir));
  CHECK(sarif.out.find("\"baselineState\": \"new\"") != std::string::npos);
  // Gating on new findings only: the old warning does not count.
  auto gate = run_archgate("check --today 2026-12-02 --only 'source/undeclared-dependency' --fail-on warning --diff-base main " + q(r.dir));
  CHECK(gate.exit_code == 1);
  r.write("src/server.js", k_server);
  r.commit("drop ms");
  SECTION("a branch that deletes the lockfile adds lockfile/missing") {
    r.git("checkout -q main");
    r.write("package-lock.json", R"({"name":"svc","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"svc","version":"1.0.0","dependencies":{"express":"^4.21.0"}},"node_modules/express":{"version":"4.21.0"}}})");
    r.commit("lock");
    r.git("checkout -q -b drop-lock");
    r.git("rm -q package-lock.json");
    r.commit("drop the lockfile");
    auto dl = run_archgate("check --today 2026-12-02 --format json --diff-base main " + q(r.dir));
    CHECK(rules_of(dl.out, "lockfile/") == std::vector<std::string>{"lockfile/missing "});
  }
  gate = run_archgate("check --today 2026-12-02 --only 'source/undeclared-dependency' --fail-on warning --diff-base main " + q(r.dir));
  CHECK(gate.exit_code == 0);
}

TEST_CASE("git: unborn branches, shallow clones and corrupt objects fail clearly", "[git]") {
  Repo r("edge");
  auto unborn = run_archgate("check --rev HEAD " + q(r.dir));
  CHECK(unborn.exit_code == 2);
  CHECK_THAT(unborn.err, Catch::Contains("unborn"));
  r.write("package.json", k_manifest);
  r.git("add package.json");
  auto staged = run_archgate("check --today 2026-12-02 --format json --staged " + q(r.dir));  // an index, no commit
  CHECK(staged.exit_code != 2);
  r.commit("init");
  r.write("src/server.js", k_server);
  r.commit("two");
  SECTION("a shallow clone has no merge base to compare with") {
    auto clone = r.dir.string() + "-shallow";
    fs::remove_all(clone);
    std::string cmd = "git clone -q --depth 1 file://" + r.dir.string() + " " + q(clone) + " >/dev/null 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto d = run_archgate("check --diff-base HEAD~1 " + q(clone));
    CHECK(d.exit_code == 2);
    fs::remove_all(clone);
  }
  SECTION("a missing object is an error naming the file, not a crash") {
    // Remove package.json's blob from the object store.
    std::string cmd = "cd " + q(r.dir) + " && rm -f .git/objects/$(git rev-parse HEAD:package.json | cut -c1-2)/"
                      "$(git rev-parse HEAD:package.json | cut -c3-)";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto broken = run_archgate("check --rev HEAD " + q(r.dir));
    CHECK(broken.exit_code == 2);
    CHECK_THAT(broken.err, Catch::Contains("package.json"));
  }
}

TEST_CASE("git: a baseline silences yesterday's findings until they expire", "[git][baseline]") {
  Repo r("baseline");
  r.write("package.json", k_manifest);
  r.write("src/server.js", k_server_ms);
  r.write("src/a.js", "import 'left-pad';\n");
  auto file = (r.dir / "archgate-baseline.json").string();
  auto w = run_archgate("baseline --today 2026-12-02 " + q(r.dir));
  REQUIRE(w.exit_code == 0);
  auto text = archgate::test::read_file(file);
  auto b = archgate::core::read_baseline(file, text);
  REQUIRE(b);
  CHECK(std::is_sorted(b->entries.begin(), b->entries.end(),
                       [](const auto& x, const auto& y) { return x.fingerprint < y.fingerprint; }));
  auto quiet = run_archgate("check --today 2026-12-02 --format json --baseline " + q(file) + " " + q(r.dir));
  CHECK(rules_of(quiet.out, "source/").empty());
  CHECK(json::parse(quiet.out)["comparison"]["unchanged"].get<int>() == static_cast<int>(b->entries.size()));
  // A new finding shows; one whose entry expired shows again; a fixed one
  // leaves a stale entry behind.
  r.write("src/b.js", "import 'dayjs';\n");
  r.write("src/a.js", "export {};\n");
  auto j = json::parse(text);
  for (auto& e : j["findings"]) {
    if (e["subject"].get<std::string>().find("ms") != std::string::npos) {
      e["expires"] = "2026-11-30";
      e["reason"] = "until the refactor";
    }
  }
  std::ofstream(file) << j.dump(2);
  auto now = run_archgate("check --today 2026-12-02 --format json --baseline " + q(file) + " " + q(r.dir));
  auto got = rules_of(now.out, "");
  std::sort(got.begin(), got.end());
  CHECK(got == std::vector<std::string>{"baseline/stale-entry ", "source/undeclared-dependency dayjs",
                                        "source/undeclared-dependency ms"});
  // Rewriting keeps the hand-written reason and expiry.
  REQUIRE(run_archgate("baseline --today 2026-12-02 " + q(r.dir)).exit_code == 0);
  CHECK(archgate::test::read_file(file).find("until the refactor") != std::string::npos);
  auto bad = run_archgate("check --baseline " + q(r.dir / "package.json") + " " + q(r.dir));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("schemaVersion"));
}

TEST_CASE("git: hook install writes its own hook and never touches a foreign one", "[git][hook]") {
  Repo r("hook");
  auto hook = r.dir / ".git" / "hooks" / "pre-commit";
  REQUIRE(run_archgate("hook install " + q(r.dir)).exit_code == 0);
  auto text = archgate::test::read_file(hook);
  CHECK_THAT(text, Catch::Contains("archgate check --staged --fail-on error"));
  CHECK((fs::status(hook).permissions() & fs::perms::owner_exec) != fs::perms::none);
  REQUIRE(run_archgate("hook uninstall " + q(r.dir)).exit_code == 0);
  CHECK_FALSE(fs::exists(hook));
  std::ofstream(hook) << "#!/bin/sh\nnpm test\n";
  auto refused = run_archgate("hook install " + q(r.dir));
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("is not archgate's"));
  CHECK(run_archgate("hook uninstall " + q(r.dir)).exit_code == 2);
  CHECK(archgate::test::read_file(hook) == "#!/bin/sh\nnpm test\n");
}

namespace {

// An npm v3 lockfile of top-level packages: {name, version, block, install script}.
struct Locked {
  std::string name;
  std::string version;
  std::string block;  // dependencies / devDependencies
  bool script = false;
};

std::string npm_lock(const std::vector<Locked>& pkgs) {
  json root{{"name", "svc"}, {"version", "1.0.0"}};
  json lock{{"name", "svc"}, {"version", "1.0.0"}, {"lockfileVersion", 3}, {"requires", true}};
  for (const auto& p : pkgs) root[p.block][p.name] = p.version;
  lock["packages"][""] = root;
  for (const auto& p : pkgs) {
    json e{{"version", p.version},
           {"resolved", "https://registry.npmjs.org/" + p.name + "/-/" + p.name + "-" + p.version + ".tgz"},
           {"integrity", "sha512-AAAA"}};
    if (p.block == "devDependencies") e["dev"] = true;
    if (p.script) e["hasInstallScript"] = true;
    lock["packages"]["node_modules/" + p.name] = e;
  }
  return lock.dump(2);
}

std::string manifest_of(const std::vector<Locked>& pkgs) {
  json m{{"name", "svc"}, {"version", "1.0.0"}, {"private", true}};
  for (const auto& p : pkgs) m[p.block][p.name] = p.version;
  return m.dump(2);
}

// The same packages as a pnpm 9 lockfile (a change of package manager).
std::string pnpm_lock(const std::vector<Locked>& pkgs) {
  std::string s = "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\n"
                  "importers:\n\n  .:\n";
  for (std::string block : {"dependencies", "devDependencies"}) {
    bool any = false;
    for (const auto& p : pkgs) {
      if (p.block != block) continue;
      if (!any) s += "    " + block + ":\n";
      any = true;
      s += "      " + p.name + ":\n        specifier: " + p.version + "\n        version: " + p.version + "\n";
    }
  }
  s += "\npackages:\n\n";
  for (const auto& p : pkgs) {
    s += "  " + p.name + "@" + p.version + ":\n    resolution: {integrity: sha512-AAAA}\n" +
         (p.script ? "    requiresBuild: true\n" : "") + "\n";
  }
  s += "snapshots:\n\n";
  for (const auto& p : pkgs) s += "  " + p.name + "@" + p.version + ": {}\n\n";
  return s;
}

}  // namespace

TEST_CASE("git: diff reviews the dependency changes between two revisions", "[git][diff]") {
  archgate::test::FakeRegistry server;
  archgate::test::TempDir cache;
  Repo repo("diff");
  const std::vector<Locked> before{{"is-number", "6.0.0", "dependencies"},
                                   {"left-pad", "1.3.0", "dependencies"},
                                   {"ms", "2.1.3", "dependencies"}};
  const std::vector<Locked> after{{"is-number", "7.0.0", "dependencies"},
                                  {"ms", "2.1.2", "dependencies"},
                                  {"lodash", "4.17.20", "dependencies"},
                                  {"esbuild", "0.25.0", "devDependencies", true}};
  repo.write("package.json", manifest_of(before));
  repo.write("package-lock.json", npm_lock(before));
  repo.commit("base");
  repo.git("tag base");
  repo.write("package.json", manifest_of(after));
  repo.write("package-lock.json", npm_lock(after));
  repo.commit("change dependencies");
  std::string env = "npm_config_registry=" + server.url() +
                    " npm_config_userconfig=/dev/null npm_config_globalconfig=/dev/null ";
  auto diff = [&](const std::string& args) {
    return archgate::test::run_archgate_env(
        env, "diff " + args + " --path " + q(repo.dir) + " --today 2026-11-20 --cache-dir " + q(cache.path()));
  };

  auto r = diff("base HEAD --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto j = json::parse(r.out);
  CHECK(j["schemaVersion"] == 1);
  CHECK(j["base"]["lockfile"] == "package-lock.json");
  CHECK(j["base"]["commit"].get<std::string>().size() == 40);
  auto names = [&](const char* kind) {
    std::vector<std::string> out;
    for (const auto& e : j[kind]) {
      out.push_back(e["name"].get<std::string>() + " " + e.value("from", json("")).dump() + " " +
                    e.value("to", json("")).dump());
    }
    return out;
  };
  CHECK(names("added") == std::vector<std::string>{"esbuild null \"0.25.0\"", "lodash null \"4.17.20\""});
  CHECK(names("removed") == std::vector<std::string>{"left-pad \"1.3.0\" null"});
  CHECK(names("upgraded") == std::vector<std::string>{"is-number \"6.0.0\" \"7.0.0\""});
  CHECK(names("downgraded") == std::vector<std::string>{"ms \"2.1.3\" \"2.1.2\""});
  const auto& esbuild = j["added"][0];
  CHECK(esbuild["direct"] == true);
  CHECK(esbuild["dev"] == true);
  CHECK(esbuild["newInstallScript"] == true);
  CHECK(esbuild["installScripts"][0]["command"] == "node install.js");
  CHECK(esbuild["declaredBy"][0] == ". (devDependencies)");
  const auto& lodash = j["added"][1];
  CHECK(lodash["newInstallScript"] == false);
  REQUIRE(lodash["advisories"].size() == 1);
  CHECK(lodash["advisories"][0]["severity"] == "high");
  CHECK(lodash["license"] == "MIT");
  CHECK(j["upgraded"][0]["scores"]["maintenance"].is_number());
  CHECK(j["summary"]["newInstallScripts"] == 1);
  // Only what the change touches is looked up: left-pad was removed.
  for (const auto& seen : server.seen()) CHECK(seen.target.find("left-pad") == std::string::npos);

  auto md = diff("base HEAD --format markdown");
  CHECK(md.exit_code == 0);
  CHECK(md.out.find("## Dependency review: `base` → `HEAD`") != std::string::npos);
  CHECK(md.out.find("1 new install script") != std::string::npos);
  CHECK(md.out.find("postinstall: node install.js") != std::string::npos);
  CHECK(md.out.find("| ↓ | `ms` | 2.1.3 → 2.1.2 |") != std::string::npos);

  auto txt = diff("base HEAD");
  CHECK(txt.out.find("NEW postinstall: node install.js") != std::string::npos);
  CHECK(txt.out.find("high GHSA-35jh-r3h4-6jhm") != std::string::npos);

  // Gates: a new install script, an advisory.
  CHECK(diff("base HEAD --fail-on install-scripts").exit_code == 1);
  CHECK(diff("base HEAD --fail-on advisories").exit_code == 1);
  CHECK(diff("HEAD HEAD --fail-on added").exit_code == 0);

  // A change of package manager with the same packages is no change; the
  // working tree is the default head.
  fs::remove(repo.dir / "package-lock.json");
  repo.write("pnpm-lock.yaml", pnpm_lock(after));
  auto same = diff("HEAD --format json");
  INFO(same.err);
  REQUIRE(same.exit_code == 0);
  auto sj = json::parse(same.out);
  CHECK(sj["head"]["lockfile"] == "pnpm-lock.yaml");
  CHECK(sj["head"]["label"] == "working tree");
  CHECK(sj["summary"]["added"] == 0);
  CHECK(sj["summary"]["removed"] == 0);
  CHECK(sj["summary"]["upgraded"] == 0);
  auto text = diff("HEAD");
  CHECK(text.out.find("No dependency changes.") != std::string::npos);

  // A deleted lockfile removes everything; an unknown revision is exit 2.
  fs::remove(repo.dir / "pnpm-lock.yaml");
  auto gone = diff("base --format json --offline");
  REQUIRE(gone.exit_code == 0);
  CHECK(json::parse(gone.out)["summary"]["removed"] == 3);
  auto bad = diff("no-such-branch");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("no-such-branch") != std::string::npos);
}

TEST_CASE("git: a checkout another user owns is read (containers, CI users)", "[git][regression]") {
  // git refuses such a repository ("dubious ownership") because it would run
  // programs its config names; archgate only reads objects and the index.
  // Regression: the image's uid 10001 could not --diff-base a mounted checkout.
  if (::geteuid() != 0) {
    WARN("not root: cannot give the repository to another user; skipped");
    return;
  }
  Repo r("owner");
  r.write("package.json", k_manifest);
  r.write("src/server.js", k_server);
  r.commit("one");
  r.write("src/server.js", k_server_ms);
  r.commit("two");
  REQUIRE(std::system(("chown -R 10001:10001 " + q(r.dir)).c_str()) == 0);
  auto base = run_archgate("check --today 2026-12-02 --format json --diff-base HEAD~1 " + q(r.dir));
  CHECK(base.exit_code != 2);
  CHECK_THAT(base.err, !Catch::Contains("safe.directory"));
  CHECK(rules_of(base.out) == std::vector<std::string>{"source/undeclared-dependency ms"});
  auto staged = run_archgate("check --today 2026-12-02 --format json --staged " + q(r.dir));
  CHECK(staged.exit_code != 2);
  REQUIRE(std::system(("chown -R 0:0 " + q(r.dir)).c_str()) == 0);  // so the fixture can clean up
}
