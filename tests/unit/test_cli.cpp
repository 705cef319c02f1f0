// The archgate binary end to end: exit codes, the JSON contracts, help.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>

#include "test_support.hpp"

using archgate::test::fixtures_dir;
using archgate::test::q;
using archgate::test::run_archgate;
using nlohmann::json;

namespace {

std::filesystem::path project(const std::string& name) { return fixtures_dir() / "projects" / name; }

std::vector<std::string> rule_ids(const json& report) {
  std::vector<std::string> out;
  for (const auto& f : report["findings"]) {
    out.push_back(f["rule"].get<std::string>());
  }
  return out;
}

}  // namespace

TEST_CASE("cli: --version, --help and usage errors", "[cli]") {
  auto v = run_archgate("--version");
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::StartsWith("archgate "));
  auto h = run_archgate("--help");
  CHECK(h.exit_code == 0);
  CHECK_THAT(h.out, Catch::Contains("check") && Catch::Contains("inventory") &&
                        Catch::Contains("explain") && Catch::Contains("Exit codes"));
  auto ch = run_archgate("check --help");
  CHECK(ch.exit_code == 0);
  CHECK_THAT(ch.out, Catch::Contains("--fail-on") && Catch::Contains("--format"));
  auto none = run_archgate("");
  CHECK(none.exit_code == 2);
  auto bad = run_archgate("check --fail-on sometimes " + q(project("clean-npm")));
  CHECK(bad.exit_code == 2);
  auto missing = run_archgate("check /definitely/not/here");
  CHECK(missing.exit_code == 2);
  auto today = run_archgate("check --today 2026-02-30 " + q(project("clean-npm")));
  CHECK(today.exit_code == 2);
  CHECK_THAT(today.err, Catch::Contains("not a valid calendar date"));
}

TEST_CASE("cli: check on a clean project exits 0 with no lockfile findings", "[cli][check]") {
  auto r = run_archgate("check " + q(project("clean-npm")) + " --format json --only 'lockfile/*' --only 'manifest/*'");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  auto j = json::parse(r.out);
  CHECK(j["schemaVersion"] == 3);
  CHECK(j["findings"].empty());
}

