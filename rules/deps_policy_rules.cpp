// deps/license and deps/native-replacement.
//
// Both judge facts analyze_deps() collected (the license from the lockfile
// or registry metadata, the module-replacements entry by name); the runtime
// floor for native replacements comes from the runtime pins, found the way
// check_runtime() finds them.
#include "rules/deps_policy_rules.hpp"

#include <memory>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "rules/deps_rules.hpp"

#include "analyzers/runtime/analysis.hpp"

namespace archgate::rules {

namespace {

constexpr std::string_view k_fix_undeclared =
    "Check the package's repository for the license it is actually under; ask the maintainers "
    "to declare it as an SPDX expression in package.json, or replace the package.";
constexpr std::string_view k_fix_policy =
    "Replace the package with one under an accepted license, or, once its license has been "
    "reviewed and accepted, add the id to license-allow (and remove it from license-deny) in "
    "archgate.toml [deps].";

std::string option_use(const deps::ReplacementOption& o, bool with_version) {
  std::string s = o.id;
  if (with_version && !o.node_min.empty()) {
    s += " (Node.js >= " + o.node_min + ")";
  }
  return s;
}

}  // namespace

deps::LicensePolicy license_policy(const RuleConfig& config) {
  return {config.license_allow, config.license_deny};
}

void emit_license_findings(RuleContext& ctx, const deps::DepsReport& report) {
  auto policy = license_policy(ctx.config);
  // A verdict per distinct expression: thousands of packages share "MIT".
  std::unordered_map<std::string_view, deps::LicenseVerdict> verdicts;
  const deps::LicenseVerdict unknown = deps::evaluate_license(deps::LicenseFacts{}, policy);
  // (And the last one found is asked first: neighbours mostly share it.)
  std::string_view last_expression;
  const deps::LicenseVerdict* last = nullptr;
  for (const auto& p : report.packages) {
    const deps::LicenseVerdict* found = &unknown;
    if (p.license.known) {
      if (last != nullptr && p.license.expression == last_expression) {
        found = last;
      } else {
        auto it = verdicts.find(p.license.expression);
        if (it == verdicts.end()) {
          it = verdicts.emplace(p.license.expression, deps::evaluate_license(p.license, policy)).first;
        }
        found = last = &it->second;
        last_expression = it->first;
      }
    }
    const auto& v = *found;
    if (v.issue == deps::LicenseIssue::none || v.issue == deps::LicenseIssue::unknown) {
      continue;
    }
    auto id = p.name + "@" + p.version;
    std::string msg;
    std::string_view fix = k_fix_policy;
    switch (v.issue) {
      case deps::LicenseIssue::none:
      case deps::LicenseIssue::unknown:
        continue;
      case deps::LicenseIssue::missing:
        msg = id + (p.license.expression.empty() ? " declares no license"
                                                 : " declares no license (\"" + p.license.expression + "\")");
        fix = k_fix_undeclared;
        break;
      case deps::LicenseIssue::invalid:
        msg = fmt::format("{}: license \"{}\" is not an SPDX expression ({})", id,
                          p.license.expression, v.detail);
        fix = k_fix_undeclared;
        break;
      case deps::LicenseIssue::unlicensed:
        if (!p.registry) {
          continue;  // a local folder or git checkout: the organisation's own code
        }
        msg = id + " is UNLICENSED: proprietary, with no permission to use it";
        fix = "Make sure you hold a license for it (a private package of your organisation is "
              "fine: turn the finding off for it knowingly), or replace it.";
        break;
      case deps::LicenseIssue::denied:
        msg = fmt::format("{} is licensed {}: every alternative uses a denied license ({})", id,
                          v.canonical, v.offending);
        break;
      case deps::LicenseIssue::not_allowed:
        msg = fmt::format("{} is licensed {}, which license-allow does not cover ({})", id,
                          v.canonical.empty() ? p.license.expression : v.canonical, v.offending);
        break;
    }
    auto& f = ctx.emit("deps/license", std::move(msg), package_location(ctx.project, p));
    f.package = id;
    switch (v.issue) {
      case deps::LicenseIssue::missing:
      case deps::LicenseIssue::invalid:
        f.cause = "packages declare no valid SPDX license";
        break;
      case deps::LicenseIssue::unlicensed:
        f.cause = "packages are UNLICENSED";
        break;
      default:
        f.cause = "packages are licensed " +
                  (v.canonical.empty() ? p.license.expression : v.canonical) +
                  (v.issue == deps::LicenseIssue::denied ? " (denied)" : " (not allowed)");
        break;
    }
    f.remediation = std::string(fix);
  }
}

void emit_replacement_findings(RuleContext& ctx, const deps::DepsReport& report,
                               const deps::RuntimeFloor& floor) {
  for (const auto& p : report.packages) {
    if (!p.direct || !p.replacement) {
      continue;
    }
    const auto& r = *p.replacement;
    auto usable = deps::available_options(r, floor);
    if (usable.empty()) {
      continue;  // needs a newer Node.js than the project runs on
    }
    std::string msg = p.name + ": ";
    std::string fix;
    const auto* first = usable.front();
    if (first->removal) {
      msg += "no longer needed";
      if (!first->description.empty()) {
        msg += " (" + first->description + ")";
      }
      fix = "Remove " + p.name + " and the code that loads it: what it provides is built in.";
    } else if (r.kind == deps::ReplacementKind::micro_utility) {
      msg += "a one-line snippet replaces it";
      if (!first->description.empty()) {
        msg += ": " + first->description;
      }
      fix = "Inline the snippet where " + p.name + " is used and drop the dependency: one package "
            "less to install, audit and trust.";
    } else {
      msg += "use ";
      bool several = usable.size() > 1;
      for (std::size_t i = 0; i < usable.size(); ++i) {
        msg += (i ? " or " : "") + option_use(*usable[i], several);
      }
      if (!several && !first->node_min.empty()) {
        msg += " (Node.js >= " + first->node_min + "; " + floor.text + ")";
      } else {
        msg += " (" + floor.text + ")";
      }
      fix = "Use " + first->id + (first->url.empty() ? "" : " (" + first->url + ")") +
            " instead of " + p.name + ", then remove the dependency.";
      if (floor.from == deps::RuntimeFloor::From::unknown) {
        fix += " Pin the Node.js runtime (.nvmrc) first: whether the built-in exists depends on it.";
      }
    }
    if (!r.docs.empty()) {
      fix += " Guide: " + r.docs;
    }
    auto id = p.name + "@" + p.version;
    auto& f = ctx.emit("deps/native-replacement", std::move(msg), package_location(ctx.project, p));
    f.package = id;
    f.cause = r.kind == deps::ReplacementKind::native
                  ? "dependencies have a replacement built into Node.js"
                  : r.kind == deps::ReplacementKind::micro_utility
                        ? "dependencies are one-line utilities"
                        : "dependencies have a preferred, lighter alternative";
    f.remediation = std::move(fix);
    if (r.kind != deps::ReplacementKind::native) {
      f.severity = core::Severity::note;
    }
  }
}

void emit_policy_findings(RuleContext& ctx, const deps::DepsReport& report,
                          const deps::RuntimeFloor& floor) {
  emit_license_findings(ctx, report);
  bool any = false;
  for (const auto& p : report.packages) {
    any = any || (p.direct && p.replacement);
  }
  if (any) {
    emit_replacement_findings(ctx, report, floor);
  }
}

}  // namespace archgate::rules
