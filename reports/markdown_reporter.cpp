// Markdown: an architecture checklist for pull-request comments (GitHub
// flavoured). A title, the verdict against --fail-on, the rules that could
// not be checked, the causes one fix clears most findings of, the findings by
// rule in catalog order (a heading, a table with one row per cause, the
// rule's remedy), then every selected rule ticked, crossed or paused. See
// docs/output-formats.md.
//
// It must fit a pull-request comment (GitHub: 65,536 characters). The
// checklist, its details and the summary always fit; finding sections are
// added worst first while they fit, and what was left out is said, with
// where to find it.
//
// Why cells are escaped this aggressively: finding text comes from lockfiles
// and manifests someone else wrote; a '|' would split the table, a newline
// would end it, and '<', '*', '[' or '`' would let that text inject markup or
// links into the comment.
#include <algorithm>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "reports/formats.hpp"
#include "reports/markdown.hpp"

namespace archgate::reports {

std::string md_code(std::string_view s) {
  std::string out = "`";
  for (char c : s) {
    if (c == '`' || c == '\n' || c == '\r') {
      out += ' ';
    } else if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out + "`";
}

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

std::string md_prose(std::string_view s) {
  if (std::count(s.begin(), s.end(), '`') % 2 != 0) return md_escape(s);
  std::string out;
  bool code = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && s[i] != '`') continue;
    auto part = s.substr(start, i - start);
    out += code ? (part.empty() ? std::string("``") : md_code(part)) : md_escape(part);
    code = !code;
    start = i + 1;
  }
  return out;
}

namespace {

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
  std::string s = l.file.str();
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
  explicit MarkdownReporter(ReportOptions o) : m_opts(o) {}

  // Bytes, not characters: a byte budget is never over the character limit.
  static constexpr std::size_t k_budget = 65'536 - 1'024;  // room for the closing note

  void write(const core::AuditResult& r, std::ostream& final_out) const override {
    std::ostringstream out;
    out << "## archgate architecture check\n\n";
    out << "**" << md_escape(r.verdict()) << "**";
    if (!r.findings.empty()) {
      out << " — " << plural(r.findings.size(), "finding") << ": "
          << icon(core::Severity::error) << ' ' << plural(r.count(core::Severity::error), "error")
          << " · " << icon(core::Severity::warning) << ' '
          << plural(r.count(core::Severity::warning), "warning") << " · "
          << icon(core::Severity::note) << ' ' << plural(r.count(core::Severity::note), "note");
    }
    out << '\n';
    if (r.comparison) {
      out << "\nCompared with the " << md_escape(r.comparison->against) << ": **" << plural(r.findings.size(), "new finding")
          << "**; " << r.comparison->unchanged << " it has too are not shown.\n";
      for (const auto& i : r.comparison->items) {
        out << "- checklist `" << i.id << "`: " << core::to_string(i.from) << " → " << core::to_string(i.to) << '\n';
      }
    }
    if (r.incomplete()) {
      out << "\n> ⚠️ **Analysis incomplete**: " << plural(r.errors.size(), "input")
          << " could not be read, so findings "
          << "may be missing.\n";
      for (const auto& e : r.errors) {
        out << ">\n> - " << md_escape(e.to_string()) << '\n';
      }
    }
    if (!r.checklist.empty()) {
      // The checklist as a table, failing items first.
      out << "\n| | Item | Verdict |\n|---|---|---|\n";
      for (auto v : {core::Verdict::fail, core::Verdict::partial, core::Verdict::pass, core::Verdict::not_applicable,
                     core::Verdict::not_checked}) {
        for (const auto& i : r.checklist) {
          if (i.verdict != v) continue;
          const char* mark = v == core::Verdict::fail      ? "❌"
                             : v == core::Verdict::partial ? "🟡"
                             : v == core::Verdict::pass    ? "✅"
                             : v == core::Verdict::not_applicable ? "➖"
                                                                  : "⏸️";
          out << "| " << mark << " | `" << i.id << "` | " << md_escape(i.reason) << " |\n";
        }
      }
      // Details of what fails or is partial: the evidence a reviewer opens.
      for (const auto& i : r.checklist) {
        if (i.verdict != core::Verdict::fail && i.verdict != core::Verdict::partial) continue;
        out << "\n<details><summary><code>" << i.id << "</code> — " << md_escape(i.title) << "</summary>\n\n";
        for (std::size_t k = 0; k < i.evidence.size() && k < 5; ++k) {
          const auto& e = i.evidence[k];
          std::string where = e.file;
          if (!where.empty() && e.line > 0) where += ":" + std::to_string(e.line);
          out << "- " << (where.empty() ? "" : md_code(where) + " ") << md_escape(e.note) << '\n';
        }
        if (!i.findings.empty()) out << "- " << plural(i.findings.size(), "finding") << " behind it (below)\n";
        if (!i.remediation.empty()) out << "\n**Do:** " << md_prose(i.remediation) << '\n';
        out << "\n</details>\n";
      }
    }
    auto unchecked = r.not_checked();
    if (!unchecked.empty()) {
      out << "\n> ⏸️ **Not checked** (these rules could not run; they did not pass):\n";
      for (const auto& [reason, ids] : unchecked) {
        out << ">\n> - " << md_escape(id_list(ids)) << ": " << md_escape(reason) << '\n';
      }
    }
    auto causes = core::rank_root_causes(r, 5);
    if (!causes.empty() && !m_opts.all) {
      out << "\n**What to fix first** (findings one fix clears):\n\n";
      for (std::size_t i = 0; i < causes.size(); ++i) {
        out << i + 1 << ". " << md_escape(causes[i].label) << " — "
            << plural(causes[i].count, "finding") << '\n';
      }
    }

    auto groups = core::group_findings(r);
    // Sections in catalog order (rules outside the catalog last).
    std::vector<std::string_view> order;
    for (const auto& o : r.rules) {
      order.push_back(o.info.id);
    }
    for (const auto& g : groups) {
      if (std::find(order.begin(), order.end(), g.rule) == order.end()) {
        order.emplace_back(g.rule);
      }
    }
    // Worst severity first; catalog order among equals.
    auto worst = [&](std::string_view id) {
      int w = -1;
      for (const auto& g : groups) {
        if (g.rule == id) {
          w = std::max(w, static_cast<int>(g.severity));
        }
      }
      return w;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](std::string_view a, std::string_view b) { return worst(a) > worst(b); });
    std::size_t left_out = 0;
    std::vector<std::string_view> left_out_rules;
    for (auto id : order) {
      std::ostringstream section;
      std::size_t in_section = section_for(r, groups, id, section);
      if (in_section == 0) continue;
      if (out.tellp() + section.tellp() > static_cast<std::streamoff>(k_budget)) {
        left_out += in_section;
        left_out_rules.push_back(id);
        continue;
      }
      out << section.str();
    }
    if (left_out > 0) {
      out << "\n> ✂️ **" << plural(left_out, "more finding") << "** of " << plural(left_out_rules.size(), "rule")
          << " (" << md_escape(id_list(left_out_rules))
          << ") are not shown, to fit a pull-request comment (65,536 characters). `archgate check --format json` "
          << "or `--format html` lists every one.\n";
    }