TEST_CASE("cli: drift is lockfile/out-of-sync with package.json positions", "[cli][check]") {
  auto r = run_archgate("check " + q(project("drift-npm")) + " --format json --only 'lockfile/*'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto j = json::parse(r.out);
  std::vector<std::string> messages;
  for (const auto& f : j["findings"]) {
    CHECK(f["rule"] == "lockfile/out-of-sync");
    CHECK(f["severity"] == "error");
    CHECK(f["location"]["file"] == "package.json");
    CHECK(f["location"]["line"].get<int>() > 0);
    CHECK(f["location"]["column"].get<int>() > 0);
    messages.push_back(f["message"].get<std::string>());
  }
  REQUIRE(messages.size() == 4);
  CHECK_THAT(messages[0], Catch::Contains("a: package.json wants \"^2.0.0\"") &&
                              Catch::Contains("written for \"^1.0.0\""));
  CHECK_THAT(messages[1], Catch::Contains("missing is declared in dependencies but absent"));
  CHECK_THAT(messages[2], Catch::Contains("aliased is locked at 2.0.0, outside"));
  CHECK_THAT(messages[3], Catch::Contains("c is locked at 1.3.0, outside the declared range \"~1.2.0\""));
  CHECK(j["findings"][0]["location"]["line"] == 5);
  CHECK(j["findings"][0]["location"]["column"] == 5);
}

TEST_CASE("cli: --fail-on decides the exit code", "[cli][check]") {
  auto dir = q(project("multiple-lockfiles")) + " --only 'lockfile/*'";
  auto def = run_archgate("check " + dir);
  CHECK(def.exit_code == 0);
  CHECK_THAT(def.out, Catch::Contains("[lockfile/multiple]"));
  CHECK(run_archgate("check " + dir + " --fail-on warning").exit_code == 1);
  CHECK(run_archgate("check " + q(project("drift-npm")) + " --fail-on none").exit_code == 0);
  // --skip removes findings before the exit code is decided
  CHECK(run_archgate("check " + q(project("drift-npm")) + " --skip 'lockfile/*' --skip 'runtime/*'")
            .exit_code == 0);
}

TEST_CASE("cli: lockfile/missing when dependencies are declared without a lockfile",
          "[cli][check]") {
  auto r = run_archgate("check " + q(project("no-lockfile")) + " --format json --skip 'runtime/*' --skip 'source/*'");
  CHECK(r.exit_code == 1);
  auto j = json::parse(r.out);
  CHECK(rule_ids(j) == std::vector<std::string>{"lockfile/missing"});
  CHECK_THAT(j["findings"][0]["message"].get<std::string>(), Catch::Contains("2 dependencies"));
}

TEST_CASE("cli: bad input is exit 2 with file:line:col, never a silent all-clear",
          "[cli][errors]") {
  auto inv = run_archgate("check " + q(project("invalid-manifest")));
  CHECK(inv.exit_code == 2);
  CHECK_THAT(inv.err, Catch::Contains("archgate: error: package.json:5:3:"));
  CHECK_THAT(inv.out, Catch::Contains("[manifest/invalid]"));

  auto lock = run_archgate("check " + q(project("bad-lockfile")) + " --format json");
  CHECK(lock.exit_code == 2);
  CHECK_THAT(lock.err, Catch::Contains("package-lock.json:2:22: unsupported lockfileVersion 9"));
  auto j = json::parse(lock.out);
  CHECK(j["summary"]["incomplete"] == true);
  CHECK(j["errors"][0]["file"] == "package-lock.json");

  auto inventory = run_archgate("inventory " + q(project("bad-lockfile")));
  CHECK(inventory.exit_code == 2);
  CHECK(inventory.out.empty());

  // a directory where the lockfile should be
  auto tmp = std::filesystem::temp_directory_path() / ("archgate-dirlock-" + std::to_string(::getpid()));
  std::filesystem::remove_all(tmp);
  std::filesystem::create_directories(tmp / "package-lock.json");
  std::ofstream(tmp / "package.json") << R"({"name":"x","dependencies":{"a":"^1"}})";
  auto dirlock = run_archgate("check " + q(tmp));
  CHECK(dirlock.exit_code == 2);
  CHECK_THAT(dirlock.err, Catch::Contains("package-lock.json: is a directory"));
  std::filesystem::remove_all(tmp);
}

TEST_CASE("cli: inventory JSON contract", "[cli][inventory]") {
  auto r = run_archgate("inventory " + q(project("drift-npm")) + " --format json");
  REQUIRE(r.exit_code == 0);
  auto j = json::parse(r.out);
  CHECK(j["schemaVersion"] == 1);
  CHECK(j["lockfile"]["path"] == "package-lock.json");
  CHECK(j["lockfile"]["format"] == "npm-v3");
  REQUIRE(j["packages"].size() == 4);
  CHECK(j["packages"][0] == json::parse(R"({"name":"a","version":"1.4.0","dev":false,"optional":false,"direct":true})"));
  CHECK(j["packages"][2]["name"] == "c");
  CHECK(j["packages"][2]["dev"] == true);
  CHECK(j["packages"][3]["name"] == "real");
  CHECK(j["workspaces"].empty());
  auto text = run_archgate("inventory " + q(project("drift-npm")));
  CHECK_THAT(text.out, Catch::Contains("package-lock.json (npm-v3): 4 packages"));
}

TEST_CASE("cli: --output writes the report to a file", "[cli]") {
  auto out = std::filesystem::temp_directory_path() / ("archgate-out-" + std::to_string(::getpid()) + ".json");
  auto r = run_archgate("check " + q(project("drift-npm")) + " --format json --only lockfile/out-of-sync --output " + q(out));
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  auto j = json::parse(archgate::test::read_file(out));
  CHECK(j["findings"].size() == 4);
  std::filesystem::remove(out);
}

TEST_CASE("cli: explain prints a rule's documentation; unknown rules suggest", "[cli][explain]") {
  auto r = run_archgate("explain lockfile/out-of-sync");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Why:") && Catch::Contains("Fix:"));
  auto list = run_archgate("explain");
  CHECK_THAT(list.out, Catch::Contains("lockfile/missing") && Catch::Contains("manifest/invalid"));
  // The list is a table: every rule's severity starts in one column, however
  // long the longest rule id (the old fixed width fell to one space).
  {
    std::istringstream lines(list.out);
    std::set<std::size_t> severity_columns;
    for (std::string line; std::getline(lines, line) && !line.empty();) {
      auto id_end = line.find(' ');
      severity_columns.insert(line.find_first_not_of(' ', id_end));
    }
    CHECK(severity_columns.size() == 1);
  }
  auto bad = run_archgate("explain lockfile/out-of-synk");
  CHECK(bad.exit_code == 2);
  auto near = run_archgate("explain out-of-sync");
  CHECK(near.exit_code == 2);
  CHECK_THAT(near.err, Catch::Contains("did you mean: lockfile/out-of-sync"));
}

TEST_CASE("cli: the bundled example project reports its planted problems", "[cli][example]") {
  auto r = run_archgate("check " + q(fixtures_dir() / "example") + " --format json --today 2026-11-23");
  CHECK(r.exit_code == 1);
  auto ids = rule_ids(json::parse(r.out));
  CHECK(std::find(ids.begin(), ids.end(), "lockfile/out-of-sync") != ids.end());
}

TEST_CASE("cli: semver prints the satisfying versions like `semver -r`", "[cli][semver]") {
  auto r = run_archgate("semver --range '^1.2.0 || >=3.0.0-beta.1 <3.0.0' 1.2.0 1.9.9 2.0.0 3.0.0-beta.2 3.0.0");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "1.2.0\n1.9.9\n3.0.0-beta.2\n");
  auto none = run_archgate("semver --range '>=5' 1.0.0 4.9.9");
  CHECK(none.exit_code == 1);
  CHECK(none.out.empty());
  auto pre = run_archgate("semver --range '^1.0.0' --include-prerelease 1.1.0-rc.1");
  CHECK(pre.out == "1.1.0-rc.1\n");
  auto loose = run_archgate("semver --range '>=1.2.3' --loose v1.2.4 =1.2.5");
  CHECK(loose.out == "1.2.4\n1.2.5\n");  // printed normalised, as node-semver's CLI does
  auto bad = run_archgate("semver --range 'not a range!!' 1.0.0");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("invalid range"));
}

