#include "analyzers/source/resolver.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace archgate::analyzers::source {

using ojson = nlohmann::ordered_json;

bool is_node_builtin(std::string_view name) {
  static constexpr std::string_view k_builtins[] = {
      "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
      "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises",
      "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix",
      "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises", "repl",
      "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers",
      "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi",
      "worker_threads", "zlib"};
  return std::find(std::begin(k_builtins), std::end(k_builtins), name) != std::end(k_builtins);
}

std::string strip_jsonc(std::string_view text) {
  // Comments become spaces (offsets are kept); a comma followed only by
  // blanks/comments and a closing bracket is dropped.
  std::string out(text);
  std::size_t i = 0;
  const std::size_t n = out.size();
  std::size_t last_comma = std::string::npos;
  while (i < n) {
    char c = out[i];
    if (c == '"') {
      last_comma = std::string::npos;
      ++i;
      while (i < n && out[i] != '"') {
        if (out[i] == '\\') ++i;
        ++i;
      }
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && out[i + 1] == '/') {
      while (i < n && out[i] != '\n') out[i++] = ' ';
      continue;
    }
    if (c == '/' && i + 1 < n && out[i + 1] == '*') {
      out[i++] = ' ';
      out[i++] = ' ';
      while (i < n && !(out[i] == '*' && i + 1 < n && out[i + 1] == '/')) {
        if (out[i] != '\n') out[i] = ' ';
        ++i;
      }
      if (i < n) {
        out[i++] = ' ';
        if (i < n) out[i++] = ' ';
      }
      continue;
    }
    if (c == ',') {
      last_comma = i;
    } else if ((c == '}' || c == ']') && last_comma != std::string::npos) {
      out[last_comma] = ' ';
      last_comma = std::string::npos;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      last_comma = std::string::npos;
    }
    ++i;
  }
  return out;
}

namespace {

std::string_view parent_dir(std::string_view path) { return core::parent_path(path); }

bool starts_with_dir(std::string_view path, std::string_view dir) {
  if (dir.empty()) return true;
  return path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

std::string join_norm(std::string_view dir, std::string_view rel) {
  auto joined = core::join_path(dir, rel);
  auto norm = core::normalize_path(joined);
  return norm ? *norm : std::string();
}

// Splits a bare specifier into package name and subpath ("" or "/x/y").
std::pair<std::string_view, std::string_view> split_package(std::string_view spec) {
  std::size_t slash = spec.find('/');
  if (!spec.empty() && spec.front() == '@') {
    if (slash == std::string_view::npos) return {spec, {}};
    slash = spec.find('/', slash + 1);
  }
  if (slash == std::string_view::npos) return {spec, {}};
  return {spec.substr(0, slash), spec.substr(slash)};
}

bool valid_package_name(std::string_view name) {
  if (name.empty() || name.size() > 214) return false;
  if (name.front() == '.' || name.front() == '_' || name.front() == '~' || name.front() == '$') return false;
  if (name.front() == '@') {
    auto slash = name.find('/');
    if (slash == std::string_view::npos || slash == 1 || slash + 1 == name.size()) return false;
  }
  for (char c : name) {
    if (c == ' ' || c == ':' || c == '\\' || c == '"' || c == '\'' || c == '!' || c == '?' || c == '*' || c == '#')
      return false;
  }
  return true;
}

// Extension probing order. A TypeScript importer finds sources first; a
// runtime reference prefers the runtime .js over a declaration beside it; a
// JavaScript importer finds JavaScript first.
constexpr std::array<std::string_view, 10> k_ext_ts_types = {".ts", ".tsx", ".d.ts", ".js", ".jsx",
                                                             ".mjs", ".cjs", ".mts", ".cts", ".json"};
constexpr std::array<std::string_view, 10> k_ext_ts_runtime = {".ts", ".tsx", ".js", ".jsx", ".mjs",
                                                               ".cjs", ".mts", ".cts", ".json", ".d.ts"};
constexpr std::array<std::string_view, 10> k_ext_js = {".js", ".jsx", ".mjs", ".cjs", ".json",
                                                       ".ts", ".tsx", ".mts", ".cts", ".d.ts"};

bool has_suffix(std::string_view s, std::string_view suf) {
  return s.size() >= suf.size() && s.substr(s.size() - suf.size()) == suf;
}

}  // namespace

struct Resolver::Impl {
  const core::Snapshot& snapshot;
  const core::Project& project;
  const SourceListing& listing;
  std::unordered_map<std::string, const core::Manifest*> by_name;  // workspace packages
  std::unordered_map<std::string, const core::Manifest*> by_dir;
  std::map<std::string, std::unique_ptr<TsConfig>, std::less<>> configs;  // by file
  std::unordered_map<std::string, const TsConfig*> dir_config;           // memo: dir -> governing
  std::unordered_map<std::string, const TsConfig*> dir_file_config;      // memo: dir -> nearest file
  std::unordered_map<const core::Manifest*, std::optional<ojson>> exports_cache, imports_cache;

  Impl(const core::Snapshot& s, const core::Project& p, const SourceListing& l) : snapshot(s), project(p), listing(l) {
    if (project.root) {
      by_dir[""] = &*project.root;
      if (!project.root->name.empty()) by_name[project.root->name] = &*project.root;
    }
    for (const auto& m : project.workspaces) {
      by_dir[m.dir] = &m;
      if (!m.name.empty()) by_name.emplace(m.name, &m);
    }
  }

  bool file_exists(const std::string& path, bool allow_disk) const {
    if (path.empty()) return false;
    if (listing.all_files.count(path)) return true;
    return allow_disk && snapshot.is_file(path);
  }
  bool dir_exists(const std::string& path) const { return listing.all_dirs.count(path) > 0; }

  // The file `path` names under TypeScript's rules, or nullopt.
  // Who asks, set per resolve() call: probing order depends on it.
  bool ts_importer = true;   // the importing file is TypeScript
  // The importing file is CommonJS (.cts/.cjs, or not .mts/.mjs in a package
  // without "type": "module"): its `import` statements are compiled to
  // require(), so the "require" condition applies when "import" names none.
  bool importer_cjs = false;
  bool runtime_ref = true;   // the reference loads code (not a type-only one)

