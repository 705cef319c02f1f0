// The audit pipeline as a user meets it through `archgate check`: rule
// statuses, usage errors for globs that match nothing, fingerprints that
// survive a date change and moved lines, one line per cause in human
// reports, every instance in JSON.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "analyzers/deps/scoring.hpp"
#include "analyzers/pipeline.hpp"
#include "core/snapshot.hpp"
#include "rules/engine.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using archgate::test::fixtures_dir;
using archgate::test::q;
using archgate::test::run_archgate;
using nlohmann::json;

namespace {

std::string project(const std::string& name) { return q(fixtures_dir() / "projects" / name); }

// fingerprint -> rule of every finding in a JSON report.
std::map<std::string, std::string> fingerprints(const std::string& out) {
  std::map<std::string, std::string> m;
  auto doc = json::parse(out);
  for (const auto& f : doc["findings"]) {
    m[f["fingerprint"].get<std::string>()] = f["rule"].get<std::string>();
  }
  return m;
}

std::string status_of(const json& doc, const std::string& id) {
  for (const auto& r : doc["rules"]) {
    if (r["id"] == id) {
      return r["status"].get<std::string>();
    }
  }
  return "";
}

// Pipeline options for the in-process tests: no registry cache (nothing of
// the user's is read) and a fixed day.
archgate::analyzers::PipelineOptions offline_options() {
  archgate::analyzers::PipelineOptions popts;
  popts.registry_cache_dir = (fs::temp_directory_path() / "archgate-no-cache-here").string();
  popts.adjust_settings = [](archgate::core::Settings& s) { s.today = "2026-11-23"; };
  return popts;
}

struct TempCopy {
  fs::path dir;
  explicit TempCopy(const fs::path& from) {
    dir = fs::temp_directory_path() / ("archgate-copy-" + std::to_string(::getpid()) + "-" +
                                       from.filename().string());
    fs::remove_all(dir);
    fs::copy(from, dir, fs::copy_options::recursive);
  }
  ~TempCopy() { fs::remove_all(dir); }
  void prepend(const std::string& file, const std::string& text) const {
    auto body = archgate::test::read_file(dir / file);
    std::ofstream(dir / file, std::ios::binary | std::ios::trunc) << text << body;
  }
};

}  // namespace

TEST_CASE("pipeline: a mistyped --only or --skip glob is a usage error", "[pipeline][cli]") {
  auto r = run_archgate("check " + project("clean-npm") + " --only 'lockfiles/*'");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("'lockfiles/*' matches no rule"));
  CHECK_THAT(r.err, Catch::Contains("closest: lockfile/"));
  auto s = run_archgate("check " + project("clean-npm") + " --skip runtime/floatin");
  CHECK(s.exit_code == 2);
  CHECK_THAT(s.err, Catch::Contains("closest: runtime/floating"));
  // A glob that matches is fine.
  CHECK(run_archgate("check " + project("clean-npm") + " --only 'lockfile/*'").exit_code == 0);
}

TEST_CASE("pipeline: every rule has a status; unselected rules are off", "[pipeline][cli]") {
  auto r = run_archgate("check " + project("drift-npm") + " --format json --only 'lockfile/*' "
                        "--today 2026-11-23");
  auto doc = json::parse(r.out);
  CHECK(doc["rules"].size() == archgate::rules::rule_catalog().size());
  CHECK(status_of(doc, "lockfile/out-of-sync") == "findings");
  CHECK(status_of(doc, "lockfile/missing") == "clean");
  CHECK(status_of(doc, "runtime/eol") == "off");
  CHECK(doc["summary"]["verdict"].get<std::string>().starts_with("fails: "));
}

