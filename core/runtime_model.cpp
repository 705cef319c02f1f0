#include "core/runtime_model.hpp"

namespace archgate::core::runtime {

std::string_view to_string(PinRole role) {
  switch (role) {
    case PinRole::runtime:
      return "runtime";
    case PinRole::build:
      return "build";
    case PinRole::ci:
      return "ci";
    case PinRole::constraint:
      return "constraint";
    case PinRole::types:
      return "types";
  }
  return "runtime";
}

std::string_view to_string(SpecKind kind) {
  switch (kind) {
    case SpecKind::exact:
      return "exact";
    case SpecKind::line:
      return "line";
    case SpecKind::codename:
      return "codename";
    case SpecKind::alias:
      return "alias";
    case SpecKind::range:
      return "range";
    case SpecKind::untagged:
      return "untagged";
    case SpecKind::digest:
      return "digest";
    case SpecKind::unknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace archgate::core::runtime
