// bun.lock reader: file name matching, fixtures -> nodes and edges, and
// malformed input -> errors with line:col.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"
#include "core/snapshot.hpp"
#include "test_support.hpp"

namespace {

using archgate::core::DependencyGraph;
using archgate::core::EdgeKind;
using archgate::core::k_no_node;
using archgate::core::NodeRole;
using archgate::core::Source;

const archgate::analyzers::LockfileReader& bun_reader() {
  const auto* r = archgate::analyzers::find_reader("bun.lock", "{}");
  REQUIRE(r != nullptr);
  REQUIRE(r->id() == "bun/bun-lock");
  return *r;
}

archgate::core::Result<DependencyGraph> read_text(std::string_view text,
                                                  const archgate::core::Snapshot* snap = nullptr) {
  archgate::analyzers::LockfileInput in;
  in.path = "bun.lock";
  in.content = archgate::core::json::padded_copy(text);
  in.snapshot = snap;
  return bun_reader().read(in);
}

archgate::core::Result<DependencyGraph> read_fixture(const std::string& name,
                                                     const archgate::core::Snapshot* snap = nullptr) {
  auto text = archgate::test::read_file(archgate::test::fixtures_dir() / "lockfiles/bun" / name);
  REQUIRE(!text.empty());
  return read_text(text, snap);
}

// "from-key -> dep" => "to name@version" (or "unresolved").
std::map<std::string, std::string> edge_table(const DependencyGraph& g) {
  std::map<std::string, std::string> out;
  for (const auto& e : g.edges) {
    const auto& from = g.nodes[e.from];
    std::string key = (from.role == NodeRole::root ? std::string("<root>") : std::string(from.path)) +
                      " -> " + std::string(e.name);
    out[key] = e.to == k_no_node ? "unresolved"
                                 : std::string(g.nodes[e.to].name) + "@" +
                                       std::string(g.nodes[e.to].version);
  }
  return out;
}

const archgate::core::Node* by_path(const DependencyGraph& g, std::string_view path) {
  for (const auto& n : g.nodes) {
    if (n.path == path && n.role != NodeRole::root) {
      return &n;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("bun.lock: matches only bun.lock", "[lockfile][bun]") {
  const auto& r = bun_reader();
  CHECK(r.matches("bun.lock"));
  CHECK(r.manager() == "bun");
  CHECK_FALSE(r.matches("bun.lockb"));  // binary format: not read
  CHECK_FALSE(r.matches("bun.lock.json"));
  CHECK_FALSE(r.matches("Bun.lock"));
  CHECK_FALSE(r.matches("package-lock.json"));
}

TEST_CASE("bun.lock: minimal v1", "[lockfile][bun]") {
  auto g = read_fixture("minimal.v1.lock");
  REQUIRE(g);
  CHECK(g->manager == "bun");
  CHECK(g->lockfile_version == "1");
  CHECK(g->format == "bun-v1");
  REQUIRE(g->nodes.size() == 2);
  CHECK(g->nodes[0].role == NodeRole::root);
  CHECK(g->nodes[0].name == "app");
  const auto* ms = by_path(*g, "ms");
  REQUIRE(ms);
  CHECK(ms->name == "ms");
  CHECK(ms->version == "2.1.3");
  CHECK(ms->integrity.starts_with("sha512-6Flz"));
  CHECK(ms->resolved.empty());  // "" = the default registry
  CHECK(ms->source == Source::registry);
  CHECK_FALSE(ms->dev);
  auto loc = g->location(ms->offset);
  CHECK(loc.line == 12);
  CHECK(loc.column == 5);
  CHECK(edge_table(*g) == std::map<std::string, std::string>{{"<root> -> ms", "ms@2.1.3"}});
}

TEST_CASE("bun.lock: nested keys resolve the way bun hoists", "[lockfile][bun]") {
  auto g = read_fixture("nested.v1.lock");
  REQUIRE(g);
  std::map<std::string, std::string> want = {
      {"<root> -> a", "a@1.0.0"},
      {"<root> -> c", "c@1.0.0"},
      {"<root> -> @s/x", "@s/x@1.0.0"},
      {"<root> -> b", "b@2.0.0"},
      {"a -> b", "b@1.0.0"},          // a's own nested copy
      {"c -> b", "b@2.0.0"},          // climbs to the top level
      {"c -> missing-opt", "unresolved"},
      {"@s/x -> @s/y", "@s/y@1.0.0"},  // scoped nested key
      {"@s/x/@s/y -> b", "b@2.0.0"},   // climbs over a scoped component
  };
  CHECK(edge_table(*g) == want);
  // b@1 is only under a (prod); b@2 is reached from c (prod) as well as dev.
  CHECK_FALSE(by_path(*g, "a/b")->dev);
  CHECK_FALSE(by_path(*g, "b")->dev);
  CHECK(by_path(*g, "@s/y")->dev);  // top-level @s/y@2 is reached by nobody
}

TEST_CASE("bun.lock: v2 workspaces, workspace-local copies and optional peers",
          "[lockfile][bun]") {
  auto g = read_fixture("workspaces.v2.lock");
  REQUIRE(g);
  CHECK(g->lockfile_version == "2");
  const auto* app = by_path(*g, "packages/app");
  REQUIRE(app);
  CHECK(app->role == NodeRole::workspace);
  CHECK(app->name == "@ws/app");
  CHECK(app->version == "1.0.0");
  auto edges = edge_table(*g);
  CHECK(edges["packages/app -> @ws/lib"] == "@ws/lib@0.2.0");
  CHECK(edges["packages/app -> react"] == "react@18.3.1");  // "@ws/app/react"
  CHECK(edges["packages/lib -> react"] == "react@19.0.0");
  // A workspace's peers (here the optional peer debug) are its consumers'
  // to install: no edge (issue "Gaps found on other projects' lockfiles", item 2).
  CHECK_FALSE(edges.contains("packages/lib -> debug"));
  CHECK(edges["@ws/app/react -> loose-envify"] == "loose-envify@1.4.0");
  CHECK(edges["<root> -> typescript"] == "typescript@5.9.3");
  CHECK(by_path(*g, "typescript")->dev);
  CHECK(by_path(*g, "typescript")->has_bin);
  CHECK_FALSE(by_path(*g, "@ws/app/react")->dev);
  auto inv = archgate::core::make_inventory(*g);
  REQUIRE(inv.workspaces.size() == 2);
  CHECK(inv.workspaces[0].path == "packages/app");
  CHECK(inv.packages.size() == 4);
}

TEST_CASE("bun.lock: every tuple shape", "[lockfile][bun]") {
  archgate::core::MemorySnapshot snap;
  snap.add("libs/linked/package.json", R"({"name":"linked","version":"0.3.0"})");
  auto g = read_fixture("sources.v1.lock", &snap);
  REQUIRE(g);
  const auto* git = by_path(*g, "gitdep");
  REQUIRE(git);
  CHECK(git->source == Source::git);
  CHECK(git->version.starts_with("git+https://github.com/o/gitdep.git#0123"));
  CHECK(git->integrity == "sha512-git");
  CHECK(git->os == "darwin,linux");
  CHECK(git->cpu == "x64");
  CHECK(by_path(*g, "ghdep")->source == Source::git);
  CHECK(by_path(*g, "ghdep")->integrity.empty());
  CHECK(by_path(*g, "remote")->source == Source::tarball);
  CHECK(by_path(*g, "remote")->resolved == "https://example.com/remote-1.0.0.tgz");
  CHECK(by_path(*g, "remote")->integrity == "sha512-remote");
  CHECK(by_path(*g, "localtgz")->source == Source::tarball);
  CHECK(by_path(*g, "folder")->source == Source::directory);
  CHECK(by_path(*g, "private-pkg")->resolved ==
        "https://npm.example.com/private-pkg/-/private-pkg-1.2.3.tgz");
  const auto* linked = by_path(*g, "libs/linked");
  REQUIRE(linked);
  CHECK(linked->role == NodeRole::linked_dir);
  CHECK(linked->version == "0.3.0");
  auto edges = edge_table(*g);
  CHECK(edges["<root> -> linked"] == "linked@0.3.0");
  CHECK(edges["folder -> ms"] == "ms@2.1.3");
  // The root entry ("sources@root:") is no package.
  for (const auto& n : g->nodes) {
    if (n.role == NodeRole::package) {
      CHECK(n.name != "sources");
    }
  }
}

TEST_CASE("bun.lock: v0 workspace entries with INFO", "[lockfile][bun]") {
  auto g = read_fixture("v0.lock");
  REQUIRE(g);
  auto edges = edge_table(*g);
  CHECK(edges == std::map<std::string, std::string>{{"pkgs/w -> ms", "ms@2.1.3"}});
  CHECK_FALSE(by_path(*g, "ms")->dev);
}

TEST_CASE("bun.lock: malformed input is an error with line:col", "[lockfile][bun]") {
  struct Case {
    std::string file;
    int line;
    std::string message_part;
  };
  std::vector<Case> cases = {
      {"unknown-version.lock", 2, "unsupported lockfileVersion 3"},
      {"missing-comma.lock", 6, ""},
      {"bad-tuple.lock", 5, "missing integrity"},
      {"unknown-workspace.lock", 5, "unknown workspace"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      auto g = read_fixture(c.file);
      REQUIRE_FALSE(g);
      INFO(g.error().to_string());
      CHECK(g.error().file == "bun.lock");
      CHECK(g.error().line == c.line);
      CHECK(g.error().column > 0);
      CHECK(g.error().message.find(c.message_part) != std::string::npos);
    }
  }
  SECTION("other shapes") {
    for (std::string_view text : {
             "",
             "[]",
             "{\"lockfileVersion\": 1}",
             "{\"lockfileVersion\": \"1\", \"workspaces\": {\"\": {}}}",
             "{\"workspaces\": {\"\": {}}}",
             "{\"lockfileVersion\": 1, \"workspaces\": {\"a\": {}}}",
             "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}}, \"packages\": {\"x\": []}}",
             "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}}, \"packages\": {\"x\": [\"x\"]}}",
             "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}}, \"packages\": {\"x\": [1]}}",
             "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {}}, \"packages\": {\"x\": "
             "[\"x@1.0.0\", \"\", {}, \"sha\"], \"x\": [\"x@1.0.0\", \"\", {}, \"sha\"]}}",
             "{\"lockfileVersion\": 1, \"workspaces\": {\"\": {\"dependencies\": {\"a\": 1}}}}",
             "{\"lockfileVersion\": 1,, }",
         }) {
      auto g = read_text(text);
      INFO(text);
      CHECK_FALSE(g);
      if (!g) {
        CHECK(g.error().line >= 1);
      }
    }
  }
}

TEST_CASE("bun.lock: trailing commas inside strings are kept", "[lockfile][bun]") {
  auto g = read_text(R"({"lockfileVersion": 1, "workspaces": {"": {"name": "a,}", "dependencies": {"x": ">=1,]"},},},
    "packages": {"x": ["x@1.0.0", "", {}, "sha512-,}"],},})");
  REQUIRE(g);
  CHECK(g->nodes[0].name == "a,}");
  CHECK(g->edges[0].spec == ">=1,]");
  CHECK(by_path(*g, "x")->integrity == "sha512-,}");
}

// Issue "Gaps found on other projects' lockfiles", item 2: a library lists
// react in devDependencies and peerDependencies; bun keeps react (and what it
// brings) dev and not direct.
TEST_CASE("bun.lock: a root peer that is also a devDependency stays dev and indirect",
          "[lockfile][bun]") {
  auto g = read_text(R"({
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "lib",
      "devDependencies": { "react": "^18.3.1" },
      "peerDependencies": { "react": ">=17" },
      "optionalPeers": ["scheduler"],
    },
  },
  "packages": {
    "loose-envify": ["loose-envify@1.4.0", "", {}, "sha512-AAAA"],
    "react": ["react@18.3.1", "", { "dependencies": { "loose-envify": "^1.1.0" } }, "sha512-BBBB"],
  }
}
)");
  INFO((g ? std::string() : g.error().to_string()));
  REQUIRE(g);
  archgate::core::compute_flags(*g);
  auto inv = archgate::core::make_inventory(*g);
  REQUIRE(inv.packages.size() == 2);
  for (const auto& e : inv.packages) {
    INFO(e.name);
    CHECK(e.dev);
    CHECK_FALSE(e.optional);
    CHECK_FALSE(e.direct);
  }
}
