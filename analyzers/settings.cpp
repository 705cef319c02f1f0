#include "analyzers/settings.hpp"

#include <toml++/toml.h>

#include "core/checklist.hpp"

#include <algorithm>
#include <filesystem>

#include "core/json_util.hpp"
#include "core/text.hpp"

namespace archgate::analyzers {

namespace {

using core::Result;

class ConfigReader {
 public:
  ConfigReader(std::string file, core::Settings& config, const KnownRule& known)
      : m_file(std::move(file)), m_config(config), m_known(known) {}

  Result<void> run(std::string_view text) {
    toml::table root;
    try {
      root = toml::parse(text, m_file);
    } catch (const toml::parse_error& e) {
      const auto& b = e.source().begin;
      return core::fail(m_file, "invalid TOML: " + std::string(e.description()),
                        static_cast<int>(b.line), static_cast<int>(b.column));
    }
    m_config.file = m_file;
    m_config.overrides.clear();
    for (auto& [key, node] : root) {
      std::string section(key.str());
      if (section == "boundaries") {
        if (auto r = read_boundaries(node); !r) {
          return std::unexpected(r.error());
        }
        continue;
      }
      auto* table = node.as_table();
      if (!table) {
        return fail_at(node, "'" + section + "' must be a table ([" + section + "])");
      }
      if (section == "lockfile") {
        if (auto r = read_lockfile(*table); !r) {
          return std::unexpected(r.error());
        }
      } else if (section == "runtime") {
        if (auto r = read_runtime(*table); !r) {
          return std::unexpected(r.error());
        }
      } else if (section == "deps") {
        if (auto r = read_deps(*table); !r) {
          return std::unexpected(r.error());
        }
      } else if (section == "hygiene") {
        if (auto r = read_hygiene(*table); !r) {
          return std::unexpected(r.error());
        }
      } else if (section == "checklist") {
        if (auto r = read_checklist(*table); !r) {
          return std::unexpected(r.error());
        }
      } else if (section == "rules") {
        if (auto r = read_rules(*table); !r) {
          return std::unexpected(r.error());
        }
      } else {
        return fail_at(key, "unknown section [" + section +
                                 "]; expected one of [lockfile], [runtime], [deps], [hygiene], [checklist], [rules], [[boundaries]]");
      }
    }
    return {};
  }

 private:
  std::string m_file;
  core::Settings& m_config;
  const KnownRule& m_known;

  std::unexpected<core::Error> fail_at(const toml::node& n, std::string msg) const {
    const auto& b = n.source().begin;
    return core::fail(m_file, std::move(msg), static_cast<int>(b.line), static_cast<int>(b.column));
  }

  std::unexpected<core::Error> fail_at(const toml::key& k, std::string msg) const {
    const auto& b = k.source().begin;
    return core::fail(m_file, std::move(msg), static_cast<int>(b.line), static_cast<int>(b.column));
  }

  Result<void> unknown_key(const toml::key& k, std::string_view section,
                           std::string_view expected) const {
    return fail_at(k, "unknown key '" + std::string(k.str()) + "' in [" + std::string(section) +
                          "]; expected " + std::string(expected));
  }

  Result<void> read_int(const toml::node& n, std::string_view key, int min, int& out) const {
    auto v = n.value<std::int64_t>();
    if (!n.is_integer() || !v || *v < min || *v > 1'000'000) {
      return fail_at(n, "'" + std::string(key) + "' must be an integer from " + std::to_string(min) +
                            " to 1000000");
    }
    out = static_cast<int>(*v);
    return {};
  }

  Result<void> read_strings(const toml::node& n, std::string_view key,
                            std::vector<std::string>& out) const {
    const auto* arr = n.as_array();
    if (!arr) {
      return fail_at(n, "'" + std::string(key) + "' must be an array of strings");
    }
    out.clear();
    for (const auto& item : *arr) {
      auto s = item.value<std::string>();
      if (!item.is_string() || !s) {
        return fail_at(item, "'" + std::string(key) + "' must hold strings only");
      }
      out.push_back(*s);
    }
    return {};
  }

  // [checklist] skip = ["workers"] or skip = { workers = "no queues here" }
  Result<void> read_checklist(const toml::table& t) {
    for (const auto& [k, v] : t) {
      if (k.str() != "skip") return unknown_key(k, "checklist", "skip");
      m_config.checklist_skip.clear();
      auto known = [&](const toml::node& at, const std::string& id) -> Result<void> {
        for (const auto& i : core::checklist_items()) {
          if (i.id == id) return {};
        }
        return fail_at(at, "unknown checklist item '" + id + "' (`archgate explain` lists them)");
      };
      if (const auto* tbl = v.as_table()) {
        for (const auto& [id, reason] : *tbl) {
          auto text = reason.value<std::string>();
          if (!reason.is_string() || !text) return fail_at(reason, "the reason for skipping '" + std::string(id.str()) + "' must be a string");
          if (auto r = known(reason, std::string(id.str())); !r) return r;
          m_config.checklist_skip.emplace_back(std::string(id.str()), *text);
        }
      } else {
        std::vector<std::string> ids;
        if (auto r = read_strings(v, "skip", ids); !r) return r;
        for (const auto& id : ids) {
          if (auto r = known(v, id); !r) return r;
          m_config.checklist_skip.emplace_back(id, "");
        }
      }
    }
    return {};
  }

