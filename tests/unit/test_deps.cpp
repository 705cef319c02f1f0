// Dependency scoring: maintenance on recorded (hand-corrected) registry
// documents with a fixed date, install scripts, transitive weight and the
// subtree cap on a hand-built graph, the deps/* findings, and the
// `archgate deps` command against a local registry.
#include <catch2/catch.hpp>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analyzers/deps/scoring.hpp"
#include "analyzers/registry/package_doc.hpp"
#include "core/graph.hpp"
#include "rules/deps_rules.hpp"
#include "test_registry_server.hpp"

using namespace archgate;
using archgate::test::FakeRegistry;
using archgate::test::TempDir;

namespace {

constexpr const char* k_today = "2026-11-20";

registry::PackageMeta fixture_meta(const std::string& file, std::vector<std::string> wanted) {
  auto text = archgate::test::read_file(archgate::test::fixtures_dir() / "registry" / file);
  auto meta = registry::parse_package_doc(text, file, wanted);
  REQUIRE(meta);
  return *meta;
}

// `archgate deps --format json` on fixtures/projects/deps-basic against a
// local registry, with a cache folder of its own; call it with more options.
struct DepsWithCache {
  FakeRegistry server;
  TempDir cache;
  std::string binary = ARCHGATE_BINARY;
  archgate::test::RunResult operator()(const std::string& args) const {
    auto project = archgate::test::fixtures_dir() / "projects/deps-basic";
    std::string env = "npm_config_registry=" + server.url() + " npm_config_userconfig=/dev/null " +
                      "npm_config_globalconfig=/dev/null";
    return archgate::test::run_binary(binary,
                                      "deps " + archgate::test::q(project) + " --today " + k_today +
                                          " --no-advisories --format json --cache-dir " +
                                          archgate::test::q(cache.path()) + " " + args,
                                      env);
  }
};

// A graph built by hand: a root importer and packages at version 1.0.0
// (names are kept alive here: nodes hold views).
struct HandGraph {
  core::DependencyGraph g;
  core::NodeId root = g.add_node(core::Node{.role = core::NodeRole::root});
  std::deque<std::string> names;
  core::NodeId pkg(std::string name) {
    const auto& kept = names.emplace_back(std::move(name));
    core::Node n;
    n.name = kept;
    n.version = "1.0.0";
    n.path = kept;
    return g.add_node(n);
  }
  void edge(core::NodeId from, core::NodeId to, core::EdgeKind kind = core::EdgeKind::prod) {
    g.add_edge(from, g.nodes[to].name, "^1", kind, to);
  }
};

}  // namespace

TEST_CASE("maintenance: a finished small package is never abandoned", "[deps][maintenance]") {
  // ms 2.1.3: last release 2020-12-08, stable, tested, no dependencies.
  auto meta = fixture_meta("ms.json", {"2.1.3"});
  auto f = deps::maintenance_facts(meta, "2.1.3", k_today);
  CHECK(f.last_publish == "2020-12-08");
  CHECK(f.days_since_publish == 2173);
  CHECK(f.releases_730 == 0);
  CHECK(f.finished);
  CHECK(f.majors_behind == 0);
  std::vector<std::string> why;
  auto s = deps::maintenance_score(f, &why);
  CHECK(s == 90);
  CHECK(f.label == "healthy");
  CHECK(std::any_of(why.begin(), why.end(),
                    [](const std::string& l) { return l.find("finished package") != std::string::npos; }));
}

TEST_CASE("maintenance: deprecated packages score 0", "[deps][maintenance]") {
  auto meta = fixture_meta("left-pad.json", {"1.3.0"});
  auto f = deps::maintenance_facts(meta, "1.3.0", k_today);
  CHECK(f.latest_deprecated);
  CHECK(f.deprecated == "use String.prototype.padStart()");
  CHECK(deps::maintenance_score(f) == 0);
  CHECK(f.label == "inactive");
}

