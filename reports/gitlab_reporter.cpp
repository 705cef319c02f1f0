// GitLab Code Quality: the JSON array GitLab's merge-request widget and
// pipeline "Code Quality" tab read (artifacts:reports:codequality). One
// entry per finding; `fingerprint` is archgate's (stable across revisions,
// never a line), which GitLab uses to tell new issues from fixed ones.
// See docs/ci.md.
#include <ostream>

#include "reports/formats.hpp"
#include "reports/json_writer.hpp"

namespace archgate::reports {

namespace {

// GitLab's scale: info, minor, major, critical, blocker.
std::string_view gitlab_severity(core::Severity s) {
  switch (s) {
    case core::Severity::error: return "critical";
    case core::Severity::warning: return "major";
    case core::Severity::note: return "info";
  }
  return "info";
}

class GitlabReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    JsonWriter w(out);
    w.begin_array();
    for (const auto& f : r.findings) {
      w.begin_object();
      w.field("description", f.message);
      w.field("check_name", f.rule);
      w.field("fingerprint", f.fingerprint);
      w.field("severity", gitlab_severity(f.severity));
      w.key("location").begin_object();
      // GitLab needs a file: findings about the project as a whole point at
      // its manifest.
      w.field("path", f.location.file.empty() ? std::string("package.json") : f.location.file);
      w.key("lines").begin_object().field("begin", f.location.line > 0 ? f.location.line : 1).end_object();
      w.end_object();
      w.key("categories").begin_array().value(category(f.rule)).end_array();
      if (!f.remediation.empty()) {
        w.key("content").begin_object().field("body", f.remediation).end_object();
      }
      w.end_object();
    }
    w.end_array();
    w.finish();
  }

 private:
  // Code Climate's categories, the closest for each rule family.
  static std::string_view category(std::string_view rule) {
    if (rule.starts_with("deps/") || rule.starts_with("lockfile/")) return "Security";
    if (rule.starts_with("source/cycle") || rule.starts_with("source/boundary")) return "Complexity";
    return "Bug Risk";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_gitlab_reporter(const ReportOptions&) { return std::make_unique<GitlabReporter>(); }

}  // namespace archgate::reports
