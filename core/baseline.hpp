#pragma once
// Baselines: today's findings recorded by fingerprint, so that `check
// --baseline FILE` reports only what is new. Each entry may carry a reason
// and an expiry date; an expired entry stops silencing its finding, and an
// entry that matches no finding any more is reported (so the file shrinks).
//
// The file is JSON, sorted by fingerprint, one entry per line-friendly
// object (docs/baselines.md):
//   {"schemaVersion": 1, "findings": [{"fingerprint", "rule", "file",
//    "subject", "message", "reason"?, "expires"?}]}
#include <optional>
#include <string>
#include <vector>

#include "core/audit.hpp"
#include "core/result.hpp"

namespace archgate::core {

struct BaselineEntry {
  std::string fingerprint;
  std::string rule;
  std::string file;
  std::string subject;
  std::string message;  // for the reader; never matched on
  std::string reason;   // why it is accepted ("" = none given)
  std::string expires;  // YYYY-MM-DD ("" = never)
};

struct Baseline {
  std::string path;  // where it was read from, for messages
  std::vector<BaselineEntry> entries;  // sorted by fingerprint
};

// The baseline of `result`'s findings (reasons and expiry dates of `keep`'s
// entries carried over when their fingerprint is still there).
Baseline make_baseline(const AuditResult& result, const Baseline* keep = nullptr);
std::string write_baseline(const Baseline& b);
// Parses a baseline file; errors name the file and what was expected.
Result<Baseline> read_baseline(const std::string& path, std::string_view text);

// Drops the findings the baseline covers (unless their entry expired before
// `today`), adds a `baseline/stale-entry` note for each entry that matches
// nothing, and records the comparison in the result.
void apply_baseline(AuditResult& result, const Baseline& baseline, std::string_view today);

}  // namespace archgate::core
