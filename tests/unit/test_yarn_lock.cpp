// yarn.lock readers: classic (v1) and berry (__metadata.version 4-10).
// Fixtures: fixtures/lockfiles/yarn-classic/, fixtures/lockfiles/yarn-berry/.
#include <catch2/catch.hpp>

#include <string>

#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "analyzers/lockfiles/yarn_extensions.hpp"
#include "analyzers/lockfiles/yarn_syml.hpp"
#include "core/json_util.hpp"
#include "core/snapshot.hpp"
#include "test_support.hpp"

using namespace archgate;
using core::EdgeKind;
using core::NodeRole;
using core::Source;

namespace {

struct Project {
  core::Manifest root;
  std::vector<core::Manifest> workspaces;
  core::MemorySnapshot snapshot;
};

void dep(core::Manifest& m, std::string name, std::string spec, EdgeKind kind = EdgeKind::prod) {
  m.dependencies.push_back(core::DeclaredDep{std::move(name), std::move(spec), kind, {}});
}

core::Result<core::DependencyGraph> read_with(const analyzers::LockfileReader& reader,
                                              std::string_view text, Project* project = nullptr) {
  analyzers::LockfileInput in;
  in.path = "yarn.lock";
  in.content = core::json::padded_copy(text);
  if (project) {
    in.root_manifest = &project->root;
    for (const auto& w : project->workspaces) {
      in.workspace_manifests.push_back(&w);
    }
    in.snapshot = &project->snapshot;
  }
  return reader.read(in);
}

core::Result<core::DependencyGraph> read_classic(std::string_view text, Project* p = nullptr) {
  static auto reader = analyzers::make_yarn_classic_reader();
  return read_with(*reader, text, p);
}

core::Result<core::DependencyGraph> read_berry(std::string_view text, Project* p = nullptr) {
  static auto reader = analyzers::make_yarn_berry_reader();
  return read_with(*reader, text, p);
}

std::string fixture(const std::string& rel) {
  return test::read_file(test::fixtures_dir() / "lockfiles" / rel);
}

const core::Node* find(const core::DependencyGraph& g, std::string_view name,
                       std::string_view version = {}) {
  for (const auto& n : g.nodes) {
    if (n.name == name && (version.empty() || n.version == version)) {
      return &n;
    }
  }
  return nullptr;
}

const core::Edge* edge(const core::DependencyGraph& g, const core::Node* from,
                       std::string_view name) {
  auto id = static_cast<core::NodeId>(from - g.nodes.data());
  for (const auto& e : g.out_edges(id)) {
    if (e.name == name) {
      return &e;
    }
  }
  return nullptr;
}

std::string error_of(const core::Result<core::DependencyGraph>& r) {
  REQUIRE_FALSE(r.has_value());
  return r.error().to_string();
}

std::string berry_with_version(std::string_view version) {
  return "__metadata:\n  version: " + std::string(version) +
         "\n  cacheKey: 10c0\n\n\"ms@npm:^2.1.0\":\n  version: 2.1.3\n  resolution: "
         "\"ms@npm:2.1.3\"\n  languageName: node\n  linkType: hard\n";
}

}  // namespace

TEST_CASE("yarn readers: both match yarn.lock and tell classic from berry by content",
          "[yarn][berry]") {
  auto classic = analyzers::make_yarn_classic_reader();
  auto berry = analyzers::make_yarn_berry_reader();
  CHECK(classic->matches("yarn.lock"));
  CHECK(berry->matches("yarn.lock"));
  CHECK_FALSE(classic->matches("yarn.lock.bak"));
  CHECK_FALSE(berry->matches("package-lock.json"));
  auto v1 = fixture("yarn-classic/protocols.v1.lock");
  auto v8 = fixture("yarn-berry/protocols.v8.lock");
  CHECK(classic->accepts(v1));
  CHECK_FALSE(berry->accepts(v1));
  CHECK(berry->accepts(v8));
  CHECK_FALSE(classic->accepts(v8));
  CHECK(analyzers::find_reader("yarn.lock", v1)->id() == "yarn/classic");
  CHECK(analyzers::find_reader("yarn.lock", v8)->id() == "yarn/berry");
}

