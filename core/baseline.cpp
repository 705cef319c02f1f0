#include "core/baseline.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace archgate::core {

Baseline make_baseline(const AuditResult& result, const Baseline* keep) {
  std::map<std::string, const BaselineEntry*, std::less<>> old;
  if (keep) {
    for (const auto& e : keep->entries) old.emplace(e.fingerprint, &e);
  }
  Baseline b;
  for (const auto& f : result.findings) {
    if (f.rule.starts_with("baseline/")) continue;
    BaselineEntry e{f.fingerprint.str(), f.rule.str(), f.location.file.str(), f.subject.empty() ? f.package : f.subject, f.message, "", ""};
    if (auto it = old.find(f.fingerprint.view()); it != old.end()) {
      e.reason = it->second->reason;
      e.expires = it->second->expires;
    }
    b.entries.push_back(std::move(e));
  }
  std::sort(b.entries.begin(), b.entries.end(),
            [](const BaselineEntry& a, const BaselineEntry& c) { return a.fingerprint < c.fingerprint; });
  b.entries.erase(std::unique(b.entries.begin(), b.entries.end(),
                              [](const BaselineEntry& a, const BaselineEntry& c) { return a.fingerprint == c.fingerprint; }),
                  b.entries.end());
  return b;
}

std::string write_baseline(const Baseline& b) {
  // One entry per line: diffs of the file read like the change they record.
  std::string out = "{\n  \"schemaVersion\": 1,\n  \"findings\": [";
  for (std::size_t i = 0; i < b.entries.size(); ++i) {
    const auto& e = b.entries[i];
    nlohmann::ordered_json j;
    j["fingerprint"] = e.fingerprint;
    j["rule"] = e.rule;
    j["file"] = e.file;
    j["subject"] = e.subject;
    j["message"] = e.message;
    if (!e.reason.empty()) j["reason"] = e.reason;
    if (!e.expires.empty()) j["expires"] = e.expires;
    out += (i ? ",\n    " : "\n    ") + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  out += b.entries.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

namespace {

bool valid_day(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

}  // namespace

Result<Baseline> read_baseline(const std::string& path, std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return fail(path, "not valid JSON (expected a baseline written by `archgate baseline`)");
  if (!j.is_object() || j.value("schemaVersion", 0) != 1 || !j.contains("findings") || !j["findings"].is_array()) {
    return fail(path, "expected {\"schemaVersion\": 1, \"findings\": [...]} (a file written by `archgate baseline`)");
  }
  Baseline b;
  b.path = path;
  std::size_t i = 0;
  for (const auto& e : j["findings"]) {
    ++i;
    if (!e.is_object() || !e.contains("fingerprint") || !e["fingerprint"].is_string()) {
      return fail(path, "findings[" + std::to_string(i - 1) + "]: expected an object with a \"fingerprint\" string");
    }
    BaselineEntry x;
    x.fingerprint = e["fingerprint"].get<std::string>();
    auto str = [&](const char* k) { return e.contains(k) && e[k].is_string() ? e[k].get<std::string>() : std::string(); };
    x.rule = str("rule");
    x.file = str("file");
    x.subject = str("subject");
    x.message = str("message");
    x.reason = str("reason");
    x.expires = str("expires");
    if (!x.expires.empty() && !valid_day(x.expires)) {
      return fail(path, "findings[" + std::to_string(i - 1) + "].expires: expected YYYY-MM-DD, got \"" + x.expires + "\"");
    }
    b.entries.push_back(std::move(x));
  }
  std::sort(b.entries.begin(), b.entries.end(),
            [](const BaselineEntry& a, const BaselineEntry& c) { return a.fingerprint < c.fingerprint; });
  return b;
}

void apply_baseline(AuditResult& result, const Baseline& baseline, std::string_view today) {
  std::map<std::string, const BaselineEntry*, std::less<>> by_fp;
  for (const auto& e : baseline.entries) by_fp.emplace(e.fingerprint, &e);
  std::set<std::string> matched;
  AuditResult::Comparison cmp;
  cmp.against = "baseline " + baseline.path;
  std::vector<Finding> kept;
  for (auto& f : result.findings) {
    auto it = by_fp.find(f.fingerprint.view());
    if (it == by_fp.end()) {
      kept.push_back(std::move(f));
      continue;
    }
    matched.insert(f.fingerprint.str());
    const auto& e = *it->second;
    if (!e.expires.empty() && e.expires < today) {
      f.evidence.push_back("baselined in " + baseline.path + " until " + e.expires + " (expired)" +
                           (e.reason.empty() ? "" : ": " + e.reason));
      kept.push_back(std::move(f));
      continue;
    }
    ++cmp.unchanged;
  }
  // Fingerprints of the kept findings stay as they were (re-numbering
  // would shift an occurrence onto a baselined one); stale notes get theirs.
  std::vector<Finding> stale;
  for (const auto& e : baseline.entries) {
    if (matched.count(e.fingerprint)) continue;
    Finding f;
    f.rule = "baseline/stale-entry";
    f.severity = Severity::note;
    f.message = "the baseline entry for " + e.rule + (e.file.empty() ? "" : " in " + e.file) +
                (e.subject.empty() ? "" : " (" + e.subject + ")") + " matches no finding any more";
    f.location = {baseline.path, 0, 0};
    f.subject = e.fingerprint;
    f.remediation = "Remove the entry (or rewrite the file with `archgate baseline`): what it accepted is gone.";
    stale.push_back(std::move(f));
  }
  sort_findings(stale);
  assign_fingerprints(stale);
  for (auto& f : stale) kept.push_back(std::move(f));
  result.findings = std::move(kept);
  sort_findings(result.findings);
  for (auto& o : result.rules) {
    if (o.info.id != "baseline/stale-entry") continue;
    bool any = std::any_of(result.findings.begin(), result.findings.end(),
                           [](const Finding& f) { return f.rule == "baseline/stale-entry"; });
    o.status = any ? RuleStatus::findings : RuleStatus::clean;
  }
  result.comparison = std::move(cmp);
}

}  // namespace archgate::core
