// runtime/* rules and deps/engines-incompatible: every rule has a fixture
// that triggers it and one that does not (fixtures/projects/runtime-rules),
// and `archgate runtime` on the scattered fixture names every pin, the
// disagreements and the upgrade plan.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "analyzers/project_loader.hpp"
#include "core/node_schedule.hpp"
#include "core/snapshot.hpp"
#include "reports/runtime_report.hpp"
#include "rules/engine.hpp"
#include "test_support.hpp"

using namespace archgate;

namespace {

std::vector<core::Finding> findings_for(const std::filesystem::path& dir,
                                        const std::string& today = "2026-11-22") {
  core::WorkingTreeSnapshot snap(dir.string());
  return test::audit(snap, today).findings;
}

std::set<std::string> rule_ids(const std::vector<core::Finding>& fs) {
  std::set<std::string> out;
  for (const auto& f : fs) {
    out.insert(f.rule.str());
  }
  return out;
}

std::string empty_cache() {
  static auto dir = [] {
    auto p = std::filesystem::temp_directory_path() /
             ("archgate-empty-cache-" + std::to_string(::getpid()));
    std::filesystem::create_directories(p);
    return p;
  }();
  return test::q(dir);
}

}  // namespace

TEST_CASE("every runtime rule has a triggering and a clean fixture", "[runtime][rules]") {
  const std::vector<std::pair<std::string, std::string>> rules = {
      {"ci-not-covering", "runtime/ci-not-covering"},
      {"engines-excludes-pin", "runtime/engines-excludes-pin"},
      {"engines-incompatible", "deps/engines-incompatible"},
      {"engines-too-loose", "runtime/engines-too-loose"},
      {"eol", "runtime/eol"},
      {"eol-soon", "runtime/eol-soon"},
      {"floating", "runtime/floating"},
      {"maintenance-only", "runtime/maintenance-only"},
      {"non-lts", "runtime/non-lts"},
      {"pin-mismatch", "runtime/pin-mismatch"},
      {"security-behind", "runtime/security-behind"},
      {"types-mismatch", "runtime/types-mismatch"},
      {"unpinned", "runtime/unpinned"},
  };
  auto base = test::fixtures_dir() / "projects" / "runtime-rules";
  for (const auto& [dir, rule] : rules) {
    INFO(rule);
    REQUIRE(rules::find_rule(rule) != nullptr);
    auto trig = findings_for(base / dir / "trigger");
    CHECK(rule_ids(trig).contains(rule));
    for (const auto& f : trig) {
      if (f.rule == rule) {
        CHECK_FALSE(f.location.file.empty());
        CHECK(f.location.line > 0);
      }
    }
    auto clean = findings_for(base / dir / "clean");
    CHECK_FALSE(rule_ids(clean).contains(rule));
  }
}

TEST_CASE("every runtime rule is documented", "[runtime][rules]") {
  for (const auto& info : rules::rule_catalog()) {
    std::string id(info.id);
    if (!id.starts_with("runtime/") && id != "deps/engines-incompatible") {
      continue;
    }
    std::string file = id;
    std::replace(file.begin(), file.end(), '/', '-');
    INFO(id);
    CHECK(std::filesystem::exists(test::source_dir() / "docs" / "rules" / (file + ".md")));
  }
}

TEST_CASE("findings depend on --today", "[runtime][rules]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-rules" / "eol" / "trigger";  // .nvmrc 20
  CHECK(rule_ids(findings_for(dir, "2026-04-30")).contains("runtime/eol"));
  auto before = rule_ids(findings_for(dir, "2026-04-29"));
  CHECK_FALSE(before.contains("runtime/eol"));
  CHECK(before.contains("runtime/eol-soon"));
  CHECK(before.contains("runtime/maintenance-only"));
  auto early = rule_ids(findings_for(dir, "2024-01-01"));
  CHECK(early.empty());
}

TEST_CASE("a CI pin on an end-of-life line is a warning, a production pin an error",
          "[runtime][rules]") {
  auto fs = findings_for(test::fixtures_dir() / "projects" / "runtime-scattered");
  bool ci_warning = false;
  bool runtime_error = false;
  for (const auto& f : fs) {
    if (f.rule == "runtime/eol" && f.location.file == ".github/workflows/ci.yml") {
      ci_warning = f.severity == core::Severity::warning;
    }
    if (f.rule == "runtime/eol" && f.location.file == ".nvmrc") {
      runtime_error = f.severity == core::Severity::error;
    }
  }
  CHECK(ci_warning);
  CHECK(runtime_error);
}

