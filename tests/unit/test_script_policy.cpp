// Install-script allow-lists: every source parsed with positions, the
// verdict precedence, deps/install-script severities and messages and
// deps/stale-allowlist on the fixtures/projects/scripts-* projects, and the
// `archgate deps` / `check` output. No network: npm and pnpm 6.0 lockfiles
// record install scripts; yarn and bun get hand-written registry metadata.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "analyzers/deps/script_policy.hpp"
#include "analyzers/deps/scoring.hpp"
#include "analyzers/project_loader.hpp"
#include "core/snapshot.hpp"
#include "rules/deps_rules.hpp"
#include "test_registry_server.hpp"

using namespace archgate;
using deps::Verdict;

namespace {

constexpr const char* k_today = "2026-11-20";

const deps::PolicyEntry* find_entry(const deps::ScriptPolicy& p, std::string_view key,
                                    std::string_view tool = {}) {
  for (const auto& e : p.entries) {
    if (e.key == key && (tool.empty() || e.tool == tool)) {
      return &e;
    }
  }
  return nullptr;
}

registry::PackageMeta meta_with_scripts(
    const std::string& name, const std::string& version,
    std::vector<std::pair<std::string, std::string>> scripts) {
  registry::PackageMeta m;
  m.name = name;
  m.latest = version;
  m.versions = {version};
  registry::VersionInfo v;
  v.version = version;
  v.install_scripts = std::move(scripts);
  m.details[version] = v;
  return m;
}

struct FixtureRun {
  std::vector<core::Finding> findings;  // deps/install-script and deps/stale-allowlist only
  deps::ScriptPolicy policy;
  std::string manager;

  [[nodiscard]] const core::Finding* install(std::string_view package) const {
    for (const auto& f : findings) {
      if (f.rule == "deps/install-script" && f.package == package) {
        return &f;
      }
    }
    return nullptr;
  }
  [[nodiscard]] std::set<std::string> stale() const {
    std::set<std::string> out;
    for (const auto& f : findings) {
      if (f.rule == "deps/stale-allowlist") {
        out.insert(fmt::format("{}:{} {}", f.location.file, f.location.line, f.package));
      }
    }
    return out;
  }
};

FixtureRun run_fixture(const std::string& name, const deps::MetaMap& meta = {}) {
  core::WorkingTreeSnapshot snap((archgate::test::fixtures_dir() / "projects" / name).string());
  auto project = analyzers::load_project(snap);
  REQUIRE(project);
  INFO(name);
  REQUIRE(project->input_errors.empty());
  REQUIRE(project->graph);
  FixtureRun r;
  r.policy = deps::load_script_policy(snap);
  r.manager = deps::script_manager(*project);
  deps::DepsSettings settings;
  settings.today = k_today;
  auto report = deps::analyze_deps(*project->graph, meta, settings);
  rules::RuleConfig config;
  config.today = k_today;
  std::vector<core::Finding> all;
  rules::RuleContext ctx{*project, config, all};
  rules::emit_deps_findings(ctx, report, settings, &r.policy);
  for (auto& f : all) {
    if (f.rule == "deps/install-script" || f.rule == "deps/stale-allowlist") {
      r.findings.push_back(std::move(f));
    }
  }
  return r;
}

}  // namespace