TEST_CASE("pipeline: a cold registry cache is 'not checked' in every format", "[pipeline][cli]") {
  // The test environment's ARCHGATE_CACHE_DIR is an empty folder (main.cpp).
  auto dir = project("deps-basic") + " --today 2026-11-23 --only 'deps/*'";
  auto j = json::parse(run_archgate("check " + dir + " --format json").out);
  CHECK(status_of(j, "deps/vulnerable") == "not-checked");
  CHECK(status_of(j, "deps/unmaintained") == "not-checked");
  for (const auto& r : j["rules"]) {
    if (r["status"] == "not-checked") {
      CHECK_FALSE(r["reason"].get<std::string>().empty());
    }
  }
  auto text = run_archgate("check " + dir).out;
  CHECK_THAT(text, Catch::Contains("Not checked"));
  CHECK_THAT(text, Catch::Contains("deps/vulnerable: "));
  auto md = run_archgate("check " + dir + " --format markdown").out;
  CHECK_THAT(md, Catch::Contains("**Not checked**"));
  CHECK_THAT(md, Catch::Contains("- ⏸️ deps/vulnerable"));
  CHECK_THAT(md, !Catch::Contains("- ✅ deps/vulnerable"));
  auto junit = run_archgate("check " + dir + " --format junit").out;
  CHECK_THAT(junit, Catch::Contains("<testcase classname=\"deps/vulnerable\" name=\"deps/vulnerable\">\n"
                                    "    <skipped>not checked: "));
  auto sarif = json::parse(run_archgate("check " + dir + " --format sarif").out);
  bool noted = false;
  for (const auto& n : sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]) {
    noted = noted || n["descriptor"]["id"] == "deps/vulnerable";
  }
  CHECK(noted);
  auto html = run_archgate("check " + dir + " --format html").out;
  CHECK_THAT(html, Catch::Contains("Not checked:"));
}

TEST_CASE("pipeline: fingerprints survive a date change and moved lines", "[pipeline][cli]") {
  TempCopy copy(fixtures_dir() / "example");
  auto args = [&](const std::string& today) {
    return "check " + q(copy.dir) + " --format json --today " + today;
  };
  auto before = fingerprints(run_archgate(args("2026-11-23")).out);
  REQUIRE(before.size() >= 10);
  // Another day changes messages ("in 158 days") but no identity.
  CHECK(fingerprints(run_archgate(args("2026-11-30")).out) == before);
  // Lines inserted above findings move them, and change no identity.
  copy.prepend("Dockerfile", "# a comment\n# another\n");
  copy.prepend("package.json", "\n\n\n");
  copy.prepend(".github/workflows/ci.yml", "# ci\n");
  auto moved = run_archgate(args("2026-11-23")).out;
  CHECK(fingerprints(moved) == before);
  bool shifted = false;
  auto moved_doc = json::parse(moved);
  for (const auto& f : moved_doc["findings"]) {
    shifted = shifted || (f["location"]["file"] == "Dockerfile" && f["location"]["line"] == 4);
  }
  CHECK(shifted);
}

TEST_CASE("pipeline: one cause is one line in text and Markdown, every instance in JSON",
          "[pipeline][cli]") {
  auto dir = project("grouped-integrity") + " --only 'lockfile/*' --today 2026-11-23";
  auto text = run_archgate("check " + dir);
  INFO(text.out);
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("yarn.lock:5:1: warning: 5 packages are pinned only by sha1, "
                                       "e.g. alpha@1.0.1, bravo@1.0.2, charlie@1.0.3, … "
                                       "[lockfile/weak-integrity]"));
  CHECK_THAT(text.out, Catch::StartsWith("archgate check "));
  CHECK_THAT(text.out, Catch::Contains("passes: nothing at or above error"));
  auto all = run_archgate("check " + dir + " --all").out;
  std::size_t lines = 0;
  for (std::size_t p = all.find("[lockfile/weak-integrity]"); p != std::string::npos;
       p = all.find("[lockfile/weak-integrity]", p + 1)) {
    ++lines;
  }
  CHECK(lines == 5);
  auto md = run_archgate("check " + dir + " --format markdown").out;
  CHECK_THAT(md, Catch::Contains("| ⚠️ | yarn.lock:5:1 | 5 packages are pinned only by sha1, e.g. "));
  auto j = json::parse(run_archgate("check " + dir + " --format json").out);
  CHECK(j["findings"].size() == 5);
  CHECK(fingerprints(run_archgate("check " + dir + " --format json").out).size() == 5);
  // --fail-on warning: the verdict and the exit code follow it.
  auto strict = run_archgate("check " + dir + " --fail-on warning");
  CHECK(strict.exit_code == 1);
  CHECK_THAT(strict.out, Catch::Contains("fails: 5 warnings"));
}