  // [hygiene] dev = [...], production = [...], [[hygiene.ignore]] entries.
  Result<void> read_hygiene(const toml::table& t) {
    static constexpr std::string_view k_rules[] = {"unused-dependency", "undeclared-dependency",
                                                   "dev-dependency-in-production", "types-without-package",
                                                   "misplaced-dependency"};
    for (const auto& [k, v] : t) {
      if (k.str() == "dev") {
        if (auto r = read_strings(v, "dev", m_config.hygiene_dev); !r) return r;
      } else if (k.str() == "production") {
        if (auto r = read_strings(v, "production", m_config.hygiene_production); !r) return r;
      } else if (k.str() == "ignore") {
        const auto* arr = v.as_array();
        if (!arr) return fail_at(v, "'ignore' must be an array of tables ([[hygiene.ignore]])");
        m_config.hygiene_ignores.clear();
        for (const auto& item : *arr) {
          const auto* e = item.as_table();
          if (!e) return fail_at(item, "each [[hygiene.ignore]] entry must be a table");
          core::HygieneIgnore ig;
          ig.line = static_cast<int>(item.source().begin.line);
          for (const auto& [ek, ev] : *e) {
            auto str = ev.value<std::string>();
            if (ek.str() == "package" || ek.str() == "workspace" || ek.str() == "reason") {
              if (!ev.is_string() || !str) return fail_at(ev, "'" + std::string(ek.str()) + "' must be a string");
              (ek.str() == "package" ? ig.package : ek.str() == "workspace" ? ig.workspace : ig.reason) = *str;
            } else if (ek.str() == "rules") {
              if (auto r = read_strings(ev, "rules", ig.rules); !r) return r;
              for (auto& id : ig.rules) {
                if (id.starts_with("source/")) id = id.substr(7);
                if (std::find(std::begin(k_rules), std::end(k_rules), id) == std::end(k_rules)) {
                  return fail_at(ev, "unknown hygiene rule '" + id +
                                         "'; expected unused-dependency, undeclared-dependency, "
                                         "dev-dependency-in-production, types-without-package or misplaced-dependency");
                }
              }
            } else {
              return unknown_key(ek, "hygiene.ignore", "package, workspace, rules, reason");
            }
          }
          if (ig.package.empty()) return fail_at(item, "a [[hygiene.ignore]] entry needs 'package'");
          if (ig.reason.empty()) {
            return fail_at(item, "a [[hygiene.ignore]] entry needs 'reason': say why, so the next reader can judge it");
          }
          m_config.hygiene_ignores.push_back(std::move(ig));
        }
      } else {
        return unknown_key(k, "hygiene", "dev, production, ignore");
      }
    }
    return {};
  }

  // [[boundaries]]: an array of tables, each a rule.
  Result<void> read_boundaries(const toml::node& node) {
    const auto* arr = node.as_array();
    if (!arr) {
      return fail_at(node, "'boundaries' must be an array of tables ([[boundaries]])");
    }
    m_config.boundaries.clear();
    for (const auto& item : *arr) {
      const auto* t = item.as_table();
      if (!t) return fail_at(item, "each [[boundaries]] entry must be a table");
      core::BoundaryRule b;
      b.line = static_cast<int>(item.source().begin.line);
      auto strings = [&](const toml::node& v, std::string_view k, std::vector<std::string>& out) -> Result<void> {
        if (auto s = v.value<std::string>(); v.is_string() && s) {
          out = {*s};
          return {};
        }
        return read_strings(v, k, out);
      };
      for (const auto& [k, v] : *t) {
        std::string key(k.str());
        Result<void> r;
        if (key == "from") {
          r = strings(v, key, b.from);
        } else if (key == "to") {
          r = strings(v, key, b.to);
        } else if (key == "name" || key == "message" || key == "mode") {
          auto s = v.value<std::string>();
          if (!v.is_string() || !s) return fail_at(v, "'" + key + "' must be a string");
          if (key == "name") b.name = *s;
          if (key == "message") b.message = *s;
          if (key == "mode") {
            if (*s != "forbid" && *s != "allow-only") {
              return fail_at(v, "'mode' must be \"forbid\" or \"allow-only\"");
            }
            b.allow_only = *s == "allow-only";
          }
        } else if (key == "include-types") {
          auto x = v.value<bool>();
          if (!v.is_boolean() || !x) return fail_at(v, "'include-types' must be true or false");
          b.include_types = *x;
        } else {
          return unknown_key(k, "[boundaries]", "name, from, to, mode, message, include-types");
        }
        if (!r) return r;
      }
      if (b.from.empty() || b.to.empty()) {
        return fail_at(item, "a [[boundaries]] entry needs 'from' and 'to'");
      }
      if (b.name.empty()) b.name = "boundary " + std::to_string(m_config.boundaries.size() + 1);
      m_config.boundaries.push_back(std::move(b));
    }
    return {};
  }