TEST_CASE("archgate runtime on scattered pins: pins, statuses, mismatches, plan",
          "[runtime][cli]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-scattered";
  auto run = test::run_archgate("runtime " + test::q(dir) +
                                " --today 2026-11-22 --format json --cache-dir " + empty_cache());
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["today"] == "2026-11-22");
  CHECK(j["schedule"]["source"] == "embedded");

  std::set<std::string> pins;
  for (const auto& p : j["runtime"]["pins"]) {
    pins.insert(p["source"].get<std::string>() + " " + p["file"].get<std::string>() + ":" +
                std::to_string(p["line"].get<int>()) + " " + p["spec"].get<std::string>() + " " +
                (p["major"].is_null() ? "?" : std::to_string(p["major"].get<int>())) + " " +
                p["status"].get<std::string>() + " " +
                (p["end"].is_null() ? "-" : p["end"].get<std::string>()));
  }
  std::set<std::string> want = {
      "github-actions .github/workflows/ci.yml:8 18 18 end-of-life 2025-04-30",
      "github-actions .github/workflows/ci.yml:8 20 20 end-of-life 2026-04-30",
      "github-actions .github/workflows/ci.yml:8 22 22 maintenance-lts 2027-04-30",
      "github-actions .github/workflows/ci.yml:23 file:.nvmrc 20 end-of-life 2026-04-30",
      "gitlab-ci .gitlab-ci.yml:5 node:20 20 end-of-life 2026-04-30",
      "gitlab-ci .gitlab-ci.yml:14 node:lts-alpine 26 active-lts 2029-04-30",
      "nvmrc .nvmrc:1 20 20 end-of-life 2026-04-30",
      "tool-versions .tool-versions:2 22.11.0 22 maintenance-lts 2027-04-30",
      "dockerfile Dockerfile:5 node:20-alpine3.20 20 end-of-life 2026-04-30",
      "dockerfile Dockerfile:12 node:22.11.0-slim 22 maintenance-lts 2027-04-30",
      "compose docker-compose.yml:7 node:22-alpine 22 maintenance-lts 2027-04-30",
      "engines package.json:7 >=18 18 end-of-life 2025-04-30",
      "volta package.json:10 20.11.1 20 end-of-life 2026-04-30",
      "types-node package.json:13 ^24.0.0 24 maintenance-lts 2028-04-30",
      "engines packages/api/package.json:5 ^22.0.0 22 maintenance-lts 2027-04-30",
  };
  CHECK(pins == want);
  CHECK(j["runtime"]["production"] == nlohmann::json::array({20, 22}));

  std::multiset<std::string> findings;
  for (const auto& f : j["findings"]) {
    findings.insert(f["rule"].get<std::string>() + " " + f["location"]["file"].get<std::string>() +
                    ":" + std::to_string(f["location"]["line"].get<int>()));
  }
  // The disagreements: three pins on 20 against three on 22.
  CHECK(findings.count("runtime/pin-mismatch .nvmrc:1") == 1);
  CHECK(findings.count("runtime/pin-mismatch Dockerfile:5") == 1);
  CHECK(findings.count("runtime/pin-mismatch package.json:10") == 1);
  CHECK(findings.count("runtime/eol .nvmrc:1") == 1);
  CHECK(findings.count("runtime/eol Dockerfile:5") == 1);
  CHECK(findings.count("runtime/engines-too-loose package.json:7") == 1);
  CHECK(findings.count("runtime/engines-excludes-pin packages/api/package.json:5") == 3);
  CHECK(findings.count("runtime/types-mismatch package.json:13") == 1);
  CHECK(findings.count("runtime/security-behind Dockerfile:12") == 1);
  CHECK(findings.count("runtime/eol-soon docker-compose.yml:7") == 1);
  CHECK(findings.count("runtime/maintenance-only .tool-versions:2") == 1);
  CHECK(findings.count("runtime/eol .github/workflows/ci.yml:23") == 0);  // judged at .nvmrc

  const auto& plan = j["runtime"]["plan"];
  CHECK(plan["urgency"] == "overdue");
  CHECK(plan["target"] == 26);
  CHECK(plan["target_codename"] == "Lithium");
  CHECK(plan["target_status"] == "active-lts");
  CHECK(plan["deadline"] == "2026-04-30");
  std::set<std::string> changes;
  for (const auto& c : plan["changes"]) {
    changes.insert(c["file"].get<std::string>() + ":" + std::to_string(c["line"].get<int>()) +
                   " " + c["current"].get<std::string>() + " -> " +
                   c["proposed"].get<std::string>());
  }
  for (const char* must : {".nvmrc:1 20 -> 26", "Dockerfile:2 20 -> 26",
                           "Dockerfile:12 node:22.11.0-slim -> node:26.13.0-slim",
                           "docker-compose.yml:7 node:22-alpine -> node:26-alpine",
                           ".tool-versions:2 22.11.0 -> 26.13.0", "package.json:10 20.11.1 -> 26.13.0",
                           "package.json:7 >=18 -> >=22", "package.json:13 ^24.0.0 -> ^26.0.0",
                           "packages/api/package.json:5 ^22.0.0 -> >=22",
                           ".gitlab-ci.yml:2 20 -> 26",
                           ".github/workflows/ci.yml:8 matrix node -> add 26"}) {
    INFO(must);
    CHECK(changes.contains(must));
  }
}