TEST_CASE("pipeline: a direct dependency's finding points at its declaration", "[pipeline][cli]") {
  auto j = json::parse(run_archgate("check " + q(fixtures_dir() / "example") +
                                    " --format json --today 2026-11-23 --only deps/native-replacement")
                           .out);
  bool found = false;
  for (const auto& f : j["findings"]) {
    if (f["package"] == "left-pad@1.3.0") {
      found = true;
      CHECK(f["location"]["file"] == "package.json");
      CHECK(f["location"]["line"].get<int>() > 0);
      REQUIRE(f["related"].size() == 1);
      CHECK(f["related"][0]["file"] == "package-lock.json");
    }
  }
  CHECK(found);
}

TEST_CASE("pipeline: a transitive package names the direct dependencies that bring it",
          "[pipeline][cli]") {
  auto j = json::parse(run_archgate("check " + q(fixtures_dir() / "example") +
                                    " --format json --today 2026-11-23 --only deps/install-script")
                           .out);
  bool found = false;
  for (const auto& f : j["findings"]) {
    if (f["package"] == "esbuild@0.21.5") {
      found = true;
      CHECK(f["via"] == json::array({"vitest"}));
    }
  }
  CHECK(found);
}

TEST_CASE("pipeline: 'brought in by' from the deps pass equals the rules' own walk", "[pipeline]") {
  // check asks the deps pass for the sources (deps_sources), off the rules'
  // critical path; the rules walk the graph themselves when it did not.
  namespace an = archgate::analyzers;
  namespace rules = archgate::rules;
  archgate::core::WorkingTreeSnapshot snap((fixtures_dir() / "example").string());
  auto popts = offline_options();
  const rules::Selection all;
  const auto wanted = rules::passes_for(all, archgate::core::Settings{});
  auto walked = an::run_pipeline(snap, wanted, popts);
  REQUIRE(walked);
  CHECK_FALSE(walked->deps->sources);
  popts.deps_sources = true;
  auto given = an::run_pipeline(snap, wanted, popts);
  REQUIRE(given);
  REQUIRE(given->deps->sources);
  auto a = rules::evaluate(*walked, all);
  auto b = rules::evaluate(*given, all);
  REQUIRE(a.findings.size() == b.findings.size());
  std::size_t with_via = 0;
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    CHECK(a.findings[i].via == b.findings[i].via);
    CHECK(a.findings[i].message == b.findings[i].message);
    with_via += b.findings[i].via.empty() ? 0 : 1;
  }
  CHECK(with_via > 0);  // esbuild, through vitest
  // The rules find a package's nodes by the deps pass's node index; without
  // it, by a scan of every node's name and version: the same nodes.
  REQUIRE(given->deps->report.package_of_node.size() == given->project->graph->nodes.size());
  given->deps->report.package_of_node.clear();
  auto c = rules::evaluate(*given, all);
  REQUIRE(c.findings.size() == b.findings.size());
  for (std::size_t i = 0; i < b.findings.size(); ++i) {
    CHECK(c.findings[i].via == b.findings[i].via);
    CHECK(c.findings[i].evidence == b.findings[i].evidence);
  }
}

TEST_CASE("pipeline: --only runs only the passes its rules need", "[pipeline]") {
  archgate::rules::Selection runtime_only{{"runtime/*"}, {}};
  auto need = archgate::rules::passes_for(runtime_only, {});
  using archgate::analyzers::Pass;
  using archgate::analyzers::pass_bit;
  CHECK((need & pass_bit(Pass::runtime)) != 0);
  CHECK((need & pass_bit(Pass::deps)) == 0);
  archgate::rules::Selection everything;
  CHECK((archgate::rules::passes_for(everything, {}) & pass_bit(Pass::deps)) != 0);
  // A rule turned off in the settings takes its pass with it when nothing
  // else needs it.
  archgate::core::Settings off;
  off.overrides.push_back({"deps/*", std::nullopt});
  off.overrides.push_back({"lockfile/*", std::nullopt});
  CHECK((archgate::rules::passes_for(everything, off) & pass_bit(Pass::deps)) == 0);
}

// Issue "Gaps found on other projects' lockfiles", item 8: a lockfile path
// that is a directory is an input error (exit 2), not a missing lockfile.
TEST_CASE("pipeline: a lockfile path that is a directory is an error, not lockfile/missing",
          "[pipeline][cli]") {
  auto r = run_archgate("check " + project("lockfile-directory") + " --format json --today 2026-11-23");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("package-lock.json: is a directory, expected a lockfile"));
  auto doc = json::parse(r.out);
  for (const auto& f : doc["findings"]) {
    CHECK(f["rule"] != "lockfile/missing");
  }
  CHECK(status_of(doc, "lockfile/missing") == "not-checked");
}