  Result<void> read_lockfile(const toml::table& t) {
    for (const auto& [k, v] : t) {
      if (k.str() == "allowed-hosts") {
        if (auto r = read_strings(v, k.str(), m_config.allowed_hosts); !r) {
          return r;
        }
      } else {
        return unknown_key(k, "lockfile", "allowed-hosts");
      }
    }
    return {};
  }

  Result<void> read_runtime(const toml::table& t) {
    for (const auto& [k, v] : t) {
      if (k.str() == "eol-soon-days") {
        if (auto r = read_int(v, k.str(), 0, m_config.eol_soon_days); !r) {
          return r;
        }
      } else {
        return unknown_key(k, "runtime", "eol-soon-days");
      }
    }
    return {};
  }

  Result<void> read_deps(const toml::table& t) {
    for (const auto& [k, v] : t) {
      auto key = k.str();
      Result<void> r;
      if (key == "unmaintained-days") {
        r = read_int(v, key, 1, m_config.unmaintained_days);
      } else if (key == "heavy-threshold") {
        r = read_int(v, key, 1, m_config.heavy_threshold);
      } else if (key == "license-allow") {
        r = read_strings(v, key, m_config.license_allow);
      } else if (key == "license-deny") {
        r = read_strings(v, key, m_config.license_deny);
      } else {
        r = unknown_key(k, "deps",
                        "unmaintained-days, heavy-threshold, license-allow or license-deny");
      }
      if (!r) {
        return r;
      }
    }
    return {};
  }

  Result<void> read_rules(const toml::table& t) const {
    std::vector<std::pair<const toml::node*, core::SeverityOverride>> items;
    for (const auto& [k, v] : t) {
      auto s = v.value<std::string>();
      if (!v.is_string() || !s) {
        return fail_at(v, "rule '" + std::string(k.str()) +
                              "' must be set to \"off\", \"error\", \"warning\" or \"note\"");
      }
      core::SeverityOverride o;
      o.rule = std::string(k.str());
      if (*s != "off") {
        o.severity = core::parse_severity(*s);
        if (!o.severity) {
          return fail_at(v, "rule '" + o.rule + "': unknown level \"" + *s +
                                "\"; expected \"off\", \"error\", \"warning\" or \"note\"");
        }
      }
      if (o.rule.find_first_of("*?[") == std::string::npos && m_known && !m_known(o.rule)) {
        return fail_at(k, "unknown rule '" + o.rule + "' (`archgate explain` lists every rule)");
      }
      items.emplace_back(&v, std::move(o));
    }
    // toml++ tables iterate in key order; keep the file's order so that the
    // last matching entry wins as written.
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      const auto& x = a.first->source().begin;
      const auto& y = b.first->source().begin;
      return x.line != y.line ? x.line < y.line : x.column < y.column;
    });
    for (auto& [n, o] : items) {
      m_config.overrides.push_back(std::move(o));
    }
    return {};
  }
};

}  // namespace

core::Result<void> parse_settings(std::string file, std::string_view text,
                                  core::Settings& settings, const KnownRule& known) {
  // toml++ rejects invalid UTF-8 too, but points at the string holding it;
  // name the byte itself, as every other reader does.
  if (auto bad = core::find_invalid_utf8(text)) {
    auto lc = core::json::line_col(text, *bad);
    return core::fail(std::move(file), "invalid UTF-8 (archgate.toml must be UTF-8)", lc.line,
                      lc.column);
  }
  ConfigReader reader(std::move(file), settings, known);
  return reader.run(text);
}

core::Result<void> load_settings(const core::Snapshot& snap, std::string_view explicit_file,
                                 core::Settings& settings, const KnownRule& known) {
  if (!explicit_file.empty()) {
    std::filesystem::path p(explicit_file);
    core::WorkingTreeSnapshot dir(p.has_parent_path() ? p.parent_path().string() : ".");
    auto text = dir.read(p.filename().string());
    if (!text) {
      auto e = text.error();
      e.file = std::string(explicit_file);
      return std::unexpected(e);
    }
    return parse_settings(std::string(explicit_file), *text, settings, known);
  }
  for (auto name : k_settings_names) {
    if (snap.stat(name) == core::EntryKind::file) {
      auto text = snap.read(name);
      if (!text) {
        return std::unexpected(text.error());
      }
      return parse_settings(std::string(name), *text, settings, known);
    }
  }
  return {};
}

}  // namespace archgate::analyzers