TEST_CASE("cli: a name declared as peer and dev is compared block by block (regression)",
          "[cli][check]") {
  auto r = run_archgate("check " + q(project("drift-two-blocks")) + " --format json --only 'lockfile/*'");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(json::parse(r.out)["findings"].empty());
}

TEST_CASE("cli: archgate.toml turns rules off, changes severities, and bad settings are exit 2",
          "[cli][config]") {
  namespace fs = std::filesystem;
  auto tmp = fs::temp_directory_path() / ("archgate-config-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  fs::copy(project("drift-npm"), tmp, fs::copy_options::recursive);
  auto base = run_archgate("check " + q(tmp) + " --format json --only 'lockfile/*'");
  REQUIRE(base.exit_code == 1);  // lockfile/out-of-sync is an error by default

  std::ofstream(tmp / "archgate.toml") << "[rules]\n\"lockfile/out-of-sync\" = \"note\"\n";
  auto demoted = run_archgate("check " + q(tmp) + " --format json --only 'lockfile/*'");
  INFO(demoted.out << demoted.err);
  CHECK(demoted.exit_code == 0);
  auto j = json::parse(demoted.out);
  REQUIRE(!j["findings"].empty());
  CHECK(j["findings"][0]["severity"] == "note");

  std::ofstream(tmp / "archgate.toml") << "[rules]\n\"lockfile/*\" = \"off\"\n";
  auto off = run_archgate("check " + q(tmp) + " --format json --only 'lockfile/*'");
  CHECK(off.exit_code == 0);
  CHECK(json::parse(off.out)["findings"].empty());

  std::ofstream(tmp / "archgate.toml") << "[deps]\nunmaintained-days = \"two years\"\n";
  auto bad = run_archgate("check " + q(tmp));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("archgate.toml:2:21: 'unmaintained-days' must be an integer"));

  // --config names another file, which wins over archgate.toml
  std::ofstream(tmp / "strict.toml") << "[rules]\n\"lockfile/out-of-sync\" = \"error\"\n";
  auto strict = run_archgate("check " + q(tmp) + " --config " + q(tmp / "strict.toml") +
                             " --only 'lockfile/*'");
  CHECK(strict.exit_code == 1);
  fs::remove_all(tmp);
}

