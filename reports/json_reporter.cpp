// JSON: the `check` contract (schemaVersion 1). See docs/output-formats.md.
#include <nlohmann/json.hpp>

#include <ostream>

#include "reports/formats.hpp"

namespace archgate::reports {

std::string json_quote(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

namespace {

class JsonReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    nlohmann::ordered_json doc;
    doc["schemaVersion"] = 3;
    doc["tool"] = {{"name", "archgate"}, {"version", r.tool_version}};
    auto findings = nlohmann::ordered_json::array();
    for (const auto& f : r.findings) {
      nlohmann::ordered_json j;
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
      if (!f.related.empty()) {
        auto rel = nlohmann::ordered_json::array();
        for (const auto& l : f.related) {
          rel.push_back({{"file", l.file}, {"line", l.line}, {"column", l.column}});
        }
        j["related"] = std::move(rel);
      }
      if (!f.via.empty()) {
        j["via"] = f.via;
      }
      if (!f.files.empty()) {
        j["files"] = f.files;
      }
      if (!f.subject.empty()) {
        j["subject"] = f.subject;
      }
      if (!f.cause.empty()) {
        j["cause"] = f.cause;
      }
      j["fingerprint"] = f.fingerprint;
      findings.push_back(std::move(j));
    }
    doc["findings"] = std::move(findings);
    auto checklist = nlohmann::ordered_json::array();
    for (const auto& i : r.checklist) {
      nlohmann::ordered_json j;
      j["id"] = i.id;
      j["title"] = i.title;
      j["verdict"] = std::string(core::to_string(i.verdict));
      j["reason"] = i.reason;
      auto ev = nlohmann::ordered_json::array();
      for (const auto& e : i.evidence) {
        ev.push_back({{"file", e.file}, {"line", e.line}, {"column", e.column}, {"note", e.note}});
      }
      j["evidence"] = std::move(ev);
      j["findings"] = i.findings;
      j["remediation"] = i.remediation;
      checklist.push_back(std::move(j));
    }
    doc["checklist"] = std::move(checklist);
    auto errors = nlohmann::ordered_json::array();
    for (const auto& e : r.errors) {
      errors.push_back({{"file", e.file},
                        {"line", e.line},
                        {"column", e.column},
                        {"message", e.message}});
    }
    doc["errors"] = std::move(errors);
    auto rules = nlohmann::ordered_json::array();
    for (const auto& o : r.rules) {
      nlohmann::ordered_json j;
      j["id"] = o.info.id;
      j["status"] = std::string(core::to_string(o.status));
      if (!o.reason.empty()) {
        j["reason"] = o.reason;
      }
      rules.push_back(std::move(j));
    }
    doc["rules"] = std::move(rules);
    if (r.comparison) {
      nlohmann::ordered_json items = nlohmann::ordered_json::array();
      for (const auto& i : r.comparison->items) {
        items.push_back({{"id", i.id}, {"from", core::to_string(i.from)}, {"to", core::to_string(i.to)}});
      }
      doc["comparison"] = {{"against", r.comparison->against},
                           {"unchanged", r.comparison->unchanged},
                           {"checklistChanges", std::move(items)}};
    }
    doc["summary"] = {{"error", r.count(core::Severity::error)},
                      {"warning", r.count(core::Severity::warning)},
                      {"note", r.count(core::Severity::note)},
                      {"incomplete", r.incomplete()},
                      {"failOn", r.fail_on ? std::string(core::to_string(*r.fail_on)) : "none"},
                      {"failing", r.failing()},
                      {"failOnItems", r.fail_on_items ? std::string(core::to_string(*r.fail_on_items)) : "none"},
                      {"failingItems", r.failing_items()},
                      {"verdict", r.verdict()}};
    out << doc.dump(2) << '\n';
  }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(const ReportOptions&) {
  return std::make_unique<JsonReporter>();
}

}  // namespace archgate::reports
