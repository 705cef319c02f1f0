#include "analyzers/manifest/package_json.hpp"

#include <simdjson.h>

#include "core/json_util.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

namespace sj = simdjson::ondemand;
using core::Error;
using core::Result;

namespace {

// Walks a package.json with simdjson's on-demand API, remembering the byte
// offset of every value so that errors and positions point into the file.
class ManifestParser {
 public:
  ManifestParser(std::string path, std::string_view text) : m_path(std::move(path)), m_text(text) {}

  Result<core::Manifest> run() {
    auto padded = core::json::padded_copy(m_text);
    m_base = padded->data();
    sj::parser parser;
    sj::document doc;
    if (auto e = parser.iterate(padded->data(), padded->size(), padded->capacity()).get(doc)) {
      return syntax_failure(e);
    }
    m.path = m_path;
    m.dir = std::string(core::parent_path(m_path));
    sj::object root;
    if (doc.type() .error() == simdjson::SUCCESS) {
      sj::json_type t;
      if (auto e = doc.type().get(t)) {
        return syntax_failure(e);
      }
      if (t != sj::json_type::object) {
        return core::fail(m_path, "expected a JSON object at the top level of package.json", 1, 1);
      }
    }
    if (auto e = doc.get_object().get(root)) {
      return syntax_failure(e);
    }
    for (auto field : root) {
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) {
        return syntax_failure(e);
      }
      sj::value v = field.value();
      auto ok = member(std::string(key), v);
      if (!ok) {
        return std::unexpected(ok.error());
      }
    }
    if (m_single_bin && !m.name.empty()) {
      auto slash = m.name.find('/');
      m.bins.push_back(slash == std::string::npos ? m.name : m.name.substr(slash + 1));
    }
    return std::move(m);
  }

 private:
  Error syntax_error(simdjson::error_code e) {
    if (auto se = core::json::find_syntax_error(m_text)) {
      return core::json::error_at(m_path, m_text, se->offset, se->message);
    }
    return Error{m_path, 0, 0, std::string("invalid JSON: ") + simdjson::error_message(e)};
  }
  std::unexpected<Error> syntax_failure(simdjson::error_code e) {
    return std::unexpected(syntax_error(e));
  }

  std::size_t offset_of(sj::value& v) {
    std::string_view tok = v.raw_json_token();
    return static_cast<std::size_t>(tok.data() - m_base);
  }
  core::Pos pos_of(std::size_t offset) {
    auto lc = core::json::line_col(m_text, offset);
    return {lc.line, lc.column};
  }
  std::unexpected<Error> type_failure(std::size_t offset, std::string_view field,
                                      std::string_view expected) {
    return std::unexpected(core::json::error_at(
        m_path, m_text, offset,
        "\"" + std::string(field) + "\" must be " + std::string(expected)));
  }

