// yarn/berry: yarn.lock as yarn 2+ writes it (`__metadata.version` 4 to 10).
//
// The file is "syml", a YAML subset (see yarn_syml.hpp):
//
//   __metadata:
//     version: 10
//     cacheKey: 10c0
//
//   "lodash@npm:^4.17.4, lodash@npm:^4.17.21":
//     version: 4.17.21
//     resolution: "lodash@npm:4.17.21"
//     dependencies:
//       foo: "npm:^1.0.0"        (v4-v6: `foo: ^1.0.0`, the npm: left out)
//     dependenciesMeta:
//       foo:
//         optional: true
//     checksum: 10c0/...
//     languageName: node
//     linkType: hard
//
// One entry per resolved package (a locator, `resolution`), keyed by every
// descriptor that resolved to it. A dependency `name: range` resolves to the
// entry whose key list contains `name@range`; we index descriptors with the
// default `npm:` protocol left out so both spellings meet. Descriptors of
// relative-path protocols (file:, link:, portal:, patch: with a local patch)
// are bound to the package that declared them (`::locator=...`); a second
// index, without the binding, finds those.
//
// Entries whose resolution is `name@workspace:path` are the importers (root
// at `workspace:.`). The lockfile merges each workspace's dev dependencies
// into `dependencies`, so importer edges come from the manifests when we have
// them, with `catalog:` ranges taken from .yarnrc.yml and `resolutions`
// overrides from the root manifest. `link:` and `portal:` entries are local
// directories (linked_dir); `file:` directories and tarballs are packages.
//
// Yarn adds dependencies through package extensions (its built-in list and
// .yarnrc.yml) that no entry lists; they are added as edges here so that the
// dev/optional flags computed by compute_flags() match what yarn installs.
#include <charconv>
#include <string>
#include <unordered_map>

#include "analyzers/lockfiles/reader.hpp"
#include "core/text.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "analyzers/lockfiles/yarn_common.hpp"
#include "analyzers/lockfiles/yarn_extensions.hpp"
#include "analyzers/lockfiles/yarn_syml.hpp"

namespace archgate::analyzers {

using core::DependencyGraph;
using core::EdgeKind;
using core::NodeId;
using core::Result;
using namespace yarn;

namespace {

inline constexpr int k_min_version = 4;
inline constexpr int k_max_version = 10;

std::string_view strip_npm(std::string_view range) {
  return range.starts_with("npm:") ? range.substr(4) : range;
}

// Source of a package from its locator reference (the part after name@).
core::Source classify_reference(std::string_view ref, std::string& scratch) {
  if (ref.starts_with("npm:")) {
    return core::Source::registry;
  }
  if (ref.starts_with("patch:")) {
    // patch:<url-encoded original locator>#<patch>::params
    auto inner = ref.substr(6);
    inner = inner.substr(0, inner.find('#'));
    url_decode(inner, scratch);
    std::string decoded = scratch;
    std::string_view name;
    std::string_view inner_ref;
    if (split_descriptor(decoded, name, inner_ref)) {
      return classify_reference(inner_ref, scratch);
    }
    return core::Source::registry;
  }
  if (ref.starts_with("file:")) {
    auto path = ref.substr(5);
    path = path.substr(0, path.find_first_of("#:"));
    return is_tarball_path(path) ? core::Source::tarball : core::Source::directory;
  }
  if (ref.starts_with("link:") || ref.starts_with("portal:")) {
    return core::Source::link;
  }
  if (ref.starts_with("exec:")) {
    return core::Source::directory;
  }
  if (looks_like_git(ref)) {
    return core::Source::git;
  }
  if (ref.starts_with("http://") || ref.starts_with("https://")) {
    return core::Source::tarball;
  }
  return core::Source::registry;
}

class BerryParser {
 public:
  explicit BerryParser(const LockfileInput& in) : m_in(in), m_text(*in.content) {}