  std::optional<std::string> probe_once(const std::string& path, bool disk) const {
    // An emitted name (.js) maps back to its source (.ts): first for a
    // TypeScript importer, as tsc does; after the literal file for a
    // JavaScript importer. A declaration (.d.ts) beside a runtime file comes
    // last for a reference that loads code.
    static constexpr std::pair<std::string_view, std::array<std::string_view, 3>> k_swaps[] = {
        {".js", {".ts", ".tsx", ".d.ts"}},  {".jsx", {".tsx", "", ""}},
        {".mjs", {".mts", ".d.mts", ""}},   {".cjs", {".cts", ".d.cts", ""}}};
    // Candidates are spelled in one scratch string (no allocation per probe).
    std::string& c = scratch;
    auto swapped = [&](bool declarations) -> std::optional<std::string> {
      for (const auto& [from, tos] : k_swaps) {
        if (!has_suffix(path, from)) continue;
        for (auto to : tos) {
          if (to.empty() || to.starts_with(".d.") != declarations) continue;
          c.assign(path, 0, path.size() - from.size());
          c += to;
          if (file_exists(c, disk)) return c;
        }
        break;
      }
      return std::nullopt;
    };
    if (ts_importer) {
      if (auto p = swapped(false)) return p;
      if (!runtime_ref) {
        if (auto p = swapped(true)) return p;
      }
    }
    if (file_exists(path, disk)) return path;
    if (!ts_importer) {
      if (auto p = swapped(false)) return p;
    }
    if (auto p = swapped(true)) return p;
    const auto& exts = !ts_importer ? k_ext_js : runtime_ref ? k_ext_ts_runtime : k_ext_ts_types;
    for (auto ext : exts) {
      c.assign(path);
      c += ext;
      if (file_exists(c, disk)) return c;
    }
    // An index file needs the folder (every listed file's folder is listed).
    std::string_view folder = path;
    if (folder.ends_with('/')) folder.remove_suffix(1);
    if (!disk && !folder.empty() && !listing.all_dirs.contains(std::string(folder))) return std::nullopt;
    for (auto ext : exts) {
      c.assign(folder);
      c += folder.empty() ? "index" : "/index";
      c += ext;
      if (file_exists(c, disk)) return c;
    }
    return std::nullopt;
  }
  mutable std::string scratch;
  // Folders on disk that the listing does not have (ignored), by path.
  mutable std::unordered_map<std::string, bool> disk_dirs;

  // Whether probes may ask the snapshot (disk) for files the listing does
  // not have: only on a second attempt, after resolving from the listing
  // failed, so the common case costs no system call.
  bool use_disk = false;

  std::optional<std::string> probe(const std::string& path) const {
    if (path.empty()) return std::nullopt;
    if (auto p = probe_once(path, false)) return p;
    // Files that .gitignore hides (generated code) still exist on disk.
    if (use_disk) return probe_once(path, true);
    return std::nullopt;
  }

  // ------------------------------------------------------------- tsconfig
  const TsConfig* load_config(const std::string& file, int depth) {
    if (auto it = configs.find(file); it != configs.end()) return it->second.get();
    auto cfg = std::make_unique<TsConfig>();
    cfg->file = file;
    auto* raw = cfg.get();
    configs.emplace(file, std::move(cfg));  // placeholder first: `extends` cycles end here
    auto text = snapshot.read(file);
    if (!text) {
      raw->problems.push_back(text.error().message);
      return raw;
    }
    ojson j = ojson::parse(strip_jsonc(*text), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      raw->problems.push_back(file + ": not valid JSON (with comments)");
      return raw;
    }
    std::string dir(parent_dir(file));
    // extends: a string or (TypeScript 5) an array, applied in order.
    std::vector<std::string> bases;
    if (auto e = j.find("extends"); e != j.end()) {
      if (e->is_string()) bases.push_back(e->get<std::string>());
      if (e->is_array()) {
        for (const auto& x : *e)
          if (x.is_string()) bases.push_back(x.get<std::string>());
      }
    }
    for (const auto& b : bases) {
      if (depth > 16) break;
      auto base_file = find_extends(b, dir);
      if (!base_file) {
        raw->problems.push_back(missing_extends_problem(file, b));
        continue;
      }
      const TsConfig* base = load_config(*base_file, depth + 1);
      merge(*raw, *base);
    }
    auto co = j.find("compilerOptions");
    if (co != j.end() && co->is_object()) {
      if (auto v = co->find("baseUrl"); v != co->end() && v->is_string()) {
        raw->base_url = join_norm(dir, v->get<std::string>());
      }
      if (auto v = co->find("paths"); v != co->end() && v->is_object()) {
        raw->paths.clear();
        for (auto it = v->begin(); it != v->end(); ++it) {
          std::vector<std::string> targets;
          if (it.value().is_array()) {
            for (const auto& t : it.value())
              if (t.is_string()) targets.push_back(t.get<std::string>());
          }
          raw->paths.emplace_back(it.key(), std::move(targets));
        }
        raw->paths_base = dir;  // unless baseUrl is set (below)
      }
      if (auto v = co->find("rootDirs"); v != co->end() && v->is_array()) {
        raw->root_dirs.clear();
        for (const auto& t : *v)
          if (t.is_string()) raw->root_dirs.push_back(join_norm(dir, t.get<std::string>()));
      }
      if (auto v = co->find("outDir"); v != co->end() && v->is_string()) raw->out_dir = join_norm(dir, v->get<std::string>());
      if (auto v = co->find("rootDir"); v != co->end() && v->is_string()) raw->root_dir = join_norm(dir, v->get<std::string>());
      for (auto [name, field] : {std::pair{"strict", &TsConfig::strict}, std::pair{"noImplicitAny", &TsConfig::no_implicit_any},
                                 std::pair{"strictNullChecks", &TsConfig::strict_null_checks},
                                 std::pair{"verbatimModuleSyntax", &TsConfig::verbatim_module_syntax},
                                 std::pair{"preserveValueImports", &TsConfig::preserve_value_imports}}) {
        if (auto v = co->find(name); v != co->end() && v->is_boolean()) (*raw).*field = v->get<bool>();
      }
      if (auto v = co->find("importsNotUsedAsValues"); v != co->end() && v->is_string()) {
        raw->imports_not_used_as_values = v->get<std::string>();
      }
      if (auto v = co->find("types"); v != co->end() && v->is_array()) {
        raw->types.clear();
        for (const auto& t : *v) {
          if (t.is_string()) raw->types.push_back(t.get<std::string>());
        }
      }
      if (auto v = co->find("customConditions"); v != co->end() && v->is_array()) {
        raw->custom_conditions.clear();
        for (const auto& t : *v)
          if (t.is_string()) raw->custom_conditions.push_back(t.get<std::string>());
      }
    }
    if (raw->base_url) raw->paths_base = *raw->base_url;
    if (auto v = j.find("references"); v != j.end() && v->is_array()) {
      for (const auto& ref : *v) {
        auto path = ref.is_object() ? ref.find("path") : ref.end();
        if (path == ref.end() || !path->is_string()) continue;
        auto target = join_norm(dir, path->get<std::string>());
        if (!has_suffix(target, ".json")) target = core::join_path(target, "tsconfig.json");
        if (target != file) raw->references.push_back(std::move(target));
      }
    }
    if (auto v = j.find("include"); v != j.end() && v->is_array()) {
      for (const auto& inc : *v) {
        if (!inc.is_string()) continue;
        // The literal folders before the first wildcard: "src/**/*" → src.
        // A single file ("vite.config.ts") covers no folder.
        std::string pattern = inc.get<std::string>();
        auto wild = pattern.find_first_of("*?{");
        std::string lit = pattern.substr(0, wild);
        if (wild == std::string::npos) {
          auto base = lit.substr(lit.rfind('/') == std::string::npos ? 0 : lit.rfind('/') + 1);
          if (base.find('.', 1) != std::string::npos) continue;
        } else {
          lit = lit.substr(0, lit.rfind('/') == std::string::npos ? 0 : lit.rfind('/'));
        }
        raw->include_roots.push_back(join_norm(dir, lit.empty() ? "." : lit));
      }
    }
    auto files = j.find("files");
    raw->solution = !raw->references.empty() &&
                    ((files != j.end() && files->is_array() && files->empty()) ||
                     (j.find("include") == j.end() && files == j.end() && raw->paths.empty() && !raw->base_url));
    return raw;
  }

