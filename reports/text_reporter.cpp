// Plain text for a terminal: the verdict against --fail-on, the causes that
// one fix clears most findings of, the rules that could not be checked, then
// the findings by severity, compiler style. Findings of one rule in one file
// that share a cause print as one line with a count and examples (--all
// prints each).
//   archgate check . — fails: 2 errors
//   yarn.lock:12:3: warning: 464 packages are pinned only by sha1, e.g. accepts@1.3.5, … [lockfile/weak-integrity]
//   package.json:12:5: error: express: package.json wants "^5.1.0" but … [lockfile/out-of-sync]
//     note: …
//     fix: Run the package manager's install …
#include <algorithm>
#include <map>
#include <ostream>

#include "reports/formats.hpp"

namespace archgate::reports {

namespace {

// The checklist: failing items first, then partial, passing and n/a, one
// line each; items that could not be judged in one line at the end.
void write_checklist(const core::AuditResult& r, std::ostream& out, bool color) {
  auto paint = [color](std::string_view s, std::string_view code) {
    return color ? "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m" : std::string(s);
  };
  if (r.checklist.empty()) return;
  std::size_t width = 0;
  std::map<core::Verdict, std::size_t> counts;
  for (const auto& i : r.checklist) {
    width = std::max(width, i.id.size());
    ++counts[i.verdict];
  }
  out << "\nArchitecture checklist (" << counts[core::Verdict::fail] << " fail, " << counts[core::Verdict::partial]
      << " partial, " << counts[core::Verdict::pass] << " pass, " << counts[core::Verdict::not_applicable]
      << " n/a";
  if (counts[core::Verdict::not_checked] > 0) out << ", " << counts[core::Verdict::not_checked] << " not checked";
  out << ")\n";
  for (auto v : {core::Verdict::fail, core::Verdict::partial, core::Verdict::pass, core::Verdict::not_applicable}) {
    for (const auto& i : r.checklist) {
      if (i.verdict != v) continue;
      const char* mark = v == core::Verdict::fail      ? "✗"
                         : v == core::Verdict::partial ? "◐"
                         : v == core::Verdict::pass    ? "✓"
                                                       : "–";
      const char* tint = v == core::Verdict::fail ? "1;31" : v == core::Verdict::partial ? "1;33" : "32";
      out << "  " << paint(mark, tint) << ' ' << i.id << std::string(width + 2 - i.id.size(), ' ') << i.reason << '\n';
    }
  }
  std::map<std::string, std::vector<std::string_view>> by_reason;
  for (const auto& i : r.checklist) {
    if (i.verdict == core::Verdict::not_checked) by_reason[i.reason].push_back(i.id);
  }
  for (const auto& [reason, ids] : by_reason) {
    out << "  · not checked: ";
    for (std::size_t k = 0; k < ids.size(); ++k) out << (k ? ", " : "") << ids[k];
    out << " — " << reason << '\n';
  }
}

class TextReporter final : public Reporter {
 public:
  explicit TextReporter(ReportOptions o) : m_opts(o) {}

  void write(const core::AuditResult& r, std::ostream& out) const override {
    out << "archgate check " << (r.root.empty() ? "." : r.root) << " — "
        << paint(r.verdict(), r.failing() + r.failing_items() > 0 || r.incomplete() ? "1;31" : "1;32") << '\n';
    for (const auto& e : r.errors) {
      out << paint("error", "1;31") << ": " << e.to_string() << " (not analysed)\n";
    }
    if (r.comparison) {
      const auto& c = *r.comparison;
      out << "Compared with the " << c.against << ": " << r.findings.size() << " new finding"
          << (r.findings.size() == 1 ? "" : "s") << "; " << c.unchanged << " it has too are not shown\n";
      for (const auto& i : c.items) {
        out << "  checklist " << i.id << ": " << core::to_string(i.from) << " → " << core::to_string(i.to) << '\n';
      }
    }
    write_checklist(r, out, m_opts.color);
    auto causes = core::rank_root_causes(r, 5);
    if (!causes.empty() && !m_opts.all) {
      out << "\nWhat to fix first (findings one fix clears):\n";
      for (std::size_t i = 0; i < causes.size(); ++i) {
        const auto& c = causes[i];
        out << "  " << i + 1 << ". " << c.label << " — " << c.count << " findings (";
        for (std::size_t k = 0; k < c.rules.size(); ++k) {
          out << (k ? ", " : "") << c.rules[k];
        }
        out << ")\n";
      }
    }
    auto unchecked = r.not_checked();
    if (!unchecked.empty()) {
      out << '\n' << paint("Not checked", "1;33") << " (these rules could not run; they did not pass):\n";
      for (const auto& [reason, ids] : unchecked) {
        out << "  " << id_list(ids) << ": " << reason << '\n';
      }
    }
    if (!r.findings.empty()) {
      out << '\n';
    }
    if (m_opts.all) {
      auto sorted = by_severity(r);
      for (const auto* f : sorted) {
        write_one(*f, out);
      }
    } else {
      write_grouped(r, out);
    }
    out << '\n'
        << r.findings.size() << (r.findings.size() == 1 ? " finding" : " findings") << ": "
        << r.count(core::Severity::error) << " error(s), " << r.count(core::Severity::warning)
        << " warning(s), " << r.count(core::Severity::note) << " note(s)";
    if (r.incomplete()) {
      out << "; analysis incomplete: " << r.errors.size() << " input(s) could not be read";
    }
    out << '\n';
  }

 private:
  static std::vector<const core::Finding*> by_severity(const core::AuditResult& r) {
    std::vector<const core::Finding*> v;
    for (const auto& f : r.findings) {
      v.push_back(&f);
    }
    std::stable_sort(v.begin(), v.end(), [](const core::Finding* a, const core::Finding* b) {
      return a->severity > b->severity;
    });
    return v;
  }

  void write_one(const core::Finding& f, std::ostream& out) const {
    out << location_prefix(f.location) << severity(f.severity) << ": " << f.message << " ["
        << f.rule << "]\n";
    for (const auto& ev : f.evidence) {
      out << "  note: " << ev << '\n';
    }
    for (const auto& rel : f.related) {
      out << "  note: " << location_prefix(rel) << "locked here\n";
    }
    if (!f.remediation.empty()) {
      out << "  fix: " << f.remediation << '\n';
    }
  }

  void write_grouped(const core::AuditResult& r, std::ostream& out) const {
    auto groups = core::group_findings(r);
    std::map<std::string, std::size_t> shown;
    std::map<std::string, std::pair<std::size_t, std::size_t>> hidden;  // groups, findings
    for (const auto& g : groups) {
      if (++shown[g.rule] > k_groups_per_rule) {
        auto& h = hidden[g.rule];
        ++h.first;
        h.second += g.members.size();
        continue;
      }
      if (g.members.size() < k_group_min) {
        for (const auto* f : g.members) {
          write_one(*f, out);
        }
        continue;
      }
      const auto& first = *g.members.front();
      out << location_prefix(first.location) << severity(g.severity) << ": "
          << group_headline(r, g) << ", e.g. " << group_examples(g, 3) << " [" << g.rule << "]\n";
      if (auto fix = group_fix(r, g); !fix.empty()) {
        out << "  fix: " << fix << '\n';
      }
    }
    for (const auto& [rule, h] : hidden) {
      out << "… " << rule << ": " << h.second << " more findings in " << h.first
          << " more files (--all lists each)\n";
    }
  }

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
