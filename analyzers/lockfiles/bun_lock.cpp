// bun/bun-lock: bun.lock, bun's text lockfile (lockfileVersion 0, 1, 2).
//
// The file is JSON with trailing commas. Two sections matter:
//   "workspaces": { "<path>": { name, version, dependencies, devDependencies,
//                              optionalDependencies, peerDependencies,
//                              optionalPeers } }   ("" is the root)
//   "packages":   { "<install key>": [ "name@resolution", ...tuple ] }
// The tuple's shape depends on the resolution (bun.lock.zig):
//   npm        [ "name@1.2.3", "registry url or \"\"", INFO, "integrity" ]
//   git/github [ "name@git+…#sha" | "name@github:…", INFO, "bun-tag", "integrity"? ]
//   tarball    [ "name@https://….tgz" | "name@./x.tgz", INFO, "integrity"? ]
//   folder     [ "name@file:path", INFO ]
//   symlink    [ "name@link:path", INFO ]
//   workspace  [ "name@workspace:path" ]            (v0 adds INFO)
//   root       [ "name@root:", { bin, binDir } ]
// INFO = { dependencies, optionalDependencies, peerDependencies,
//          optionalPeers, bin, binDir, os, cpu, bundled, hasInstallScript }.
//
// Install keys are node_modules paths without the "node_modules/" parts:
// "a", "@s/a", "a/b" (b nested under a). A dependency resolves the way bun's
// own reader (PkgMap.findResolution) does it: from the dependent's key try
// "<key>/<dep>", then drop the last (possibly scoped) component and retry,
// down to the top-level "<dep>". Root dependencies resolve to "<dep>";
// workspace dependencies to "<workspace name>/<dep>", else "<dep>".
//
// Performance: simdjson does not accept trailing commas. The text is
// validated once with the trailing-comma-tolerant scanner (so errors carry
// line:col), then copied with every trailing comma replaced by a space.
// The copy has the same length and offsets as the original, so positions
// found in it are positions in the file; the copy is walked once with
// simdjson's on-demand API and the graph keeps it for its string views.
#include <simdjson.h>

#include <cstring>
#include <string>
#include <unordered_map>

#include "analyzers/lockfiles/json_lock_reader.hpp"
#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "core/json_util.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

namespace sj = simdjson::ondemand;
using core::DependencyGraph;
using core::EdgeKind;
using core::Error;
using core::NodeId;
using core::Result;

