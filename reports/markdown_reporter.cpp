// Markdown: an architecture checklist for pull-request comments (GitHub
// flavoured). A title, a summary line, the findings grouped by rule in
// catalog order (a heading, a table, the rule's remedy), then every catalog
// rule ticked or crossed. See docs/output-formats.md.
//
// Why cells are escaped this aggressively: finding text comes from lockfiles
// and manifests someone else wrote; a '|' would split the table, a newline
// would end it, and '<', '*', '[' or '`' would let that text inject markup or
// links into the comment.
#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/formats.hpp"
#include "rules/rule.hpp"

namespace archgate::reports {

namespace {

// Escapes text for a GFM table cell or a list item (also safe in headings).
std::string md_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    switch (c) {
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') {
          ++i;
        }
        out += "<br>";
        break;
      case '\n':
        out += "<br>";
        break;
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '~':
        out.push_back('\\');
        out.push_back(c);
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
          out.push_back(' ');  // other control characters: no meaning in a comment
        } else {
          out.push_back(c);
        }
        break;
    }
  }
  return out;
}

std::string_view icon(core::Severity s) {
  switch (s) {
    case core::Severity::error:
      return "❌";
    case core::Severity::warning:
      return "⚠️";
    case core::Severity::note:
      return "ℹ️";
  }
  return "⚠️";
}

std::string location_text(const core::Location& l) {
  if (l.file.empty()) {
    return "(project)";
  }
  std::string s = l.file;
  if (l.line > 0) {
    s += ':' + std::to_string(l.line);
    if (l.column > 0) {
      s += ':' + std::to_string(l.column);
    }
  }
  return s;
}

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + ' ' + std::string(word) + (n == 1 ? "" : "s");
}

class MarkdownReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    out << "## archgate architecture check\n\n";
    if (r.findings.empty()) {
      out << "**No findings.**";
    } else {
      out << "**" << plural(r.findings.size(), "finding") << "**: "
          << icon(core::Severity::error) << ' ' << plural(r.count(core::Severity::error), "error")
          << " · " << icon(core::Severity::warning) << ' '
          << plural(r.count(core::Severity::warning), "warning") << " · "
          << icon(core::Severity::note) << ' ' << plural(r.count(core::Severity::note), "note");
    }
    out << '\n';
    if (r.incomplete()) {
      out << "\n> ⚠️ **Analysis incomplete**: " << plural(r.errors.size(), "input")
          << " could not be read, so findings "
          << "may be missing.\n";
      for (const auto& e : r.errors) {
        out << ">\n> - " << md_escape(e.to_string()) << '\n';
      }
    }

    // Groups in catalog order, then rules the catalog does not know.
    std::vector<std::string_view> order = checked_rule_ids(r);
    std::vector<std::string_view> unknown;
    for (const auto& f : r.findings) {
      if (rules::find_rule(f.rule) == nullptr &&
          std::find(unknown.begin(), unknown.end(), f.rule) == unknown.end()) {
        unknown.emplace_back(f.rule);
      }
    }
    std::sort(unknown.begin(), unknown.end());
    order.insert(order.end(), unknown.begin(), unknown.end());

    for (auto id : order) {
      bool any = std::any_of(r.findings.begin(), r.findings.end(),
                             [&](const core::Finding& f) { return f.rule == id; });
      if (!any) {
        continue;
      }
      const auto* info = rules::find_rule(id);
      out << "\n### " << md_escape(id);
      if (info != nullptr) {
        out << " — " << md_escape(info->title);
      }
      out << "\n\n| | Location | Message |\n|---|---|---|\n";
      for (const auto& f : r.findings) {
        if (f.rule != id) {
          continue;
        }
        out << "| " << icon(f.severity) << " | " << md_escape(location_text(f.location))
            << " | " << md_escape(f.message);
        for (const auto& ev : f.evidence) {
          out << "<br>" << md_escape(ev);
        }
        if (!f.remediation.empty() && (info == nullptr || f.remediation != info->remedy)) {
          out << "<br>**Fix:** " << md_escape(f.remediation);
        }
        out << " |\n";
      }
      if (info != nullptr && !info->remedy.empty()) {
        out << "\n**Remedy:** " << md_escape(info->remedy) << '\n';
      }
    }

    out << "\n<details><summary>Rules checked</summary>\n\n";
    for (auto id : order) {
      std::optional<core::Severity> worst;
      for (const auto& f : r.findings) {
        if (f.rule == id && (!worst || f.severity > *worst)) {
          worst = f.severity;
        }
      }
      const auto* info = rules::find_rule(id);
      out << "- " << (worst ? icon(*worst) : std::string_view("✅")) << ' ' << md_escape(id);
      if (info != nullptr) {
        out << " — " << md_escape(info->title);
      }
      out << '\n';
    }
    out << "\n</details>\n";
  }
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions&) {
  return std::make_unique<MarkdownReporter>();
}

}  // namespace archgate::reports