  // The config that governs files in `dir` when `cfg` only references
  // others: the referenced one whose `include` covers the folder, else the
  // first that maps paths, else `cfg` itself.
  const TsConfig* through_references(const TsConfig* cfg, const std::string& dir) {
    if (!cfg || !cfg->solution) return cfg;
    const TsConfig* with_paths = nullptr;
    for (const auto& ref : cfg->references) {
      if (!file_exists(ref, false)) continue;
      const TsConfig* r = load_config(ref, 1);
      if (!r || r == cfg) continue;
      for (const auto& root : r->include_roots) {
        if (root.empty() || starts_with_dir(dir, root)) return r;
      }
      if (!with_paths && (!r->paths.empty() || r->base_url)) with_paths = r;
    }
    return with_paths ? with_paths : cfg;
  }

  static void merge(TsConfig& into, const TsConfig& base) {
    if (base.base_url) into.base_url = base.base_url;
    if (!base.paths.empty()) {
      into.paths = base.paths;
      into.paths_base = base.paths_base;
    }
    if (!base.root_dirs.empty()) into.root_dirs = base.root_dirs;
    if (base.out_dir) into.out_dir = base.out_dir;
    if (base.root_dir) into.root_dir = base.root_dir;
    if (!base.custom_conditions.empty()) into.custom_conditions = base.custom_conditions;
    if (!base.types.empty()) into.types = base.types;
    if (base.strict) into.strict = base.strict;
    if (base.no_implicit_any) into.no_implicit_any = base.no_implicit_any;
    if (base.strict_null_checks) into.strict_null_checks = base.strict_null_checks;
    if (base.verbatim_module_syntax) into.verbatim_module_syntax = base.verbatim_module_syntax;
    if (base.preserve_value_imports) into.preserve_value_imports = base.preserve_value_imports;
    if (base.imports_not_used_as_values) into.imports_not_used_as_values = base.imports_not_used_as_values;
    for (const auto& p : base.problems) into.problems.push_back(p);
  }

  std::optional<std::string> find_extends(const std::string& spec, const std::string& dir) {
    auto with_json = [&](const std::string& p) -> std::optional<std::string> {
      if (file_exists(p, true)) return p;
      if (!has_suffix(p, ".json") && file_exists(p + ".json", true)) return p + ".json";
      if (file_exists(core::join_path(p, "tsconfig.json"), true)) return core::join_path(p, "tsconfig.json");
      return std::nullopt;
    };
    if (spec.starts_with("./") || spec.starts_with("../") || spec == "." || spec == "..") {
      return with_json(join_norm(dir, spec));
    }
    if (spec.starts_with("/")) return std::nullopt;
    auto [name, sub] = split_package(spec);
    std::string subpath(sub.empty() ? std::string_view() : sub.substr(1));
    if (auto it = by_name.find(std::string(name)); it != by_name.end()) {
      const auto* m = it->second;
      if (subpath.empty()) {
        if (auto p = with_json(core::join_path(m->dir, "tsconfig.json"))) return p;
      } else if (auto p = with_json(core::join_path(m->dir, subpath))) {
        return p;
      }
    }
    // An installed package: node_modules up from the config's directory.
    std::string d = dir;
    while (true) {
      auto p = with_json(core::join_path(core::join_path(d, "node_modules"), spec));
      if (p) return p;
      if (d.empty()) break;
      d = std::string(parent_dir(d));
    }
    return std::nullopt;
  }

  // The tsconfig.json (or jsconfig.json) nearest to `dir`, as written.
  const TsConfig* nearest_file_config(const std::string& dir) {
    if (auto it = dir_file_config.find(dir); it != dir_file_config.end()) return it->second;
    const TsConfig* found = nullptr;
    for (std::string_view name : {"tsconfig.json", "jsconfig.json"}) {
      auto f = core::join_path(dir, name);
      if (listing.all_files.count(f)) {
        found = load_config(f, 0);
        break;
      }
    }
    if (!found && !dir.empty()) found = nearest_file_config(std::string(parent_dir(dir)));
    dir_file_config[dir] = found;
    return found;
  }

  // The config that governs files in `dir`, through project references.
  const TsConfig* nearest_config(const std::string& dir) {
    if (auto it = dir_config.find(dir); it != dir_config.end()) return it->second;
    const TsConfig* found = through_references(nearest_file_config(dir), dir);
    dir_config[dir] = found;
    return found;
  }

