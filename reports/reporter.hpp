#pragma once
// Reporters render an AuditResult. One file pair per format behind this
// interface; make_reporter() maps a --format name to one. Reporters write to
// the stream they are given and nothing else: no files, no exit codes.
#include <cstddef>
#include <memory>
#include <string>
#include <ostream>
#include <string_view>
#include <vector>

#include "core/audit.hpp"

namespace archgate::reports {

struct ReportOptions {
  bool color = false;  // ANSI colours (text only)
  bool all = false;    // text/Markdown: every finding, not one line per cause
};

// Human reports (text, Markdown) print a group of findings that share a
// cause as one line once it has this many members.
inline constexpr std::size_t k_group_min = 3;
// ... and show at most this many groups per rule, then a count.
inline constexpr std::size_t k_groups_per_rule = 5;

// "file:line:col: " for a finding's line in text reports ("" without a file).
std::string location_prefix(const core::Location& l);

// "accepts@1.3.5, after@0.8.2, base64id@1.0.0" for the first `n` members of
// a group (package, else subject, else location), with ", …" when there are
// more.
std::string group_examples(const core::FindingGroup& g, std::size_t n);
// "464 packages are pinned only by sha1", or for a rule that states no
// cause "3 findings: <the rule's title>".
std::string group_headline(const core::AuditResult& r, const core::FindingGroup& g);
// "deps/deprecated, deps/unmaintained", or "lockfile/insecure-url and 6 more".
std::string id_list(const std::vector<std::string_view>& ids);
// The remediation every member shares, else the rule's remedy.
std::string group_fix(const core::AuditResult& r, const core::FindingGroup& g);

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const core::AuditResult& result, std::ostream& out) const = 0;
};

// nullptr for an unknown format name.
std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options = {});
// Every format name make_reporter() accepts.
std::vector<std::string_view> report_formats();


// Escapes a string as a JSON string literal (with quotes).
std::string json_quote(std::string_view s);

}  // namespace archgate::reports
