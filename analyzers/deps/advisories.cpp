#include "analyzers/deps/advisories.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/semver.hpp"

namespace archgate::deps {

namespace {

namespace semver = core::semver;

// npm audit (@npmcli/arborist vuln.js) tests versions with these options.
constexpr semver::Options k_audit_opts{.loose = true, .include_prerelease = true};

int severity_rank(std::string_view s) {
  if (s == "critical") {
    return 0;
  }
  if (s == "high") {
    return 1;
  }
  if (s == "moderate") {
    return 2;
  }
  if (s == "low") {
    return 3;
  }
  if (s == "info") {
    return 4;
  }
  return 5;
}

std::string fix_text(const FixedVersion& f, std::string_view locked) {
  switch (f.kind) {
    case FixKind::same_major:
      return "nearest fixed " + f.version;
    case FixKind::new_major: {
      auto from = semver::parse_version(locked, {.loose = true});
      auto to = semver::parse_version(f.version, {.loose = true});
      return fmt::format("nearest fixed {} (only a new major fixes it: {} -> {})", f.version,
                         from ? from->major : 0, to ? to->major : 0);
    }
    case FixKind::none:
      return "no fixed version is published";
    case FixKind::unknown:
      return "fixed version unknown (no registry metadata)";
  }
  return {};
}

}  // namespace

LoadedAdvisories load_advisories(const core::DependencyGraph& graph,
                                 const registry::RegistryClient& client,
                                 const registry::AdvisoryRequestOptions& options) {
  LoadedAdvisories out;
  out.fetch = registry::fetch_advisories(client, registry_packages(graph), options);
  return out;
}

std::optional<bool> version_affected(std::string_view version, std::string_view range) {
  auto r = semver::Range::parse(range, k_audit_opts);
  auto v = semver::parse_version(version, {.loose = true});
  if (!r || !v) {
    return std::nullopt;
  }
  return r->satisfies(*v);
}

FixedVersion nearest_fixed_version(const std::vector<std::string>& versions,
                                   std::string_view locked,
                                   const std::vector<std::string>& vulnerable) {
  FixedVersion out;
  auto lv = semver::parse_version(locked, {.loose = true});
  if (!lv) {
    return out;
  }
  std::vector<semver::Range> ranges;
  for (const auto& text : vulnerable) {
    if (auto r = semver::Range::parse(text, k_audit_opts)) {
      ranges.push_back(std::move(*r));
    }
  }
  std::optional<semver::Version> same;
  std::optional<semver::Version> any;
  for (const auto& text : versions) {
    auto v = semver::parse_version(text, {.loose = true});
    if (!v || !v->prerelease.empty() || semver::compare(*v, *lv) <= 0) {
      continue;
    }
    if (std::any_of(ranges.begin(), ranges.end(), [&](const auto& r) { return r.satisfies(*v); })) {
      continue;
    }
    if (v->major == lv->major && (!same || semver::compare(*v, *same) < 0)) {
      same = *v;
    }
    if (!any || semver::compare(*v, *any) < 0) {
      any = *v;
    }
  }
  if (same) {
    out.kind = FixKind::same_major;
    out.version = same->to_string();
  } else if (any) {
    out.kind = FixKind::new_major;
    out.version = any->to_string();
  } else {
    out.kind = FixKind::none;
  }
  return out;
}

core::Severity finding_severity(std::string_view s) {
  if (s == "critical" || s == "high") {
    return core::Severity::error;
  }
  if (s == "low" || s == "info") {
    return core::Severity::note;
  }
  return core::Severity::warning;
}

void apply_advisories(DepsReport& report, const registry::AdvisoryFetch& fetch,
                      const MetaMap& meta) {
  report.advisories.status = std::string(registry::to_string(fetch.status()));
  report.advisories.problem = fetch.problem();
  report.advisories.missing = fetch.missing;
  for (auto& p : report.packages) {
    if (!p.registry || !fetch.covered.contains(p.name)) {
      continue;
    }
    auto& facts = p.advisories.mut();
    facts = AdvisoryFacts{};
    facts.known = true;
    const auto* pm = [&]() -> const registry::PackageMeta* {
      auto it = meta.find(p.name);
      return it == meta.end() ? nullptr : &it->second;
    }();
    auto it = fetch.advisories.find(p.name);
    if (it != fetch.advisories.end()) {
      for (const auto& a : it->second) {
        AdvisoryFact f;
        f.id = a.id;
        f.ghsa = a.display_id();
        f.url = a.url;
        f.title = a.title;
        f.severity = a.severity;
        f.vulnerable_versions = a.vulnerable_versions;
        f.cwe = a.cwe;
        f.cvss_score = a.cvss_score;
        f.cvss_vector = a.cvss_vector;
        auto affected = version_affected(p.version, a.vulnerable_versions);
        f.range_valid = affected.has_value();
        // The registry only returns advisories for the versions asked about:
        // a range archgate cannot parse is counted as affecting them.
        f.affected = affected.value_or(true);
        if (f.affected && pm != nullptr) {
          f.fixed = nearest_fixed_version(pm->versions, p.version, {a.vulnerable_versions});
        }
        // The same advisory can come twice (two batches never share a name,
        // but a registry may repeat itself): keep one.
        bool dup = std::any_of(facts.list.begin(), facts.list.end(), [&](const auto& g) {
          return g.id == f.id && g.vulnerable_versions == f.vulnerable_versions;
        });
        if (!dup) {
          facts.list.push_back(std::move(f));
        }
      }
    }
    std::sort(facts.list.begin(), facts.list.end(), [](const auto& a, const auto& b) {
      if (a.affected != b.affected) {
        return a.affected;
      }
      if (severity_rank(a.severity) != severity_rank(b.severity)) {
        return severity_rank(a.severity) < severity_rank(b.severity);
      }
      return a.ghsa != b.ghsa ? a.ghsa < b.ghsa : a.id < b.id;
    });
    std::vector<std::string> affecting;
    for (const auto& f : facts.list) {
      if (f.affected) {
        affecting.push_back(f.vulnerable_versions);
      }
    }
    if (!affecting.empty() && pm != nullptr) {
      facts.fixes_all = nearest_fixed_version(pm->versions, p.version, affecting);
    }
    if (facts.list.empty()) {
      if (report.explain) p.explanation.push_back("advisories: none known for this package");
    }
    for (const auto& f : facts.list) {
      if (f.affected) {
        if (report.explain) p.explanation.push_back(fmt::format(
            "advisory {} ({}{}): {} — affects {} ({}); {}", f.ghsa, f.severity,
            f.cvss_score ? fmt::format(", CVSS {:.1f}", *f.cvss_score) : std::string{}, f.title,
            p.version, f.vulnerable_versions,
            f.range_valid ? fix_text(f.fixed, p.version)
                          : "the range could not be parsed; counted as affecting"));
      } else {
        if (report.explain) p.explanation.push_back(fmt::format("advisory {} ({}): {} — {} is not affected ({})",
                                            f.ghsa, f.severity, f.title, p.version,
                                            f.vulnerable_versions));
      }
    }
    if (facts.affected_count() > 1 && facts.fixes_all.kind != FixKind::unknown) {
      if (report.explain) p.explanation.push_back("advisories: every one is fixed by " +
                              (facts.fixes_all.kind == FixKind::none
                                   ? std::string("no published version")
                                   : facts.fixes_all.version));
    }
  }
}

}  // namespace archgate::deps
