// npm/package-lock reader: fixtures -> nodes, edges and flags; bad input ->
// errors with file:line:col.
#include <catch2/catch.hpp>

#include <algorithm>

#include "analyzers/lockfiles/reader.hpp"
#include "core/json_util.hpp"
#include "core/manifest.hpp"
#include "test_support.hpp"

using namespace archgate;

namespace {

core::Result<core::DependencyGraph> read_npm(std::string_view text, const core::Manifest* root = nullptr,
                                             std::size_t second_thread_from = analyzers::LockfileInput{}.second_thread_from) {
  const auto* reader = analyzers::find_reader("package-lock.json", text);
  REQUIRE(reader != nullptr);
  analyzers::LockfileInput in;
  in.path = "package-lock.json";
  in.content = core::json::padded_copy(text);
  in.root_manifest = root;
  in.second_thread_from = second_thread_from;
  return reader->read(in);
}

core::Result<core::DependencyGraph> read_fixture(const std::string& name,
                                                 const core::Manifest* root = nullptr) {
  return read_npm(test::read_file(test::fixtures_dir() / "lockfiles/npm" / name), root);
}

const core::Node* node_at(const core::DependencyGraph& g, std::string_view path) {
  for (const auto& n : g.nodes) {
    if (n.path == path) {
      return &n;
    }
  }
  return nullptr;
}

core::NodeId id_at(const core::DependencyGraph& g, std::string_view path) {
  for (core::NodeId i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].path == path) {
      return i;
    }
  }
  return core::k_no_node;
}

// The path of the node `name` resolves to from the node at `from`.
std::string edge_target(const core::DependencyGraph& g, std::string_view from,
                        std::string_view name) {
  auto id = id_at(g, from);
  REQUIRE(id != core::k_no_node);
  for (const auto& e : g.out_edges(id)) {
    if (e.name == name) {
      return e.to == core::k_no_node ? "<unresolved>" : std::string(g.nodes[e.to].path);
    }
  }
  return "<no edge>";
}

}  // namespace

TEST_CASE("npm reader matches package-lock.json and npm-shrinkwrap.json only", "[npm]") {
  CHECK(analyzers::find_reader("package-lock.json", "{}") != nullptr);
  CHECK(analyzers::find_reader("npm-shrinkwrap.json", "{}") != nullptr);
  CHECK(analyzers::find_reader("package-lock.jsonc", "{}") == nullptr);
  CHECK(analyzers::find_reader("package.json", "{}") == nullptr);
  CHECK(analyzers::find_reader("Package-Lock.json", "{}") == nullptr);
}

TEST_CASE("npm v3: nested node_modules resolve like Node's require", "[npm]") {
  auto g = read_fixture("nested.v3.json");
  REQUIRE(g);
  CHECK(g->format == "npm-v3");
  CHECK(g->lockfile_version == "3");
  // a's `c` is its own nested copy; the root's `c` is the hoisted one.
  CHECK(edge_target(*g, "node_modules/a", "c") == "node_modules/a/node_modules/c");
  CHECK(edge_target(*g, "", "c") == "node_modules/c");
  // b is not nested under a: climb to the root.
  CHECK(edge_target(*g, "node_modules/a", "b") == "node_modules/b");
  // e is optional and not installed.
  CHECK(edge_target(*g, "node_modules/c", "e") == "<unresolved>");

  const auto* a = node_at(*g, "node_modules/a");
  REQUIRE(a);
  CHECK(a->name == "a");
  CHECK(a->version == "1.2.0");
  CHECK(a->engines_node == ">=18");
  CHECK(a->has_install_script == false);
  const auto* b = node_at(*g, "node_modules/b");
  REQUIRE(b);
  CHECK(b->has_install_script == true);
  CHECK(b->license == "MIT");
  const auto* d = node_at(*g, "node_modules/d");
  REQUIRE(d);
  CHECK(d->dev);
  CHECK(d->deprecated == "use e instead");

  auto inv = core::make_inventory(*g);
  REQUIRE(inv.packages.size() == 5);
  CHECK(inv.packages[0].name == "a");
  CHECK(inv.packages[0].direct);
  CHECK(inv.packages[2].name == "c");
  CHECK(inv.packages[2].version == "1.5.0");
  CHECK_FALSE(inv.packages[2].direct);
  CHECK(inv.packages[3].version == "2.0.0");
  CHECK(inv.packages[3].direct);
  CHECK(inv.packages[4].name == "d");
  CHECK(inv.packages[4].dev);
  CHECK(inv.packages[4].direct);
}

