#include "rules/source_paths.hpp"

#include <string>

namespace archgate::rules {

// Test, story, fixture and mock files, build/test configuration, scripts and
// examples: findings that only they have are notes (dev-only paths never
// inflate severity).
bool dev_only_path(std::string_view path) {
  for (std::string_view marker : {"/__tests__/", "/__mocks__/", "/test/", "/tests/", "/e2e/", "/fixtures/",
                                  "/__fixtures__/", "/spec/", "/stories/"}) {
    if (("/" + std::string(path)).find(marker) != std::string::npos) return true;
  }
  for (std::string_view marker : {".test.", ".spec.", ".stories.", ".e2e.", ".bench."}) {
    if (path.find(marker) != std::string_view::npos) return true;
  }
  // Tooling: build and test configuration, scripts, examples, docs sites.
  for (std::string_view marker : {"/scripts/", "/examples/", "/docs/", "/tools/"}) {
    if (("/" + std::string(path)).find(marker) != std::string::npos) return true;
  }
  auto base = path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1);
  return base.find(".config.") != std::string_view::npos || base.find(".setup.") != std::string_view::npos ||
         base.starts_with("setupTests") || base.starts_with("setup-tests");
}

}  // namespace archgate::rules
