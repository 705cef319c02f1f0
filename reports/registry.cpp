// name -> reporter table for --format.
#include "reports/formats.hpp"
#include "reports/reporter.hpp"
#include <algorithm>

namespace archgate::reports {

namespace {

struct Entry {
  std::string_view name;
  std::unique_ptr<Reporter> (*make)(const ReportOptions&);
};

const Entry k_formats[] = {
    {"text", make_text_reporter},
    {"json", make_json_reporter},
    {"sarif", make_sarif_reporter},
    {"markdown", make_markdown_reporter},
    {"junit", make_junit_reporter},
    {"html", make_html_reporter},
    {"gitlab", make_gitlab_reporter},
    // FORMATS: add new formats above this line.
};

}  // namespace

std::unique_ptr<Reporter> make_reporter(std::string_view format, const ReportOptions& options) {
  for (const auto& e : k_formats) {
    if (e.name == format) {
      return e.make(options);
    }
  }
  return nullptr;
}

std::string group_examples(const core::FindingGroup& g, std::size_t n) {
  // A package names itself; anything else (a pin) is told apart by its line.
  std::vector<std::string> labels;
  for (const auto* f : g.members) {
    std::string label = !f->package.empty() ? f->package : f->subject;
    if (f->package.empty() && f->location.line > 0) {
      label += (label.empty() ? "line " : " at line ") + std::to_string(f->location.line);
    }
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
      labels.push_back(std::move(label));
      if (labels.size() > n) {
        break;  // enough to know there are more: stays linear in n, not in the group
      }
    }
  }
  std::string out;
  for (std::size_t i = 0; i < labels.size() && i < n; ++i) {
    out += (i ? ", " : "") + labels[i];
  }
  if (labels.size() > n) {
    out += ", …";
  }
  return out;
}

std::string location_prefix(const core::Location& l) {
  if (l.file.empty()) {
    return {};
  }
  std::string s = l.file.str();
  if (l.line > 0) {
    s += ':' + std::to_string(l.line);
    if (l.column > 0) {
      s += ':' + std::to_string(l.column);
    }
  }
  return s + ": ";
}

std::string group_headline(const core::AuditResult& r, const core::FindingGroup& g) {
  auto n = std::to_string(g.members.size());
  if (!g.cause.empty()) {
    return n + " " + g.cause;
  }
  const auto* o = r.rule(g.rule);
  return n + " findings: " + (o != nullptr ? std::string(o->info.title) : g.rule);
}

std::string id_list(const std::vector<std::string_view>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < 4; ++i) {
    out += (i ? ", " : "") + std::string(ids[i]);
  }
  if (ids.size() > 4) {
    out += " and " + std::to_string(ids.size() - 4) + " more";
  }
  return out;
}

std::string group_fix(const core::AuditResult& r, const core::FindingGroup& g) {
  const auto& first = g.members.front()->remediation;
  bool same = std::all_of(g.members.begin(), g.members.end(),
                          [&](const core::Finding* f) { return f->remediation == first; });
  if (same && !first.empty()) {
    return first.str();
  }
  const auto* o = r.rule(g.rule);
  return o != nullptr ? std::string(o->info.remedy) : std::string();
}

std::vector<std::string_view> report_formats() {
  std::vector<std::string_view> out;
  for (const auto& e : k_formats) {
    out.push_back(e.name);
  }
  return out;
}

}  // namespace archgate::reports