TEST_CASE("npm v3: aliases, links, workspaces, git and tarball sources", "[npm]") {
  core::Manifest root;
  root.workspaces = {"packages/*"};
  auto g = read_fixture("aliases-links.v3.json", &root);
  REQUIRE(g);
  auto inv = core::make_inventory(*g);
  std::vector<std::string> ids;
  for (const auto& p : inv.packages) {
    ids.push_back(std::string(p.name) + "@" + std::string(p.version) + ":" + std::string(core::to_string(p.source)) +
                  (p.direct ? ":direct" : ""));
  }
  CHECK(ids == std::vector<std::string>{"gitdep@3.0.0:git:direct", "lodash@4.17.21:registry:direct",
                                        "ms@2.1.3:registry:direct", "tar@1.0.0:tarball:direct"});
  REQUIRE(inv.workspaces.size() == 2);
  CHECK(inv.workspaces[0].name == "local");
  CHECK(inv.workspaces[0].path == "libs/local");
  CHECK(inv.workspaces[0].kind == "link");
  CHECK(inv.workspaces[1].name == "@acme/app");
  CHECK(inv.workspaces[1].kind == "workspace");
  // the root's alias edge is named by the alias, and reaches lodash
  CHECK(edge_target(*g, "", "lodash4") == "node_modules/lodash4");
  // a link path resolves to its target folder
  CHECK(edge_target(*g, "", "local") == "libs/local");
  CHECK(edge_target(*g, "libs/local", "ms") == "node_modules/ms");
  CHECK(edge_target(*g, "packages/app", "ms") == "node_modules/ms");
}

TEST_CASE("npm v1: nested dependencies, requires, flags and aliases", "[npm]") {
  core::Manifest root;
  root.dependencies = {{"a", "^1.0.0", core::EdgeKind::prod, {}},
                       {"b", "^1.0.0", core::EdgeKind::dev, {}},
                       {"old", "npm:real-old@^3.0.0", core::EdgeKind::optional, {}}};
  auto g = read_fixture("legacy.v1.json", &root);
  REQUIRE(g);
  CHECK(g->format == "npm-v1");
  CHECK(edge_target(*g, "node_modules/a", "b") == "node_modules/a/node_modules/b");
  CHECK(edge_target(*g, "", "b") == "node_modules/b");
  auto inv = core::make_inventory(*g);
  REQUIRE(inv.packages.size() == 4);
  CHECK(inv.packages[3].name == "real-old");
  CHECK(inv.packages[3].version == "3.1.0");
  CHECK(inv.packages[3].optional);
  CHECK(inv.packages[3].direct);
  CHECK(inv.packages[2].name == "b");
  CHECK(inv.packages[2].version == "2.0.0");
  CHECK_FALSE(inv.packages[2].dev);
  CHECK(inv.packages[1].dev);
}

TEST_CASE("npm v2: packages wins over the legacy dependencies section", "[npm]") {
  auto g = read_fixture("both.v2.json");
  REQUIRE(g);
  auto inv = core::make_inventory(*g);
  REQUIRE(inv.packages.size() == 1);
  CHECK(inv.packages[0].name == "x");
}

TEST_CASE("npm: JSON escapes in keys and values are decoded", "[npm]") {
  auto g = read_fixture("escaped-keys.v3.json");
  REQUIRE(g);
  auto inv = core::make_inventory(*g);
  REQUIRE(inv.packages.size() == 1);
  CHECK(inv.packages[0].name == "caf\xc3\xa9");
  CHECK(inv.packages[0].direct);
  const auto* n = node_at(*g, "node_modules/caf\xc3\xa9");
  REQUIRE(n);
  CHECK(n->license == "MIT \"quoted\"");
}