  Result<DependencyGraph> run() {
    if (m_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return core::fail(m_in.path, "empty file, expected a yarn lockfile with a __metadata block",
                        1, 1);
    }
    if (auto bad = core::find_invalid_utf8(m_text)) {
      auto [line, col] = position(static_cast<std::uint32_t>(*bad));
      return core::fail(m_in.path, "invalid UTF-8 byte; a yarn.lock is UTF-8 text", line, col);
    }
    m_g.hold_text(m_in.content);
    m_g.lockfile_path = m_in.path;
    m_g.manager = "yarn";
    m_g.flags_recorded = false;
    m_g.install_scripts_recorded = false;
    m_by_desc.reserve(m_text.size() / 250);
    m_g.nodes.reserve(m_text.size() / 400);
    m_pending.reserve(m_text.size() / 100);

    if (auto r = parse(); !r) {
      return std::unexpected(r.error());
    }
    if (auto r = read_yarnrc(); !r) {
      return std::unexpected(r.error());
    }
    dedupe_links();
    add_importers();
    parse_overrides();
    link();
    m_g.finalize();
    core::compute_flags(m_g);
    compute_berry_flags();
    return std::move(m_g);
  }

 private:
  struct Entry {
    NodeId id;
    std::uint32_t pending_begin;
    std::uint32_t pending_end;
    std::string_view resolution;
  };

  std::pair<int, int> position(std::uint32_t offset) const {
    core::StringArena a;
    return Scanner(m_text, Dialect::berry, a).position(offset);
  }
  std::unexpected<core::Error> fail_at(std::uint32_t offset, std::string msg) const {
    auto [line, col] = position(offset);
    return std::unexpected(core::Error{m_in.path, line, col, std::move(msg)});
  }

  enum class Block : std::uint8_t { none, metadata, deps, peers, deps_meta, peers_meta, skip };

  Result<void> finish_entry() {
    if (m_entry == core::k_no_node) {
      return {};
    }
    auto& n = m_g.nodes[m_entry];
    auto& e = m_entries.back();
    e.pending_end = static_cast<std::uint32_t>(m_pending.size());
    if (e.resolution.empty()) {
      return fail_at(n.offset, "entry \"" + std::string(n.path) +
                                   "\" has no resolution; every yarn.lock entry records one");
    }
    if (n.version.empty()) {
      return fail_at(n.offset, "entry \"" + std::string(n.path) +
                                   "\" has no version; every yarn.lock entry records one");
    }
    // dependenciesMeta / peerDependenciesMeta come after the lists.
    for (auto [name, peer] : m_optional) {
      for (auto i = e.pending_begin; i < e.pending_end; ++i) {
        auto& pe = m_pending[i];
        if (pe.name != name) {
          continue;
        }
        if (peer && pe.kind == EdgeKind::peer) {
          pe.kind = EdgeKind::peer_optional;
        } else if (!peer && pe.kind == EdgeKind::prod) {
          pe.kind = EdgeKind::optional;
        }
      }
    }
    m_optional.clear();
    if (auto r = classify_entry(m_entry, e.resolution); !r) {
      return r;
    }
    m_entry = core::k_no_node;
    return {};
  }

  Result<void> classify_entry(NodeId id, std::string_view resolution) {
    auto& n = m_g.nodes[id];
    std::string_view name;
    std::string_view ref;
    if (!split_descriptor(resolution, name, ref)) {
      return fail_at(n.offset, "resolution \"" + std::string(resolution) +
                                   "\" is not a locator (expected name@reference)");
    }
    n.name = name;
    n.resolved = ref;
    if (ref.starts_with("workspace:")) {
      auto path = ref.substr(10);
      n.role = path == "." ? core::NodeRole::root : core::NodeRole::workspace;
      n.path = path == "." ? std::string_view{} : path;
      m_workspace_entries.push_back(static_cast<std::uint32_t>(m_entries.size() - 1));
      return {};
    }
    n.source = classify_reference(ref, m_scratch);
    if (ref.starts_with("link:") || ref.starts_with("portal:")) {
      n.role = core::NodeRole::linked_dir;
      n.path = m_g.intern(link_path(ref));
    }
    return {};
  }