namespace {

// What the resolution half of "name@resolution" says the package is.
enum class ResKind : std::uint8_t { npm, git, tarball, folder, symlink, workspace, root };

std::optional<ResKind> classify_resolution(std::string_view res) {
  auto starts = [&](std::string_view p) { return res.starts_with(p); };
  if (starts("root:")) {
    return ResKind::root;
  }
  if (starts("link:")) {
    return ResKind::symlink;
  }
  if (starts("workspace:")) {
    return ResKind::workspace;
  }
  if (starts("file:")) {
    return ResKind::folder;
  }
  if (starts("git+") || starts("git:") || starts("git@") || starts("github:") ||
      starts("gitlab:") || starts("bitbucket:") || starts("ssh://")) {
    return ResKind::git;
  }
  if (starts("http://") || starts("https://") || res.ends_with(".tgz") ||
      res.ends_with(".tar.gz") || res.ends_with(".tar")) {
    return ResKind::tarball;
  }
  if (!res.empty() && res[0] >= '0' && res[0] <= '9') {
    return ResKind::npm;
  }
  // "owner/repo" (a GitHub shorthand) is the last form bun infers.
  auto slash = res.find('/');
  if (slash != std::string_view::npos && slash > 0 && res[0] != '.' && res[0] != '/') {
    return ResKind::git;
  }
  return std::nullopt;
}

// Splits "name@resolution" ("@scope/name@1.0.0" keeps the scope's '@').
bool split_id(std::string_view id, std::string_view& name, std::string_view& res) {
  auto at = id.find('@', id.starts_with('@') ? 1 : 0);
  if (at == std::string_view::npos || at == 0) {
    return false;
  }
  name = id.substr(0, at);
  res = id.substr(at + 1);
  return true;
}

// Drops the last component of an install key: "a/@s/b" -> "a", "a/b" -> "a",
// "@s/b" -> "", "a" -> "".
std::string_view parent_key(std::string_view key) {
  auto slash = key.rfind('/');
  if (slash == std::string_view::npos) {
    return {};
  }
  auto prev = slash == 0 ? std::string_view::npos : key.rfind('/', slash - 1);
  auto seg_start = prev == std::string_view::npos ? 0 : prev + 1;
  if (key[seg_start] == '@') {
    return prev == std::string_view::npos ? std::string_view{} : key.substr(0, prev);
  }
  return key.substr(0, slash);
}

struct PendingEdge {
  NodeId from;
  std::string_view name;
  std::string_view spec;
  EdgeKind kind;
  bool indirect = false;  // see core::Edge::indirect
};

// Names a place in the lockfile for error messages, e.g.
// packages["a"].dependencies. Built only when an error is reported, so the
// happy path allocates nothing per entry.
struct Where {
  std::string_view section;  // "workspaces" / "packages"
  std::string_view key;
  std::string_view field;  // "" / "dependencies" / "[0]"
  [[nodiscard]] Where with(std::string_view f) const { return {section, key, f}; }
  [[nodiscard]] std::string str() const {
    std::string out(section);
    out += "[\"";
    out += key;
    out += "\"]";
    if (!field.empty()) {
      if (field[0] != '[') {
        out += '.';
      }
      out += field;
    }
    return out;
  }
};

// Copies `text` replacing each comma that is followed (after whitespace) by
// '}' or ']' with a space. Assumes `text` passed the syntax check. Strings
// are skipped with memchr (most of a bun.lock is string bytes: names,
// versions, integrity hashes), which keeps this pass far below the parse.
std::shared_ptr<std::string> without_trailing_commas(std::string_view text) {
  auto out = core::json::padded_copy(text);
  char* p = out->data();
  const std::size_t n = out->size();
  std::size_t i = 0;
  while (i < n) {
    char c = p[i];
    if (c == '"') {
      std::size_t j = i + 1;
      while (true) {
        const auto* q = static_cast<const char*>(std::memchr(p + j, '"', n - j));
        if (q == nullptr) {
          return out;  // unterminated: cannot happen after the syntax check
        }
        auto k = static_cast<std::size_t>(q - p);
        std::size_t b = k;
        while (b > i + 1 && p[b - 1] == '\\') {
          --b;
        }
        if ((k - b) % 2 == 1) {
          j = k + 1;  // an escaped quote
          continue;
        }
        i = k + 1;
        break;
      }
      continue;
    }
    if (c == ',') {
      std::size_t j = i + 1;
      while (j < n && (p[j] == ' ' || p[j] == '\n' || p[j] == '\r' || p[j] == '\t')) {
        ++j;
      }
      if (j < n && (p[j] == '}' || p[j] == ']')) {
        p[i] = ' ';
      }
      i = j;
      continue;
    }
    ++i;
  }
  return out;
}

class BunLockParser : JsonLockReader {
 public:
  explicit BunLockParser(const LockfileInput& in) : JsonLockReader(in, "invalid bun.lock") {}

