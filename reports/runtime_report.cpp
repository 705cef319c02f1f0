#include "reports/runtime_report.hpp"

#include "core/audit.hpp"
#include "reports/reporter.hpp"
#include "reports/table.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace archgate::reports {

using core::runtime::PinRole;
using core::runtime::ResolvedPin;
using core::NodeSchedule;
using json = nlohmann::ordered_json;

namespace {

std::string opt_day(const std::optional<core::Day>& d) { return d ? core::format_day(*d) : ""; }

json day_or_null(const std::optional<core::Day>& d) {
  return d ? json(core::format_day(*d)) : json(nullptr);
}

std::string paint(bool color, std::string_view s, std::string_view code) {
  if (!color) {
    return std::string(s);
  }
  return "\x1b[" + std::string(code) + "m" + std::string(s) + "\x1b[0m";
}

std::string severity_text(core::Severity s, bool color) {
  switch (s) {
    case core::Severity::error:
      return paint(color, "error", "1;31");
    case core::Severity::warning:
      return paint(color, "warning", "1;33");
    case core::Severity::note:
      return paint(color, "note", "1;36");
  }
  return "note";
}

json finding_json(const core::Finding& f) {
  json j;
  j["rule"] = f.rule;
  j["severity"] = std::string(core::to_string(f.severity));
  j["message"] = f.message;
  j["location"] = {{"file", f.location.file},
                   {"line", f.location.line},
                   {"column", f.location.column}};
  if (!f.package.empty()) {
    j["package"] = f.package;
  }
  if (!f.remediation.empty()) {
    j["remediation"] = f.remediation;
  }
  if (!f.evidence.empty()) {
    j["evidence"] = f.evidence;
  }
  j["fingerprint"] = f.fingerprint;
  return j;
}

}  // namespace

void write_runtime_text(const RuntimeReport& r, std::ostream& out, bool color) {
  const auto& a = *r.analysis;
  out << "Node.js runtime of " << r.root << " on " << core::format_day(a.today)
      << " (schedule: " << a.schedule_source;
  if (a.schedule_date) {
    out << ", data as of " << core::format_day(*a.schedule_date);
  }
  out << ")\n";
  if (!r.schedule_note.empty()) {
    out << "  note: " << r.schedule_note << '\n';
  }
  for (const auto& e : r.errors) {
    out << paint(color, "error", "1;31") << ": " << e.to_string() << " (not analysed)\n";
  }
  out << "\nPins\n";
  if (a.pins.empty()) {
    out << "  (none found)\n";
  } else {
    std::vector<std::vector<std::string>> rows{
        {"WHERE", "SOURCE", "ROLE", "SPEC", "LINE", "STATUS", "END", ""}};
    for (const auto& p : a.pins) {
      std::string where = p.pin.file + ":" + std::to_string(p.pin.line);
      std::string spec = p.pin.spec;
      if (p.floating) {
        spec += " *";
      }
      std::string major = p.major ? std::to_string(*p.major) : "?";
      if (p.pin.role == PinRole::constraint && p.admitted.size() > 1) {
        major += "+";
      }
      std::string extra;
      if (!p.pin.context.empty()) {
        extra += "[" + p.pin.context + "]";
      }
      if (p.pin.value_line > 0) {
        extra += std::string(extra.empty() ? "" : "  ") + "(set at " + p.pin.value_file + ":" +
                 std::to_string(p.pin.value_line) + ")";
      }
      rows.push_back({where, p.pin.source, std::string(core::runtime::to_string(p.pin.role)),
                      spec, major, p.status ? std::string(core::to_string(*p.status)) : "unknown",
                      opt_day(p.end), extra});
    }
    write_table(out, rows, "  ");
    out << "  (* floats: resolves to a different line over time; + : lowest line a range admits)\n";
  }

  out << "\nFindings\n";
  if (r.findings.empty()) {
    out << "  (none)\n";
  }
  // One root cause is one line, as in `check`: findings of one rule and
  // file that state a shared cause (465 packages whose engines exclude one
  // pin) print as a count with examples; JSON keeps every one. Findings
  // without a stated cause keep their own lines: here each names its pin.
  core::AuditResult grouped;
  grouped.findings = r.findings;
  for (const auto& g : core::group_findings(grouped)) {
    if (g.members.size() < k_group_min || g.cause.empty()) {
      for (const auto* f : g.members) {
        out << "  " << location_prefix(f->location) << severity_text(f->severity, color) << ": " << f->message << " [" << f->rule << "]\n";
      }
      continue;
    }
    out << "  " << location_prefix(g.members.front()->location) << severity_text(g.severity, color) << ": " << group_headline(grouped, g) << ", e.g. " << group_examples(g, 3)
        << " [" << g.rule << "]\n";
  }

  const auto& plan = a.plan;
  out << "\nUpgrade plan: " << plan.urgency << '\n';
  if (!plan.target) {
    out << "  no supported LTS line in the schedule data\n";
    return;
  }
  // Find the schedule-independent description from the plan itself.
  out << "  target: Node " << *plan.target;
  if (!plan.target_codename.empty()) {
    out << " (" << plan.target_codename << ")";
  }
  if (plan.target_status) {
    out << ", " << core::to_string(*plan.target_status);
  }
  if (plan.target_end) {
    out << ", supported until " << core::format_day(*plan.target_end);
  }
  out << '\n';
  if (!plan.from.empty()) {
    out << "  production today: Node ";
    for (std::size_t i = 0; i < plan.from.size(); ++i) {
      out << (i ? ", " : "") << plan.from[i];
    }
    out << '\n';
  }
  if (plan.deadline) {
    out << "  by: " << core::format_day(*plan.deadline);
    if (*plan.deadline <= a.today) {
      out << " (passed " << (a.today - *plan.deadline).count() << " days ago)";
    } else {
      out << " (in " << (*plan.deadline - a.today).count() << " days)";
    }
    out << '\n';
  }
  if (plan.changes.empty()) {
    out << "  nothing to change\n";
    return;
  }
  out << "  change together:\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : plan.changes) {
    std::string where = c.line > 0 ? c.file + ":" + std::to_string(c.line) : c.file + " (new)";
    rows.push_back({where, c.source,
                    (c.current.empty() ? "(none)" : c.current) + " -> " + c.proposed + "  (" +
                        c.reason + ")"});
  }
  write_table(out, rows, "    ");
}

