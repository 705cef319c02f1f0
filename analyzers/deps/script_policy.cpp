#include "analyzers/deps/script_policy.hpp"

#include <libfyaml.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/text.hpp"
#include "core/json_util.hpp"
#include "core/semver.hpp"
#include "core/snapshot.hpp"
#include "core/yaml.hpp"

namespace archgate::deps {

namespace {

namespace sj = simdjson::ondemand;

constexpr std::string_view k_only_built = "pnpm onlyBuiltDependencies";
constexpr std::string_view k_allow_builds = "pnpm allowBuilds";
constexpr std::string_view k_never_built = "pnpm neverBuiltDependencies";
constexpr std::string_view k_ignored_built = "pnpm ignoredBuiltDependencies";
constexpr std::string_view k_bun_trusted = "bun trustedDependencies";
constexpr std::string_view k_yarn_meta = "yarn dependenciesMeta.built";
constexpr std::string_view k_npm_allow = "npm allowScripts";
constexpr std::string_view k_npm_global = "npm allow-scripts (.npmrc)";
constexpr std::string_view k_lavamoat = "LavaMoat allowScripts";

std::string_view trim(std::string_view s) { return core::trim_blanks(s); }

std::string_view unquote(std::string_view s) { return core::strip_quotes(s); }

// Splits "name@range" (the scope's leading @ is part of the name). Yarn's
// "name@npm:1.2.3" keeps the range "1.2.3".
void split_key(std::string_view key, PolicyEntry& e) {
  e.key = std::string(key);
  auto at = key.find('@', key.starts_with('@') ? 1 : 0);
  if (at == std::string_view::npos) {
    e.name = std::string(key);
    return;
  }
  e.name = std::string(key.substr(0, at));
  auto range = key.substr(at + 1);
  if (range.starts_with("npm:")) {
    range.remove_prefix(4);
  }
  e.range = std::string(range);
}

PolicyEntry make_entry(std::string_view key, bool allowed, std::string_view tool,
                       std::string_view manager, const std::string& file, int line, int column) {
  PolicyEntry e;
  split_key(key, e);
  e.allowed = allowed;
  e.tool = std::string(tool);
  e.manager = std::string(manager);
  e.file = file;
  e.line = line;
  e.column = column;
  return e;
}

// ---- package.json ----------------------------------------------------------

class PackageJsonPolicy {
 public:
  PackageJsonPolicy(const std::string& path, std::string_view text, ScriptPolicy& out)
      : m_path(path), m_text(core::json::without_bom(text)), m_out(out) {}

  void run() {
    // A package.json that does not parse is reported by the project loader
    // (manifest/invalid); it has no allow-lists.
    if (core::json::find_syntax_error(m_text)) {
      return;
    }
    auto padded = core::json::padded_copy(m_text);
    m_base = padded->data();
    sj::parser parser;
    sj::document doc;
    if (parser.iterate(padded->data(), padded->size(), padded->capacity()).get(doc)) {
      return;
    }
    sj::object root;
    if (doc.get_object().get(root)) {
      return;
    }
    for (auto field : root) {
      std::string_view key;
      sj::value v;
      if (field.unescaped_key().get(key) || field.value().get(v)) {
        return;
      }
      if (key == "pnpm") {
        pnpm(v);
      } else if (key == "trustedDependencies") {
        name_list(v, "trustedDependencies", k_bun_trusted, "bun", true);
      } else if (key == "dependenciesMeta") {
        dependencies_meta(v);
      } else if (key == "allowScripts") {
        bool_map(v, "allowScripts", k_npm_allow, "npm", /*ranges=*/true, /*lavamoat=*/false);
      } else if (key == "lavamoat") {
        lavamoat(v);
      }
    }
  }

 private:
  std::size_t offset_of(sj::value& v) {
    return static_cast<std::size_t>(v.raw_json_token().data() - m_base);
  }
  std::pair<int, int> pos(std::size_t offset) const {
    auto lc = core::json::line_col(m_text, offset);
    return {lc.line, lc.column};
  }
  void type_error(std::size_t offset, std::string_view field, std::string_view expected) {
    m_out.errors.push_back(core::json::error_at(
        m_path, m_text, offset, fmt::format("\"{}\" must be {}", field, expected)));
  }
  bool is_null(sj::value& v) {
    bool null = false;
    return v.is_null().get(null) == simdjson::SUCCESS && null;
  }

