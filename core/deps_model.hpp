#pragma once
// The result model of the dependency analysis: plain data that
// analyzers/deps/ fills (scoring.hpp, advisories.hpp, license.hpp,
// replacements.hpp, script_policy.hpp compute it) and that rules/ and
// reports/ read. It lives in core/ so that reports see only core/; the
// analyzers' headers re-declare these names in archgate::deps.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/boxed.hpp"
#include "core/result.hpp"

namespace archgate::core::deps {

// How the nearest fixed version relates to the locked one.
enum class FixKind : std::uint8_t {
  unknown,     // no registry metadata (or an unparsable locked version): cannot say
  same_major,  // a fixed version exists in the locked major
  new_major,   // only a newer major is outside the vulnerable range(s)
  none,        // every published version above the locked one is affected
};

struct FixedVersion {
  FixKind kind = FixKind::unknown;
  std::string version;  // set for same_major / new_major
};

struct AdvisoryFact {
  std::string id;        // npm's id
  std::string ghsa;      // "GHSA-…" from the URL, else npm's id
  std::string url;
  std::string title;
  std::string severity;  // critical, high, moderate, low, info
  std::string vulnerable_versions;
  std::vector<std::string> cwe;
  std::optional<double> cvss_score;
  std::string cvss_vector;
  bool affected = false;      // the locked version satisfies vulnerable_versions
  bool range_valid = true;    // vulnerable_versions parsed (if not: counted as affected)
  FixedVersion fixed;         // nearest version outside this advisory's range
};

struct AdvisoryFacts {
  bool known = false;  // the registry answered (from the network or the cache) for this name
  std::vector<AdvisoryFact> list;  // affected first, then by severity, then id
  FixedVersion fixes_all;          // nearest version outside every affecting advisory
  [[nodiscard]] int affected_count() const {
    int n = 0;
    for (const auto& a : list) {
      n += a.affected ? 1 : 0;
    }
    return n;
  }
};

// Report-wide: were advisories looked up, and how complete is the answer.
struct AdvisorySummary {
  // "" = not looked up (e.g. --no-advisories), else complete / missing /
  // unavailable / failed (registry::AdvisoryStatus).
  std::string status;
  std::string problem;               // one line for people; "" when complete
  std::vector<std::string> missing;  // registry names whose advisories are unknown
};

struct LicenseFacts {
  bool known = false;      // recorded by the lockfile, or registry metadata was read
  std::string expression;  // as recorded; "" with known = none declared
  std::string source;      // "lockfile" or "registry"; "" when unknown
};

enum class ReplacementKind : std::uint8_t {
  native,         // native.json: a JavaScript/Node.js built-in replaces it
  micro_utility,  // micro-utilities.json: a one-line snippet replaces it
  preferred       // preferred.json, kept only where the alternative is a Node.js built-in
};

std::string_view to_string(ReplacementKind kind);  // "native", "micro-utility", "preferred"

struct ReplacementOption {
  std::string id;           // "String.prototype.padStart", "snippet::is-number", "es6-shim"
  std::string node_min;     // Node.js minVersion ("8.0.0"); "" for removals and snippets
  std::string url;          // documentation (MDN, nodejs.org); may be ""
  std::string description;  // may be ""
  bool removal = false;     // nothing replaces it: the package is no longer needed
};

struct Replacement {
  std::string package;
  ReplacementKind kind = ReplacementKind::native;
  std::vector<ReplacementOption> options;  // upstream order
  std::string docs;  // the e18e guide for the package; may be ""
};

struct PolicyEntry {
  std::string name;     // the package (last segment of a LavaMoat `a>b` path)
  std::string range;    // version or range the entry is limited to; "" = every version
  std::string key;      // as written: "esbuild", "a>b", "sharp@0.33.5"
  bool allowed = true;  // false: an explicit deny
  std::string tool;     // "pnpm onlyBuiltDependencies", "bun trustedDependencies", ...
  // The installer that reads it: npm, pnpm, yarn (berry), bun; "*" for any
  // (LavaMoat); "npm-global" for .npmrc allow-scripts.
  std::string manager;
  std::string file;  // project-relative
  int line = 0;      // 1-based
  int column = 0;
};

enum class SwitchKind : std::uint8_t {
  none_run,     // nothing runs (ignore-scripts); LavaMoat entries still decide
  default_off,  // unlisted packages do not run (yarn enableScripts: false)
  all_run,      // everything runs (pnpm dangerouslyAllowAllBuilds)
};

struct PolicySwitch {
  SwitchKind kind = SwitchKind::none_run;
  std::string setting;                // "ignore-scripts=true", "enableScripts: false"
  std::vector<std::string> managers;  // the installers that read it
  std::string file;
  int line = 0;
  int column = 0;
};

struct ScriptPolicy {
  std::vector<PolicyEntry> entries;  // by file (order above), then in file order
  std::vector<PolicySwitch> switches;
  // Settings of the wrong type (their entries are skipped) and config files
  // that do not parse. package.json and pnpm-workspace.yaml syntax errors are
  // not repeated here: the project loader reports them.
  std::vector<core::Error> errors;
};

enum class Verdict : std::uint8_t { allowed, denied, disabled, unlisted };
std::string_view to_string(Verdict v);

// How the manager that installs the project treats one package's install
// scripts: decide_scripts() (analyzers/deps/script_policy.hpp) as plain
// text, for the reports. Set for packages whose install runs code.
struct ScriptVerdict {
  Verdict verdict = Verdict::unlisted;
  enum class By : std::uint8_t { none, entry, setting } by = By::none;  // what decided
  std::string tool;  // the deciding entry's tool, or the switch's setting
  std::string key;   // the deciding entry as written ("" for a switch)
  std::string file;
  int line = 0;
  // "allowed by pnpm onlyBuiltDependencies at pnpm-workspace.yaml:4", ...
  std::string text;
  // What the manager does with it: "npm 11 runs it; npm 12 skips it", ...
  std::string effect;
};

// "pnpm-workspace.yaml:4" (file alone when the line is unknown).
std::string where_text(const std::string& file, int line);

struct MaintenanceFacts {
  bool known = false;
  std::string latest;
  std::string last_publish;  // YYYY-MM-DD of the newest publish of any version
  int days_since_publish = -1;
  int releases_30 = 0;
  int releases_180 = 0;
  int releases_365 = 0;
  int releases_730 = 0;
  std::string deprecated;         // the locked version's deprecation message
  bool latest_deprecated = false;  // the whole package is deprecated
  int majors_behind = 0;
  bool repository = false;
  bool finished = false;
  std::string label;  // healthy / sustainable / inactive ("" when unknown)
};

struct InstallScriptFacts {
  bool known = false;
  std::vector<std::pair<std::string, std::string>> scripts;  // preinstall/install/postinstall
  bool gypfile = false;
  std::optional<bool> lockfile_flag;  // hasInstallScript as the lockfile records it
  [[nodiscard]] bool runs_code() const {
    return !scripts.empty() || gypfile || lockfile_flag.value_or(false);
  }
};

struct WeightFacts {
  int total = 0;      // distinct name@version in the subtree, itself included
  int exclusive = 0;  // of those, reached from no other direct dependency
  int depth = 0;      // levels in the subtree (1 = no dependencies)
};

struct Scores {
  int maintenance = -1;
  int install_scripts = -1;
  int weight = -1;
  int overall = -1;
};

struct PackageReport {
  std::string name;
  std::string version;
  bool direct = false;
  bool dev = false;
  bool registry = true;        // comes from a registry (metadata applies)
  std::uint32_t offset = 0;    // lockfile byte offset of its first instance
  // Facts only registry metadata gives, out of line (core/boxed.hpp): read
  // as `p.maintenance->latest`, written through `p.maintenance.mut()`.
  Boxed<MaintenanceFacts> maintenance;
  InstallScriptFacts install;
  std::optional<WeightFacts> weight;  // direct dependencies only
  Scores scores;
  std::string limited_by;  // "name@version (maintenance 12)" when the subtree caps overall
  std::vector<std::string> explanation;  // how each score was reached
  Boxed<AdvisoryFacts> advisories;  // filled by apply_advisories() (analyzers/deps/advisories.hpp)
  LicenseFacts license;             // lockfile, else registry metadata (analyzers/deps/license.hpp)
  const Replacement* replacement = nullptr;  // e18e module-replacements entry, if any (the table lives for the process)
};

struct DepsReport {
  std::string today;
  bool explain = true;  // explanations were built (DepsSettings::explain)
  std::vector<PackageReport> packages;  // sorted: direct first, then by name, version
  // Each node of the graph the report was made from: the index of its
  // package in `packages`, or k_not_a_package (importers, links). Empty for
  // a report made otherwise.
  static constexpr std::uint32_t k_not_a_package = UINT32_MAX;
  std::vector<std::uint32_t> package_of_node;
  std::vector<std::string> missing_metadata;  // registry names without metadata
  AdvisorySummary advisories;  // status of the advisory lookup ("" = not looked up)
  [[nodiscard]] const PackageReport* find(std::string_view name) const;
};

}  // namespace archgate::core::deps
