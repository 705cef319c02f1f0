// pnpm/pnpm-lock reader: every corpus case against its oracle (null-safe),
// the YAML subset scanner against libfyaml, fixtures for each lockfile
// version and protocol, and malformed input -> file:line:col errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "analyzers/lockfiles/pnpm_yaml.hpp"
#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/project_loader.hpp"
#include "core/json_util.hpp"
#include "core/snapshot.hpp"
#include "test_support.hpp"

using namespace archgate;
namespace fs = std::filesystem;

namespace {

core::Result<core::DependencyGraph> read_pnpm(std::string_view text) {
  const auto* reader = analyzers::find_reader("pnpm-lock.yaml", text);
  REQUIRE(reader != nullptr);
  REQUIRE(reader->id() == "pnpm/pnpm-lock");
  analyzers::LockfileInput in;
  in.path = "pnpm-lock.yaml";
  in.content = core::json::padded_copy(text);
  return reader->read(in);
}

std::string fixture(const std::string& name) {
  return test::read_file(test::fixtures_dir() / "lockfiles/pnpm" / name);
}

core::DependencyGraph read_fixture(const std::string& name) {
  auto g = read_pnpm(fixture(name));
  if (!g) {
    FAIL(g.error().to_string());
  }
  return std::move(*g);
}

const core::Node* find_node(const core::DependencyGraph& g, std::string_view name,
                            std::string_view version) {
  for (const auto& n : g.nodes) {
    if (n.name == name && n.version == version && n.role == core::NodeRole::package) {
      return &n;
    }
  }
  return nullptr;
}

core::NodeId root_id(const core::DependencyGraph& g) {
  for (core::NodeId i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].role == core::NodeRole::root) {
      return i;
    }
  }
  return core::k_no_node;
}

