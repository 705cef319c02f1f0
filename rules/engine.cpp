#include "rules/engine.hpp"

#include "rules/checklist.hpp"

#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_set>

#include "core/glob.hpp"
#include "core/timing.hpp"

namespace archgate::rules {

using analyzers::Pass;
using analyzers::pass_bit;

bool Selection::selects(std::string_view id) const {
  auto any = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(),
                       [&](const std::string& g) { return g == id || core::glob_match(g, id); });
  };
  return (only.empty() || any(only)) && !any(skip);
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<UnmatchedGlob> unmatched_globs(const Selection& selection) {
  std::vector<UnmatchedGlob> out;
  auto check = [&](const std::vector<std::string>& globs) {
    for (const auto& g : globs) {
      bool matches = std::any_of(rule_catalog().begin(), rule_catalog().end(),
                                 [&](const core::RuleInfo& r) {
                                   return g == r.id || core::glob_match(g, r.id);
                                 });
      if (matches) {
        continue;
      }
      std::vector<std::pair<std::size_t, std::string>> scored;
      for (const auto& r : rule_catalog()) {
        scored.emplace_back(edit_distance(g, r.id), std::string(r.id));
      }
      std::stable_sort(scored.begin(), scored.end());
      UnmatchedGlob u{g, {}};
      for (std::size_t i = 0; i < scored.size() && i < 3; ++i) {
        u.suggestions.push_back(scored[i].second);
      }
      out.push_back(std::move(u));
    }
  };
  check(selection.only);
  check(selection.skip);
  return out;
}

const std::vector<RuleFamily>& rule_families() {
  static const std::vector<RuleFamily> k_families = {
      {"manifests", {"manifest/invalid"}, pass_bit(Pass::project), check_manifests},
      {"lockfile presence",
       {"lockfile/missing", "lockfile/multiple"},
       pass_bit(Pass::project),
       check_lockfile_presence},
      {"lockfile drift", {"lockfile/out-of-sync"}, pass_bit(Pass::project), check_lockfile_drift},
      {"runtime",
       {"runtime/ci-not-covering", "runtime/engines-excludes-pin", "runtime/engines-too-loose",
        "runtime/eol", "runtime/eol-soon", "runtime/floating", "runtime/maintenance-only",
        "runtime/non-lts", "runtime/pin-mismatch", "runtime/security-behind",
        "runtime/types-mismatch", "runtime/unpinned", "deps/engines-incompatible"},
       pass_bit(Pass::runtime),
       check_runtime},
      {"lockfile hygiene",
       {"lockfile/manager-mismatch", "lockfile/insecure-url", "lockfile/unexpected-host",
        "lockfile/missing-integrity", "lockfile/weak-integrity", "lockfile/git-dependency",
        "lockfile/tarball-url", "lockfile/name-mismatch"},
       pass_bit(Pass::config),
       check_lockfile_hygiene},
      {"deps",
       {"deps/deprecated", "deps/unmaintained", "deps/install-script", "deps/heavy",
        "deps/stale-allowlist", "deps/vulnerable", "deps/license", "deps/native-replacement"},
       pass_bit(Pass::deps),
       check_deps},
      {"source",
       {"source/cycle", "source/unresolved-import", "source/deep-import", "source/boundary",
        "source/parse-error", "source/skipped-file"},
       pass_bit(Pass::source),
       check_source},
      {"dependency hygiene",
       {"source/unused-dependency", "source/undeclared-dependency", "source/dev-dependency-in-production",
        "source/types-without-package", "source/misplaced-dependency", "source/unused-ignore"},
       pass_bit(Pass::usage),
       check_hygiene},
      // FAMILIES: add rule families above this line.
  };
  return k_families;
}

namespace {

bool enabled(const Selection& selection, const core::Settings& settings, std::string_view id,
             core::Severity fallback) {
  return selection.selects(id) && core::override_for(settings.overrides, id, fallback).has_value();
}

}  // namespace