  // Returns the string value of `v`, or a type error naming `field`.
  Result<std::string> string_of(sj::value& v, std::string_view field) {
    auto off = offset_of(v);
    std::string_view s;
    if (auto e = v.get_string().get(s)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return type_failure(off, field, "a string");
      }
      return syntax_failure(e);
    }
    return std::string(s);
  }

  bool is_null(sj::value& v) {
    bool null = false;
    return v.is_null().get(null) == simdjson::SUCCESS && null;
  }

  // Iterates an object of string values, calling fn(key, value, key_offset).
  template <class Fn>
  Result<void> string_map(sj::value& v, std::string_view field, Fn fn) {
    auto off = offset_of(v);
    if (is_null(v)) {
      return {};
    }
    sj::object obj;
    if (auto e = v.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return type_failure(off, field, "an object");
      }
      return syntax_failure(e);
    }
    for (auto f : obj) {
      sj::raw_json_string raw;
      if (auto e = f.key().get(raw)) {
        return syntax_failure(e);
      }
      auto key_off = static_cast<std::size_t>(raw.raw() - m_base) - 1;
      std::string_view key;
      if (auto e = f.unescaped_key().get(key)) {
        return syntax_failure(e);
      }
      std::string k(key);
      sj::value val = f.value();
      auto s = string_of(val, std::string(field) + "." + k);
      if (!s) {
        return std::unexpected(s.error());
      }
      fn(k, *s, key_off);
    }
    return {};
  }

  Result<void> deps(sj::value& v, std::string_view field, core::EdgeKind kind) {
    return string_map(v, field, [&](const std::string& k, const std::string& s, std::size_t off) {
      m.dependencies.push_back({k, s, kind, pos_of(off)});
    });
  }

  Result<std::vector<std::string>> string_array(sj::value& v, std::string_view field) {
    auto off = offset_of(v);
    sj::array arr;
    if (auto e = v.get_array().get(arr)) {
      if (e == simdjson::INCORRECT_TYPE) {
        return type_failure(off, field, "an array of strings");
      }
      return syntax_failure(e);
    }
    std::vector<std::string> out;
    for (auto el : arr) {
      sj::value item;
      if (auto e = el.get(item)) {
        return syntax_failure(e);
      }
      auto s = string_of(item, field);
      if (!s) {
        return std::unexpected(s.error());
      }
      out.push_back(std::move(*s));
    }
    return out;
  }

  Result<void> dev_engine_list(sj::value& v, std::string_view field,
                               std::vector<core::DevEngine>& out) {
    auto off = offset_of(v);
    sj::json_type t;
    if (auto e = v.type().get(t)) {
      return syntax_failure(e);
    }
    auto one = [&](sj::value& item) -> Result<void> {
      auto item_off = offset_of(item);
      sj::object obj;
      if (auto e = item.get_object().get(obj)) {
        if (e == simdjson::INCORRECT_TYPE) {
          return type_failure(item_off, field, "an object or an array of objects");
        }
        return syntax_failure(e);
      }
      core::DevEngine de;
      de.pos = pos_of(item_off);
      for (auto f : obj) {
        std::string_view key;
        if (auto e = f.unescaped_key().get(key)) {
          return syntax_failure(e);
        }
        std::string k(key);
        sj::value val = f.value();
        if (k == "name" || k == "version" || k == "onFail") {
          auto s = string_of(val, std::string(field) + "." + k);
          if (!s) {
            return std::unexpected(s.error());
          }
          (k == "name" ? de.name : k == "version" ? de.version : de.on_fail) = std::move(*s);
        }
      }
      out.push_back(std::move(de));
      return {};
    };
    if (t == sj::json_type::array) {
      sj::array arr;
      if (auto e = v.get_array().get(arr)) {
        return syntax_failure(e);
      }
      for (auto el : arr) {
        sj::value item;
        if (auto e = el.get(item)) {
          return syntax_failure(e);
        }
        if (auto r = one(item); !r) {
          return r;
        }
      }
      return {};
    }
    if (t == sj::json_type::object) {
      return one(v);
    }
    return type_failure(off, field, "an object or an array of objects");
  }

  Result<void> member(const std::string& key, sj::value& v) {
    auto off = offset_of(v);
    auto assign_string = [&](std::string& dst) -> Result<void> {
      if (is_null(v)) {
        return {};
      }
      auto s = string_of(v, key);
      if (!s) {
        return std::unexpected(s.error());
      }
      dst = std::move(*s);
      return {};
    };
    if (key == "name") {
      return assign_string(m.name);
    }
    if (key == "version") {
      return assign_string(m.version);
    }
    if (key == "type") {
      return assign_string(m.type);
    }
    if (key == "packageManager") {
      m.package_manager_pos = pos_of(off);
      return assign_string(m.package_manager);
    }
    if (key == "private") {
      bool b = false;
      if (v.get_bool().get(b) == simdjson::SUCCESS) {
        m.is_private = b;
      } else {
        // npm treats a truthy non-boolean ("true") as private too.
        std::string_view s;
        if (v.get_string().get(s) == simdjson::SUCCESS) {
          m.is_private = (s == "true");
        }
      }
      return {};
    }
    if (key == "dependencies") {
      return deps(v, key, core::EdgeKind::prod);
    }
    if (key == "devDependencies") {
      return deps(v, key, core::EdgeKind::dev);
    }
    if (key == "optionalDependencies") {
      return deps(v, key, core::EdgeKind::optional);
    }
    if (key == "peerDependencies") {
      return deps(v, key, core::EdgeKind::peer);
    }
    if (key == "peerDependenciesMeta") {
      sj::object obj;
      if (auto e = v.get_object().get(obj)) {
        return e == simdjson::INCORRECT_TYPE ? type_failure(off, key, "an object")
                                             : syntax_failure(e);
      }
      for (auto f : obj) {
        std::string_view name;
        if (auto e = f.unescaped_key().get(name)) {
          return syntax_failure(e);
        }
        std::string n(name);
        sj::value meta = f.value();
        sj::object mo;
        if (meta.get_object().get(mo) != simdjson::SUCCESS) {
          continue;
        }
        bool opt = false;
        if (mo["optional"].get_bool().get(opt) == simdjson::SUCCESS) {
          m.peer_optional[n] = opt;
        }
      }
      return {};
    }
    if (key == "bundleDependencies" || key == "bundledDependencies") {
      bool b = false;
      if (v.get_bool().get(b) == simdjson::SUCCESS) {
        m.bundle_all = b;
        return {};
      }
      auto arr = string_array(v, key);
      if (!arr) {
        return std::unexpected(arr.error());
      }
      m.bundle_dependencies = std::move(*arr);
      return {};
    }
    if (key == "main" || key == "module" || key == "types" || key == "typings") {
      // Entry points; a non-string value is ignored as Node ignores it.
      std::string_view sv;
      if (v.get_string().get(sv) == simdjson::SUCCESS) {
        (key == "main" ? m.main : key == "module" ? m.module : m.types) = std::string(sv);
      }
      return {};
    }
    if (key == "exports" || key == "imports") {
      // Kept as JSON text: the source resolver reads the conditions.
      std::string& dst = key == "exports" ? m.exports_json : m.imports_json;
      sj::json_type t;
      if (auto e = v.type().get(t)) {
        return syntax_failure(e);
      }
      std::string_view raw;
      if (t == sj::json_type::object) {
        sj::object o;
        if (auto e = v.get_object().get(o)) return syntax_failure(e);
        if (auto e = o.raw_json().get(raw)) return syntax_failure(e);
      } else if (t == sj::json_type::array) {
        sj::array a;
        if (auto e = v.get_array().get(a)) return syntax_failure(e);
        if (auto e = a.raw_json().get(raw)) return syntax_failure(e);
      } else {
        raw = v.raw_json_token();
      }
      dst = std::string(raw);
      return {};
    }
    if (key == "overrides") {
      sj::object obj;
      if (auto e = v.get_object().get(obj)) {
        return e == simdjson::INCORRECT_TYPE ? type_failure(off, key, "an object")
                                             : syntax_failure(e);
      }
      std::string_view raw;
      if (auto e = obj.raw_json().get(raw)) {
        return syntax_failure(e);
      }
      m.overrides_json = std::string(raw);
      return {};
    }
    if (key == "pnpm") {
      // Only `pnpm.overrides` (they rewrite importer specifiers); the rest of
      // the object (allow-lists, patches) is read by its own readers.
      if (is_null(v)) {
        return {};
      }
      sj::object obj;
      if (auto e = v.get_object().get(obj)) {
        return e == simdjson::INCORRECT_TYPE ? type_failure(off, key, "an object")
                                             : syntax_failure(e);
      }
      for (auto f : obj) {
        std::string_view k;
        if (auto e = f.unescaped_key().get(k)) {
          return syntax_failure(e);
        }
        if (k != "overrides") {
          continue;
        }
        sj::value val = f.value();
        // Values may be objects in old pnpm versions; only strings matter here.
        if (val.type().value_unsafe() != sj::json_type::object) {
          continue;
        }
        sj::object ov;
        if (auto e = val.get_object().get(ov)) {
          return syntax_failure(e);
        }
        for (auto g : ov) {
          std::string_view name;
          if (auto e = g.unescaped_key().get(name)) {
            return syntax_failure(e);
          }
          std::string_view spec;
          sj::value gv = g.value();
          if (gv.get_string().get(spec) == simdjson::SUCCESS) {
            m.pnpm_overrides[std::string(name)] = std::string(spec);
          }
        }
      }
      return {};
    }
    if (key == "resolutions") {
      return string_map(v, key, [&](const std::string& k, const std::string& s, std::size_t) {
        m.resolutions[k] = s;
      });
    }
    if (key == "engines") {
      return string_map(v, key, [&](const std::string& k, const std::string& s, std::size_t o) {
        m.engines[k] = s;
        m.engines_pos[k] = pos_of(o);
      });
    }
    if (key == "volta") {
      // volta may hold "extends" and other non-string keys; keep strings.
      sj::object obj;
      if (auto e = v.get_object().get(obj)) {
        return e == simdjson::INCORRECT_TYPE ? type_failure(off, key, "an object")
                                             : syntax_failure(e);
      }
      for (auto f : obj) {
        sj::raw_json_string raw;
        if (auto e = f.key().get(raw)) {
          return syntax_failure(e);
        }
        auto key_off = static_cast<std::size_t>(raw.raw() - m_base) - 1;
        std::string_view k;
        if (auto e = f.unescaped_key().get(k)) {
          return syntax_failure(e);
        }
        std::string name(k);
        sj::value val = f.value();
        std::string_view s;
        if (val.get_string().get(s) == simdjson::SUCCESS) {
          m.volta[name] = std::string(s);
          m.volta_pos[name] = pos_of(key_off);
        }
      }
      return {};
    }
    if (key == "devEngines") {
      sj::object obj;
      if (auto e = v.get_object().get(obj)) {
        return e == simdjson::INCORRECT_TYPE ? type_failure(off, key, "an object")
                                             : syntax_failure(e);
      }
      for (auto f : obj) {
        std::string_view k;
        if (auto e = f.unescaped_key().get(k)) {
          return syntax_failure(e);
        }
        std::string name(k);
        sj::value val = f.value();
        if (name == "runtime") {
          if (auto r = dev_engine_list(val, "devEngines.runtime", m.dev_engines_runtime); !r) {
            return r;
          }
        } else if (name == "packageManager") {
          if (auto r = dev_engine_list(val, "devEngines.packageManager",
                                       m.dev_engines_package_manager);
              !r) {
            return r;
          }
        }
      }
      return {};
    }
    if (key == "bin") {
      // Read leniently, as Node ignores what it cannot use: a string names
      // one command after the package (known at the end), an object one per key.
      sj::json_type t;
      if (v.type().get(t) != simdjson::SUCCESS) return {};
      if (t == sj::json_type::string) {
        m_single_bin = true;
      } else if (t == sj::json_type::object) {
        sj::object obj;
        if (v.get_object().get(obj) != simdjson::SUCCESS) return {};
        for (auto f : obj) {
          std::string_view k;
          if (f.unescaped_key().get(k) == simdjson::SUCCESS) m.bins.emplace_back(k);
        }
      }
      return {};
    }
    if (key == "scripts") {
      return string_map(v, key, [&](const std::string& k, const std::string& s, std::size_t) {
        m.scripts[k] = s;
      });
    }
    if (key == "workspaces") {
      m.has_workspaces = true;
      m.workspaces_pos = pos_of(off);
      sj::json_type t;
      if (auto e = v.type().get(t)) {
        return syntax_failure(e);
      }
      if (t == sj::json_type::array) {
        auto arr = string_array(v, key);
        if (!arr) {
          return std::unexpected(arr.error());
        }
        m.workspaces = std::move(*arr);
        return {};
      }
      if (t == sj::json_type::object) {
        sj::object obj;
        if (auto e = v.get_object().get(obj)) {
          return syntax_failure(e);
        }
        for (auto f : obj) {
          std::string_view k;
          if (auto e = f.unescaped_key().get(k)) {
            return syntax_failure(e);
          }
          std::string name(k);
          sj::value val = f.value();
          if (name == "packages") {
            auto arr = string_array(val, "workspaces.packages");
            if (!arr) {
              return std::unexpected(arr.error());
            }
            m.workspaces = std::move(*arr);
          }
        }
        return {};
      }
      return type_failure(off, key, "an array of globs or an object with \"packages\"");
    }
    // Unknown or unused member: on-demand skips it (the syntax pass has
    // already validated it).
    return {};
  }

  std::string m_path;
  std::string_view m_text;
  const char* m_base = nullptr;
  core::Manifest m;
  bool m_single_bin = false;  // "bin" is a string: one command named after the package
};

}  // namespace

Result<core::Manifest> parse_package_json(std::string path, std::string_view text) {
  text = core::json::without_bom(text);
  // simdjson's on-demand API validates lazily; a full syntax pass first
  // guarantees every error (even in fields we skip) is reported with its
  // position. package.json files are small, so this costs nothing.
  if (auto se = core::json::find_syntax_error(text)) {
    return std::unexpected(core::json::error_at(path, text, se->offset, se->message));
  }
  return ManifestParser(std::move(path), text).run();
}

}  // namespace archgate::analyzers
