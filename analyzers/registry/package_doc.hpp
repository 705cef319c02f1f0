#pragma once
// The facts archgate reads from a registry package document (packument):
// versions, dist-tags.latest, publish times, and for the versions a caller
// asks about: deprecation, install scripts, gypfile, test script,
// repository, dependency count, license.
//
// Both document forms are accepted: the full one (with `time`) and the
// abbreviated install-v1 one (`modified`, `hasInstallScript`, no times).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/node_schedule.hpp"
#include "core/result.hpp"

namespace archgate::registry {

struct VersionInfo {
  std::string version;
  std::string deprecated;  // the message; empty when not deprecated
  // preinstall, install, postinstall as present, with their command text.
  std::vector<std::pair<std::string, std::string>> install_scripts;
  bool gypfile = false;                    // binding.gyp: npm runs node-gyp rebuild
  std::optional<bool> has_install_script;  // abbreviated documents' summary flag
  bool has_test_script = false;
  bool repository = false;  // a repository is declared
  int dependency_count = 0;  // dependencies + optionalDependencies
  // The declared license: the `license` string, a legacy `license: {type}`
  // object's type, or a legacy `licenses` array joined with OR; "" when none.
  std::string license;
};

struct PackageMeta {
  std::string name;
  std::string latest;  // dist-tags.latest ("" when absent)
  std::vector<std::string> versions;
  // The publish day of each published version that has one, in document
  // order (full documents only). Days, not strings: a warm run holds
  // ~150,000 of these for a 2,000-package lockfile, and scoring only ever
  // counts and compares them.
  std::vector<core::Day> publish_days;
  std::string created;   // YYYY-MM-DD or ""
  std::string modified;  // YYYY-MM-DD or ""
  bool has_times = false;
  // The versions asked for (and latest), when they exist.
  std::map<std::string, VersionInfo, std::less<>> details;

  [[nodiscard]] const VersionInfo* version(std::string_view v) const {
    auto it = details.find(v);
    return it == details.end() ? nullptr : &it->second;
  }
};

// Parses a document. `source` names it in errors (URL or cache path).
// `wanted` are the versions whose details to keep (latest always is). Fails
// on invalid JSON, a non-object, or a document without `versions`.
core::Result<PackageMeta> parse_package_doc(std::string_view json, std::string_view source,
                                            const std::vector<std::string>& wanted);

// The facts archgate keeps of a document beside it in the cache (a few KB
// where documents run to MB): the parsed PackageMeta, the versions it was
// parsed for (`asked`) and the document's validators. A warm run reads these
// instead of the documents.
std::string facts_text(const PackageMeta& meta, const std::vector<std::string>& asked, std::string_view etag,
                       std::string_view last_modified);
// The facts in `text` when they were made from the document with these
// validators and asked about every version in `wanted`; nullopt otherwise
// (the caller parses the document again). Spare capacity of `text` beyond
// simdjson's padding spares a copy.
std::optional<PackageMeta> read_facts(const std::string& text, const std::vector<std::string>& wanted,
                                      std::string_view etag, std::string_view last_modified);

}  // namespace archgate::registry