TEST_CASE("npm: optional text fields decode escapes and ignore values that are not strings", "[npm]") {
  auto g = read_npm(R"({"lockfileVersion": 3, "packages": {
    "": {"name": "root", "dependencies": {"a": "1", "b": "1"}},
    "node_modules/a": {"version": "1.0.0", "license": "Apache-2.0 OR \u004dIT", "deprecated": "use \"b\" instead",
                       "engines": {"node": ">=18 \u003c 22"}, "os": ["darwin", "linu\u0078", 3], "cpu": "x64"},
    "node_modules/b": {"version": "1.0.0", "license": {"type": "MIT"}, "deprecated": false,
                       "engines": {"node": 18}, "os": 7}
  }})");
  REQUIRE(g);
  const auto* a = node_at(*g, "node_modules/a");
  REQUIRE(a);
  CHECK(a->license == "Apache-2.0 OR MIT");
  CHECK(a->deprecated == "use \"b\" instead");
  CHECK(a->engines_node == ">=18 < 22");
  CHECK(a->os == "darwin,linux");
  CHECK(a->cpu == "x64");
  const auto* b = node_at(*g, "node_modules/b");
  REQUIRE(b);
  CHECK(b->license.empty());
  CHECK(b->deprecated.empty());
  CHECK(b->engines_node.empty());
  CHECK(b->os.empty());
}

TEST_CASE("npm: bad input gives file:line:col and never a graph", "[npm][errors]") {
  struct Case {
    std::string text;
    std::string message;
    int line;
    int column;
  };
  std::string deep(5000, '[');
  std::vector<Case> cases = {
      {"", "empty file", 1, 1},
      {"   \n", "expected a JSON value", 2, 1},
      {"{\"lockfileVersion\": 3, \"packages\": {\"\": {}", "unexpected end of file", 1, 43},
      {"{\n  \"lockfileVersion\": 3,\n  \"packages\": {\"node_modules/a\": {\"version\": 1}}\n}",
       "packages[\"node_modules/a\"].version must be a string", 3, 46},
      {"{\"lockfileVersion\": 7, \"packages\": {}}", "unsupported lockfileVersion 7", 1, 21},
      {"{\"lockfileVersion\": \"3\"}", "must be an integer", 1, 21},
      {"{\"packages\": {}}", "missing \"lockfileVersion\"", 1, 1},
      {"[1, 2]", "expected a JSON object at the top level", 1, 1},
      {"{\"lockfileVersion\": 3, \"packages\": []}", "\"packages\" must be an object", 1, 36},
      {"{\"lockfileVersion\": 3, \"packages\": {\"x\": 1}}", "packages[\"x\"] must be an object",
       1, 42},
      {"{\"lockfileVersion\": 3,\n \"packages\": {\"a\": {\"version\": \"\xff\"}}}",
       "invalid UTF-8", 2, 33},
      {"{\"lockfileVersion\": 3, \"packages\": {},}", "expected a string key", 1, 39},
      {deep, "nesting deeper than", 1, 1025},
      {"{\"lockfileVersion\": 3, \"packages\": {\"a\": {\"funding\": tru}}}",
       "expected a JSON value", 1, 54},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.text.substr(0, 80));
    auto g = read_npm(c.text);
    REQUIRE_FALSE(g);
    CHECK(g.error().file == "package-lock.json");
    CHECK_THAT(g.error().message, Catch::Contains(c.message));
    CHECK(g.error().line == c.line);
    CHECK(g.error().column == c.column);
  }
}