TEST_CASE("yarn classic: every protocol, aliases, importer edges from the manifest", "[yarn]") {
  Project p;
  p.root.name = "app";
  p.root.version = "1.0.0";
  dep(p.root, "@scope/util", "^1.1.0");
  dep(p.root, "lp", "npm:left-pad@^1.3.0");
  dep(p.root, "is-number", "git+https://github.com/jonschlinkert/is-number.git#7.0.0");
  dep(p.root, "local-lib", "file:./vendor/local-lib");
  dep(p.root, "remote-tgz", "https://example.com/remote-tgz-2.0.0.tgz");
  dep(p.root, "left-pad", "~1.3.0", EdgeKind::dev);
  dep(p.root, "missing", "^1.0.0");
  auto g = read_classic(fixture("yarn-classic/protocols.v1.lock"), &p);
  REQUIRE(g.has_value());
  CHECK(g->format == "yarn-v1");
  CHECK(g->manager == "yarn");
  CHECK_FALSE(g->flags_recorded);

  const auto* util = find(*g, "@scope/util", "1.2.0");
  REQUIRE(util);
  CHECK(util->integrity == "sha512-AAAA");
  CHECK(util->source == Source::registry);
  CHECK_FALSE(util->dev);
  const auto* fse = find(*g, "fsevents");
  REQUIRE(fse);
  CHECK(fse->optional);
  REQUIRE(edge(*g, util, "fsevents"));
  CHECK(edge(*g, util, "fsevents")->kind == EdgeKind::optional);
  CHECK(find(*g, "is-number")->source == Source::git);
  CHECK(find(*g, "local-lib")->source == Source::directory);
  CHECK(find(*g, "remote-tgz")->source == Source::tarball);

  // The alias entry is the real package; the edge keeps the alias name.
  const core::Node* root = nullptr;
  for (const auto& n : g->nodes) {
    if (n.role == NodeRole::root) {
      root = &n;
    }
  }
  REQUIRE(root);
  const auto* lp = edge(*g, root, "lp");
  REQUIRE(lp);
  REQUIRE(lp->to != core::k_no_node);
  CHECK(g->nodes[lp->to].name == "left-pad");
  CHECK(g->nodes[lp->to].version == "1.3.0");
  // Manifest specs are kept (out-of-sync compares them); drift is k_no_node.
  const auto* missing = edge(*g, root, "missing");
  REQUIRE(missing);
  CHECK(missing->spec == "^1.0.0");
  CHECK(missing->to == core::k_no_node);
  // left-pad is reached through @scope/util (prod), so not dev.
  const auto* lp_dev = edge(*g, root, "left-pad");
  REQUIRE(lp_dev);
  CHECK_FALSE(g->nodes[lp_dev->to].dev);

  auto inv = core::make_inventory(*g);
  CHECK(inv.packages.size() == 6);
}

