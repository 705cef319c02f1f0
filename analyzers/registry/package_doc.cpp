#include "analyzers/registry/package_doc.hpp"

#include <simdjson.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

namespace archgate::registry {

// The facts file's shape; a file of another shape is ignored (3: publish
// days instead of [version, date] pairs).
constexpr std::int64_t k_facts_version = 3;

namespace {

std::string date_of(std::string_view iso) {
  // "2018-07-04T15:08:58.238Z" and the mirror's "2024-02-27T16:27:13.411000+00:00"
  if (iso.size() >= 10 && iso[4] == '-' && iso[7] == '-') {
    return std::string(iso.substr(0, 10));
  }
  return {};
}

std::string_view str_or(simdjson::dom::element e, std::string_view key) {
  std::string_view out;
  if (e[key].get_string().get(out)) {
    return {};
  }
  return out;
}

// `license` as a string, a legacy {type, url} object, or (legacy) an array of
// those; else the legacy `licenses` array. Several entries were alternatives
// ("dual licensed"), so they are joined with OR.
std::string license_of(simdjson::dom::object v) {
  auto one = [](simdjson::dom::element e) -> std::string {
    std::string_view s;
    if (!e.get_string().get(s) || (e.is_object() && !e["type"].get_string().get(s))) {
      return std::string(s);
    }
    return {};
  };
  auto list = [&](simdjson::dom::array a) {
    std::vector<std::string> parts;
    for (auto e : a) {
      if (auto s = one(e); !s.empty()) {
        parts.push_back(std::move(s));
      }
    }
    if (parts.size() == 1) {
      return parts.front();
    }
    std::string out;
    for (const auto& p : parts) {
      out += (out.empty() ? "(" : " OR (") + p + ")";
    }
    return out;
  };
  simdjson::dom::element lic;
  if (!v["license"].get(lic)) {
    simdjson::dom::array a;
    if (!lic.get_array().get(a)) {
      return list(a);
    }
    if (auto s = one(lic); !s.empty()) {
      return s;
    }
  }
  simdjson::dom::array legacy;
  if (!v["licenses"].get_array().get(legacy)) {
    return list(legacy);
  }
  return {};
}

VersionInfo read_version(std::string_view version, simdjson::dom::object v) {
  VersionInfo info;
  info.version = std::string(version);
  simdjson::dom::element dep;
  if (!v["deprecated"].get(dep)) {
    std::string_view msg;
    if (!dep.get_string().get(msg)) {
      info.deprecated = std::string(msg.empty() ? "deprecated" : msg);
    } else if (bool b = false; !dep.get_bool().get(b) && b) {
      info.deprecated = "deprecated";
    }
  }
  simdjson::dom::object scripts;
  if (!v["scripts"].get_object().get(scripts)) {
    for (std::string_view key : {"preinstall", "install", "postinstall"}) {
      std::string_view cmd;
      if (!scripts[key].get_string().get(cmd)) {
        info.install_scripts.emplace_back(std::string(key), std::string(cmd));
      }
    }
    std::string_view test;
    info.has_test_script = !scripts["test"].get_string().get(test) &&
                           test.find("no test specified") == std::string_view::npos;
  }
  bool b = false;
  info.gypfile = !v["gypfile"].get_bool().get(b) && b;
  if (!v["hasInstallScript"].get_bool().get(b)) {
    info.has_install_script = b;
  }
  simdjson::dom::element repo;
  if (!v["repository"].get(repo)) {
    std::string_view s;
    if (!repo.get_string().get(s)) {
      info.repository = !s.empty();
    } else if (repo.is_object()) {
      info.repository = !str_or(repo, "url").empty();
    }
  }
  for (std::string_view key : {"dependencies", "optionalDependencies"}) {
    simdjson::dom::object deps;
    if (!v[key].get_object().get(deps)) {
      info.dependency_count += static_cast<int>(deps.size());
    }
  }
  info.license = license_of(v);
  return info;
}

}  // namespace

core::Result<PackageMeta> parse_package_doc(std::string_view json, std::string_view source,
                                            const std::vector<std::string>& wanted) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root)) {
    return core::fail(std::string(source), std::string("invalid package document JSON: ") +
                                               simdjson::error_message(err));
  }
  simdjson::dom::object obj;
  if (root.get_object().get(obj)) {
    return core::fail(std::string(source), "expected a JSON object (a package document)");
  }
  PackageMeta meta;
  meta.name = std::string(str_or(root, "name"));
  simdjson::dom::object versions;
  if (obj["versions"].get_object().get(versions)) {
    return core::fail(std::string(source), "package document has no \"versions\" object");
  }
  simdjson::dom::object tags;
  if (!obj["dist-tags"].get_object().get(tags)) {
    std::string_view latest;
    if (!tags["latest"].get_string().get(latest)) {
      meta.latest = std::string(latest);
    }
  }
  meta.versions.reserve(versions.size());
  for (auto [k, v] : versions) {
    meta.versions.emplace_back(k);
    bool want = k == meta.latest || std::find(wanted.begin(), wanted.end(), k) != wanted.end();
    simdjson::dom::object vo;
    if (want && !v.get_object().get(vo)) {
      meta.details.emplace(std::string(k), read_version(k, vo));
    }
  }
  simdjson::dom::object time;
  if (!obj["time"].get_object().get(time)) {
    meta.has_times = true;
    // Versions that were unpublished keep no time entry worth counting.
    std::unordered_set<std::string_view> published(meta.versions.begin(), meta.versions.end());
    for (auto [k, v] : time) {
      std::string_view s;
      if (v.get_string().get(s)) {
        continue;
      }
      if (k == "created") {
        meta.created = date_of(s);
      } else if (k == "modified") {
        meta.modified = date_of(s);
      } else if (auto d = core::parse_day(date_of(s)); d && published.count(k)) {
        meta.publish_days.push_back(*d);
      }
    }
  } else {
    meta.modified = date_of(str_or(root, "modified"));
  }
  return meta;
}