// Seen on louislam/uptime-kuma: a matrix whose one entry is end-of-life was
// told "20 -> (remove)" because another workflow tests the target line,
// which would leave the job an empty matrix.
TEST_CASE("runtime plan: the last entry of a matrix moves instead of being removed", "[runtime][regression]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-lone-matrix";
  auto r = test::run_archgate("runtime " + test::q(dir) + " --today 2026-12-04 --format json --cache-dir " + empty_cache());
  REQUIRE(r.exit_code == 0);
  auto j = nlohmann::json::parse(r.out);
  std::set<std::string> changes;
  for (const auto& c : j["runtime"]["plan"]["changes"]) {
    changes.insert(c["file"].get<std::string>() + ":" + std::to_string(c["line"].get<int>()) + " " +
                   c["current"].get<std::string>() + " -> " + c["proposed"].get<std::string>());
  }
  CHECK(changes.contains(".github/workflows/triage.yml:8 20 -> 26"));
  CHECK(changes.contains(".github/workflows/ci.yml:8 20 -> (remove)"));  // 26 stays beside it
}

TEST_CASE("archgate runtime text output and exit codes", "[runtime][cli]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-scattered";
  auto text = test::run_archgate("runtime " + test::q(dir) + " --today 2026-11-22 --cache-dir " +
                                 empty_cache());
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("Dockerfile:5") != std::string::npos);
  CHECK(text.out.find("Upgrade plan: overdue") != std::string::npos);
  CHECK(text.out.find("target: Node 26 (Lithium)") != std::string::npos);
  auto gated = test::run_archgate("runtime " + test::q(dir) +
                                  " --today 2026-11-22 --fail-on error --cache-dir " +
                                  empty_cache());
  CHECK(gated.exit_code == 1);
  auto clean = test::fixtures_dir() / "projects" / "runtime-rules" / "eol" / "clean";
  auto ok = test::run_archgate("runtime " + test::q(clean) +
                               " --today 2026-11-22 --fail-on warning --cache-dir " +
                               empty_cache());
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("Upgrade plan: none") != std::string::npos);
}

TEST_CASE("archgate check reports runtime findings", "[runtime][cli]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-rules" / "eol" / "trigger";
  auto run = test::run_archgate("check " + test::q(dir) + " --today 2026-11-22 --format json");
  auto j = nlohmann::json::parse(run.out);
  bool found = false;
  for (const auto& f : j["findings"]) {
    found = found || f["rule"] == "runtime/eol";
  }
  CHECK(found);
  CHECK(run.exit_code == 1);
}