  // The directory of a link:/portal: reference, relative to the repo root:
  // the path is relative to the workspace named by its `locator` binding.
  std::string link_path(std::string_view ref) {
    auto colon = ref.find(':');
    auto rest = ref.substr(colon + 1);
    auto params_at = rest.find("::");
    auto rel = rest.substr(0, params_at);
    std::string base;
    if (params_at != std::string_view::npos) {
      auto params = rest.substr(params_at + 2);
      auto loc = params.find("locator=");
      if (loc != std::string_view::npos) {
        auto enc = params.substr(loc + 8);
        enc = enc.substr(0, enc.find('&'));
        url_decode(enc, m_scratch);
        std::string_view lname;
        std::string_view lref;
        if (split_descriptor(m_scratch, lname, lref) && lref.starts_with("workspace:")) {
          base = lref.substr(10);
          if (base == ".") {
            base.clear();
          }
        }
      }
    }
    auto joined = core::normalize_path(core::join_path(base, rel));
    return joined ? *joined : std::string(rel);
  }

  Result<void> parse() {
    Scanner sc(m_text, Dialect::berry, m_g.arena());
    Line l;
    Block block = Block::none;
    std::string_view meta_name;
    bool saw_metadata = false;
    while (sc.next(l)) {
      if (l.depth == 0) {
        if (auto r = finish_entry(); !r) {
          return r;
        }
        if (l.has_value) {
          return fail_at(l.key_offset, "expected an entry (`\"name@range\":` followed by its "
                                       "fields), found a value for \"" +
                                           std::string(l.key) + "\"");
        }
        if (l.key == "__metadata") {
          saw_metadata = true;
          block = Block::metadata;
          continue;
        }
        if (!saw_metadata) {
          return fail_at(l.key_offset,
                         "missing __metadata block before the first entry; not a yarn berry "
                         "lockfile");
        }
        if (auto r = start_entry(l); !r) {
          return r;
        }
        block = Block::none;
        continue;
      }
      if (block == Block::metadata) {
        if (l.depth == 1 && l.has_value && l.key == "version") {
          if (auto r = check_version(l); !r) {
            return r;
          }
        } else if (l.depth == 1 && l.has_value && l.key == "cacheKey") {
          m_cache_key = l.value;
        }
        continue;
      }
      auto& n = m_g.nodes[m_entry];
      if (l.depth == 1) {
        block = Block::none;
        if (l.has_value) {
          field(n, l);
          continue;
        }
        if (l.key == "dependencies") {
          block = Block::deps;
        } else if (l.key == "peerDependencies") {
          block = Block::peers;
        } else if (l.key == "dependenciesMeta") {
          block = Block::deps_meta;
        } else if (l.key == "peerDependenciesMeta") {
          block = Block::peers_meta;
        } else {
          if (l.key == "bin") {
            n.has_bin = true;
          }
          block = Block::skip;
        }
        continue;
      }
      switch (block) {
        case Block::deps:
        case Block::peers:
          if (l.depth != 2 || !l.has_value) {
            return fail_at(l.key_offset, "expected `name: range` in the dependency list of \"" +
                                             std::string(n.path) + "\"");
          }
          m_pending.push_back({m_entry, l.key, l.value,
                               block == Block::deps ? EdgeKind::prod : EdgeKind::peer});
          break;
        case Block::deps_meta:
        case Block::peers_meta:
          if (l.depth == 2) {
            meta_name = l.key;
            // Older manifests key meta by name@version; the lockfile by name.
            std::string_view nm;
            std::string_view rg;
            if (split_descriptor(meta_name, nm, rg)) {
              meta_name = nm;
            }
          } else if (l.depth == 3 && l.has_value && l.key == "optional" && l.value == "true") {
            m_optional.emplace_back(meta_name, block == Block::peers_meta);
          }
          break;
        case Block::none:
          return fail_at(l.key_offset, "unexpected nesting inside entry \"" +
                                           std::string(n.path) + "\"");
        default:
          break;
      }
    }
    if (sc.error()) {
      return std::unexpected(scan_error(m_in.path, *sc.error()));
    }
    if (auto r = finish_entry(); !r) {
      return r;
    }
    if (!saw_metadata) {
      return core::fail(m_in.path, "missing __metadata block; not a yarn berry lockfile", 1, 1);
    }
    if (m_version < 0) {
      return core::fail(m_in.path, "__metadata has no version; cannot tell the lockfile format",
                        1, 1);
    }
    return {};
  }