TEST_CASE("maintenance: majors behind latest cost points", "[deps][maintenance]") {
  auto meta = fixture_meta("is-number.json", {"6.0.0"});
  auto f = deps::maintenance_facts(meta, "6.0.0", k_today);
  CHECK(f.latest == "7.0.0");
  CHECK(f.majors_behind == 1);
  CHECK(f.finished);
  CHECK(deps::maintenance_score(f) == 80);

  auto types = fixture_meta("@types%2fnode.json", {"22.10.1"});
  auto t = deps::maintenance_facts(types, "22.10.1", k_today);
  CHECK(t.majors_behind == 4);
  CHECK(t.releases_30 == 1);
  CHECK(t.days_since_publish == 3);
  auto at_latest = deps::maintenance_facts(types, types.latest, k_today);
  CHECK(deps::maintenance_score(at_latest) - deps::maintenance_score(t) == 30);  // capped at 3 majors
}

TEST_CASE("maintenance: a stale unstable package is inactive", "[deps][maintenance]") {
  registry::PackageMeta meta;
  meta.name = "old-thing";
  meta.latest = "0.3.1";
  meta.versions = {"0.3.0", "0.3.1"};
  meta.publish_days = {*core::parse_day("2018-01-01"), *core::parse_day("2019-03-01")};
  meta.has_times = true;
  registry::VersionInfo v;
  v.version = "0.3.1";
  v.repository = true;
  meta.details.emplace("0.3.1", v);
  auto f = deps::maintenance_facts(meta, "0.3.1", k_today);
  CHECK_FALSE(f.finished);
  CHECK(deps::maintenance_score(f) == 0);
  CHECK(f.label == "inactive");
  CHECK(f.days_since_publish > 730);
}

TEST_CASE("weight: totals, exclusive packages, depth and the subtree cap", "[deps][weight]") {
  // root -> a, b;  a -> c, d;  b -> d;  d -> e (install script);  c -dev-> x (not installed)
  HandGraph h;
  auto& g = h.g;
  auto a = h.pkg("a");
  auto b = h.pkg("b");
  auto c = h.pkg("c");
  auto d = h.pkg("d");
  auto e = h.pkg("e");
  auto x = h.pkg("x");
  h.edge(h.root, a);
  h.edge(h.root, b, core::EdgeKind::dev);
  h.edge(a, c);
  h.edge(a, d);
  h.edge(b, d);
  h.edge(d, e, core::EdgeKind::optional);
  h.edge(c, x, core::EdgeKind::dev);
  g.finalize();

  deps::MetaMap meta;
  registry::PackageMeta em;
  em.name = "e";
  em.latest = "1.0.0";
  em.versions = {"1.0.0"};
  em.publish_days = {*core::parse_day("2026-11-01")};
  em.has_times = true;
  registry::VersionInfo ev;
  ev.version = "1.0.0";
  ev.repository = true;
  ev.install_scripts = {{"postinstall", "node steal.js"}};
  em.details.emplace("1.0.0", ev);
  meta.emplace("e", em);

  deps::DepsSettings settings;
  settings.today = k_today;
  auto report = deps::analyze_deps(g, meta, settings);
  const auto* pa = report.find("a");
  const auto* pb = report.find("b");
  const auto* pe = report.find("e");
  REQUIRE(pa);
  REQUIRE(pb);
  REQUIRE(pe);
  CHECK(pa->direct);
  CHECK(pb->direct);
  CHECK_FALSE(pe->direct);
  REQUIRE(pa->weight);
  CHECK(pa->weight->total == 4);      // a c d e (x is a dev edge of c)
  CHECK(pa->weight->exclusive == 2);  // a c
  CHECK(pa->weight->depth == 3);      // a -> d -> e
  CHECK(pb->weight->total == 3);
  CHECK(pb->weight->exclusive == 1);
  CHECK(pa->scores.weight == deps::weight_score(4));
  CHECK(pe->scores.install_scripts == 0);
  CHECK(pa->scores.overall == 0);
  CHECK(pa->limited_by == "e@1.0.0 (installScripts 0)");
  CHECK(report.missing_metadata == std::vector<std::string>{"a", "b", "c", "d", "x"});
  CHECK(report.find("x") != nullptr);
  CHECK_FALSE(report.find("x")->direct);

  // check counts the registry names without listing them (no registry cache).
  CHECK(deps::registry_packages(g).size() == 6);
  CHECK(deps::count_registry_names(g) == 6);
  CHECK(deps::count_registry_names(g, [](std::string_view n) { return n != "x"; }) == 5);

  CHECK(deps::weight_score(1) == 100);
  CHECK(deps::weight_score(10) == 75);
  CHECK(deps::weight_score(100) == 50);
  CHECK(deps::weight_score(100000) == 0);
}