TEST_CASE("npm: the syntax error wins over what the walk makes of a malformed file, small or large",
          "[npm][errors]") {
  // From 1 MiB the syntax pass runs on its own thread beside the walk and
  // the linking; below it, after them. Either way a malformed file reports where its syntax
  // breaks, even when the walk stopped earlier on something else or never
  // looked at the broken part (a field it skips).
  auto lockfile = [](std::size_t packages, std::string_view tail) {
    std::string text = "{\n\"lockfileVersion\": 3,\n\"packages\": {\n\"\": {\"name\": \"x\"}";
    for (std::size_t i = 0; i < packages; ++i) {
      text += ",\n\"node_modules/p" + std::to_string(i) + "\": {\"version\": \"1.0.0\", \"resolved\": " +
              "\"https://registry.npmjs.org/p/-/p-1.0.0.tgz\", \"integrity\": \"sha512-AAAA\"}";
    }
    text += "\n},\n";
    text += tail;
    return text;
  };
  for (std::size_t packages : {std::size_t{3}, std::size_t{12000}}) {
    INFO(packages << " packages");
    {
      auto text = lockfile(packages, "\"x\": {\"funding\": tru}\n}");
      REQUIRE((packages < 10 ? text.size() < (1U << 20) : text.size() > (1U << 20)));
      auto g = read_npm(text);
      REQUIRE_FALSE(g);
      CHECK_THAT(g.error().message, Catch::Contains("expected a JSON value"));
      CHECK(g.error().line == static_cast<int>(packages) + 6);
      CHECK(g.error().column == 18);
    }
    {
      // The walk fails first (a number where the version belongs), the
      // syntax breaks later: the syntax error is reported.
      auto text = lockfile(packages, "\"x\": [1 2]\n}");
      std::string_view version = "\"version\": \"1.0.0\"";
      text.replace(text.find(version), version.size(), "\"version\": 10000");
      auto g = read_npm(text);
      REQUIRE_FALSE(g);
      INFO(g.error().to_string());
      CHECK_THAT(g.error().message, !Catch::Contains("must be a string"));
      CHECK(g.error().line == static_cast<int>(packages) + 6);
    }
    {
      // The walk succeeds, the linking fails (no "packages"; on a large file
      // it runs while the syntax pass still reads), the syntax breaks later:
      // the syntax error is reported.
      std::string pad(packages < 10 ? 10 : (std::size_t{1} << 20) + 10, 'a');
      auto g = read_npm("{\n\"lockfileVersion\": 3,\n\"pad\": \"" + pad + "\",\n\"x\": [1 2]\n}");
      REQUIRE_FALSE(g);
      INFO(g.error().to_string());
      CHECK_THAT(g.error().message, !Catch::Contains("without"));
      CHECK(g.error().line == 4);
    }
    {
      auto g = read_npm(lockfile(packages, "\"x\": [1, 2]\n}"));
      INFO((g ? std::string() : g.error().to_string()));
      REQUIRE(g);
      CHECK(g->nodes.size() == packages + 1);
    }
  }
}

namespace {

// Everything a reader made, in one text: two reads that agree on this agree
// on every node, flag, edge and resolved target.
std::string graph_dump(const core::DependencyGraph& g) {
  std::string out;
  for (const auto& n : g.nodes) {
    out += std::string(n.path) + "|" + std::string(n.name) + "@" + std::string(n.version) + "|" +
           std::to_string(static_cast<int>(n.role)) + std::to_string(n.dev) + std::to_string(n.optional) +
           std::to_string(n.extraneous) + std::to_string(static_cast<int>(n.source)) + "\n";
    for (const auto& e : g.out_edges(static_cast<core::NodeId>(&n - g.nodes.data()))) {
      out += "  " + std::string(e.name) + " " + std::to_string(static_cast<int>(e.kind)) + " -> " +
             (e.to == core::k_no_node ? std::string("<unresolved>") : std::string(g.nodes[e.to].path)) + "\n";
    }
  }
  return out;
}

std::string read_dump(std::string_view text, std::size_t second_thread_from, const core::Manifest* root) {
  auto g = read_npm(text, root, second_thread_from);
  return g ? graph_dump(*g) : "error: " + g.error().to_string();
}

}  // namespace