const core::Edge* edge(const core::DependencyGraph& g, core::NodeId from, std::string_view name) {
  for (const auto& e : g.out_edges(from)) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

std::size_t package_count(const core::DependencyGraph& g) {
  return static_cast<std::size_t>(std::count_if(g.nodes.begin(), g.nodes.end(), [](const auto& n) {
    return n.role == core::NodeRole::package;
  }));
}

std::string s_(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

std::string describe(const nlohmann::json& p) {
  std::string s = s_(p, "name") + "@" + s_(p, "version");
  s += p.value("dev", false) ? " dev" : "";
  s += p.value("optional", false) ? " optional" : "";
  s += p.value("direct", false) ? " direct" : "";
  if (p.contains("source")) {
    s += " source=" + s_(p, "source");
  }
  return s;
}

// Differences between the inventory of a corpus case and its oracle,
// including workspace names (null in the oracle = no name) and the
// install-script list.
std::vector<std::string> compare_with_oracle(const fs::path& dir) {
  std::vector<std::string> diffs;
  auto oracle = nlohmann::json::parse(test::read_file(dir / "oracle.json"));
  core::WorkingTreeSnapshot snap(dir.string());
  auto project = analyzers::load_project(snap);
  if (!project) {
    return {"load failed: " + project.error().to_string()};
  }
  for (const auto& e : project->input_errors) {
    diffs.push_back("input error: " + e.to_string());
  }
  if (!project->graph) {
    diffs.push_back("no graph");
    return diffs;
  }
  const auto& g = *project->graph;
  auto inv = core::make_inventory(g);
  std::map<std::string, std::string> want;
  std::map<std::string, std::string> got;
  for (const auto& p : oracle["packages"]) {
    want[s_(p, "name") + "@" + s_(p, "version")] = describe(p);
  }
  for (const auto& p : inv.packages) {
    nlohmann::json j = {{"name", p.name}, {"version", p.version}, {"dev", p.dev},
                        {"optional", p.optional}, {"direct", p.direct}};
    if (p.source != core::Source::registry) {
      j["source"] = std::string(core::to_string(p.source));
    }
    got[std::string(p.name) + "@" + std::string(p.version)] = describe(j);
  }
  for (const auto& [k, w] : want) {
    auto it = got.find(k);
    if (it == got.end()) {
      diffs.push_back("missing: " + w);
    } else if (it->second != w) {
      diffs.push_back("differs: want " + w + ", got " + it->second);
    }
  }
  for (const auto& [k, v] : got) {
    if (!want.contains(k)) {
      diffs.push_back("extra: " + v);
    }
  }
  std::set<std::string> want_ws;
  std::set<std::string> got_ws;
  for (const auto& w : oracle.value("workspaces", nlohmann::json::array())) {
    want_ws.insert(s_(w, "name") + " at " + s_(w, "path") + " (" +
                   (s_(w, "kind").empty() ? "workspace" : s_(w, "kind")) + ")");
  }
  for (const auto& w : inv.workspaces) {
    got_ws.insert(w.name + " at " + w.path + " (" + w.kind + ")");
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
  if (oracle.value("install_scripts_recorded", false) != g.install_scripts_recorded) {
    diffs.push_back("install_scripts_recorded differs");
  }
  std::set<std::string> want_scripts;
  for (const auto& s : oracle.value("install_scripts", nlohmann::json::array())) {
    want_scripts.insert(s.get<std::string>());
  }
  std::set<std::string> got_scripts;
  for (const auto& n : g.nodes) {
    if (n.role == core::NodeRole::package && n.has_install_script.value_or(false)) {
      got_scripts.insert(std::string(n.name) + "@" + std::string(n.version));
    }
  }
  if (want_scripts != got_scripts) {
    diffs.push_back("install_scripts differ: want " + std::to_string(want_scripts.size()) +
                    ", got " + std::to_string(got_scripts.size()));
  }
  return diffs;
}

std::vector<fs::path> pnpm_cases() {
  std::vector<fs::path> out;
  auto shared = test::shared_dir();
  if (!shared) {
    return out;
  }
  for (const auto& entry : fs::directory_iterator(*shared / "corpus")) {
    if (fs::exists(entry.path() / "pnpm-lock.yaml") && fs::exists(entry.path() / "oracle.json")) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The project document of a pnpm lockfile, as the reader picks it.
std::pair<std::size_t, std::size_t> project_document(std::string_view text) {
  if (text.starts_with("---\n")) {
    auto sep = text.find("\n---\n", 3);
    if (sep == std::string_view::npos) {
      return {text.size(), 0};
    }
    return {sep + 5, text.size() - sep - 5};
  }
  return {0, text.size()};
}

// Scanner (or the 13.0 JSON reader) vs libfyaml on one text: same tree.
void check_differential(const std::string& label, const std::string& text) {
  auto [begin, size] = project_document(text);
  core::StringArena a1;
  core::StringArena a2;
  std::string fast;
  bool json_like = text.find_first_not_of(" \t\r\n", begin) != std::string::npos &&
                   text[text.find_first_not_of(" \t\r\n", begin)] == '{';
  if (json_like) {
    auto t = analyzers::pnpm::parse_flow_json("x", text, begin, size, a1);
    REQUIRE(t);
    fast = analyzers::pnpm::dump_tree(*t);
  } else {
    auto s = analyzers::pnpm::scan_block_yaml(text, begin, size, a1);
    INFO(label << ": scanner left the subset at offset " << s.unsupported_offset << ": "
               << s.unsupported_reason);
    REQUIRE(s.tree);
    fast = analyzers::pnpm::dump_tree(*s.tree);
  }
  auto slow = analyzers::pnpm::parse_yaml_events("x", text, begin, size, a2);
  if (!slow) {
    FAIL(label << ": libfyaml: " << slow.error().to_string());
  }
  auto ref = analyzers::pnpm::dump_tree(*slow);
  INFO(label);
  CHECK(fast.size() == ref.size());
  if (fast != ref) {
    std::size_t i = 0;
    while (i < fast.size() && i < ref.size() && fast[i] == ref[i]) {
      ++i;
    }
    auto from = i > 200 ? i - 200 : 0;
    FAIL(label << ": trees differ at " << i << "\nscanner: " << fast.substr(from, 300)
               << "\nlibfyaml: " << ref.substr(from, 300));
  }
}

std::string error_of(std::string_view text) {
  auto g = read_pnpm(text);
  REQUIRE_FALSE(g);
  return g.error().to_string();
}

}  // namespace

TEST_CASE("pnpm: every corpus case matches its oracle (null-safe workspace names, install scripts)",
          "[pnpm][corpus]") {
  if (!test::shared_dir()) {
    WARN("../shared/corpus not found: skipping pnpm oracle comparison");
    return;
  }
  auto cases = pnpm_cases();
  REQUIRE(cases.size() >= 12);
  for (const auto& dir : cases) {
    DYNAMIC_SECTION(dir.filename().string()) {
      auto diffs = compare_with_oracle(dir);
      std::string report;
      for (std::size_t i = 0; i < diffs.size() && i < 25; ++i) {
        report += "  " + diffs[i] + "\n";
      }
      INFO(dir.filename().string() << ": " << diffs.size() << " difference(s)\n" << report);
      CHECK(diffs.empty());
    }
  }
}

TEST_CASE("pnpm: the subset scanner and libfyaml build the same tree", "[pnpm][yaml]") {
  for (const char* f : {"v5.4-single.yaml", "v6.0-workspace.yaml", "v9.0-protocols.yaml",
                        "v9.0-two-documents.yaml", "tricky.yaml", "crlf.yaml"}) {
    check_differential(f, fixture(f));
  }
  if (!test::shared_dir()) {
    WARN("../shared/corpus not found: differential test on fixtures only");
    return;
  }
  for (const auto& dir : pnpm_cases()) {
    check_differential(dir.filename().string(), test::read_file(dir / "pnpm-lock.yaml"));
  }
}

TEST_CASE("pnpm: long runs of '' escapes read the same through libfyaml (fuzzer regression)", "[pnpm][yaml]") {
  // libfyaml 0.8's chunked token text returned 64 quotes for 33 escaped
  // ones; the fallback decodes one-line single-quoted scalars itself.
  std::string run(66, '\'');
  std::string text = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      'a" + run +
                     "':\n        specifier: 'x''y'\n        version: 1.0.0\n";
  check_differential("quote runs", text);
  core::StringArena arena;
  auto [begin, size] = project_document(text);
  auto slow = analyzers::pnpm::parse_yaml_events("x", text, begin, size, arena);
  REQUIRE(slow);
  auto dump = analyzers::pnpm::dump_tree(*slow);
  CHECK(dump.find("a" + std::string(33, '\'')) != std::string::npos);
  CHECK(dump.find("a" + std::string(34, '\'')) == std::string::npos);
  CHECK(dump.find("x'y") != std::string::npos);
}

TEST_CASE("pnpm: text outside the subset goes through libfyaml", "[pnpm][yaml]") {
  auto text = fixture("fallback.yaml");
  core::StringArena arena;
  auto s = analyzers::pnpm::scan_block_yaml(text, 0, text.size(), arena);
  CHECK_FALSE(s.tree);
  auto t = analyzers::pnpm::parse_pnpm_yaml("x", text, 0, text.size(), arena);
  REQUIRE(t);
  CHECK(t->used_fallback);
  auto g = read_fixture("fallback.yaml");
  const auto* old = find_node(g, "old", "1.0.0");
  REQUIRE(old);
  CHECK(old->deprecated == "This package is no longer maintained.\nUse new instead.\n");
  CHECK(old->engines_node == ">=0.8 <99");
}

// Found by fuzzing (fixtures/fuzz-seeds/pnpm_lock/tab-after-colon): YAML
// takes a tab after ':' as a separator, the scanner read `z:\t:` as the key
// "z:"; a tab anywhere in a line now leaves the text to libfyaml.
TEST_CASE("pnpm: a tab inside a line goes through libfyaml", "[pnpm][yaml][regression]") {
  for (std::string text : {"z:\t:", "a:\tb\n", "a: 'x\ty'\n"}) {
    INFO(text);
    core::StringArena a1;
    core::StringArena a2;
    auto s = analyzers::pnpm::scan_block_yaml(text, 0, text.size(), a1);
    CHECK_FALSE(s.tree);
    auto t = analyzers::pnpm::parse_pnpm_yaml("x", text, 0, text.size(), a1);
    auto ref = analyzers::pnpm::parse_yaml_events("x", text, 0, text.size(), a2);
    REQUIRE(t);
    REQUIRE(ref);
    CHECK(analyzers::pnpm::dump_tree(*t) == analyzers::pnpm::dump_tree(*ref));
  }
}

TEST_CASE("pnpm: tricky scalars", "[pnpm][yaml]") {
  auto text = fixture("tricky.yaml");
  core::StringArena arena;
  auto s = analyzers::pnpm::scan_block_yaml(text, 0, text.size(), arena);
  REQUIRE(s.tree);
  const auto& t = *s.tree;
  auto imp = t.find(t.find(t.find(t.root, "importers"), "."), "dependencies");
  REQUIRE(imp != analyzers::pnpm::k_none);
  CHECK(t[t.find(t.find(imp, "double-quoted"), "specifier")].value == "^1.0.0\t");
  CHECK(t[t.find(t.find(imp, "it's"), "specifier")].value == "it's a spec");
  CHECK(t[t.find(t.find(imp, "plain#hash"), "specifier")].value == "a#b");
  CHECK(t[t.find(t.root, "lockfileVersion")].value == "9.0");
  auto settings = t.find(t.root, "settings");
  CHECK(t.is_null(t.find(settings, "empty")));
  CHECK(t.is_null(t.find(settings, "nothing")));
  auto weird = t.find(t.find(t.root, "packages"), "weird@1.0.0");
  CHECK(t[t.find(t.find(weird, "resolution"), "tarball")].value == "https://example.com/a b.tgz");
  CHECK(t[t.find(t.find(weird, "engines"), "npm")].value == "1.2.8000 || >= 1.4.16");
}

TEST_CASE("pnpm 5.4: single project, peers suffix, alias, link, file, git", "[pnpm]") {
  auto g = read_fixture("v5.4-single.yaml");
  CHECK(g.format == "pnpm-v5");
  CHECK(g.lockfile_version == "5.4");
  CHECK(g.flags_recorded);
  CHECK(g.install_scripts_recorded);
  CHECK(package_count(g) == 7);
  auto root = root_id(g);
  REQUIRE(root != core::k_no_node);
  const auto* peerful = edge(g, root, "@scope/peerful");
  REQUIRE(peerful);
  CHECK(peerful->spec == "^1.0.0");
  REQUIRE(peerful->to != core::k_no_node);
  CHECK(g.nodes[peerful->to].version == "1.2.0");
  CHECK(g.nodes[peerful->to].path == "/@scope/peerful/1.2.0_react@18.2.0");
  const auto& pe = g.out_edges(peerful->to);
  REQUIRE(pe.size() == 1);
  CHECK(pe[0].kind == core::EdgeKind::peer);
  CHECK(pe[0].spec == ">=17");
  const auto* alias = edge(g, root, "sw-cjs");
  REQUIRE(alias);
  REQUIRE(alias->to != core::k_no_node);
  CHECK(g.nodes[alias->to].name == "string-width");
  CHECK(alias->spec == "npm:string-width@^4.2.3");
  const auto* fse = find_node(g, "fsevents", "2.3.2");
  REQUIRE(fse);
  CHECK(fse->optional);
  CHECK(fse->has_install_script == true);
  CHECK(fse->os == "darwin");
  const auto* ts = find_node(g, "typescript", "5.0.4");
  REQUIRE(ts);
  CHECK(ts->dev);
  CHECK(ts->has_bin);
  CHECK(ts->has_install_script == false);
  const auto* local = find_node(g, "localdir", "0.4.0");
  REQUIRE(local);
  CHECK(local->source == core::Source::directory);
  const auto* git = find_node(g, "gitdep", "3.1.0");
  REQUIRE(git);
  CHECK(git->source == core::Source::git);
  CHECK(git->deprecated == "gitdep is deprecated: use newdep");
  const auto* linked = edge(g, root, "linked");
  REQUIRE(linked);
  REQUIRE(linked->to != core::k_no_node);
  CHECK(g.nodes[linked->to].role == core::NodeRole::linked_dir);
  CHECK(g.nodes[linked->to].path == "vendor/linked");
  CHECK(linked->spec == "link:./vendor/linked");
}

TEST_CASE("pnpm 6.0: importers, (peer) suffix, workspace link, file tarball", "[pnpm]") {
  auto g = read_fixture("v6.0-workspace.yaml");
  CHECK(g.format == "pnpm-v6");
  core::NodeId app = core::k_no_node;
  core::NodeId lib = core::k_no_node;
  for (core::NodeId i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].path == "packages/app") {
      app = i;
    }
    if (g.nodes[i].path == "packages/lib") {
      lib = i;
    }
  }
  REQUIRE(app != core::k_no_node);
  CHECK(g.nodes[app].role == core::NodeRole::workspace);
  const auto* ws = edge(g, app, "@acme/lib");
  REQUIRE(ws);
  CHECK(ws->to == lib);
  CHECK(ws->spec == "workspace:*");
  const auto* rd = edge(g, app, "react-dom");
  REQUIRE(rd);
  REQUIRE(rd->to != core::k_no_node);
  CHECK(g.nodes[rd->to].name == "react-dom");
  CHECK(g.nodes[rd->to].version == "18.2.0");
  const auto* lp = edge(g, app, "left-pad");
  REQUIRE(lp);
  REQUIRE(lp->to != core::k_no_node);
  CHECK(g.nodes[lp->to].source == core::Source::tarball);
  CHECK(g.nodes[lp->to].version == "1.3.0");
  auto inv = core::make_inventory(g);
  REQUIRE(inv.workspaces.size() == 2);
  CHECK(inv.workspaces[0].kind == "workspace");
}

TEST_CASE("pnpm 9.0: protocols, catalogs, nested peers, derived dev", "[pnpm]") {
  auto g = read_fixture("v9.0-protocols.yaml");
  CHECK(g.format == "pnpm-v9");
  CHECK_FALSE(g.install_scripts_recorded);
  CHECK_FALSE(g.flags_recorded);
  auto root = root_id(g);
  const auto* git = edge(g, root, "is-number");
  REQUIRE(git);
  REQUIRE(git->to != core::k_no_node);
  CHECK(g.nodes[git->to].source == core::Source::git);
  CHECK(g.nodes[git->to].version == "7.0.0");
  CHECK(g.nodes[git->to].resolved == "git@github.com:jonschlinkert/is-number.git");
  CHECK_FALSE(g.nodes[git->to].has_install_script.has_value());
  // Regression: 9.0 records no requiresBuild, so no package may claim to know
  // it has no install script (deps scored installScripts 100 offline).
  for (const auto& n : g.nodes) {
    if (n.role == core::NodeRole::package) {
      CHECK_FALSE(n.has_install_script.has_value());
    }
  }
  const auto* tgz = edge(g, root, "left-pad");
  REQUIRE(tgz);
  CHECK(g.nodes[tgz->to].source == core::Source::tarball);
  const auto* dir = edge(g, root, "local-config");
  REQUIRE(dir);
  CHECK(g.nodes[dir->to].source == core::Source::directory);
  CHECK(g.nodes[dir->to].version == "file:libs/local-config");  // no package.json to read here
  const auto* alias = edge(g, root, "lodash4");
  REQUIRE(alias);
  CHECK(g.nodes[alias->to].name == "lodash");
  CHECK(g.nodes[alias->to].deprecated == "use lodash-es \"instead\"");
  const auto* cat = edge(g, root, "zod");
  REQUIRE(cat);
  CHECK(cat->spec == "catalog:");
  CHECK(g.nodes[cat->to].version == "3.23.8");
  const auto* plugin = edge(g, root, "@acme/plugin");
  REQUIRE(plugin);
  REQUIRE(plugin->to != core::k_no_node);
  const auto* core_edge = edge(g, plugin->to, "@acme/core");
  REQUIRE(core_edge);
  CHECK(core_edge->kind == core::EdgeKind::peer_optional);
  REQUIRE(core_edge->to != core::k_no_node);
  CHECK(g.nodes[core_edge->to].path == "@acme/core@1.0.0(zod@3.23.8)");
  const auto* vitest = find_node(g, "vitest", "1.6.0");
  REQUIRE(vitest);
  CHECK(vitest->dev);
  CHECK_FALSE(find_node(g, "zod", "3.23.8")->dev);
  CHECK(find_node(g, "fsevents", "2.3.3")->optional);
  const auto* link = edge(g, root, "link-lib");
  REQUIRE(link);
  CHECK(g.nodes[link->to].role == core::NodeRole::linked_dir);
  CHECK(g.nodes[link->to].path == "libs/link-lib");
}

TEST_CASE("pnpm 9.0 with an env document: only the project lockfile is installed", "[pnpm]") {
  auto g = read_fixture("v9.0-two-documents.yaml");
  CHECK(package_count(g) == 1);
  CHECK(find_node(g, "ms", "2.1.3"));
  CHECK_FALSE(find_node(g, "pnpm", "11.2.0"));
  // Only the env document: nothing installed.
  auto env_only = read_pnpm("---\nlockfileVersion: '9.0'\nimporters:\n  .: {}\n");
  REQUIRE(env_only);
  CHECK(package_count(*env_only) == 0);
}

TEST_CASE("pnpm 13.0: flow YAML, catalogs, workspace:, file:, link:, peer variants", "[pnpm]") {
  auto g = read_fixture("v13.0-flow.yaml");
  CHECK(g.format == "pnpm-v13");
  core::NodeId web = core::k_no_node;
  core::NodeId ui = core::k_no_node;
  for (core::NodeId i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].path == "apps/web") {
      web = i;
    }
    if (g.nodes[i].path == "packages/ui") {
      ui = i;
    }
  }
  REQUIRE(web != core::k_no_node);
  REQUIRE(ui != core::k_no_node);
  CHECK(g.nodes[ui].name == "@acme/ui");
  const auto* ws = edge(g, web, "@acme/ui");
  REQUIRE(ws);
  CHECK(ws->to == ui);
  const auto* react = edge(g, web, "react");
  REQUIRE(react);
  CHECK(react->spec == "catalog:react18");
  CHECK(g.nodes[react->to].version == "18.2.0");
  // Each parent gets the variant whose peers it provides.
  const auto* q_web = edge(g, web, "query");
  const auto* q_ui = edge(g, ui, "query");
  REQUIRE(q_web);
  REQUIRE(q_ui);
  REQUIRE(q_web->to != q_ui->to);
  CHECK(g.nodes[edge(g, q_web->to, "react")->to].version == "18.2.0");
  CHECK(g.nodes[edge(g, q_ui->to, "react")->to].version == "19.0.0");
  // react 19 is only reached from ui's devDependencies.
  CHECK(find_node(g, "react", "19.0.0")->dev);
  CHECK_FALSE(find_node(g, "react", "18.2.0")->dev);
  const auto* shared = edge(g, web, "shared");
  REQUIRE(shared);
  CHECK(g.nodes[shared->to].source == core::Source::directory);
  CHECK(find_node(g, "zod", "3.23.8")->optional);
  const auto* tools = edge(g, web, "tools");
  REQUIRE(tools);
  CHECK(g.nodes[tools->to].path == "vendor/tools");
}

