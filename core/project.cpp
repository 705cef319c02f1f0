#include "core/project.hpp"

namespace archgate::core {

const CatalogEntry* Project::catalog_entry(std::string_view package, std::string_view spec) const {
  if (!spec.starts_with("catalog:")) {
    return nullptr;
  }
  auto name = spec.substr(8);
  if (name.empty()) {
    name = "default";
  }
  auto cat = catalogs.find(name);
  if (cat == catalogs.end()) {
    return nullptr;
  }
  auto it = cat->second.find(package);
  return it == cat->second.end() ? nullptr : &it->second;
}

const Manifest* Project::manifest_at(std::string_view dir) const {
  if (dir.empty()) {
    return root ? &*root : nullptr;
  }
  for (const auto& w : workspaces) {
    if (w.dir == dir) {
      return &w;
    }
  }
  return nullptr;
}

}  // namespace archgate::core