TEST_CASE("weight: a direct dependency under another is named by its own score, not its capped one",
          "[deps][weight]") {
  // root -> a, b;  b -> a;  a -> e (install script). a's overall is capped
  // to 0 by e; b must name e (installScripts 0), not a ("maintenance 0"
  // was printed for a package whose maintenance was never scored).
  HandGraph h;
  auto& g = h.g;
  auto a = h.pkg("a");
  auto b = h.pkg("b");
  auto e = h.pkg("e");
  h.edge(h.root, a);
  h.edge(h.root, b);
  h.edge(b, a);
  h.edge(a, e);
  g.finalize();
  g.nodes[e].has_install_script = true;
  deps::DepsSettings settings;
  settings.today = k_today;
  auto report = deps::analyze_deps(g, {}, settings);
  const auto* pa = report.find("a");
  const auto* pb = report.find("b");
  REQUIRE(pa);
  REQUIRE(pb);
  CHECK(pa->limited_by == "e@1.0.0 (installScripts 0)");
  CHECK(pb->limited_by == "e@1.0.0 (installScripts 0)");
  CHECK(pb->scores.overall == 0);
  REQUIRE(pb->weight);
  CHECK(pb->weight->total == 3);
  CHECK(pb->weight->depth == 3);
  CHECK(pb->weight->exclusive == 1);  // b alone: a and e are reached from a too
}

TEST_CASE("weight: more direct dependencies than one 64-walk batch", "[deps][weight]") {
  // 70 direct dependencies d0..d69; d_i -> s_i -> shared; d69 -> deep1 -> deep2.
  HandGraph h;
  auto& g = h.g;
  auto shared = h.pkg("shared");
  core::NodeId last = 0;
  for (int i = 0; i < 70; ++i) {
    auto d = h.pkg("d" + std::to_string(i));
    auto mid = h.pkg("s" + std::to_string(i));
    h.edge(h.root, d);
    h.edge(d, mid);
    h.edge(mid, shared);
    last = d;
  }
  auto deep1 = h.pkg("deep1");
  auto deep2 = h.pkg("deep2");
  h.edge(last, deep1);
  h.edge(deep1, deep2);
  g.finalize();
  deps::DepsSettings settings;
  settings.today = k_today;
  auto report = deps::analyze_deps(g, {}, settings);
  for (int i = 0; i < 70; ++i) {
    const auto* p = report.find("d" + std::to_string(i));
    REQUIRE(p);
    REQUIRE(p->weight);
    INFO("d" << i);
    CHECK(p->weight->total == (i == 69 ? 5 : 3));
    CHECK(p->weight->exclusive == (i == 69 ? 4 : 2));  // all but `shared`
    CHECK(p->weight->depth == 3);
  }
}