TEST_CASE("a malformed CI file is an error with its position, the rest is still analysed",
          "[runtime][cli]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-broken-ci";
  auto run = test::run_archgate("runtime " + test::q(dir) +
                                " --today 2026-11-22 --format json --cache-dir " + empty_cache());
  CHECK(run.exit_code == 2);
  CHECK(run.err.find(".gitlab-ci.yml:") != std::string::npos);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["runtime"]["pins"].size() == 1);
  CHECK(j["errors"].size() == 1);
  // `check` treats the unreadable input the same way: exit 2, the error
  // with its position, and the findings it could still compute.
  auto check = test::run_archgate("check " + test::q(dir) + " --today 2026-11-22 --format json");
  CHECK(check.exit_code == 2);
  CHECK(check.err.find(".gitlab-ci.yml:") != std::string::npos);
  auto c = nlohmann::json::parse(check.out);
  REQUIRE(c["errors"].size() == 1);
  CHECK(c["errors"][0]["file"] == ".gitlab-ci.yml");
  CHECK(c["errors"][0]["line"].get<int>() > 0);
  CHECK(c["summary"]["incomplete"] == true);
}

TEST_CASE("archgate runtime text output matches the golden file", "[runtime][golden]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-scattered";
  auto run = test::run_archgate("runtime " + test::q(dir) + " --today 2026-11-22 --cache-dir " +
                                empty_cache());
  REQUIRE(run.exit_code == 0);
  std::string out = run.out;
  const std::string abs = dir.string();
  for (auto pos = out.find(abs); pos != std::string::npos; pos = out.find(abs)) {
    out.replace(pos, abs.size(), "fixtures/projects/runtime-scattered");
  }
  auto golden = dir / "expected-runtime.txt";
  if (std::getenv("ARCHGATE_UPDATE_GOLDENS")) {
    std::ofstream(golden, std::ios::binary) << out;
  }
  CHECK(out == test::read_file(golden));
}

// Seen on hoppscotch/hoppscotch: `archgate runtime` printed 511
// deps/engines-incompatible lines, one per package, where `check` prints
// one line per pin they conflict with.
TEST_CASE("archgate runtime text: a stated cause shared by three or more findings is one line", "[runtime]") {
  core::runtime::RuntimeAnalysis a;
  reports::RuntimeReport rep;
  rep.analysis = &a;
  for (int i = 0; i < 4; ++i) {
    core::Finding f;
    f.rule = "deps/engines-incompatible";
    f.severity = core::Severity::warning;
    f.location = {"pnpm-lock.yaml", 10 + i, 3};
    f.package = "p" + std::to_string(i) + "@1.0.0";
    f.message = f.package + " requires node \">=18\" but the runtime is Node 14 (netlify.toml:2)";
    f.cause = "packages require a Node.js range that excludes Node 14 (netlify.toml:2)";
    rep.findings.push_back(f);
  }
  for (int i = 0; i < 3; ++i) {
    core::Finding f;
    f.rule = "runtime/engines-excludes-pin";
    f.severity = core::Severity::error;
    f.location = {"package.json", 5, 5};
    f.message = "engines.node excludes pin " + std::to_string(i);
    rep.findings.push_back(f);
  }
  std::ostringstream out;
  reports::write_runtime_text(rep, out);
  auto text = out.str();
  INFO(text);
  CHECK_THAT(text, Catch::Contains("pnpm-lock.yaml:10:3: warning: 4 packages require a Node.js range that excludes "
                                   "Node 14 (netlify.toml:2), e.g. p0@1.0.0, p1@1.0.0, p2@1.0.0, … "
                                   "[deps/engines-incompatible]"));
  CHECK_THAT(text, !Catch::Contains("p3@1.0.0 requires"));
  // Without a stated cause each keeps its line (each names its own pin).
  for (int i = 0; i < 3; ++i) CHECK_THAT(text, Catch::Contains("engines.node excludes pin " + std::to_string(i)));
}

TEST_CASE("the plan for an unpinned project adds a pin", "[runtime][cli]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-rules" / "unpinned" / "trigger";
  auto run = test::run_archgate("runtime " + test::q(dir) +
                                " --today 2026-11-22 --format json --cache-dir " + empty_cache());
  REQUIRE(run.exit_code == 0);
  auto j = nlohmann::json::parse(run.out);
  const auto& plan = j["runtime"]["plan"];
  CHECK(plan["urgency"] == "pin");
  bool adds_nvmrc = false;
  for (const auto& c : plan["changes"]) {
    adds_nvmrc = adds_nvmrc || (c["file"] == ".nvmrc" && c["proposed"] == "26");
  }
  CHECK(adds_nvmrc);
}

