#include "core/project.hpp"

namespace archgate::core {

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
