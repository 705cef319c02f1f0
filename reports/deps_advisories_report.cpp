#include "reports/deps_advisories_report.hpp"

#include <fmt/format.h>

namespace archgate::reports {

namespace {

std::string_view fix_name(core::deps::FixKind k) {
  switch (k) {
    case core::deps::FixKind::same_major:
      return "same-major";
    case core::deps::FixKind::new_major:
      return "new-major";
    case core::deps::FixKind::none:
      return "none";
    case core::deps::FixKind::unknown:
      return "unknown";
  }
  return "unknown";
}

std::string fix_text(const core::deps::FixedVersion& f) {
  switch (f.kind) {
    case core::deps::FixKind::same_major:
      return "nearest fixed " + f.version;
    case core::deps::FixKind::new_major:
      return "nearest fixed " + f.version + " (new major)";
    case core::deps::FixKind::none:
      return "no fixed version published";
    case core::deps::FixKind::unknown:
      return "fixed version unknown";
  }
  return {};
}

}  // namespace

nlohmann::json advisory_facts_json(const core::deps::AdvisoryFacts& facts) {
  if (!facts.known) {
    return nullptr;
  }
  auto list = nlohmann::json::array();
  for (const auto& a : facts.list) {
    nlohmann::json j;
    j["id"] = a.id;
    j["ghsa"] = a.ghsa;
    j["url"] = a.url;
    j["title"] = a.title;
    j["severity"] = a.severity;
    j["vulnerableVersions"] = a.vulnerable_versions;
    j["cwe"] = a.cwe;
    if (a.cvss_score) {
      j["cvss"] = {{"score", *a.cvss_score}, {"vectorString", a.cvss_vector}};
    } else {
      j["cvss"] = nullptr;
    }
    j["affected"] = a.affected;
    j["rangeValid"] = a.range_valid;
    if (a.affected) {
      j["fixedIn"] = a.fixed.version.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.fixed.version);
      j["fix"] = fix_name(a.fixed.kind);
    } else {
      j["fixedIn"] = nullptr;
      j["fix"] = nullptr;
    }
    list.push_back(std::move(j));
  }
  return list;
}

nlohmann::json advisory_summary_json(const core::deps::AdvisorySummary& s) {
  nlohmann::json j;
  j["status"] = s.status.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.status);
  j["problem"] = s.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.problem);
  j["missing"] = s.missing;
  return j;
}

void write_advisories_text(const core::deps::DepsReport& report, std::ostream& out) {
  const auto& s = report.advisories;
  if (s.status.empty()) {
    return;
  }
  if (s.status == "skipped") {
    out << "\nAdvisories: not checked (--no-advisories).\n";
    return;
  }
  bool header = false;
  int checked = 0;
  for (const auto& p : report.packages) {
    if (!p.advisories->known) {
      continue;
    }
    ++checked;
    if (p.advisories->affected_count() == 0) {
      continue;
    }
    if (!header) {
      out << "\nKnown vulnerabilities:\n";
      header = true;
    }
    out << "  " << p.name << "@" << p.version << (p.direct ? "" : " (transitive)") << '\n';
    for (const auto& a : p.advisories->list) {
      if (!a.affected) {
        continue;
      }
      out << fmt::format("    {:<9} {:<20} {} ({}) -> {}\n", a.severity, a.ghsa, a.title,
                         a.vulnerable_versions, fix_text(a.fixed));
    }
    if (p.advisories->affected_count() > 1 &&
        (p.advisories->fixes_all.kind == core::deps::FixKind::same_major ||
         p.advisories->fixes_all.kind == core::deps::FixKind::new_major)) {
      out << "    " << p.advisories->fixes_all.version << " fixes all of them"
          << (p.advisories->fixes_all.kind == core::deps::FixKind::new_major ? " (new major)" : "") << '\n';
    }
  }
  if (!header && checked > 0) {
    out << fmt::format("\nNo known vulnerabilities in the {} packages whose advisories were checked.\n",
                       checked);
  }
  if (!s.problem.empty()) {
    out << "\nAdvisories: " << s.problem << '\n';
  }
}

void write_package_advisories_text(const core::deps::DepsReport& report, const core::deps::PackageReport& p,
                                   std::ostream& out) {
  if (p.advisories->known || !p.registry || report.advisories.status.empty()) {
    return;
  }
  if (report.advisories.status == "skipped") {
    out << "  - advisories: not checked (--no-advisories)\n";
    return;
  }
  out << "  - advisories: unknown (" << report.advisories.problem << ")\n";
}

}  // namespace archgate::reports
