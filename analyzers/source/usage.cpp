#include "analyzers/source/usage.hpp"

#include <algorithm>
#include <optional>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "analyzers/source/resolver.hpp"
#include "core/embedded.hpp"
#include "core/glob.hpp"
#include "core/graph.hpp"
#include "core/text.hpp"

namespace archgate::analyzers::source {

std::string_view to_string(UseKind kind) {
  switch (kind) {
    case UseKind::import_runtime: return "import";
    case UseKind::import_type: return "type import";
    case UseKind::binary: return "binary";
    case UseKind::script_word: return "script";
    case UseKind::config_file: return "config file";
    case UseKind::config_string: return "config";
    case UseKind::source_string: return "source string";
    case UseKind::stylesheet: return "stylesheet";
    case UseKind::peer: return "peer";
    case UseKind::types_pair: return "types";
    case UseKind::bundled: return "bundled";
    case UseKind::implicit: return "implicit";
  }
  return "use";
}

namespace {

using StrMap = std::unordered_map<std::string, std::vector<std::string>>;

// data/hygiene.json, parsed once.
struct Table {
  StrMap bins, strings, manifest_keys;
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> config_files;  // names → packages
  std::vector<std::string> prefixes, scoped_prefixes, scope_packages, not_configs;
  StrMap loaded_by, style_compilers, loaded_by_prefix, provides;
  struct Family {
    std::string tool;
    std::vector<std::string> configs, members;
  };
  std::vector<Family> shared_configs;
};

// "eslint-config-" matches eslint-config-x and @s/eslint-config-x; "/x"
// matches a scoped @s/x...; "@typescript-eslint/" a scope.
bool name_matches(std::string_view name, std::string_view pattern) {
  if (pattern.starts_with("/")) {
    auto slash = name.find('/');
    return name.starts_with("@") && slash != std::string_view::npos && name.substr(slash + 1).starts_with(pattern.substr(1));
  }
  if (name.starts_with(pattern)) return true;
  auto slash = name.find('/');
  return name.starts_with("@") && slash != std::string_view::npos && !pattern.ends_with("/") &&
         name.substr(slash + 1).starts_with(pattern);
}

const Table& table() {
  static const Table t = [] {
    Table out;
    auto j = nlohmann::json::parse(core::embedded_file("hygiene.json"), nullptr, false);
    if (j.is_discarded()) return out;
    auto read_map = [&](const char* key, StrMap& into) {
      if (!j.contains(key)) return;
      for (auto it = j[key].begin(); it != j[key].end(); ++it) {
        into[it.key()] = it.value().get<std::vector<std::string>>();
      }
    };
    read_map("bins", out.bins);
    read_map("strings", out.strings);
    read_map("manifest_keys", out.manifest_keys);
    for (const auto& e : j["config_files"]) {
      out.config_files.emplace_back(e["names"].get<std::vector<std::string>>(),
                                    e["packages"].get<std::vector<std::string>>());
    }
    out.prefixes = j["prefixes"].get<std::vector<std::string>>();
    out.scoped_prefixes = j["scoped_prefixes"].get<std::vector<std::string>>();
    out.scope_packages = j["scope_packages"].get<std::vector<std::string>>();
    out.not_configs = j["not_configs"].get<std::vector<std::string>>();
    read_map("style_compilers", out.style_compilers);
    for (auto it = j["provides"].begin(); it != j["provides"].end(); ++it) {
      if (it.value().is_array()) out.provides[it.key()] = it.value().get<std::vector<std::string>>();
    }
    for (auto it = j["loaded_by_prefix"].begin(); it != j["loaded_by_prefix"].end(); ++it) {
      if (it.value().is_array()) out.loaded_by_prefix[it.key()] = it.value().get<std::vector<std::string>>();
    }
    for (auto it = j["loaded_by"].begin(); it != j["loaded_by"].end(); ++it) {
      if (it.value().is_array()) out.loaded_by[it.key()] = it.value().get<std::vector<std::string>>();
    }
    for (auto it = j["shared_configs"].begin(); it != j["shared_configs"].end(); ++it) {
      if (!it.value().is_object()) continue;
      out.shared_configs.push_back({it.key(), it.value()["configs"].get<std::vector<std::string>>(),
                                    it.value()["members"].get<std::vector<std::string>>()});
    }
    return out;
  }();
  return t;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The package a specifier-like word names: "ts-node/register" → "ts-node",
// "@babel/preset-env/x" → "@babel/preset-env"; "" when it cannot be one.
std::string package_of(std::string_view w) {
  if (w.empty() || w.front() == '.' || w.front() == '/' || w.front() == '-' || w.front() == '$') return {};
  std::size_t end = w.find('/');
  if (w.front() == '@') {
    if (end == std::string_view::npos) return {};
    end = w.find('/', end + 1);
  }
  auto name = w.substr(0, end);
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '@' ||
              c == '/';
    if (!ok) return {};
  }
  return std::string(name);
}

// The config-file table entries a path matches (by base name, or a folder
// such as .husky/ on the way).
std::vector<const std::vector<std::string>*> config_table_hits(std::string_view path) {
  std::vector<const std::vector<std::string>*> out;
  auto base = base_name(path);
  for (const auto& [names, pkgs] : table().config_files) {
    for (const auto& n : names) {
      // The literal part before a '*' first: most names fail there.
      auto star = n.find('*');
      bool hit = base.starts_with(std::string_view(n).substr(0, star)) &&
                 (star == std::string::npos ? base == n : core::glob_match(n, base));
      if (!hit && n.starts_with(".") && star == std::string::npos && path.find(n) != std::string_view::npos) {
        // a folder: ".husky" matches ".husky/pre-commit" and "a/.husky/x"
        auto p = std::string("/") + std::string(path);
        hit = p.find("/" + n + "/") != std::string::npos;
      }
      if (hit) {
        out.push_back(&pkgs);
        break;
      }
    }
  }
  return out;
}

}  // namespace

std::string typed_package(std::string_view types_package) {
  std::string rest(types_package.substr(types_package.starts_with("@types/") ? 7 : 0));
  auto dd = rest.find("__");
  if (dd == std::string::npos) return rest;
  // Appended piece by piece: `"@" + std::string` trips GCC 12's
  // -Wstringop-overflow (a false positive).
  std::string out;
  out.reserve(rest.size());
  out += '@';
  out.append(rest, 0, dd);
  out += '/';
  out.append(rest, dd + 2);
  return out;
}

bool is_stylesheet(std::string_view path) {
  for (std::string_view ext : {".css", ".scss", ".sass", ".less", ".styl", ".pcss"}) {
    if (path.ends_with(ext)) return true;
  }
  return false;
}

bool is_config_file(std::string_view path) {
  auto base = base_name(path);
  for (const auto& n : table().not_configs) {
    if (base == n) return false;
  }
  if (base.find(".config.") != std::string_view::npos || base.find(".conf.") != std::string_view::npos) return true;
  if (base.starts_with(".") && (base.ends_with("rc") || base.find("rc.") != std::string_view::npos)) return true;
  if ((base.starts_with("tsconfig") || base.starts_with("jsconfig")) && base.ends_with(".json")) return true;
  if (base == "project.json") return true;  // Nx targets and executors
  return !config_table_hits(path).empty();
}

std::vector<std::string> config_tokens(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '@' || c == '/' || c == '.' || c == '$';
  };
  while (i < n) {
    char c = text[i];
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      auto end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? n : end + 2;
    } else if (c == '#' && (i == 0 || text[i - 1] == '\n' || text[i - 1] == ' ')) {
      while (i < n && text[i] != '\n') ++i;  // YAML / shell comment
    } else if (c == '"' || c == '\'' || c == '`') {
      std::size_t j = i + 1;
      std::string s;
      while (j < n && text[j] != c && text[j] != '\n') {
        if (text[j] == '\\' && j + 1 < n) ++j;
        s += text[j++];
      }
      if (!s.empty() && s.size() < 512) out.push_back(std::move(s));
      i = j + 1;
    } else if (word_char(c)) {
      std::size_t j = i;
      while (j < n && word_char(text[j])) ++j;
      if (j - i < 256) out.emplace_back(text.substr(i, j - i));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

namespace {

class Collector {
 public:
  Collector(const core::Snapshot& snap, const core::Project& project, const SourceFacts& src, UsageFacts& out)
      : m_snap(snap), m_project(project), m_src(src), m_out(out) {}

  void run(const CiFacts* ci) {
    declare();
    installed();
    imports();
    for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) manifest_json(mi);
    if (ci) {
      for (const auto& c : ci->commands) shell_line(c.text, "", c.file, c.line, "CI", true);
    }
    configs();
    source_strings();
    stylesheets();
    peers();
    loaded_by();
    bundled();
    implicit();
    shared_configs();  // asks whether a shared config is used
    types_pairs();     // last: it asks whether x has any use
  }

 private:
  const core::Snapshot& m_snap;
  const core::Project& m_project;
  const SourceFacts& m_src;
  UsageFacts& m_out;
  std::vector<const core::Manifest*> m_manifests;
  std::unordered_map<std::string, std::size_t> m_manifest_of_dir;  // dir → index into m_manifests
  std::vector<std::unordered_map<std::string, std::size_t>> m_by_name;  // per manifest: name → declared index
  std::vector<std::unordered_set<std::string>> m_all_names;  // per manifest: every declared name, peers too
  StrMap m_short;  // shorthand → full declared names ("prettier" → eslint-plugin-prettier)
  StrMap m_own_bins;  // bin → packages, from names and installed package.json files
  std::unordered_set<std::string> m_imported_anywhere;
  std::vector<std::uint32_t> m_last_file;  // per declared entry: the last importing file + 1

  std::size_t manifest_index(const std::string& dir) const {
    auto it = m_manifest_of_dir.find(dir);
    return it == m_manifest_of_dir.end() ? SIZE_MAX : it->second;
  }

  void declare() {
    if (m_project.root) m_manifests.push_back(&*m_project.root);
    for (const auto& w : m_project.workspaces) m_manifests.push_back(&w);
    m_by_name.resize(m_manifests.size());
    m_all_names.resize(m_manifests.size());
    m_out.searched.resize(m_manifests.size());
    for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) {
      const auto& m = *m_manifests[mi];
      m_manifest_of_dir.emplace(m.dir, mi);
      m_out.searched[mi].manifest = m.path;
      for (const auto& s : m.scripts) (void)s, ++m_out.searched[mi].scripts;
      std::set<std::string> prod_or_peer;
      for (const auto& d : m.dependencies) {
        m_all_names[mi].insert(d.name);
        if (d.kind != core::EdgeKind::dev) prod_or_peer.insert(d.name);
      }
      for (const auto& d : m.dependencies) {
        if (d.kind == core::EdgeKind::peer || d.kind == core::EdgeKind::peer_optional) continue;
        auto [it, fresh] = m_by_name[mi].emplace(d.name, m_out.declared.size());
        if (!fresh) {
          // Declared twice (dependencies and devDependencies): one entry, the
          // production kind.
          auto& e = m_out.declared[it->second];
          if (e.dep.kind == core::EdgeKind::dev) e.dep = d;
          e.also_prod = false;
          continue;
        }
        DeclaredUsage u;
        u.manifest = m.path;
        u.workspace = m.dir;
        u.dep = d;
        u.also_prod = d.kind == core::EdgeKind::dev && prod_or_peer.count(d.name) > 0;
        m_out.declared.push_back(std::move(u));
        add_short_names(d.name);
      }
    }
    m_last_file.assign(m_out.declared.size(), 0);
  }

  void add_short_names(const std::string& name) {
    const auto& t = table();
    auto add = [&](std::string s) {
      auto& v = m_short[std::move(s)];
      if (std::find(v.begin(), v.end(), name) == v.end()) v.push_back(name);
    };
    if (name.starts_with("@")) {
      auto slash = name.find('/');
      std::string scope = name.substr(0, slash);
      std::string rest = name.substr(slash + 1);
      if (name.starts_with("@types/")) add(typed_package(name));
      for (const auto& p : t.scope_packages) {
        if (rest == p) add(scope);
      }
      for (const auto& p : t.scoped_prefixes) {
        if (rest.starts_with(p) && rest.size() > p.size()) add(scope + "/" + rest.substr(p.size()));
      }
    } else {
      for (const auto& p : t.prefixes) {
        if (name.starts_with(p) && name.size() > p.size()) add(name.substr(p.size()));
      }
    }
    // Its own binary, by name: "jest", "@nestjs/cli" → "cli" is too vague,
    // so scoped names give their base only when it is not generic.
    std::string bin = name.starts_with("@") ? name.substr(name.find('/') + 1) : name;
    if (!name.starts_with("@") || (bin != "cli" && bin != "core")) m_own_bins[bin].push_back(name);
    // A "-cli" package runs the command it wraps: gzip-size-cli → gzip-size,
    // delay-cli → delay (seen on growthbook's scripts).
    if (bin.ends_with("-cli") && bin.size() > 4) m_own_bins[bin.substr(0, bin.size() - 4)].push_back(name);
    // "@scope/cli" runs the scope's command: @svgr/cli → svgr (seen on
    // umami's "build-icons": "svgr ...").
    if (name.starts_with("@") && bin == "cli") m_own_bins[name.substr(1, name.find('/') - 1)].push_back(name);
  }

  // Records a use of `name` for the manifest of workspace `dir` (or the
  // root's declaration when the workspace does not declare it).
  bool add_use(const std::string& dir, const std::string& name, DependencyUse use) {
    for (const std::string* d : {&dir, static_cast<const std::string*>(nullptr)}) {
      std::size_t mi = manifest_index(d ? *d : std::string());
      if (mi == SIZE_MAX) {
        if (!d) break;
        continue;
      }
      auto it = m_by_name[mi].find(name);
      if (it != m_by_name[mi].end()) {
        record(it->second, std::move(use));
        return true;
      }
      if (d && d->empty()) break;
    }
    return false;
  }

  // For commands that may run in any workspace (CI steps): the root, else
  // every workspace that declares it.
  void add_use_any(const std::string& name, const DependencyUse& use) {
    if (add_use("", name, use)) return;
    for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) {
      auto it = m_by_name[mi].find(name);
      if (it != m_by_name[mi].end()) record(it->second, use);
    }
  }