TEST_CASE("script policy: package.json allow-lists with positions", "[deps][scripts]") {
  const std::string text = R"({
  "name": "app",
  "pnpm": {
    "onlyBuiltDependencies": ["esbuild", "nx@21.6.4 || 21.6.5"],
    "neverBuiltDependencies": ["fsevents"],
    "ignoredBuiltDependencies": ["core-js"],
    "allowBuilds": {"@swc/core": true, "sharp": false},
    "dangerouslyAllowAllBuilds": false
  },
  "trustedDependencies": ["bcrypt"],
  "dependenciesMeta": {
    "@parcel/watcher@2.5.1": {"built": false, "optional": true},
    "fsevents": {"optional": true}
  },
  "allowScripts": {"canvas@3.1.0": true, "telemetry": false, "webpack-cli": "3.x.x", "fsevents": "*"},
  "lavamoat": {"allowScripts": {"vite>esbuild": true, "$root$": true, "@scope/a>@scope/b": false}}
})";
  deps::ScriptPolicy p;
  deps::parse_package_json_policy("package.json", text, p);
  CHECK(p.errors.empty());
  CHECK(p.switches.empty());  // dangerouslyAllowAllBuilds: false is no switch
  REQUIRE(p.entries.size() == 14);

  const auto* e = find_entry(p, "esbuild", "pnpm onlyBuiltDependencies");
  REQUIRE(e);
  CHECK(e->allowed);
  CHECK(e->manager == "pnpm");
  CHECK(e->file == "package.json");
  CHECK(e->line == 4);
  CHECK(e->column == 31);  // the string element

  e = find_entry(p, "nx@21.6.4 || 21.6.5");
  REQUIRE(e);
  CHECK(e->name == "nx");
  CHECK(e->range == "21.6.4 || 21.6.5");

  e = find_entry(p, "fsevents", "pnpm neverBuiltDependencies");
  REQUIRE(e);
  CHECK_FALSE(e->allowed);
  CHECK(e->line == 5);
  e = find_entry(p, "core-js");
  REQUIRE(e);
  CHECK(e->tool == "pnpm ignoredBuiltDependencies");
  CHECK_FALSE(e->allowed);

  e = find_entry(p, "@swc/core");
  REQUIRE(e);
  CHECK(e->tool == "pnpm allowBuilds");
  CHECK(e->allowed);
  CHECK(e->name == "@swc/core");
  CHECK(e->range.empty());
  CHECK(e->line == 7);
  CHECK(e->column == 21);  // the key
  e = find_entry(p, "sharp", "pnpm allowBuilds");
  REQUIRE(e);
  CHECK_FALSE(e->allowed);

  e = find_entry(p, "bcrypt");
  REQUIRE(e);
  CHECK(e->tool == "bun trustedDependencies");
  CHECK(e->manager == "bun");
  CHECK(e->line == 10);

  e = find_entry(p, "@parcel/watcher@2.5.1");
  REQUIRE(e);
  CHECK(e->tool == "yarn dependenciesMeta.built");
  CHECK(e->manager == "yarn");
  CHECK(e->name == "@parcel/watcher");
  CHECK(e->range == "2.5.1");
  CHECK_FALSE(e->allowed);
  CHECK(e->line == 12);
  CHECK(find_entry(p, "fsevents", "yarn dependenciesMeta.built") == nullptr);  // optional only

  e = find_entry(p, "canvas@3.1.0");
  REQUIRE(e);
  CHECK(e->tool == "npm allowScripts");
  CHECK(e->manager == "npm");
  CHECK(e->range == "3.1.0");
  CHECK(e->line == 15);
  e = find_entry(p, "telemetry");
  REQUIRE(e);
  CHECK_FALSE(e->allowed);
  e = find_entry(p, "webpack-cli");  // allow-scripts style: the value is a range
  REQUIRE(e);
  CHECK(e->allowed);
  CHECK(e->range == "3.x.x");
  e = find_entry(p, "fsevents", "npm allowScripts");
  REQUIRE(e);
  CHECK(e->range.empty());

  e = find_entry(p, "vite>esbuild");
  REQUIRE(e);
  CHECK(e->name == "esbuild");
  CHECK(e->tool == "LavaMoat allowScripts");
  CHECK(e->manager == "*");
  CHECK(e->line == 16);
  e = find_entry(p, "@scope/a>@scope/b");
  REQUIRE(e);
  CHECK(e->name == "@scope/b");
  CHECK_FALSE(e->allowed);
  CHECK(find_entry(p, "$root$") == nullptr);
}

