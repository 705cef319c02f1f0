#include "core/runtime_model.hpp"

#include <cctype>

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
    case PinRole::dev:
      return "dev";
  }
  return "runtime";
}

bool dev_environment_file(std::string_view path) {
  std::size_t start = 0;
  while (true) {
    auto slash = path.find('/', start);
    if (slash == std::string_view::npos) break;
    auto seg = path.substr(start, slash - start);
    for (std::string_view dir : {".devcontainer", ".codesandbox", ".gitpod", ".github", "test", "tests", "e2e", "examples", "example", "dev"}) {
      if (seg == dir) return true;
    }
    start = slash + 1;
  }
  std::string base(path.substr(start));
  for (auto& c : base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::size_t from = 0;
  while (from <= base.size()) {
    auto end = base.find_first_of(".-_", from);
    if (end == std::string::npos) end = base.size();
    auto word = std::string_view(base).substr(from, end - from);
    for (std::string_view dev : {"dev", "development", "test", "tests", "testing", "integration", "e2e", "local", "debug",
                                 "devcontainer", "ci"}) {
      if (word == dev) return true;
    }
    from = end + 1;
  }
  return false;
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
