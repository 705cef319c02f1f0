#pragma once
// AuditResult: what a run produced, handed to reporters. Reporters see only
// this model (and core/): every rule's documentation and status travel in it.
#include <optional>
#include <string>
#include <vector>

#include "core/checklist.hpp"
#include "core/finding.hpp"
#include "core/result.hpp"

namespace archgate::core {

enum class RuleStatus : std::uint8_t {
  clean,        // ran and found nothing
  findings,     // ran and found something
  not_checked,  // could not run (see reason); never shown as passed
  off,          // not selected (--only/--skip) or turned off in archgate.toml
};

std::string_view to_string(RuleStatus s);  // "clean", "findings", "not-checked", "off"

struct RuleOutcome {
  RuleInfo info;  // points into the static rule catalog
  RuleStatus status = RuleStatus::clean;
  std::string reason;  // why not checked / off, or what was only partly checked
};

// Findings of one rule in one file that share a cause, as human reports
// print them: one line with a count and a few examples.
struct FindingGroup {
  std::vector<const Finding*> members;  // in report order
  Severity severity = Severity::note;   // the highest of the members
  std::string rule;
  std::string file;
  std::string cause;  // the members' shared cause; "" when the rule states none
};

// One thing whose fix clears findings, possibly across rules.
struct RootCause {
  std::string label;
  std::size_t count = 0;
  Severity severity = Severity::note;
  std::vector<std::string> rules;  // the rules it touches, sorted
};

struct AuditResult {
  std::string tool_version;
  std::string root;  // the analysed path as given
  std::vector<Finding> findings;  // sorted (sort_findings), fingerprinted
  std::vector<Error> errors;      // inputs that could not be analysed
  // Every catalog rule with its status, in catalog order.
  std::vector<RuleOutcome> rules;
  // Selected rules that could not run, grouped by reason: {reason, ids}.
  [[nodiscard]] std::vector<std::pair<std::string, std::vector<std::string_view>>> not_checked()
      const;
  // The architecture checklist, one entry per item of checklist_items().
  std::vector<ChecklistItem> checklist;
  // The --fail-on threshold; nullopt = "none".
  std::optional<Severity> fail_on = Severity::error;
  // --fail-on item:fail / item:partial: checklist items at or below this
  // verdict (fail, or fail and partial) fail the run too; nullopt = items
  // never do.
  std::optional<Verdict> fail_on_items;
  // --baseline FILE / --diff-base REV: the findings were compared with a
  // reference by fingerprint and only the new ones are in `findings`.
  struct Comparison {
    std::string against;         // "baseline archgate-baseline.json", "merge base of HEAD and main (1a2b3c4d5e6f)"
    std::size_t unchanged = 0;   // findings the reference has too (not in `findings`)
    struct ItemChange {
      std::string id;
      Verdict from = Verdict::not_checked;
      Verdict to = Verdict::not_checked;
    };
    std::vector<ItemChange> items;  // checklist items whose verdict changed (--diff-base)
  };
  std::optional<Comparison> comparison;

  [[nodiscard]] bool incomplete() const { return !errors.empty(); }
  [[nodiscard]] std::size_t count(Severity s) const;
  // Findings at or above fail_on.
  [[nodiscard]] std::size_t failing() const;
  // Checklist items that fail the run under fail_on_items.
  [[nodiscard]] std::size_t failing_items() const;
  // The catalog entry of a rule id, or nullptr.
  [[nodiscard]] const RuleOutcome* rule(std::string_view id) const;
  // Rules that were selected (status other than off), in catalog order.
  [[nodiscard]] std::vector<const RuleOutcome*> selected() const;
  // "fails: 3 errors", "passes: no findings at or above warning", …
  [[nodiscard]] std::string verdict() const;
};

// Groups findings of one rule and file that share a cause (Finding::cause;
// findings without one share the empty cause): severity first, then rule,
// file.
std::vector<FindingGroup> group_findings(const AuditResult& result);

// Root causes ranked by how many findings one fix clears (most first), from
// the findings' `root`. Roots that clear a single finding are left out.
std::vector<RootCause> rank_root_causes(const AuditResult& result, std::size_t limit);

}  // namespace archgate::core