void write_runtime_json(const RuntimeReport& r, std::ostream& out) {
  const auto& a = *r.analysis;
  json doc;
  doc["schemaVersion"] = 1;
  doc["tool"] = {{"name", "archgate"}, {"version", ARCHGATE_VERSION}};
  doc["today"] = core::format_day(a.today);
  doc["schedule"] = {{"source", a.schedule_source}, {"date", day_or_null(a.schedule_date)}};
  if (!r.schedule_note.empty()) {
    doc["schedule"]["note"] = r.schedule_note;
  }
  json pins = json::array();
  for (const auto& p : a.pins) {
    json j;
    j["source"] = p.pin.source;
    j["file"] = p.pin.file;
    j["line"] = p.pin.line;
    j["column"] = p.pin.column;
    j["spec"] = p.pin.spec;
    j["major"] = p.major ? json(*p.major) : json(nullptr);
    j["status"] = p.status ? json(std::string(core::to_string(*p.status))) : json(nullptr);
    j["end"] = day_or_null(p.end);
    j["role"] = std::string(core::runtime::to_string(p.pin.role));
    j["kind"] = std::string(core::runtime::to_string(p.kind));
    j["floating"] = p.floating;
    if (!p.exact.empty()) {
      j["exact"] = p.exact;
    }
    if (!p.admitted.empty() && p.pin.role == PinRole::constraint) {
      j["admits"] = p.admitted;
    }
    if (!p.pin.context.empty()) {
      j["context"] = p.pin.context;
    }
    if (p.pin.value_line > 0) {
      j["value"] = {{"file", p.pin.value_file}, {"line", p.pin.value_line}};
    }
    pins.push_back(std::move(j));
  }
  const auto& plan = a.plan;
  json pj;
  pj["urgency"] = plan.urgency;
  pj["target"] = plan.target ? json(*plan.target) : json(nullptr);
  pj["target_codename"] = plan.target_codename;
  pj["target_status"] = plan.target_status ? json(std::string(core::to_string(*plan.target_status)))
                                           : json(nullptr);
  pj["target_end"] = day_or_null(plan.target_end);
  pj["deadline"] = day_or_null(plan.deadline);
  pj["from"] = plan.from;
  json changes = json::array();
  for (const auto& c : plan.changes) {
    changes.push_back({{"file", c.file},
                       {"line", c.line},
                       {"source", c.source},
                       {"current", c.current},
                       {"proposed", c.proposed},
                       {"reason", c.reason}});
  }
  pj["changes"] = std::move(changes);
  doc["runtime"] = {{"pins", std::move(pins)}, {"production", a.production}, {"plan", std::move(pj)}};
  json findings = json::array();
  for (const auto& f : r.findings) {
    findings.push_back(finding_json(f));
  }
  doc["findings"] = std::move(findings);
  json errors = json::array();
  for (const auto& e : r.errors) {
    errors.push_back(
        {{"file", e.file}, {"line", e.line}, {"column", e.column}, {"message", e.message}});
  }
  doc["errors"] = std::move(errors);
  out << doc.dump(2) << '\n';
}