  Result<void> check_version(const Line& l) {
    int v = 0;
    auto s = l.value;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || ptr != s.data() + s.size()) {
      return fail_at(l.value_offset, "__metadata.version must be an integer, found \"" +
                                         std::string(s) + "\"");
    }
    if (v < k_min_version || v > k_max_version) {
      return fail_at(l.value_offset,
                     "unsupported yarn lockfile __metadata.version " + std::string(s) +
                         "; archgate reads berry lockfile versions " +
                         std::to_string(k_min_version) + " to " + std::to_string(k_max_version));
    }
    m_version = v;
    m_g.lockfile_version = std::string(s);
    m_g.format = "yarn-berry-v" + std::string(s);
    return {};
  }

  void field(core::Node& n, const Line& l) {
    switch (l.key.empty() ? '\0' : l.key[0]) {
      case 'v':
        if (l.key == "version") {
          n.version = l.value;
        }
        break;
      case 'r':
        if (l.key == "resolution") {
          m_entries.back().resolution = l.value;
        }
        break;
      case 'c':
        if (l.key == "checksum") {
          n.integrity = l.value;
        } else if (l.key == "conditions") {
          conditions(n, l.value);
        }
        break;
      default:
        break;
    }
  }

  // `os=darwin & cpu=arm64` -> os "darwin", cpu "arm64".
  static void conditions(core::Node& n, std::string_view c) {
    std::size_t i = 0;
    while (i < c.size()) {
      auto amp = c.find('&', i);
      auto part = c.substr(i, amp == std::string_view::npos ? std::string_view::npos : amp - i);
      while (!part.empty() && part.front() == ' ') {
        part.remove_prefix(1);
      }
      while (!part.empty() && part.back() == ' ') {
        part.remove_suffix(1);
      }
      if (part.starts_with("os=")) {
        n.os = part.substr(3);
      } else if (part.starts_with("cpu=")) {
        n.cpu = part.substr(4);
      }
      if (amp == std::string_view::npos) {
        break;
      }
      i = amp + 1;
    }
  }

  Result<void> start_entry(const Line& l) {
    core::Node n;
    n.offset = l.key_offset;
    n.path = l.key;
    n.has_install_script = std::nullopt;
    NodeId id = m_g.add_node(n);
    m_entry = id;
    m_entries.push_back({id, static_cast<std::uint32_t>(m_pending.size()), 0, {}});
    bool any = false;
    for_each_berry_key(l.key, [&](std::string_view desc) {
      std::string_view name;
      std::string_view range;
      if (!split_descriptor(desc, name, range)) {
        return;
      }
      any = true;
      range = strip_npm(range);
      m_by_desc.emplace(name, range, id);
      auto params = range.find("::");
      if (params != std::string_view::npos) {
        m_bound.emplace(DescKey{name, range.substr(0, params)},
                        std::pair{range.substr(params + 2), id});
      }
    });
    if (!any) {
      return fail_at(l.key_offset, "entry key \"" + std::string(l.key) +
                                       "\" has no descriptor (expected \"name@range, ...\")");
    }
    return {};
  }

  Result<void> read_yarnrc() {
    m_extensions = &builtin_package_extensions();
    if (!m_in.snapshot || !m_in.snapshot->is_file(".yarnrc.yml")) {
      return {};
    }
    auto text = m_in.snapshot->read(".yarnrc.yml");
    if (!text) {
      return std::unexpected(text.error());
    }
    auto rc = parse_yarnrc(".yarnrc.yml", *text);
    if (!rc) {
      return std::unexpected(rc.error());
    }
    m_rc = std::move(*rc);
    if (!m_rc.package_extensions.empty()) {
      m_own_extensions = *m_extensions;
      for (auto& [name, ext] : m_rc.package_extensions) {
        m_own_extensions.add(name, ext);
      }
      m_extensions = &m_own_extensions;
    }
    return {};
  }

  struct Importer {
    NodeId id;
    const core::Manifest* manifest;
    const Entry* entry;  // null when the lockfile has no entry for it
  };