    std::ostringstream rules;
    rules << "\n<details><summary>Rules checked</summary>\n\n";
    for (const auto* o : r.selected()) {
      std::optional<core::Severity> worst_sev;
      for (const auto& f : r.findings) {
        if (f.rule == o->info.id && (!worst_sev || f.severity > *worst_sev)) {
          worst_sev = f.severity;
        }
      }
      std::string_view mark = worst_sev ? icon(*worst_sev)
                              : o->status == core::RuleStatus::not_checked ? std::string_view("⏸️")
                                                                            : std::string_view("✅");
      rules << "- " << mark << ' ' << md_escape(o->info.id) << " — " << md_escape(o->info.title);
      if (o->status == core::RuleStatus::not_checked) {
        rules << " (not checked: " << md_escape(o->reason) << ")";
      }
      rules << '\n';
    }
    rules << "\n</details>\n";
    if (out.tellp() + rules.tellp() <= static_cast<std::streamoff>(k_budget + 1'000)) {
      out << rules.str();
    } else {
      out << "\n_The list of rules checked is left out to fit; `--format json` has it._\n";
    }
    final_out << out.str();
  }

 private:
  // One rule's section; returns how many findings it holds (0: none).
  std::size_t section_for(const core::AuditResult& r, const std::vector<core::FindingGroup>& groups,
                          std::string_view id, std::ostream& out) const {
    std::size_t count = 0;
    {
      std::vector<const core::FindingGroup*> mine;
      for (const auto& g : groups) {
        if (g.rule == id) {
          mine.push_back(&g);
        }
      }
      if (mine.empty()) {
        return 0;
      }
      for (const auto* g : mine) count += g->members.size();
      const auto* outcome = r.rule(id);
      const auto* info = outcome != nullptr ? &outcome->info : nullptr;
      out << "\n### " << md_escape(id);
      if (info != nullptr) {
        out << " — " << md_escape(info->title);
      }
      out << "\n\n| | Location | Message |\n|---|---|---|\n";
      std::size_t shown = 0;
      std::size_t hidden = 0;
      for (const auto* g : mine) {
        if (!m_opts.all && ++shown > k_groups_per_rule) {
          hidden += g->members.size();
          continue;
        }
        if (m_opts.all || g->members.size() < k_group_min) {
          for (const auto* f : g->members) {
            row(*f, info, out);
          }
          continue;
        }
        out << "| " << icon(g->severity) << " | "
            << md_escape(location_text(g->members.front()->location)) << " | "
            << md_escape(group_headline(r, *g)) << ", e.g. "
            << md_escape(group_examples(*g, 3)) << " |\n";
      }
      if (hidden > 0) {
        out << "\n_" << plural(hidden, "more finding") << " of this rule in other files; "
            << "`--all` or `--format json` lists each._\n";
      }
      if (info != nullptr && !info->remedy.empty()) {
        out << "\n**Remedy:** " << md_prose(info->remedy) << '\n';
      }
    }
    return count;
  }

  static void row(const core::Finding& f, const core::RuleInfo* info, std::ostream& out) {
    out << "| " << icon(f.severity) << " | " << md_escape(location_text(f.location)) << " | "
        << md_escape(f.message);
    for (const auto& ev : f.evidence) {
      out << "<br>" << md_escape(ev);
    }
    if (!f.remediation.empty() && (info == nullptr || f.remediation != info->remedy)) {
      out << "<br>**Fix:** " << md_prose(f.remediation);
    }
    out << " |\n";
  }
  ReportOptions m_opts;
};

}  // namespace

std::unique_ptr<Reporter> make_markdown_reporter(const ReportOptions& options) {
  return std::make_unique<MarkdownReporter>(options);
}

}  // namespace archgate::reports