  // -------------------------------------------------------------- exports
  const ojson* parsed(const core::Manifest* m, bool exports) {
    auto& cache = exports ? exports_cache : imports_cache;
    auto it = cache.find(m);
    if (it == cache.end()) {
      const std::string& text = exports ? m->exports_json : m->imports_json;
      std::optional<ojson> v;
      if (!text.empty()) {
        ojson j = ojson::parse(text, nullptr, false);
        if (!j.is_discarded()) v = std::move(j);
      }
      it = cache.emplace(m, std::move(v)).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // Node's PACKAGE_TARGET_RESOLVE, keeping every target the conditions
  // allow in order (Node takes the first; when that is unbuilt output the
  // next may map back to source).
  static void targets(const ojson& t, const std::string& star, const std::vector<std::string>& conditions,
                      int depth, std::vector<std::string>& out) {
    if (depth > 32 || out.size() > 16) return;
    if (t.is_array()) {
      for (const auto& x : t) targets(x, star, conditions, depth + 1, out);
      return;
    }
    if (t.is_object()) {
      for (auto it = t.begin(); it != t.end(); ++it) {
        const auto& key = it.key();
        if (key == "default" || std::find(conditions.begin(), conditions.end(), key) != conditions.end()) {
          targets(it.value(), star, conditions, depth + 1, out);
        }
      }
      return;
    }
    if (auto one = target(t, star, conditions, depth)) out.push_back(*one);
  }

  static std::optional<std::string> target(const ojson& t, const std::string& star,
                                           const std::vector<std::string>& conditions, int depth) {
    if (depth > 32) return std::nullopt;
    if (t.is_string()) {
      std::string s = t.get<std::string>();
      if (!star.empty() || s.find('*') != std::string::npos) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
          if (s[i] == '*') out += star;
          else out += s[i];
        }
        return out;
      }
      return s;
    }
    if (t.is_array()) {
      for (const auto& x : t) {
        if (auto r = target(x, star, conditions, depth + 1)) return r;
      }
      return std::nullopt;
    }
    if (t.is_object()) {
      for (auto it = t.begin(); it != t.end(); ++it) {
        const auto& key = it.key();
        if (key == "default" || std::find(conditions.begin(), conditions.end(), key) != conditions.end()) {
          if (auto r = target(it.value(), star, conditions, depth + 1)) return r;
        }
      }
    }
    return std::nullopt;  // null: blocked
  }

  // Looks `key` ("." / "./sub" / "#x") up in an exports/imports map.
  static std::optional<std::string> lookup(const ojson& map, const std::string& key,
                                           const std::vector<std::string>& conditions, bool& found_key) {
    found_key = false;
    bool has_subpaths = map.is_object() && !map.empty() &&
                        (map.begin().key().starts_with(".") || map.begin().key().starts_with("#"));
    if (!has_subpaths) {
      if (key != ".") return std::nullopt;
      found_key = true;
      return target(map, "", conditions, 0);
    }
    if (auto it = map.find(key); it != map.end() && key.find('*') == std::string::npos) {
      found_key = true;
      return target(*it, "", conditions, 0);
    }
    // Patterns: the longest prefix before '*' wins.
    const ojson* best = nullptr;
    std::string best_star;
    std::size_t best_len = 0;
    for (auto it = map.begin(); it != map.end(); ++it) {
      const auto& k = it.key();
      auto star = k.find('*');
      if (star == std::string::npos) {
        // Legacy folder mappings "./dir/": prefix match.
        if (!k.empty() && k.back() == '/' && key.starts_with(k) && k.size() > best_len) {
          best = &it.value();
          best_star = key.substr(k.size());
          best_len = k.size();
        }
        continue;
      }
      std::string_view prefix(k.data(), star);
      std::string_view suffix = std::string_view(k).substr(star + 1);
      if (key.size() >= prefix.size() + suffix.size() && key.starts_with(prefix) && has_suffix(key, suffix) &&
          prefix.size() >= best_len) {
        best = &it.value();
        best_star = key.substr(prefix.size(), key.size() - prefix.size() - suffix.size());
        best_len = prefix.size();
      }
    }
    if (!best) return std::nullopt;
    found_key = true;
    if (best->is_string() && !best->get<std::string>().empty() && best->get<std::string>().back() == '/') {
      return best->get<std::string>() + best_star;
    }
    return target(*best, best_star, conditions, 0);
  }

  // Every candidate target of `key` in an exports/imports map, in order.
  static std::vector<std::string> lookup_all(const ojson& map, const std::string& key,
                                             const std::vector<std::string>& conditions, bool& found_key) {
    std::vector<std::string> out;
    found_key = false;
    bool has_subpaths = map.is_object() && !map.empty() &&
                        (map.begin().key().starts_with(".") || map.begin().key().starts_with("#"));
    if (!has_subpaths) {
      if (key != ".") return out;
      found_key = true;
      targets(map, "", conditions, 0, out);
      return out;
    }
    if (auto it = map.find(key); it != map.end() && key.find('*') == std::string::npos) {
      found_key = true;
      targets(*it, "", conditions, 0, out);
      return out;
    }
    if (auto one = lookup(map, key, conditions, found_key)) {
      // A pattern or folder mapping: lookup() chose it; gather the rest of
      // its conditions the same way.
      out.push_back(*one);
    }
    return out;
  }

  std::vector<std::string> conditions_for(RefKind kind, const TsConfig* cfg) const {
    std::vector<std::string> c;
    if (cfg) c = cfg->custom_conditions;
    for (const char* x : {"source", "development", "types", "typings", "node", "module"}) {
      // A runtime reference loads what `import`/`require` name, not the
      // typings: `types` is tried only after those fail.
      if (runtime_ref && (std::string_view(x) == "types" || std::string_view(x) == "typings")) continue;
      c.emplace_back(x);
    }
    c.emplace_back(kind == RefKind::require || kind == RefKind::require_resolve ? "require" : "import");
    return c;
  }

