#pragma once
// Advisory facts of one locked package (name@version), kept in
// PackageReport::advisories, and the report-wide advisory status. Plain data
// with no dependencies so that scoring.hpp can hold it; computed by
// apply_advisories() in analyzers/deps/advisories.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace archgate::deps {

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

}  // namespace archgate::deps
