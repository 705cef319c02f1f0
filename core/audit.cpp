#include "core/audit.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace archgate::core {

std::string_view to_string(RuleStatus s) {
  switch (s) {
    case RuleStatus::clean:
      return "clean";
    case RuleStatus::findings:
      return "findings";
    case RuleStatus::not_checked:
      return "not-checked";
    case RuleStatus::off:
      return "off";
  }
  return "off";
}

std::size_t AuditResult::count(Severity s) const {
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [s](const Finding& f) { return f.severity == s; }));
}

std::size_t AuditResult::failing() const {
  if (!fail_on) {
    return 0;
  }
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [this](const Finding& f) { return f.severity >= *fail_on; }));
}

std::size_t AuditResult::failing_items() const {
  if (!fail_on_items) {
    return 0;
  }
  return static_cast<std::size_t>(std::count_if(checklist.begin(), checklist.end(), [this](const ChecklistItem& i) {
    return i.verdict == Verdict::fail || (*fail_on_items == Verdict::partial && i.verdict == Verdict::partial);
  }));
}

const RuleOutcome* AuditResult::rule(std::string_view id) const {
  for (const auto& r : rules) {
    if (r.info.id == id) {
      return &r;
    }
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::vector<std::string_view>>> AuditResult::not_checked()
    const {
  std::vector<std::pair<std::string, std::vector<std::string_view>>> out;
  for (const auto& r : rules) {
    if (r.status != RuleStatus::not_checked) {
      continue;
    }
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == r.reason; });
    if (it == out.end()) {
      out.push_back({r.reason, {}});
      it = out.end() - 1;
    }
    it->second.push_back(r.info.id);
  }
  return out;
}

std::vector<const RuleOutcome*> AuditResult::selected() const {
  std::vector<const RuleOutcome*> out;
  for (const auto& r : rules) {
    if (r.status != RuleStatus::off) {
      out.push_back(&r);
    }
  }
  return out;
}

namespace {

std::string counted(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

std::string AuditResult::verdict() const {
  if (incomplete()) {
    return "incomplete: " + counted(errors.size(), "input") + " could not be read";
  }
  std::vector<std::string> parts;
  if (fail_on) {
    for (auto s : {Severity::error, Severity::warning, Severity::note}) {
      if (s >= *fail_on && count(s) > 0) {
        parts.push_back(counted(count(s), to_string(s)));
      }
    }
  }
  if (auto n = failing_items(); n > 0) {
    bool one = n == 1;
    parts.push_back(counted(n, "checklist item") +
                    (*fail_on_items == Verdict::partial ? (one ? " fails or is partial" : " fail or are partial")
                                                        : (one ? " fails" : " fail")));
  }
  if (parts.empty()) {
    if (!fail_on && !fail_on_items) {
      return "passes (--fail-on none): " + counted(findings.size(), "finding");
    }
    std::string gate = fail_on ? "nothing at or above " + std::string(to_string(*fail_on)) : std::string();
    if (fail_on_items) {
      gate += std::string(gate.empty() ? "" : "; ") + "no checklist item " +
              (*fail_on_items == Verdict::partial ? "fails or is partial" : "fails");
    }
    return "passes: " + gate;
  }
  std::string out = "fails: ";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i ? ", " : "") + parts[i];
  }
  return out;
}

std::vector<FindingGroup> group_findings(const AuditResult& result) {
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, std::size_t> index;
  std::vector<FindingGroup> groups;
  for (const auto& f : result.findings) {
    std::string_view cause = f.cause;
    auto key = std::make_tuple(std::string_view(f.rule), std::string_view(f.location.file), cause);
    auto [it, added] = index.emplace(key, groups.size());
    if (added) {
      FindingGroup g;
      g.rule = f.rule;
      g.file = f.location.file;
      g.cause = std::string(cause);
      g.severity = f.severity;
      groups.push_back(std::move(g));
    }
    auto& g = groups[it->second];
    g.members.push_back(&f);
    g.severity = std::max(g.severity, f.severity);
  }
  std::stable_sort(groups.begin(), groups.end(), [](const FindingGroup& a, const FindingGroup& b) {
    if (a.severity != b.severity) {
      return a.severity > b.severity;
    }
    return std::tie(a.rule, a.file) < std::tie(b.rule, b.file);
  });
  return groups;
}

std::vector<RootCause> rank_root_causes(const AuditResult& result, std::size_t limit) {
  // Keyed by views into the findings: 50,000 findings of one root copy no
  // text, and a finding whose root is the previous one's shared text (the
  // usual case: one rule emits a root's findings together) skips the lookup.
  struct Tally {
    RootCause rc;
    std::set<std::string_view> rules;
  };
  std::map<std::string_view, Tally> by_label;
  Tally* last = nullptr;
  const char* last_text = nullptr;
  for (const auto& f : result.findings) {
    // Only a root a rule named is one fix; findings that merely share a
    // cause (three heavy dependencies) are three fixes.
    if (f.root.empty()) {
      continue;
    }
    std::string_view label = f.root;
    if (last == nullptr || label.data() != last_text) {
      auto [it, fresh] = by_label.try_emplace(label);
      if (fresh) it->second.rc.label = std::string(label);
      last = &it->second;
      last_text = label.data();
    }
    ++last->rc.count;
    last->rc.severity = std::max(last->rc.severity, f.severity);
    last->rules.insert(f.rule.view());
  }
  std::vector<RootCause> out;
  for (auto& [label, t] : by_label) {
    if (t.rc.count < 2) {
      continue;
    }
    for (auto r : t.rules) t.rc.rules.emplace_back(r);
    out.push_back(std::move(t.rc));
  }
  // Roots of notes only (generated files not generated in this checkout)
  // come after every root of a warning or error, whatever their count.
  std::stable_sort(out.begin(), out.end(), [](const RootCause& a, const RootCause& b) {
    bool a_note = a.severity <= Severity::note;
    bool b_note = b.severity <= Severity::note;
    if (a_note != b_note) {
      return b_note;
    }
    if (a.count != b.count) {
      return a.count > b.count;
    }
    return a.severity > b.severity;
  });
  if (out.size() > limit) {
    out.resize(limit);
  }
  return out;
}

}  // namespace archgate::core
