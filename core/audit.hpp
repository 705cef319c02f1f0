#pragma once
// AuditResult: what a run produced, handed to reporters.
#include <string>
#include <vector>

#include "core/finding.hpp"
#include "core/result.hpp"

namespace archgate::core {

struct AuditResult {
  std::string tool_version;
  std::string root;  // the analysed path as given
  std::vector<Finding> findings;  // sorted (sort_findings)
  std::vector<Error> errors;      // inputs that could not be analysed
  // Ids of the rules in scope (after --only/--skip and settings that turn
  // rules off), sorted; empty means every rule of the catalog. Reports that
  // list passing rules (Markdown, JUnit) list only these.
  std::vector<std::string> rules_checked;
  [[nodiscard]] bool incomplete() const { return !errors.empty(); }
  [[nodiscard]] std::size_t count(Severity s) const;
};

}  // namespace archgate::core