// Seen on midday-ai/v1: a bun project with only bun.lockb (bun's binary
// format) failed lockfile/missing ("no lockfile is present"), and inventory
// said no lockfile was found.
TEST_CASE("pipeline: bun.lockb is a lockfile archgate does not read, not a missing one", "[pipeline][regression]") {
  archgate::core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"app","private":true,"packageManager":"bun@1.1.26","dependencies":{"zod":"^3.0.0"}})");
  snap.add("bun.lockb", std::string("#!/usr/bin/env bun\nbun-lockfile-format-v0\n\0\x01\x02", 44));
  auto r = archgate::test::audit(snap, "2026-12-03");
  for (const auto& f : r.findings) CHECK(f.rule != "lockfile/missing");
  const auto* missing = r.rule("lockfile/missing");
  REQUIRE(missing != nullptr);
  CHECK(missing->status == archgate::core::RuleStatus::not_checked);
  CHECK_THAT(missing->reason, Catch::Contains("bun.lockb is bun's binary lockfile"));
  const auto* heavy = r.rule("deps/heavy");
  REQUIRE(heavy != nullptr);
  CHECK_THAT(heavy->reason, Catch::Contains("bun.lock"));
}

// Issue "Gaps found on other projects' lockfiles", item 7: a version forced by
// yarn `resolutions` or npm `overrides` is not drift; real drift still is.
TEST_CASE("drift: resolutions and overrides legitimately lock outside the range", "[rules][drift]") {
  auto run = [](const std::string& extra, const std::string& locked) {
    archgate::core::MemorySnapshot snap;
    snap.add("package.json", R"({"name":"p","version":"1.0.0","dependencies":{"ms":"^2.1.3"})" +
                                 extra + "}");
    snap.add("yarn.lock", "# yarn lockfile v1\n\n\nms@^2.1.3:\n  version \"" + locked +
                              "\"\n  resolved \"https://registry.yarnpkg.com/ms/-/ms-" + locked +
                              ".tgz\"\n  integrity sha512-AAAA\n");
    std::set<std::string> rules;
    auto result = archgate::test::audit(snap, "2026-11-23", {{"lockfile/out-of-sync"}, {}});
    for (const auto& f : result.findings) {
      rules.insert(f.rule + " " + f.package);
    }
    return rules;
  };
  CHECK(run("", "2.1.2") == std::set<std::string>{"lockfile/out-of-sync ms@2.1.2"});
  CHECK(run(R"(,"resolutions":{"ms":"2.1.2"})", "2.1.2").empty());
  CHECK(run(R"(,"resolutions":{"**/ms":"2.1.2"})", "2.1.2").empty());
  CHECK(run(R"(,"resolutions":{"debug/ms@^2":"2.1.2"})", "2.1.2").empty());
  CHECK(run(R"(,"overrides":{"express":{"ms":"2.1.2"}})", "2.1.2").empty());
  CHECK(run(R"(,"resolutions":{"other":"1.0.0"})", "2.1.2") ==
        std::set<std::string>{"lockfile/out-of-sync ms@2.1.2"});
  CHECK(run("", "2.1.3").empty());
}

// Seen on novuhq/novu: a pnpm override keyed "nanoid@>=3.0.0 <3.1.31" rewrites
// the specifier pnpm records ("^3.1.31" for the manifest's "^3.1.20"); the
// '>' of the range was read as a parent>child separator, so the override was
// missed and the lockfile called out of sync.
TEST_CASE("drift: a pnpm override whose selector is a range rewrites the recorded specifier", "[rules][drift]") {
  auto run = [](const std::string& overrides) {
    archgate::core::MemorySnapshot snap;
    snap.add("package.json", R"({"name":"p","dependencies":{"nanoid":"^3.1.20"},"pnpm":{"overrides":{)" +
                                 overrides + "}}}");
    snap.add("pnpm-lock.yaml",
             "lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\n"
             "overrides:\n  nanoid@>=3.0.0 <3.1.31: ^3.1.31\n\nimporters:\n\n  .:\n    dependencies:\n"
             "      nanoid:\n        specifier: ^3.1.31\n        version: 3.3.6\n\npackages:\n\n"
             "  nanoid@3.3.6:\n    resolution: {integrity: sha512-AAAA}\n\nsnapshots:\n\n  nanoid@3.3.6: {}\n");
    std::set<std::string> rules;
    auto result = archgate::test::audit(snap, "2026-11-23", {{"lockfile/out-of-sync"}, {}});
    for (const auto& f : result.findings) rules.insert(f.rule + " " + f.package);
    return rules;
  };
  CHECK(run(R"("nanoid@>=3.0.0 <3.1.31": "^3.1.31")").empty());
  CHECK(run(R"("some-parent>nanoid": "^3.1.31")").empty());
  CHECK(run(R"("other@>=1 <2": "^2.0.0")") == std::set<std::string>{"lockfile/out-of-sync nanoid"});
}