  template <class Fn>
  void each_field(sj::value& v, std::string_view field, Fn fn) {
    auto off = offset_of(v);
    if (is_null(v)) {
      return;
    }
    sj::object obj;
    if (v.get_object().get(obj)) {
      type_error(off, field, "an object");
      return;
    }
    for (auto f : obj) {
      sj::raw_json_string raw;
      std::string_view key;
      sj::value val;
      if (f.key().get(raw) || f.unescaped_key().get(key) || f.value().get(val)) {
        return;
      }
      auto key_off = static_cast<std::size_t>(raw.raw() - m_base) - 1;
      fn(std::string(key), val, key_off);
    }
  }

  void name_list(sj::value& v, std::string_view field, std::string_view tool,
                 std::string_view manager, bool allowed) {
    auto off = offset_of(v);
    if (is_null(v)) {
      return;
    }
    sj::array arr;
    if (v.get_array().get(arr)) {
      type_error(off, field, "an array of package names");
      return;
    }
    for (auto el : arr) {
      sj::value item;
      if (el.get(item)) {
        return;
      }
      auto item_off = offset_of(item);
      std::string_view s;
      if (item.get_string().get(s)) {
        type_error(item_off, field, "an array of package names");
        continue;
      }
      auto [line, col] = pos(item_off);
      m_out.entries.push_back(make_entry(s, allowed, tool, manager, m_path, line, col));
    }
  }

  // name -> true/false (and, with `ranges`, name -> "range").
  void bool_map(sj::value& v, std::string_view field, std::string_view tool,
                std::string_view manager, bool ranges, bool lavamoat) {
    each_field(v, field, [&](const std::string& key, sj::value& val, std::size_t key_off) {
      auto val_off = offset_of(val);
      bool b = false;
      std::string_view range;
      sj::json_type t{};
      if (val.type().get(t)) {
        return;
      }
      bool is_bool = t == sj::json_type::boolean && val.get_bool().get(b) == simdjson::SUCCESS;
      bool is_range = t == sj::json_type::string && ranges &&
                      val.get_string().get(range) == simdjson::SUCCESS;
      if (!is_bool && !is_range) {
        type_error(val_off, std::string(field) + "." + key,
                   ranges ? "true, false or a version range" : "true or false");
        return;
      }
      std::string_view name = key;
      if (lavamoat && name == "$root$") {
        return;  // LavaMoat's name for the project's own scripts, not a dependency
      }
      auto [line, col] = pos(key_off);
      if (lavamoat) {
        // LavaMoat names a package by its dependency path: "a>b" is b as
        // installed under a.
        if (auto gt = name.rfind('>'); gt != std::string_view::npos) {
          name = name.substr(gt + 1);
        }
      }
      auto e = make_entry(name, is_range || b, tool, manager, m_path, line, col);
      e.key = key;
      if (is_range && e.range.empty() && trim(range) != "*" && !trim(range).empty()) {
        e.range = std::string(trim(range));
      }
      m_out.entries.push_back(std::move(e));
    });
  }

  void pnpm(sj::value& v) {
    each_field(v, "pnpm", [&](const std::string& key, sj::value& val, std::size_t key_off) {
      auto field = "pnpm." + key;
      if (key == "onlyBuiltDependencies") {
        name_list(val, field, k_only_built, "pnpm", true);
      } else if (key == "neverBuiltDependencies") {
        name_list(val, field, k_never_built, "pnpm", false);
      } else if (key == "ignoredBuiltDependencies") {
        name_list(val, field, k_ignored_built, "pnpm", false);
      } else if (key == "allowBuilds") {
        bool_map(val, field, k_allow_builds, "pnpm", false, false);
      } else if (key == "dangerouslyAllowAllBuilds") {
        bool b = false;
        if (val.get_bool().get(b) != simdjson::SUCCESS) {
          type_error(offset_of(val), field, "true or false");
        } else if (b) {
          auto [line, col] = pos(key_off);
          m_out.switches.push_back({SwitchKind::all_run, "pnpm.dangerouslyAllowAllBuilds: true",
                                    {"pnpm"}, m_path, line, col});
        }
      }
    });
  }