TEST_CASE("script policy: a package.json with a byte order mark still has its allow-lists", "[deps][scripts]") {
  deps::ScriptPolicy p;
  deps::parse_package_json_policy("package.json", "\xEF\xBB\xBF{\"trustedDependencies\": [\"bcrypt\"]}", p);
  CHECK(p.errors.empty());
  REQUIRE(p.entries.size() == 1);
  CHECK(p.entries[0].name == "bcrypt");
  CHECK(p.entries[0].tool == "bun trustedDependencies");
}

TEST_CASE("script policy: pnpm-workspace.yaml, .yarnrc.yml, .yarnrc and .npmrc", "[deps][scripts]") {
  deps::ScriptPolicy p;
  deps::parse_pnpm_workspace_policy("pnpm-workspace.yaml",
                                    "packages:\n"
                                    "  - apps/*\n"
                                    "onlyBuiltDependencies:\n"
                                    "  - esbuild\n"
                                    "  - '@prisma/engines'\n"
                                    "allowBuilds:\n"
                                    "  '@parcel/watcher': false\n"
                                    "  sharp: true\n"
                                    "neverBuiltDependencies: [fsevents]\n"
                                    "ignoredBuiltDependencies:\n"
                                    "dangerouslyAllowAllBuilds: true\n"
                                    "ignoreScripts: false\n",
                                    p);
  CHECK(p.errors.empty());
  REQUIRE(p.entries.size() == 5);
  const auto* e = find_entry(p, "@prisma/engines");
  REQUIRE(e);
  CHECK(e->tool == "pnpm onlyBuiltDependencies");
  CHECK(e->line == 5);
  CHECK(e->column == 5);
  e = find_entry(p, "@parcel/watcher");
  REQUIRE(e);
  CHECK(e->tool == "pnpm allowBuilds");
  CHECK_FALSE(e->allowed);
  CHECK(e->line == 7);
  CHECK(e->column == 3);
  e = find_entry(p, "fsevents");
  REQUIRE(e);
  CHECK(e->line == 9);
  CHECK_FALSE(e->allowed);
  REQUIRE(p.switches.size() == 1);
  CHECK(p.switches[0].kind == deps::SwitchKind::all_run);
  CHECK(p.switches[0].setting == "dangerouslyAllowAllBuilds: true");
  CHECK(p.switches[0].line == 11);

  deps::ScriptPolicy y;
  deps::parse_yarnrc_yml_policy(".yarnrc.yml", "nodeLinker: pnp\nenableScripts: false\n", y);
  REQUIRE(y.switches.size() == 1);
  CHECK(y.switches[0].kind == deps::SwitchKind::default_off);
  CHECK(y.switches[0].managers == std::vector<std::string>{"yarn"});
  CHECK(y.switches[0].line == 2);
  deps::parse_yarnrc_yml_policy(".yarnrc.yml", "enableScripts: true\n", y);
  CHECK(y.switches.size() == 1);

  deps::ScriptPolicy c;
  deps::parse_yarnrc_policy(".yarnrc", "# yarn lockfile v1\nignore-scripts true\n", c);
  REQUIRE(c.switches.size() == 1);
  CHECK(c.switches[0].managers == std::vector<std::string>{"yarn-classic"});
  CHECK(c.switches[0].line == 2);

  deps::ScriptPolicy n;
  deps::parse_npmrc_policy(".npmrc",
                           "registry=https://registry.npmjs.org/\n"
                           "; comment\n"
                           "ignore-scripts = true\n"
                           "allow-scripts=canvas, sharp\n",
                           n);
  REQUIRE(n.switches.size() == 1);
  CHECK(n.switches[0].kind == deps::SwitchKind::none_run);
  CHECK(n.switches[0].line == 3);
  CHECK(n.switches[0].managers == std::vector<std::string>{"npm", "pnpm"});
  REQUIRE(n.entries.size() == 2);
  CHECK(n.entries[0].name == "canvas");
  CHECK(n.entries[0].manager == "npm-global");
  CHECK(n.entries[0].line == 4);
  CHECK(n.entries[0].column == 15);
  CHECK(n.entries[1].name == "sharp");
  CHECK(n.entries[1].column == 23);
}

