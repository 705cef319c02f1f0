#pragma once
// The advisory parts of `archgate deps` output (reports/deps_report.cpp
// calls these): facts.advisories[] and the top-level "advisories" status in
// JSON, the "Known vulnerabilities" section and the --explain lines in text.
#include <ostream>

#include <nlohmann/json.hpp>

#include "analyzers/deps/scoring.hpp"

namespace archgate::reports {

// null when the package's advisories are unknown (not looked up, offline
// without a cache, endpoint unavailable), else
// [{id, ghsa, url, title, severity, vulnerableVersions, cwe, cvss, affected,
//   fixedIn, fix}] with fix one of same-major / new-major / none / unknown.
nlohmann::json advisory_facts_json(const deps::AdvisoryFacts& facts);
// {"status": complete|missing|unavailable|failed|skipped, "problem", "missing":[…]}.
nlohmann::json advisory_summary_json(const deps::AdvisorySummary& summary);
// "Known vulnerabilities:" per affected package, then the status line when
// the lookup was incomplete; nothing when advisories were not looked up.
void write_advisories_text(const deps::DepsReport& report, std::ostream& out);
// For --explain: a line when the package's advisories are unknown (the
// advisories themselves are in the explanation lines).
void write_package_advisories_text(const deps::DepsReport& report, const deps::PackageReport& p,
                                   std::ostream& out);

}  // namespace archgate::reports