// Issue "Gaps found on other projects' lockfiles", item 6: .nvmrc on 20, the
// Dockerfile's final stage on 22, @types/node on 20: the types match the
// development pin but not what the deployed image runs.
TEST_CASE("runtime/types-mismatch is judged against the deployed line when pins disagree",
          "[runtime][rules]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-rules" / "types-mismatch" / "deployed";
  auto fs = findings_for(dir);
  const core::Finding* types = nullptr;
  bool mismatch = false;
  for (const auto& f : fs) {
    if (f.rule == "runtime/types-mismatch") {
      types = &f;
    }
    mismatch = mismatch || f.rule == "runtime/pin-mismatch";
  }
  REQUIRE(types != nullptr);
  CHECK(types->location.file == "package.json");
  CHECK_THAT(types->message, Catch::Contains("the deployed image runs Node 22 (Dockerfile:6)"));
  CHECK(mismatch);
}

// Seen on logto-io/logto and openstatusHQ/openstatus: "What to fix first"
// put packages that require ^20.9.0 under a Node 22 pin (raising the pin
// cannot clear them), and a win32-only optional package was incompatible
// with a Dockerfile's Linux image it never installs in.
TEST_CASE("deps/engines-incompatible: the pin is the one fix only when a newer line fits; other OSes skip images",
          "[runtime][rules][regression]") {
  core::MemorySnapshot snap;
  snap.add("package.json", R"({"name":"app","version":"1.0.0","private":true,
    "dependencies":{"old-lib":"^1.0.0","new-lib":"^1.0.0","win-bin":"^1.0.0","not-mac":"^1.0.0"}})");
  snap.add("Dockerfile", "FROM node:22-alpine\nCMD node index.js\n");
  snap.add("package-lock.json", R"({"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{
    "":{"name":"app","version":"1.0.0","dependencies":{"old-lib":"^1.0.0","new-lib":"^1.0.0","win-bin":"^1.0.0"}},
    "node_modules/old-lib":{"version":"1.0.0","resolved":"https://registry.npmjs.org/old-lib/-/old-lib-1.0.0.tgz","integrity":"sha512-AAAA","engines":{"node":"^20.9.0"}},
    "node_modules/new-lib":{"version":"1.0.0","resolved":"https://registry.npmjs.org/new-lib/-/new-lib-1.0.0.tgz","integrity":"sha512-AAAA","engines":{"node":">=24"}},
    "node_modules/win-bin":{"version":"1.0.0","resolved":"https://registry.npmjs.org/win-bin/-/win-bin-1.0.0.tgz","integrity":"sha512-AAAA","engines":{"node":">=24"},"os":["win32"],"optional":true},
    "node_modules/not-mac":{"version":"1.0.0","resolved":"https://registry.npmjs.org/not-mac/-/not-mac-1.0.0.tgz","integrity":"sha512-AAAA","engines":{"node":">=24"},"os":["!darwin"]}}})");
  auto fs = test::audit(snap, "2026-11-22").findings;
  std::map<std::string, std::string> root_of;
  for (const auto& f : fs) {
    if (f.rule == "deps/engines-incompatible") root_of[f.package] = f.root.str();
  }
  REQUIRE(root_of.count("old-lib@1.0.0"));
  REQUIRE(root_of.count("new-lib@1.0.0"));
  CHECK(root_of["old-lib@1.0.0"].empty());  // Node 22 → 24 does not satisfy ^20.9.0
  CHECK_THAT(root_of["new-lib@1.0.0"], Catch::Contains("Dockerfile"));
  CHECK_FALSE(root_of.count("win-bin@1.0.0"));
  CHECK(root_of.count("not-mac@1.0.0"));  // "!darwin" installs on Linux
}