namespace {

std::string next_text(const core::ReleaseLine& l, core::Day today) {
  auto t = NodeSchedule::next_transition(l, today);
  if (!t) {
    return "";
  }
  return std::string(core::to_string(t->to)) + " in " + std::to_string((t->date - today).count()) +
         " days (" + core::format_day(t->date) + ")";
}

}  // namespace

void write_schedule_text(const NodeSchedule& s, core::Day today, std::ostream& out) {
  out << "Node.js release lines on " << core::format_day(today) << " (schedule: " << s.source;
  if (s.data_date) {
    out << ", data as of " << core::format_day(*s.data_date);
  }
  out << ")\n";
  std::vector<std::vector<std::string>> rows{
      {"LINE", "CODENAME", "STATUS", "ALPHA", "START", "LTS", "MAINTENANCE", "END", "NEXT"}};
  for (auto it = s.lines.rbegin(); it != s.lines.rend(); ++it) {
    const auto& l = *it;
    rows.push_back({l.key, l.codename, std::string(core::to_string(NodeSchedule::status(l, today))),
                    opt_day(l.alpha), opt_day(l.start), opt_day(l.lts), opt_day(l.maintenance),
                    opt_day(l.end), next_text(l, today)});
  }
  write_table(out, rows);
}

void write_schedule_json(const NodeSchedule& s, core::Day today, std::ostream& out) {
  json doc;
  doc["schemaVersion"] = 1;
  doc["today"] = core::format_day(today);
  doc["source"] = s.source;
  doc["data_date"] = day_or_null(s.data_date);
  json lines = json::array();
  for (auto it = s.lines.rbegin(); it != s.lines.rend(); ++it) {
    const auto& l = *it;
    json j;
    j["line"] = l.key;
    j["major"] = l.major;
    j["codename"] = l.codename;
    j["status"] = std::string(core::to_string(NodeSchedule::status(l, today)));
    j["alpha"] = day_or_null(l.alpha);
    j["start"] = day_or_null(l.start);
    j["lts"] = day_or_null(l.lts);
    j["maintenance"] = day_or_null(l.maintenance);
    j["end"] = day_or_null(l.end);
    if (auto t = NodeSchedule::next_transition(l, today)) {
      j["next"] = {{"status", std::string(core::to_string(t->to))},
                   {"date", core::format_day(t->date)},
                   {"days", (t->date - today).count()}};
    } else {
      j["next"] = nullptr;
    }
    if (const auto* rel = s.latest_release(l.major); rel && l.minor < 0) {
      j["latest"] = rel->version;
    }
    if (const auto* sec = s.latest_security_release(l.major); sec && l.minor < 0) {
      j["latest_security"] = sec->version;
    }
    lines.push_back(std::move(j));
  }
  doc["lines"] = std::move(lines);
  out << doc.dump(2) << '\n';
}

}  // namespace archgate::reports