  bool m_token_everywhere = false;
  // Every manifest that declares `name`.
  void add_use_any_all(const std::string& name, const DependencyUse& use) {
    for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) {
      auto it = m_by_name[mi].find(name);
      if (it != m_by_name[mi].end()) record(it->second, use);
    }
  }

  void record(std::size_t idx, DependencyUse use) {
    auto& e = m_out.declared[idx];
    std::size_t same = 0;
    for (const auto& u : e.uses) same += u.kind == use.kind;
    if (same < 8) e.uses.push_back(std::move(use));
  }

  // ------------------------------------------------------------- imports
  // Files under a package.json that is not a workspace (an example app, a
  // test fixture with its own manifest) belong to that package: archgate
  // does not judge its dependencies, and its imports serve no workspace.
  // A package.json that only sets "type" (or names nothing to install) is
  // not a boundary: its files still belong to the workspace around it.
  std::vector<bool> m_foreign;  // per graph file
  mutable std::unordered_map<std::string, bool> m_declares;  // package dir → declares dependencies
  bool declares_dependencies(const std::string& dir) const {
    if (auto found = m_declares.find(dir); found != m_declares.end()) return found->second;
    auto it = m_declares.emplace(dir, false).first;
    auto text = m_snap.read(core::join_path(dir, "package.json"));
    if (!text) return false;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return false;
    for (const char* k : {"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}) {
      if (auto b = j.find(k); b != j.end() && b->is_object() && !b->empty()) it->second = true;
    }
    return it->second;
  }
  // Is `path` (a file) inside a package folder archgate does not audit as a
  // workspace: the nearest folder above it with a package.json that is a
  // workspace's or declares dependencies is not a workspace? Answered once
  // per folder (files of a folder share it); the package folders that count
  // are found once.
  mutable std::optional<std::vector<const std::string*>> m_counted_dirs;
  mutable std::unordered_map<std::string, bool> m_foreign_dir;
  bool foreign_path(std::string_view path) const {
    if (!m_counted_dirs) {
      m_counted_dirs.emplace();
      for (const auto& d : m_src.package_dirs) {
        if (manifest_index(d) != SIZE_MAX || declares_dependencies(d)) m_counted_dirs->push_back(&d);
      }
    }
    std::string dir(core::parent_path(path));
    if (auto it = m_foreign_dir.find(dir); it != m_foreign_dir.end()) return it->second;
    const std::string* best = nullptr;
    for (const std::string* d : *m_counted_dirs) {
      if (d->empty() || dir == *d || (dir.size() > d->size() && dir.starts_with(*d) && dir[d->size()] == '/')) {
        if (!best || d->size() > best->size()) best = d;
      }
    }
    bool foreign = best && manifest_index(*best) == SIZE_MAX;
    m_foreign_dir.emplace(std::move(dir), foreign);
    return foreign;
  }

  void imports() {
    const auto& g = m_src.graph;
    m_foreign.resize(g.files.size());
    for (std::size_t v = 0; v < g.files.size(); ++v) m_foreign[v] = foreign_path(g.files[v].path);
    for (std::size_t i = 0; i < g.edges.size(); ++i) {
      const auto& e = g.edges[i];
      const auto& d = m_src.details[i];
      if (d.package.empty() || m_foreign[e.from]) continue;
      const auto& file = g.files[e.from];
      if (m_imported_anywhere.insert(d.package).second) {
        m_out.imported_at.emplace(d.package, file.path + ":" + std::to_string(e.line));
      }
      bool type = e.kind == core::ModuleEdgeKind::type;
      DependencyUse use{type ? UseKind::import_type : UseKind::import_runtime, file.path, e.line, e.column, e.spec};
      std::size_t idx = SIZE_MAX;
      for (const std::string* dir : {&file.workspace, static_cast<const std::string*>(nullptr)}) {
        std::size_t mi = manifest_index(dir ? *dir : std::string());
        if (mi != SIZE_MAX) {
          if (auto it = m_by_name[mi].find(d.package); it != m_by_name[mi].end()) {
            idx = it->second;
            break;
          }
          if (m_all_names[mi].count(d.package)) {
            idx = SIZE_MAX - 1;  // declared as a peer: fine, nothing to count
            break;
          }
        }
        if (!dir || dir->empty()) break;
      }
      if (idx < SIZE_MAX - 1) {
        auto& entry = m_out.declared[idx];
        ++entry.import_sites;
        if (m_last_file[idx] != e.from + 1) {
          ++entry.import_files;
          m_last_file[idx] = e.from + 1;
        }
        record(idx, std::move(use));
        continue;
      }
      if (idx == SIZE_MAX - 1 || d.aliased) continue;  // an alias is the build's business
      undeclared(i, file.workspace, d.package, e.resolved == core::Resolved::file);
    }
    // How many files each manifest's declarations are looked up from.
    for (std::size_t v = 0; v < g.files.size(); ++v) {
      const auto& f = g.files[v];
      if (m_foreign[v]) continue;
      std::size_t mi = manifest_index(f.workspace);
      if (mi != SIZE_MAX) ++m_out.searched[mi].files;
      if (!f.workspace.empty() && manifest_index("") != SIZE_MAX) ++m_out.searched[manifest_index("")].files;
    }
  }

  void undeclared(std::size_t edge, const std::string& dir, const std::string& package, bool workspace_file) {
    std::size_t mi = manifest_index(dir);
    if (mi == SIZE_MAX) mi = manifest_index("");
    if (mi == SIZE_MAX) return;
    const auto& m = *m_manifests[mi];
    if (package == m.name) return;  // a package importing itself by name
    // Ambient host modules typed by @types/x (vscode, electron in a preload).
    for (const std::string* d : {&dir, static_cast<const std::string*>(nullptr)}) {
      std::size_t k = manifest_index(d ? *d : std::string());
      if (k != SIZE_MAX && m_all_names[k].count(types_name(package))) return;
      if (!d) break;
    }
    // Modules a declared framework provides (ember-source's @ember/runloop).
    for (const std::string* d : {&dir, static_cast<const std::string*>(nullptr)}) {
      std::size_t k = manifest_index(d ? *d : std::string());
      if (k != SIZE_MAX) {
        for (const auto& [provider, prefixes] : table().provides) {
          if (!m_all_names[k].count(provider)) continue;
          for (const auto& p : prefixes) {
            if (package.starts_with(p)) return;
          }
        }
      }
      if (!d) break;
    }
    UndeclaredImport u;
    u.manifest = m.path;
    u.workspace = m.dir;
    u.package = package;
    u.edge = static_cast<std::uint32_t>(edge);
    if (workspace_file) {
      for (const auto* w : m_manifests) {
        if (w->name == package) u.supplier = "the workspace package at " + (w->dir.empty() ? "the root" : w->dir);
      }
    } else {
      u.supplier = supplier_of(package);
    }
    m_out.undeclared.push_back(std::move(u));
  }

  static std::string types_name(const std::string& package) {
    if (package.starts_with("@")) {
      auto slash = package.find('/');
      return "@types/" + package.substr(1, slash - 1) + "__" + package.substr(slash + 1);
    }
    return "@types/" + package;
  }

  std::unordered_map<std::string, std::string> m_supplier_cache;
  std::string supplier_of(const std::string& package) {
    if (auto it = m_supplier_cache.find(package); it != m_supplier_cache.end()) return it->second;
    std::string out;
    if (m_project.graph) {
      const auto& g = *m_project.graph;
      for (const auto& e : g.edges) {
        if (e.name != package || e.to == core::k_no_node || e.from == core::k_no_node) continue;
        const auto& to = g.nodes[e.to];
        const auto& from = g.nodes[e.from];
        std::string locked = std::string(to.name) + "@" + std::string(to.version);
        if (g.is_importer(e.from)) {
          out = locked + ", declared by " + (from.role == core::NodeRole::root ? std::string("the root package")
                                                                                  : std::string(from.path));
        } else {
          out = locked + ", a dependency of " + std::string(from.name) + "@" + std::string(from.version);
        }
        break;
      }
      // Nothing depends on it by name, but a workspace of that name is
      // linked into the root node_modules by npm, yarn 1 and bun (not by
      // pnpm, nor by yarn 2+'s default Plug'n'Play), so the import resolves
      // there: seen on Kong/insomnia, whose SDK imports the app's workspace,
      // which was said to fail wherever it runs.
      const bool links_workspaces = g.manager == "npm" || g.manager == "bun" || g.format == "yarn-v1";
      if (out.empty() && links_workspaces) {
        for (const auto& n : g.nodes) {
          if (n.role == core::NodeRole::workspace && n.name == package) {
            out = "the workspace package at " + std::string(n.path);
            break;
          }
        }
      }
    }
    m_supplier_cache.emplace(package, out);
    return out;
  }

  // ------------------------------------------------------------- scripts
  // Every simple command of a shell line: binaries and package-naming words.
  void shell_line(std::string_view line, const std::string& dir, const std::string& where, int at, const std::string& label,
                  bool anywhere) {
    for (const auto& cmd : core::split_shell_commands(line)) {
      bool config_next = false;
      bool after_runner = false;  // the previous word runs a file: node, ts-node, tsx, ...
      for (auto w : core::shell_words(cmd)) {
        if (w.find(' ') != std::string::npos) {
          // A quoted argument with blanks is a command line handed to a
          // wrapper (`concurrently "tsc -w" "node dist"`,
          // `start-server-and-test 'wrangler dev' 8787 'tsx src/client.ts'`):
          // read it as one.
          shell_line(w, dir, where, at, label, anywhere);
          after_runner = false;
          continue;
        }
        if (!anywhere && (w.starts_with("--config=") || w.starts_with("-c="))) {
          config_file(w.substr(w.find('=') + 1), dir, label);
        }
        if (auto eq = w.find('='); eq != std::string::npos) {
          if (w.starts_with("--")) {
            w = w.substr(eq + 1);
          } else {
            continue;  // FOO=bar: an environment assignment
          }
        }
        if (w.empty()) continue;
        if (config_next && !anywhere) config_file(w, dir, label);
        config_next = w == "--config" || w == "-c" || w == "--project" || w == "-p";
        if (w.front() == '-') {
          // A flag that loads a package: vitest --coverage / --ui.
          if (auto it = table().strings.find(w); it != table().strings.end()) {
            for (const auto& p : it->second) add_use(dir, p, {UseKind::script_word, where, at, 0, label + ": " + w});
          }
          continue;
        }
        if (!anywhere) script_file(w, dir, where, at, label, after_runner);
        word(w, dir, where, at, label, anywhere);
        static const std::set<std::string, std::less<>> k_runners = {
            "node", "ts-node", "ts-node-esm", "tsx", "bun", "babel-node", "vite-node", "esno", "swc-node", "deno"};
        after_runner = k_runners.count(w) > 0;
      }
    }
  }

  // `jest --config=jest.json`, `tsc -p tsconfig.build.json`: a configuration
  // file a script names is read like the well-known ones.
  std::set<std::string> m_script_configs;
  void config_file(const std::string& w, const std::string& dir, const std::string& label) {
    if (w.empty() || w.front() == '-' || w.find("://") != std::string::npos) return;
    auto normal = core::normalize_path(dir.empty() ? w : dir + "/" + w);
    if (!normal || normal->empty()) return;
    const std::string& path = *normal;
    if (!m_script_configs.insert(path).second || !m_snap.is_file(path)) return;
    auto text = m_snap.read(path);
    if (!text || text->size() > 1'000'000) return;
    if (auto mi = manifest_index(dir); mi != SIZE_MAX) m_out.searched[mi].configs.push_back(path);
    for (const auto& t : config_tokens(*text)) token(t, dir, path, 0, label);
  }

  // `node ../../scripts/build.js` in a workspace's script: what that file
  // (and the project files it imports) imports, this workspace uses.
  void script_file(const std::string& w, const std::string& dir, const std::string& where, int at,
                   const std::string& label, bool run) {
    static constexpr std::string_view k_ext[] = {".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"};
    if (std::none_of(std::begin(k_ext), std::end(k_ext), [&](std::string_view e) { return w.ends_with(e); })) return;
    auto normal = core::normalize_path(dir.empty() ? w : dir + "/" + w);
    if (!normal || normal->empty()) return;
    const std::string& path = *normal;
    const auto& g = m_src.graph;
    auto it = std::lower_bound(g.files.begin(), g.files.end(), path,
                               [](const core::SourceFileInfo& f, const std::string& p) { return f.path < p; });
    if (it == g.files.end() || it->path != path) return;
    // A file only a build, seed or release script runs is tooling, not
    // production (a start script's file is the service itself).
    // Only scripts named for tooling: a "dev" or "watch" script runs the
    // service itself.
    auto script = std::string_view(label).substr(label.starts_with("scripts.") ? 8 : 0);
    auto has = [&](std::string_view part) { return script.find(part) != std::string_view::npos; };
    bool runtime = has("start") || has("serve") || has("prod") || has("dev") || has("watch") || has("debug");
    bool tooling = has("build") || has("copy") || has("seed") || has("gen") || has("release") || has("prepare") ||
                   has("clean") || has("lint") || has("docs") || has("migrat") || has("bundle") || has("compile") ||
                   has("postinstall");
    if (run && label.starts_with("scripts.") && tooling && !runtime) m_out.tooling_files.insert(path);
    if (owner_dir(path) == dir) return;  // its own file: its imports already count here
    std::vector<std::uint32_t> stack{static_cast<std::uint32_t>(it - g.files.begin())};
    std::set<std::uint32_t> seen{stack.front()};
    while (!stack.empty()) {
      auto v = stack.back();
      stack.pop_back();
      for (std::size_t k = first_edge(v); k < g.edges.size() && g.edges[k].from == v; ++k) {
        const auto& e = g.edges[k];
        if (!core::ModuleGraph::runtime(e)) continue;
        if (e.resolved == core::Resolved::package) {
          add_use(dir, m_src.details[k].package,
                  {UseKind::script_word, where, at, 0, label + ": runs " + path + ", which imports it"});
        }
        if (e.to_file >= 0 && seen.insert(static_cast<std::uint32_t>(e.to_file)).second) {
          stack.push_back(static_cast<std::uint32_t>(e.to_file));
        }
      }
    }
  }

  std::vector<std::size_t> m_first_edge;  // core::edge_starts, computed on first use
  std::size_t first_edge(std::uint32_t v) {
    if (m_first_edge.empty()) m_first_edge = core::edge_starts(m_src.graph);
    return m_first_edge[v];
  }

  void word(const std::string& w, const std::string& dir, const std::string& where, int at, const std::string& label,
            bool anywhere) {
    auto use = [&](UseKind kind, const std::string& pkg) {
      DependencyUse u{kind, where, at, 0, label + ": " + w};
      if (anywhere) {
        add_use_any(pkg, u);
      } else {
        add_use(dir, pkg, u);
      }
    };
    if (auto it = table().bins.find(w); it != table().bins.end()) {
      for (const auto& p : it->second) use(UseKind::binary, p);
    }
    if (auto it = m_own_bins.find(w); it != m_own_bins.end()) {
      for (const auto& p : it->second) use(UseKind::binary, p);
    }
    auto pkg = package_of(w);
    if (!pkg.empty()) use(UseKind::script_word, pkg);
  }

  // ------------------------------------------------------- package.json
  void manifest_json(std::size_t mi) {
    const auto& m = *m_manifests[mi];
    for (const auto& [name, text] : m.scripts) {
      shell_line(text, m.dir, m.path, 0, "scripts." + name, false);
    }
    auto text = m_snap.read(m.path);
    if (!text) return;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object()) return;
    static const std::set<std::string, std::less<>> k_skip = {
        "name",     "version",   "description", "keywords", "homepage", "bugs",    "license",     "author",
        "contributors", "funding", "files",     "main",     "module",   "types",   "typings",     "exports",
        "imports",  "bin",       "man",         "directories", "repository", "scripts", "dependencies",
        "devDependencies", "peerDependencies", "optionalDependencies", "bundleDependencies",
        "bundledDependencies", "peerDependenciesMeta", "engines", "os", "cpu", "private", "publishConfig",
        "workspaces", "type", "packageManager", "volta", "overrides", "resolutions", "pnpm", "devEngines",
        "sideEffects", "browser", "unpkg", "jsdelivr", "source", "react-native", "typesVersions"};
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (k_skip.count(it.key())) continue;
      if (auto k = table().manifest_keys.find(it.key()); k != table().manifest_keys.end()) {
        for (const auto& p : k->second) add_use(m.dir, p, {UseKind::config_file, m.path, 0, 0, "\"" + it.key() + "\" key"});
      }
      std::vector<const nlohmann::json*> stack{&it.value()};
      while (!stack.empty()) {
        const auto* v = stack.back();
        stack.pop_back();
        if (v->is_string()) {
          token(v->get<std::string>(), m.dir, m.path, 0, it.key());
        } else if (v->is_array() || v->is_object()) {
          for (auto c = v->begin(); c != v->end(); ++c) {
            if (v->is_object()) token(c.key(), m.dir, m.path, 0, it.key());
            stack.push_back(&c.value());
          }
        }
      }
    }
  }

  // A string or word from a configuration: the package it names, its
  // shorthand, an alias, or the binaries of a command line inside it.
  void token(const std::string& s, const std::string& dir, const std::string& where, int at, const std::string& label) {
    if (s.empty()) return;
    if (s.find(' ') != std::string::npos) {
      // "eslint --fix", "ts-node src/main.ts": a command line.
      if (s.size() < 200) shell_line(s, dir, where, at, label, false);
      return;
    }
    DependencyUse u{UseKind::config_string, where, at, 0, label.empty() ? s : label + ": " + s};
    auto add_use = [&](const std::string& d, const std::string& name, const DependencyUse& use) {
      if (m_token_everywhere) {
        add_use_any_all(name, use);
      } else {
        this->add_use(d, name, use);
      }
    };
    std::string_view v = s;
    if (v.starts_with("plugin:")) {
      v.remove_prefix(7);
      auto slash = v.rfind('/');
      if (slash != std::string_view::npos) v = v.substr(0, slash);
    }
    if (v.starts_with("~")) v.remove_prefix(1);
    // "@angular-devkit/build-angular:browser", "npm:x": the package before a colon.
    if (auto colon = v.find(':'); colon != std::string_view::npos && colon > 0) v = v.substr(0, colon);
    if (auto nm = v.find("node_modules/"); nm != std::string_view::npos) v = v.substr(nm + 13);
    std::string full(v);
    std::string pkg = package_of(v);
    for (const std::string* c : {&full, &pkg}) {
      if (c->empty()) continue;
      add_use(dir, *c, u);
      if (auto it = m_short.find(*c); it != m_short.end()) {
        for (const auto& p : it->second) add_use(dir, p, u);
      }
      if (c == &pkg && pkg == full) break;
    }
    if (auto it = table().strings.find(full); it != table().strings.end()) {
      for (const auto& p : it->second) add_use(dir, p, u);
    }
  }

  std::string owner_dir(std::string_view path) const {
    std::string best;
    bool found = false;
    for (const auto* m : m_manifests) {
      if (m->dir.empty()) {
        if (!found) found = true;
        continue;
      }
      if (path.size() > m->dir.size() && path.starts_with(m->dir) && path[m->dir.size()] == '/' &&
          m->dir.size() >= best.size()) {
        best = m->dir;
        found = true;
      }
    }
    return best;
  }

  // --------------------------------------------------------- config files
  // A workspace that is itself a shared configuration (eslint-config-x,
  // @acme/prettier-config) names its plugins in its source as strings.
  bool shared_config_package(const core::Manifest& m) const {
    for (const auto& fam : table().shared_configs) {
      for (const auto& pat : fam.configs) {
        if (!m.name.empty() && name_matches(m.name, pat)) return true;
      }
    }
    return false;
  }

  void configs() {
    for (std::size_t fi = 0; fi < m_src.graph.files.size(); ++fi) {
      const auto& f = m_src.graph.files[fi];
      std::size_t mi = manifest_index(f.workspace);
      if (mi == SIZE_MAX || m_foreign[fi] || f.workspace.empty() || !shared_config_package(*m_manifests[mi])) continue;
      auto text = m_snap.read(f.path);
      if (!text) continue;
      for (const auto& t : config_tokens(*text)) token(t, f.workspace, f.path, 0, "");
    }
    for (const auto& path : m_src.config_files) {
      if (foreign_path(path)) continue;
      std::string dir = owner_dir(path);
      std::size_t mi = manifest_index(dir);
      if (mi != SIZE_MAX) m_out.searched[mi].configs.push_back(path);
      for (const auto* pkgs : config_table_hits(path)) {
        for (const auto& p : *pkgs) add_use(dir, p, {UseKind::config_file, path, 0, 0, std::string(base_name(path))});
      }
      auto text = m_snap.read(path);
      if (!text || text->size() > 1'000'000) continue;
      bool hook = path.find(".husky/") != std::string::npos || base_name(path) == "lefthook.yml";
      if (hook) {
        // Shell: each line is a command.
        std::size_t start = 0;
        int line = 1;
        while (start <= text->size()) {
          auto nl = text->find('\n', start);
          auto l = std::string_view(*text).substr(start, nl == std::string::npos ? std::string::npos : nl - start);
          if (!l.empty() && l.front() != '#') shell_line(l, dir, path, line, std::string(base_name(path)), false);
          if (nl == std::string::npos) break;
          start = nl + 1;
          ++line;
        }
        continue;
      }
      // A root configuration (eslint.config.js, .oxlintrc.json) lints and
      // builds every workspace: its names serve their declarations too.
      m_token_everywhere = dir.empty() && m_manifests.size() > 1;
      for (const auto& t : config_tokens(*text)) token(t, dir, path, 0, "");
      m_token_everywhere = false;
    }
  }

  // --------------------------------------------- literal arguments in code
  void source_strings() {
    const auto& g = m_src.graph;
    for (std::size_t fi = 0; fi < m_src.scans.size() && fi < g.files.size(); ++fi) {
      const auto& file = g.files[fi];
      if (m_foreign[fi]) continue;
      auto literal = [&](const std::string& s, Pos pos, const std::string& label) {
        if (s.empty() || s.size() > 200 || s.find(' ') != std::string::npos) return;
        std::string_view v = s;
        if (auto nm = v.find("node_modules/"); nm != std::string_view::npos) v = v.substr(nm + 13);
        std::string pkg = package_of(v);
        DependencyUse u{UseKind::source_string, file.path, pos.line, pos.column, label + ": '" + s + "'"};
        if (!pkg.empty() && (pkg == s || v.size() != s.size())) add_use(file.workspace, pkg, u);
        if (auto it = table().strings.find(s); it != table().strings.end()) {
          for (const auto& p : it->second) add_use(file.workspace, p, u);
        }
      };
      for (const auto& c : m_src.scans[fi].calls) {
        if (c.callee == "require" || c.callee == "import") continue;  // already edges
        for (std::size_t a = 0; a < c.args.size() && a < 32; ++a) {
          if (c.literal_mask & (1u << a)) literal(c.args[a], c.pos, c.callee);
        }
        for (const auto& k : c.keys) {
          if (!k.value.empty()) literal(k.value, c.pos, c.callee + " " + k.path);
        }
      }
    }
  }

  // ----------------------------------------------------------- stylesheets
  void stylesheets() {
    for (const auto& path : m_src.style_files) {
      if (foreign_path(path)) continue;
      for (const auto& [ext, pkgs] : table().style_compilers) {
        if (!path.ends_with(ext)) continue;
        for (const auto& p : pkgs) add_use(owner_dir(path), p, {UseKind::implicit, path, 0, 0, "compiles " + ext + " files"});
      }
      auto text = m_snap.read(path);
      if (!text || text->size() > 2'000'000) continue;
      std::string dir = owner_dir(path);
      std::string_view t = *text;
      int line = 1;
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\n') ++line;
        // Tailwind v4 loads plugins from CSS (`@plugin "@tailwindcss/typography"`;
        // seen on openstatusHQ/openstatus, where three were called unused).
        bool at_rule = t[i] == '@' && (t.substr(i, 7) == "@import" || t.substr(i, 4) == "@use" ||
                                       t.substr(i, 8) == "@forward" || t.substr(i, 8) == "@plugin " ||
                                       t.substr(i, 11) == "@reference ");
        bool url = t.substr(i, 4) == "url(";
        if (!at_rule && !url) continue;
        auto q = t.find_first_of("'\"\n;", i);
        if (q == std::string_view::npos || t[q] == '\n' || t[q] == ';') continue;
        auto end = t.find(t[q], q + 1);
        if (end == std::string_view::npos) continue;
        auto spec = t.substr(q + 1, end - q - 1);
        bool tilde = spec.starts_with("~");
        if (tilde) spec.remove_prefix(1);
        if (auto nm = spec.find("node_modules/"); nm != std::string_view::npos) spec = spec.substr(nm + 13);
        else if (url && !tilde) continue;  // url(x.png) is relative
        auto pkg = package_of(spec);
        if (!pkg.empty()) add_use(dir, pkg, {UseKind::stylesheet, path, line, 0, std::string(spec)});
      }
    }
  }

  // --------------------------------------------------------------- peers
  void peers() {
    if (m_project.graph) {
      const auto& g = *m_project.graph;
      for (core::NodeId id = 0; id < g.nodes.size(); ++id) {
        if (!g.is_importer(id)) continue;
        std::string dir = g.nodes[id].role == core::NodeRole::root ? std::string() : std::string(g.nodes[id].path);
        for (const auto& e : g.out_edges(id)) {
          // A workspace dependency's peers count too (seen on
          // medusajs/medusa: @mikro-orm/cli, a peer of the workspace
          // package @medusajs/framework, was called unused in 24 modules).
          if (e.to == core::k_no_node || e.to == id) continue;
          for (const auto& pe : g.out_edges(e.to)) {
            if (pe.kind == core::EdgeKind::peer || pe.kind == core::EdgeKind::peer_optional) {
              add_use(dir, std::string(pe.name),
                      {UseKind::peer, g.lockfile_path, 0, 0, "peer of " + std::string(e.name)});
            } else if (pe.kind == core::EdgeKind::optional) {
              // Declared to make another dependency's optional one install
              // (seen on growthbook: dd-trace loads @datadog/native-metrics
              // and @datadog/pprof when they are there).
              add_use(dir, std::string(pe.name),
                      {UseKind::peer, g.lockfile_path, 0, 0, "optional dependency of " + std::string(e.name)});
            }
          }
        }
      }
    }
  }

  // Installed packages, when node_modules is there: their bins and peers.
  void installed() {
    // A workspace package's own commands (its "bin"): a script that runs
    // one uses that workspace (seen on logto-io/logto: the root's
    // "translate": "logto-translate" ran packages/translate's bin, and
    // @logto/translate was called unused).
    for (const auto* m : m_manifests) {
      if (m->name.empty()) continue;
      for (const auto& bin : m->bins) m_own_bins[bin].push_back(m->name);
    }
    if (!m_snap.is_dir("node_modules")) return;
    m_out.node_modules = true;
    std::set<std::pair<std::string, std::string>> seen;  // (dir, name)
    for (const auto& d : m_out.declared) {
      std::string pj;
      for (const std::string& base : {d.workspace, std::string()}) {
        auto p = core::join_path(core::join_path(base, "node_modules"), d.dep.name) + "/package.json";
        if (m_snap.is_file(p)) {
          pj = p;
          break;
        }
        if (base.empty()) break;
      }
      if (pj.empty() || !seen.emplace(d.workspace, d.dep.name).second) continue;
      auto text = m_snap.read(pj);
      if (!text) continue;
      auto j = nlohmann::json::parse(*text, nullptr, false);
      if (!j.is_object()) continue;
      if (auto b = j.find("bin"); b != j.end()) {
        if (b->is_object()) {
          for (auto it = b->begin(); it != b->end(); ++it) m_own_bins[it.key()].push_back(d.dep.name);
        }
      }
      if (auto p = j.find("peerDependencies"); p != j.end() && p->is_object()) {
        for (auto it = p->begin(); it != p->end(); ++it) {
          add_use(d.workspace, it.key(), {UseKind::peer, pj, 0, 0, "peer of " + d.dep.name});
        }
      }
    }
  }

  // ------------------------------------------------------------- bundling
  // A workspace that imports another workspace's files uses what those
  // files import: a bundler inlines them, and the app must declare it.
  void bundled() {
    const auto& g = m_src.graph;
    if (m_manifests.size() < 2 || g.files.empty()) return;
    std::map<std::string, std::vector<std::uint32_t>> files_of;
    for (std::uint32_t v = 0; v < g.files.size(); ++v) files_of[g.files[v].workspace].push_back(v);
    std::vector<std::uint32_t> mark(g.files.size(), 0);
    std::uint32_t stamp = 0;
    for (const auto& [ws, files] : files_of) {
      ++stamp;
      std::vector<std::uint32_t> stack;
      for (auto v : files) {
        if (m_foreign[v]) continue;
        mark[v] = stamp;
        stack.push_back(v);
      }
      while (!stack.empty()) {
        auto v = stack.back();
        stack.pop_back();
        bool foreign = g.files[v].workspace != ws;
        for (std::size_t k = first_edge(v); k < g.edges.size() && g.edges[k].from == v; ++k) {
          const auto& e = g.edges[k];
          if (!core::ModuleGraph::runtime(e)) continue;
          if (foreign && e.resolved == core::Resolved::package) {
            add_use(ws, m_src.details[k].package,
                    {UseKind::bundled, g.files[v].path, e.line, e.column, "imported by " + g.files[v].path});
          }
          if (e.to_file >= 0 && mark[static_cast<std::size_t>(e.to_file)] != stamp) {
            mark[static_cast<std::size_t>(e.to_file)] = stamp;
            stack.push_back(static_cast<std::uint32_t>(e.to_file));
          }
        }
      }
    }
  }

  // Packages that load others by name (sequelize its dialect driver).
  void loaded_by() {
    for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) {
      const auto& m = *m_manifests[mi];
      // The loaders this workspace declares, and the root's.
      std::set<std::string> names(m_all_names[mi].begin(), m_all_names[mi].end());
      if (auto r = manifest_index(""); r != SIZE_MAX && r != mi) names.insert(m_all_names[r].begin(), m_all_names[r].end());
      for (const auto& name : names) {
        if (auto it = table().loaded_by.find(name); it != table().loaded_by.end()) {
          for (const auto& q : it->second) {
            add_use(m.dir, q, {UseKind::peer, m.path, 0, 0, "loaded by " + name + " at run time"});
          }
        }
        if (auto it = table().loaded_by_prefix.find(name); it != table().loaded_by_prefix.end()) {
          for (const auto& d : m.dependencies) {
            if (d.name == name) continue;
            for (const auto& prefix : it->second) {
              if (!d.name.starts_with(prefix)) continue;
              add_use(m.dir, d.name, {UseKind::peer, m.path, 0, 0, "loaded by " + name + " by convention"});
              break;
            }
          }
        }
      }
    }
  }

  // Without peers (yarn 1 lockfiles do not record them) and without
  // node_modules, a shared config's plugins look unused: presume them peers.
  void shared_configs() {
    if (m_out.node_modules || !m_project.graph) return;
    const auto& g = *m_project.graph;
    bool peers_known = std::any_of(g.edges.begin(), g.edges.end(), [](const core::Edge& e) {
      return e.kind == core::EdgeKind::peer || e.kind == core::EdgeKind::peer_optional;
    });
    if (peers_known) return;
    for (const auto& fam : table().shared_configs) {
      for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) {
        std::string config;
        for (const auto& d : m_out.declared) {
          if (d.manifest != m_manifests[mi]->path || d.uses.empty()) continue;
          for (const auto& pat : fam.configs) {
            if (name_matches(d.dep.name, pat)) config = d.dep.name;
          }
        }
        if (config.empty()) continue;
        for (auto& d : m_out.declared) {
          if ((d.manifest != m_manifests[mi]->path && !m_manifests[mi]->dir.empty()) || !d.uses.empty()) continue;
          if (d.workspace != m_manifests[mi]->dir && !m_manifests[mi]->dir.empty()) continue;
          for (const auto& pat : fam.members) {
            if (!name_matches(d.dep.name, pat)) continue;
            d.uses.push_back({UseKind::peer, "", 0, 0,
                              "presumed a peer of " + config + " (" + g.lockfile_path +
                                  " does not record peers and node_modules is not installed)"});
            break;
          }
        }
      }
    }
  }

  void implicit() {
    // TypeScript compiles the .ts files of the workspace that has them.
    std::set<std::string> ts_dirs;
    for (const auto& f : m_src.graph.files) {
      auto p = std::string_view(f.path);
      if (p.ends_with(".ts") || p.ends_with(".tsx") || p.ends_with(".mts") || p.ends_with(".cts") ||
          p.ends_with(".vue")) {
        ts_dirs.insert(f.workspace);
      }
    }
    for (const auto& d : ts_dirs) add_use(d, "typescript", {UseKind::implicit, "", 0, 0, "TypeScript sources"});
    for (std::size_t mi = 0; mi < m_manifests.size(); ++mi) {
      add_use(m_manifests[mi]->dir, "@types/node", {UseKind::implicit, "", 0, 0, "Node.js's own typings"});
    }
  }

  void types_pairs() {
    for (auto& d : m_out.declared) {
      if (!d.dep.name.starts_with("@types/") || !d.uses.empty()) continue;
      std::string target = typed_package(d.dep.name);
      // Paired with x when x is imported, a runtime built-in, or declared
      // and itself used (typings of an unused package go with it).
      bool paired = m_imported_anywhere.count(target) > 0 || is_node_builtin(target);
      for (std::size_t mi = 0; !paired && mi < m_manifests.size(); ++mi) {
        if (m_manifests[mi]->dir != d.workspace && !m_manifests[mi]->dir.empty()) continue;
        if (!m_all_names[mi].count(target)) continue;
        auto it = m_by_name[mi].find(target);
        paired = it == m_by_name[mi].end() || !m_out.declared[it->second].uses.empty();  // a peer, or used
      }
      if (paired) d.uses.push_back({UseKind::types_pair, "", 0, 0, "typings of " + target});
    }
  }
};

}  // namespace

UsageFacts analyze_usage(const core::Snapshot& snapshot, const core::Project& project, const SourceFacts& source,
                         const CiFacts* ci) {
  UsageFacts out;
  Collector(snapshot, project, source, out).run(ci);
  return out;
}

}  // namespace archgate::analyzers::source