TEST_CASE("yarn classic: workspaces resolve to their nodes, link: becomes a linked dir",
          "[yarn]") {
  Project p;
  p.root.name = "mono";
  p.root.workspaces = {"packages/*"};
  core::Manifest a;
  a.name = "@m/a";
  a.version = "1.0.0";
  a.dir = "packages/a";
  a.path = "packages/a/package.json";
  dep(a, "@m/b", "1.0.0");
  dep(a, "shared", "link:../../shared");
  core::Manifest b;
  b.name = "@m/b";
  b.version = "1.0.0";
  b.dir = "packages/b";
  dep(b, "ms", "^2.1.0", EdgeKind::dev);
  p.workspaces = {a, b};
  auto g = read_classic(
      "# yarn lockfile v1\n\nms@^2.1.0:\n  version \"2.1.3\"\n  resolved "
      "\"https://registry.yarnpkg.com/ms/-/ms-2.1.3.tgz#x\"\n",
      &p);
  REQUIRE(g.has_value());
  const auto* wa = find(*g, "@m/a");
  REQUIRE(wa);
  CHECK(wa->role == NodeRole::workspace);
  CHECK(wa->path == "packages/a");
  const auto* to_b = edge(*g, wa, "@m/b");
  REQUIRE(to_b);
  REQUIRE(to_b->to != core::k_no_node);
  CHECK(g->nodes[to_b->to].path == "packages/b");
  const auto* shared = edge(*g, wa, "shared");
  REQUIRE(shared);
  REQUIRE(shared->to != core::k_no_node);
  CHECK(g->nodes[shared->to].role == NodeRole::linked_dir);
  CHECK(g->nodes[shared->to].path == "shared");
  CHECK(find(*g, "ms")->dev);
}

TEST_CASE("yarn classic: malformed input gives file:line:col and what was expected", "[yarn]") {
  CHECK(error_of(read_classic("")) ==
        "yarn.lock:1:1: empty file, expected a yarn lockfile (`# yarn lockfile v1` and entries)");
  CHECK(error_of(read_classic("# yarn lockfile v1\n\nms@^2:\n")) ==
        "yarn.lock:3:1: entry \"ms@^2\" has no version; every yarn.lock entry records one");
  // Truncated in the middle of a quoted value.
  CHECK(error_of(read_classic("# yarn lockfile v1\n\nms@^2:\n  version \"2.1")) ==
        "yarn.lock:4:11: unterminated quoted string (missing closing \")");
  // Truncated key line.
  CHECK(error_of(read_classic("# yarn lockfile v1\n\n\"ms@^2\"")).starts_with(
      "yarn.lock:3:8: expected ':' at the end of an entry's key line"));
  CHECK(error_of(read_classic("ms@^2:\n  version \"2.1.3\"\n    resolved \"x\"\n")) ==
        "yarn.lock:3:5: unexpected indentation: the line above has a value, so it cannot open a "
        "nested block");
  CHECK(error_of(read_classic("ms@^2:\n    version \"2.1.3\"\n  resolved \"x\"\n")) ==
        "yarn.lock:3:3: bad indentation: found 2 spaces, expected 4 to continue the block above or 0 "
        "to close it");
  CHECK(error_of(read_classic("ms@^2:\n\tversion \"2.1.3\"\n")) ==
        "yarn.lock:2:1: tab character in indentation; yarn.lock is indented with spaces");
  CHECK(error_of(read_classic("ms@^2:\n  version \"2.\xff\"\n")) ==
        "yarn.lock:2:14: invalid UTF-8 byte; a yarn.lock is UTF-8 text");
  CHECK(error_of(read_classic("notadescriptor:\n  version \"1\"\n")) ==
        "yarn.lock:1:1: entry key \"notadescriptor\" is not a descriptor (expected name@range)");
  CHECK(error_of(read_classic("# yarn lockfile v2\n")).starts_with(
      "yarn.lock:1:18: unsupported yarn lockfile version \"2\""));
  std::string deep = "a@1:\n";
  for (int i = 1; i < 40; ++i) {
    deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  }
  auto e = error_of(read_classic(deep));
  CHECK(e.find("nesting") != std::string::npos);
  CHECK(e.starts_with("yarn.lock:"));
}

