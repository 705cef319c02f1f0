// HTML: one self-contained page (inline CSS; no scripts, no external
// resources) to archive as a CI artifact or mail around: a summary, the
// inputs that could not be read, and a table of findings with severity
// badges, evidence and remediation. Every piece of text is HTML-escaped, so
// content copied from lockfiles cannot inject markup. See
// docs/output-formats.md.
#include <ostream>
#include <string>
#include <string_view>

#include "reports/formats.hpp"

namespace archgate::reports {

namespace {

// Escapes text for HTML element content and double- or single-quoted
// attribute values. C0 controls other than tab/newline/CR become U+FFFD.
std::string html_escape(std::string_view s) {
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
        out += "&#39;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
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
  if (l.file.empty()) {
    return "(project)";
  }
  std::string s = l.file.str();
  if (l.line > 0) {
    s += ':' + std::to_string(l.line);
    if (l.column > 0) {
      s += ':' + std::to_string(l.column);
    }
  }
  return s;
}

constexpr std::string_view k_style = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin:0 0 .5rem}
.summary{margin:.5rem 0 1.5rem;display:flex;gap:.75rem;flex-wrap:wrap}
.count{padding:.35rem .75rem;border-radius:6px;background:#f6f8fa;border:1px solid #d0d7de}
.incomplete{padding:.75rem 1rem;border-left:4px solid #bf8700;background:#fff8c5;margin-bottom:1.5rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;border-bottom:1px solid #d0d7de}
th{background:#f6f8fa}
td.loc,td.rule{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;white-space:nowrap}
.msg{white-space:pre-wrap}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:12px;font-weight:600;color:#fff}
.badge.error{background:#cf222e}.badge.warning{background:#9a6700}.badge.note{background:#0969da}
.checklist{margin:0 0 1.5rem}.item{border:1px solid #d0d7de;border-radius:6px;margin:.3rem 0;padding:.35rem .6rem}
.item summary{cursor:pointer}.item .v{display:inline-block;min-width:5.5rem;font-weight:600}
.item.fail .v{color:#cf222e}.item.partial .v{color:#9a6700}.item.pass .v{color:#1a7f37}.item.na .v,.item.not-checked .v{color:#57606a}
.item .fix{color:#57606a;margin:.3rem 0}
ul.evidence{margin:.3rem 0 0;padding-left:1.1rem;color:#57606a;font-size:12px}
.fix{margin-top:.3rem;color:#1a7f37}
.rule-title{color:#57606a;font-family:system-ui,sans-serif;white-space:normal}
footer{margin-top:2rem;color:#57606a;font-size:12px}
)css";

class HtmlReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        // Self-contained, and provably so: the browser refuses any script
        // and any resource from outside the page (scripts/check-html.sh).
        << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        << "<title>archgate report";
    if (!r.root.empty()) {
      out << " — " << html_escape(r.root);
    }
    out << "</title>\n<style>" << k_style << "</style>\n</head>\n<body>\n";
    out << "<h1>archgate report</h1>\n";
    if (!r.root.empty()) {
      out << "<p>Project: <code>" << html_escape(r.root) << "</code></p>\n";
    }
    out << "<div class=\"summary\">"
        << "<span class=\"count\">" << r.findings.size()
        << (r.findings.size() == 1 ? " finding" : " findings") << "</span>"
        << "<span class=\"count\"><span class=\"badge error\">error</span> "
        << r.count(core::Severity::error) << "</span>"
        << "<span class=\"count\"><span class=\"badge warning\">warning</span> "
        << r.count(core::Severity::warning) << "</span>"
        << "<span class=\"count\"><span class=\"badge note\">note</span> "
        << r.count(core::Severity::note) << "</span></div>\n";

    if (r.incomplete()) {
      out << "<div class=\"incomplete\"><strong>Analysis incomplete:</strong> " << r.errors.size()
          << (r.errors.size() == 1 ? " input" : " inputs")
          << " could not be read, so findings may be missing.<ul>\n";
      for (const auto& e : r.errors) {
        out << "<li><code>" << html_escape(e.to_string()) << "</code></li>\n";
      }
      out << "</ul></div>\n";
    }

    out << "<p class=\"verdict\"><strong>" << html_escape(r.verdict()) << "</strong></p>\n";
    if (!r.checklist.empty()) {
      // The checklist on top: one expandable row per item, failing first.
      out << "<h2>Architecture checklist</h2>\n<div class=\"checklist\">\n";
      for (auto v : {core::Verdict::fail, core::Verdict::partial, core::Verdict::pass, core::Verdict::not_applicable,
                     core::Verdict::not_checked}) {
        for (const auto& i : r.checklist) {
          if (i.verdict != v) continue;
          auto verdict = std::string(core::to_string(i.verdict));
          out << "<details class=\"item " << (v == core::Verdict::not_applicable ? "na" : verdict) << "\"><summary><span class=\"v\">"
              << html_escape(verdict) << "</span> <code>" << html_escape(i.id) << "</code> " << html_escape(i.reason)
              << "</summary>\n";
          if (!i.evidence.empty()) {
            out << "<ul>\n";
            for (const auto& e : i.evidence) {
              out << "<li>";
              if (!e.file.empty()) {
                out << "<code>" << html_escape(e.file) << (e.line > 0 ? ":" + std::to_string(e.line) : "") << "</code> ";
              }
              out << html_escape(e.note) << "</li>\n";
            }
            out << "</ul>\n";
          }
          if (!i.remediation.empty()) out << "<p class=\"fix\">" << html_escape(i.remediation) << "</p>\n";
          out << "</details>\n";
        }
      }
      out << "</div>\n";
    }
    std::vector<const core::RuleOutcome*> unchecked;
    for (const auto* o : r.selected()) {
      if (o->status == core::RuleStatus::not_checked) {
        unchecked.push_back(o);
      }
    }
    if (!unchecked.empty()) {
      out << "<div class=\"incomplete\"><strong>Not checked:</strong><ul>\n";
      for (const auto* o : unchecked) {
        out << "<li><code>" << html_escape(o->info.id) << "</code>: " << html_escape(o->reason)
            << "</li>\n";
      }
      out << "</ul></div>\n";
    }
    if (r.findings.empty()) {
      out << "<p>No findings.</p>\n";
    } else {
      out << "<table>\n<thead><tr><th>Severity</th><th>Rule</th><th>Location</th>"
          << "<th>Finding</th></tr></thead>\n<tbody>\n";
      for (const auto& f : r.findings) {
        auto sev = core::to_string(f.severity);
        const auto* outcome = r.rule(f.rule);
        const auto* info = outcome != nullptr ? &outcome->info : nullptr;
        out << "<tr><td><span class=\"badge " << sev << "\">" << sev << "</span></td>"
            << "<td class=\"rule\">" << html_escape(f.rule);
        if (info != nullptr) {
          out << "<div class=\"rule-title\">" << html_escape(info->title) << "</div>";
        }
        out << "</td><td class=\"loc\">" << html_escape(location_text(f.location)) << "</td>"
            << "<td><div class=\"msg\">" << html_escape(f.message) << "</div>";
        if (!f.package.empty()) {
          out << "<div>Package: <code>" << html_escape(f.package) << "</code></div>";
        }
        if (!f.evidence.empty()) {
          out << "<ul class=\"evidence\">";
          for (const auto& ev : f.evidence) {
            out << "<li>" << html_escape(ev) << "</li>";
          }
          out << "</ul>";
        }
        std::string_view fix = f.remediation;
        if (fix.empty() && info != nullptr) {
          fix = info->remedy;
        }
        if (!fix.empty()) {
          out << "<div class=\"fix\"><strong>Fix:</strong> " << html_escape(fix) << "</div>";
        }
        out << "</td></tr>\n";
      }
      out << "</tbody>\n</table>\n";
    }
    out << "<footer>Generated by archgate " << html_escape(r.tool_version) << "</footer>\n"
        << "</body>\n</html>\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_html_reporter(const ReportOptions&) {
  return std::make_unique<HtmlReporter>();
}

}  // namespace archgate::reports
