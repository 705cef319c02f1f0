// Every corpus case in ../shared/corpus: `inventory` equals oracle.json, which
// the package managers' own code produced. One test case per package
// manager; one section per corpus case.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>

#include "analyzers/project_loader.hpp"
#include "core/snapshot.hpp"
#include "reports/inventory_report.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using archgate::test::shared_dir;

namespace {

std::vector<fs::path> corpus_cases(std::string_view format_prefix) {
  std::vector<fs::path> out;
  auto shared = shared_dir();
  if (!shared) {
    return out;
  }
  for (const auto& entry : fs::directory_iterator(*shared / "corpus")) {
    auto oracle = entry.path() / "oracle.json";
    if (!fs::exists(oracle)) {
      continue;
    }
    auto j = nlohmann::json::parse(archgate::test::read_file(oracle));
    if (j.value("format", "").starts_with(format_prefix)) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// A string field of an oracle or inventory object; null or absent reads as
// `fallback` (oracles write `"name": null` for unnamed workspaces).
std::string str_field(const nlohmann::json& j, const char* key, const std::string& fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    return fallback;
  }
  return it->get<std::string>();
}

std::string describe(const nlohmann::json& p) {
  std::string s = p.value("name", "?") + "@" + p.value("version", "?");
  s += p.value("dev", false) ? " dev" : "";
  s += p.value("optional", false) ? " optional" : "";
  s += p.value("direct", false) ? " direct" : "";
  if (p.contains("source")) {
    s += " source=" + p["source"].get<std::string>();
  }
  return s;
}

// Compares the inventory of one corpus case with its oracle; returns the
// differences (empty when equal).
std::vector<std::string> compare_case(const fs::path& dir) {
  std::vector<std::string> diffs;
  auto oracle = nlohmann::json::parse(archgate::test::read_file(dir / "oracle.json"));
  archgate::core::WorkingTreeSnapshot snap(dir.string());
  auto project = archgate::analyzers::load_project(snap);
  if (!project) {
    return {"load failed: " + project.error().to_string()};
  }
  for (const auto& e : project->input_errors) {
    diffs.push_back("input error: " + e.to_string());
  }
  if (!project->graph) {
    diffs.push_back("no graph read");
    return diffs;
  }
  auto inv = archgate::core::make_inventory(*project->graph);
  std::ostringstream ss;
  archgate::reports::write_inventory_json(*project, inv, ss);
  auto mine = nlohmann::json::parse(ss.str());

  std::map<std::string, nlohmann::json> want;
  std::map<std::string, nlohmann::json> got;
  for (const auto& p : oracle["packages"]) {
    want[p["name"].get<std::string>() + "@" + p["version"].get<std::string>()] = p;
  }
  for (const auto& p : mine["packages"]) {
    got[p["name"].get<std::string>() + "@" + p["version"].get<std::string>()] = p;
  }
  for (const auto& [k, w] : want) {
    auto it = got.find(k);
    if (it == got.end()) {
      diffs.push_back("missing: " + describe(w));
    } else if (describe(it->second) != describe(w)) {
      diffs.push_back("differs: want " + describe(w) + ", got " + describe(it->second));
    }
  }
  for (const auto& [k, g] : got) {
    if (!want.contains(k)) {
      diffs.push_back("extra: " + describe(g));
    }
  }
  // Workspaces: name and path (and kind where the oracle gives it).
  std::set<std::string> want_ws;
  std::set<std::string> got_ws;
  for (const auto& w : oracle.value("workspaces", nlohmann::json::array())) {
    want_ws.insert(str_field(w, "name", "") + " at " + str_field(w, "path", "") + " (" +
                   str_field(w, "kind", "workspace") + ")");
  }
  for (const auto& w : mine["workspaces"]) {
    got_ws.insert(str_field(w, "name", "") + " at " + str_field(w, "path", "") + " (" +
                  str_field(w, "kind", "workspace") + ")");
  }
  for (const auto& w : want_ws) {
    if (!got_ws.contains(w)) {
      diffs.push_back("missing workspace: " + w);
    }
  }
  for (const auto& w : got_ws) {
    if (!want_ws.contains(w)) {
      diffs.push_back("extra workspace: " + w);
    }
  }
  return diffs;
}

void check_format(std::string_view prefix) {
  if (!shared_dir()) {
    WARN("../shared/corpus not found: skipping corpus oracle tests for " << prefix);
    return;
  }
  auto cases = corpus_cases(prefix);
  REQUIRE(!cases.empty());
  for (const auto& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      auto diffs = compare_case(dir);
      std::string report;
      for (std::size_t i = 0; i < diffs.size() && i < 25; ++i) {
        report += "  " + diffs[i] + "\n";
      }
      if (diffs.size() > 25) {
        report += "  ... " + std::to_string(diffs.size() - 25) + " more\n";
      }
      INFO(dir.filename().string() << ": " << diffs.size() << " difference(s)\n" << report);
      CHECK(diffs.empty());
    }
  }
}

}  // namespace

TEST_CASE("corpus: npm lockfiles match arborist's oracle", "[corpus][npm]") { check_format("npm-"); }
TEST_CASE("corpus: yarn classic lockfiles match @yarnpkg/lockfile's oracle", "[corpus][yarn]") {
  check_format("yarn-v1");
}
TEST_CASE("corpus: yarn berry lockfiles match @yarnpkg/parsers' oracle", "[corpus][berry]") {
  check_format("yarn-berry");
}
TEST_CASE("corpus: pnpm lockfiles match @pnpm/lockfile.fs's oracle", "[corpus][pnpm]") {
  check_format("pnpm-");
}
TEST_CASE("corpus: bun.lock files match bun's package set", "[corpus][bun]") {
  check_format("bun-");
}