TEST_CASE("archgate deps: scores, explain, findings, cache and offline", "[deps][cli]") {
  FakeRegistry server;
  TempDir cache;
  auto project = archgate::test::fixtures_dir() / "projects/deps-basic";
  std::string env = "npm_config_registry=" + server.url() + " npm_config_userconfig=/dev/null " +
                    "npm_config_globalconfig=/dev/null ";
  auto cmd = [&](const std::string& args, const std::filesystem::path& cache_dir) {
    return archgate::test::run_archgate_env(
        env, "deps " + archgate::test::q(project) + " --today " + k_today + " --cache-dir " +
                 archgate::test::q(cache_dir) + " " + args);
  };
  auto r = cmd("--format json", cache.path());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(server.requests() == 5);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["schemaVersion"] == 1);
  std::map<std::string, nlohmann::json> by_name;
  for (const auto& d : j["dependencies"]) {
    by_name[d["name"].get<std::string>()] = d;
  }
  REQUIRE(by_name.size() == 5);
  CHECK(by_name["left-pad"]["scores"]["maintenance"] == 0);
  CHECK(by_name["left-pad"]["facts"]["deprecated"] == "use String.prototype.padStart()");
  CHECK(by_name["ms"]["scores"]["maintenance"] == 90);
  CHECK(by_name["ms"]["facts"]["finished"] == true);
  CHECK(by_name["is-number"]["facts"]["majorsBehind"] == 1);
  CHECK(by_name["esbuild"]["scores"]["installScripts"] == 0);
  CHECK(by_name["esbuild"]["facts"]["installScripts"]["postinstall"] == "node install.js");
  CHECK(by_name["esbuild"]["direct"] == true);
  CHECK(by_name["esbuild"]["dev"] == true);
  CHECK(by_name["ms"]["scores"]["weight"] == 100);
  std::set<std::string> rules;
  for (const auto& f : j["findings"]) {
    rules.insert(f["rule"].get<std::string>() + " " + f["package"].get<std::string>());
  }
  CHECK(rules.count("deps/deprecated left-pad@1.3.0") == 1);
  CHECK(rules.count("deps/install-script esbuild@0.25.0") == 1);
  CHECK(rules.count("deps/unmaintained ms@2.1.3") == 0);  // finished

  // Second run: all from the cache, no request.
  auto text = cmd("", cache.path());
  CHECK(text.exit_code == 0);
  CHECK(server.requests() == 5);
  CHECK(text.out.find("esbuild@0.25.0") != std::string::npos);
  CHECK(text.out.find("postinstall: node install.js") != std::string::npos);

  auto explain = cmd("--offline --explain left-pad", cache.path());
  CHECK(explain.exit_code == 0);
  CHECK(explain.out.find("deprecated") != std::string::npos);
  CHECK(server.requests() == 5);

  auto missing = cmd("--explain no-such-package", cache.path());
  CHECK(missing.exit_code == 2);

  // Offline with a cold cache: says what is missing, scores unknown.
  TempDir cold;
  auto off = cmd("--offline --format json", cold.path());
  CHECK(off.exit_code == 0);
  CHECK(server.requests() == 5);
  CHECK(off.err.find("not in the registry cache") != std::string::npos);
  CHECK(off.err.find("left-pad") != std::string::npos);
  auto oj = nlohmann::json::parse(off.out);
  CHECK(oj["missingMetadata"].size() == 5);
  for (const auto& d : oj["dependencies"]) {
    CHECK(d["scores"]["maintenance"].is_null());
  }

  // check reads the same cache (never the network).
  auto check = archgate::test::run_archgate_env(
      env + "ARCHGATE_CACHE_DIR=" + archgate::test::q(cache.path()) + " ",
      "check " + archgate::test::q(project) + " --today " + k_today +
          " --format json --only 'deps/*'");
  CHECK(server.requests() == 5);
  CHECK(check.out.find("deps/deprecated") != std::string::npos);
  CHECK(check.out.find("deps/install-script") != std::string::npos);
}