  // A path inside workspace `m` that names build output: back to source.
  std::optional<std::string> to_source(const core::Manifest& m, const std::string& path) {
    if (auto p = probe(path)) return p;
    auto strip = [](std::string s) {
      for (std::string_view ext : {".d.ts", ".d.mts", ".d.cts", ".js", ".mjs", ".cjs", ".jsx"}) {
        if (has_suffix(s, ext)) return s.substr(0, s.size() - ext.size());
      }
      return s;
    };
    const TsConfig* cfg = nearest_config(m.dir);
    if (cfg && cfg->out_dir && starts_with_dir(path, *cfg->out_dir)) {
      std::string root = cfg->root_dir ? *cfg->root_dir
                                       : (dir_exists(core::join_path(m.dir, "src")) ? core::join_path(m.dir, "src") : m.dir);
      std::string rel = path.substr(cfg->out_dir->size() + 1);
      if (auto p = probe(strip(core::join_path(root, rel)))) return p;
    }
    // dist/x.js → src/x.ts, dist/esm/x.js → src/x.ts, build/npm/types/x.d.ts
    // → src/x.ts: drop leading output folders, then look under src/ and at
    // the package root.
    std::string_view rel = std::string_view(path).substr(m.dir.empty() ? 0 : m.dir.size() + 1);
    static constexpr std::string_view k_out[] = {"dist", "build", "lib", "out", "esm", "cjs", "types", "dts", "es",
                                                 "npm", "dev", "prod", "module", "commonjs", "umd", "esm5",
                                                 "es2015", "es2020", "node", "browser", "legacy", "modern"};
    auto is_out = [](std::string_view seg) {
      return std::find(std::begin(k_out), std::end(k_out), seg) != std::end(k_out);
    };
    if (!is_out(rel.substr(0, rel.find('/')))) {
      // ./setup.d.ts (generated at the package root) → src/setup.ts
      if (auto p = probe(strip(core::join_path(core::join_path(m.dir, "src"), std::string(rel))))) return p;
      return std::nullopt;
    }
    std::string_view rest = rel;
    for (int k = 0; k < 4; ++k) {
      auto slash = rest.find('/');
      if (slash == std::string_view::npos) break;
      auto seg = rest.substr(0, slash);
      if (k > 0 && !is_out(seg)) break;
      rest = rest.substr(slash + 1);
      for (const auto& t : {core::join_path(core::join_path(m.dir, "src"), std::string(rest)),
                            core::join_path(m.dir, std::string(rest))}) {
        if (auto p = probe(strip(t))) return p;
      }
    }
    return std::nullopt;
  }

  // A specifier inside workspace package `m` ("" or "/sub"), cached: every
  // file of a monorepo imports the same few entry points.
  std::unordered_map<std::string, Resolution> workspace_cache;
  Resolution resolve_workspace(const core::Manifest& m, std::string_view sub, RefKind kind, const TsConfig* cfg) {
    bool req = kind == RefKind::require || kind == RefKind::require_resolve;
    std::string key = m.path + '\0' + std::string(sub) + '\0' + (req ? "r" : "i") + (use_disk ? "d" : "") +
                      (ts_importer ? "t" : "j") + (runtime_ref ? "x" : "y") + (importer_cjs ? "c" : "e") + '\0' +
                      (cfg ? cfg->file : "");
    if (auto it = workspace_cache.find(key); it != workspace_cache.end()) return it->second;
    Resolution r = resolve_workspace_uncached(m, sub, kind, cfg);
    workspace_cache.emplace(std::move(key), r);
    return r;
  }

  Resolution resolve_workspace_uncached(const core::Manifest& m, std::string_view sub, RefKind kind,
                                        const TsConfig* cfg) {
    Resolution r;
    r.package = m.name;
    auto conditions = conditions_for(kind, cfg);
    std::string key = sub.empty() ? "." : "." + std::string(sub);
    if (const ojson* ex = parsed(&m, true)) {
      bool found = false;
      auto ts = lookup_all(*ex, key, conditions, found);
      if (ts.empty() && importer_cjs && !conditions.empty() && conditions.back() == "import") {
        // Seen on a NestJS backend (CommonJS, no "type") importing a
        // workspace whose exports has only a "require" branch: 55 false
        // deep imports.
        auto required = conditions;
        required.back() = "require";
        ts = lookup_all(*ex, key, required, found);
      }
      if (runtime_ref) {
        // Then what only the typings condition names (its source may be the
        // one file that exists before a build).
        conditions.emplace_back("types");
        for (auto& t : lookup_all(*ex, key, conditions, found)) {
          if (std::find(ts.begin(), ts.end(), t) == ts.end()) ts.push_back(std::move(t));
        }
      }
      if (!ts.empty()) {
        for (const auto& t : ts) {
          if (auto p = to_source(m, join_norm(m.dir, t))) {
            r.kind = core::Resolved::file;
            r.target = *p;
            return r;
          }
        }
        r.note = "\"exports\" of " + m.path + " maps it to " + join_norm(m.dir, ts.front()) +
                 ", which does not exist (not built?) and has no source beside it";
        return r;
      }
      // Past the exports: a deep import. Resolve the path anyway.
      r.deep = true;
    }
    if (sub.empty()) {
      for (const std::string* entry : {&m.types, &m.module, &m.main}) {
        if (entry->empty()) continue;
        if (auto p = to_source(m, join_norm(m.dir, *entry))) {
          r.kind = core::Resolved::file;
          r.target = *p;
          return r;
        }
      }
      for (std::string_view idx : {"src/index", "index"}) {
        if (auto p = probe(core::join_path(m.dir, std::string(idx)))) {
          r.kind = core::Resolved::file;
          r.target = *p;
          return r;
        }
      }
      r.note = "package " + m.name + " (" + m.path + ") has no entry point that exists";
      return r;
    }
    auto path = join_norm(m.dir, std::string(sub.substr(1)));
    if (auto p = to_source(m, path)) {
      r.kind = core::Resolved::file;
      r.target = *p;
      return r;
    }
    r.note = "no file " + path + " in workspace package " + m.name;
    return r;
  }

  // The workspace package a specifier names by its package name, or "".
  std::string workspace_named(std::string_view spec) const {
    auto name = split_package(spec).first;
    return by_name.count(std::string(name)) ? std::string(name) : std::string();
  }