TEST_CASE("yarn berry: every protocol, workspaces, links and patches", "[berry]") {
  Project p;
  p.root.name = "app";
  p.root.version = "2.0.0";
  dep(p.root, "@acme/lib", "workspace:^");
  dep(p.root, "lodash4", "npm:lodash@^4.17.21");
  dep(p.root, "local-dir", "file:./vendor/local-dir");
  dep(p.root, "local-tgz", "file:./vendor/local-tgz-1.0.0.tgz");
  dep(p.root, "linked", "link:./vendor/linked");
  dep(p.root, "portaled", "portal:./vendor/portaled");
  dep(p.root, "is-number", "github:jonschlinkert/is-number#7.0.0");
  dep(p.root, "remote", "https://example.com/remote-3.0.0.tgz");
  dep(p.root, "generated", "exec:./gen.js");
  dep(p.root, "fsevents", "^2.3.3", EdgeKind::optional);
  dep(p.root, "typescript", "^5.4.0", EdgeKind::dev);
  dep(p.root, "left-pad", "^1.3.0");  // not in the lockfile: drift
  core::Manifest lib;
  lib.name = "@acme/lib";
  lib.version = "0.3.0";
  lib.dir = "packages/lib";
  dep(lib, "ms", "^2.1.0");
  dep(lib, "react", "^18.0.0", EdgeKind::peer);
  lib.peer_optional["react"] = true;
  p.workspaces = {lib};

  auto g = read_berry(fixture("yarn-berry/protocols.v8.lock"), &p);
  REQUIRE(g.has_value());
  CHECK(g->format == "yarn-berry-v8");
  CHECK(g->lockfile_version == "8");

  const auto* root = find(*g, "app");
  REQUIRE(root);
  CHECK(root->role == NodeRole::root);
  CHECK(root->version == "2.0.0");  // from the manifest, not 0.0.0-use.local
  const auto* ws = find(*g, "@acme/lib");
  REQUIRE(ws);
  CHECK(ws->role == NodeRole::workspace);
  CHECK(ws->path == "packages/lib");
  CHECK(ws->version == "0.3.0");
  REQUIRE(edge(*g, root, "@acme/lib"));
  CHECK(edge(*g, root, "@acme/lib")->to == static_cast<core::NodeId>(ws - g->nodes.data()));
  REQUIRE(edge(*g, ws, "react"));
  CHECK(edge(*g, ws, "react")->kind == EdgeKind::peer_optional);

  CHECK(find(*g, "lodash", "4.17.21"));
  CHECK(g->nodes[edge(*g, root, "lodash4")->to].name == "lodash");
  CHECK(find(*g, "local-dir")->source == Source::directory);
  CHECK(find(*g, "local-tgz")->source == Source::tarball);
  CHECK(find(*g, "is-number")->source == Source::git);
  CHECK(find(*g, "remote")->source == Source::tarball);
  CHECK(find(*g, "generated")->source == Source::directory);
  const auto* linked = find(*g, "linked");
  REQUIRE(linked);
  CHECK(linked->role == NodeRole::linked_dir);
  CHECK(linked->path == "vendor/linked");
  const auto* portaled = find(*g, "portaled");
  REQUIRE(portaled);
  CHECK(portaled->role == NodeRole::linked_dir);
  CHECK(portaled->path == "vendor/portaled");
  CHECK(edge(*g, root, "portaled")->to == static_cast<core::NodeId>(portaled - g->nodes.data()));
  // The patched typescript is the same name@version as the original.
  int ts = 0;
  for (const auto& n : g->nodes) {
    if (n.name == "typescript") {
      CHECK(n.version == "5.4.5");
      CHECK(n.source == Source::registry);
      CHECK(n.has_bin);
      ++ts;
    }
  }
  CHECK(ts == 2);
  const auto* fse = find(*g, "fsevents");
  CHECK(fse->os == "darwin");
  CHECK(fse->optional);
  CHECK(g->nodes[edge(*g, root, "typescript")->to].dev);
  CHECK(edge(*g, root, "left-pad")->to == core::k_no_node);
  CHECK_FALSE(find(*g, "ms")->dev);

  auto inv = core::make_inventory(*g);
  std::vector<std::string> names;
  for (const auto& pk : inv.packages) {
    names.push_back(std::string(pk.name) + "@" + std::string(pk.version));
  }
  CHECK(names == std::vector<std::string>{"fsevents@2.3.3", "generated@1.0.0", "is-number@7.0.0",
                                          "local-dir@0.1.0", "local-tgz@1.0.0", "lodash@4.17.21",
                                          "ms@2.1.3", "remote@3.0.0", "typescript@5.4.5"});
  CHECK(inv.workspaces.size() == 3);  // @acme/lib, linked, portaled
}