  void dependencies_meta(sj::value& v) {
    each_field(v, "dependenciesMeta", [&](const std::string& key, sj::value& meta, std::size_t key_off) {
      auto field = "dependenciesMeta." + key;
      each_field(meta, field, [&](const std::string& k, sj::value& val, std::size_t) {
        if (k != "built") {
          return;  // optional, unplugged, injected: not about scripts
        }
        bool b = false;
        if (val.get_bool().get(b) != simdjson::SUCCESS) {
          type_error(offset_of(val), field + ".built", "true or false");
          return;
        }
        auto [line, col] = pos(key_off);
        m_out.entries.push_back(make_entry(key, b, k_yarn_meta, "yarn", m_path, line, col));
      });
    });
  }

  void lavamoat(sj::value& v) {
    each_field(v, "lavamoat", [&](const std::string& key, sj::value& val, std::size_t) {
      if (key == "allowScripts") {
        bool_map(val, "lavamoat.allowScripts", k_lavamoat, "*", false, true);
      }
    });
  }

  const std::string& m_path;
  std::string_view m_text;
  ScriptPolicy& m_out;
  const char* m_base = nullptr;
};

// ---- YAML ------------------------------------------------------------------

// Where a scalar starts, its opening quote included (libfyaml marks the
// first character inside quotes).
std::pair<int, int> yaml_pos(fy_node* n) {
  auto [line, col] = core::yaml_position(n);
  auto style = n ? fy_node_get_style(n) : FYNS_ANY;
  if (col > 1 && (style == FYNS_SINGLE_QUOTED || style == FYNS_DOUBLE_QUOTED)) {
    --col;
  }
  return {line, col};
}

std::optional<bool> yaml_bool(fy_node* n) {
  auto s = core::yaml_scalar(n);
  if (!s) {
    return std::nullopt;
  }
  if (*s == "true" || *s == "True" || *s == "TRUE") {
    return true;
  }
  if (*s == "false" || *s == "False" || *s == "FALSE") {
    return false;
  }
  return std::nullopt;
}

void yaml_error(ScriptPolicy& out, const std::string& path, fy_node* n, std::string message) {
  auto [line, col] = yaml_pos(n);
  out.errors.push_back(core::Error{path, line, col, std::move(message)});
}

template <class Fn>
void yaml_each_pair(fy_node* map, Fn fn) {
  void* iter = nullptr;
  fy_node_pair* pair = nullptr;
  while ((pair = fy_node_mapping_iterate(map, &iter)) != nullptr) {
    fy_node* k = fy_node_pair_key(pair);
    auto key = core::yaml_scalar(k);
    if (key) {
      fn(*key, k, fy_node_pair_value(pair));
    }
  }
}

void yaml_name_list(ScriptPolicy& out, const std::string& path, std::string_view field,
                    fy_node* key_node, fy_node* v, std::string_view tool, bool allowed) {
  if (!v || fy_node_is_null(v)) {
    return;
  }
  if (!fy_node_is_sequence(v)) {
    yaml_error(out, path, fy_node_is_scalar(v) ? v : key_node,
               fmt::format("\"{}\" must be a list of package names", field));
    return;
  }
  void* iter = nullptr;
  fy_node* item = nullptr;
  while ((item = fy_node_sequence_iterate(v, &iter)) != nullptr) {
    auto s = core::yaml_scalar(item);
    if (!s) {
      yaml_error(out, path, key_node, fmt::format("\"{}\" entries must be package names", field));
      continue;
    }
    auto [line, col] = yaml_pos(item);
    out.entries.push_back(make_entry(*s, allowed, tool, "pnpm", path, line, col));
  }
}

// ---- .npmrc / .yarnrc ------------------------------------------------------

// Calls fn(key, value, line, value_column) for every `key=value` (npmrc) or
// `key value` (yarnrc) line; comments and other lines are skipped.
template <class Fn>
void each_rc_line(std::string_view text, bool yarnrc, Fn fn) {
  int line_no = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    ++line_no;
    std::string_view line = text.substr(start, end - start);
    auto body = trim(line);
    if (!body.empty() && body.front() != '#' && body.front() != ';') {
      std::size_t sep = yarnrc ? body.find_first_of(" \t") : body.find('=');
      if (sep != std::string_view::npos) {
        auto key = unquote(trim(body.substr(0, sep)));
        auto value = trim(body.substr(sep + 1));
        auto value_col = static_cast<int>(value.data() - line.data()) + 1;
        fn(key, value, line_no, value_col);
      }
    }
    if (end == text.size()) {
      break;
    }
    start = end + 1;
  }
}

bool reads(std::string_view entry_manager, std::string_view manager) {
  return entry_manager == "*" || (!manager.empty() && entry_manager == manager);
}

const PolicySwitch* find_switch(const ScriptPolicy& p, SwitchKind kind, std::string_view manager) {
  for (const auto& s : p.switches) {
    if (s.kind == kind &&
        std::find(s.managers.begin(), s.managers.end(), manager) != s.managers.end()) {
      return &s;
    }
  }
  return nullptr;
}

bool uses_tool(const ScriptPolicy& p, std::string_view tool) {
  return std::any_of(p.entries.begin(), p.entries.end(),
                     [&](const PolicyEntry& e) { return e.tool == tool; });
}

const PolicyEntry* first_of_tool(const ScriptPolicy& p, std::string_view tool) {
  for (const auto& e : p.entries) {
    if (e.tool == tool) {
      return &e;
    }
  }
  return nullptr;
}


std::string default_effect(const ScriptPolicy& p, std::string_view manager) {
  if (manager == "npm") {
    return "npm 11 runs it; npm 12 skips it";
  }
  if (manager == "pnpm") {
    bool listed = uses_tool(p, k_only_built) || uses_tool(p, k_allow_builds);
    return listed ? "pnpm skips its build" : "pnpm 10+ skips its build; pnpm 9 runs it";
  }
  if (manager == "yarn") {
    return "yarn runs it";
  }
  if (manager == "yarn-classic") {
    return "yarn 1 runs it";
  }
  if (manager == "bun") {
    return "bun skips it unless it is on bun's built-in trusted list";
  }
  return {};
}

}  // namespace