TEST_CASE("pnpm: malformed input gives file:line:col and what was expected", "[pnpm][errors]") {
  CHECK(error_of("") == "pnpm-lock.yaml:1:1: empty file, expected a pnpm lockfile starting with "
                        "lockfileVersion");
  CHECK(error_of("lockfileVersion: '4.0'\n") ==
        "pnpm-lock.yaml:1:1: unsupported pnpm lockfileVersion '4.0'; archgate reads 5.x, 6.x, "
        "9.x and 13.x");
  CHECK(error_of("lockfileVersion: '10.0'\npackages: {}\n").find("unsupported pnpm lockfileVersion '10.0'") !=
        std::string::npos);
  CHECK(error_of("importers: {}\n") ==
        "pnpm-lock.yaml:1:1: missing lockfileVersion; this is not a pnpm lockfile archgate can read");
  // Truncated inside a flow mapping.
  auto truncated = error_of("lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    resolution: {integrity: sha");
  CHECK((truncated.starts_with("pnpm-lock.yaml:4:") || truncated.starts_with("pnpm-lock.yaml:5:1:")));
  CHECK(truncated.find("invalid YAML: missing comma in flow mapping") != std::string::npos);
  // Tabs in block indentation.
  auto tabs = error_of("lockfileVersion: '9.0'\nimporters:\n\t.: {}\n");
  CHECK(tabs.starts_with("pnpm-lock.yaml:3:"));
  CHECK(tabs == "pnpm-lock.yaml:3:1: invalid YAML: tab character may not be used as indentation");
  // Wrong types.
  CHECK(error_of("lockfileVersion: '9.0'\nimporters: [a, b]\n") ==
        "pnpm-lock.yaml:2:1: lockfile.importers must be a mapping");
  CHECK(error_of("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      ms: [1]\n") ==
        "pnpm-lock.yaml:5:7: importers['.'].dependencies.ms must be a version or a {specifier, version} mapping");
  CHECK(error_of("lockfileVersion: [9]\n") ==
        "pnpm-lock.yaml:1:1: lockfileVersion must be a string such as '9.0'");
  CHECK(error_of("- a\n- b\n").find("expected a mapping") != std::string::npos);
  // Invalid UTF-8.
  CHECK(error_of("lockfileVersion: '9.0'\npackages:\n  a\xff@1.0.0: {}\n") ==
        "pnpm-lock.yaml:3:4: invalid UTF-8 (pnpm lockfiles are UTF-8 text)");
  // Control characters.
  CHECK(error_of(std::string("lockfileVersion: '9.0'\npackages:\n  a@1.\0\x01: {}\n", 46)) ==
        "pnpm-lock.yaml:3:7: control character U+0000 is not allowed in YAML");
  // Snapshot without metadata.
  CHECK(error_of("lockfileVersion: '9.0'\nsnapshots:\n  a@1.0.0: {}\n") ==
        "pnpm-lock.yaml:3:3: snapshot 'a@1.0.0' has no entry 'a@1.0.0' in packages");
  // Duplicate keys.
  CHECK(error_of("lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n  a@1.0.0: {}\n") ==
        "pnpm-lock.yaml:4:3: duplicate package key 'a@1.0.0'");
  // Several documents without the env-document layout.
  CHECK(error_of("lockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\n").find("more than one YAML document") !=
        std::string::npos);
  // 13.0 JSON errors.
  auto j = error_of("{\n\t\"lockfileVersion\": \"13.0\",\n\t\"packages\": {\n\t\t\"a@1\": {,\n}\n");
  CHECK(j.starts_with("pnpm-lock.yaml:4:"));
  // Deep nesting: an error, not a stack overflow.
  std::string deep = "{\"lockfileVersion\": \"13.0\", \"x\": ";
  deep += std::string(5000, '[');
  deep += std::string(5000, ']');
  deep += "}";
  CHECK(error_of(deep) == "pnpm-lock.yaml:1:289: nesting deeper than 256 levels");
  std::string deep_yaml = "lockfileVersion: '9.0'\nx:\n";
  for (int i = 1; i < 400; ++i) {
    deep_yaml += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  }
  auto dy = read_pnpm(deep_yaml);
  CHECK(dy);  // deep block nesting is fine for the scanner (no recursion)
  std::string deep_flow = "lockfileVersion: '9.0'\nx: " + std::string(3000, '[') + std::string(3000, ']') + "\n";
  auto df = read_pnpm(deep_flow);
  if (!df) {
    CHECK(df.error().line == 2);
  }
}

