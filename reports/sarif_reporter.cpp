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
#include <vector>

#include "reports/formats.hpp"

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

class SarifReporter final : public Reporter {
 public:
  void write(const core::AuditResult& r, std::ostream& out) const override {
    // Rules with results: catalog ones in catalog order, then unknown ids.
    std::vector<std::string_view> rule_ids;
    for (const auto& o : r.rules) {
      bool used = std::any_of(r.findings.begin(), r.findings.end(),
                              [&](const core::Finding& f) { return f.rule == o.info.id; });
      if (used) {
        rule_ids.push_back(o.info.id);
      }
    }
    std::vector<std::string_view> unknown;
    for (const auto& f : r.findings) {
      if (r.rule(f.rule) == nullptr &&
          std::find(unknown.begin(), unknown.end(), f.rule) == unknown.end()) {
        unknown.emplace_back(f.rule);
      }
    }
    std::sort(unknown.begin(), unknown.end());
    rule_ids.insert(rule_ids.end(), unknown.begin(), unknown.end());

    auto index_of = [&](std::string_view id) {
      return static_cast<std::size_t>(std::find(rule_ids.begin(), rule_ids.end(), id) -
                                      rule_ids.begin());
    };

    auto rules_json = Json::array();
    for (auto id : rule_ids) {
      core::Severity observed = core::Severity::note;
      for (const auto& f : r.findings) {
        if (f.rule == id) {
          observed = std::max(observed, f.severity);
        }
      }
      rules_json.push_back(rule_descriptor(r, id, observed));
    }

    auto results = Json::array();
    for (const auto& f : r.findings) {
      Json res;
      res["ruleId"] = f.rule;
      res["ruleIndex"] = index_of(f.rule);
      res["level"] = sarif_level(f.severity);
      // Compared with a baseline or a merge base, what is left is new.
      if (r.comparison) res["baselineState"] = "new";
      res["message"] = {{"text", f.message}};
      res["locations"] = Json::array(
          {physical_location(f.location.file, f.location.line, f.location.column)});
      res["partialFingerprints"] = {{"archgate/v2", f.fingerprint}};
      if (!f.related.empty()) {
        auto rel = Json::array();
        int id = 0;
        for (const auto& l : f.related) {
          auto loc = physical_location(l.file, l.line, l.column);
          loc["id"] = id++;
          rel.push_back(std::move(loc));
        }
        res["relatedLocations"] = std::move(rel);
      }
      Json props = Json::object();
      if (!f.package.empty()) {
        props["package"] = f.package;
      }
      if (!f.remediation.empty()) {
        props["remediation"] = f.remediation;
      }
      if (!f.evidence.empty()) {
        props["evidence"] = f.evidence;
      }
      if (!f.via.empty()) {
        props["via"] = f.via;
      }
      if (!props.empty()) {
        res["properties"] = std::move(props);
      }
      results.push_back(std::move(res));
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
      rule["properties"] = {{"verdict", std::string(core::to_string(i.verdict))}, {"findings", i.findings}};
      rules_json.push_back(std::move(rule));
    }
    Json driver;
    driver["name"] = "archgate";
    driver["version"] = r.tool_version;
    driver["rules"] = std::move(rules_json);

    Json run;
    run["tool"] = {{"driver", std::move(driver)}};
    run["invocations"] = Json::array({std::move(invocation)});
    run["results"] = std::move(results);

    Json doc;
    doc["$schema"] = k_schema;
    doc["version"] = "2.1.0";
    doc["runs"] = Json::array({std::move(run)});
    // Invalid UTF-8 copied from an input file must not abort the report.
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
};

}  // namespace

std::unique_ptr<Reporter> make_sarif_reporter(const ReportOptions&) {
  return std::make_unique<SarifReporter>();
}

}  // namespace archgate::reports