std::string manager_label(std::string_view manager) {
  if (manager == "yarn") {
    return "yarn";
  }
  if (manager == "yarn-classic") {
    return "yarn 1";
  }
  return manager.empty() ? std::string("the package manager") : std::string(manager);
}

std::map<std::size_t, ScriptVerdict> script_verdicts(const DepsReport& report,
                                                     const ScriptPolicy& policy,
                                                     std::string_view manager) {
  std::map<std::size_t, ScriptVerdict> out;
  for (std::size_t i = 0; i < report.packages.size(); ++i) {
    const auto& p = report.packages[i];
    if (!p.install.runs_code()) {
      continue;
    }
    auto d = decide_scripts(policy, manager, p.name, p.version);
    ScriptVerdict v;
    v.verdict = d.verdict;
    if (d.entry != nullptr) {
      v.by = ScriptVerdict::By::entry;
      v.tool = d.entry->tool;
      v.key = d.entry->key;
      v.file = d.entry->file;
      v.line = d.entry->line;
    } else if (d.sw != nullptr) {
      v.by = ScriptVerdict::By::setting;
      v.tool = d.sw->setting;
      v.file = d.sw->file;
      v.line = d.sw->line;
    }
    v.text = std::move(d.text);
    v.effect = std::move(d.effect);
    out.emplace(i, std::move(v));
  }
  return out;
}

void parse_package_json_policy(const std::string& path, std::string_view text, ScriptPolicy& out) {
  PackageJsonPolicy(path, text, out).run();
}