TEST_CASE("script policy: settings of the wrong type are errors with positions", "[deps][scripts]") {
  deps::ScriptPolicy p;
  deps::parse_package_json_policy("package.json",
                                  "{\n"
                                  "  \"trustedDependencies\": \"esbuild\",\n"
                                  "  \"pnpm\": {\"onlyBuiltDependencies\": [\"ok\", 3]},\n"
                                  "  \"allowScripts\": {\"a\": 1}\n"
                                  "}\n",
                                  p);
  REQUIRE(p.errors.size() == 3);
  CHECK(p.errors[0].file == "package.json");
  CHECK(p.errors[0].line == 2);
  CHECK(p.errors[0].message.find("trustedDependencies") != std::string::npos);
  CHECK(p.errors[1].line == 3);
  CHECK(p.errors[1].message.find("pnpm.onlyBuiltDependencies") != std::string::npos);
  CHECK(p.errors[2].line == 4);
  CHECK(p.errors[2].message.find("allowScripts.a") != std::string::npos);
  REQUIRE(p.entries.size() == 1);  // "ok" survives
  CHECK(p.entries[0].name == "ok");

  deps::ScriptPolicy y;
  deps::parse_pnpm_workspace_policy("pnpm-workspace.yaml",
                                    "onlyBuiltDependencies: esbuild\nallowBuilds:\n  sharp: maybe\n", y);
  REQUIRE(y.errors.size() == 2);
  CHECK(y.errors[0].line == 1);
  CHECK(y.errors[1].line == 3);
  CHECK(y.errors[1].message.find("allowBuilds.sharp") != std::string::npos);

  // A file that does not parse has no entries and no error of its own (the
  // project loader reports package.json and pnpm-workspace.yaml).
  deps::ScriptPolicy bad;
  deps::parse_package_json_policy("package.json", "{\"trustedDependencies\": [\"a\",]}", bad);
  CHECK(bad.entries.empty());
  CHECK(bad.errors.empty());
}