TEST_CASE("npm: the path index and placing on a second thread give the graph the walk alone gives",
          "[npm]") {
  // From 1 MiB the npm reader indexes paths, and places packages for
  // resolution, on the syntax pass's thread while the walk goes on; it stops
  // placing at the first package whose folder it has not seen yet (so the
  // table keeps npm's first-wins order), and leaves folders whose parent is
  // unknown to the link step. Here the same bytes are read both ways, with
  // thousands of entries (the walk publishes them in batches) and the cases
  // that stop or skip early placing put early, midway and late.
  auto make = [](std::size_t tricky_at) {
    std::string t = "{\"lockfileVersion\": 3, \"packages\": {\n\"\": {\"name\": \"root\", "
                    "\"workspaces\": [\"packages/*\"], \"dependencies\": {\"a\": \"1\", \"c\": \"1\", "
                    "\"q\": \"1\", \"r\": \"2\", \"ws-a\": \"*\"}, \"devDependencies\": {\"p0\": \"1\"}}";
    auto entry = [&](const std::string& path, const std::string& body) {
      t += ",\n\"" + path + "\": {" + body + "}";
    };
    auto tricky = [&] {
      // A package whose folder has no entry: resolution climbs to the root,
      // and (first wins) it shadows the real node_modules/c listed later.
      entry("node_modules/ghost/node_modules/c", "\"version\": \"9.0.0\"");
      // A nested package listed before its parent folder.
      entry("node_modules/q/node_modules/r", "\"version\": \"2.0.0\"");
      entry("node_modules/q", "\"version\": \"1.0.0\", \"dependencies\": {\"r\": \"2\", \"c\": \"1\"}");
      // A folder whose parent is no entry, and a link to it.
      entry("packages/ws-a", "\"name\": \"ws-a\", \"version\": \"0.1.0\", \"dependencies\": {\"x\": \"1\"}");
      entry("packages/ws-a/node_modules/x", "\"version\": \"3.0.0\", \"dependencies\": {\"a\": \"1\"}");
      entry("node_modules/ws-a", "\"resolved\": \"packages/ws-a\", \"link\": true");
      // An optional peer (edges are resolved on two threads from 1 MiB).
      entry("node_modules/pp", "\"version\": \"1.0.0\", \"peerDependencies\": {\"c\": \"1\", \"zz\": \"1\"}, "
                               "\"peerDependenciesMeta\": {\"zz\": {\"optional\": true}}");
    };
    const std::size_t n = 3000;
    for (std::size_t i = 0; i < n; ++i) {
      if (i == tricky_at) tricky();
      std::string deps;
      for (std::size_t k = 1; k <= 3 && i + k < n; ++k) {
        deps += std::string(deps.empty() ? "" : ", ") + "\"p" + std::to_string((i * 7 + k * 13) % n) + "\": \"1\"";
      }
      entry("node_modules/p" + std::to_string(i), "\"version\": \"1.0.0\", \"dev\": true, \"dependencies\": {" + deps + "}");
      if (i % 97 == 0) {
        entry("node_modules/p" + std::to_string(i) + "/node_modules/c", "\"version\": \"2.0.0\", \"dev\": true");
      }
    }
    if (tricky_at >= n) tricky();
    entry("node_modules/a", "\"version\": \"1.0.0\", \"dependencies\": {\"c\": \"1\", \"b\": \"1\"}");
    entry("node_modules/a/node_modules/b", "\"version\": \"1.0.0\", \"dependencies\": {\"c\": \"1\"}");
    entry("node_modules/a-b", "\"version\": \"1.0.0\"");
    entry("node_modules/c", "\"version\": \"1.0.0\"");
    t += "\n}}\n";
    return t;
  };
  core::Manifest root;
  root.name = "root";
  root.workspaces = {"packages/*"};
  for (std::size_t at : {std::size_t{0}, std::size_t{1500}, std::size_t{5000}}) {
    INFO("tricky entries before package " << at);
    auto text = make(at);
    auto alone = read_dump(text, SIZE_MAX, &root);
    auto beside = read_dump(text, 0, &root);
    REQUIRE_THAT(alone, !Catch::StartsWith("error"));
    CHECK(beside == alone);
    // What the tricky entries resolve to, either way.
    CHECK_THAT(alone, Catch::Contains("node_modules/q|q@1.0.0|00000\n  r 0 -> node_modules/q/node_modules/r\n"
                                      "  c 0 -> node_modules/ghost/node_modules/c\n"));
    CHECK_THAT(alone, Catch::Contains("  a 0 -> node_modules/a\n"));
    CHECK_THAT(alone, Catch::Contains("node_modules/pp|pp@1.0.0|00000\n  c 3 -> node_modules/ghost/node_modules/c\n"
                                      "  zz 4 -> <unresolved>\n"));
    CHECK_THAT(alone, Catch::Contains("  r 0 -> <unresolved>\n"));  // the root has no node_modules/r
    CHECK_THAT(alone, Catch::Contains("node_modules/a/node_modules/b|b@1.0.0|00000\n"
                                      "  c 0 -> node_modules/ghost/node_modules/c\n"));
  }
  // A v1 lockfile (its `dependencies` walked and indexed on this thread while
  // the syntax pass runs beside it), and a v2 one whose legacy section comes
  // before and after `packages`.
  std::string v1 = "{\"lockfileVersion\": 1, \"dependencies\": {";
  for (int i = 0; i < 1200; ++i) {
    v1 += std::string(i ? ", " : "") + "\"q" + std::to_string(i) + "\": {\"version\": \"1.0.0\", \"dev\": " +
          (i % 2 ? "true" : "false") + ", \"requires\": {\"q" + std::to_string((i + 7) % 1200) +
          "\": \"1\"}, \"dependencies\": {\"z\": {\"version\": \"2.0.0\"}}}";
  }
  v1 += "}}";
  auto v1_alone = read_dump(v1, SIZE_MAX, &root);
  REQUIRE_THAT(v1_alone, !Catch::StartsWith("error"));
  CHECK(read_dump(v1, 0, &root) == v1_alone);
  CHECK_THAT(v1_alone, Catch::Contains("node_modules/q3/node_modules/z|z@2.0.0|"));
  auto v2 = make(1500);
  const std::string legacy = "\"dependencies\": {\"a\": {\"version\": \"1.0.0\"}}";
  // `packages` (a few entries, fewer than a batch) before the legacy section
  // and the version last: the walk takes the index back from the other thread.
  const std::string few = "{\"packages\": {\"\": {\"name\": \"root\"}, \"node_modules/a\": {\"version\": \"1.0.0\"}, "
                          "\"node_modules/a/node_modules/b\": {\"version\": \"2.0.0\"}}, " + legacy + ", \"lockfileVersion\": ";
  for (const auto& text : {"{" + legacy + ", " + v2.substr(1), v2.substr(0, v2.size() - 2) + ", " + legacy + "}\n",
                           few + "1}", few + "2}"}) {
    auto a = read_dump(text, SIZE_MAX, &root);
    REQUIRE_THAT(a, !Catch::StartsWith("error"));
    CHECK(read_dump(text, 0, &root) == a);
  }
}