void parse_pnpm_workspace_policy(const std::string& path, std::string_view text, ScriptPolicy& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return;  // the project loader reports it
  }
  fy_node* root = fy_document_root(doc->get());
  if (!root || !fy_node_is_mapping(root)) {
    return;
  }
  yaml_each_pair(root, [&](std::string_view key, fy_node* k, fy_node* v) {
    if (key == "onlyBuiltDependencies") {
      yaml_name_list(out, path, key, k, v, k_only_built, true);
    } else if (key == "neverBuiltDependencies") {
      yaml_name_list(out, path, key, k, v, k_never_built, false);
    } else if (key == "ignoredBuiltDependencies") {
      yaml_name_list(out, path, key, k, v, k_ignored_built, false);
    } else if (key == "allowBuilds") {
      if (!v || fy_node_is_null(v)) {
        return;
      }
      if (!fy_node_is_mapping(v)) {
        yaml_error(out, path, k, "\"allowBuilds\" must map package names to true or false");
        return;
      }
      yaml_each_pair(v, [&](std::string_view name, fy_node* nk, fy_node* nv) {
        auto b = yaml_bool(nv);
        if (!b) {
          yaml_error(out, path, nv && fy_node_is_scalar(nv) ? nv : nk,
                     fmt::format("\"allowBuilds.{}\" must be true or false", name));
          return;
        }
        auto [line, col] = yaml_pos(nk);
        out.entries.push_back(make_entry(name, *b, k_allow_builds, "pnpm", path, line, col));
      });
    } else if (key == "dangerouslyAllowAllBuilds" || key == "ignoreScripts") {
      auto b = yaml_bool(v);
      if (!b) {
        yaml_error(out, path, v && fy_node_is_scalar(v) ? v : k,
                   fmt::format("\"{}\" must be true or false", key));
        return;
      }
      if (*b) {
        auto [line, col] = yaml_pos(k);
        bool all = key == "dangerouslyAllowAllBuilds";
        out.switches.push_back({all ? SwitchKind::all_run : SwitchKind::none_run,
                                std::string(key) + ": true", {"pnpm"}, path, line, col});
      }
    }
  });
}

void parse_yarnrc_yml_policy(const std::string& path, std::string_view text, ScriptPolicy& out) {
  auto doc = core::parse_yaml(path, text);
  if (!doc) {
    return;  // the yarn berry reader reports it when it matters
  }
  fy_node* root = fy_document_root(doc->get());
  if (!root || !fy_node_is_mapping(root)) {
    return;
  }
  yaml_each_pair(root, [&](std::string_view key, fy_node* k, fy_node* v) {
    if (key != "enableScripts") {
      return;
    }
    auto b = yaml_bool(v);
    if (!b) {
      yaml_error(out, path, v && fy_node_is_scalar(v) ? v : k,
                 "\"enableScripts\" must be true or false");
      return;
    }
    if (!*b) {
      auto [line, col] = yaml_pos(k);
      out.switches.push_back(
          {SwitchKind::default_off, "enableScripts: false", {"yarn"}, path, line, col});
    }
  });
}

void parse_npmrc_policy(const std::string& path, std::string_view text, ScriptPolicy& out) {
  each_rc_line(text, false, [&](std::string_view key, std::string_view value, int line, int col) {
    if (key == "ignore-scripts") {
      if (unquote(value) == "true") {
        out.switches.push_back(
            {SwitchKind::none_run, "ignore-scripts=true", {"npm", "pnpm"}, path, line, 1});
      }
    } else if (key == "allow-scripts" || key == "allow-scripts[]") {
      std::size_t pos = 0;
      while (pos <= value.size()) {
        auto comma = value.find(',', pos);
        if (comma == std::string_view::npos) {
          comma = value.size();
        }
        auto raw = value.substr(pos, comma - pos);
        auto name = unquote(trim(raw));
        if (!name.empty()) {
          auto lead = static_cast<int>(name.data() - value.data());
          out.entries.push_back(
              make_entry(name, true, k_npm_global, "npm-global", path, line, col + lead));
        }
        pos = comma + 1;
      }
    }
  });
}

void parse_yarnrc_policy(const std::string& path, std::string_view text, ScriptPolicy& out) {
  each_rc_line(text, true, [&](std::string_view key, std::string_view value, int line, int) {
    if ((key == "ignore-scripts" || key == "--ignore-scripts") && unquote(value) == "true") {
      out.switches.push_back(
          {SwitchKind::none_run, "ignore-scripts true", {"yarn-classic"}, path, line, 1});
    }
  });
}