  void add_importers() {
    std::unordered_map<std::string_view, const core::Manifest*> by_dir;
    if (m_in.root_manifest) {
      by_dir.emplace(std::string_view{}, m_in.root_manifest);
    }
    for (const auto* m : m_in.workspace_manifests) {
      if (m) {
        by_dir.emplace(m->dir, m);
      }
    }
    std::unordered_map<std::string_view, bool> seen;
    for (auto idx : m_workspace_entries) {
      const auto& e = m_entries[idx];
      auto& n = m_g.nodes[e.id];
      const core::Manifest* m = nullptr;
      if (auto it = by_dir.find(n.path); it != by_dir.end()) {
        m = it->second;
        if (!m->name.empty()) {
          n.name = m_g.intern(m->name);
        }
        n.version = m_g.intern(m->version);
      }
      seen[n.path] = true;
      m_importers.push_back({e.id, m, &e});
    }
    // Manifests the lockfile does not know (a workspace added since the
    // last install): importers with unresolved edges.
    for (const auto& [dir, m] : by_dir) {
      if (seen.contains(dir)) {
        continue;
      }
      core::Node n;
      n.role = dir.empty() ? core::NodeRole::root : core::NodeRole::workspace;
      n.name = m_g.intern(m->name);
      n.version = m_g.intern(m->version);
      n.path = m_g.intern(dir);
      m_importers.push_back({m_g.add_node(n), m, nullptr});
    }
    if (!m_in.root_manifest && !seen.contains(std::string_view{})) {
      core::Node n;
      n.role = core::NodeRole::root;
      m_importers.push_back({m_g.add_node(n), nullptr, nullptr});
    }
    for (const auto& imp : m_importers) {
      if (m_g.nodes[imp.id].role == core::NodeRole::workspace && !m_g.nodes[imp.id].name.empty()) {
        m_workspace_by_name.emplace(m_g.nodes[imp.id].name, imp.id);
      }
    }
  }

  NodeId lookup(std::string_view name, std::string_view range, NodeId parent) {
    range = strip_npm(range);
    if (auto id = m_by_desc.find(name, range); id != core::k_no_node) {
      return id;
    }
    auto [b, e] = m_bound.equal_range(DescKey{name, range});
    if (b == e) {
      return core::k_no_node;
    }
    if (std::next(b) == e) {
      return b->second.second;
    }
    // Several bindings: the one naming the parent's locator.
    std::string_view parent_res;
    for (const auto& entry : m_entries) {
      if (entry.id == parent) {
        parent_res = entry.resolution;
        break;
      }
    }
    for (auto it = b; it != e; ++it) {
      auto params = it->second.first;
      auto loc = params.find("locator=");
      if (loc == std::string_view::npos) {
        continue;
      }
      auto enc = params.substr(loc + 8);
      url_decode(enc.substr(0, enc.find('&')), m_scratch);
      if (m_scratch == parent_res) {
        return it->second.second;
      }
    }
    return b->second.second;
  }

  struct Override {
    std::string_view parent;  // "" = applies everywhere
    std::string_view name;
    std::string_view range;  // "" = any range
    std::string_view spec;
  };

  // Root `resolutions` as (parent, name, range) -> spec. Patterns are
  // `name`, `name@range`, `**/name`, `parent/name` (scoped names keep their
  // slash: `@s/a/@s/b`).
  void parse_overrides() {
    if (!m_in.root_manifest) {
      return;
    }
    for (const auto& [pattern, spec] : m_in.root_manifest->resolutions) {
      std::vector<std::string_view> parts;
      std::string_view p = pattern;
      std::size_t i = 0;
      while (i < p.size()) {
        auto slash = p.find('/', i);
        if (p[i] == '@' && slash != std::string_view::npos) {
          slash = p.find('/', slash + 1);
        }
        auto end = slash == std::string_view::npos ? p.size() : slash;
        parts.push_back(p.substr(i, end - i));
        i = end + 1;
      }
      if (parts.empty()) {
        continue;
      }
      Override o;
      o.spec = spec;
      std::string_view target = parts.back();
      if (!split_descriptor(target, o.name, o.range)) {
        o.name = target;
      }
      if (parts.size() >= 2 && parts[parts.size() - 2] != "**") {
        std::string_view pr;
        if (!split_descriptor(parts[parts.size() - 2], o.parent, pr)) {
          o.parent = parts[parts.size() - 2];
        }
      }
      m_overrides.push_back(o);
    }
  }