TEST_CASE("yarn berry: v4 bare ranges resolve to npm: descriptors", "[berry]") {
  auto g = read_berry(fixture("yarn-berry/bare-ranges.v4.lock"));
  REQUIRE(g.has_value());
  CHECK(g->format == "yarn-berry-v4");
  const auto* debug = find(*g, "debug");
  REQUIRE(debug);
  const auto* ms = edge(*g, debug, "ms");
  REQUIRE(ms);
  REQUIRE(ms->to != core::k_no_node);
  CHECK(g->nodes[ms->to].version == "2.1.2");
  CHECK_FALSE(debug->dev);  // the root's lockfile entry is used without a manifest
}

TEST_CASE("yarn berry: every __metadata.version 4 to 10 reads, others are errors", "[berry]") {
  for (int v = 4; v <= 10; ++v) {
    auto g = read_berry(berry_with_version(std::to_string(v)));
    INFO("version " << v);
    REQUIRE(g.has_value());
    CHECK(g->lockfile_version == std::to_string(v));
  }
  CHECK(error_of(read_berry(berry_with_version("11"))) ==
        "yarn.lock:2:12: unsupported yarn lockfile __metadata.version 11; archgate reads berry "
        "lockfile versions 4 to 10");
  CHECK(error_of(read_berry(berry_with_version("3"))).starts_with(
      "yarn.lock:2:12: unsupported yarn lockfile __metadata.version 3;"));
  CHECK(error_of(read_berry(berry_with_version("ten"))) ==
        "yarn.lock:2:12: __metadata.version must be an integer, found \"ten\"");
}

TEST_CASE("yarn berry: malformed input gives file:line:col and what was expected", "[berry]") {
  CHECK(error_of(read_berry("\n\n")) ==
        "yarn.lock:1:1: empty file, expected a yarn lockfile with a __metadata block");
  std::string head = "__metadata:\n  version: 8\n\n";
  CHECK(error_of(read_berry(head + "\"ms@npm:^2\":\n  resolution: \"ms@npm:2.1.3\"\n")) ==
        "yarn.lock:4:1: entry \"ms@npm:^2\" has no version; every yarn.lock entry records one");
  CHECK(error_of(read_berry(head + "\"ms@npm:^2\":\n  version: 2.1.3\n")) ==
        "yarn.lock:4:1: entry \"ms@npm:^2\" has no resolution; every yarn.lock entry records "
        "one");
  // Truncated mid-entry.
  CHECK(error_of(read_berry(head + "\"ms@npm:^2\":\n  version: 2.1.3\n  resolution: \"ms@np")) ==
        "yarn.lock:6:15: unterminated quoted string (missing closing \")");
  CHECK(error_of(read_berry(head + "\"ms@npm:^2\":\n  version: 2.1.3\n resolution: x\n")) ==
        "yarn.lock:6:2: bad indentation: found 1 spaces, expected 2 to continue the block above or 0 "
        "to close it");
  CHECK(error_of(read_berry(head + "\"ms@npm:^2\":\n  version 2.1.3\n")) ==
        "yarn.lock:5:16: expected ':' after key \"version 2.1.3\"");
  CHECK(error_of(read_berry(head + "\"ms@npm:^2\":\n  - a\n")) ==
        "yarn.lock:5:3: YAML sequences are not part of the yarn.lock format");
  CHECK(error_of(read_berry("__metadata:\n  version: 8\n  cacheKey: \"\xc3\x28\"\n")) ==
        "yarn.lock:3:14: invalid UTF-8 byte; a yarn.lock is UTF-8 text");
  CHECK(error_of(read_berry(head + "\"nodescriptor\":\n  version: 1.0.0\n")) ==
        "yarn.lock:4:1: entry key \"nodescriptor\" has no descriptor (expected \"name@range, "
        "...\")");
  CHECK(error_of(read_berry("__metadata:\n  cacheKey: 8\n")) ==
        "yarn.lock:1:1: __metadata has no version; cannot tell the lockfile format");
  std::string deep = head + "\"a@npm:1\":\n";
  for (int i = 1; i < 40; ++i) {
    deep += std::string(static_cast<std::size_t>(i) * 2, ' ') + "k:\n";
  }
  CHECK(error_of(read_berry(deep)) ==
        "yarn.lock:37:67: nesting deeper than 32 levels; this is not a yarn lockfile");
}