// Long fuzzing found two problems on malformed input (issue "Gaps found on
// other projects' lockfiles", item 13): libfyaml kept a buffer it never freed
// (LeakSanitizer fails the sanitizer test run at exit if it comes back), and
// an empty key was hashed with memcpy from a null pointer (UBSan).
TEST_CASE("pnpm: fuzz regressions are clean errors", "[pnpm][fuzz]") {
  auto dir = archgate::test::fixtures_dir();
  auto leak = read_pnpm(archgate::test::read_file(dir / "fuzz-regressions" /
                                                  "pnpm13-libfyaml-leak.yaml"));
  REQUIRE_FALSE(leak);
  CHECK(leak.error().line > 0);
  auto empty = read_pnpm(archgate::test::read_file(dir / "fuzz-seeds" / "pnpm_lock" / "empty-key"));
  CHECK((empty || !empty.error().message.empty()));
}

// Issue "Gaps found on other projects' lockfiles", item 1: pnpm 12 writes a
// {specifier, version} pair with equal halves as a plain string, also in a
// named catalog of settings.catalogs.
TEST_CASE("pnpm 13.0: a compact catalog entry is its version", "[pnpm]") {
  auto g = read_pnpm(R"({
	"lockfileVersion": "13.0",
	"settings": {
		"catalogs": {
			"vue3": {
				"vue": "3.4.38",
			},
		},
	},
	"projects": {
		".": {
			"dependencies": {
				"vue": "catalog:vue3",
			},
		},
	},
	"packages": {
		"vue@3.4.38": {
			"integrity": "sha512-AAAA",
		},
	},
}
)");
  INFO((g ? std::string() : g.error().to_string()));
  REQUIRE(g);
  const auto* vue = find_node(*g, "vue", "3.4.38");
  REQUIRE(vue);
  CHECK_FALSE(vue->dev);
  CHECK(edge(*g, root_id(*g), "vue")->spec == "catalog:vue3");
}
