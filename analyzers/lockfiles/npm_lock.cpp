// npm/package-lock: package-lock.json (v1, v2, v3) and npm-shrinkwrap.json.
//
// v2/v3 record a flat `packages` map keyed by install path
// ("node_modules/a/node_modules/b", workspace folders "apps/api", the root
// ""). Every entry becomes a node; `link: true` entries are aliases of their
// target folder and become no node. Edges are resolved the way Node (and
// npm's arborist) resolves a require: from the dependent's folder, look in
// its node_modules, then climb folder by folder to the root.
//
// v1 records a nested `dependencies` tree with `requires`; the root's own
// declarations are not in the file, so they come from package.json.
//
// Performance: the whole file is validated once by a cheap scanner (so a
// malformed lockfile is always an error, even in parts we skip), then
// walked once with simdjson's on-demand API. Strings are views into the
// lockfile bytes, which the graph keeps.
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/lockfiles/json_lock_reader.hpp"
#include "analyzers/lockfiles/reader.hpp"
#include "analyzers/lockfiles/readers.hpp"
#include "core/glob.hpp"
#include "core/json_util.hpp"
#include "core/string_index.hpp"
#include "core/timing.hpp"

namespace archgate::analyzers {

namespace sj = simdjson::ondemand;

using core::DependencyGraph;
using core::EdgeKind;
using core::Error;
using core::NodeId;
using core::Result;

namespace {


core::Source classify_source(std::string_view resolved, std::string_view version) {
  auto starts = [](std::string_view s, std::string_view p) { return s.starts_with(p); };
  for (auto s : {resolved, version}) {
    if (starts(s, "git+") || starts(s, "git:") || starts(s, "github:") || starts(s, "gitlab:") ||
        starts(s, "bitbucket:") || starts(s, "gist:")) {
      return core::Source::git;
    }
  }
  if (starts(resolved, "file:")) {
    return (resolved.ends_with(".tgz") || resolved.ends_with(".tar.gz") || resolved.ends_with(".tar"))
               ? core::Source::tarball
               : core::Source::directory;
  }
  if (starts(resolved, "http://") || starts(resolved, "https://")) {
    // Registry tarballs live at <registry>/<name>/-/<basename>-<version>.tgz.
    return resolved.find("/-/") != std::string_view::npos ? core::Source::registry
                                                          : core::Source::tarball;
  }
  return core::Source::registry;
}

// The package name an install path ends in: "node_modules/@a/b" -> "@a/b".
std::string_view name_from_path(std::string_view path) {
  auto nm = path.rfind("node_modules/");
  if (nm == std::string_view::npos) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
  }
  return path.substr(nm + 13);
}

// Names a value in error messages (`packages["node_modules/a"].version`);
// built from views and formatted only when an error is reported, so the
// success path allocates nothing for it.
struct Where {
  std::string_view section;  // "packages" / "dependencies"
  std::string_view key;      // the entry's key
  std::string_view field;    // "version", "dependencies"...
  std::string_view sub;      // a dependency name inside a map
  [[nodiscard]] std::string str() const {
    std::string out(section);
    out += "[\"";
    out += key;
    out += "\"]";
    if (!field.empty()) {
      out += '.';
      out += field;
    }
    if (!sub.empty()) {
      out += "[\"";
      out += sub;
      out += "\"]";
    }
    return out;
  }
  [[nodiscard]] Where with(std::string_view f) const { return {section, key, f, {}}; }
};

class NpmLockParser : JsonLockReader {
 public:
  NpmLockParser(const LockfileInput& in) : JsonLockReader(in, "invalid lockfile") {}

