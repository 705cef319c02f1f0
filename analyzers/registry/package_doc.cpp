#include "analyzers/registry/package_doc.hpp"

#include <simdjson.h>

#include <algorithm>

namespace archgate::registry {

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
  simdjson::dom::object time;
  if (!obj["time"].get_object().get(time)) {
    meta.has_times = true;
    for (auto [k, v] : time) {
      std::string_view s;
      if (v.get_string().get(s)) {
        continue;
      }
      if (k == "created") {
        meta.created = date_of(s);
      } else if (k == "modified") {
        meta.modified = date_of(s);
      } else if (auto d = date_of(s); !d.empty()) {
        meta.publish_dates.emplace(std::string(k), std::move(d));
      }
    }
  } else {
    meta.modified = date_of(str_or(root, "modified"));
  }
  for (auto [k, v] : versions) {
    meta.versions.emplace_back(k);
    bool want = k == meta.latest || std::find(wanted.begin(), wanted.end(), k) != wanted.end();
    simdjson::dom::object vo;
    if (want && !v.get_object().get(vo)) {
      meta.details.emplace(std::string(k), read_version(k, vo));
    }
  }
  // Versions that were unpublished keep no time entry worth counting.
  std::erase_if(meta.publish_dates, [&](const auto& kv) {
    return std::find(meta.versions.begin(), meta.versions.end(), kv.first) == meta.versions.end();
  });
  return meta;
}

}  // namespace archgate::registry