ScriptPolicy load_script_policy(const core::Snapshot& snap) {
  ScriptPolicy policy;
  auto read = [&](std::string_view file, auto parse) {
    if (!snap.is_file(file)) {
      return;
    }
    auto text = snap.read(file);
    if (!text) {
      policy.errors.push_back(text.error());
      return;
    }
    parse(std::string(file), *text, policy);
  };
  read("package.json", parse_package_json_policy);
  read("pnpm-workspace.yaml", parse_pnpm_workspace_policy);
  read(".yarnrc.yml", parse_yarnrc_yml_policy);
  read(".yarnrc", parse_yarnrc_policy);
  read(".npmrc", parse_npmrc_policy);
  return policy;
}

std::string script_manager(const core::Project& project) {
  if (project.lockfile) {
    if (project.lockfile->reader == "yarn/classic") {
      return "yarn-classic";
    }
    return project.lockfile->manager;
  }
  if (project.graph) {
    return project.graph->manager;
  }
  return {};
}

bool entry_matches(const PolicyEntry& e, std::string_view name, std::string_view version) {
  if (e.name != name) {
    return false;
  }
  if (e.range.empty() || e.range == version) {
    return true;
  }
  return core::semver::satisfies(version, e.range, core::semver::Options{.loose = true});
}

ScriptDecision decide_scripts(const ScriptPolicy& policy, std::string_view manager,
                              std::string_view name, std::string_view version) {
  ScriptDecision d;
  std::vector<const PolicyEntry*> read_matches;
  for (const auto& e : policy.entries) {
    if (entry_matches(e, name, version)) {
      (reads(e.manager, manager) ? read_matches : d.unread).push_back(&e);
    }
  }
  auto decide_by_entries = [&](bool lavamoat_only) {
    const PolicyEntry* allow = nullptr;
    for (const auto* e : read_matches) {
      if (lavamoat_only && e->manager != "*") {
        continue;
      }
      if (!e->allowed) {
        d.verdict = Verdict::denied;
        d.entry = e;
        return true;
      }
      allow = allow ? allow : e;
    }
    if (allow) {
      d.verdict = Verdict::allowed;
      d.entry = allow;
      return true;
    }
    return false;
  };
  if (const auto* s = find_switch(policy, SwitchKind::none_run, manager)) {
    if (!decide_by_entries(true)) {
      d.verdict = Verdict::disabled;
      d.sw = s;
    }
  } else if (const auto* all = find_switch(policy, SwitchKind::all_run, manager)) {
    d.verdict = Verdict::allowed;
    d.sw = all;
  } else if (!decide_by_entries(false)) {
    if (const auto* off = find_switch(policy, SwitchKind::default_off, manager)) {
      d.verdict = Verdict::disabled;
      d.sw = off;
    }
  }
  auto label = manager_label(manager);
  switch (d.verdict) {
    case Verdict::allowed:
      d.text = d.entry ? fmt::format("allowed by {} at {}", d.entry->tool,
                                     where_text(d.entry->file, d.entry->line))
                       : fmt::format("allowed by {} at {}", d.sw->setting,
                                     where_text(d.sw->file, d.sw->line));
      d.effect = label + " runs it";
      break;
    case Verdict::denied:
      d.text = fmt::format("denied by {} at {}", d.entry->tool,
                           where_text(d.entry->file, d.entry->line));
      d.effect = "it does not run";
      break;
    case Verdict::disabled:
      d.text = fmt::format("turned off by {} at {}", d.sw->setting,
                           where_text(d.sw->file, d.sw->line));
      if (d.sw->kind == SwitchKind::default_off) {
        d.text += ", and no dependenciesMeta entry sets built: true";
      }
      d.effect = "it does not run";
      break;
    case Verdict::unlisted:
      d.text = fmt::format("in no allow-list {} reads", label);
      d.effect = default_effect(policy, manager);
      break;
  }
  return d;
}