TEST_CASE("cli: a path after --only, --skip or --fail-on stays the path (regression)", "[cli][check]") {
  // CLI11 let a repeatable option swallow the positional PATH.
  auto r = run_archgate("check --today 2026-12-02 --format json --only 'source/*' " + q(project("no-lockfile")));
  CHECK(r.exit_code != 2);
  r = run_archgate("check --today 2026-12-02 --format json --skip 'runtime/*' --fail-on warning " + q(project("no-lockfile")));
  CHECK(r.exit_code != 2);
  CHECK(r.err.find("matches no rule") == std::string::npos);
}

// Seen on Mintplex-Labs/anything-llm: server/, collector/ and frontend/ are
// separate projects with their own yarn.lock and none at the root; check
// said only "no lockfile was read" and inventory "no lockfile found".
TEST_CASE("cli: lockfiles of separate projects below the root are named", "[cli][regression]") {
  auto dir = std::filesystem::temp_directory_path() / ("archgate-nested-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "server");
  std::filesystem::create_directories(dir / "frontend");
  std::ofstream(dir / "package.json") << R"({"name":"root","private":true})";
  std::ofstream(dir / "server" / "package.json") << R"({"name":"server","dependencies":{"left-pad":"^1.3.0"}})";
  std::ofstream(dir / "server" / "yarn.lock") << "# yarn lockfile v1\n";
  std::ofstream(dir / "frontend" / "package.json") << R"({"name":"frontend"})";
  std::ofstream(dir / "frontend" / "package-lock.json") << R"({"lockfileVersion":3,"packages":{}})";
  auto inv = archgate::test::run_archgate("inventory " + archgate::test::q(dir));
  auto check = archgate::test::run_archgate("check " + archgate::test::q(dir) + " --today 2026-12-03");
  CHECK(inv.exit_code == 2);
  CHECK_THAT(inv.err, Catch::Contains("frontend/package-lock.json, server/yarn.lock are lockfiles of separate projects") &&
                          Catch::Contains("archgate check frontend"));
  CHECK_THAT(check.out, Catch::Contains("are lockfiles of separate projects"));

  // A root that declares dependencies of its own still misses its lockfile.
  std::filesystem::create_directories(dir / "examples" / "demo");
  std::ofstream(dir / "package.json") << R"({"name":"root","private":true,"dependencies":{"express":"^4.21.0"}})";
  std::ofstream(dir / "examples" / "demo" / "package-lock.json") << R"({"lockfileVersion":3,"packages":{}})";
  auto rooted = archgate::test::run_archgate("check " + archgate::test::q(dir) + " --today 2026-12-03 --format json");
  std::filesystem::remove_all(dir);
  auto j = nlohmann::json::parse(rooted.out);
  bool missing = false;
  for (const auto& f : j["findings"]) {
    if (f["rule"] == "lockfile/missing") {
      missing = true;
      CHECK_THAT(f["evidence"][0].get<std::string>(), Catch::Contains("examples/demo/package-lock.json"));
    }
  }
  CHECK(missing);
}
