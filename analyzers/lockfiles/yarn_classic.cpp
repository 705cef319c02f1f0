// yarn/classic: yarn.lock as yarn 1 writes it (`# yarn lockfile v1`).
//
// The grammar is yarn 1's own, not YAML:
//
//   "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
//     version "7.29.7"
//     resolved "https://registry.yarnpkg.com/...#sha1"
//     integrity sha512-...
//     dependencies:
//       js-tokens "^4.0.0"
//
// One entry per resolved package, keyed by every descriptor (`name@range`)
// that resolved to it. A dependency `name "range"` resolves to the entry
// listing the descriptor `name@range`, so edges are a hash lookup. Aliases
// are descriptors whose range is `npm:real@range`; the node takes the real
// name and the edge keeps the alias.
//
// Workspaces and the root are not in the file: importer nodes and their
// edges come from the manifests. A workspace dependency on another
// workspace (not found as a descriptor) resolves to that workspace's node;
// any other manifest dependency not in the lockfile gets an edge to
// k_no_node, which is how drift shows. Dev/optional flags are not recorded;
// compute_flags() derives them from the importers' edges.
#include <string>
#include <unordered_map>

#include "analyzers/lockfiles/reader.hpp"
#include "core/text.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "analyzers/lockfiles/yarn_common.hpp"
#include "analyzers/lockfiles/yarn_syml.hpp"

namespace archgate::analyzers {

using core::DependencyGraph;
using core::EdgeKind;
using core::NodeId;
using core::Result;
using namespace yarn;

namespace {

core::Source classify_classic(std::string_view range, std::string_view resolved) {
  if (range.starts_with("file:")) {
    return is_tarball_path(range) || is_tarball_path(resolved) ? core::Source::tarball
                                                               : core::Source::directory;
  }
  if (range.starts_with("link:")) {
    return core::Source::link;
  }
  if (looks_like_git(range) || looks_like_git(resolved)) {
    return core::Source::git;
  }
  if (resolved.starts_with("http://") || resolved.starts_with("https://")) {
    return resolved.find("/-/") != std::string_view::npos ? core::Source::registry
                                                          : core::Source::tarball;
  }
  if (resolved.starts_with("file:")) {
    return is_tarball_path(resolved.substr(0, resolved.find('#'))) ? core::Source::tarball
                                                                   : core::Source::directory;
  }
  return core::Source::registry;
}

class ClassicParser {
 public:
  explicit ClassicParser(const LockfileInput& in) : m_in(in), m_text(*in.content) {}

  Result<DependencyGraph> run() {
    if (m_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return core::fail(m_in.path,
                        "empty file, expected a yarn lockfile (`# yarn lockfile v1` and entries)",
                        1, 1);
    }
    if (auto bad = core::find_invalid_utf8(m_text)) {
      auto [line, col] = Scanner(m_text, Dialect::classic, m_g.arena()).position(
          static_cast<std::uint32_t>(*bad));
      return core::fail(m_in.path, "invalid UTF-8 byte; a yarn.lock is UTF-8 text", line, col);
    }
    if (auto r = check_header(); !r) {
      return std::unexpected(r.error());
    }
    m_g.hold_text(m_in.content);
    m_g.lockfile_path = m_in.path;
    m_g.manager = "yarn";
    m_g.format = "yarn-v1";
    m_g.lockfile_version = "1";
    m_g.flags_recorded = false;
    m_g.install_scripts_recorded = false;
    m_by_desc.reserve(m_text.size() / 200);
    m_g.nodes.reserve(m_text.size() / 300);
    m_pending.reserve(m_text.size() / 80);

    if (auto r = parse(); !r) {
      return std::unexpected(r.error());
    }
    add_importers();
    link();
    m_g.finalize();
    core::compute_flags(m_g);
    return std::move(m_g);
  }

 private:
  // `# yarn lockfile v2` and later would be another format; refuse it.
  Result<void> check_header() {
    constexpr std::string_view k_marker = "# yarn lockfile v";
    auto at = m_text.find(k_marker);
    if (at == std::string_view::npos || at > 4096) {
      return {};
    }
    auto rest = m_text.substr(at + k_marker.size());
    auto ver = rest.substr(0, rest.find_first_of("\r\n"));
    if (ver != "1") {
      auto [line, col] = Scanner(m_text, Dialect::classic, m_g.arena())
                             .position(static_cast<std::uint32_t>(at + k_marker.size()));
      return core::fail(m_in.path,
                        "unsupported yarn lockfile version \"" + std::string(ver) +
                            "\"; archgate reads yarn classic lockfile v1",
                        line, col);
    }
    return {};
  }

