#pragma once
// The advisory parts of `archgate deps` output (reports/deps_report.cpp
// calls these): facts.advisories[] and the top-level "advisories" status in
// JSON, the "Known vulnerabilities" section and the --explain lines in text.
#include <ostream>

#include <nlohmann/json.hpp>

#include "core/deps_model.hpp"

namespace archgate::reports {

// null when the package's advisories are unknown (not looked up, offline
// without a cache, endpoint unavailable), else
// [{id, ghsa, url, title, severity, vulnerableVersions, cwe, cvss, affected,
//   fixedIn, fix}] with fix one of same-major / new-major / none / unknown.
nlohmann::json advisory_facts_json(const core::deps::AdvisoryFacts& facts);
// {"status": complete|missing|unavailable|failed|skipped, "problem", "missing":[…]}.
nlohmann::json advisory_summary_json(const core::deps::AdvisorySummary& summary);
// "Known vulnerabilities:" per affected package, then the status line when
// the lookup was incomplete; nothing when advisories were not looked up.
void write_advisories_text(const core::deps::DepsReport& report, std::ostream& out);
// For --explain: a line when the package's advisories are unknown (the
// advisories themselves are in the explanation lines).
void write_package_advisories_text(const core::deps::DepsReport& report, const core::deps::PackageReport& p,
                                   std::ostream& out);

}  // namespace archgate::reports