TEST_CASE("script policy: verdict precedence", "[deps][scripts]") {
  deps::ScriptPolicy p;
  deps::parse_package_json_policy("package.json", R"({
  "allowScripts": {"sharp@0.33.5": true, "sharp": false, "canvas@^3": true},
  "trustedDependencies": ["bcrypt"],
  "lavamoat": {"allowScripts": {"a>esbuild": true}}
})",
                                  p);
  REQUIRE(p.errors.empty());

  // npm: a deny wins over a pinned allow; ranges match versions.
  auto d = deps::decide_scripts(p, "npm", "sharp", "0.33.5");
  CHECK(d.verdict == Verdict::denied);
  CHECK(d.text == "denied by npm allowScripts at package.json:2");
  d = deps::decide_scripts(p, "npm", "canvas", "3.1.0");
  CHECK(d.verdict == Verdict::allowed);
  CHECK(d.entry->key == "canvas@^3");
  d = deps::decide_scripts(p, "npm", "canvas", "2.11.2");
  CHECK(d.verdict == Verdict::unlisted);
  CHECK(d.effect == "npm 11 runs it; npm 12 skips it");
  // LavaMoat entries apply to every manager.
  d = deps::decide_scripts(p, "yarn-classic", "esbuild", "0.25.0");
  CHECK(d.verdict == Verdict::allowed);
  CHECK(d.text == "allowed by LavaMoat allowScripts at package.json:4");
  // Another manager's list never decides, but is named.
  d = deps::decide_scripts(p, "npm", "bcrypt", "5.1.1");
  CHECK(d.verdict == Verdict::unlisted);
  REQUIRE(d.unread.size() == 1);
  CHECK(d.unread[0]->tool == "bun trustedDependencies");
  d = deps::decide_scripts(p, "bun", "bcrypt", "5.1.1");
  CHECK(d.verdict == Verdict::allowed);
  d = deps::decide_scripts(p, "bun", "sharp", "0.33.5");
  CHECK(d.verdict == Verdict::unlisted);
  CHECK(d.effect == "bun skips it unless it is on bun's built-in trusted list");

  // ignore-scripts turns npm's own entries off, not LavaMoat's.
  deps::parse_npmrc_policy(".npmrc", "ignore-scripts=true\n", p);
  d = deps::decide_scripts(p, "npm", "canvas", "3.1.0");
  CHECK(d.verdict == Verdict::disabled);
  CHECK(d.text == "turned off by ignore-scripts=true at .npmrc:1");
  d = deps::decide_scripts(p, "npm", "esbuild", "0.25.0");
  CHECK(d.verdict == Verdict::allowed);
  CHECK(d.entry->tool == "LavaMoat allowScripts");

  // pnpm: dangerouslyAllowAllBuilds allows everything; without a list pnpm
  // 9 would still run it.
  deps::ScriptPolicy q;
  d = deps::decide_scripts(q, "pnpm", "esbuild", "0.25.0");
  CHECK(d.verdict == Verdict::unlisted);
  CHECK(d.effect == "pnpm 10+ skips its build; pnpm 9 runs it");
  deps::parse_pnpm_workspace_policy("pnpm-workspace.yaml",
                                    "neverBuiltDependencies: [esbuild]\ndangerouslyAllowAllBuilds: true\n",
                                    q);
  d = deps::decide_scripts(q, "pnpm", "esbuild", "0.25.0");
  CHECK(d.verdict == Verdict::allowed);
  CHECK(d.text == "allowed by dangerouslyAllowAllBuilds: true at pnpm-workspace.yaml:2");

  // yarn berry: enableScripts: false, built: true re-enables one package.
  deps::ScriptPolicy y;
  deps::parse_yarnrc_yml_policy(".yarnrc.yml", "enableScripts: false\n", y);
  deps::parse_package_json_policy("package.json",
                                  R"({"dependenciesMeta": {"esbuild@0.25.0": {"built": true}}})", y);
  CHECK(deps::decide_scripts(y, "yarn", "esbuild", "0.25.0").verdict == Verdict::allowed);
  d = deps::decide_scripts(y, "yarn", "esbuild", "0.24.2");
  CHECK(d.verdict == Verdict::disabled);
  CHECK(d.text ==
        "turned off by enableScripts: false at .yarnrc.yml:1, and no dependenciesMeta entry sets "
        "built: true");
  // yarn 1 reads neither.
  CHECK(deps::decide_scripts(y, "yarn-classic", "esbuild", "0.25.0").verdict == Verdict::unlisted);

  // The fix names the list the project already uses.
  deps::ScriptPolicy w;
  deps::parse_pnpm_workspace_policy("pnpm-workspace.yaml", "allowBuilds:\n  esbuild: true\n", w);
  CHECK(deps::allowlist_hint(w, "pnpm", "sharp").find("under allowBuilds in pnpm-workspace.yaml") !=
        std::string::npos);
  CHECK(deps::allowlist_hint({}, "bun", "sharp").find("bun pm trust sharp") != std::string::npos);
  CHECK(deps::allowlist_hint({}, "npm", "sharp").find("npm approve-scripts sharp") !=
        std::string::npos);
}

