// pnpm/pnpm-lock: pnpm-lock.yaml, lockfileVersion 5.x, 6.x, 9.x and 13.x.
//
// What each version records (docs/formats/pnpm.md has the long form):
// - 5.x: `/name/1.0.0_peer@2.0.0` keys in `packages`; importers (or, for a
//   single project, top-level `specifiers` + dependency blocks) map a name
//   to a reference (`1.0.0_peer…`, `/real/1.0.0` for aliases, `link:dir`,
//   `file:dir`, `github.com/…`). Entries record dev/optional/requiresBuild.
// - 6.x: keys `/name@1.0.0(peer@2.0.0)`; importer deps are
//   `{specifier, version}` maps. Same flags.
// - 9.x: `packages` (metadata, keys without peers) and `snapshots` (one per
//   installed instance, with peers, dependencies and `optional`). No dev
//   and no requiresBuild: dev is derived by compute_flags().
//   pnpm 11+ may put an env document (config dependencies, the pinned pnpm)
//   in front: a file that starts with "---\n" holds the project lockfile
//   after the next "\n---\n".
// - 13.x (pnpm 12, opt-in): JSON-like flow YAML with `projects`,
//   `packages` (metadata and dependencies together, peer variants under
//   `snapshots`) and `settings.catalogs`.
//
// Every installed instance becomes a node (a 5.x/6.x `packages` key, a 9.x
// snapshot key, a 13.x entry or peer variant); importers become root /
// workspace nodes; `link:` targets that are not importers become linked_dir
// nodes. References are turned into keys the way pnpm's dependency-path
// does (refToRelative), then looked up.
//
// Performance: the YAML is read by the subset scanner in pnpm_yaml.cpp (one
// pass, views into the text), then each section is walked once; keys are
// looked up in hash maps of views. Only the few strings pnpm does not write
// literally (joined os/cpu lists, built keys for lookup) are copied.
#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/lockfiles/pnpm_yaml.hpp"
#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "analyzers/manifest/package_json.hpp"
#include "core/text.hpp"
#include "core/json_util.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

using core::DependencyGraph;
using core::EdgeKind;
using core::NodeId;
using core::Result;
using pnpm::k_none;
using pnpm::YKind;
using pnpm::YTree;

