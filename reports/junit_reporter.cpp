// JUnit XML: for CI test dashboards (GitLab, Jenkins, Azure DevOps...). One
// <testsuite name="archgate">: a testcase per finding (error and warning
// findings fail, notes pass with the text in <system-out>), a passing
// testcase per catalog rule without findings, and an erroring testcase per
// input that could not be read. See docs/output-formats.md.
//
// Why control characters are replaced rather than escaped: XML 1.0 forbids
// them even as character references, and a dashboard that rejects the file
// shows nothing at all.
#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/formats.hpp"
#include "rules/rule.hpp"

namespace archgate::reports {

namespace {

// Escapes text for XML element content and attribute values (quoted with ").
// Tab, newline and carriage return become character references so attribute
// normalisation keeps them; other C0 controls become U+FFFD.
std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
        out += "&#9;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(c);
        }
        break;
    }
  }
  return out;
}

std::string location_text(const core::Location& l) {
  std::string s = l.file;
  if (!s.empty() && l.line > 0) {
    s += ':' + std::to_string(l.line);
  }
  return s;
}

std::string finding_name(const core::Finding& f) {
  auto loc = location_text(f.location);
  return loc.empty() ? f.message : loc + ": " + f.message;
}

// The body of a failure or system-out: message, location, evidence, fix.
std::string finding_details(const core::Finding& f) {
  std::string s = f.message;
  if (!f.location.file.empty()) {
    s += "\nat " + f.location.file;
    if (f.location.line > 0) {
      s += ':' + std::to_string(f.location.line);
      if (f.location.column > 0) {
        s += ':' + std::to_string(f.location.column);
      }
    }
  }
  if (!f.package.empty()) {
    s += "\npackage: " + f.package;
  }
  for (const auto& ev : f.evidence) {
    s += "\nnote: " + ev;
  }
  if (!f.remediation.empty()) {
    s += "\nfix: " + f.remediation;
  }
  return s;
}

class JunitReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    std::size_t failures = 0;
    for (const auto& f : r.findings) {
      if (f.severity != core::Severity::note) {
        ++failures;
      }
    }
    std::vector<std::string_view> clean_rules;
    for (auto id : checked_rule_ids(r)) {
      bool any = std::any_of(r.findings.begin(), r.findings.end(),
                             [&](const core::Finding& f) { return f.rule == id; });
      if (!any) {
        clean_rules.push_back(id);
      }
    }
    std::size_t tests = r.findings.size() + clean_rules.size() + r.errors.size();

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuite name=\"archgate\" tests=\"" << tests << "\" failures=\"" << failures
        << "\" errors=\"" << r.errors.size() << "\" skipped=\"0\">\n";
    out << "  <properties>\n    <property name=\"archgate.version\" value=\""
        << xml_escape(r.tool_version) << "\"/>\n";
    if (!r.root.empty()) {
      out << "    <property name=\"archgate.root\" value=\"" << xml_escape(r.root) << "\"/>\n";
    }
    out << "  </properties>\n";

    for (const auto& e : r.errors) {
      out << "  <testcase classname=\"archgate/input\" name=\"" << xml_escape(e.to_string())
          << "\">\n    <error message=\"" << xml_escape(e.message)
          << "\" type=\"input-error\">" << xml_escape(e.to_string())
          << "</error>\n  </testcase>\n";
    }
    for (const auto& f : r.findings) {
      out << "  <testcase classname=\"" << xml_escape(f.rule) << "\" name=\""
          << xml_escape(finding_name(f)) << "\"";
      if (!f.location.file.empty()) {
        out << " file=\"" << xml_escape(f.location.file) << "\"";
        if (f.location.line > 0) {
          out << " line=\"" << f.location.line << "\"";
        }
      }
      out << ">\n";
      if (f.severity == core::Severity::note) {
        out << "    <system-out>" << xml_escape(finding_details(f)) << "</system-out>\n";
      } else {
        out << "    <failure message=\"" << xml_escape(f.message) << "\" type=\""
            << core::to_string(f.severity) << "\">" << xml_escape(finding_details(f))
            << "</failure>\n";
      }
      out << "  </testcase>\n";
    }
    for (auto id : clean_rules) {
      out << "  <testcase classname=\"" << xml_escape(id) << "\" name=\"" << xml_escape(id)
          << "\"/>\n";
    }
    out << "</testsuite>\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter(const ReportOptions&) {
  return std::make_unique<JunitReporter>();
}

}  // namespace archgate::reports
