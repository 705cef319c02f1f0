// Plain text: one line per finding, compiler style, then a summary.
//   package.json:12:5: error: express is locked at 4.21.2, outside ... [lockfile/out-of-sync]
//     note: package-lock.json:88:5: locked here
//     fix: Run the package manager's install ...
#include <ostream>

#include "reports/formats.hpp"

namespace archgate::reports {

namespace {

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(ReportOptions o) : m_opts(o) {}

  void write(const core::AuditResult& r, std::ostream& out) const override {
    for (const auto& e : r.errors) {
      out << paint("error", "1;31") << ": " << e.to_string() << " (not analysed)\n";
    }
    for (const auto& f : r.findings) {
      if (!f.location.file.empty()) {
        out << f.location.file;
        if (f.location.line > 0) {
          out << ':' << f.location.line;
          if (f.location.column > 0) {
            out << ':' << f.location.column;
          }
        }
        out << ": ";
      }
      out << severity(f.severity) << ": " << f.message << " [" << f.rule << "]\n";
      for (const auto& ev : f.evidence) {
        out << "  note: " << ev << '\n';
      }
      if (!f.remediation.empty()) {
        out << "  fix: " << f.remediation << '\n';
      }
    }
    out << r.findings.size() << (r.findings.size() == 1 ? " finding" : " findings") << ": "
        << r.count(core::Severity::error) << " error(s), " << r.count(core::Severity::warning)
        << " warning(s), " << r.count(core::Severity::note) << " note(s)";
    if (r.incomplete()) {
      out << "; analysis incomplete: " << r.errors.size() << " input(s) could not be read";
    }
    out << '\n';
  }

 private:
  std::string paint(std::string_view s, std::string_view code) const {
    if (!m_opts.color) {
      return std::string(s);
    }
    return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
  }
  std::string severity(core::Severity s) const {
    switch (s) {
      case core::Severity::error:
        return paint("error", "1;31");
      case core::Severity::warning:
        return paint("warning", "1;33");
      case core::Severity::note:
        return paint("note", "1;36");
    }
    return "note";
  }
  ReportOptions m_opts;
};

}  // namespace

std::unique_ptr<Reporter> make_text_reporter(const ReportOptions& options) {
  return std::make_unique<TextReporter>(options);
}

}  // namespace archgate::reports
