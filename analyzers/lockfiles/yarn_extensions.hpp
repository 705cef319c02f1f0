#pragma once
// What yarn berry adds to the lockfile's dependency lists when it installs:
// package extensions (yarn's built-in list from @yarnpkg/extensions, embedded
// as data/yarn-package-extensions.json, plus the project's .yarnrc.yml
// `packageExtensions`) and the `catalog:` ranges of .yarnrc.yml.
//
// Why the reader needs them: a berry lockfile entry keeps the package's own
// dependency list; dependencies that an extension adds (e.g. @types/node to
// pdfkit) are installed, and their descriptors are in the lockfile, but no
// entry lists them. Without following them, packages only reachable that way
// look unused, and dev/optional flags come out wrong.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/semver.hpp"

namespace archgate::analyzers::yarn {

struct PackageExtension {
  std::string selector;  // "name@range" as written
  std::string range;     // the semver range part ("*" when absent)
  std::optional<core::semver::Range> parsed;  // with include_prerelease
  std::vector<std::pair<std::string, std::string>> dependencies;       // name, range
  std::vector<std::pair<std::string, std::string>> peer_dependencies;  // name, range
};

// Extensions indexed by package name.
class PackageExtensions {
 public:
  void add(std::string name, PackageExtension ext);
  [[nodiscard]] bool empty() const { return m_by_name.empty(); }
  // Calls f(const PackageExtension&) for each extension of `name` whose range
  // `version` satisfies the way yarn checks it (semverUtils
  // .satisfiesWithPrereleases: prereleases included, and a prerelease also
  // matches when its release would). Non-semver versions match nothing.
  template <class F>
  void for_each_match(std::string_view name, std::string_view version, F&& f) const {
    auto it = m_by_name.find(name);
    if (it == m_by_name.end()) {
      return;
    }
    for (const auto& ext : it->second) {
      if (matches(ext, version)) {
        f(ext);
      }
    }
  }
  static bool matches(const PackageExtension& ext, std::string_view version);

 private:
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  // Heterogeneous lookup: no std::string per package looked up.
  std::unordered_map<std::string, std::vector<PackageExtension>, NameHash, std::equal_to<>>
      m_by_name;
};

// yarn's built-in extension list (data/yarn-package-extensions.json), parsed
// once. Empty when the embedded file is missing or malformed (a build bug,
// caught by the unit tests).
const PackageExtensions& builtin_package_extensions();

// What the yarn readers use from .yarnrc.yml.
struct YarnRc {
  // catalog name ("" for `catalog:`) -> package name -> range
  std::unordered_map<std::string, std::unordered_map<std::string, std::string>> catalogs;
  std::vector<std::pair<std::string, PackageExtension>> package_extensions;  // name, extension
};

// Reads `catalog`, `catalogs` and `packageExtensions` from a .yarnrc.yml and
// ignores every other setting. Fails with .yarnrc.yml:line:col when one of
// those blocks is not the simple mapping yarn documents.
core::Result<YarnRc> parse_yarnrc(const std::string& path, std::string_view text);

}  // namespace archgate::analyzers::yarn