analyzers::PassSet passes_for(const Selection& selection, const core::Settings& settings) {
  analyzers::PassSet need = pass_bit(Pass::project);
  for (const auto& fam : rule_families()) {
    for (auto id : fam.rules) {
      const auto* info = find_rule(id);
      if (enabled(selection, settings, id, info ? info->default_severity : core::Severity::warning)) {
        need |= fam.needs;
        break;
      }
    }
  }
  // The checklist (built unless --only narrows the run) reads the source
  // and the containers too.
  if (selection.only.empty()) need |= pass_bit(Pass::source) | pass_bit(Pass::containers) | pass_bit(Pass::ci) | pass_bit(Pass::usage);
  return need;
}

namespace {

bool family_wanted(const RuleFamily& fam, const analyzers::Facts& facts, const Selection& selection) {
  return std::any_of(fam.rules.begin(), fam.rules.end(), [&](std::string_view id) {
    const auto* info = find_rule(id);
    return enabled(selection, facts.settings, id, info ? info->default_severity : core::Severity::warning);
  });
}

// Runs families[from..) in order while `ran` covers their needs; returns
// where it stopped. With `largest_first` (`out` empty), each family reports
// into a vector of its own and the largest is the one the others are added
// to: `out` holds the same findings, not in family order, to be sorted (a
// family mostly reports in file order, so check's 50,000 lockfile findings
// come first and already in order, and sorting moves none of them; behind
// one runtime finding, all 50,000 moved).
std::size_t run_families(const analyzers::Facts& facts, const Selection& selection, std::size_t from,
                         analyzers::PassSet ran, std::vector<core::Finding>& out,
                         std::vector<std::pair<std::string, std::string>>& not_checked, bool largest_first = false) {
  const auto& families = rule_families();
  std::size_t i = from;
  for (; i < families.size(); ++i) {
    const auto& fam = families[i];
    if (!family_wanted(fam, facts, selection)) continue;
    if ((fam.needs & ran) != fam.needs) break;
    std::vector<core::Finding> own;
    RuleContext ctx{*facts.project, facts.settings, largest_first ? own : out, &not_checked};
    {
      core::ScopedTiming timing(fam.name);  // ARCHGATE_TIMINGS=1: each family inside "rules"
      fam.run(ctx, facts);
    }
    if (largest_first) {
      if (own.size() > out.size()) std::swap(own, out);
      out.insert(out.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
    }
  }
  return i;
}

// Drops the findings from `from` on that the overrides turn off or the
// selection leaves out, and sets the others' severities.
void filter_findings(const analyzers::Facts& facts, const Selection& selection, std::vector<core::Finding>& findings,
                     std::size_t from) {
  core::apply_overrides(facts.settings.overrides, findings, from);
  auto kept = std::remove_if(findings.begin() + static_cast<std::ptrdiff_t>(std::min(from, findings.size())),
                             findings.end(), [&](const core::Finding& f) { return !selection.selects(f.rule); });
  findings.erase(kept, findings.end());
}

}  // namespace

EarlyFindings evaluate_early(const analyzers::Facts& facts, const Selection& selection, analyzers::PassSet ran) {
  EarlyFindings early;
  if (facts.project) {
    early.families = run_families(facts, selection, 0, ran, early.findings, early.not_checked, true);
  }
  // This runs beside the deps pass, which takes longer: the findings (on a
  // large lockfile nearly all of a check's) are filtered and ordered here,
  // off the path that evaluate() is on.
  core::ScopedTiming timing("early findings ordered and fingerprinted (beside deps)");
  filter_findings(facts, selection, early.findings, 0);
  core::sort_findings(early.findings);
  early.ordered = true;
  // Fingerprinted here too: the occurrence numbers count findings of one
  // rule, and the later families report other rules (evaluate() checks).
  core::assign_fingerprints(early.findings);
  early.fingerprinted = true;
  std::string_view last;
  for (const auto& f : early.findings) {
    if (f.rule == last) continue;
    last = f.rule;
    if (std::find(early.rules.begin(), early.rules.end(), last) == early.rules.end()) early.rules.emplace_back(last);
  }
  std::sort(early.rules.begin(), early.rules.end());
  return early;
}

namespace {

// Orders and fingerprints `findings`, of which the first `ordered` are
// `early`'s (in report order already): the later ones alone when they share
// no rule with those (whose fingerprints were set beside the deps pass),
// else all of them again.
void order_and_fingerprint(std::vector<core::Finding>& findings, std::size_t ordered, const EarlyFindings& early) {
  const auto tail = findings.begin() + static_cast<std::ptrdiff_t>(ordered);
  const bool apart = early.fingerprinted && ordered > 0 && std::none_of(tail, findings.end(), [&](const core::Finding& f) {
                       return std::binary_search(early.rules.begin(), early.rules.end(), f.rule.view());
                     });
  if (!apart) {
    core::sort_findings(findings, ordered);
    core::assign_fingerprints(findings);
    return;
  }
  // The later ones in their report order (which the merge keeps: both
  // steps are stable), fingerprinted among themselves, then merged in.
  std::vector<core::Finding> late(std::make_move_iterator(tail), std::make_move_iterator(findings.end()));
  findings.erase(tail, findings.end());
  core::sort_findings(late);
  core::assign_fingerprints(late);
  findings.insert(findings.end(), std::make_move_iterator(late.begin()), std::make_move_iterator(late.end()));
  core::sort_findings(findings, ordered);
}

}  // namespace

core::AuditResult evaluate(const analyzers::Facts& facts, const Selection& selection, EarlyFindings early) {
  core::AuditResult result;
  result.errors = facts.errors;
  std::vector<std::pair<std::string, std::string>> not_checked = std::move(early.not_checked);
  result.findings = std::move(early.findings);
  const std::size_t ordered = early.ordered ? result.findings.size() : 0;
  if (facts.project) {
    run_families(facts, selection, early.families, ~analyzers::PassSet{0}, result.findings, not_checked);
  }
  {
    core::ScopedTiming timing("order and fingerprints");
    filter_findings(facts, selection, result.findings, ordered);
    order_and_fingerprint(result.findings, ordered, early);
  }

  std::map<std::string_view, std::string> reasons;
  for (const auto& [id, why] : not_checked) {
    auto& r = reasons[find_rule(id) ? find_rule(id)->id : std::string_view{}];
    r += (r.empty() ? "" : "; ") + why;
  }
  // The rules that reported, in one pass over the findings (not one pass
  // per catalog entry: a hundred rules times 50,000 findings).
  std::unordered_set<std::string_view> reported;
  std::string_view last;
  for (const auto& f : result.findings) {
    if (f.rule != last) reported.insert(last = f.rule);
  }
  for (const auto& info : rule_catalog()) {
    core::RuleOutcome o{info, core::RuleStatus::clean, {}};
    bool has = reported.contains(info.id);
    auto why = reasons.find(info.id);
    if (!selection.selects(info.id)) {
      o.status = core::RuleStatus::off;
      o.reason = "not selected (--only/--skip)";
    } else if (!core::override_for(facts.settings.overrides, info.id, info.default_severity)) {
      o.status = core::RuleStatus::off;
      o.reason = "turned off in " + (facts.settings.file.empty() ? std::string("settings")
                                                                 : facts.settings.file);
    } else if (!facts.project) {
      o.status = core::RuleStatus::not_checked;
      o.reason = "the project could not be read";
    } else if (has) {
      o.status = core::RuleStatus::findings;
      if (why != reasons.end()) {
        o.reason = "partly checked: " + why->second;
      }
    } else if (why != reasons.end()) {
      o.status = core::RuleStatus::not_checked;
      o.reason = why->second;
    }
    result.rules.push_back(std::move(o));
  }
  // The checklist judges the whole project: with --only (a few rules on
  // purpose) it is left out rather than shown mostly "not checked".
  if (selection.only.empty()) {
    core::ScopedTiming timing("checklist");
    build_checklist(facts, result);
  }
  return result;
}

std::vector<core::Finding> run_rules(const analyzers::Facts& facts) {
  return evaluate(facts, {}).findings;
}

}  // namespace archgate::rules
