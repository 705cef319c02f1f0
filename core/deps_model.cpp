#include "core/deps_model.hpp"

#include <fmt/format.h>

namespace archgate::core::deps {

std::string_view to_string(ReplacementKind kind) {
  switch (kind) {
    case ReplacementKind::native:
      return "native";
    case ReplacementKind::micro_utility:
      return "micro-utility";
    case ReplacementKind::preferred:
      return "preferred";
  }
  return "native";
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::allowed:
      return "allowed";
    case Verdict::denied:
      return "denied";
    case Verdict::disabled:
      return "disabled";
    case Verdict::unlisted:
      return "unlisted";
  }
  return "unlisted";
}

std::string where_text(const std::string& file, int line) {
  return line > 0 ? fmt::format("{}:{}", file, line) : file;
}

const PackageReport* DepsReport::find(std::string_view name) const {
  // name or name@version
  for (const auto& p : packages) {
    if (p.name == name || (name.size() == p.name.size() + 1 + p.version.size() &&
                           name.starts_with(p.name) && name[p.name.size()] == '@' &&
                           name.ends_with(p.version))) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace archgate::core::deps