// Found by fuzzing (fixtures/fuzz-seeds/npm_lock/root-entry-links-to-folder.json):
// a root entry that is itself a link to a folder made that folder its own
// parent, and resolving its dependencies never ended.
TEST_CASE("npm: a root entry that links to a folder reads, and its edges resolve without looping", "[npm][regression]") {
  auto g = read_npm(R"({"lockfileVersion": 3, "packages": {
    "": {"resolved": "packages/ui", "link": true},
    "packages/ui": {"name": "@acme/ui", "version": "1.0.0", "dependencies": {"clsx": "^2.1.1", "gone": "^1.0.0"}},
    "node_modules/clsx": {"version": "2.1.1"}
  }})");
  REQUIRE(g);
  CHECK(edge_target(*g, "packages/ui", "clsx") == "node_modules/clsx");
  CHECK(edge_target(*g, "packages/ui", "gone") == "<unresolved>");  // the walk up ends
}

TEST_CASE("npm: every node knows the line:col of its lockfile entry", "[npm]") {
  auto g = read_fixture("nested.v3.json");
  REQUIRE(g);
  auto lc = g->location(node_at(*g, "node_modules/a")->offset);
  CHECK(lc.line == 13);
  CHECK(lc.column == 5);
  auto lc2 = g->location(node_at(*g, "node_modules/d")->offset);
  CHECK(lc2.line == 38);
  CHECK(lc2.column == 5);
  auto first = g->location(0);
  CHECK(first.line == 1);
  CHECK(first.column == 1);
}

// Issue "Gaps found on other projects' lockfiles", item 5: v1 entries nested
// under an optional package may lack `optional` (bundled dependencies of an
// optional package); npm reads them as optional, and so does archgate.
TEST_CASE("npm v1: entries nested under an optional package are optional", "[npm]") {
  core::Manifest root;
  root.name = "p";
  root.dependencies.push_back(core::DeclaredDep{"fsevents", "^1.2.0", core::EdgeKind::optional, {}});
  auto g = read_npm(R"({
  "name": "p", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
  "dependencies": {
    "fsevents": {
      "version": "1.2.13",
      "resolved": "https://registry.npmjs.org/fsevents/-/fsevents-1.2.13.tgz",
      "integrity": "sha512-AAAA",
      "dependencies": {
        "nan": {
          "version": "2.14.0",
          "bundled": true,
          "dependencies": {
            "deep": { "version": "1.0.0", "bundled": true }
          }
        }
      },
      "optional": true
    },
    "other": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/other/-/other-1.0.0.tgz", "integrity": "sha512-BBBB" }
  }
})", &root);
  INFO((g ? std::string() : g.error().to_string()));
  REQUIRE(g);
  CHECK(node_at(*g, "node_modules/fsevents")->optional);
  CHECK(node_at(*g, "node_modules/fsevents/node_modules/nan")->optional);
  CHECK(node_at(*g, "node_modules/fsevents/node_modules/nan/node_modules/deep")->optional);
  CHECK_FALSE(node_at(*g, "node_modules/other")->optional);
}