  // `mapped` (when given) gets the first path a matching pattern maps the
  // specifier to, whether or not a file is there.
  // `mapped`: where the matching pattern points when nothing is there;
  // `catch_all`: the pattern that matched has no prefix ("*"), a fallback
  // for every specifier after which TypeScript still tries packages.
  std::optional<std::string> try_paths(const TsConfig& cfg, std::string_view spec, std::string* mapped = nullptr,
                                       bool* catch_all = nullptr) {
    const std::pair<std::string, std::vector<std::string>>* best = nullptr;
    std::string star;
    std::size_t best_len = 0;
    bool exact = false;
    for (const auto& entry : cfg.paths) {
      const auto& pat = entry.first;
      auto s = pat.find('*');
      if (s == std::string::npos) {
        if (pat == spec) {
          best = &entry;
          star.clear();
          exact = true;
          break;
        }
        continue;
      }
      std::string_view prefix(pat.data(), s);
      std::string_view suffix = std::string_view(pat).substr(s + 1);
      if (spec.size() >= prefix.size() + suffix.size() && spec.starts_with(prefix) && has_suffix(spec, suffix) &&
          (best == nullptr || prefix.size() > best_len)) {
        best = &entry;
        best_len = prefix.size();
        star = std::string(spec.substr(prefix.size(), spec.size() - prefix.size() - suffix.size()));
      }
    }
    (void)exact;
    if (!best) return std::nullopt;
    if (catch_all) *catch_all = !exact && best_len == 0;
    for (const auto& t : best->second) {
      std::string target;
      for (char c : t) {
        if (c == '*') target += star;
        else target += c;
      }
      if (mapped != nullptr && mapped->empty()) *mapped = join_norm(cfg.paths_base, target);
      if (auto p = probe(join_norm(cfg.paths_base, target))) return p;
      // A catch-all ("*": ["./src/*"]) into a folder .gitignore hides
      // (generated code, seen: unleash's frontend/src/openapi/): TypeScript
      // takes it before any package, so look on disk before the name falls
      // through to a package. One stat per first segment, remembered.
      if (!use_disk && best_len == 0 && !star.empty()) {
        auto first = star.substr(0, star.find('/'));
        std::string base = t;
        auto at = base.find('*');
        base = join_norm(cfg.paths_base, base.substr(0, at == std::string::npos ? base.size() : at) + first);
        auto [it, fresh] = disk_dirs.try_emplace(base, false);
        if (fresh) it->second = !dir_exists(base) && snapshot.is_dir(base);  // listed folders were probed already
        if (it->second) {
          if (auto p = probe_once(join_norm(cfg.paths_base, target), true)) return p;
        }
      }
      // paths that point into another workspace's dist/: map back to source
      auto path = join_norm(cfg.paths_base, target);
      for (const auto& [dir, m] : by_dir) {
        if (!dir.empty() && starts_with_dir(path, dir)) {
          if (auto p = to_source(*m, path)) return p;
        }
      }
    }
    return std::nullopt;
  }

  const core::Manifest* owner_manifest(const SourceFile& from) const {
    if (auto it = by_dir.find(from.workspace); it != by_dir.end()) return it->second;
    return project.root ? &*project.root : nullptr;
  }

