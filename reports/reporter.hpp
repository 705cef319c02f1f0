#pragma once
// Reporters render an AuditResult. One file pair per format behind this
// interface; make_reporter() maps a --format name to one. Reporters write to
// the stream they are given and nothing else: no files, no exit codes.
#include <memory>
#include <ostream>
#include <string_view>
#include <vector>

#include "core/audit.hpp"

namespace archgate::reports {

struct ReportOptions {
  bool color = false;  // ANSI colours (text only)
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void write(const core::AuditResult& result, std::ostream& out) const = 0;
};

// nullptr for an unknown format name.
std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options = {});
// Every format name make_reporter() accepts.
std::vector<std::string_view> report_formats();

// The rules the result covers, in catalog order: result.rules_checked, or
// every catalog rule when that is empty.
std::vector<std::string_view> checked_rule_ids(const core::AuditResult& result);

// Escapes a string as a JSON string literal (with quotes).
std::string json_quote(std::string_view s);

}  // namespace archgate::reports
