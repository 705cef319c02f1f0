// SARIF 2.1.0: what GitHub code scanning (and most CI security dashboards)
// ingest. One run; tool.driver.rules lists every rule that has a result, in
// catalog order, so each result's ruleIndex points into it. Input errors
// become toolExecutionNotifications and executionSuccessful is false when the
// analysis is incomplete. See docs/output-formats.md.
//
// Why project-wide findings (no file) are anchored to package.json: GitHub
// rejects results without a physicalLocation.artifactLocation.uri, and the
// root manifest is where a project-wide problem is fixed.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reports/formats.hpp"
#include "reports/json_writer.hpp"

namespace archgate::reports {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view k_schema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view k_src_root = "%SRCROOT%";
constexpr std::string_view k_project_anchor = "package.json";

std::string_view sarif_level(core::Severity s) {
  switch (s) {
    case core::Severity::error:
      return "error";
    case core::Severity::warning:
      return "warning";
    case core::Severity::note:
      return "note";
  }
  return "warning";
}

// Percent-encodes a relative path as a URI reference: unreserved characters
// and '/' stay, everything else (spaces, '%', '#', '?', non-ASCII bytes) is
// escaped so consumers resolve it against %SRCROOT% unchanged. Backslashes
// become '/'.
std::string path_to_uri(std::string_view path) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (char ch : path) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '@' || c == '+') {
      out.push_back(ch);
    } else if (c == '\\') {
      out.push_back('/');
    } else {
      out.push_back('%');
      out.push_back(k_hex[c >> 4]);
      out.push_back(k_hex[c & 0xf]);
    }
  }
  return out;
}

Json physical_location(std::string_view file, int line, int column) {
  Json loc;
  loc["artifactLocation"] = {{"uri", path_to_uri(file.empty() ? k_project_anchor : file)},
                             {"uriBaseId", k_src_root}};
  if (!file.empty() && line > 0) {
    Json region;
    region["startLine"] = line;
    if (column > 0) {
      region["startColumn"] = column;
    }
    loc["region"] = std::move(region);
  }
  return Json{{"physicalLocation", std::move(loc)}};
}

Json rule_descriptor(const core::AuditResult& result, std::string_view id,
                     core::Severity observed) {
  Json r;
  r["id"] = id;
  const auto* outcome = result.rule(id);
  const auto* info = outcome != nullptr ? &outcome->info : nullptr;
  if (info == nullptr) {
    // A rule outside the catalog (a plugin, a newer engine): describe it by
    // its id and the severity it was reported with.
    r["shortDescription"] = {{"text", std::string(id)}};
    r["defaultConfiguration"] = {{"level", sarif_level(observed)}};
    return r;
  }
  r["shortDescription"] = {{"text", info->title}};
  if (!info->rationale.empty()) {
    r["fullDescription"] = {{"text", info->rationale}};
  }
  // The rule's page (docs/rules/<family>-<name>.md), and its text as
  // Markdown: code scanning shows help.markdown in the alert.
  std::string page(id);
  std::replace(page.begin(), page.end(), '/', '-');
  r["helpUri"] = std::string(ARCHGATE_DOCS_URL) + "rules/" + page + ".md";
  if (!info->remedy.empty()) {
    std::string md = "**" + std::string(info->title) + "**\n\n";
    if (!info->rationale.empty()) md += "Why: " + std::string(info->rationale) + "\n\n";
    md += "Fix: " + std::string(info->remedy) + "\n";
    if (!info->example.empty()) md += "\nExample:\n\n```\n" + std::string(info->example) + "\n```\n";
    md += "\nMore: `archgate explain " + std::string(id) + "`\n";
    r["help"] = {{"text", info->remedy}, {"markdown", md}};
  }
  r["defaultConfiguration"] = {{"level", sarif_level(info->default_severity)}};
  return r;
}

// One result, written straight to the stream: a check can have tens of
// thousands, and a document tree of them took 433 MB on 50,000 findings.
void write_result(JsonWriter& w, const core::AuditResult& r, const core::Finding& f,
                  std::size_t rule_index) {
  w.begin_object();
  w.field("ruleId", f.rule).field("ruleIndex", rule_index).field("level", sarif_level(f.severity));
  // Compared with a baseline or a merge base, what is left is new.
  if (r.comparison) w.field("baselineState", "new");
  w.key("message").begin_object().field("text", f.message).end_object();
  w.key("locations").begin_array();
  w.value(physical_location(f.location.file, f.location.line, f.location.column));
  w.end_array();
  w.key("partialFingerprints").begin_object().field("archgate/v2", f.fingerprint).end_object();
  if (!f.related.empty()) {
    w.key("relatedLocations").begin_array();
    int id = 0;
    for (const auto& l : f.related) {
      auto loc = physical_location(l.file, l.line, l.column);
      loc["id"] = id++;
      w.value(loc);
    }
    w.end_array();
  }
  if (!f.package.empty() || !f.remediation.empty() || !f.evidence.empty() || !f.via.empty()) {
    w.key("properties").begin_object();
    if (!f.package.empty()) w.field("package", f.package);
    if (!f.remediation.empty()) w.field("remediation", f.remediation);
    if (!f.evidence.empty()) w.string_array("evidence", f.evidence);
    if (!f.via.empty()) w.string_array("via", f.via);
    w.end_object();
  }
  w.end_object();
}

class SarifReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    // Rules with results: catalog ones in catalog order, then unknown ids.
    // One pass over the findings finds each rule's highest severity.
    std::unordered_map<std::string_view, core::Severity> observed;
    for (const auto& f : r.findings) {
      auto [it, fresh] = observed.try_emplace(f.rule.view(), f.severity);
      if (!fresh) it->second = std::max(it->second, f.severity);
    }
    std::vector<std::string_view> rule_ids;
    for (const auto& o : r.rules) {
      if (observed.contains(o.info.id)) {
        rule_ids.push_back(o.info.id);
      }
    }
    std::vector<std::string_view> unknown;
    for (const auto& [id, severity] : observed) {
      if (r.rule(id) == nullptr) unknown.push_back(id);
    }
    std::sort(unknown.begin(), unknown.end());
    rule_ids.insert(rule_ids.end(), unknown.begin(), unknown.end());
    std::unordered_map<std::string_view, std::size_t> index_of;
    for (std::size_t i = 0; i < rule_ids.size(); ++i) index_of.emplace(rule_ids[i], i);

    auto rules_json = Json::array();
    for (auto id : rule_ids) {
      rules_json.push_back(rule_descriptor(r, id, observed.at(id)));
    }

    Json invocation;
    invocation["executionSuccessful"] = !r.incomplete();
    auto notes = Json::array();
    for (const auto* o : r.selected()) {
      if (o->status == core::RuleStatus::not_checked) {
        Json n;
        n["level"] = "warning";
        n["message"] = {{"text", std::string(o->info.id) + " was not checked: " + o->reason}};
        n["descriptor"] = {{"id", o->info.id}};
        notes.push_back(std::move(n));
      }
    }
    if (r.incomplete()) {
      for (const auto& e : r.errors) {
        Json n;
        n["level"] = "error";
        n["message"] = {{"text", e.message}};
        if (!e.file.empty()) {
          n["locations"] = Json::array({physical_location(e.file, e.line, e.column)});
        }
        notes.push_back(std::move(n));
      }
    }
    if (!notes.empty()) {
      invocation["toolExecutionNotifications"] = std::move(notes);
    }

    // The checklist items are rules of the driver too ("checklist/<id>"),
    // with the verdict in their properties; not results, since an item
    // without a location is not an alert a code-scanning UI can place.
    for (const auto& i : r.checklist) {
      Json rule;
      rule["id"] = "checklist/" + i.id;
      rule["name"] = i.title;
      rule["shortDescription"] = {{"text", i.title}};
      rule["fullDescription"] = {{"text", i.reason}};
      rule["helpUri"] = std::string(ARCHGATE_DOCS_URL) + "checklist/" + i.id + ".md";
      if (!i.remediation.empty()) {
        rule["help"] = {{"text", i.remediation}, {"markdown", "**" + i.title + "**: " + std::string(core::to_string(i.verdict)) + "\n\n" + i.reason + "\n\nFix: " + i.remediation + "\n"}};
      }
      auto fingerprints = Json::array();
      for (const auto& fp : i.findings) fingerprints.push_back(fp.str());
      rule["properties"] = {{"verdict", std::string(core::to_string(i.verdict))}, {"findings", std::move(fingerprints)}};
      rules_json.push_back(std::move(rule));
    }

    // Invalid UTF-8 copied from an input file is written as U+FFFD.
    JsonWriter w(out);
    w.begin_object();
    w.field("$schema", k_schema).field("version", "2.1.0");
    w.key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.field("name", "archgate").field("version", r.tool_version);
    w.field("rules", rules_json);
    w.end_object().end_object();
    w.key("invocations").begin_array().value(invocation).end_array();
    w.key("results").begin_array();
    w.elements(r.findings.size(), [&](JsonWriter& rw, std::size_t i) {
      const auto& f = r.findings[i];
      write_result(rw, r, f, index_of.at(f.rule.view()));
    });
    w.end_array();
    w.end_object().end_array();
    w.end_object();
    w.finish();
  }
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions&) {
  return std::make_unique<SarifReporter>();
}

}  // namespace archgate::reports