  Resolution resolve(std::string_view spec, const SourceFile& from, RefKind kind) {
    Resolution r;
    std::string dir(parent_dir(from.path));
    if (spec.empty()) {
      r.note = "empty specifier";
      return r;
    }
    // Query strings and hashes of bundler imports ("./x.svg?url").
    std::string clean(spec);
    if (auto q = clean.find('?'); q != std::string::npos && !clean.starts_with("node:")) clean.resize(q);
    std::string_view s = clean;
    if (s.starts_with("node:")) {
      r.kind = core::Resolved::builtin;
      r.target = std::string(s);
      return r;
    }
    if (auto colon = s.find(':'); colon != std::string_view::npos && colon > 1 && s.find('/') > colon) {
      // bun:test, cloudflare:workers, virtual:x, astro:content
      r.kind = core::Resolved::builtin;
      r.target = std::string(s);
      return r;
    }
    if (s.starts_with("./") || s.starts_with("../") || s == "." || s == ".." || s.starts_with("/")) {
      // "" is the project root (`require('..')` from spec/ loads the package
      // itself, seen on parse-server); nullopt is a climb above it.
      std::optional<std::string> normalized;
      if (!s.starts_with("/")) normalized = core::normalize_path(core::join_path(dir, s));
      auto path = normalized ? *normalized : std::string();
      if (auto p = probe(path)) {
        r.kind = core::Resolved::file;
        r.target = *p;
        return r;
      }
      // A folder that is a package: its "main" (its source, when main
      // names build output), else its index (probed above for folders
      // below the root).
      if (normalized) {
        if (auto it = by_dir.find(path); it != by_dir.end() || (path.empty() && project.root)) {
          const core::Manifest& m = it != by_dir.end() ? *it->second : *project.root;
          if (!m.main.empty()) {
            if (auto p = to_source(m, join_norm(m.dir, m.main))) {
              r.kind = core::Resolved::file;
              r.target = *p;
              return r;
            }
          }
          if (path.empty()) {
            if (auto p = probe_once("", false)) {
              r.kind = core::Resolved::file;
              r.target = *p;
              return r;
            }
          }
        }
      }
      const TsConfig* cfg = nearest_config(dir);
      if (cfg) {
        // rootDirs: a relative path may land in a sibling root.
        for (const auto& root : cfg->root_dirs) {
          if (!starts_with_dir(from.path, root)) continue;
          for (const auto& other : cfg->root_dirs) {
            if (other == root) continue;
            auto rel = path.size() > root.size() ? path.substr(root.size() + (root.empty() ? 0 : 1)) : std::string();
            if (auto p = probe(core::join_path(other, rel))) {
              r.kind = core::Resolved::file;
              r.target = *p;
              return r;
            }
          }
        }
      }
      // A package's own bin reaching into its build output (bin/cli.js →
      // ../lib/index.js, lib being tsconfig's outDir): its source, as for
      // a workspace's exports (seen on logto-io/logto, unbuilt).
      const core::Manifest* m = owner_manifest(from);
      auto into_output = [&] {
        if (!m || path.empty() || !starts_with_dir(path, m->dir)) return false;
        if (cfg && cfg->out_dir && starts_with_dir(path, *cfg->out_dir)) return true;
        std::string_view rel = std::string_view(path).substr(m->dir.empty() ? 0 : m->dir.size() + 1);
        auto first = rel.substr(0, rel.find('/'));
        return first.size() < rel.size() &&
               (first == "dist" || first == "build" || first == "lib" || first == "out" || first == "esm" ||
                first == "cjs" || first == "types");
      };
      if (into_output()) {
        if (auto p = to_source(*m, path); p && *p != path) {
          r.kind = core::Resolved::file;
          r.target = *p;
          return r;
        }
      }
      r.target = std::string(spec);
      r.note = s.starts_with("/") ? "an absolute path"
               : !normalized      ? "the path climbs above the project root"
               : path.empty()     ? "no main or index file at the project root"
                                  : "no file " + path;
      return r;
    }
    const TsConfig* cfg = nearest_config(dir);
    if (s.starts_with("#")) {
      const core::Manifest* m = owner_manifest(from);
      if (m) {
        if (const ojson* im = parsed(m, false)) {
          bool found = false;
          if (auto t = lookup(*im, std::string(s), conditions_for(kind, cfg), found)) {
            if (t->starts_with("./")) {
              if (auto p = to_source(*m, join_norm(m->dir, *t))) {
                r.kind = core::Resolved::file;
                r.target = *p;
                return r;
              }
              r.note = "\"imports\" of " + m->path + " maps it to " + join_norm(m->dir, *t) + ", which does not exist";
              r.target = std::string(spec);
              return r;
            }
            return resolve_bare(*t, from, kind, cfg);
          }
        }
      }
      if (cfg && !cfg->paths.empty()) {
        if (auto p = try_paths(*cfg, s)) {
          r.kind = core::Resolved::file;
          r.target = *p;
          r.package = workspace_named(s);
          r.aliased = true;
          return r;
        }
      }
      r.target = std::string(spec);
      r.note = std::string("no \"imports\" entry for ") + std::string(s) + (m ? " in " + m->path : "");
      return r;
    }
    std::string mapped;  // where a matching "paths" pattern points, if one matched
    bool catch_all = false;
    if (cfg && !cfg->paths.empty()) {
      if (auto p = try_paths(*cfg, s, &mapped, &catch_all)) {
        r.kind = core::Resolved::file;
        r.target = *p;
        // "@acme/math" mapped by paths to packages/math/src: still that package.
        r.package = workspace_named(s);
        r.aliased = true;
        return r;
      }
    }
    if (mapped.empty() && s.starts_with('$') && owner_declares(from, "@sveltejs/kit")) {
      // SvelteKit's own aliases, which its generated .svelte-kit/tsconfig.json
      // declares (not checked in): $lib is the package's src/lib, and
      // $app/*, $env/*, $service-worker are modules the framework provides.
      // Seen on sveltejs/realworld: 36 "unresolved" imports, with advice to
      // map "$lib*" to ./src/*.
      const core::Manifest* m = owner_manifest(from);
      std::string pkg_dir = m ? m->dir : std::string();
      if (s == "$lib" || s.starts_with("$lib/")) {
        auto target = join_norm(join_norm(pkg_dir, "src/lib"), s == "$lib" ? std::string_view(".") : s.substr(5));
        if (auto p = probe(target)) {
          r.kind = core::Resolved::file;
          r.target = *p;
          r.aliased = true;
          return r;
        }
        r.target = std::string(spec);
        r.aliased = true;
        r.missing = target;
        r.note = "SvelteKit's $lib maps it to " + target + ", which does not exist";
        return r;
      }
      if (s.starts_with("$app/") || s.starts_with("$env/") || s == "$service-worker") {
        r.kind = core::Resolved::builtin;
        r.target = std::string(s);
        r.note = "a module SvelteKit provides";
        return r;
      }
    }
    if (cfg && cfg->base_url) {
      if (auto p = probe(join_norm(*cfg->base_url, s))) {
        r.kind = core::Resolved::file;
        r.target = *p;
        return r;
      }
    }
    auto bare = resolve_bare(s, from, kind, cfg);
    bool undeclared_package = bare.kind == core::Resolved::package && !owner_declares(from, bare.package);
    // A package behind a catch-all "*" pattern is still a package: TypeScript
    // tries node_modules after the mapping misses (seen on
    // getsentry/sentry-javascript: "*": ["types/*"] made '@playwright/test'
    // and '@ember/debug' unresolved aliases).
    if (!mapped.empty() && (bare.kind == core::Resolved::unresolved || (undeclared_package && !catch_all))) {
      // The alias is declared; its target is missing (generated files, or a
      // build output not built in this checkout). A package of that name
      // the importer does not declare is not what it means.
      if (undeclared_package) {
        bare.kind = core::Resolved::unresolved;
        bare.target = std::string(s);
        bare.package.clear();
      }
      bare.aliased = true;
      bare.missing = mapped;
      bare.note = "tsconfig \"paths\" (" + cfg->file + ") maps it to " + mapped +
                  ", which does not exist (generated, or not built yet?)";
    } else if (undeclared_package && cfg && cfg->base_url && base_url_folder(*cfg, s)) {
      // `src/generated/client` under baseUrl "./", where src/ exists and
      // generated/ is not checked in: TypeScript looks under baseUrl first,
      // and a package named "src" is not what the code means.
      Resolution absent;
      absent.target = std::string(s);
      absent.aliased = true;
      absent.missing = join_norm(*cfg->base_url, s);
      absent.note = "baseUrl (" + cfg->file + ") maps it to " + absent.missing +
                     ", which does not exist (generated, or not built yet?)";
      return absent;
    } else if (undeclared_package) {
      if (auto alias = bundler_alias(s, from); !alias.first.empty()) {
        // `@helpers/backend` where vite.config.ts maps "@helpers": no
        // package of that name is meant, and TypeScript cannot follow it.
        Resolution absent;
        absent.target = std::string(s);
        absent.alias = alias.first;
        absent.note = "the bundler alias \"" + alias.first + "\" (" + alias.second +
                      ") is not in tsconfig \"paths\"";
        return absent;
      }
    }
    return bare;
  }

  // Bundler configs whose alias maps are read (as text) for the names they
  // map: Vite/Vitest, webpack, Rollup, Nuxt, Next, SvelteKit, Astro, Babel.
  static constexpr std::array<std::string_view, 22> k_bundler_configs = {
      "vite.config.ts",    "vite.config.mts",    "vite.config.js",    "vite.config.mjs",   "vitest.config.ts",
      "vitest.config.mts", "vitest.config.js",   "webpack.config.js", "webpack.config.ts", "rollup.config.js",
      "rollup.config.mjs", "rollup.config.ts",   "nuxt.config.ts",    "nuxt.config.js",    "next.config.js",
      "next.config.mjs",   "next.config.ts",     "svelte.config.js",  "astro.config.mjs",  "astro.config.ts",
      "babel.config.js",   ".babelrc"};