TEST_CASE("deps findings: unmaintained threshold and heavy", "[deps][rules]") {
  core::DependencyGraph g;
  auto root = g.add_node(core::Node{.role = core::NodeRole::root});
  core::Node n;
  n.name = "old-thing";
  n.version = "0.3.1";
  auto old = g.add_node(n);
  g.add_edge(root, "old-thing", "^0.3.1", core::EdgeKind::prod, old);
  g.finalize();
  registry::PackageMeta meta;
  meta.name = "old-thing";
  meta.latest = "0.3.1";
  meta.versions = {"0.3.1"};
  meta.publish_days = {*core::parse_day("2025-06-01")};
  meta.has_times = true;
  meta.details.emplace("0.3.1", registry::VersionInfo{.version = "0.3.1", .repository = true,
                                                      .license = "MIT"});
  deps::MetaMap mm{{"old-thing", meta}};

  core::Project project;
  rules::RuleConfig config;
  auto run = [&](int days, int heavy) {
    std::vector<core::Finding> out;
    rules::RuleContext ctx{project, config, out};
    deps::DepsSettings s;
    s.today = k_today;
    s.unmaintained_days = days;
    s.heavy_threshold = heavy;
    auto report = deps::analyze_deps(g, mm, s);
    rules::emit_deps_findings(ctx, report, s);
    std::vector<std::string> ids;
    for (const auto& f : out) {
      ids.push_back(f.rule.str());
    }
    return ids;
  };
  CHECK(run(730, 100).empty());  // 2025-06-01 -> 2026-11-20: 537 days
  CHECK(run(365, 100) == std::vector<std::string>{"deps/unmaintained"});
  // A dependency that brings nothing only through itself is not heavy,
  // whatever the threshold: removing it removes no weight.
  CHECK(run(1000, 1).empty());
}

TEST_CASE("archgate deps: a warm cache answers from the extracted facts, not the documents", "[deps][cli][cache]") {
  DepsWithCache cmd;
  const auto& cache = cmd.cache;
  auto cold = cmd("");
  REQUIRE(cold.exit_code == 0);
  // Beside each document: its .meta and the facts archgate took from it.
  std::vector<std::filesystem::path> bodies;
  std::vector<std::filesystem::path> facts;
  for (const auto& e : std::filesystem::recursive_directory_iterator(cache.path())) {
    if (e.path().extension() == ".json") bodies.push_back(e.path());
    if (e.path().extension() == ".facts") facts.push_back(e.path());
  }
  CHECK(bodies.size() == 5);
  CHECK(facts.size() == 5);
  // The documents are not read again: without them the offline answer is
  // the same, from the facts alone.
  for (const auto& b : bodies) std::filesystem::remove(b);
  auto warm = cmd("--offline");
  REQUIRE(warm.exit_code == 0);
  CHECK(nlohmann::json::parse(warm.out)["dependencies"] == nlohmann::json::parse(cold.out)["dependencies"]);
  CHECK(cmd.server.requests() == 5);
  // Facts made from another version of a document (its .meta changed) are
  // not used: with the document gone too, that package is missing.
  // Both edits go in by rename, as the cache writes: an edit in place would
  // leave the folder's time alone, and a folder that settled while this test
  // ran (two seconds, easily passed under the sanitizers) would answer from
  // its facts pack instead of the edited file.
  auto replace = [](const std::filesystem::path& file, const std::string& text) {
    auto tmp = std::filesystem::path(file).replace_extension(".tmp");
    std::ofstream(tmp, std::ios::binary | std::ios::trunc) << text;
    std::filesystem::rename(tmp, file);
  };
  auto meta = std::filesystem::path(facts.front()).replace_extension(".meta");
  replace(meta, archgate::test::read_file(meta) + "etag \"changed\"\n");
  auto changed = cmd("--offline");
  CHECK(changed.exit_code == 0);
  CHECK(nlohmann::json::parse(changed.out)["missingMetadata"].size() == 1);
  // A facts file of another shape is ignored, never trusted.
  replace(facts.back(), "{\"factsVersion\": 99}");
  auto odd = cmd("--offline");
  CHECK(odd.exit_code == 0);
  CHECK(nlohmann::json::parse(odd.out)["missingMetadata"].size() == 2);
}