  Result<DependencyGraph> run() {
    if (m_text.empty()) {
      return core::fail(m_in.path, "empty file, expected a package-lock JSON object", 1, 1);
    }
    set_buffer(*m_in.content, m_g.arena());
    m_g.hold_text(m_in.content);
    // An npm entry takes 300-1,000 bytes of JSON: reserving by size spares
    // the copies of a growing vector (reserved pages that are never touched
    // cost no memory). The node vector must not move while the second thread
    // reads it, so it reserves for 256 bytes an entry; the hash tables, whose
    // every slot is touched, for 384 (they grow if that falls short).
    m_g.nodes.reserve(m_text.size() / 256 + 16);
    m_g.edges.reserve(m_text.size() / 128 + 16);
    m_by_path.reserve(entries_estimate());
    m_g.lockfile_path = m_in.path;
    m_g.manager = "npm";
    m_g.flags_recorded = true;
    m_g.install_scripts_recorded = true;

    // Fields may come in any order; remember where `packages` and
    // `dependencies` are and walk them once the version is known.
    std::int64_t version = -1;
    std::size_t version_offset = 0;
    bool have_packages = false;
    bool have_dependencies = false;
    // The parser (and its structural index, ~4 bytes per JSON token) lives
    // only while the document is walked, not while edges are resolved.
    auto walk = [&]() -> Result<void> {
      sj::parser parser;
      sj::document doc;
      auto& buf = *m_in.content;
      if (auto e = parser.iterate(buf.data(), buf.size(), buf.capacity()).get(doc)) {
        return simd_failure(e, 0);
      }
      sj::object root;
      if (auto e = doc.get_object().get(root)) {
        return e == simdjson::INCORRECT_TYPE
                   ? core::fail(m_in.path, "expected a JSON object at the top level", 1, 1)
                   : simd_failure(e, 0);
      }
      for (auto field : root) {
        std::string_view key;
        if (auto e = key_of(field, key)) {
          return simd_failure(e, 0);
        }
        sj::value v = field.value();
        if (key == "lockfileVersion") {
          version_offset = offset_of(v);
          if (v.get_int64().get(version) != simdjson::SUCCESS) {
            return failure(version_offset, "\"lockfileVersion\" must be an integer (1, 2 or 3)");
          }
          if (version < 1 || version > 3) {
            return failure(version_offset,
                                "unsupported lockfileVersion " + std::to_string(version) +
                                    "; archgate reads package-lock versions 1, 2 and 3");
          }
        } else if (key == "packages") {
          have_packages = true;
          if (auto r = walk_packages(v); !r) {
            return std::unexpected(r.error());
          }
        } else if (key == "dependencies" && version < 2) {
          take_back_index();
          have_dependencies = true;
          m_v1_deps_offset = offset_of(v);
          if (auto r = walk_v1_dependencies(v, m_root_id_for_v1(), ""); !r) {
            return std::unexpected(r.error());
          }
        } else {
          // skipped here; the syntax pass validates it
        }
      }
      return {};
    };
    // Versions known, the graph's edges are resolved (v1: from nesting).
    auto link = [&]() -> Result<void> {
      if (version < 0) {
        return core::fail(m_in.path,
                          "missing \"lockfileVersion\"; this is not a package-lock.json npm can read",
                          1, 1);
      }
      m_g.lockfile_version = std::to_string(version);
      m_g.format = "npm-v" + std::to_string(version);
      if (version >= 2) {
        if (!have_packages) {
          return core::fail(m_in.path,
                            "lockfileVersion " + std::to_string(version) + " without \"packages\"",
                            1, 1);
        }
        // v2 carries both; `packages` is authoritative. Drop v1 nodes if any.
        if (have_dependencies && m_v1_start != core::k_no_node) {
          discard_v1();
        }
        return link_packages();
      }
      if (!have_dependencies && !have_packages) {
        // An empty v1 lockfile: only the root.
        m_root_id_for_v1();
      }
      return link_v1();
    };
    // The walk reads only what it needs and does not validate what it
    // skips; the syntax pass validates the whole text, and its error (which
    // says where) wins over whatever the walk and the linking made of a
    // malformed file. On a large file the syntax pass runs on a second
    // thread beside both (it only reads the text). On a small one it runs
    // after them (fuzzing reads each input both ways and compares).
    //
    // On a large file the second thread, once the syntax pass is done, also
    // indexes the walked packages by path and places them for resolution
    // (index_beside()): the walk only publishes how many nodes it has made.
    // Its structures are sized by the node vector's capacity, which the walk
    // does not outgrow while that thread reads the nodes.
    std::optional<core::json::SyntaxError> syntax;
    Result<void> walked;
    Result<void> linked;
    const bool beside = m_text.size() >= m_in.second_thread_from;
    if (beside) {
      m_index_beside = true;
      m_parent.assign(m_g.nodes.capacity(), core::k_no_node);
      m_holds.assign(m_g.nodes.capacity(), 0);
      m_table.reserve(entries_estimate());
      m_beside = std::jthread([&] {
        {
          core::ScopedTiming timing("npm reader: syntax pass (second thread)");
          syntax = core::json::find_syntax_error(m_text);
        }
        core::ScopedTiming timing("npm reader: path index (second thread)");
        index_beside();
      });
    }
    // Whatever way the walk ends (an exception too), the thread is ended.
    struct Finish {
      NpmLockParser& parser;
      ~Finish() { parser.finish_index_beside(); }
    } finish{*this};
    {
      core::ScopedTiming timing("npm reader: walk");
      walked = walk();
      finish_index_beside();
    }
    if (walked) {
      core::ScopedTiming timing("npm reader: link");
      linked = link();
    }
    if (!beside) {
      syntax = core::json::find_syntax_error(m_text);
    }
    if (syntax) {
      return std::unexpected(core::json::error_at(m_in.path, m_text, syntax->offset, syntax->message));
    }
    if (!walked) {
      return std::unexpected(walked.error());
    }
    if (!linked) {
      return std::unexpected(linked.error());
    }
    m_g.finalize();
    return std::move(m_g);
  }

