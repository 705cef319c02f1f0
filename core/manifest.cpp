#include "core/manifest.hpp"

namespace archgate::core {

std::vector<const DeclaredDep*> Manifest::of_kind(EdgeKind kind) const {
  std::vector<const DeclaredDep*> out;
  for (const auto& d : dependencies) {
    if (d.kind == kind) {
      out.push_back(&d);
    }
  }
  return out;
}

const DeclaredDep* Manifest::find(std::string_view dep_name, EdgeKind kind) const {
  for (const auto& d : dependencies) {
    if (d.kind == kind && d.name == dep_name) {
      return &d;
    }
  }
  return nullptr;
}

}  // namespace archgate::core
