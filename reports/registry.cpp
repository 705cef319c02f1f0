// name -> reporter table for --format.
#include "reports/formats.hpp"
#include "reports/reporter.hpp"
#include "rules/rule.hpp"

namespace archgate::reports {

namespace {

struct Entry {
  std::string_view name;
  std::unique_ptr<Reporter> (*make)(const ReportOptions&);
};

const Entry k_formats[] = {
    {"text", make_text_reporter},
    {"json", make_json_reporter},
    {"sarif", make_sarif_reporter},
    {"markdown", make_markdown_reporter},
    {"junit", make_junit_reporter},
    {"html", make_html_reporter},
    // FORMATS: add new formats above this line.
};

}  // namespace

std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options) {
  for (const auto& e : k_formats) {
    if (e.name == format) {
      return e.make(options);
    }
  }
  return nullptr;
}

std::vector<std::string_view> checked_rule_ids(const core::AuditResult& result) {
  std::vector<std::string_view> out;
  if (!result.rules_checked.empty()) {
    out.assign(result.rules_checked.begin(), result.rules_checked.end());
    return out;
  }
  for (const auto& info : rules::rule_catalog()) {
    out.push_back(info.id);
  }
  return out;
}

std::vector<std::string_view> report_formats() {
  std::vector<std::string_view> out;
  for (const auto& e : k_formats) {
    out.push_back(e.name);
  }
  return out;
}

}  // namespace archgate::reports