TEST_CASE("install-script verdicts: npm allowScripts", "[deps][scripts]") {
  auto r = run_fixture("scripts-npm");
  CHECK(r.manager == "npm");

  const auto* f = r.install("esbuild@0.25.0");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message ==
        "esbuild@0.25.0 runs code at install time (allowed by npm allowScripts at "
        "package.json:16): hasInstallScript recorded in the lockfile");
  CHECK(f->location.file == "package-lock.json");
  CHECK(f->location.line > 0);
  REQUIRE_FALSE(f->evidence.empty());
  CHECK(f->evidence[0] == "package.json:16: npm allowScripts entry \"esbuild\"");

  f = r.install("bcrypt@5.1.1");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("allowed by npm allowScripts at package.json:18") != std::string::npos);

  f = r.install("sharp@0.33.5");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("will not run (denied by npm allowScripts at package.json:19)") !=
        std::string::npos);

  // Listed only in bun's list: a warning that says npm does not read it.
  f = r.install("@parcel/watcher@2.5.1");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::warning);
  CHECK(f->message.find("is in no allow-list npm reads (npm 11 runs it; npm 12 skips it; listed "
                        "in bun trustedDependencies at package.json:23, which npm does not read)") !=
        std::string::npos);
  CHECK(f->remediation.find("\"@parcel/watcher\": true to allowScripts in package.json") !=
        std::string::npos);

  CHECK(r.install("left-pad@1.3.0") == nullptr);  // runs nothing

  CHECK(r.stale() == std::set<std::string>{".npmrc:2 fsevents", "package.json:17 esbuild@0.24.0",
                                           "package.json:20 left-pad",
                                           "package.json:21 node-sass"});
  for (const auto& s : r.findings) {
    if (s.rule == "deps/stale-allowlist") {
      CHECK(s.severity == core::Severity::warning);
      if (s.package == "esbuild@0.24.0") {
        CHECK(s.message == "npm allowScripts lists esbuild@0.24.0, but package-lock.json has "
                           "esbuild@0.25.0");
        CHECK(s.location.column == 5);
      }
      if (s.package == "left-pad") {
        CHECK(s.message == "npm allowScripts lists left-pad, but left-pad@1.3.0 runs no install script");
      }
      if (s.package == "node-sass") {
        CHECK(s.message == "npm allowScripts lists node-sass, which is not in package-lock.json");
        CHECK(s.remediation.find("package.json:21") != std::string::npos);
      }
    }
  }
}

TEST_CASE("install-script verdicts: pnpm onlyBuiltDependencies and allowBuilds", "[deps][scripts]") {
  auto r = run_fixture("scripts-pnpm");
  CHECK(r.manager == "pnpm");
  const auto* f = r.install("esbuild@0.25.0");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("(allowed by pnpm onlyBuiltDependencies at pnpm-workspace.yaml:3)") !=
        std::string::npos);
  f = r.install("bcrypt@5.1.1");
  REQUIRE(f);
  CHECK(f->message.find("(allowed by pnpm allowBuilds at pnpm-workspace.yaml:7)") != std::string::npos);
  f = r.install("sharp@0.33.5");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("will not run (denied by pnpm allowBuilds at pnpm-workspace.yaml:8)") !=
        std::string::npos);
  f = r.install("core-js@3.39.0");
  REQUIRE(f);
  CHECK(f->message.find("denied by pnpm ignoredBuiltDependencies at pnpm-workspace.yaml:10") !=
        std::string::npos);
  f = r.install("protobufjs@7.4.0");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::warning);
  CHECK(f->message.find("in no allow-list pnpm reads (pnpm skips its build)") != std::string::npos);
  CHECK(f->remediation.find("add `protobufjs: true` under allowBuilds in pnpm-workspace.yaml") !=
        std::string::npos);

  CHECK(r.stale() == std::set<std::string>{"package.json:17 @parcel/watcher",
                                           "pnpm-workspace.yaml:4 left-pad",
                                           "pnpm-workspace.yaml:5 node-sass"});
}

TEST_CASE("install-script verdicts: yarn enableScripts and dependenciesMeta", "[deps][scripts]") {
  deps::MetaMap meta;
  meta["esbuild"] = meta_with_scripts("esbuild", "0.25.0", {{"postinstall", "node install.js"}});
  meta["sharp"] = meta_with_scripts("sharp", "0.33.5", {{"install", "node install/check"}});
  meta["bcrypt"] =
      meta_with_scripts("bcrypt", "5.1.1", {{"install", "node-pre-gyp install --fallback-to-build"}});
  auto r = run_fixture("scripts-yarn", meta);
  CHECK(r.manager == "yarn");
  const auto* f = r.install("esbuild@0.25.0");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message ==
        "esbuild@0.25.0 runs code at install time (allowed by yarn dependenciesMeta.built at "
        "package.json:12): postinstall: node install.js");
  f = r.install("sharp@0.33.5");
  REQUIRE(f);
  CHECK(f->message.find("denied by yarn dependenciesMeta.built at package.json:15") !=
        std::string::npos);
  f = r.install("bcrypt@5.1.1");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message ==
        "bcrypt@5.1.1 has install code that will not run (turned off by enableScripts: false at "
        ".yarnrc.yml:2, and no dependenciesMeta entry sets built: true): install: node-pre-gyp "
        "install --fallback-to-build");
  CHECK(r.stale() == std::set<std::string>{"package.json:18 bcrypt@5.0.0"});

  // Without metadata yarn.lock says nothing about scripts: no verdicts, and
  // only the entry whose version is not locked is stale.
  auto offline = run_fixture("scripts-yarn");
  CHECK(offline.install("esbuild@0.25.0") == nullptr);
  CHECK(offline.stale() == std::set<std::string>{"package.json:18 bcrypt@5.0.0"});
}