// The facts file: the PackageMeta parse_package_doc made, the versions it
// was asked about, and the validators of the document it came from.
// Publish days are counted from 1970-01-01. A warm run of a 2,000-package
// lockfile reads ~3 MB of these.
std::string facts_text(const PackageMeta& m, const std::vector<std::string>& asked, std::string_view etag,
                       std::string_view last_modified) {
  nlohmann::json j;
  j["factsVersion"] = k_facts_version;
  j["etag"] = etag;
  j["lastModified"] = last_modified;
  j["asked"] = asked;
  j["name"] = m.name;
  j["latest"] = m.latest;
  j["versions"] = m.versions;
  auto days = nlohmann::json::array();
  for (auto d : m.publish_days) days.push_back(d.time_since_epoch().count());
  j["publishDays"] = std::move(days);
  j["created"] = m.created;
  j["modified"] = m.modified;
  j["hasTimes"] = m.has_times;
  auto details = nlohmann::json::object();
  for (const auto& [v, d] : m.details) {
    auto scripts = nlohmann::json::array();
    for (const auto& [stage, cmd] : d.install_scripts) scripts.push_back(nlohmann::json::array({stage, cmd}));
    nlohmann::json dj{{"deprecated", d.deprecated},
                      {"installScripts", std::move(scripts)},
                      {"gypfile", d.gypfile},
                      {"hasTestScript", d.has_test_script},
                      {"repository", d.repository},
                      {"dependencyCount", d.dependency_count},
                      {"license", d.license}};
    if (d.has_install_script) dj["hasInstallScript"] = *d.has_install_script;
    details[v] = std::move(dj);
  }
  j["details"] = std::move(details);
  return j.dump();
}

std::optional<PackageMeta> read_facts(const std::string& text, const std::vector<std::string>& wanted,
                                      std::string_view etag, std::string_view last_modified) {
  // simdjson: a warm run reads one of these per package. The string's spare
  // capacity is simdjson's padding when it has enough (the reader leaves it);
  // otherwise the text is copied once.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (text.capacity() - text.size() >= simdjson::SIMDJSON_PADDING) {
    if (parser.parse(text.data(), text.size(), false).get(root)) return std::nullopt;
  } else if (parser.parse(simdjson::padded_string(text)).get(root)) {
    return std::nullopt;
  }
  auto str = [](simdjson::dom::element e, std::string_view key, std::string& out) {
    std::string_view s;
    if (e[key].get_string().get(s)) return false;
    out.assign(s);
    return true;
  };
  auto flag = [](simdjson::dom::element e, std::string_view key, bool& out) { return !e[key].get_bool().get(out); };
  std::int64_t version = 0;
  if (root["factsVersion"].get_int64().get(version) || version != k_facts_version) return std::nullopt;
  std::string_view e, lm;
  if (root["etag"].get_string().get(e) || root["lastModified"].get_string().get(lm) || e != etag ||
      lm != last_modified) {
    return std::nullopt;  // made from another version of the document, or another shape
  }
  simdjson::dom::array asked;
  if (root["asked"].get_array().get(asked)) return std::nullopt;
  for (const auto& v : wanted) {
    bool have = false;
    for (auto a : asked) {
      std::string_view s;
      if (a.get_string().get(s)) return std::nullopt;
      if (s == v) {
        have = true;
        break;
      }
    }
    if (!have) return std::nullopt;  // a version it was not asked about
  }
  PackageMeta m;
  simdjson::dom::array versions, days;
  simdjson::dom::object details;
  if (!str(root, "name", m.name) || !str(root, "latest", m.latest) || !str(root, "created", m.created) ||
      !str(root, "modified", m.modified) || !flag(root, "hasTimes", m.has_times) ||
      root["versions"].get_array().get(versions) || root["publishDays"].get_array().get(days) ||
      root["details"].get_object().get(details)) {
    return std::nullopt;
  }
  m.versions.reserve(versions.size());
  for (auto v : versions) {
    std::string_view s;
    if (v.get_string().get(s)) return std::nullopt;
    m.versions.emplace_back(s);
  }
  m.publish_days.reserve(days.size());
  for (auto d : days) {
    std::int64_t n = 0;
    if (d.get_int64().get(n)) return std::nullopt;
    m.publish_days.emplace_back(core::Day(std::chrono::days(n)));
  }
  for (auto [v, dj] : details) {
    VersionInfo d;
    d.version = std::string(v);
    std::int64_t deps = 0;
    simdjson::dom::array scripts;
    if (!str(dj, "deprecated", d.deprecated) || !str(dj, "license", d.license) || !flag(dj, "gypfile", d.gypfile) ||
        !flag(dj, "hasTestScript", d.has_test_script) || !flag(dj, "repository", d.repository) ||
        dj["dependencyCount"].get_int64().get(deps) || dj["installScripts"].get_array().get(scripts)) {
      return std::nullopt;
    }
    d.dependency_count = static_cast<int>(deps);
    for (auto sc : scripts) {
      std::string_view stage, cmd;
      if (sc.at(0).get_string().get(stage) || sc.at(1).get_string().get(cmd)) return std::nullopt;
      d.install_scripts.emplace_back(stage, cmd);
    }
    bool his = false;
    if (flag(dj, "hasInstallScript", his)) d.has_install_script = his;
    m.details.emplace(std::string(v), std::move(d));
  }
  return m;
}

}  // namespace archgate::registry