std::string allowlist_hint(const ScriptPolicy& policy, std::string_view manager,
                           std::string_view name) {
  bool lavamoat = uses_tool(policy, k_lavamoat);
  if (manager == "npm") {
    if (lavamoat) {
      return fmt::format("add \"{0}\": true under lavamoat.allowScripts in package.json "
                         "(\"{0}\": false keeps it off)",
                         name);
    }
    return fmt::format("add \"{0}\": true to allowScripts in package.json (`npm approve-scripts "
                       "{0}`, npm 11.16+), or \"{0}\": false to keep it off",
                       name);
  }
  if (manager == "pnpm") {
    if (const auto* e = first_of_tool(policy, k_allow_builds)) {
      return fmt::format("add `{0}: true` under allowBuilds in {1} (`pnpm approve-builds`), or "
                         "`{0}: false` to keep it off",
                         name, e->file);
    }
    if (const auto* e = first_of_tool(policy, k_only_built)) {
      return fmt::format("add {0} to onlyBuiltDependencies in {1} (`pnpm approve-builds`), or to "
                         "ignoredBuiltDependencies to keep it off",
                         name, e->file);
    }
    return fmt::format("run `pnpm approve-builds` (pnpm 10 lists {0} in onlyBuiltDependencies, "
                       "pnpm 11 under allowBuilds, in pnpm-workspace.yaml), or list it in "
                       "ignoredBuiltDependencies to keep it off",
                       name);
  }
  if (manager == "yarn") {
    return fmt::format("set dependenciesMeta[\"{0}\"].built to true in package.json, or false to "
                       "skip it (with enableScripts: false in .yarnrc.yml only packages set to "
                       "true build)",
                       name);
  }
  if (manager == "yarn-classic") {
    if (lavamoat) {
      return fmt::format("add \"{0}\": true under lavamoat.allowScripts in package.json "
                         "(\"{0}\": false keeps it off)",
                         name);
    }
    return "yarn 1 has no per-package allow-list: install with ignore-scripts and run the "
           "reviewed scripts with @lavamoat/allow-scripts (lavamoat.allowScripts in package.json)";
  }
  if (manager == "bun") {
    return fmt::format("add \"{0}\" to trustedDependencies in package.json (`bun pm trust {0}`)",
                       name);
  }
  return fmt::format("allow {} in your package manager's install-script allow-list", name);
}

std::vector<StaleEntry> stale_entries(const ScriptPolicy& policy, const DepsReport& report,
                                      bool lockfile_records_scripts,
                                      const std::vector<std::string>& local_names,
                                      std::string_view lockfile_path) {
  std::map<std::string_view, std::vector<const PackageReport*>> by_name;
  for (const auto& p : report.packages) {
    by_name[p.name].push_back(&p);
  }
  std::string lockfile = lockfile_path.empty() ? std::string("the lockfile") : std::string(lockfile_path);
  std::vector<StaleEntry> out;
  for (const auto& e : policy.entries) {
    auto it = by_name.find(e.name);
    if (it == by_name.end()) {
      if (std::find(local_names.begin(), local_names.end(), e.name) == local_names.end()) {
        out.push_back({&e, fmt::format("{} lists {}, which is not in {}", e.tool, e.key, lockfile)});
      }
      continue;
    }
    std::vector<const PackageReport*> matching;
    std::string locked;
    for (const auto* p : it->second) {
      locked += (locked.empty() ? "" : ", ") + p->name + "@" + p->version;
      if (entry_matches(e, p->name, p->version)) {
        matching.push_back(p);
      }
    }
    if (matching.empty()) {
      out.push_back({&e, fmt::format("{} lists {}, but {} has {}", e.tool, e.key, lockfile, locked)});
      continue;
    }
    bool all_known_clean = std::all_of(matching.begin(), matching.end(), [&](const PackageReport* p) {
      bool known = p->install.known && (p->maintenance->known || lockfile_records_scripts);
      return known && !p->install.runs_code();
    });
    if (all_known_clean) {
      std::string which;
      for (const auto* p : matching) {
        which += (which.empty() ? "" : ", ") + p->name + "@" + p->version;
      }
      out.push_back({&e, fmt::format("{} lists {}, but {} {} no install script", e.tool, e.key,
                                     which, matching.size() == 1 ? "runs" : "run")});
    }
  }
  return out;
}

}  // namespace archgate::deps