TEST_CASE("yarn berry: package extensions and catalogs from .yarnrc.yml", "[berry]") {
  const auto& builtin = analyzers::yarn::builtin_package_extensions();
  REQUIRE_FALSE(builtin.empty());
  int hits = 0;
  builtin.for_each_match("@babel/parser", "7.20.0", [&](const auto& ext) {
    ++hits;
    CHECK(ext.dependencies.front().first == "@babel/types");
  });
  CHECK(hits == 1);
  // satisfiesWithPrereleases: a prerelease matches when its release would.
  hits = 0;
  builtin.for_each_match("gatsby-worker", "0.4.0-next.3", [&](const auto&) { ++hits; });
  CHECK(hits == 1);

  Project p;
  p.root.name = "app";
  dep(p.root, "pdfkit", "^0.17.2");
  dep(p.root, "zod", "catalog:");
  dep(p.root, "@types/node", "^22.0.0", EdgeKind::dev);
  p.snapshot.add(".yarnrc.yml",
                 "nodeLinker: node-modules\nplugins:\n  - path: x.cjs\ncatalog:\n  zod: "
                 "^3.25.0\npackageExtensions:\n  \"pdfkit@*\":\n    dependencies:\n      "
                 "\"@types/node\": \"^22.0.0\"\n");
  std::string lock =
      "__metadata:\n  version: 9\n\n"
      "\"@types/node@npm:^22.0.0\":\n  version: 22.1.0\n  resolution: \"@types/node@npm:22.1.0\"\n"
      "  languageName: node\n  linkType: hard\n\n"
      "\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n"
      "  dependencies:\n    pdfkit: \"npm:^0.17.2\"\n    zod: \"catalog:\"\n"
      "  languageName: unknown\n  linkType: soft\n\n"
      "\"pdfkit@npm:^0.17.2\":\n  version: 0.17.2\n  resolution: \"pdfkit@npm:0.17.2\"\n"
      "  languageName: node\n  linkType: hard\n\n"
      "\"zod@npm:^3.25.0\":\n  version: 3.25.76\n  resolution: \"zod@npm:3.25.76\"\n"
      "  languageName: node\n  linkType: hard\n";
  auto g = read_berry(lock, &p);
  REQUIRE(g.has_value());
  const auto* pdfkit = find(*g, "pdfkit");
  const auto* added = edge(*g, pdfkit, "@types/node");
  REQUIRE(added);
  REQUIRE(added->to != core::k_no_node);
  // Reached through the extension from a prod dependency: not dev.
  CHECK_FALSE(g->nodes[added->to].dev);
  const auto* root = find(*g, "app");
  REQUIRE(edge(*g, root, "zod"));
  CHECK(edge(*g, root, "zod")->spec == "catalog:");
  REQUIRE(edge(*g, root, "zod")->to != core::k_no_node);
  CHECK(g->nodes[edge(*g, root, "zod")->to].version == "3.25.76");

  p.snapshot.add(".yarnrc.yml", "packageExtensions:\n  \"pdfkit@*\":\n   - x\n");
  auto bad = read_berry(lock, &p);
  CHECK(error_of(bad) ==
        ".yarnrc.yml:3:4: YAML sequences are not part of the yarn.lock format (in the "
        "`packageExtensions` setting)");
}