// Seen on Unleash/unleash, hoppscotch/hoppscotch and FlowiseAI/Flowise: an
// e2e compose file under .github/ was a production pin that disagreed with
// the image (the run's only error), a static site's netlify.toml on Node 14
// was an end-of-life production runtime, the types remedy named "^22" for a
// Node 24 runtime, and the plan proposed `node:alpine:26` and lowered
// `^24` to `>=22`.
TEST_CASE("runtime: development images and static-site builds are not production; plan keeps shapes and floors",
          "[runtime][rules][regression]") {
  auto dir = test::fixtures_dir() / "projects" / "runtime-dev-images";
  auto run = test::run_archgate("runtime " + test::q(dir) + " --today 2026-12-03 --format json --cache-dir " +
                                empty_cache());
  INFO(run.err);
  auto j = nlohmann::json::parse(run.out);
  std::set<std::string> roles;
  for (const auto& p : j["runtime"]["pins"]) {
    roles.insert(p["file"].get<std::string>() + " " + p["role"].get<std::string>());
  }
  CHECK(roles.contains(".github/docker-compose.test.yml dev"));
  CHECK(roles.contains("netlify.toml build"));
  CHECK(roles.contains("Dockerfile runtime"));
  CHECK(j["runtime"]["production"] == nlohmann::json::array({24}));
  std::map<std::string, std::string> severity;
  std::string types_fix;
  for (const auto& f : j["findings"]) {
    severity[f["rule"].get<std::string>() + " " + f["location"]["file"].get<std::string>()] =
        f["severity"].get<std::string>();
    if (f["rule"] == "runtime/types-mismatch") types_fix = f.value("remediation", "");
  }
  CHECK_FALSE(severity.contains("runtime/pin-mismatch .github/docker-compose.test.yml"));
  CHECK(severity["runtime/eol netlify.toml"] == "warning");
  CHECK(severity["runtime/engines-excludes-pin package.json"] == "warning");
  CHECK_THAT(types_fix, Catch::Contains("\"^24\""));

  // The checklist item is partial, not failed, on non-production pins.
  auto check = test::run_archgate("check " + test::q(dir) + " --today 2026-12-03 --format json");
  auto c = nlohmann::json::parse(check.out);
  bool found = false;
  for (const auto& item : c["checklist"]) {
    if (item["id"] != "runtime-pins") continue;
    found = true;
    CHECK(item["verdict"] == "partial");
  }
  CHECK(found);

  // The plan: a variant tag keeps its variant, a range keeps its floor.
  auto tmp = std::filesystem::temp_directory_path() / ("archgate-plan-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  std::ofstream(tmp / "package.json") << R"({"name":"p","version":"1.0.0","engines":{"node":"^24"}})";
  std::ofstream(tmp / "Dockerfile") << "FROM node:alpine\nCMD node index.js\n";
  auto plan_run = test::run_archgate("runtime " + test::q(tmp) + " --today 2026-12-03 --format json --cache-dir " +
                                     empty_cache());
  std::filesystem::remove_all(tmp);
  auto plan = nlohmann::json::parse(plan_run.out)["runtime"]["plan"];
  std::set<std::string> changes;
  for (const auto& ch : plan["changes"]) {
    changes.insert(ch["file"].get<std::string>() + " " + ch["current"].get<std::string>() + " -> " +
                   ch["proposed"].get<std::string>());
  }
  INFO(plan.dump());
  CHECK(changes.contains("Dockerfile node:alpine -> node:26-alpine"));
  CHECK(changes.contains("package.json ^24 -> >=24"));
}

TEST_CASE("runtime/unpinned: a Node pinned only for the build is pinned", "[runtime][rules][regression]") {
  // Seen on excalidraw: the image builds with FROM node:24@sha256:... and
  // serves the output from nginx. Node runs only the build, and the
  // Dockerfile pins it; "no file pins the Node.js runtime" was wrong.
  core::MemorySnapshot snap;
  snap.add("package.json", R"({"name": "site", "version": "1.0.0", "engines": {"node": ">=18"}})");
  snap.add("Dockerfile", "FROM node:24 AS build\nWORKDIR /app\nCOPY . .\nRUN yarn --frozen-lockfile && yarn build\n"
                         "FROM nginx:1.27-alpine\nCOPY --from=build /app/build /usr/share/nginx/html\n");
  CHECK_FALSE(rule_ids(test::audit(snap, "2026-12-04").findings).contains("runtime/unpinned"));
  core::MemorySnapshot bare;
  bare.add("package.json", R"({"name": "site", "version": "1.0.0", "engines": {"node": ">=18"}})");
  bare.add("Dockerfile", "FROM nginx:1.27-alpine\nCOPY build /usr/share/nginx/html\n");
  CHECK(rule_ids(test::audit(bare, "2026-12-04").findings).contains("runtime/unpinned"));
}
