#include "analyzers/lockfiles/yarn_extensions.hpp"

#include <nlohmann/json.hpp>

#include "analyzers/lockfiles/yarn_syml.hpp"
#include "core/embedded.hpp"
#include "core/graph.hpp"

namespace archgate::analyzers::yarn {

namespace semver = core::semver;

namespace {

// "name@range" -> name, range ("*" when there is no range).
void split_selector(std::string_view selector, std::string& name, std::string& range) {
  std::string_view n;
  std::string_view r;
  if (split_descriptor(selector, n, r)) {
    name = n;
    range = r;
    if (range.starts_with("npm:")) {
      range.erase(0, 4);
    }
  } else {
    name = selector;
    range = "*";
  }
}

PackageExtension make_extension(std::string_view selector, std::string& name) {
  PackageExtension ext;
  ext.selector = selector;
  split_selector(selector, name, ext.range);
  ext.parsed = semver::Range::parse(ext.range, semver::Options{false, true});
  return ext;
}

}  // namespace

void PackageExtensions::add(std::string name, PackageExtension ext) {
  m_by_name[std::move(name)].push_back(std::move(ext));
}

bool PackageExtensions::matches(const PackageExtension& ext, std::string_view version) {
  if (!ext.parsed || version.empty()) {
    return false;
  }
  auto v = semver::parse_version(version);
  if (!v) {
    return false;
  }
  if (ext.parsed->satisfies(*v)) {
    return true;
  }
  // yarn's satisfiesWithPrereleases: retry with every prerelease dropped.
  if (v->prerelease.empty()) {
    return false;
  }
  v->prerelease.clear();
  for (const auto& set : ext.parsed->comparator_sets()) {
    bool all = true;
    for (auto c : set) {
      c.version.prerelease.clear();
      if (!c.any && !c.test(*v)) {
        all = false;
        break;
      }
    }
    if (all) {
      return true;
    }
  }
  return false;
}

const PackageExtensions& builtin_package_extensions() {
  static const PackageExtensions k_builtin = [] {
    PackageExtensions out;
    auto text = core::embedded_file("yarn-package-extensions.json");
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("packageExtensions") || !j["packageExtensions"].is_array()) {
      return out;
    }
    for (const auto& e : j["packageExtensions"]) {
      if (!e.is_object() || !e.contains("selector") || !e["selector"].is_string()) {
        continue;
      }
      std::string name;
      auto ext = make_extension(e["selector"].get<std::string>(), name);
      for (const auto* field : {"dependencies", "peerDependencies"}) {
        if (!e.contains(field) || !e[field].is_object()) {
          continue;
        }
        auto& list = std::string_view(field) == "dependencies" ? ext.dependencies
                                                               : ext.peer_dependencies;
        for (const auto& [k, v] : e[field].items()) {
          if (v.is_string()) {
            list.emplace_back(k, v.get<std::string>());
          }
        }
      }
      out.add(std::move(name), std::move(ext));
    }
    return out;
  }();
  return k_builtin;
}

core::Result<YarnRc> parse_yarnrc(const std::string& path, std::string_view text) {
  YarnRc rc;
  // Find the top-level blocks we read; scan each with the syml scanner.
  std::size_t pos = 0;
  int line_no = 0;
  struct Block {
    std::string_view key;
    std::size_t begin;
    int first_line;
  };
  std::vector<std::pair<Block, std::size_t>> blocks;  // block, end offset
  std::optional<Block> open;
  auto close = [&](std::size_t end) {
    if (open) {
      blocks.emplace_back(*open, end);
      open.reset();
    }
  };
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    auto end = nl == std::string_view::npos ? text.size() : nl;
    auto line = text.substr(pos, end - pos);
    ++line_no;
    if (!line.empty() && line[0] != ' ' && line[0] != '\t' && line[0] != '#' && line[0] != '\r' &&
        line[0] != '-') {
      close(pos);
      for (std::string_view k : {"catalog:", "catalogs:", "packageExtensions:"}) {
        if (line.starts_with(k)) {
          auto rest = line.substr(k.size());
          auto first = rest.find_first_not_of(" \r");
          if (first == std::string_view::npos || rest[first] == '#') {
            open = Block{k.substr(0, k.size() - 1), pos, line_no};
          }
        }
      }
    }
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  close(text.size());

  core::StringArena arena;
  for (const auto& [block, end] : blocks) {
    auto body = text.substr(block.begin, end - block.begin);
    Scanner sc(body, Dialect::berry, arena);
    Line l;
    std::string l1;  // catalogs: catalog name; packageExtensions: selector
    std::string l2;  // packageExtensions: field
    PackageExtension* ext = nullptr;
    std::string ext_name;
    while (sc.next(l)) {
      auto k = std::string(l.key);
      if (l.depth == 0) {
        continue;
      }
      if (block.key == "catalog") {
        if (l.depth == 1 && l.has_value) {
          rc.catalogs[""][k] = std::string(l.value);
        }
      } else if (block.key == "catalogs") {
        if (l.depth == 1) {
          l1 = k;
        } else if (l.depth == 2 && l.has_value) {
          rc.catalogs[l1][k] = std::string(l.value);
        }
      } else {
        if (l.depth == 1) {
          std::string name;
          auto e = make_extension(k, name);
          rc.package_extensions.emplace_back(std::move(name), std::move(e));
          ext = &rc.package_extensions.back().second;
        } else if (l.depth == 2) {
          l2 = k;
        } else if (l.depth == 3 && l.has_value && ext) {
          if (l2 == "dependencies") {
            ext->dependencies.emplace_back(k, std::string(l.value));
          } else if (l2 == "peerDependencies") {
            ext->peer_dependencies.emplace_back(k, std::string(l.value));
          }
        }
      }
    }
    if (sc.error()) {
      const auto& e = *sc.error();
      return core::fail(path, e.message + " (in the `" + std::string(block.key) + "` setting)",
                        e.line + block.first_line - 1, e.column);
    }
  }
  return rc;
}

}  // namespace archgate::analyzers::yarn