TEST_CASE("install-script verdicts: bun trustedDependencies", "[deps][scripts]") {
  deps::MetaMap meta;
  meta["esbuild"] = meta_with_scripts("esbuild", "0.25.0", {{"postinstall", "node install.js"}});
  meta["sharp"] = meta_with_scripts("sharp", "0.33.5", {{"install", "node install/check"}});
  auto r = run_fixture("scripts-bun", meta);
  CHECK(r.manager == "bun");
  const auto* f = r.install("esbuild@0.25.0");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("allowed by bun trustedDependencies at package.json:10") != std::string::npos);
  f = r.install("sharp@0.33.5");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::warning);
  CHECK(f->message.find("bun skips it unless it is on bun's built-in trusted list") !=
        std::string::npos);
  CHECK(f->remediation.find("\"sharp\" to trustedDependencies in package.json (`bun pm trust sharp`)") !=
        std::string::npos);
  CHECK(r.stale() == std::set<std::string>{"package.json:11 node-sass"});

  // Metadata that shows esbuild without scripts makes its entry stale;
  // bun.lock alone never does (it does not record scripts).
  deps::MetaMap clean;
  clean["esbuild"] = meta_with_scripts("esbuild", "0.25.0", {});
  auto r2 = run_fixture("scripts-bun", clean);
  CHECK(r2.stale() == std::set<std::string>{"package.json:10 esbuild", "package.json:11 node-sass"});
  auto r3 = run_fixture("scripts-bun");
  CHECK(r3.stale() == std::set<std::string>{"package.json:11 node-sass"});
}

TEST_CASE("install-script verdicts: LavaMoat allow-scripts with ignore-scripts", "[deps][scripts]") {
  auto r = run_fixture("scripts-lavamoat");
  const auto* f = r.install("esbuild@0.25.0");
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("allowed by LavaMoat allowScripts at package.json:15") != std::string::npos);
  f = r.install("sharp@0.33.5");
  REQUIRE(f);
  CHECK(f->message.find("denied by LavaMoat allowScripts at package.json:16") != std::string::npos);
  f = r.install("bcrypt@5.1.1");  // npm's allowScripts does not override ignore-scripts
  REQUIRE(f);
  CHECK(f->severity == core::Severity::note);
  CHECK(f->message.find("will not run (turned off by ignore-scripts=true at .npmrc:1)") !=
        std::string::npos);
  CHECK(r.stale().empty());
}

TEST_CASE("install-script without allow-lists is a warning, no stale check", "[deps][scripts]") {
  core::WorkingTreeSnapshot snap((archgate::test::fixtures_dir() / "projects/scripts-npm").string());
  auto project = analyzers::load_project(snap);
  REQUIRE(project);
  REQUIRE(project->graph);
  deps::DepsSettings settings;
  settings.today = k_today;
  auto report = deps::analyze_deps(*project->graph, {}, settings);
  rules::RuleConfig config;
  std::vector<core::Finding> out;
  rules::RuleContext ctx{*project, config, out};
  rules::emit_deps_findings(ctx, report, settings);  // no policy
  int scripts = 0;
  for (const auto& f : out) {
    CHECK(f.rule != "deps/stale-allowlist");
    if (f.rule == "deps/install-script") {
      ++scripts;
      CHECK(f.severity == core::Severity::warning);
    }
  }
  CHECK(scripts == 4);
}

