#pragma once
// Factories for each report format.
#include <memory>

#include "reports/reporter.hpp"

namespace archgate::reports {

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_json_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_junit_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_html_reporter(const ReportOptions& options);
std::unique_ptr<Reporter> make_gitlab_reporter(const ReportOptions& options);
// FACTORIES: add new factories above this line.

}  // namespace archgate::reports