// Issue "Gaps found on other projects' lockfiles", item 7: compared with the
// package managers, the shared corpus holds exactly one real drift
// (real-otel-contrib-npm2's karma-chrome-launcher, locked at 3.1.1 for a
// declared "3.1.0"). Peer ranges judged against dev edges, pnpm overrides
// that rewrite importer specifiers and yarn's one-of-two declarations were
// false drift.
TEST_CASE("drift: the shared corpus has no false lockfile/out-of-sync", "[rules][drift][corpus]") {
  auto shared = archgate::test::shared_dir();
  if (!shared) {
    WARN("../shared/corpus not found: skipping the corpus drift check");
    return;
  }
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(*shared / "corpus")) {
    if (!fs::exists(entry.path() / "oracle.json")) {
      continue;
    }
    archgate::core::WorkingTreeSnapshot snap(entry.path().string());
    auto result = archgate::test::audit(snap, "2026-11-23", {{"lockfile/out-of-sync"}, {}});
    for (const auto& f : result.findings) {
      found.push_back(entry.path().filename().string() + " " + f.package);
    }
  }
  CHECK(found == std::vector<std::string>{"real-otel-contrib-npm2 karma-chrome-launcher@3.1.1"});
}

TEST_CASE("drift: peer ranges and pnpm overrides are not drift", "[rules][drift]") {
  auto run = [](const std::string& manifest, const std::string& workspace_yaml) {
    archgate::core::MemorySnapshot snap;
    snap.add("package.json", manifest);
    if (!workspace_yaml.empty()) {
      snap.add("pnpm-workspace.yaml", workspace_yaml);
    }
    snap.add("pnpm-lock.yaml", R"(lockfileVersion: '9.0'

importers:

  .:
    devDependencies:
      react:
        specifier: 18.3.1
        version: 18.3.1

packages:

  react@18.3.1:
    resolution: {integrity: sha512-AAAA}

snapshots:

  react@18.3.1: {}
)");
    std::vector<std::string> out;
    for (const auto& f : archgate::test::audit(snap, "2026-11-23", {{"lockfile/out-of-sync"}, {}}).findings) {
      out.push_back(f.message);
    }
    return out;
  };
  // A library: react as a peer (a range for consumers) and a dev dependency.
  CHECK(run(R"({"name":"lib","peerDependencies":{"react":">=17"},"devDependencies":{"react":"18.3.1"}})", "").empty());
  // pnpm.overrides rewrite the importer's specifier.
  CHECK(run(R"({"name":"app","devDependencies":{"react":"^18.2.0"},"pnpm":{"overrides":{"react":"18.3.1"}}})", "").empty());
  CHECK(run(R"({"name":"app","devDependencies":{"react":"^18.2.0"}})", "overrides:\n  react: 18.3.1\n").empty());
  // Without the override it is drift.
  CHECK(run(R"({"name":"app","devDependencies":{"react":"^18.2.0"}})", "").size() == 1);
}