TEST_CASE("archgate deps: a settled cache folder answers from its facts pack, and a change in it voids the pack",
          "[deps][cli][cache]") {
  namespace fs = std::filesystem;
  DepsWithCache cmd;
  const auto& cache = cmd.cache;
  auto cold = cmd("");
  REQUIRE(cold.exit_code == 0);
  std::vector<fs::path> facts;
  for (const auto& e : fs::recursive_directory_iterator(cache.path())) {
    if (e.path().extension() == ".json") fs::remove(e.path());  // the documents cannot answer
    if (e.path().extension() == ".facts") facts.push_back(e.path());
  }
  REQUIRE(facts.size() == 5);
  auto folder = facts.front().parent_path();
  fs::path pack = folder.string() + ".facts-pack";
  // A folder written into a moment ago gets no pack: a write in the same
  // clock tick could go unseen.
  REQUIRE(cmd("--offline").exit_code == 0);
  CHECK_FALSE(fs::exists(pack));
  // Settled (untouched for an hour): the run that reads the files writes the pack.
  fs::last_write_time(folder, fs::file_time_type::clock::now() - std::chrono::hours(1));
  auto from_files = cmd("--offline");
  REQUIRE(from_files.exit_code == 0);
  REQUIRE(fs::exists(pack));
  CHECK(nlohmann::json::parse(from_files.out)["dependencies"] == nlohmann::json::parse(cold.out)["dependencies"]);
  // The pack answers: the files are garbage now (written in place, which
  // leaves the folder's time alone), and the answer is the same.
  for (const auto& f : facts) std::ofstream(f, std::ios::binary | std::ios::trunc) << "garbage";
  auto from_pack = cmd("--offline");
  REQUIRE(from_pack.exit_code == 0);
  CHECK(nlohmann::json::parse(from_pack.out)["dependencies"] == nlohmann::json::parse(cold.out)["dependencies"]);
  CHECK(nlohmann::json::parse(from_pack.out)["missingMetadata"].empty());
  // Any write into the folder (the cache always writes by rename) voids the
  // pack: the garbage files are read, and every package is missing.
  {
    std::ofstream(folder / "x.tmp") << "x";
    fs::rename(folder / "x.tmp", folder / "x.meta");
  }
  auto changed = cmd("--offline");
  CHECK(changed.exit_code == 0);
  CHECK(nlohmann::json::parse(changed.out)["missingMetadata"].size() == 5);
}

// The HTTP transport is a module beside the binary (core/http.hpp). A binary
// without it still runs everything offline; asked for the network, it says so
// once, not once per package, and the cache answers.
TEST_CASE("archgate deps: without the HTTP module, one error and the cache answers", "[deps][cli]") {
  namespace fs = std::filesystem;
  DepsWithCache cmd;
  auto cold = cmd("");
  REQUIRE(cold.exit_code == 0);
  auto asked = cmd.server.requests();
  TempDir alone;
  fs::copy_file(ARCHGATE_BINARY, alone.path() / "archgate");
  cmd.binary = (alone.path() / "archgate").string();
  auto r = cmd("");
  INFO(r.err);
  CHECK(r.exit_code == 2);
  std::size_t lines = 0;
  std::istringstream err(r.err);
  for (std::string line; std::getline(err, line);) {
    lines += line.find("archgate-http.so") != std::string::npos ? 1 : 0;
  }
  CHECK(lines == 1);
  CHECK(r.err.find("read from the cache only") != std::string::npos);
  CHECK(cmd.server.requests() == asked);
  CHECK(nlohmann::json::parse(r.out)["dependencies"] == nlohmann::json::parse(cold.out)["dependencies"]);
  // Offline needs no module at all.
  CHECK(cmd("--offline").exit_code == 0);
}