  NodeId apply_override(const Override& o, std::string_view name, std::string_view range,
                        NodeId parent) {
    if (o.name != name || (!o.range.empty() && strip_npm(o.range) != strip_npm(range))) {
      return core::k_no_node;
    }
    auto to = lookup(name, o.spec, parent);
    if (to == core::k_no_node && o.spec.starts_with("workspace:")) {
      if (auto it = m_workspace_by_name.find(name); it != m_workspace_by_name.end()) {
        to = it->second;
      }
    }
    return to;
  }

  // Resolves a dependency the way yarn would find it in this lockfile: a
  // `resolutions` override scoped to the parent, the descriptor itself, a
  // global override, then (for workspace: ranges) the workspace by name.
  NodeId resolve(std::string_view name, std::string_view range, NodeId parent) {
    if (!m_overrides.empty() && parent != core::k_no_node) {
      auto pname = m_g.nodes[parent].name;
      for (const auto& o : m_overrides) {
        if (!o.parent.empty() && o.parent == pname) {
          if (auto to = apply_override(o, name, range, parent); to != core::k_no_node) {
            return to;
          }
        }
      }
    }
    auto to = lookup(name, range, parent);
    if (to != core::k_no_node) {
      return to;
    }
    for (const auto& o : m_overrides) {
      if (o.parent.empty()) {
        if (auto t = apply_override(o, name, range, parent); t != core::k_no_node) {
          return t;
        }
      }
    }
    if (range.starts_with("workspace:")) {
      if (auto it = m_workspace_by_name.find(name); it != m_workspace_by_name.end()) {
        return it->second;
      }
    }
    return core::k_no_node;
  }

  std::string_view catalog_range(const Importer& imp, std::string_view name,
                                 std::string_view spec) {
    auto cat = spec.substr(8);  // after "catalog:"
    auto it = m_rc.catalogs.find(std::string(cat));
    if (it != m_rc.catalogs.end()) {
      auto r = it->second.find(std::string(name));
      if (r != it->second.end()) {
        return m_g.intern(r->second);
      }
    }
    (void)imp;
    return spec;
  }

  void link() {
    for (const auto& imp : m_importers) {
      if (!imp.manifest) {
        if (imp.entry) {
          for (auto i = imp.entry->pending_begin; i < imp.entry->pending_end; ++i) {
            const auto& pe = m_pending[i];
            bool peer = pe.kind == EdgeKind::peer || pe.kind == EdgeKind::peer_optional;
            m_g.add_edge(imp.id, pe.name, pe.range, pe.kind,
                         peer ? core::k_no_node : resolve(pe.name, pe.range, imp.id));
          }
        }
        continue;
      }
      const auto* m = imp.manifest;
      for (const auto& d : m->dependencies) {
        auto kind = d.kind;
        auto name = m_g.intern(d.name);
        auto spec = m_g.intern(d.spec);
        NodeId to = core::k_no_node;
        if (kind == EdgeKind::peer) {
          // yarn never installs a workspace's peers itself; its parent does.
          auto it = m->peer_optional.find(d.name);
          if (it != m->peer_optional.end() && it->second) {
            kind = EdgeKind::peer_optional;
          }
        } else {
          auto range = spec.starts_with("catalog:") ? catalog_range(imp, name, spec) : spec;
          to = resolve(name, range, imp.id);
        }
        m_g.add_edge(imp.id, name, spec, kind, to);
      }
    }
    std::vector<char> is_importer_entry(m_g.nodes.size(), 0);
    for (const auto& imp : m_importers) {
      is_importer_entry[imp.id] = 1;
    }
    for (const auto& pe : m_pending) {
      if (is_importer_entry[pe.from]) {
        continue;
      }
      bool peer = pe.kind == EdgeKind::peer || pe.kind == EdgeKind::peer_optional;
      m_g.add_edge(pe.from, pe.name, pe.range, pe.kind,
                   peer ? core::k_no_node : resolve(pe.name, pe.range, pe.from));
    }
    add_extension_edges();
  }