// The source pass runs on its own thread beside config, runtime and deps
// (analyzers/pipeline.cpp); what it finds is what it finds alone.
TEST_CASE("pipeline: the source pass beside the deps pass gives the same module graph", "[pipeline]") {
  namespace an = archgate::analyzers;
  archgate::core::WorkingTreeSnapshot snap((fixtures_dir() / "example").string());
  auto popts = offline_options();
  auto alone = an::run_pipeline(snap, an::pass_bit(an::Pass::source), popts);
  auto beside = an::run_pipeline(
      snap, an::pass_bit(an::Pass::deps) | an::pass_bit(an::Pass::source) | an::pass_bit(an::Pass::usage), popts);
  REQUIRE(alone);
  REQUIRE(beside);
  CHECK((beside->ran & an::pass_bit(an::Pass::source)) != 0);
  CHECK((beside->ran & an::pass_bit(an::Pass::deps)) != 0);
  CHECK((beside->ran & an::pass_bit(an::Pass::usage)) != 0);
  REQUIRE(alone->source);
  REQUIRE(beside->source);
  REQUIRE(beside->deps);
  REQUIRE(beside->usage);
  const auto& a = alone->source->graph;
  const auto& b = beside->source->graph;
  REQUIRE(!a.files.empty());
  REQUIRE(a.files.size() == b.files.size());
  REQUIRE(a.edges.size() == b.edges.size());
  for (std::size_t i = 0; i < a.edges.size(); ++i) {
    CHECK(a.edges[i].to == b.edges[i].to);
    CHECK(a.edges[i].from == b.edges[i].from);
  }
  CHECK(!beside->deps->report.packages.empty());
}

namespace {

// Every rule evaluated after one pipeline run (`one`), and a second run
// whose deps pass had evaluate_early beside it (`facts`, `early`, and the
// passes it saw), as `check` runs them.
struct SplitRun {
  archgate::core::AuditResult one;
  archgate::rules::EarlyFindings early;
  archgate::analyzers::PassSet seen = 0;
  std::optional<archgate::analyzers::Facts> facts;
};

SplitRun split_run(const archgate::core::Snapshot& snap) {
  namespace an = archgate::analyzers;
  namespace rules = archgate::rules;
  SplitRun run;
  auto popts = offline_options();
  const rules::Selection all;
  const auto wanted = rules::passes_for(all, archgate::core::Settings{});
  auto plain = an::run_pipeline(snap, wanted, popts);
  REQUIRE(plain);
  run.one = rules::evaluate(*plain, all);
  popts.beside_deps = [&](const an::Facts& f, an::PassSet ran) {
    run.seen = ran;
    run.early = rules::evaluate_early(f, all, ran);
  };
  auto facts = an::run_pipeline(snap, wanted, popts);
  REQUIRE(facts);
  run.facts = std::move(*facts);
  return run;
}

}  // namespace

// `check` runs the rule families that need no deps facts beside the deps
// pass (PipelineOptions::beside_deps, rules::evaluate_early); the result is
// the one evaluation after the pipeline gives, finding for finding.
TEST_CASE("pipeline: the rules run beside the deps pass give the same findings", "[pipeline]") {
  namespace an = archgate::analyzers;
  namespace rules = archgate::rules;
  for (const char* name : {"hygiene-findings", "runtime-rules", "example"}) {
    INFO(name);
    auto dir = std::string(name) == "example" ? fixtures_dir() / "example" : fixtures_dir() / "projects" / name;
    archgate::core::WorkingTreeSnapshot snap(dir.string());
    auto run = split_run(snap);
    const auto& one = run.one;
    // It ran with what the passes before deps wrote, and covered the
    // families that need nothing more (the lockfile and runtime rules).
    CHECK((run.seen & an::pass_bit(an::Pass::project)) != 0);
    CHECK((run.seen & an::pass_bit(an::Pass::deps)) == 0);
    CHECK(run.early.families >= 5);
    CHECK(run.early.families < rules::rule_families().size());
    auto split = rules::evaluate(*run.facts, {}, std::move(run.early));

    REQUIRE(one.findings.size() == split.findings.size());
    for (std::size_t i = 0; i < one.findings.size(); ++i) {
      CHECK(one.findings[i].fingerprint == split.findings[i].fingerprint);
      CHECK(one.findings[i].message == split.findings[i].message);
    }
    REQUIRE(one.rules.size() == split.rules.size());
    for (std::size_t i = 0; i < one.rules.size(); ++i) {
      CHECK(one.rules[i].status == split.rules[i].status);
      CHECK(one.rules[i].reason == split.rules[i].reason);
    }
  }
}

