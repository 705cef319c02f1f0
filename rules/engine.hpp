#pragma once
// The rule engine: the rule families, the passes each needs, and evaluate(),
// which runs the selected families over the pipeline's facts and builds the
// AuditResult (findings, fingerprints, every rule's status).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/pipeline.hpp"
#include "core/audit.hpp"
#include "core/finding.hpp"
#include "core/project.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// Which rules a run judges: --only and --skip globs (ids match themselves).
struct Selection {
  std::vector<std::string> only;  // empty = every rule
  std::vector<std::string> skip;
  [[nodiscard]] bool selects(std::string_view id) const;
};

// A glob of --only/--skip that matches no rule, with the closest rule ids.
struct UnmatchedGlob {
  std::string glob;
  std::vector<std::string> suggestions;
};
std::vector<UnmatchedGlob> unmatched_globs(const Selection& selection);

struct RuleFamily {
  std::string_view name;
  std::vector<std::string_view> rules;  // the ids it emits
  analyzers::PassSet needs;             // the passes whose facts it reads
  void (*run)(RuleContext& ctx, const analyzers::Facts& facts);
};

// Every family, in the order they run.
const std::vector<RuleFamily>& rule_families();

// The passes the rules that `selected` keeps need.
analyzers::PassSet passes_for(const Selection& selection, const core::Settings& settings);

// Runs the families with a selected rule over `facts`; findings of rules
// that are not selected or turned off are dropped, severities overridden,
// findings sorted and fingerprinted, every rule's status recorded, and
// facts.errors carried into the result.
//
// `early`: what evaluate_early already did (its families are not run again;
// its findings come first, as if they had run here).
struct EarlyFindings {
  std::vector<core::Finding> findings;
  std::vector<std::pair<std::string, std::string>> not_checked;  // rule id, why
  std::size_t families = 0;  // rule_families() from the first that it covered
  // The findings are already filtered (overrides, selection) and in report
  // order: evaluate() orders only the later ones, and merges.
  bool ordered = false;
  // ... and fingerprinted, among themselves: evaluate() keeps those
  // fingerprints when no later finding has one of `rules` (sorted, unique).
  bool fingerprinted = false;
  std::vector<std::string> rules;
};
core::AuditResult evaluate(const analyzers::Facts& facts, const Selection& selection, EarlyFindings early = {});

// Runs the selected families, in order from the first, while the passes in
// `ran` give each what it needs: for PipelineOptions::beside_deps, so that
// the lockfile rules run beside the deps pass (`check` on 50,000 packages).
EarlyFindings evaluate_early(const analyzers::Facts& facts, const Selection& selection, analyzers::PassSet ran);

// Runs every family and returns the findings, sorted (tests).
std::vector<core::Finding> run_rules(const analyzers::Facts& facts);

// Rule families (one file pair each).
void check_manifests(RuleContext& ctx, const analyzers::Facts& facts);
void check_lockfile_presence(RuleContext& ctx, const analyzers::Facts& facts);
void check_lockfile_drift(RuleContext& ctx, const analyzers::Facts& facts);
void check_runtime(RuleContext& ctx, const analyzers::Facts& facts);
void check_lockfile_hygiene(RuleContext& ctx, const analyzers::Facts& facts);
void check_deps(RuleContext& ctx, const analyzers::Facts& facts);
void check_source(RuleContext& ctx, const analyzers::Facts& facts);
// Whether the import `e` breaks the [[boundaries]] rule `b` (source/boundary).
bool crosses_boundary(const core::BoundaryRule& b, const core::ModuleGraph& g, const core::ModuleEdge& e);
void check_hygiene(RuleContext& ctx, const analyzers::Facts& facts);

}  // namespace archgate::rules