  void add_extension_edges() {
    if (!m_extensions || m_extensions->empty()) {
      return;
    }
    for (const auto& e : m_entries) {
      const auto& n = m_g.nodes[e.id];
      if (n.role == core::NodeRole::root || n.role == core::NodeRole::workspace) {
        continue;
      }
      m_extensions->for_each_match(n.name, n.version, [&](const PackageExtension& ext) {
        auto has = [&](std::string_view dep, bool peer) {
          for (auto i = e.pending_begin; i < e.pending_end; ++i) {
            const auto& pe = m_pending[i];
            bool p = pe.kind == EdgeKind::peer || pe.kind == EdgeKind::peer_optional;
            if (p == peer && pe.name == dep) {
              return true;
            }
          }
          return false;
        };
        for (const auto& [dep, range] : ext.dependencies) {
          if (has(dep, false) || added(e.id, dep, false)) {
            continue;
          }
          auto dn = m_g.intern(dep);
          auto dr = m_g.intern(range);
          m_g.add_edge(e.id, dn, dr, EdgeKind::prod, resolve(dn, dr, e.id));
          m_added.emplace_back(e.id, dn, false);
        }
        for (const auto& [dep, range] : ext.peer_dependencies) {
          if (has(dep, true) || added(e.id, dep, true)) {
            continue;
          }
          auto dn = m_g.intern(dep);
          m_g.add_edge(e.id, dn, m_g.intern(range), EdgeKind::peer, core::k_no_node);
          m_added.emplace_back(e.id, dn, true);
        }
      });
    }
  }

  // Several link:/portal: entries may name the same directory (from
  // different workspaces, or under different names); yarn installs the
  // directory once, and the first entry (lockfile order) names it. Merge them
  // into one node before any edge is resolved.
  void dedupe_links() {
    std::unordered_map<std::string_view, NodeId> by_path;
    std::vector<NodeId> remap(m_g.nodes.size());
    bool any = false;
    for (NodeId id = 0; id < m_g.nodes.size(); ++id) {
      remap[id] = id;
      const auto& n = m_g.nodes[id];
      if (n.role != core::NodeRole::linked_dir) {
        continue;
      }
      auto [it, inserted] = by_path.emplace(n.path, id);
      if (!inserted) {
        remap[id] = it->second;
        any = true;
      }
    }
    if (!any) {
      return;
    }
    // Compact: drop merged nodes, renumber everything that holds an id.
    std::vector<NodeId> new_id(m_g.nodes.size(), core::k_no_node);
    std::vector<core::Node> kept;
    kept.reserve(m_g.nodes.size());
    for (NodeId id = 0; id < m_g.nodes.size(); ++id) {
      if (remap[id] == id) {
        new_id[id] = static_cast<NodeId>(kept.size());
        kept.push_back(m_g.nodes[id]);
      }
    }
    auto map = [&](NodeId id) { return new_id[remap[id]]; };
    m_g.nodes = std::move(kept);
    m_by_desc.remap(map);
    for (auto& [k, v] : m_bound) {
      v.second = map(v.second);
    }
    for (auto& pe : m_pending) {
      pe.from = map(pe.from);
    }
    for (auto& e : m_entries) {
      e.id = map(e.id);
    }
  }