  // The alias key and config file when a bundler config beside the
  // importer's package (or at the root) maps `s`'s first segment, or its
  // scope, as an alias (`"@helpers": path.resolve(...)` or
  // `{ find: "@helpers", ... }`), and the package does not declare a
  // dependency of that name (the caller checks). {"", ""} otherwise.
  std::pair<std::string, std::string> bundler_alias(std::string_view s, const SourceFile& from) {
    auto [name, sub] = split_package(s);
    const core::Manifest* m = owner_manifest(from);
    std::vector<std::string> keys{std::string(name)};
    if (name.starts_with('@') && name.find('/') != std::string_view::npos) {
      keys.emplace_back(name.substr(0, name.find('/')));
    }
    std::vector<std::string> dirs{m ? m->dir : std::string()};
    if (!dirs.front().empty()) dirs.emplace_back();
    for (const auto& dir : dirs) {
      auto [it, fresh] = bundler_texts.try_emplace(dir);
      if (fresh) {
        for (auto file : k_bundler_configs) {
          auto path = core::join_path(dir, file);
          if (!snapshot.is_file(path)) continue;
          if (auto text = snapshot.read(path)) it->second.emplace_back(path, std::move(*text));
        }
      }
      for (const auto& [path, text] : it->second) {
        for (const auto& key : keys) {
          if (maps_alias(text, key)) return {key, path};
        }
      }
    }
    return {};
  }

  // `"key":` / `'key':` (an alias map's key) or `find: "key"` in `text`.
  static bool maps_alias(std::string_view text, std::string_view key) {
    for (char q : {'"', '\''}) {
      std::string quoted = q + std::string(key) + q;
      for (auto at = text.find(quoted); at != std::string_view::npos; at = text.find(quoted, at + 1)) {
        auto after = at + quoted.size();
        while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
        if (after < text.size() && text[after] == ':') return true;
        auto before = at;
        while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
        if (before >= 5 && text.substr(before - 5, 5) == "find:") return true;
      }
    }
    return false;
  }

  std::map<std::string, std::vector<std::pair<std::string, std::string>>> bundler_texts;  // by package dir

  // Whether `s` (a bare specifier with a subpath) names a folder under the
  // config's baseUrl, as `src/x` does under baseUrl "./" beside src/.
  bool base_url_folder(const TsConfig& cfg, std::string_view s) const {
    auto [name, sub] = split_package(s);
    return !sub.empty() && !name.starts_with('@') && dir_exists(join_norm(*cfg.base_url, name));
  }

  // Whether the package that owns `from` declares a dependency `name`.
  bool owner_declares(const SourceFile& from, std::string_view name) const {
    const core::Manifest* m = owner_manifest(from);
    return m && std::any_of(m->dependencies.begin(), m->dependencies.end(),
                            [&](const core::DeclaredDep& d) { return d.name == name; });
  }

  Resolution resolve_bare(std::string_view s, const SourceFile& from, RefKind kind, const TsConfig* cfg) {
    Resolution r;
    auto [name, sub] = split_package(s);
    if (is_node_builtin(s) || (sub.empty() && is_node_builtin(name))) {
      r.kind = core::Resolved::builtin;
      r.target = "node:" + std::string(s);
      return r;
    }
    if (!valid_package_name(name)) {
      r.target = std::string(s);
      r.note = "not a relative path, a package name or a tsconfig \"paths\" alias (a bundler alias?)";
      return r;
    }
    if (auto it = by_name.find(std::string(name)); it != by_name.end()) {
      auto w = resolve_workspace(*it->second, sub, kind, cfg);
      if (w.kind == core::Resolved::unresolved) w.target = std::string(s);
      return w;
    }
    (void)from;
    r.kind = core::Resolved::package;
    r.target = std::string(name);
    r.package = std::string(name);
    return r;
  }
};

namespace {
constexpr std::string_view k_extends = ": extends \"";
constexpr std::string_view k_not_found = "\" not found";
constexpr std::string_view k_uninstalled = " (a package that is not installed)";
}  // namespace

std::string missing_extends_problem(std::string_view file, std::string_view base) {
  std::string out(file);
  out += k_extends;
  out += base;
  out += k_not_found;
  if (!base.starts_with('.')) out += k_uninstalled;
  return out;
}

std::optional<bool> missing_extends(std::string_view problem) {
  if (problem.find(k_extends) == std::string_view::npos || problem.find(k_not_found) == std::string_view::npos) {
    return std::nullopt;
  }
  return problem.ends_with(k_uninstalled);
}

Resolver::Resolver(const core::Snapshot& snapshot, const core::Project& project, const SourceListing& listing)
    : m_impl(std::make_unique<Impl>(snapshot, project, listing)) {}
Resolver::~Resolver() = default;

Resolution Resolver::resolve(std::string_view spec, const SourceFile& from, RefKind kind, bool type_only) {
  m_impl->ts_importer = from.dialect == Dialect::ts || from.dialect == Dialect::tsx;
  {
    std::string_view p = from.path;
    if (p.ends_with(".cts") || p.ends_with(".cjs")) {
      m_impl->importer_cjs = true;
    } else if (p.ends_with(".mts") || p.ends_with(".mjs")) {
      m_impl->importer_cjs = false;
    } else {
      const core::Manifest* owner = m_impl->owner_manifest(from);
      m_impl->importer_cjs = owner == nullptr || owner->type != "module";
    }
  }
  m_impl->runtime_ref = !type_only && kind != RefKind::reference;
  Resolution r = m_impl->resolve(spec, from, kind);
  if (r.kind == core::Resolved::unresolved) {
    m_impl->use_disk = true;
    Resolution again = m_impl->resolve(spec, from, kind);
    m_impl->use_disk = false;
    if (again.kind != core::Resolved::unresolved) return again;
  }
  return r;
}

const TsConfig* Resolver::tsconfig_for(std::string_view dir) { return m_impl->nearest_config(std::string(dir)); }

std::vector<const TsConfig*> Resolver::tsconfigs() const {
  std::vector<const TsConfig*> out;
  for (const auto& [file, cfg] : m_impl->configs) out.push_back(cfg.get());
  return out;
}

}  // namespace archgate::analyzers::source