  std::unexpected<core::Error> fail_at(std::uint32_t offset, std::string msg) {
    auto [line, col] = Scanner(m_text, Dialect::classic, m_g.arena()).position(offset);
    return std::unexpected(core::Error{m_in.path, line, col, std::move(msg)});
  }

  enum class Block : std::uint8_t { none, deps, optional_deps, skip };

  Result<void> finish_entry() {
    if (m_entry == core::k_no_node) {
      return {};
    }
    auto& n = m_g.nodes[m_entry];
    if (n.version.empty()) {
      return fail_at(n.offset, "entry \"" + std::string(m_entry_key) +
                                   "\" has no version; every yarn.lock entry records one");
    }
    n.source = classify_classic(m_entry_range, n.resolved);
    if (n.source == core::Source::link) {
      // "x@link:dir" (version "0.0.0"): a linked folder, not a package. Its
      // path is relative to the root; importers that declare it from
      // another folder get their own node in link().
      n.role = core::NodeRole::linked_dir;
      n.resolved = m_entry_range;
      if (auto path = core::normalize_path(m_entry_range.substr(5)); path && !path->empty()) {
        n.path = m_g.intern(*path);
        n.version = m_g.intern(linked_dir_version(m_in.snapshot, *path));
        m_links.emplace(*path, m_entry);
      }
      n.extraneous = true;  // until something links it (link())
    }
    m_entry = core::k_no_node;
    return {};
  }

  Result<void> parse() {
    Scanner sc(m_text, Dialect::classic, m_g.arena());
    Line l;
    Block block = Block::none;
    while (sc.next(l)) {
      if (l.depth == 0) {
        if (auto r = finish_entry(); !r) {
          return r;
        }
        if (auto r = start_entry(l); !r) {
          return r;
        }
        block = Block::none;
        continue;
      }
      auto& n = m_g.nodes[m_entry];
      if (l.depth == 1) {
        block = Block::none;
        if (l.has_value) {
          if (l.key == "version") {
            n.version = l.value;
          } else if (l.key == "resolved") {
            n.resolved = l.value;
          } else if (l.key == "integrity") {
            n.integrity = l.value;
          }
          continue;
        }
        if (l.key == "dependencies") {
          block = Block::deps;
        } else if (l.key == "optionalDependencies") {
          block = Block::optional_deps;
        } else {
          block = Block::skip;
        }
        continue;
      }
      if (block == Block::skip) {
        continue;
      }
      if (l.depth > 2 || block == Block::none) {
        return fail_at(l.key_offset, "unexpected nesting inside entry \"" +
                                         std::string(m_entry_key) + "\"");
      }
      if (!l.has_value) {
        return fail_at(l.key_offset, "expected `name \"range\"` in the dependency list of \"" +
                                         std::string(m_entry_key) + "\"");
      }
      m_pending.push_back({m_entry, l.key, l.value,
                           block == Block::deps ? EdgeKind::prod : EdgeKind::optional});
    }
    if (sc.error()) {
      return std::unexpected(scan_error(m_in.path, *sc.error()));
    }
    return finish_entry();
  }

  Result<void> start_entry(const Line& l) {
    core::Node n;
    n.offset = l.key_offset;
    n.has_install_script = std::nullopt;
    NodeId id = static_cast<NodeId>(m_g.nodes.size());
    bool first = true;
    std::string_view bad;
    bool ok = for_each_key(l.key, m_g.arena(), [&](std::string_view key, std::size_t) {
      std::string_view name;
      std::string_view range;
      if (!split_descriptor(key, name, range)) {
        if (bad.empty()) {
          bad = key;
        }
        return;
      }
      if (first) {
        first = false;
        m_entry_key = key;
        m_entry_range = range;
        n.name = name;
        n.path = key;
        if (range.starts_with("npm:")) {
          std::string_view real;
          std::string_view real_range;
          if (split_descriptor(range.substr(4), real, real_range)) {
            n.name = real;
            m_entry_range = real_range;
          }
        }
      }
      m_by_desc.emplace(name, range, id);
    });
    if (!ok) {
      return fail_at(l.key_offset, "malformed entry key list (expected `\"name@range\", ...:`)");
    }
    if (!bad.empty()) {
      return fail_at(l.key_offset, "entry key \"" + std::string(bad) +
                                       "\" is not a descriptor (expected name@range)");
    }
    m_g.add_node(n);
    m_entry = id;
    return {};
  }