  // Dev/optional the way yarn's own traversal sees a berry project (the
  // oracle's method): roots are every importer's manifest dependencies. A
  // manifest edge into another workspace is not followed (that workspace is
  // a root already), but a workspace pulled in by a *package* — through a
  // `resolutions` override such as `"@babel/parser/@babel/types":
  // "workspace:*"` — is installed as a dependency and expanded through its
  // lockfile entry, which lists its dependencies and devDependencies merged
  // (all as regular dependencies), transitively. compute_flags() only knows
  // the manifest edges; this pass corrects its answer when such edges exist.
  void compute_berry_flags() {
    std::vector<const Entry*> entry_of(m_g.nodes.size(), nullptr);
    bool any_ws_dep = false;
    for (const auto& imp : m_importers) {
      entry_of[imp.id] = imp.entry;
    }
    for (const auto& e : m_g.edges) {
      if (e.to != core::k_no_node && m_g.is_importer(e.to) && !m_g.is_importer(e.from)) {
        any_ws_dep = true;
      }
    }
    if (!any_ws_dep) {
      return;  // compute_flags() already has the answer
    }
    auto reach = [&](auto follow) {
      std::vector<char> seen(m_g.nodes.size(), 0);
      std::vector<char> expanded(m_g.nodes.size(), 0);
      std::vector<std::pair<NodeId, bool>> stack;
      for (NodeId id = 0; id < m_g.nodes.size(); ++id) {
        if (m_g.is_importer(id)) {
          stack.emplace_back(id, false);
        }
      }
      auto visit = [&](NodeId to, EdgeKind kind, bool from_manifest) {
        if (to == core::k_no_node || !follow(kind)) {
          return;
        }
        if (m_g.is_importer(to)) {
          // A manifest edge to a workspace reaches a root that is walked
          // anyway; only a package (or an expanded workspace) pulling a
          // workspace in installs it as a dependency.
          if (!from_manifest && !expanded[to]) {
            expanded[to] = 1;
            stack.emplace_back(to, true);
          }
        } else if (!seen[to]) {
          seen[to] = 1;
          stack.emplace_back(to, false);
        }
      };
      while (!stack.empty()) {
        auto [id, as_dep] = stack.back();
        stack.pop_back();
        const Entry* entry = as_dep ? entry_of[id] : nullptr;
        if (entry) {
          for (auto i = entry->pending_begin; i < entry->pending_end; ++i) {
            const auto& pe = m_pending[i];
            if (pe.kind == EdgeKind::peer || pe.kind == EdgeKind::peer_optional) {
              continue;
            }
            visit(resolve(pe.name, pe.range, id), pe.kind, false);
          }
        } else {
          bool manifest = m_g.is_importer(id);
          for (const auto& e : m_g.out_edges(id)) {
            visit(e.to, e.kind, manifest);
          }
        }
      }
      return seen;
    };
    auto non_dev = reach([](EdgeKind k) { return k != EdgeKind::dev; });
    auto non_optional = reach([](EdgeKind k) {
      return k == EdgeKind::prod || k == EdgeKind::dev || k == EdgeKind::peer;
    });
    for (NodeId id = 0; id < m_g.nodes.size(); ++id) {
      auto& n = m_g.nodes[id];
      if (m_g.is_importer(id)) {
        continue;
      }
      n.dev = !non_dev[id];
      n.optional = !non_optional[id];
      n.dev_optional = n.dev && n.optional;
    }
  }

  bool added(NodeId id, std::string_view dep, bool peer) const {
    for (const auto& [i, d, p] : m_added) {
      if (i == id && d == dep && p == peer) {
        return true;
      }
    }
    return false;
  }

  const LockfileInput& m_in;
  std::string_view m_text;
  DependencyGraph m_g;
  DescTable m_by_desc;
  std::unordered_multimap<DescKey, std::pair<std::string_view, NodeId>, DescHash> m_bound;
  std::vector<PendingEdge> m_pending;
  std::vector<Entry> m_entries;
  std::vector<std::uint32_t> m_workspace_entries;
  std::vector<std::pair<std::string_view, bool>> m_optional;  // name, peer
  std::vector<Importer> m_importers;
  std::vector<Override> m_overrides;
  std::unordered_map<std::string_view, NodeId> m_workspace_by_name;
  std::vector<std::tuple<NodeId, std::string_view, bool>> m_added;
  const PackageExtensions* m_extensions = nullptr;
  PackageExtensions m_own_extensions;
  YarnRc m_rc;
  NodeId m_entry = core::k_no_node;
  int m_version = -1;
  std::string_view m_cache_key;
  std::string m_scratch;
};

class YarnBerryReader final : public LockfileReader {
 public:
  [[nodiscard]] std::string_view id() const override { return "yarn/berry"; }
  [[nodiscard]] std::string_view manager() const override { return "yarn"; }
  [[nodiscard]] bool matches(std::string_view file_name) const override {
    return file_name == "yarn.lock";
  }
  [[nodiscard]] bool accepts(std::string_view content) const override { return is_berry(content); }
  [[nodiscard]] Result<DependencyGraph> read(const LockfileInput& input) const override {
    BerryParser p(input);
    return p.run();
  }
};

}  // namespace

std::unique_ptr<LockfileReader> make_yarn_berry_reader() {
  return std::make_unique<YarnBerryReader>();
}

}  // namespace archgate::analyzers
