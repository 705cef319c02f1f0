// JSON: the `check` contract (schemaVersion 3). See docs/output-formats.md
// and docs/schemas/check.schema.json.
#include <nlohmann/json.hpp>

#include <ostream>

#include "reports/formats.hpp"
#include "reports/json_writer.hpp"

namespace archgate::reports {

std::string json_quote(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

namespace {

void write_location(JsonWriter& w, std::string_view file, int line, int column) {
  w.begin_object().field("file", file).field("line", line).field("column", column).end_object();
}

void write_finding(JsonWriter& w, const core::Finding& f) {
  w.begin_object();
  w.field("rule", f.rule);
  w.field("severity", core::to_string(f.severity));
  w.field("message", f.message);
  w.key("location");
  write_location(w, f.location.file, f.location.line, f.location.column);
  if (!f.package.empty()) w.field("package", f.package);
  if (!f.remediation.empty()) w.field("remediation", f.remediation);
  if (!f.evidence.empty()) w.string_array("evidence", f.evidence);
  if (!f.related.empty()) {
    w.key("related").begin_array();
    for (const auto& l : f.related) write_location(w, l.file, l.line, l.column);
    w.end_array();
  }
  if (!f.via.empty()) w.string_array("via", f.via);
  if (!f.files.empty()) w.string_array("files", f.files);
  if (!f.subject.empty()) w.field("subject", f.subject);
  if (!f.cause.empty()) w.field("cause", f.cause);
  w.field("fingerprint", f.fingerprint);
  w.end_object();
}

class JsonReporter final : public Reporter {
 public:
  // Streamed: a check with 50,000 findings writes 45 MB of JSON without
  // building a document tree of it first.
  void write(const core::AuditResult& r, std::ostream& out) const override {
    JsonWriter w(out);
    w.begin_object();
    w.field("schemaVersion", 3);
    w.key("tool").begin_object().field("name", "archgate").field("version", r.tool_version).end_object();
    w.key("findings").begin_array();
    w.elements(r.findings.size(), [&r](JsonWriter& fw, std::size_t i) { write_finding(fw, r.findings[i]); });
    w.end_array();
    w.key("checklist").begin_array();
    for (const auto& i : r.checklist) {
      w.begin_object();
      w.field("id", i.id).field("title", i.title).field("verdict", core::to_string(i.verdict)).field("reason", i.reason);
      w.key("evidence").begin_array();
      for (const auto& e : i.evidence) {
        w.begin_object().field("file", e.file).field("line", e.line).field("column", e.column).field("note", e.note);
        w.end_object();
      }
      w.end_array();
      w.string_array("findings", i.findings);
      w.field("remediation", i.remediation);
      w.end_object();
    }
    w.end_array();
    w.key("errors").begin_array();
    for (const auto& e : r.errors) {
      w.begin_object().field("file", e.file).field("line", e.line).field("column", e.column).field("message", e.message);
      w.end_object();
    }
    w.end_array();
    w.key("rules").begin_array();
    for (const auto& o : r.rules) {
      w.begin_object().field("id", o.info.id).field("status", core::to_string(o.status));
      if (!o.reason.empty()) w.field("reason", o.reason);
      w.end_object();
    }
    w.end_array();
    if (r.comparison) {
      w.key("comparison").begin_object();
      w.field("against", r.comparison->against).field("unchanged", r.comparison->unchanged);
      w.key("checklistChanges").begin_array();
      for (const auto& i : r.comparison->items) {
        w.begin_object().field("id", i.id).field("from", core::to_string(i.from)).field("to", core::to_string(i.to));
        w.end_object();
      }
      w.end_array().end_object();
    }
    w.key("summary").begin_object();
    w.field("error", r.count(core::Severity::error))
        .field("warning", r.count(core::Severity::warning))
        .field("note", r.count(core::Severity::note))
        .field("incomplete", r.incomplete())
        .field("failOn", r.fail_on ? core::to_string(*r.fail_on) : std::string_view("none"))
        .field("failing", r.failing())
        .field("failOnItems", r.fail_on_items ? core::to_string(*r.fail_on_items) : std::string_view("none"))
        .field("failingItems", r.failing_items())
        .field("verdict", r.verdict());
    w.end_object();
    w.end_object();
    w.finish();
  }
};

}  // namespace

std::unique_ptr<Reporter> make_json_reporter(const ReportOptions&) {
  return std::make_unique<JsonReporter>();
}

}  // namespace archgate::reports