namespace {

struct Pending {
  NodeId from;
  std::string_view alias;
  std::string_view spec;
  std::string_view ref;
  EdgeKind kind;
};

// Where the peer suffix of a dependency path starts ("(peer@1)(other@2)" at
// the end), or npos.
std::size_t peers_suffix_at(std::string_view dep_path) {
  if (dep_path.empty() || dep_path.back() != ')') {
    return std::string_view::npos;
  }
  // Walk back over balanced "(...)" groups (they nest: "(vite@7(@types/node@22))").
  int depth = 0;
  for (std::size_t i = dep_path.size(); i-- > 0;) {
    char c = dep_path[i];
    if (c == ')') {
      ++depth;
    } else if (c == '(') {
      if (--depth < 0) {
        return std::string_view::npos;
      }
      if (depth == 0 && (i == 0 || dep_path[i - 1] != ')')) {
        return i == 0 ? std::string_view::npos : i;
      }
    } else if (depth == 0) {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

// "name@version" -> (name, version); a leading '@' belongs to the scope.
std::pair<std::string_view, std::string_view> split_name_version(std::string_view s) {
  auto at = s.find('@', 1);
  if (at == std::string_view::npos) {
    return {s, {}};
  }
  return {s.substr(0, at), s.substr(at + 1)};
}

// Why a hand-written map: the 9.x reader looks up every snapshot key and
// every dependency reference (~50k lookups on a large monorepo); with
// std::unordered_map the node-per-entry layout made those lookups a quarter
// of the read time (cache misses). Open addressing over one array, with the
// hash stored beside the key, keeps them to one or two cache lines.
inline std::uint64_t hash_key(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  std::uint64_t w = 0;
  if (n > 0) {  // an empty key's data() may be null: memcpy from null is UB even for 0 bytes
    std::memcpy(&w, p, n);
  }
  h = (h ^ w) * 0x94d049bb133111ebULL;
  h ^= h >> 29;
  return h;
}

template <class V>
class FlatKeyMap {
 public:
  void reserve(std::size_t n) {
    std::size_t cap = 16;
    while (cap < n * 2) {
      cap *= 2;
    }
    if (cap > m_slots.size()) {
      rehash(cap);
    }
  }
  // Inserts key -> value unless present; false when it was present.
  bool emplace(std::string_view key, V value) {
    if ((m_size + 1) * 2 > m_slots.size()) {
      rehash(m_slots.empty() ? 16 : m_slots.size() * 2);
    }
    auto h = hash_key(key);
    std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      auto& s = m_slots[i];
      if (!s.used) {
        s = Slot{key, h, value, true};
        ++m_size;
        return true;
      }
      if (s.hash == h && s.key == key) {
        return false;
      }
    }
  }
  [[nodiscard]] const V* find(std::string_view key) const {
    if (m_slots.empty()) {
      return nullptr;
    }
    auto h = hash_key(key);
    std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const auto& s = m_slots[i];
      if (!s.used) {
        return nullptr;
      }
      if (s.hash == h && s.key == key) {
        return &s.value;
      }
    }
  }

 private:
  struct Slot {
    std::string_view key;
    std::uint64_t hash = 0;
    V value{};
    bool used = false;
  };
  void rehash(std::size_t cap) {
    std::vector<Slot> old = std::move(m_slots);
    m_slots.assign(cap, Slot{});
    m_size = 0;
    for (const auto& s : old) {
      if (s.used) {
        std::size_t mask = cap - 1;
        for (std::size_t i = s.hash & mask;; i = (i + 1) & mask) {
          if (!m_slots[i].used) {
            m_slots[i] = s;
            ++m_size;
            break;
          }
        }
      }
    }
  }
  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
};

class PnpmParser {
 public:
  explicit PnpmParser(const LockfileInput& in) : m_in(in), m_text(*in.content) {}

  Result<DependencyGraph> run() {
    const std::string& path = m_in.path;
    if (m_text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      return core::fail(path, "empty file, expected a pnpm lockfile starting with lockfileVersion",
                        1, 1);
    }
    if (auto bad = core::find_invalid_utf8(m_text)) {
      return fail_at(*bad, "invalid UTF-8 (pnpm lockfiles are UTF-8 text)");
    }
    // YAML (and js-yaml, which pnpm reads with) rejects C0 controls other
    // than tab and line breaks, and DEL; libfyaml would cut a scalar at NUL.
    // Branch-free so the compiler vectorises it.
    {
      unsigned bad = 0;
      for (char ch : m_text) {
        auto c = static_cast<unsigned char>(ch);
        bad |= static_cast<unsigned>((c < 0x20 && c != '\t' && c != '\n' && c != '\r') | (c == 0x7f));
      }
      if (bad) {
        std::size_t i = 0;
        while (i < m_text.size()) {
          auto c = static_cast<unsigned char>(m_text[i]);
          if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            break;
          }
          ++i;
        }
        char hex[8];
        std::snprintf(hex, sizeof hex, "%02X", static_cast<unsigned char>(m_text[i]));
        return fail_at(i, std::string("control character U+00") + hex +
                              " is not allowed in YAML");
      }
    }
    // pnpm 11+: an env document first. Only the project lockfile after it is
    // installed.
    std::size_t begin = 0;
    std::size_t end = m_text.size();
    if (m_text.starts_with("---\n") || m_text.starts_with("---\r\n")) {
      auto sep = m_text.find("\n---\n", 3);
      auto sep_crlf = m_text.find("\n---\r\n", 3);
      std::size_t skip = 5;
      if (sep_crlf < sep) {
        sep = sep_crlf;
        skip = 6;
      }
      if (sep == std::string_view::npos) {
        // Only the env document: no project lockfile, nothing installed.
        m_g.hold_text(m_in.content);
        m_g.lockfile_path = path;
        m_g.manager = "pnpm";
        m_g.format = "pnpm-env-only";
        core::Node root;
        root.role = core::NodeRole::root;
        fill_importer(root, "");
        m_g.add_node(root);
        m_g.finalize();
        return std::move(m_g);
      }
      begin = sep + skip;
    }
    m_g.hold_text(m_in.content);
    m_g.lockfile_path = path;
    m_g.manager = "pnpm";
    auto tree = pnpm::parse_pnpm_yaml(path, m_text, begin, end - begin, m_g.arena());
    if (!tree) {
      return std::unexpected(tree.error());
    }
    m_t = std::move(*tree);
    if (m_t.root == k_none || m_t[m_t.root].kind != YKind::map) {
      return fail_at(m_t.root == k_none ? begin : m_t[m_t.root].offset,
                     "expected a mapping (lockfileVersion, importers, packages…) at the top level");
    }
    auto ver = m_t.find(m_t.root, "lockfileVersion");
    if (ver == k_none) {
      return fail_at(begin, "missing lockfileVersion; this is not a pnpm lockfile archgate can read");
    }
    if (m_t[ver].kind != YKind::scalar) {
      return fail_at(m_t[ver].offset, "lockfileVersion must be a string such as '9.0'");
    }
    std::string_view v = m_t[ver].value;
    auto major_end = v.find_first_not_of("0123456789");
    std::string_view major = v.substr(0, major_end);
    if (major == "5") {
      m_major = 5;
    } else if (major == "6") {
      m_major = 6;
    } else if (major == "9") {
      m_major = 9;
    } else if (major == "13") {
      m_major = 13;
    } else {
      return fail_at(m_t[ver].offset, "unsupported pnpm lockfileVersion '" + std::string(v) +
                                          "'; archgate reads 5.x, 6.x, 9.x and 13.x");
    }
    if (major_end != std::string_view::npos && v[major_end] != '.') {
      return fail_at(m_t[ver].offset, "unsupported pnpm lockfileVersion '" + std::string(v) +
                                          "'; archgate reads 5.x, 6.x, 9.x and 13.x");
    }
    m_g.lockfile_version = std::string(v);
    m_g.format = "pnpm-v" + std::string(major);
    m_g.flags_recorded = m_major <= 6;
    m_g.install_scripts_recorded = m_major <= 6;

    Result<void> r;
    if (m_major == 13) {
      r = read_v13();
    } else {
      r = read_importers();
      if (r) {
        r = m_major == 9 ? read_v9_packages() : read_v5_v6_packages();
      }
    }
    if (!r) {
      return std::unexpected(r.error());
    }
    if (auto e = resolve_edges(); !e) {
      return std::unexpected(e.error());
    }
    m_g.finalize();
    if (m_major >= 9) {
      compute_flags(m_g);
      for (NodeId id = 0; id < m_g.nodes.size(); ++id) {
        if (m_g.nodes[id].role == core::NodeRole::package) {
          m_g.nodes[id].optional = id < m_optional.size() && m_optional[id];
          m_g.nodes[id].dev_optional = m_g.nodes[id].dev && m_g.nodes[id].optional;
        }
      }
    }
    return std::move(m_g);
  }

 private:
  // ---- errors ---------------------------------------------------------------
  std::unexpected<core::Error> fail_at(std::size_t offset, std::string msg) const {
    return std::unexpected(core::json::error_at(m_in.path, m_text, offset, std::move(msg)));
  }
  std::unexpected<core::Error> type_error(std::uint32_t node, std::string what, std::string expected) const {
    return fail_at(m_t[node].offset, what + " must be " + expected);
  }

  // ---- tree helpers -----------------------------------------------------------
  [[nodiscard]] std::string_view scalar(std::uint32_t map, std::string_view key) const {
    auto c = m_t.find(map, key);
    if (c == k_none || m_t[c].kind != YKind::scalar || m_t.is_null(c)) {
      return {};
    }
    return m_t[c].value;
  }
  [[nodiscard]] bool flag(std::uint32_t map, std::string_view key) const {
    return scalar(map, key) == "true";
  }
  // A mapping child, k_none when absent or null; an error when it has another type.
  Result<std::uint32_t> map_child(std::uint32_t map, std::string_view key, std::string_view ctx) const {
    auto c = m_t.find(map, key);
    if (c == k_none || m_t.is_null(c)) {
      return k_none;
    }
    if (m_t[c].kind != YKind::map) {
      return type_error(c, std::string(ctx) + "." + std::string(key), "a mapping");
    }
    return c;
  }
  // A sequence of scalars (or one scalar) joined with ','.
  std::string_view joined(std::uint32_t c) {
    if (m_t[c].kind == YKind::scalar) {
      return m_t[c].value;
    }
    if (m_t[c].kind != YKind::seq) {
      return {};
    }
    auto first = m_t[c].first_child;
    if (first != k_none && m_t[first].next == k_none) {
      return m_t[first].value;
    }
    std::string out;
    for (auto e = first; e != k_none; e = m_t[e].next) {
      if (!out.empty()) {
        out += ',';
      }
      out += m_t[e].value;
    }
    return m_g.intern(out);
  }

  // ---- importers ----------------------------------------------------------------
  // Name and version of an importer or linked directory from its package.json.
  void fill_importer(core::Node& n, std::string_view dir) {
    if (dir.empty()) {
      if (m_in.root_manifest) {
        n.name = m_g.intern(m_in.root_manifest->name);
        n.version = m_g.intern(m_in.root_manifest->version);
      }
      return;
    }
    for (const auto* m : m_in.workspace_manifests) {
      if (m && m->dir == dir) {
        n.name = m_g.intern(m->name);
        n.version = m_g.intern(m->version);
        return;
      }
    }
    if (const auto* m = manifest_at(dir)) {
      n.name = m_g.intern(m->name);
      n.version = m_g.intern(m->version);
    }
  }
  const core::Manifest* manifest_at(std::string_view dir) {
    std::string key(dir);
    if (auto it = m_manifests.find(key); it != m_manifests.end()) {
      return it->second ? &*it->second : nullptr;
    }
    std::optional<core::Manifest> m;
    if (m_in.snapshot) {
      auto file = core::join_path(dir, "package.json");
      if (m_in.snapshot->is_file(file)) {
        if (auto text = m_in.snapshot->read(file)) {
          if (auto parsed = parse_package_json(file, *text)) {
            m = std::move(*parsed);
          }
        }
      }
    }
    auto& slot = m_manifests[key];
    slot = std::move(m);
    return slot ? &*slot : nullptr;
  }

  NodeId add_importer(std::string_view key, std::size_t offset) {
    core::Node n;
    bool root = key == "." || key.empty();
    n.role = root ? core::NodeRole::root : core::NodeRole::workspace;
    n.path = root ? std::string_view{} : key;
    n.offset = static_cast<std::uint32_t>(offset);
    fill_importer(n, n.path);
    auto id = m_g.add_node(n);
    m_importers.emplace(n.path, id);
    return id;
  }

  Result<void> read_importer_deps(std::uint32_t imp, NodeId id, std::string_view ctx) {
    auto specs = map_child(imp, "specifiers", ctx);
    if (!specs) {
      return std::unexpected(specs.error());
    }
    static constexpr std::pair<std::string_view, EdgeKind> k_blocks[] = {
        {"dependencies", EdgeKind::prod},
        {"devDependencies", EdgeKind::dev},
        {"optionalDependencies", EdgeKind::optional}};
    for (const auto& [block, kind] : k_blocks) {
      auto b = map_child(imp, block, ctx);
      if (!b) {
        return std::unexpected(b.error());
      }
      if (*b == k_none) {
        continue;
      }
      for (auto d = m_t[*b].first_child; d != k_none; d = m_t[d].next) {
        const auto& dn = m_t[d];
        std::string_view spec;
        std::string_view ref;
        if (dn.kind == YKind::map) {
          spec = scalar(d, "specifier");
          ref = scalar(d, "version");
          if (ref.empty()) {
            return fail_at(dn.offset, std::string(ctx) + "." + std::string(block) + "." +
                                          std::string(dn.key) + " has no version");
          }
        } else if (dn.kind == YKind::scalar) {
          ref = dn.value;
          if (*specs != k_none) {
            spec = scalar(*specs, dn.key);
          }
        } else {
          return type_error(d, std::string(ctx) + "." + std::string(block) + "." + std::string(dn.key),
                            "a version or a {specifier, version} mapping");
        }
        m_pending.push_back({id, dn.key, spec, ref, kind});
      }
    }
    return {};
  }

  Result<void> read_importers() {
    auto imps = map_child(m_t.root, "importers", "lockfile");
    if (!imps) {
      return std::unexpected(imps.error());
    }
    if (*imps == k_none) {
      // A single project: the root's blocks are at the top level.
      auto id = add_importer(".", 0);
      return read_importer_deps(m_t.root, id, "lockfile");
    }
    bool have_root = false;
    for (auto i = m_t[*imps].first_child; i != k_none; i = m_t[i].next) {
      const auto& in = m_t[i];
      if (in.kind != YKind::map && !m_t.is_null(i)) {
        return type_error(i, "importers." + std::string(in.key), "a mapping");
      }
      have_root = have_root || in.key == ".";
      if (m_importers.contains(in.key == "." ? std::string_view{} : in.key)) {
        return fail_at(in.offset, "duplicate importer '" + std::string(in.key) + "'");
      }
      add_importer(in.key, in.offset);
    }
    if (!have_root) {
      add_importer(".", m_t[*imps].offset);
    }
    for (auto i = m_t[*imps].first_child; i != k_none; i = m_t[i].next) {
      if (m_t[i].kind != YKind::map) {
        continue;
      }
      auto key = m_t[i].key == "." ? std::string_view{} : m_t[i].key;
      if (auto r = read_importer_deps(i, m_importers[key], "importers['" + std::string(m_t[i].key) + "']");
          !r) {
        return r;
      }
    }
    return {};
  }

  // ---- package metadata ----------------------------------------------------------
  // Resolution, engines, platform, flags of a `packages` entry into `n`.
  void fill_meta(core::Node& n, std::uint32_t meta) {
    // One pass over the entry's fields (a lookup per field would rescan it).
    std::uint32_t res = k_none;
    for (auto c = m_t[meta].first_child; c != k_none; c = m_t[c].next) {
      const auto& f = m_t[c];
      std::string_view k = f.key;
      if (k.empty()) {
        continue;
      }
      bool sc = f.kind == YKind::scalar;
      switch (k[0]) {
        case 'r':
          if (k == "resolution") {
            res = c;
          }
          break;
        case 'e':
          if (k == "engines" && f.kind == YKind::map) {
            n.engines_node = scalar(c, "node");
          }
          break;
        case 'o':
          if (k == "os") {
            n.os = joined(c);
          }
          break;
        case 'c':
          if (k == "cpu") {
            n.cpu = joined(c);
          }
          break;
        case 'd':
          if (k == "deprecated" && sc) {
            n.deprecated = f.value;
          }
          break;
        case 'h':
          if (k == "hasBin" && sc) {
            n.has_bin = f.value == "true";
          }
          break;
        case 'n':
          if (k == "name" && sc && !f.value.empty()) {
            n.name = f.value;
          }
          break;
        case 'v':
          if (k == "version" && sc && !f.value.empty()) {
            n.version = f.value;
          }
          break;
        case 'i':
          if (k == "integrity" && sc) {
            n.integrity = f.value;  // 13.x keeps it at the top
          }
          break;
        default:
          break;
      }
    }
    if (res != k_none && m_t[res].kind == YKind::map) {
      std::string_view type;
      std::string_view repo;
      std::string_view commit;
      std::string_view dir;
      std::string_view tarball;
      for (auto c = m_t[res].first_child; c != k_none; c = m_t[c].next) {
        const auto& f = m_t[c];
        if (f.kind != YKind::scalar) {
          continue;
        }
        if (f.key == "integrity") {
          n.integrity = f.value;
        } else if (f.key == "type") {
          type = f.value;
        } else if (f.key == "repo") {
          repo = f.value;
        } else if (f.key == "commit") {
          commit = f.value;
        } else if (f.key == "directory") {
          dir = f.value;
        } else if (f.key == "tarball") {
          tarball = f.value;
        }
      }
      if (type == "git" || (!repo.empty() && !commit.empty())) {
        n.source = core::Source::git;
        n.resolved = repo;
      } else if (type == "directory" || !dir.empty()) {
        n.source = core::Source::directory;
        n.resolved = dir;
      } else if (!tarball.empty()) {
        n.resolved = tarball;
        if (tarball.starts_with("file:")) {
          n.source = core::Source::tarball;
        } else if (tarball.find("://codeload.github.com/") != std::string_view::npos ||
                   tarball.find("://gitlab.com/") != std::string_view::npos ||
                   tarball.find("://bitbucket.org/") != std::string_view::npos) {
          n.source = core::Source::git;
        } else if (tarball.find("/-/") == std::string_view::npos) {
          n.source = core::Source::tarball;
        }
      }
    }
  }

  // A package's version when the lockfile does not record it: a local
  // directory's package.json, else the reference itself ("file:dir").
  void fill_missing_version(core::Node& n, std::string_view ref_version) {
    if (!n.version.empty()) {
      return;
    }
    if (n.source == core::Source::directory && !n.resolved.empty()) {
      auto dir = core::normalize_path(n.resolved);
      if (dir) {
        if (const auto* m = manifest_at(*dir); m && !m->version.empty()) {
          n.version = m_g.intern(m->version);
          return;
        }
      }
    }
    n.version = ref_version;
  }

  // Dependencies of a package/snapshot entry into pending edges. `peers` is
  // the entry's peerDependencies mapping (names mark peer edges).
  Result<void> entry_deps(std::uint32_t entry, NodeId id, std::uint32_t peers, std::uint32_t peers_meta,
                          std::string_view section) {
    auto ctx = [&] { return std::string(section) + "['" + std::string(m_t[entry].key) + "']"; };
    static constexpr std::pair<std::string_view, EdgeKind> k_blocks[] = {
        {"dependencies", EdgeKind::prod}, {"optionalDependencies", EdgeKind::optional}};
    for (const auto& [block, kind] : k_blocks) {
      auto b = m_t.find(entry, block);
      if (b == k_none || m_t.is_null(b)) {
        continue;
      }
      if (m_t[b].kind != YKind::map) {
        return type_error(b, ctx() + "." + std::string(block), "a mapping of name: version");
      }
      for (auto d = m_t[b].first_child; d != k_none; d = m_t[d].next) {
        const auto& dn = m_t[d];
        if (dn.kind != YKind::scalar) {
          return type_error(d, ctx() + "." + std::string(block) + "." + std::string(dn.key),
                            "a version string");
        }
        EdgeKind k = kind;
        std::string_view spec = dn.value;
        if (peers != k_none) {
          auto p = m_t.find(peers, dn.key);
          if (p != k_none) {
            k = EdgeKind::peer;
            if (m_t[p].kind == YKind::scalar) {
              spec = m_t[p].value;
            }
            if (peers_meta != k_none) {
              auto pm = m_t.find(peers_meta, dn.key);
              if (pm != k_none && flag(pm, "optional")) {
                k = EdgeKind::peer_optional;
              }
            }
          }
        }
        m_pending.push_back({id, dn.key, spec, dn.value, k});
      }
    }
    return {};
  }

  // ---- 5.x / 6.x -----------------------------------------------------------------
  Result<void> read_v5_v6_packages() {
    auto pkgs = map_child(m_t.root, "packages", "lockfile");
    if (!pkgs) {
      return std::unexpected(pkgs.error());
    }
    if (*pkgs == k_none) {
      return {};
    }
    m_by_key.reserve(m_g.nodes.size() + 4096);
    for (auto e = m_t[*pkgs].first_child; e != k_none; e = m_t[e].next) {
      const auto& en = m_t[e];
      if (en.kind != YKind::map) {
        return type_error(e, "packages['" + std::string(en.key) + "']", "a mapping");
      }
      core::Node n;
      n.path = en.key;
      n.offset = en.offset;
      // "/name/1.0.0_peers" (5.x) or "/name@1.0.0(peers)" (6.x); others
      // (file:, github.com/…) record name and version in the entry.
      std::string_view key = en.key;
      if (key.starts_with('/')) {
        auto body = key.substr(1);
        if (m_major == 5) {
          auto slash = body.find('/');
          if (body.starts_with('@') && slash != std::string_view::npos) {
            slash = body.find('/', slash + 1);
          }
          if (slash != std::string_view::npos) {
            n.name = body.substr(0, slash);
            auto ver = body.substr(slash + 1);
            n.version = ver.substr(0, ver.find('_'));
          }
        } else {
          auto cut = peers_suffix_at(body);
          auto [nm, ver] = split_name_version(body.substr(0, cut));
          n.name = nm;
          n.version = ver;
        }
      }
      fill_meta(n, e);
      fill_missing_version(n, key);
      if (n.name.empty()) {
        n.name = key;
      }
      n.dev = scalar(e, "dev") == "true";
      n.optional = flag(e, "optional");
      n.dev_optional = n.dev && n.optional;
      // Lockfiles up to 6.0 record requiresBuild (absent = false); 9.0 dropped
      // it, so there the flag stays unknown (registry metadata decides).
      if (m_g.install_scripts_recorded) {
        n.has_install_script = flag(e, "requiresBuild");
      }
      auto id = m_g.add_node(n);
      if (!m_by_key.emplace(en.key, id)) {
        return fail_at(en.offset, "duplicate package key '" + std::string(en.key) + "'");
      }
      auto peers = m_t.find(e, "peerDependencies");
      auto peers_meta = m_t.find(e, "peerDependenciesMeta");
      if (auto r = entry_deps(e, id, peers, peers_meta, "packages"); !r) {
        return r;
      }
    }
    return {};
  }

  // ---- 9.x ------------------------------------------------------------------------
  Result<void> read_v9_packages() {
    auto pkgs = map_child(m_t.root, "packages", "lockfile");
    if (!pkgs) {
      return std::unexpected(pkgs.error());
    }
    auto snaps = map_child(m_t.root, "snapshots", "lockfile");
    if (!snaps) {
      return std::unexpected(snaps.error());
    }
    FlatKeyMap<std::uint32_t> meta;
    if (*pkgs != k_none) {
      std::size_t count = 0;
      for (auto e = m_t[*pkgs].first_child; e != k_none; e = m_t[e].next) {
        ++count;
      }
      meta.reserve(count);
      for (auto e = m_t[*pkgs].first_child; e != k_none; e = m_t[e].next) {
        if (m_t[e].kind != YKind::map) {
          return type_error(e, "packages['" + std::string(m_t[e].key) + "']", "a mapping");
        }
        if (!meta.emplace(m_t[e].key, e)) {
          return fail_at(m_t[e].offset, "duplicate package key '" + std::string(m_t[e].key) + "'");
        }
      }
    }
    if (*snaps == k_none) {
      return {};
    }
    std::size_t count = 0;
    for (auto s = m_t[*snaps].first_child; s != k_none; s = m_t[s].next) {
      ++count;
    }
    m_by_key.reserve(count);
    m_g.nodes.reserve(m_g.nodes.size() + count + 64);
    m_pending.reserve(m_pending.size() + count * 4);
    for (auto s = m_t[*snaps].first_child; s != k_none; s = m_t[s].next) {
      const auto& sn = m_t[s];
      if (sn.kind != YKind::map) {
        return type_error(s, "snapshots['" + std::string(sn.key) + "']", "a mapping");
      }
      std::string_view key = sn.key;
      auto base = key.substr(0, peers_suffix_at(key));
      const auto* it = meta.find(base);
      if (!it) {
        return fail_at(sn.offset, "snapshot '" + std::string(key) + "' has no entry '" +
                                      std::string(base) + "' in packages");
      }
      core::Node n;
      n.path = key;
      // The packages entry: where its resolution, integrity, engines and
      // license are written (what a finding about the package points at);
      // peer variants of one package share it.
      n.offset = m_t[*it].offset;
      auto [nm, ver] = split_name_version(base);
      n.name = nm;
      n.version = ver.starts_with("file:") ? std::string_view{} : ver;
      fill_meta(n, *it);
      fill_missing_version(n, ver);
      auto id = m_g.add_node(n);
      if (!m_by_key.emplace(key, id)) {
        return fail_at(sn.offset, "duplicate snapshot key '" + std::string(key) + "'");
      }
      if (flag(s, "optional")) {
        set_optional(id);
      }
      auto peers = m_t.find(*it, "peerDependencies");
      auto peers_meta = m_t.find(*it, "peerDependenciesMeta");
      if (auto r = entry_deps(s, id, peers, peers_meta, "snapshots"); !r) {
        return r;
      }
    }
    return {};
  }

  void set_optional(NodeId id) {
    if (m_optional.size() <= id) {
      m_optional.resize(id + 1, 0);
    }
    m_optional[id] = 1;
  }

  // ---- 13.x -----------------------------------------------------------------------
  Result<void> read_v13() {
    auto settings = map_child(m_t.root, "settings", "lockfile");
    if (!settings) {
      return std::unexpected(settings.error());
    }
    std::uint32_t catalogs = k_none;
    if (*settings != k_none) {
      auto c = map_child(*settings, "catalogs", "settings");
      if (!c) {
        return std::unexpected(c.error());
      }
      catalogs = *c;
    }
    auto projects = map_child(m_t.root, "projects", "lockfile");
    if (!projects) {
      return std::unexpected(projects.error());
    }
    bool have_root = false;
    std::vector<std::pair<std::uint32_t, NodeId>> project_nodes;
    if (*projects != k_none) {
      for (auto p = m_t[*projects].first_child; p != k_none; p = m_t[p].next) {
        if (m_t[p].kind != YKind::map) {
          return type_error(p, "projects['" + std::string(m_t[p].key) + "']", "a mapping");
        }
        have_root = have_root || m_t[p].key == ".";
        auto id = add_importer(m_t[p].key, m_t[p].offset);
        if (auto nm = scalar(p, "name"); !nm.empty()) {
          m_g.nodes[id].name = nm;
        }
        project_nodes.emplace_back(p, id);
      }
    }
    if (!have_root) {
      add_importer(".", 0);
    }
    for (const auto& [p, id] : project_nodes) {
      static constexpr std::pair<std::string_view, EdgeKind> k_blocks[] = {
          {"dependencies", EdgeKind::prod},
          {"devDependencies", EdgeKind::dev},
          {"optionalDependencies", EdgeKind::optional}};
      std::string ctx = "projects['" + std::string(m_t[p].key) + "']";
      for (const auto& [block, kind] : k_blocks) {
        auto b = map_child(p, block, ctx);
        if (!b) {
          return std::unexpected(b.error());
        }
        if (*b == k_none) {
          continue;
        }
        for (auto d = m_t[*b].first_child; d != k_none; d = m_t[d].next) {
          const auto& dn = m_t[d];
          std::string_view spec;
          std::string_view ref;
          if (dn.kind == YKind::map) {
            spec = scalar(d, "specifier");
            ref = scalar(d, "version");
          } else if (dn.kind == YKind::scalar) {
            spec = dn.value;
            ref = dn.value;
            if (spec.starts_with("catalog:")) {
              auto name = spec.substr(8);
              if (name.empty()) {
                name = "default";
              }
              auto cat = catalogs == k_none ? k_none : m_t.find(catalogs, name);
              auto entry = cat == k_none ? k_none : m_t.find(cat, dn.key);
              // pnpm 12 writes a {specifier, version} pair whose halves are
              // equal as the plain string: "vue": "3.4.38".
              ref = entry == k_none                      ? std::string_view{}
                    : m_t[entry].kind == YKind::scalar ? m_t[entry].value
                                                       : scalar(entry, "version");
              if (ref.empty()) {
                return fail_at(dn.offset, ctx + "." + std::string(block) + "." + std::string(dn.key) +
                                              ": '" + std::string(spec) + "' has no entry in settings.catalogs");
              }
            } else if (spec.starts_with("workspace:")) {
              ref = {};  // resolved by name once every project is known
            }
          } else {
            return type_error(d, ctx + "." + std::string(block) + "." + std::string(dn.key),
                              "a version string or a {specifier, version} mapping");
          }
          if (ref.empty() && !spec.starts_with("workspace:")) {
            return fail_at(dn.offset, ctx + "." + std::string(block) + "." + std::string(dn.key) +
                                          " has no version");
          }
          m_pending.push_back({id, dn.key, spec, ref, kind});
        }
      }
    }
    auto pkgs = map_child(m_t.root, "packages", "lockfile");
    if (!pkgs) {
      return std::unexpected(pkgs.error());
    }
    if (*pkgs == k_none) {
      return {};
    }
    m_variants.reserve(4096);
    for (auto e = m_t[*pkgs].first_child; e != k_none; e = m_t[e].next) {
      const auto& en = m_t[e];
      std::string ctx = "packages['" + std::string(en.key) + "']";
      if (en.kind != YKind::map) {
        return type_error(e, ctx, "a mapping");
      }
      core::Node n;
      n.path = en.key;
      n.offset = en.offset;
      auto [nm, ver] = split_name_version(en.key);
      n.name = nm;
      n.version = ver.starts_with("file:") ? std::string_view{} : ver;
      fill_meta(n, e);
      if (ver.starts_with("file:") && n.source == core::Source::registry && n.integrity.empty()) {
        n.source = core::Source::directory;
        n.resolved = ver.substr(5);
      }
      // A `version` field wins; git/tarball keys carry one.
      fill_missing_version(n, ver);
      auto peers = m_t.find(e, "peerDependencies");
      if (peers != k_none && m_t[peers].kind != YKind::map) {
        return type_error(peers, ctx + ".peerDependencies", "a mapping");
      }
      auto variants = m_t.find(e, "snapshots");
      std::uint32_t count = 0;
      NodeId first = static_cast<NodeId>(m_g.nodes.size());
      auto add_variant = [&](std::uint32_t variant_peers) -> Result<void> {
        auto id = m_g.add_node(n);
        ++count;
        if (flag(e, "optional")) {
          set_optional(id);
        }
        if (auto r = entry_deps(e, id, k_none, k_none, "packages"); !r) {
          return r;
        }
        // Resolved peers: the entry's own ({version}, not `below`), then
        // the variant's.
        if (peers != k_none) {
          for (auto pp = m_t[peers].first_child; pp != k_none; pp = m_t[pp].next) {
            if (m_t[pp].kind != YKind::map) {
              continue;  // "name": "range": unresolved here, given by a variant
            }
            auto vv = scalar(pp, "version");
            if (variant_peers != k_none && m_t.find(variant_peers, m_t[pp].key) != k_none) {
              continue;
            }
            if (vv.empty() || flag(pp, "below")) {
              continue;
            }
            m_pending.push_back({id, m_t[pp].key, scalar(pp, "specifier"), vv,
                                 flag(pp, "optional") ? EdgeKind::peer_optional : EdgeKind::peer});
          }
        }
        if (variant_peers != k_none) {
          for (auto pp = m_t[variant_peers].first_child; pp != k_none; pp = m_t[pp].next) {
            auto vv = m_t[pp].kind == YKind::map ? scalar(pp, "version") : m_t[pp].value;
            auto decl = peers == k_none ? k_none : m_t.find(peers, m_t[pp].key);
            bool optional = decl != k_none && m_t[decl].kind == YKind::map && flag(decl, "optional");
            std::string_view range = decl == k_none ? std::string_view{}
                                     : m_t[decl].kind == YKind::scalar ? m_t[decl].value
                                                                       : scalar(decl, "specifier");
            if (vv.empty() || (m_t[pp].kind == YKind::map && flag(pp, "below"))) {
              continue;
            }
            m_pending.push_back({id, m_t[pp].key, range, vv,
                                 optional ? EdgeKind::peer_optional : EdgeKind::peer});
          }
        }
        return {};
      };
      if (variants != k_none && m_t[variants].kind == YKind::seq && m_t[variants].first_child != k_none) {
        for (auto v = m_t[variants].first_child; v != k_none; v = m_t[v].next) {
          if (m_t[v].kind != YKind::map) {
            return type_error(v, ctx + ".snapshots[]", "a mapping");
          }
          auto vp = map_child(v, "peerDependencies", ctx + ".snapshots[]");
          if (!vp) {
            return std::unexpected(vp.error());
          }
          if (auto r = add_variant(*vp); !r) {
            return r;
          }
        }
      } else {
        if (auto r = add_variant(k_none); !r) {
          return r;
        }
      }
      if (!m_variants.emplace(en.key, std::pair<NodeId, std::uint32_t>{first, count})) {
        return fail_at(en.offset, "duplicate package key '" + std::string(en.key) + "'");
      }
    }
    return {};
  }

  // ---- resolution -----------------------------------------------------------------
  // The key a reference points at (pnpm's refToRelative), into m_scratch.
  std::string_view key_for(std::string_view alias, std::string_view ref) {
    if (ref.starts_with("file:") && m_major <= 6) {
      return ref;
    }
    if (m_major <= 6) {
      auto head = ref.substr(0, ref.find('('));
      if (head.find('/') != std::string_view::npos) {
        return ref;
      }
      m_scratch.assign("/");
      m_scratch += alias;
      m_scratch += m_major == 5 ? '/' : '@';
      m_scratch += ref;
      return m_scratch;
    }
    if (ref.starts_with('@')) {
      return ref;
    }
    auto at = ref.find('@');
    if (at != std::string_view::npos) {
      auto colon = ref.find(':');
      auto paren = ref.find('(');
      if ((colon == std::string_view::npos || at < colon) && (paren == std::string_view::npos || at < paren)) {
        return ref;
      }
    }
    m_scratch.assign(alias);
    m_scratch += '@';
    m_scratch += ref;
    return m_scratch;
  }

  // The linked directory (importer or linked_dir node) for `link:` refs.
  NodeId link_target(NodeId from, std::string_view alias, std::string_view ref) {
    auto rel = ref.substr(5);
    std::string_view base;
    if (m_g.is_importer(from)) {
      base = m_g.nodes[from].path;
    }
    std::string joined = rel.starts_with('/') ? std::string(rel) : core::join_path(base, rel);
    auto norm = core::normalize_path(joined);
    if (!norm) {
      return core::k_no_node;
    }
    if (auto it = m_importers.find(std::string_view(*norm)); it != m_importers.end()) {
      return it->second;
    }
    if (auto it = m_linked.find(*norm); it != m_linked.end()) {
      return it->second;
    }
    core::Node n;
    n.role = core::NodeRole::linked_dir;
    n.source = core::Source::link;
    n.path = m_g.intern(*norm);
    n.resolved = ref;
    fill_importer(n, n.path);
    if (n.name.empty()) {
      n.name = alias;
    }
    auto id = m_g.add_node(n);
    m_linked.emplace(*norm, id);
    return id;
  }

  // 13.x: the peer variant of `key` the parent `from` sees. Variants list
  // resolved peers; the parent provides a version for a name through its
  // own dependencies first, then its own resolved peers.
  NodeId pick_variant(NodeId from, std::pair<NodeId, std::uint32_t> range) {
    if (range.second <= 1) {
      return range.first;
    }
    auto provided = [&](std::string_view name) -> std::string_view {
      auto [b, e] = m_pending_range[from];
      std::string_view peer;
      for (auto i = b; i < e; ++i) {
        const auto& p = m_pending[i];
        if (p.alias != name) {
          continue;
        }
        if (p.kind == EdgeKind::peer || p.kind == EdgeKind::peer_optional) {
          peer = p.ref;
        } else {
          return p.ref;
        }
      }
      return peer;
    };
    NodeId best = range.first;
    int best_score = -1;
    for (std::uint32_t i = 0; i < range.second; ++i) {
      NodeId cand = range.first + i;
      auto [b, e] = m_pending_range[cand];
      int score = 0;
      bool mismatch = false;
      for (auto j = b; j < e; ++j) {
        const auto& p = m_pending[j];
        if (p.kind != EdgeKind::peer && p.kind != EdgeKind::peer_optional) {
          continue;
        }
        auto have = provided(p.alias);
        if (have.empty()) {
          continue;
        }
        if (have == p.ref) {
          ++score;
        } else {
          mismatch = true;
        }
      }
      if (!mismatch && score > best_score) {
        best = cand;
        best_score = score;
      }
    }
    return best;
  }

  Result<void> resolve_edges() {
    // Ranges of pending edges per node (they were pushed node by node).
    m_pending_range.assign(m_g.nodes.size() + 1, {0, 0});
    for (std::size_t i = 0; i < m_pending.size();) {
      auto from = m_pending[i].from;
      std::size_t j = i;
      while (j < m_pending.size() && m_pending[j].from == from) {
        ++j;
      }
      m_pending_range[from] = {i, j};
      i = j;
    }
    std::unordered_map<std::string_view, NodeId> by_name;  // 13.x workspace: refs
    if (m_major == 13) {
      for (const auto& [path, id] : m_importers) {
        if (!m_g.nodes[id].name.empty()) {
          by_name.emplace(m_g.nodes[id].name, id);
        }
      }
    }
    m_g.edges.reserve(m_pending.size());
    for (const auto& p : m_pending) {
      NodeId to = core::k_no_node;
      if (p.ref.starts_with("link:")) {
        to = link_target(p.from, p.alias, p.ref);
      } else if (p.ref.empty()) {
        if (auto it = by_name.find(p.alias); it != by_name.end()) {
          to = it->second;
        }
      } else if (m_major == 13) {
        auto key = key_for(p.alias, p.ref);
        if (const auto* it = m_variants.find(key)) {
          to = pick_variant(p.from, *it);
        }
      } else {
        auto key = key_for(p.alias, p.ref);
        if (const auto* it = m_by_key.find(key)) {
          to = *it;
        }
      }
      m_g.add_edge(p.from, p.alias, p.spec.empty() ? p.ref : p.spec, p.kind, to);
    }
    return {};
  }

  const LockfileInput& m_in;
  std::string_view m_text;
  DependencyGraph m_g;
  YTree m_t;
  int m_major = 0;
  std::vector<Pending> m_pending;
  std::vector<std::pair<std::size_t, std::size_t>> m_pending_range;
  FlatKeyMap<NodeId> m_by_key;
  FlatKeyMap<std::pair<NodeId, std::uint32_t>> m_variants;
  std::unordered_map<std::string_view, NodeId> m_importers;
  std::unordered_map<std::string, NodeId> m_linked;
  std::unordered_map<std::string, std::optional<core::Manifest>> m_manifests;
  std::vector<char> m_optional;
  std::string m_scratch;
};

class PnpmLockReader final : public LockfileReader {
 public:
  [[nodiscard]] std::string_view id() const override { return "pnpm/pnpm-lock"; }
  [[nodiscard]] std::string_view manager() const override { return "pnpm"; }
  [[nodiscard]] bool matches(std::string_view file_name) const override {
    return file_name == "pnpm-lock.yaml";
  }
  [[nodiscard]] Result<DependencyGraph> read(const LockfileInput& input) const override {
    PnpmParser parser(input);
    return parser.run();
  }
};

}  // namespace

std::unique_ptr<LockfileReader> make_pnpm_lock_reader() { return std::make_unique<PnpmLockReader>(); }

}  // namespace archgate::analyzers