  Result<DependencyGraph> run() {
    if (m_text.empty()) {
      return core::fail(m_in.path, "empty file, expected a bun.lock JSON object", 1, 1);
    }
    if (auto se = core::json::find_syntax_error(m_text, /*allow_trailing_commas=*/true)) {
      return std::unexpected(core::json::error_at(m_in.path, m_text, se->offset, se->message));
    }
    m_clean = without_trailing_commas(m_text);
    set_buffer(*m_clean, m_g.arena());
    m_g.hold_text(m_in.content);
    m_g.hold(m_clean);
    m_g.lockfile_path = m_in.path;
    m_g.manager = "bun";
    m_g.flags_recorded = false;
    m_g.install_scripts_recorded = false;
    // Real files spend ~200 bytes per package entry; reserving up front
    // keeps rehashing and vector growth off the profile.
    const std::size_t estimate = m_text.size() / 200 + 16;
    m_by_key.reserve(estimate);
    m_g.nodes.reserve(estimate);
    m_pending.reserve(estimate * 2);

    sj::parser parser;
    sj::document doc;
    if (auto e = parser.iterate(m_clean->data(), m_clean->size(), m_clean->capacity()).get(doc)) {
      return simd_failure(e, 0);
    }
    sj::object root;
    if (auto e = doc.get_object().get(root)) {
      return e == simdjson::INCORRECT_TYPE
                 ? core::fail(m_in.path, "expected a JSON object at the top level", 1, 1)
                 : simd_failure(e, 0);
    }
    bool have_workspaces = false;
    for (auto field : root) {
      std::string_view key;
      if (auto e = key_of(field, key)) {
        return simd_failure(e, 0);
      }
      sj::value v = field.value();
      if (key == "lockfileVersion") {
        auto off = offset_of(v);
        std::int64_t version = -1;
        if (v.get_int64().get(version) != simdjson::SUCCESS) {
          return failure(off, "\"lockfileVersion\" must be an integer (0, 1 or 2)");
        }
        if (version < 0 || version > 2) {
          return failure(off, "unsupported lockfileVersion " + std::to_string(version) +
                                  "; archgate reads bun.lock versions 0, 1 and 2");
        }
        m_version = static_cast<int>(version);
      } else if (key == "workspaces") {
        have_workspaces = true;
        if (auto r = walk_workspaces(v); !r) {
          return std::unexpected(r.error());
        }
      } else if (key == "packages") {
        if (auto r = walk_packages(v); !r) {
          return std::unexpected(r.error());
        }
      } else {
        // configVersion, trustedDependencies, patchedDependencies, overrides,
        // catalog, catalogs: validated by the syntax pass, not graph data.
      }
    }
    if (m_version < 0) {
      return core::fail(m_in.path, "missing \"lockfileVersion\"; this is not a bun.lock bun can read",
                        1, 1);
    }
    if (!have_workspaces) {
      return core::fail(m_in.path, "missing \"workspaces\" object (bun.lock always has one)", 1, 1);
    }
    if (m_root == core::k_no_node) {
      return failure(m_workspaces_offset, "\"workspaces\" has no root entry \"\"");
    }
    if (auto r = resolve_workspace_entries(); !r) {
      return std::unexpected(r.error());
    }
    link();
    m_g.lockfile_version = std::to_string(m_version);
    m_g.format = "bun-v" + std::to_string(m_version);
    m_g.finalize();
    core::compute_flags(m_g);
    return std::move(m_g);
  }

 private:
  // ---- error helpers -------------------------------------------------------
  Result<std::string_view> string_value(sj::value& v, const Where& what) {
    return string_at(v, what);
  }


