#pragma once
// Findings and the rule catalog's entries.
//
// RuleInfo is what is true of every occurrence of a rule (id, title,
// rationale, remedy, default severity). Finding is one occurrence: the rule
// id, its effective severity, a one-line message, where it is, optionally the
// package it concerns, the remediation for this case and evidence lines.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/shared_text.hpp"

namespace archgate::core {

enum class Severity : std::uint8_t { note = 0, warning = 1, error = 2 };

std::string_view to_string(Severity s);
std::optional<Severity> parse_severity(std::string_view s);

struct Location {
  // Project-relative; empty for project-wide findings. Shared: the 50,000
  // findings of one lockfile hold one copy of its path.
  SharedText file;
  int line = 0;      // 1-based; 0 when not known
  int column = 0;
};

// A finding's fingerprint: 16 hex digits, kept in place (a std::string of
// 16 characters is one heap block per finding).
class Fingerprint {
 public:
  static constexpr std::size_t k_size = 16;
  Fingerprint() noexcept = default;
  explicit Fingerprint(std::uint64_t hash) noexcept {
    static constexpr char k_hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
      m_text[static_cast<std::size_t>(i)] = k_hex[hash & 0xf];
      hash >>= 4;
    }
    m_size = k_size;
  }
  [[nodiscard]] std::string_view view() const noexcept { return {m_text, m_size}; }
  operator std::string_view() const noexcept { return view(); }  // NOLINT: reads as a view
  [[nodiscard]] std::string str() const { return std::string(view()); }
  [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
  friend bool operator==(const Fingerprint& a, std::string_view b) noexcept { return a.view() == b; }
  friend bool operator==(const Fingerprint& a, const Fingerprint& b) noexcept { return a.view() == b.view(); }

 private:
  char m_text[k_size] = {};
  std::uint8_t m_size = 0;
};

// The texts findings repeat (rule id, remedy, cause, root, evidence) are
// SharedTexts: copies share one buffer (core/shared_text.hpp).
struct Finding {
  SharedText rule;  // slash-namespaced id, e.g. "lockfile/out-of-sync"
  Severity severity = Severity::warning;
  std::string message;  // one line
  Location location;
  std::string package;      // "name@version" or "name" when it concerns one
  SharedText remediation;  // what to do about this occurrence
  std::vector<SharedText> evidence;  // extra lines: chains, other places

  // What the finding is about, for its identity: a package "name@version",
  // a pin "volta 20.17.0", a workspace. Empty = `package`.
  std::string subject;
  // The reason findings of one rule in one file share, worded to follow a
  // count ("packages are pinned only by sha1"): human reports print such a
  // group as one line. Empty = the rule's title.
  SharedText cause;
  // The one thing whose fix clears this finding ("volta \"20.17.0\" at
  // package.json:40", "the sha1-only entries of yarn.lock"), for ranking
  // what to fix first across rules. Empty = no single fix is known.
  SharedText root;
  // Other places that belong to it: the lockfile entry of a dependency whose
  // declaration is the location.
  std::vector<Location> related;
  // For a transitive package: the direct dependencies that bring it.
  std::vector<std::string> via;
  // Every file the finding spans (an import cycle's component), by path.
  std::vector<std::string> files;

  // A stable identity for baselines and diffs: rule, file and subject, plus
  // an occurrence number when several findings share those. Never the
  // message, a line number or the date. Set by assign_fingerprints().
  Fingerprint fingerprint;
};

// Sets every finding's fingerprint; `findings` must be in report order
// (sort_findings), which decides the occurrence numbers of equal keys.
// Findings that share no rule can be fingerprinted apart (each part in its
// own report order) and merged: the numbers count only findings of one rule.
void assign_fingerprints(std::span<Finding> findings);

struct RuleInfo {
  std::string_view id;
  std::string_view title;  // short sentence
  Severity default_severity = Severity::warning;
  std::string_view rationale;  // why it matters
  std::string_view remedy;     // how to fix it in general
  std::string_view example;    // a realistic occurrence, for `explain`
};

// Sorts findings into the stable report order: file, line, column, rule,
// package, message. When the first `ordered` are in that order already
// (sorted by an earlier call), only the rest are sorted, then merged in:
// the result is the same as sorting them all.
void sort_findings(std::vector<Finding>& findings, std::size_t ordered = 0);

}  // namespace archgate::core
