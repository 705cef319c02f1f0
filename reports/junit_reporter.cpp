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
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/formats.hpp"

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

// A testcase name that stays the same from run to run: rule and subject,
// never the line or the message (CI test tabs track tests by name).
std::string stable_name(const core::Finding& f) {
  const std::string& subject = f.subject.empty() ? f.package : f.subject;
  std::string name = f.rule.str();
  if (!f.location.file.empty()) {
    name += " " + f.location.file;
  }
  if (!subject.empty()) {
    name += " " + subject;
  }
  return name;
}

class JunitReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    auto fails = [&](const core::Finding& f) { return r.fail_on && f.severity >= *r.fail_on; };
    std::size_t failures = 0;
    for (const auto& f : r.findings) {
      failures += fails(f) ? 1 : 0;
    }
    std::vector<const core::RuleOutcome*> clean_rules;
    std::vector<const core::RuleOutcome*> unchecked;
    for (const auto* o : r.selected()) {
      if (o->status == core::RuleStatus::clean) {
        clean_rules.push_back(o);
      } else if (o->status == core::RuleStatus::not_checked) {
        unchecked.push_back(o);
      }
    }
    // Checklist items: fail and partial are failures, n/a and not checked
    // are skipped.
    std::size_t item_failures = 0;
    std::size_t item_skipped = 0;
    for (const auto& i : r.checklist) {
      item_failures += i.verdict == core::Verdict::fail || i.verdict == core::Verdict::partial ? 1 : 0;
      item_skipped += i.verdict == core::Verdict::not_applicable || i.verdict == core::Verdict::not_checked ? 1 : 0;
    }
    failures += item_failures;
    std::size_t tests =
        r.findings.size() + clean_rules.size() + unchecked.size() + r.errors.size() + r.checklist.size();

    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out << "<testsuite name=\"archgate\" tests=\"" << tests << "\" failures=\"" << failures
        << "\" errors=\"" << r.errors.size() << "\" skipped=\"" << unchecked.size() + item_skipped << "\">\n";
    out << "  <properties>\n    <property name=\"archgate.version\" value=\""
        << xml_escape(r.tool_version) << "\"/>\n";
    if (!r.root.empty()) {
      out << "    <property name=\"archgate.root\" value=\"" << xml_escape(r.root) << "\"/>\n";
    }
    out << "    <property name=\"archgate.verdict\" value=\"" << xml_escape(r.verdict()) << "\"/>\n";
    out << "  </properties>\n";

    for (const auto& e : r.errors) {
      out << "  <testcase classname=\"archgate/input\" name=\"" << xml_escape(e.to_string())
          << "\">\n    <error message=\"" << xml_escape(e.message)
          << "\" type=\"input-error\">" << xml_escape(e.to_string())
          << "</error>\n  </testcase>\n";
    }
    for (const auto& i : r.checklist) {
      out << "  <testcase classname=\"archgate/checklist\" name=\"" << xml_escape(i.id) << "\"";
      std::string details = i.reason;
      for (const auto& e : i.evidence) {
        details += "\n" + (e.file.empty() ? std::string() : e.file + (e.line > 0 ? ":" + std::to_string(e.line) : "") + ": ") +
                   e.note;
      }
      if (!i.remediation.empty()) details += "\nfix: " + i.remediation;
      switch (i.verdict) {
        case core::Verdict::fail:
        case core::Verdict::partial:
          out << ">\n    <failure message=\"" << xml_escape(std::string(core::to_string(i.verdict)) + ": " + i.reason)
              << "\" type=\"checklist-" << core::to_string(i.verdict) << "\">" << xml_escape(details)
              << "</failure>\n  </testcase>\n";
          break;
        case core::Verdict::not_applicable:
        case core::Verdict::not_checked:
          // The reason is the element's text: Jenkins' junit-4.xsd allows no
          // attribute on <skipped>, and Jenkins and GitLab read the text.
          out << ">\n    <skipped>" << xml_escape(std::string(core::to_string(i.verdict)) + ": " + i.reason)
              << "</skipped>\n  </testcase>\n";
          break;
        case core::Verdict::pass:
          out << ">\n    <system-out>" << xml_escape(details) << "</system-out>\n  </testcase>\n";
          break;
      }
    }
    std::map<std::string, int> seen;
    for (const auto& f : r.findings) {
      auto name = stable_name(f);
      if (int n = ++seen[name]; n > 1) {
        name += " #" + std::to_string(n);
      }
      out << "  <testcase classname=\"" << xml_escape(f.rule) << "\" name=\""
          << xml_escape(name) << "\"";
      if (!f.location.file.empty()) {
        out << " file=\"" << xml_escape(f.location.file) << "\"";
        if (f.location.line > 0) {
          out << " line=\"" << f.location.line << "\"";
        }
      }
      out << ">\n";
      if (!fails(f)) {
        out << "    <system-out>" << xml_escape(finding_details(f)) << "</system-out>\n";
      } else {
        out << "    <failure message=\"" << xml_escape(f.message) << "\" type=\""
            << core::to_string(f.severity) << "\">" << xml_escape(finding_details(f))
            << "</failure>\n";
      }
      out << "  </testcase>\n";
    }
    for (const auto* o : unchecked) {
      out << "  <testcase classname=\"" << xml_escape(o->info.id) << "\" name=\""
          << xml_escape(o->info.id) << "\">\n    <skipped>not checked: "
          << xml_escape(o->reason) << "</skipped>\n  </testcase>\n";
    }
    for (const auto* o : clean_rules) {
      out << "  <testcase classname=\"" << xml_escape(o->info.id) << "\" name=\""
          << xml_escape(o->info.id) << "\"/>\n";
    }
    out << "</testsuite>\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_junit_reporter(const ReportOptions&) {
  return std::make_unique<JunitReporter>();
}

}  // namespace archgate::reports
