#pragma once
// The architecture checklist: sixteen items a reviewer reads before a merge,
// each with a verdict, a one-sentence reason, the evidence (locations) and
// the findings behind it, and what to do. Built by rules::build_checklist()
// from the facts and findings; rendered by every check reporter.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.hpp"

namespace archgate::core {

enum class Verdict : std::uint8_t {
  pass,
  partial,
  fail,
  not_applicable,  // the item does not apply (no TypeScript, no queue consumers, no Dockerfile)
  not_checked,     // archgate could not judge it (no detector yet, a rule not selected, no data)
};
// "pass", "partial", "fail", "n/a", "not-checked"
std::string_view to_string(Verdict v);

struct ChecklistEvidence {
  std::string file;  // project-relative; empty for project-wide evidence
  int line = 0;
  int column = 0;
  std::string note;  // what is there ("process.on('SIGTERM')", "app.listen() with no signal handler")
};

struct ChecklistItem {
  std::string id;      // "graceful-shutdown"
  std::string title;   // "Graceful shutdown"
  Verdict verdict = Verdict::not_checked;
  std::string reason;  // one sentence
  std::vector<ChecklistEvidence> evidence;
  std::vector<Fingerprint> findings;  // fingerprints of the findings behind the verdict
  std::string remediation;
};

// The sixteen item ids in report order, with their titles.
struct ChecklistItemInfo {
  std::string_view id;
  std::string_view title;
  std::string_view question;  // what the item asks, for `explain`
  std::string_view how;       // how archgate judges it today
};
const std::vector<ChecklistItemInfo>& checklist_items();

}  // namespace archgate::core