TEST_CASE("archgate deps and check: allow-list verdicts in the output", "[deps][scripts][cli]") {
  archgate::test::TempDir cache;
  auto project = archgate::test::fixtures_dir() / "projects/scripts-pnpm";
  std::string env = "npm_config_userconfig=/dev/null npm_config_globalconfig=/dev/null ";
  auto r = archgate::test::run_archgate_env(
      env, "deps " + archgate::test::q(project) + " --offline --format json --today " + k_today +
               " --cache-dir " + archgate::test::q(cache.path()));
  INFO(r.err);
  auto j = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& d : j["dependencies"]) {
    by_name[d["name"].get<std::string>()] = d;
  }
  auto pol = by_name["esbuild"]["facts"]["installScriptPolicy"];
  CHECK(pol["verdict"] == "allowed");
  CHECK(pol["tool"] == "pnpm onlyBuiltDependencies");
  CHECK(pol["file"] == "pnpm-workspace.yaml");
  CHECK(pol["line"] == 3);
  CHECK(by_name["esbuild"]["facts"]["allowedBy"] ==
        "pnpm onlyBuiltDependencies at pnpm-workspace.yaml:3");
  CHECK(by_name["sharp"]["facts"]["installScriptPolicy"]["verdict"] == "denied");
  CHECK(by_name["sharp"]["facts"]["allowedBy"].is_null());
  CHECK(by_name["protobufjs"]["facts"]["installScriptPolicy"]["verdict"] == "unlisted");
  CHECK(by_name["protobufjs"]["facts"]["installScriptPolicy"]["effect"] == "pnpm skips its build");
  CHECK_FALSE(by_name["left-pad"]["facts"].contains("installScriptPolicy"));
  CHECK(j["scriptPolicy"]["manager"] == "pnpm");
  CHECK(j["scriptPolicy"]["entries"].size() == 7);
  std::set<std::string> findings;
  for (const auto& f : j["findings"]) {
    findings.insert(f["rule"].get<std::string>() + " " + f["severity"].get<std::string>() + " " +
                    f["package"].get<std::string>());
  }
  CHECK(findings.count("deps/install-script note esbuild@0.25.0") == 1);
  CHECK(findings.count("deps/install-script warning protobufjs@7.4.0") == 1);
  CHECK(findings.count("deps/stale-allowlist warning node-sass") == 1);

  auto text = archgate::test::run_archgate_env(
      env, "deps " + archgate::test::q(project) + " --offline --today " + k_today + " --cache-dir " +
               archgate::test::q(cache.path()));
  CHECK(text.out.find("    allow-list: allowed by pnpm onlyBuiltDependencies at "
                      "pnpm-workspace.yaml:3\n") != std::string::npos);
  CHECK(text.out.find("    allow-list: in no allow-list pnpm reads (pnpm skips its build)\n") !=
        std::string::npos);
  auto explain = archgate::test::run_archgate_env(
      env, "deps " + archgate::test::q(project) + " --offline --today " + k_today + " --cache-dir " +
               archgate::test::q(cache.path()) + " --explain sharp");
  CHECK(explain.out.find("  - allow-list: denied by pnpm allowBuilds at pnpm-workspace.yaml:8\n") !=
        std::string::npos);

  // check reads the same allow-lists (and never the network).
  auto check = archgate::test::run_archgate_env(
      env + "ARCHGATE_CACHE_DIR=" + archgate::test::q(cache.path()) + " ",
      "check " + archgate::test::q(project) + " --today " + k_today +
          " --format json --only 'deps/*'");
  INFO(check.err);
  CHECK(check.out.find("deps/stale-allowlist") != std::string::npos);
  CHECK(check.out.find("allowed by pnpm onlyBuiltDependencies at pnpm-workspace.yaml:3") !=
        std::string::npos);
}