// evaluate_early fingerprints its findings among themselves; that holds only
// while no later finding has one of their rules (the occurrence numbers of
// findings that share rule, file and subject count across both parts).
TEST_CASE("pipeline: early fingerprints are redone when a later finding shares their rule", "[pipeline]") {
  namespace an = archgate::analyzers;
  namespace rules = archgate::rules;
  archgate::core::WorkingTreeSnapshot snap((fixtures_dir() / "projects" / "hygiene-findings").string());
  auto run = split_run(snap);
  const auto& one = run.one;
  auto& early = run.early;
  REQUIRE(early.fingerprinted);
  // A finding of a later family, given to the early ones as well.
  auto later = std::find_if(one.findings.begin(), one.findings.end(), [&](const archgate::core::Finding& f) {
    return !std::binary_search(early.rules.begin(), early.rules.end(), f.rule.view());
  });
  REQUIRE(later != one.findings.end());
  early.findings.push_back(*later);
  archgate::core::sort_findings(early.findings);
  archgate::core::assign_fingerprints(early.findings);
  early.rules.emplace_back(later->rule.view());
  std::sort(early.rules.begin(), early.rules.end());
  auto split = rules::evaluate(*run.facts, {}, std::move(early));

  REQUIRE(split.findings.size() == one.findings.size() + 1);
  std::set<std::string> seen;
  for (const auto& f : split.findings) CHECK(seen.insert(f.fingerprint.str()).second);
  // The first of the two keeps the fingerprint the finding has alone.
  CHECK(seen.contains(later->fingerprint.str()));
}

TEST_CASE("pipeline: work beside the deps pass is not started when deps does not run", "[pipeline]") {
  namespace an = archgate::analyzers;
  archgate::core::WorkingTreeSnapshot snap((fixtures_dir() / "projects" / "hygiene-findings").string());
  an::PipelineOptions popts;
  bool started = false;
  popts.beside_deps = [&](const an::Facts&, an::PassSet) { started = true; };
  auto facts = an::run_pipeline(snap, an::pass_bit(an::Pass::runtime), popts);
  REQUIRE(facts);
  CHECK_FALSE(started);
  popts.beside_deps = [](const an::Facts&, an::PassSet) { throw std::runtime_error("beside failed"); };
  popts.registry_cache_dir = (fs::temp_directory_path() / "archgate-no-cache-here").string();
  CHECK_THROWS_WITH(an::run_pipeline(snap, an::pass_bit(an::Pass::deps), popts), "beside failed");
}

// Seen on hedgedoc/hedgedoc (yarn 4) and logto-io/logto (pnpm 9): lockfiles
// that record no install-script flag, with an empty registry cache, showed
// deps/install-script as clean. What runs at install is unknown there.
TEST_CASE("pipeline: install scripts a lockfile does not record are not checked, not clean", "[pipeline][regression]") {
  auto yarn = json::parse(
      run_archgate("check " + project("scripts-yarn") + " --today 2026-11-23 --only 'deps/*' --format json").out);
  CHECK(status_of(yarn, "deps/install-script") != "clean");
  for (const auto& r : yarn["rules"]) {
    if (r["id"] == "deps/install-script") CHECK_THAT(r.value("reason", std::string()), Catch::Contains("records no install-script flags"));
  }
  // npm's lockfile records hasInstallScript: it can say.
  auto npm = json::parse(
      run_archgate("check " + project("scripts-npm") + " --today 2026-11-23 --only 'deps/*' --format json").out);
  for (const auto& r : npm["rules"]) {
    if (r["id"] == "deps/install-script") CHECK_THAT(r.value("reason", std::string()), !Catch::Contains("records no install-script flags"));
  }
}

// Without registry metadata (check with no cache), the deps pass counts the
// registry names from the report's missing list instead of hashing every
// node's name again: the same count as deps::count_registry_names.
TEST_CASE("pipeline: the registry names are counted the same without a cache", "[pipeline]") {
  namespace an = archgate::analyzers;
  for (const char* name : {"hygiene-findings", "deps-basic", "scripts-pnpm", "scripts-yarn", "hygiene-bun", "scripts-bun"}) {
    INFO(name);
    archgate::core::WorkingTreeSnapshot snap((fixtures_dir() / "projects" / name).string());
    auto popts = offline_options();
    popts.registry = an::RegistryAccess::cache_only;
    auto facts = an::run_pipeline(snap, an::pass_bit(an::Pass::deps), popts);
    REQUIRE(facts);
    REQUIRE(facts->deps);
    REQUIRE(facts->project->graph);
    CHECK(facts->deps->with_metadata == 0);
    CHECK(facts->deps->registry_packages == archgate::deps::count_registry_names(*facts->project->graph, {}));
    CHECK(facts->deps->registry_packages > 0);
  }
}