  // Reads {name: spec} into pending edges.
  Result<void> dep_map(sj::value& v, NodeId from, EdgeKind kind, const Where& what) {
    auto off = offset_of(v);
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, what.str() + " must be an object of name: range");
      }
      return simd_failure(e, off);
    }
    for (auto f : obj) {
      std::string_view name;
      if (auto e = key_of(f, name)) {
        return simd_failure(e, off);
      }
      sj::value val = f.value();
      auto voff = offset_of(val);
      std::string_view spec;
      sj::raw_json_string raw;
      if (val.get_raw_json_string().get(raw) != simdjson::SUCCESS) {
        return failure(voff, what.str() + "[\"" + std::string(name) + "\"] must be a string");
      }
      auto s = core::json::string_body(raw.raw(), m_end, m_g.arena());
      if (!s) {
        return failure(voff, what.str() + ": malformed string");
      }
      spec = *s;
      m_pending.push_back({from, name, spec, kind});
    }
    return {};
  }

  // Reads an array of strings (optionalPeers); calls `fn` on each.
  template <class Fn>
  Result<void> string_array(sj::value& v, const Where& what, Fn fn) {
    auto off = offset_of(v);
    sj::array arr;
    if (auto e = v.get_array().get(arr)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, what.str() + " must be an array of strings");
      }
      return simd_failure(e, off);
    }
    for (auto el : arr) {
      sj::value ev;
      if (auto e = el.get(ev)) {
        return simd_failure(e, off);
      }
      auto s = string_value(ev, what);
      if (!s) {
        return std::unexpected(s.error());
      }
      fn(*s);
    }
    return {};
  }

  // os / cpu: a string or an array of strings, joined with ','.
  Result<std::string_view> string_or_list(sj::value& v, const Where& what) {
    sj::json_type t;
    auto off = offset_of(v);
    if (auto e = v.type().get(t)) {
      return simd_failure(e, off);
    }
    if (t == sj::json_type::string) {
      return string_value(v, what);
    }
    if (t != sj::json_type::array) {
      return failure(off, what.str() + " must be a string or an array of strings");
    }
    std::string out;
    auto r = string_array(v, what, [&](std::string_view s) {
      if (!out.empty()) {
        out += ',';
      }
      out += s;
    });
    if (!r) {
      return std::unexpected(r.error());
    }
    return m_g.intern(out);
  }

  // Marks the peer edges of `from` added since `first` that optionalPeers names.
  void mark_optional_peers(std::size_t first, const std::vector<std::string_view>& optional) {
    if (optional.empty()) {
      return;
    }
    for (std::size_t i = first; i < m_pending.size(); ++i) {
      auto& pe = m_pending[i];
      if (pe.kind != EdgeKind::peer) {
        continue;
      }
      for (auto o : optional) {
        if (o == pe.name) {
          pe.kind = EdgeKind::peer_optional;
          break;
        }
      }
    }
  }

  // The dependency blocks and metadata of a workspace object or a package's
  // INFO object. `node` may be k_no_node (edges are then ignored).
  Result<void> info_object(sj::value& v, NodeId node, const Where& ctx, bool package) {
    auto off = offset_of(v);
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, ctx.str() + " must be an object");
      }
      return simd_failure(e, off);
    }
    auto first = m_pending.size();
    m_optional_peers.clear();
    for (auto f : obj) {
      std::string_view key;
      if (auto e = key_of(f, key)) {
        return simd_failure(e, off);
      }
      sj::value val = f.value();
      EdgeKind kind = EdgeKind::prod;
      bool is_deps = true;
      if (key == "dependencies") {
        kind = EdgeKind::prod;
      } else if (key == "devDependencies") {
        kind = EdgeKind::dev;
      } else if (key == "optionalDependencies") {
        kind = EdgeKind::optional;
      } else if (key == "peerDependencies") {
        kind = EdgeKind::peer;
      } else {
        is_deps = false;
      }
      if (is_deps) {
        if (auto r = dep_map(val, node, kind, ctx.with(key)); !r) {
          return r;
        }
        continue;
      }
      if (key == "optionalPeers") {
        auto r = string_array(val, ctx.with("optionalPeers"),
                              [&](std::string_view s) { m_optional_peers.push_back(s); });
        if (!r) {
          return r;
        }
      } else if (key == "name" && !package) {
        auto s = string_value(val, ctx.with("name"));
        if (!s) {
          return std::unexpected(s.error());
        }
        m_g.nodes[node].name = *s;
      } else if (key == "version" && !package) {
        auto s = string_value(val, ctx.with("version"));
        if (!s) {
          return std::unexpected(s.error());
        }
        m_g.nodes[node].version = *s;
      } else if (package && node != core::k_no_node && (key == "os" || key == "cpu")) {
        auto s = string_or_list(val, ctx.with(key));
        if (!s) {
          return std::unexpected(s.error());
        }
        (key == "os" ? m_g.nodes[node].os : m_g.nodes[node].cpu) = *s;
      } else if (node != core::k_no_node && (key == "bin" || key == "binDir")) {
        m_g.nodes[node].has_bin = true;
      } else if (package && node != core::k_no_node && key == "bundled") {
        bool b = false;
        m_g.nodes[node].in_bundle = val.get_bool().get(b) == simdjson::SUCCESS && b;
      } else if (package && node != core::k_no_node && key == "hasInstallScript") {
        bool b = false;
        if (val.get_bool().get(b) == simdjson::SUCCESS) {
          m_g.nodes[node].has_install_script = b;
        }
      } else {
        // libc, other metadata: validated by the syntax pass.
      }
    }
    mark_optional_peers(first, m_optional_peers);
    if (!package && node != core::k_no_node) {
      importer_peers(first);
    }
    return {};
  }

  // bun installs a workspace's peers as its consumers' business: the peer
  // edge is no install, and a name the workspace also lists in another block
  // (a library's devDependencies) stays dev and is not a direct dependency
  // in bun's own listing.
  void importer_peers(std::size_t first) {
    std::vector<std::string_view> peers;
    for (std::size_t i = first; i < m_pending.size(); ++i) {
      const auto& pe = m_pending[i];
      if (pe.kind == EdgeKind::peer || pe.kind == EdgeKind::peer_optional) {
        peers.push_back(pe.name);
      }
    }
    if (peers.empty()) {
      return;
    }
    auto begin = m_pending.begin() + static_cast<std::ptrdiff_t>(first);
    m_pending.erase(std::remove_if(begin, m_pending.end(),
                                   [](const PendingEdge& pe) {
                                     return pe.kind == EdgeKind::peer ||
                                            pe.kind == EdgeKind::peer_optional;
                                   }),
                    m_pending.end());
    for (auto i = first; i < m_pending.size(); ++i) {
      auto& pe = m_pending[i];
      pe.indirect = std::find(peers.begin(), peers.end(), pe.name) != peers.end();
    }
  }

  // ---- workspaces -----------------------------------------------------------
  Result<void> walk_workspaces(sj::value& v) {
    auto off = offset_of(v);
    m_workspaces_offset = off;
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, "\"workspaces\" must be an object keyed by workspace path");
      }
      return simd_failure(e, off);
    }
    for (auto f : obj) {
      std::string_view path;
      std::size_t key_off = 0;
      if (auto e = key_of(f, path, &key_off)) {
        return simd_failure(e, off);
      }
      if (m_ws_by_path.contains(path)) {
        return failure(key_off, "duplicate workspace \"" + std::string(path) + "\"");
      }
      core::Node n;
      n.path = path;
      n.offset = static_cast<std::uint32_t>(key_off);
      n.role = path.empty() ? core::NodeRole::root : core::NodeRole::workspace;
      auto id = m_g.add_node(n);
      if (path.empty()) {
        m_root = id;
      }
      m_ws_by_path.emplace(path, id);
      sj::value val = f.value();
      Where ctx{"workspaces", path, {}};
      if (auto r = info_object(val, id, ctx, /*package=*/false); !r) {
        return r;
      }
      if (!path.empty() && m_g.nodes[id].name.empty()) {
        return failure(key_off, ctx.str() + " must have a string \"name\"");
      }
    }
    return {};
  }

  // ---- packages -------------------------------------------------------------
  Result<void> walk_packages(sj::value& v) {
    auto off = offset_of(v);
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, "\"packages\" must be an object keyed by install path");
      }
      return simd_failure(e, off);
    }
    for (auto f : obj) {
      std::string_view key;
      std::size_t key_off = 0;
      if (auto e = key_of(f, key, &key_off)) {
        return simd_failure(e, off);
      }
      sj::value entry = f.value();
      if (auto r = package_entry(key, key_off, entry); !r) {
        return r;
      }
    }
    return {};
  }

  Result<void> package_entry(std::string_view key, std::size_t key_off, sj::value& v) {
    auto off = offset_of(v);
    Where ctx{"packages", key, {}};
    if (key.empty()) {
      return failure(key_off, "empty package key in \"packages\"");
    }
    sj::array arr;
    if (auto e = v.get_array().get(arr)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, ctx.str() + " must be an array [\"name@resolution\", ...]");
      }
      return simd_failure(e, off);
    }
    std::size_t index = 0;
    ResKind kind = ResKind::npm;
    NodeId id = core::k_no_node;
    bool have_info = false;
    bool have_registry = false;
    bool have_integrity = false;
    bool have_tag = false;
    for (auto el : arr) {
      sj::value ev;
      if (auto e = el.get(ev)) {
        return simd_failure(e, off);
      }
      auto eoff = offset_of(ev);
      if (index++ == 0) {
        auto id_str = string_value(ev, ctx.with("[0]"));
        if (!id_str) {
          return std::unexpected(id_str.error());
        }
        std::string_view name;
        std::string_view res;
        if (!split_id(*id_str, name, res)) {
          return failure(eoff, ctx.str() + "[0] must be \"name@resolution\", got \"" +
                                   std::string(*id_str) + "\"");
        }
        auto k = classify_resolution(res);
        if (!k) {
          return failure(eoff, ctx.str() + ": unexpected resolution \"" + std::string(res) + "\"");
        }
        kind = *k;
        auto r = start_package(key, key_off, eoff, name, res, kind);
        if (!r) {
          return std::unexpected(r.error());
        }
        id = *r;
        if (kind == ResKind::workspace && m_version > 0) {
          have_info = true;  // v1+ workspace entries are only the path
        }
        continue;
      }
      sj::json_type t;
      if (auto e = ev.type().get(t)) {
        return simd_failure(e, eoff);
      }
      if (t == sj::json_type::object) {
        if (have_info) {
          return failure(eoff, ctx.str() + ": unexpected second object");
        }
        have_info = true;
        // Workspace and root entries carry no graph data of their own: a
        // workspace's dependencies come from "workspaces".
        bool graph_info = kind != ResKind::workspace && kind != ResKind::root;
        if (auto r = info_object(ev, graph_info ? id : core::k_no_node, ctx, true); !r) {
          return r;
        }
        continue;
      }
      if (t != sj::json_type::string) {
        return failure(eoff, ctx.str() + ": expected a string or an object here");
      }
      auto s = string_value(ev, ctx);
      if (!s) {
        return std::unexpected(s.error());
      }
      if (kind == ResKind::npm && !have_info && !have_registry) {
        have_registry = true;
        if (!s->empty()) {
          m_g.nodes[id].resolved = *s;
        }
      } else if (kind == ResKind::git && have_info && !have_tag) {
        have_tag = true;
      } else if ((kind == ResKind::npm || kind == ResKind::git || kind == ResKind::tarball) &&
                 have_info && !have_integrity) {
        have_integrity = true;
        m_g.nodes[id].integrity = *s;
      } else {
        return failure(eoff, ctx.str() + ": unexpected string \"" + std::string(*s) + "\"");
      }
    }
    if (index == 0) {
      return failure(off, ctx.str() + " is empty; expected [\"name@resolution\", ...]");
    }
    if (kind == ResKind::npm) {
      if (!have_registry) {
        return failure(off, ctx.str() + ": missing registry (second element)");
      }
      if (!have_info) {
        return failure(off, ctx.str() + ": missing dependency object (third element)");
      }
      if (!have_integrity) {
        return failure(off, ctx.str() + ": missing integrity (fourth element)");
      }
    } else if (kind == ResKind::git && (!have_info || !have_tag)) {
      return failure(off, ctx.str() + ": git entry needs a dependency object and a tag");
    } else if (!have_info && kind != ResKind::workspace) {
      return failure(off, ctx.str() + ": missing dependency object");
    }
    return {};
  }

  // Creates the node for a package entry (or maps a workspace entry to its
  // workspace); returns its id, k_no_node for the root entry.
  Result<NodeId> start_package(std::string_view key, std::size_t key_off, std::size_t id_off,
                               std::string_view name, std::string_view res, ResKind kind) {
    if (kind == ResKind::root) {
      return core::k_no_node;
    }
    if (kind == ResKind::workspace) {
      auto path = res.substr(10);
      auto it = m_ws_by_path.find(path);
      if (it == m_ws_by_path.end()) {
        // "workspaces" may come after "packages"; settle it at the end.
        m_late_workspaces.push_back({key, path, id_off});
        return core::k_no_node;
      }
      if (!m_by_key.emplace(key, it->second).second) {
        return duplicate_key(key, key_off);
      }
      return core::k_no_node;
    }
    core::Node n;
    n.name = name;
    n.path = key;
    n.offset = static_cast<std::uint32_t>(key_off);
    n.version = res;
    switch (kind) {
      case ResKind::npm:
        break;
      case ResKind::git:
        n.source = core::Source::git;
        n.resolved = res;
        break;
      case ResKind::tarball:
        n.source = core::Source::tarball;
        n.resolved = res;
        break;
      case ResKind::folder: {
        auto dir = res.substr(5);
        bool tgz = dir.ends_with(".tgz") || dir.ends_with(".tar.gz") || dir.ends_with(".tar");
        n.source = tgz ? core::Source::tarball : core::Source::directory;
        n.resolved = res;
        break;
      }
      case ResKind::symlink: {
        n.role = core::NodeRole::linked_dir;
        n.source = core::Source::link;
        n.resolved = res;
        auto dir = core::normalize_path(res.substr(5));
        n.path = dir ? m_g.intern(*dir) : res.substr(5);
        n.version = linked_version(n.path);
        break;
      }
      default:
        break;
    }
    auto id = static_cast<NodeId>(m_g.nodes.size());
    if (!m_by_key.emplace(key, id).second) {
      return duplicate_key(key, key_off);
    }
    m_g.add_node(n);
    if (kind == ResKind::symlink) {
      m_linked_keys.emplace(id, key);
    }
    return id;
  }

  std::unexpected<Error> duplicate_key(std::string_view key, std::size_t key_off) {
    return failure(key_off, "duplicate package key \"" + std::string(key) + "\"");
  }

  // The version in a linked directory's package.json, when readable.
  std::string_view linked_version(std::string_view dir) {
    if (dir.empty()) {
      return {};
    }
    auto v = linked_dir_version(m_in.snapshot, dir);
    return v.empty() ? std::string_view{} : m_g.intern(v);
  }

  Result<void> resolve_workspace_entries() {
    for (const auto& lw : m_late_workspaces) {
      auto it = m_ws_by_path.find(lw.path);
      if (it == m_ws_by_path.end()) {
        if (m_version == 0) {
          continue;  // v0 may list workspace packages without a workspaces entry
        }
        return failure(lw.offset, "unknown workspace \"" + std::string(lw.path) +
                                      "\" (not in \"workspaces\")");
      }
      if (!m_by_key.emplace(lw.key, it->second).second) {
        return failure(lw.offset, "duplicate package key \"" + std::string(lw.key) + "\"");
      }
    }
    return {};
  }

  // ---- resolution -----------------------------------------------------------
  NodeId lookup(std::string_view prefix, std::string_view name) {
    if (prefix.empty()) {
      auto it = m_by_key.find(name);
      return it == m_by_key.end() ? core::k_no_node : it->second;
    }
    m_scratch.assign(prefix);
    m_scratch += '/';
    m_scratch += name;
    auto it = m_by_key.find(std::string_view(m_scratch));
    return it == m_by_key.end() ? core::k_no_node : it->second;
  }

  void link() {
    for (const auto& pe : m_pending) {
      if (pe.from == core::k_no_node) {
        continue;
      }
      const auto& from = m_g.nodes[pe.from];
      NodeId to = core::k_no_node;
      if (from.role == core::NodeRole::root) {
        to = lookup({}, pe.name);
      } else if (from.role == core::NodeRole::workspace) {
        to = lookup(from.name, pe.name);
        if (to == core::k_no_node) {
          to = lookup({}, pe.name);
        }
      } else {
        // Packages (and linked dirs) climb from their own install key.
        std::string_view prefix = m_key_of_node(pe.from);
        while (true) {
          to = lookup(prefix, pe.name);
          if (to != core::k_no_node || prefix.empty()) {
            break;
          }
          prefix = parent_key(prefix);
        }
      }
      m_g.add_edge(pe.from, pe.name, pe.spec, pe.kind, to);
      m_g.edges.back().indirect = pe.indirect;
    }
  }

  // The install key a package node was read from (linked dirs keep their
  // directory in `path`, so their key is remembered separately).
  std::string_view m_key_of_node(NodeId id) {
    if (auto it = m_linked_keys.find(id); it != m_linked_keys.end()) {
      return it->second;
    }
    return m_g.nodes[id].path;
  }

  struct LateWorkspace {
    std::string_view key;
    std::string_view path;
    std::size_t offset;
  };

  std::shared_ptr<std::string> m_clean;
  DependencyGraph m_g;
  int m_version = -1;
  NodeId m_root = core::k_no_node;
  std::size_t m_workspaces_offset = 0;
  std::unordered_map<std::string_view, NodeId> m_ws_by_path;
  std::unordered_map<NodeId, std::string_view> m_linked_keys;
  std::unordered_map<std::string_view, NodeId> m_by_key;
  std::vector<PendingEdge> m_pending;
  std::vector<std::string_view> m_optional_peers;
  std::vector<LateWorkspace> m_late_workspaces;
  std::string m_scratch;
};

class BunLockReader final : public LockfileReader {
 public:
  [[nodiscard]] std::string_view id() const override { return "bun/bun-lock"; }
  [[nodiscard]] std::string_view manager() const override { return "bun"; }
  [[nodiscard]] bool matches(std::string_view file_name) const override {
    return file_name == "bun.lock";
  }
  [[nodiscard]] Result<DependencyGraph> read(const LockfileInput& input) const override {
    BunLockParser parser(input);
    return parser.run();
  }
};

}  // namespace

std::unique_ptr<LockfileReader> make_bun_lock_reader() { return std::make_unique<BunLockReader>(); }

}  // namespace archgate::analyzers
