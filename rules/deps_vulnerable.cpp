// deps/vulnerable over the advisory facts of a DepsReport (filled by
// deps::apply_advisories). `archgate check` gets those facts from the
// on-disk cache only (check_deps), `archgate deps` from the registry.
#include "rules/deps_vulnerable.hpp"

#include <fmt/format.h>

#include "rules/deps_rules.hpp"

#include "analyzers/deps/advisories.hpp"
#include "core/semver.hpp"

namespace archgate::rules {

namespace {

std::string majors(std::string_view from, std::string_view to) {
  auto a = core::semver::parse_version(from, {.loose = true});
  auto b = core::semver::parse_version(to, {.loose = true});
  if (!a || !b) {
    return {};
  }
  return fmt::format("{} -> {}", a->major, b->major);
}

}  // namespace

void emit_vulnerable_findings(RuleContext& ctx, const deps::DepsReport& report) {
  for (const auto& p : report.packages) {
    if (!p.advisories->known) {
      continue;
    }
    auto id = p.name + "@" + p.version;
    for (const auto& a : p.advisories->list) {
      if (!a.affected) {
        continue;
      }
      std::string fix;
      std::string remedy;
      switch (a.fixed.kind) {
        case deps::FixKind::same_major:
          fix = "upgrade to " + a.fixed.version + " (nearest fixed)";
          remedy = fmt::format("Upgrade to {}@{}, the nearest fixed version (same major).",
                               p.name, a.fixed.version);
          break;
        case deps::FixKind::new_major:
          fix = fmt::format("upgrade to {} (nearest fixed; only a new major fixes it: {})",
                            a.fixed.version, majors(p.version, a.fixed.version));
          remedy = fmt::format(
              "Upgrade to {}@{}, the nearest fixed version: no release of the locked major is "
              "outside the vulnerable range, so expect breaking changes ({}).",
              p.name, a.fixed.version, majors(p.version, a.fixed.version));
          break;
        case deps::FixKind::none:
          fix = "no fixed version is published";
          remedy = "No published version is outside the vulnerable range: replace the package, "
                   "or check whether the vulnerable code is reachable and mitigate.";
          break;
        case deps::FixKind::unknown:
          fix = "upgrade to a version outside " + a.vulnerable_versions;
          remedy = "Upgrade to a version outside " + a.vulnerable_versions +
                   " (no registry metadata to name the nearest fixed one: run `archgate deps` "
                   "online).";
          break;
      }
      if (p.advisories->affected_count() > 1 && p.advisories->fixes_all.kind != deps::FixKind::unknown &&
          p.advisories->fixes_all.kind != deps::FixKind::none &&
          p.advisories->fixes_all.version != a.fixed.version) {
        remedy += fmt::format(" {}@{} fixes all {} advisories of {}.", p.name,
                              p.advisories->fixes_all.version, p.advisories->affected_count(), id);
      }
      auto& f = ctx.emit("deps/vulnerable",
                         fmt::format("{} is vulnerable: {} \"{}\" ({}; affects {}); {}", id, a.ghsa,
                                     a.title, a.severity.empty() ? "unknown severity" : a.severity,
                                     a.vulnerable_versions, fix),
                         package_location(ctx.project, p));
      f.severity = deps::finding_severity(a.severity);
      f.package = id;
      f.subject = id + " " + (a.ghsa.empty() ? a.id : a.ghsa);  // one finding per advisory
      f.cause = "packages have known " + (a.severity.empty() ? std::string("") : a.severity + " ") +
                "advisories";
      f.remediation = std::move(remedy);
      if (!a.url.empty()) {
        f.evidence.push_back(a.url);
      }
      f.evidence.push_back("npm advisory " + a.id);
      if (!a.cwe.empty()) {
        std::string cwe;
        for (const auto& c : a.cwe) {
          cwe += (cwe.empty() ? "" : ", ") + c;
        }
        f.evidence.push_back(cwe);
      }
      if (a.cvss_score) {
        f.evidence.push_back(fmt::format("CVSS {:.1f}{}", *a.cvss_score,
                                         a.cvss_vector.empty() ? "" : " " + a.cvss_vector));
      }
      if (!a.range_valid) {
        f.evidence.push_back("the vulnerable range could not be parsed; counted as affecting");
      }
    }
  }
}

}  // namespace archgate::rules