 private:
  [[nodiscard]] std::size_t entries_estimate() const { return m_text.size() / 384 + 16; }

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
      auto spec = string_value(val, Where{what.section, what.key, what.field, name});
      if (!spec) {
        return std::unexpected(spec.error());
      }
      m_g.edges.push_back(core::Edge{name, *spec, kind, from, core::k_no_node});
    }
    return {};
  }

  Result<void> peer_meta(sj::value& v, NodeId from) {
    sj::object obj;
    if (v.get_object().get(obj) != simdjson::SUCCESS) {
      return {};
    }
    for (auto f : obj) {
      std::string_view name;
      if (auto e = key_of(f, name)) {
        return simd_failure(e, 0);
      }
      sj::value meta = f.value();
      sj::object mo;
      if (meta.get_object().get(mo) != simdjson::SUCCESS) {
        continue;
      }
      for (auto mf : mo) {
        std::string_view k;
        if (auto e = key_of(mf, k)) {
          return simd_failure(e, 0);
        }
        sj::value mv = mf.value();
        bool b = false;
        if (k == "optional" && mv.get_bool().get(b) == simdjson::SUCCESS && b) {
          m_peer_optional.emplace_back(from, name);
        }
      }
    }
    return {};
  }

  // Joins an array of strings with ','; ignores non-strings.
  std::string_view joined(sj::value& v) {
    sj::array arr;
    if (v.get_array().get(arr) != simdjson::SUCCESS) {
      return optional_string(v).value_or(std::string_view{});
    }
    std::string out;
    for (auto el : arr) {
      sj::value item;
      if (el.get(item) != simdjson::SUCCESS) continue;
      if (auto s = optional_string(item)) {
        if (!out.empty()) {
          out += ',';
        }
        out += *s;
      }
    }
    return m_g.intern(out);
  }

  // ---- v2 / v3 -------------------------------------------------------------
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
      std::string_view path;
      std::size_t key_off = 0;
      if (auto e = key_of(f, path, &key_off)) {
        return simd_failure(e, off);
      }
      sj::value entry = f.value();
      if (auto r = package_entry(path, key_off, entry); !r) {
        return r;
      }
    }
    return {};
  }

  Result<void> package_entry(std::string_view path, std::size_t key_off, sj::value& v) {
    auto off = offset_of(v);
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, "packages[\"" + std::string(path) + "\"] must be an object");
      }
      return simd_failure(e, off);
    }
    core::Node n;
    n.path = path;
    n.offset = static_cast<std::uint32_t>(key_off);
    bool is_link = false;
    bool is_folder = !path.empty() && !path.starts_with("node_modules/") &&
                     path.find("/node_modules/") == std::string_view::npos;
    if (path.empty()) {
      n.role = core::NodeRole::root;
    } else if (is_folder) {
      n.role = core::NodeRole::linked_dir;  // refined to workspace in link_packages()
      n.source = core::Source::link;
    }
    NodeId id = static_cast<NodeId>(m_g.nodes.size());
    Where ctx{"packages", path, {}, {}};
    for (auto f : obj) {
      std::string_view key;
      if (auto e = key_of(f, key)) {
        return simd_failure(e, off);
      }
      sj::value val = f.value();
      bool b = false;
      switch (key.empty() ? '\0' : key[0]) {
        case 'v':
          if (key == "version") {
            auto s = string_value(val, ctx.with("version"));
            if (!s) {
              return std::unexpected(s.error());
            }
            n.version = *s;
            continue;
          }
          break;
        case 'n':
          if (key == "name") {
            auto s = string_value(val, ctx.with("name"));
            if (!s) {
              return std::unexpected(s.error());
            }
            n.name = *s;
            continue;
          }
          break;
        case 'r':
          if (key == "resolved") {
            auto s = string_value(val, ctx.with("resolved"));
            if (!s) {
              return std::unexpected(s.error());
            }
            n.resolved = *s;
            continue;
          }
          break;
        case 'i':
          if (key == "integrity") {
            auto s = string_value(val, ctx.with("integrity"));
            if (!s) {
              return std::unexpected(s.error());
            }
            n.integrity = *s;
            continue;
          }
          if (key == "inBundle") {
            n.in_bundle = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          break;
        case 'l':
          if (key == "link") {
            is_link = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          if (key == "license") {
            n.license = optional_string(val).value_or(std::string_view{});
            continue;
          }
          break;
        case 'd':
          if (key == "dev") {
            n.dev = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          if (key == "devOptional") {
            n.dev_optional = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          if (key == "dependencies") {
            if (auto r = dep_map(val, id, EdgeKind::prod, ctx.with("dependencies")); !r) {
              return r;
            }
            continue;
          }
          if (key == "devDependencies") {
            // Only folders (root, workspaces, linked dirs) install their
            // devDependencies; installed packages' dev deps are not edges.
            if (path.empty() || is_folder) {
              if (auto r = dep_map(val, id, EdgeKind::dev, ctx.with("devDependencies")); !r) {
                return r;
              }
              continue;
            }
            break;
          }
          if (key == "deprecated") {
            n.deprecated = optional_string(val).value_or(std::string_view{});
            continue;
          }
          break;
        case 'o':
          if (key == "optional") {
            n.optional = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          if (key == "optionalDependencies") {
            if (auto r = dep_map(val, id, EdgeKind::optional, ctx.with("optionalDependencies")); !r) {
              return r;
            }
            continue;
          }
          if (key == "os") {
            n.os = joined(val);
            continue;
          }
          break;
        case 'p':
          if (key == "peer") {
            n.peer = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          if (key == "peerDependencies") {
            if (auto r = dep_map(val, id, EdgeKind::peer, ctx.with("peerDependencies")); !r) {
              return r;
            }
            continue;
          }
          if (key == "peerDependenciesMeta") {
            if (auto r = peer_meta(val, id); !r) {
              return r;
            }
            continue;
          }
          break;
        case 'h':
          if (key == "hasInstallScript") {
            n.has_install_script = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          break;
        case 'e':
          if (key == "extraneous") {
            n.extraneous = val.get_bool().get(b) == simdjson::SUCCESS && b;
            continue;
          }
          if (key == "engines") {
            sj::object eo;
            if (val.get_object().get(eo) == simdjson::SUCCESS) {
              for (auto ef : eo) {
                std::string_view ek;
                if (auto e = key_of(ef, ek)) {
                  return simd_failure(e, off);
                }
                sj::value ev = ef.value();
                if (ek == "node") {
                  n.engines_node = optional_string(ev).value_or(std::string_view{});
                }
              }
            }
            continue;
          }
          break;
        case 'c':
          if (key == "cpu") {
            n.cpu = joined(val);
            continue;
          }
          break;
        case 'b':
          if (key == "bin") {
            n.has_bin = true;
          }
          break;
        default:
          break;
      }
      // Anything else: skip (already validated by the syntax pass).
      // skipped: already validated by the syntax pass
    }
    if (!n.has_install_script) {
      n.has_install_script = false;
    }
    if (is_link) {
      m_links.push_back({path, n.resolved, n.name});
      // Link entries carry no edges of their own.
      while (!m_g.edges.empty() && m_g.edges.back().from == id) {
        m_g.edges.pop_back();
      }
      return {};
    }
    if (n.role == core::NodeRole::package) {
      if (n.name.empty()) {
        n.name = name_from_path(path);
      }
      n.source = classify_source(n.resolved, n.version);
    }
    if (m_index_beside && m_g.nodes.size() == m_g.nodes.capacity()) {
      finish_index_beside();  // the vector is about to move: index here from now on
    }
    m_g.add_node(n);
    if (m_index_beside) {
      // Published in batches: the other thread sleeps between them.
      if ((id + 1) % k_publish_batch == 0) {
        m_published.store(id + 1, std::memory_order_release);
        m_published.notify_one();
      }
    } else {
      m_by_path.emplace(path, id);
    }
    return {};
  }

  // On the syntax pass's thread, after that pass: indexes by path every node
  // the walk has published, in node order (the first of two equal paths
  // wins, as when the walk indexed them itself), until the walk is over.
  // The walk never grows the node vector past its capacity while this runs,
  // so the nodes it reads do not move.
  //
  // It also places each node for resolution (place_early()) while that is
  // certain, so that little of build_resolution_index() is left for later.
  void index_beside() {
    NodeId i = 0;
    bool placing = true;
    for (;;) {
      const NodeId published = m_published.load(std::memory_order_acquire);
      const bool over = (published & k_walk_over) != 0;
      const NodeId n = published & ~k_walk_over;
      if (i < n) {
        const core::Node* nodes = m_g.nodes.data();
        for (; i < n; ++i) {
          m_by_path.emplace(nodes[i].path, i);
          if (placing && !(placing = place_early(nodes[i], i))) m_placed = i;
        }
        if (placing) m_placed = n;
        continue;
      }
      if (over) return;
      m_published.wait(published, std::memory_order_acquire);
    }
  }

  // Places node `id` as build_resolution_index() would, from the nodes
  // indexed so far, when that cannot change: its install folder is itself a
  // node indexed already (a later path is never indexed before an earlier
  // equal one). A folder whose parent is not found yet is left to that
  // pass (its place does not depend on order); a package that is not found
  // yet stops early placing, so that packages keep entering the table in
  // node order (the first of two with the same folder and name wins).
  bool place_early(const core::Node& n, NodeId id) {
    if (n.role == core::NodeRole::root) {
      return true;
    }
    std::string_view dir;
    std::string_view name;
    if (n.role == core::NodeRole::package && split_install_path(n.path, dir, name)) {
      auto in = m_by_path.find(dir);
      if (in == core::StringIndex::k_missing) {
        return false;
      }
      m_parent[id] = in;
      m_table.insert(in, name, name_hash(name), id);
      m_holds[in] = 1;
      return true;
    }
    auto slash = n.path.rfind('/');
    auto in = m_by_path.find(slash == std::string_view::npos ? std::string_view{} : n.path.substr(0, slash));
    if (in == core::StringIndex::k_missing) {
      m_unplaced_folders.push_back(id);
    } else {
      m_parent[id] = in;
    }
    return true;
  }

  // Ends index_beside() (and the syntax pass, if it still runs): from here
  // this thread owns the path index again.
  void finish_index_beside() {
    if (m_beside.joinable()) {
      const NodeId count = m_index_beside ? static_cast<NodeId>(m_g.nodes.size()) : 0;
      m_published.store(count | k_walk_over, std::memory_order_release);
      m_published.notify_one();
      m_beside.join();
    }
    m_index_beside = false;
  }

  // The walk is about to index paths itself (a v1 `dependencies` section).
  // When nothing has been published, the second thread has not touched the
  // index: this one takes it back without waiting, and the syntax pass goes
  // on beside the v1 walk. Otherwise the second thread is ended first.
  void take_back_index() {
    if (!m_index_beside) return;
    if (m_published.load(std::memory_order_relaxed) != 0) {
      finish_index_beside();
      return;
    }
    for (NodeId i = 0; i < m_g.nodes.size(); ++i) m_by_path.emplace(m_g.nodes[i].path, i);
    m_index_beside = false;
    m_published.store(k_walk_over, std::memory_order_release);  // over, with none for it
    m_published.notify_one();
  }

  struct Link {
    std::string_view path;
    std::string_view target;
    std::string_view name;
  };

  // Dependency resolution.
  //
  // Node resolves `require(name)` from folder P by trying P/node_modules,
  // then each ancestor folder's node_modules. Only folders that actually
  // hold a node_modules matter ("location dirs"). We give each one an id and
  // a parent (its deepest proper ancestor that is also a location dir), and
  // index installed packages by (location dir id, name). Resolving is then a
  // walk up that short chain with cheap probes that hash only the name
  // (once per edge), instead of building and hashing every candidate path.
  static constexpr std::uint32_t k_none = UINT32_MAX;

  struct DirKeyTable {
    // 24 bytes: the hash's high bits place a slot, its low half is kept to
    // rule out most other names before their bytes are read.
    struct Slot {
      std::uint32_t check = 0;
      std::uint32_t len = 0;
      const char* name = nullptr;
      std::uint32_t dir = k_none;
      NodeId target = core::k_no_node;
    };
    std::vector<Slot> slots;
    std::size_t size = 0;

    static std::uint64_t mix(std::uint64_t name_hash, std::uint32_t dir) {
      return name_hash ^ ((static_cast<std::uint64_t>(dir) + 1) * 0x9E3779B97F4A7C15ULL);
    }
    // The low half: the slot comes from the high bits.
    static std::uint32_t check_of(std::uint64_t h) { return static_cast<std::uint32_t>(h); }
    // An empty table with room for n entries (at most three quarters full).
    void reserve(std::size_t n) {
      slots.assign(core::slots_for(n, sizeof(Slot)), Slot{});
      size = 0;
    }
    [[nodiscard]] std::size_t next(std::size_t i) const { return i + 1 == slots.size() ? 0 : i + 1; }
    // First insertion wins (npm never writes one path twice).
    void insert(std::uint32_t dir, std::string_view name, std::uint64_t name_hash, NodeId target) {
      if ((size + 1) * 4 > slots.size() * 3) {
        grow();
      }
      auto h = mix(name_hash, dir);
      for (std::size_t i = core::first_slot(h, slots.size());; i = next(i)) {
        auto& sl = slots[i];
        if (sl.dir == k_none) {
          sl = {check_of(h), static_cast<std::uint32_t>(name.size()), name.data(), dir, target};
          ++size;
          return;
        }
        if (sl.check == check_of(h) && sl.dir == dir && std::string_view(sl.name, sl.len) == name) {
          return;
        }
      }
    }
    void grow() {
      std::vector<Slot> old(core::slots_for(slots.size() * 3 / 2, sizeof(Slot)));  // twice the slots
      old.swap(slots);
      for (const auto& sl : old) {
        if (sl.dir == k_none) continue;
        for (std::size_t i = core::first_slot(mix(hash_name({sl.name, sl.len}), sl.dir), slots.size());;
             i = next(i)) {
          if (slots[i].dir == k_none) {
            slots[i] = sl;
            break;
          }
        }
      }
    }
    static std::uint64_t hash_name(std::string_view name) { return std::hash<std::string_view>{}(name); }
    void prefetch(std::uint32_t dir, std::uint64_t name_hash) const {
      __builtin_prefetch(&slots[core::first_slot(mix(name_hash, dir), slots.size())]);
    }
    [[nodiscard]] NodeId find(std::uint32_t dir, std::string_view name,
                              std::uint64_t name_hash) const {
      auto h = mix(name_hash, dir);
      for (std::size_t i = core::first_slot(h, slots.size());; i = next(i)) {
        const auto& sl = slots[i];
        if (sl.dir == k_none) {
          return core::k_no_node;
        }
        if (sl.check == check_of(h) && sl.dir == dir && std::string_view(sl.name, sl.len) == name) {
          return sl.target;
        }
      }
    }
  };

  static std::uint64_t name_hash(std::string_view name) { return DirKeyTable::hash_name(name); }

  // Splits an install path "X/node_modules/name" into X and name.
  static bool split_install_path(std::string_view path, std::string_view& dir,
                                 std::string_view& name) {
    auto nm = path.rfind("node_modules/");
    if (nm == std::string_view::npos || (nm > 0 && path[nm - 1] != '/')) {
      return false;
    }
    name = path.substr(nm + 13);
    dir = nm == 0 ? std::string_view{} : path.substr(0, nm - 1);
    return true;
  }

  // The node of the folder `path`, or of its deepest ancestor folder that is
  // a node ("" is the root).
  NodeId folder_node(std::string_view path) const {
    for (;;) {
      auto id = m_by_path.find(path);
      if (id != core::StringIndex::k_missing) {
        return id;
      }
      if (path.empty()) {
        return core::k_no_node;
      }
      auto slash = path.rfind('/');
      path = slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
    }
  }

  // Every folder that can hold a node_modules is a node (a package, a
  // workspace, a linked dir, the root), so node ids serve as folder ids. A
  // package at "X/node_modules/name" is installed in folder X, which is also
  // where resolution continues after the package's own node_modules.
  //
  // Nodes placed early on the second thread (place_early()) are skipped; a
  // file with a v1 section is placed here whole.
  void build_resolution_index() {
    if (m_v1_start != core::k_no_node || m_table.slots.empty()) {
      m_placed = 0;
      m_unplaced_folders.clear();
      m_parent.assign(m_g.nodes.size(), core::k_no_node);
      m_holds.assign(m_g.nodes.size(), 0);
      m_table.reserve(m_g.nodes.size() + m_links.size());
    } else {
      m_parent.resize(m_g.nodes.size(), core::k_no_node);
      m_holds.resize(m_g.nodes.size(), 0);
    }
    std::string_view dir;
    std::string_view name;
    for (auto id : m_unplaced_folders) {
      auto slash = m_g.nodes[id].path.rfind('/');
      m_parent[id] = folder_node(slash == std::string_view::npos ? std::string_view{}
                                                                 : m_g.nodes[id].path.substr(0, slash));
    }
    for (NodeId id = m_placed; id < m_g.nodes.size(); ++id) {
      const auto& n = m_g.nodes[id];
      if (n.role == core::NodeRole::root) {
        continue;
      }
      if (n.role == core::NodeRole::package && split_install_path(n.path, dir, name)) {
        auto in = folder_node(dir);
        m_parent[id] = in;
        if (in != core::k_no_node) {
          m_table.insert(in, name, name_hash(name), id);
          m_holds[in] = 1;
        }
      } else {
        auto slash = n.path.rfind('/');
        m_parent[id] = folder_node(slash == std::string_view::npos ? std::string_view{}
                                                                    : n.path.substr(0, slash));
      }
    }
    break_parent_cycles();
    for (const auto& l : m_links) {
      auto t = core::normalize_path(l.target);
      if (!t || !split_install_path(l.path, dir, name)) {
        continue;
      }
      auto target_id = m_by_path.find(*t);
      auto in = folder_node(dir);
      if (target_id != core::StringIndex::k_missing && in != core::k_no_node) {
        m_table.insert(in, name, name_hash(name), target_id);
        m_holds[in] = 1;
      }
    }
  }

  // Parents come from path prefixes, which never loop, except through a
  // link that aliases a folder: a root entry ("") that is itself a link to
  // packages/ui makes "" name packages/ui, which then is its own parent
  // (found by fuzzing: resolution walked that loop forever). Each walk up
  // stamps what it visits; meeting its own stamp is a loop, cut there.
  void break_parent_cycles() {
    std::vector<NodeId> stamp(m_parent.size(), core::k_no_node);
    for (NodeId id = 0; id < m_parent.size(); ++id) {
      NodeId prev = core::k_no_node;
      NodeId d = id;
      while (d != core::k_no_node && stamp[d] == core::k_no_node) {
        stamp[d] = id;
        prev = d;
        d = m_parent[d];
      }
      if (d != core::k_no_node && stamp[d] == id && prev != core::k_no_node) m_parent[prev] = core::k_no_node;
    }
  }

  // The first folder from `d` up that holds a node_modules (most packages
  // have none of their own).
  NodeId first_holder(NodeId d) const {
    while (d != core::k_no_node && !m_holds[d]) d = m_parent[d];
    return d;
  }

  // Resolves `name` (hashed: `h`) the way Node does, from the folder `d`
  // that first_holder() gave for the dependent.
  NodeId resolve_from(NodeId d, std::string_view name, std::uint64_t h) const {
    for (; d != core::k_no_node; d = first_holder(m_parent[d])) {
      auto to = m_table.find(d, name, h);
      if (to != core::k_no_node) {
        return to;
      }
    }
    return core::k_no_node;
  }

  Result<void> link_packages() {
    // Root entry's workspace globs decide which linked folders are workspaces.
    std::vector<std::string> patterns;
    if (m_in.root_manifest) {
      patterns = m_in.root_manifest->workspaces;
    }
    auto is_workspace = [&](std::string_view folder) {
      for (const auto& p : patterns) {
        if (!p.starts_with("!") && core::glob_match(p, folder)) {
          return true;
        }
      }
      return false;
    };
    for (const auto& l : m_links) {
      auto target = core::normalize_path(l.target);
      if (!target) {
        continue;
      }
      auto target_id = m_by_path.find(*target);
      if (target_id == core::StringIndex::k_missing) {
        continue;
      }
      auto& node = m_g.nodes[target_id];
      if (node.name.empty()) {
        node.name = l.name.empty() ? name_from_path(l.path) : l.name;
      }
      if (node.role == core::NodeRole::linked_dir && is_workspace(node.path)) {
        node.role = core::NodeRole::workspace;
      }
      m_by_path.emplace(l.path, target_id);  // the link path resolves to its target
    }
    std::unordered_set<std::string_view> linked;
    for (const auto& l : m_links) {
      if (auto t = core::normalize_path(l.target)) {
        linked.insert(m_g.intern(*t));
      }
    }
    for (auto& node : m_g.nodes) {
      // A folder entry nothing links to is a leftover (npm marks it
      // extraneous): not a workspace, not installed.
      if (node.role == core::NodeRole::linked_dir && !linked.contains(node.path)) {
        node.extraneous = true;
        continue;
      }
      if (node.role == core::NodeRole::linked_dir && is_workspace(node.path)) {
        node.role = core::NodeRole::workspace;
      }
      if ((node.role == core::NodeRole::workspace || node.role == core::NodeRole::linked_dir) &&
          node.name.empty()) {
        node.name = name_from_path(node.path);
      }
    }
    build_resolution_index();
    std::sort(m_peer_optional.begin(), m_peer_optional.end());
    // Edges were recorded unresolved while walking; resolve them in place
    // (no second copy of every edge: memory matters on 50k-entry files).
    // Each edge is resolved on its own, so a large file's are shared with a
    // second thread, which is idle by now.
    const std::size_t count = m_g.edges.size();
    if (count >= m_in.second_thread_from / 128) {
      auto other = std::async(std::launch::async, [&] { resolve_edges(count / 2, count); });
      resolve_edges(0, count / 2);
      other.get();
    } else {
      resolve_edges(0, count);
    }
    return {};
  }

  // Resolves edges [begin, end). Most probes miss the cache (the table
  // takes megabytes): the slot an edge k_ahead further on will probe first
  // is fetched meanwhile.
  void resolve_edges(std::size_t begin, std::size_t end) {
    static constexpr std::size_t k_ahead = 8;
    auto& edges = m_g.edges;
    std::uint64_t hashes[k_ahead];
    NodeId firsts[k_ahead];
    auto look_ahead = [&](std::size_t i) {
      const auto& e = edges[i];
      auto h = name_hash(e.name);
      auto d = first_holder(e.from);
      hashes[i % k_ahead] = h;
      firsts[i % k_ahead] = d;
      if (d != core::k_no_node) m_table.prefetch(d, h);
    };
    for (std::size_t i = begin; i < end && i < begin + k_ahead; ++i) look_ahead(i);
    for (std::size_t i = begin; i < end; ++i) {
      auto& e = edges[i];
      const auto h = hashes[i % k_ahead];
      const auto d = firsts[i % k_ahead];
      if (i + k_ahead < end) look_ahead(i + k_ahead);
      e.to = resolve_from(d, e.name, h);
      if (e.kind == EdgeKind::peer &&
          std::binary_search(m_peer_optional.begin(), m_peer_optional.end(),
                             std::pair<NodeId, std::string_view>{e.from, e.name})) {
        e.kind = EdgeKind::peer_optional;
      }
    }
  }

  // ---- v1 ------------------------------------------------------------------
  NodeId m_root_id_for_v1() {
    if (m_v1_root != core::k_no_node) {
      return m_v1_root;
    }
    core::Node root;
    root.role = core::NodeRole::root;
    if (m_in.root_manifest) {
      root.name = m_g.intern(m_in.root_manifest->name);
      root.version = m_g.intern(m_in.root_manifest->version);
    }
    m_v1_root = m_g.add_node(root);
    m_v1_start = m_v1_root;
    m_by_path.emplace(std::string_view{}, m_v1_root);
    return m_v1_root;
  }

  void discard_v1() {
    // Only reached for v2 files: their legacy `dependencies` section came
    // first. Rebuild from `packages` alone.
    std::vector<core::Node> keep;
    std::unordered_map<NodeId, NodeId> remap;
    for (NodeId i = 0; i < m_g.nodes.size(); ++i) {
      if (!m_v1_ids.contains(i)) {
        remap[i] = static_cast<NodeId>(keep.size());
        keep.push_back(m_g.nodes[i]);
      }
    }
    m_g.nodes = std::move(keep);
    std::vector<core::Edge> edges;
    for (auto e : m_g.edges) {
      if (auto it = remap.find(e.from); it != remap.end()) {
        e.from = it->second;
        edges.push_back(e);
      }
    }
    m_g.edges = std::move(edges);
    std::erase_if(m_peer_optional, [&](auto& p) { return !remap.contains(p.first); });
    for (auto& p : m_peer_optional) {
      p.first = remap[p.first];
    }
    m_by_path.clear();
    for (NodeId i = 0; i < m_g.nodes.size(); ++i) {
      m_by_path.emplace(m_g.nodes[i].path, i);
    }
  }

  Result<void> walk_v1_dependencies(sj::value& v, NodeId parent, std::string_view parent_path) {
    auto off = offset_of(v);
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return failure(off, "\"dependencies\" must be an object");
      }
      return simd_failure(e, off);
    }
    for (auto f : obj) {
      std::string_view name;
      std::size_t key_off = 0;
      if (auto e = key_of(f, name, &key_off)) {
        return simd_failure(e, off);
      }
      std::string path(parent_path);
      if (!path.empty()) {
        path += '/';
      }
      path += "node_modules/";
      path += name;
      core::Node n;
      n.name = name;
      n.path = m_g.intern(path);
      n.offset = static_cast<std::uint32_t>(key_off);
      n.has_install_script = false;
      NodeId id = static_cast<NodeId>(m_g.nodes.size());
      m_g.add_node(n);
      m_v1_ids.insert(id);
      m_by_path.emplace(m_g.nodes[id].path, id);
      m_v1_nesting.push_back({id, parent, false});
      auto nesting_index = m_v1_nesting.size() - 1;
      sj::value entry = f.value();
      auto eoff = offset_of(entry);
      sj::object eo;
      if (auto e = entry.get_object().get(eo)) {
        if (e == simdjson::INCORRECT_TYPE) {
          return failure(eoff, "dependencies[\"" + std::string(name) + "\"] must be an object");
        }
        return simd_failure(e, eoff);
      }
      Where ctx{"dependencies", name, {}, {}};
      for (auto ef : eo) {
        std::string_view key;
        if (auto e = key_of(ef, key)) {
          return simd_failure(e, eoff);
        }
        sj::value val = ef.value();
        bool b = false;
        if (key == "version") {
          auto s = string_value(val, ctx.with("version"));
          if (!s) {
            return std::unexpected(s.error());
          }
          m_g.nodes[id].version = *s;
        } else if (key == "resolved") {
          auto s = string_value(val, ctx.with("resolved"));
          if (!s) {
            return std::unexpected(s.error());
          }
          m_g.nodes[id].resolved = *s;
        } else if (key == "integrity") {
          auto s = string_value(val, ctx.with("integrity"));
          if (!s) {
            return std::unexpected(s.error());
          }
          m_g.nodes[id].integrity = *s;
        } else if (key == "dev") {
          m_g.nodes[id].dev = val.get_bool().get(b) == simdjson::SUCCESS && b;
        } else if (key == "optional") {
          m_g.nodes[id].optional = val.get_bool().get(b) == simdjson::SUCCESS && b;
          m_v1_nesting[nesting_index].optional_recorded = true;
        } else if (key == "bundled") {
          m_g.nodes[id].in_bundle = val.get_bool().get(b) == simdjson::SUCCESS && b;
        } else if (key == "requires") {
          // v1 `requires` may be `true` (very old npm 5) or a map.
          bool req = false;
          if (val.get_bool().get(req) == simdjson::SUCCESS) {
            continue;
          }
          if (auto r = dep_map(val, id, EdgeKind::prod, ctx.with("requires")); !r) {
            return r;
          }
        } else if (key == "dependencies") {
          if (auto r = walk_v1_dependencies(val, id, m_g.nodes[id].path); !r) {
            return r;
          }
        } else {
          // skipped: already validated by the syntax pass
        }
      }
    }
    return {};
  }

  Result<void> link_v1() {
    auto root = m_root_id_for_v1();
    // v1 may leave `optional` off entries nested under an optional package
    // (the bundled dependencies of an optional package are the common
    // case); npm reads them as optional. Parents come before children.
    for (const auto& n : m_v1_nesting) {
      if (!n.optional_recorded && n.parent != core::k_no_node &&
          m_g.nodes[n.parent].role == core::NodeRole::package && m_g.nodes[n.parent].optional) {
        m_g.nodes[n.child].optional = true;
      }
    }
    // Root edges come from package.json: v1 does not record them.
    if (m_in.root_manifest) {
      for (const auto& d : m_in.root_manifest->dependencies) {
        m_g.edges.push_back(
            core::Edge{m_g.intern(d.name), m_g.intern(d.spec), d.kind, root, core::k_no_node});
      }
      for (const auto& [name, opt] : m_in.root_manifest->peer_optional) {
        if (opt) {
          m_peer_optional.emplace_back(root, m_g.intern(name));
        }
      }
    }
    for (auto& n : m_g.nodes) {
      if (n.role != core::NodeRole::package) {
        continue;
      }
      // v1 writes aliases as "npm:real@1.2.3", git deps as their URL.
      if (n.version.starts_with("npm:")) {
        auto spec = n.version.substr(4);
        auto at = spec.rfind('@');
        if (at != std::string_view::npos && at > 0) {
          n.name = spec.substr(0, at);
          n.version = spec.substr(at + 1);
        }
      }
      n.source = classify_source(n.resolved, n.version);
      if (n.version.starts_with("file:")) {
        n.source = n.version.ends_with(".tgz") ? core::Source::tarball : core::Source::directory;
      }
    }
    return link_packages();
  }

  DependencyGraph m_g;
  core::StringIndex m_by_path{1024};
  // The path index's second thread (index_beside()).
  std::jthread m_beside;
  bool m_index_beside = false;        // the walk publishes nodes instead of indexing them
  // Nodes the walk has made, in batches; with k_walk_over once it is over.
  std::atomic<NodeId> m_published{0};
  static constexpr NodeId k_walk_over = NodeId{1} << 31;
  static constexpr NodeId k_publish_batch = 512;
  NodeId m_placed = 0;                   // nodes 0..m_placed-1 placed early
  std::vector<NodeId> m_unplaced_folders;  // placed early but for their parent
  std::vector<NodeId> m_parent;  // the folder a node's resolution climbs to
  std::vector<char> m_holds;      // whether a folder has a node_modules entry
  DirKeyTable m_table;
  std::vector<std::pair<NodeId, std::string_view>> m_peer_optional;
  std::vector<Link> m_links;
  NodeId m_v1_root = core::k_no_node;
  NodeId m_v1_start = core::k_no_node;
  std::unordered_set<NodeId> m_v1_ids;
  struct V1Nesting {
    NodeId child;
    NodeId parent;  // the entry it is nested in (the root for top-level ones)
    bool optional_recorded;
  };
  std::vector<V1Nesting> m_v1_nesting;  // in walk order: parents first
  std::size_t m_v1_deps_offset = 0;
};

class NpmLockReader final : public LockfileReader {
 public:
  [[nodiscard]] std::string_view id() const override { return "npm/package-lock"; }
  [[nodiscard]] std::string_view manager() const override { return "npm"; }
  [[nodiscard]] bool matches(std::string_view file_name) const override {
    return file_name == "package-lock.json" || file_name == "npm-shrinkwrap.json";
  }
  [[nodiscard]] Result<DependencyGraph> read(const LockfileInput& input) const override {
    NpmLockParser parser(input);
    auto g = parser.run();
    return g;
  }
};

}  // namespace

std::unique_ptr<LockfileReader> make_npm_lock_reader() { return std::make_unique<NpmLockReader>(); }

}  // namespace archgate::analyzers