  void add_importers() {
    core::Node root;
    root.role = core::NodeRole::root;
    if (m_in.root_manifest) {
      root.name = m_g.intern(m_in.root_manifest->name);
      root.version = m_g.intern(m_in.root_manifest->version);
    }
    m_importers.push_back({m_g.add_node(root), m_in.root_manifest});
    for (const auto* m : m_in.workspace_manifests) {
      if (!m) {
        continue;
      }
      core::Node w;
      w.role = core::NodeRole::workspace;
      w.name = m_g.intern(m->name);
      w.version = m_g.intern(m->version);
      w.path = m_g.intern(m->dir);
      auto id = m_g.add_node(w);
      m_importers.push_back({id, m});
      if (!w.name.empty()) {
        m_workspace_by_name.emplace(w.name, id);
      }
    }
  }

  NodeId resolve(std::string_view name, std::string_view range) {
    if (auto id = m_by_desc.find(name, range); id != core::k_no_node) {
      return id;
    }
    if (auto it = m_workspace_by_name.find(name); it != m_workspace_by_name.end()) {
      return it->second;
    }
    return core::k_no_node;
  }

  // A `link:` dependency is not in a classic lockfile; it installs the
  // directory as is. One linked_dir node per directory.
  NodeId linked_dir(std::string_view importer_dir, std::string_view name, std::string_view spec) {
    auto path = core::normalize_path(core::join_path(importer_dir, spec.substr(5)));
    if (!path) {
      return core::k_no_node;
    }
    if (auto it = m_links.find(*path); it != m_links.end()) {
      return it->second;
    }
    core::Node n;
    n.role = core::NodeRole::linked_dir;
    n.source = core::Source::link;
    n.name = m_g.intern(name);
    n.path = m_g.intern(*path);
    n.resolved = m_g.intern(spec);
    n.version = m_g.intern(linked_dir_version(m_in.snapshot, *path));
    auto id = m_g.add_node(n);
    m_links.emplace(*path, id);
    return id;
  }

  void link() {
    for (const auto& [id, m] : m_importers) {
      if (!m) {
        continue;
      }
      std::string dir = m->dir;
      for (const auto& d : m->dependencies) {
        auto kind = d.kind;
        if (kind == EdgeKind::peer) {
          auto it = m->peer_optional.find(d.name);
          if (it != m->peer_optional.end() && it->second) {
            kind = EdgeKind::peer_optional;
          }
        }
        auto name = m_g.intern(d.name);
        auto spec = m_g.intern(d.spec);
        // yarn 1 installs neither a workspace's peers nor its link: folders
        // from the lockfile: peers create no edge, link: points at the folder.
        if (kind == EdgeKind::peer || kind == EdgeKind::peer_optional) {
          continue;
        }
        NodeId to = core::k_no_node;
        if (spec.starts_with("link:")) {
          to = linked_dir(dir, name, spec);
          if (to != core::k_no_node) {
            m_g.nodes[to].extraneous = false;
          }
        } else if (auto found = m_by_desc.find(name, spec); found != core::k_no_node) {
          to = found;
        } else {
          to = resolve(name, spec);
        }
        m_g.add_edge(id, name, spec, kind, to);
      }
    }
    for (const auto& pe : m_pending) {
      auto to = resolve(pe.name, pe.range);
      if (to != core::k_no_node && m_g.nodes[to].role == core::NodeRole::linked_dir) {
        m_g.nodes[to].extraneous = false;
      }
      m_g.add_edge(pe.from, pe.name, pe.range, pe.kind, to);
    }
  }

  const LockfileInput& m_in;
  std::string_view m_text;
  DependencyGraph m_g;
  DescTable m_by_desc;
  std::vector<PendingEdge> m_pending;
  std::unordered_map<std::string_view, NodeId> m_workspace_by_name;
  std::unordered_map<std::string, NodeId> m_links;
  std::vector<std::pair<NodeId, const core::Manifest*>> m_importers;
  NodeId m_entry = core::k_no_node;
  std::string_view m_entry_key;
  std::string_view m_entry_range;
};

class YarnClassicReader final : public LockfileReader {
 public:
  [[nodiscard]] std::string_view id() const override { return "yarn/classic"; }
  [[nodiscard]] std::string_view manager() const override { return "yarn"; }
  [[nodiscard]] bool matches(std::string_view file_name) const override {
    return file_name == "yarn.lock";
  }
  // Berry files carry a `__metadata:` block; everything else is classic.
  [[nodiscard]] bool accepts(std::string_view content) const override {
    return !is_berry(content);
  }
  [[nodiscard]] Result<DependencyGraph> read(const LockfileInput& input) const override {
    ClassicParser p(input);
    return p.run();
  }
};

}  // namespace

std::unique_ptr<LockfileReader> make_yarn_classic_reader() {
  return std::make_unique<YarnClassicReader>();
}

}  // namespace archgate::analyzers