TEST_CASE("yarn readers: CRLF line ends and a UTF-8 byte order mark are accepted",
          "[yarn][berry]") {
  auto berry_text = "\xEF\xBB\xBF" + berry_with_version("6");
  auto berry = analyzers::make_yarn_berry_reader();
  CHECK(berry->accepts(berry_text));
  auto g = read_berry(berry_text);
  REQUIRE(g.has_value());
  CHECK(find(*g, "ms", "2.1.3"));
  auto c = read_classic(
      "\xEF\xBB\xBF# yarn lockfile v1\r\n\r\nms@^2.1.0:\r\n  version \"2.1.3\"\r\n");
  REQUIRE(c.has_value());
  CHECK(find(*c, "ms", "2.1.3"));
}

TEST_CASE("yarn syml scanner: quoted keys, escapes and comments", "[yarn][berry]") {
  core::StringArena arena;
  std::string_view text = "a:\n  \"k\\\"q\": 'it''s' # c\n  plain: v # c\n";
  analyzers::yarn::Scanner sc(text, analyzers::yarn::Dialect::berry, arena);
  analyzers::yarn::Line l;
  REQUIRE(sc.next(l));
  CHECK(l.key == "a");
  CHECK_FALSE(l.has_value);
  REQUIRE(sc.next(l));
  CHECK(l.key == "k\"q");
  CHECK(l.value == "it's");
  CHECK(l.depth == 1);
  REQUIRE(sc.next(l));
  CHECK(l.value == "v");
  CHECK_FALSE(sc.next(l));
  CHECK_FALSE(sc.error());
}

// Issue "Gaps found on other projects' lockfiles", items 3 and 4: yarn 1
// installs neither a workspace's peerDependencies (a package reached only
// through them and the root's devDependencies is dev) nor a `link:` folder
// from the registry (it is a linked directory with its own version, not a
// package "name@0.0.0").
TEST_CASE("yarn classic: workspace peers create no edge; link: is a linked folder", "[yarn]") {
  Project p;
  p.root.name = "mono";
  dep(p.root, "react", "^18.0.0", EdgeKind::dev);
  dep(p.root, "tools", "link:./vendor/tools");
  core::Manifest ui;
  ui.name = "@mono/ui";
  ui.dir = "packages/ui";
  ui.path = "packages/ui/package.json";
  dep(ui, "react", "^18.0.0", EdgeKind::peer);
  p.workspaces.push_back(ui);
  p.snapshot.add("vendor/tools/package.json", R"({"name":"tools","version":"2.3.4"})");
  auto g = read_classic(R"(# yarn lockfile v1


loose-envify@^1.1.0:
  version "1.4.0"
  resolved "https://registry.yarnpkg.com/loose-envify/-/loose-envify-1.4.0.tgz"
  integrity sha512-AAAA

react@^18.0.0:
  version "18.3.1"
  resolved "https://registry.yarnpkg.com/react/-/react-18.3.1.tgz"
  integrity sha512-BBBB
  dependencies:
    loose-envify "^1.1.0"

"tools@link:./vendor/tools":
  version "0.0.0"
  uid ""
)",
                        &p);
  INFO((g ? std::string() : g.error().to_string()));
  REQUIRE(g);
  core::compute_flags(*g);
  auto inv = core::make_inventory(*g);
  REQUIRE(inv.packages.size() == 2);
  for (const auto& e : inv.packages) {
    INFO(e.name);
    CHECK(e.dev);  // react and loose-envify: only the root's devDependencies install them
    CHECK(e.name != "tools");
  }
  REQUIRE(inv.workspaces.size() == 2);  // packages/ui and the linked folder
  const auto& link = inv.workspaces[0].kind == "link" ? inv.workspaces[0] : inv.workspaces[1];
  CHECK(link.name == "tools");
  CHECK(link.version == "2.3.4");
  CHECK(link.path == "vendor/tools");
  CHECK(link.kind == "link");
}
