#include "reports/deps_scripts_report.hpp"

#include <string>

namespace archgate::reports {

namespace {

const deps::ScriptPolicy& or_empty(const deps::ScriptPolicy* policy) {
  static const deps::ScriptPolicy k_empty;
  return policy ? *policy : k_empty;
}

nlohmann::json str_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

void add_install_policy_json(nlohmann::json& facts, const deps::PackageReport& p,
                             const deps::ScriptPolicy* policy, std::string_view manager) {
  if (!p.install.runs_code()) {
    return;
  }
  auto d = deps::decide_scripts(or_empty(policy), manager, p.name, p.version);
  nlohmann::json j;
  j["verdict"] = std::string(deps::to_string(d.verdict));
  j["tool"] = nullptr;
  j["key"] = nullptr;
  j["file"] = nullptr;
  j["line"] = nullptr;
  if (d.entry) {
    j["tool"] = d.entry->tool;
    j["key"] = d.entry->key;
    j["file"] = d.entry->file;
    j["line"] = d.entry->line;
  } else if (d.sw) {
    j["tool"] = d.sw->setting;
    j["file"] = d.sw->file;
    j["line"] = d.sw->line;
  }
  j["text"] = d.text;
  j["effect"] = str_or_null(d.effect);
  facts["installScriptPolicy"] = std::move(j);
  nlohmann::json allowed_by(nullptr);
  if (d.verdict == deps::Verdict::allowed) {
    allowed_by = d.entry ? d.entry->tool + " at " + deps::where_text(d.entry->file, d.entry->line)
                         : d.sw->setting + " at " + deps::where_text(d.sw->file, d.sw->line);
  }
  facts["allowedBy"] = std::move(allowed_by);
}

nlohmann::json script_policy_json(const deps::ScriptPolicy* policy, std::string_view manager) {
  const auto& p = or_empty(policy);
  nlohmann::json j;
  j["manager"] = str_or_null(std::string(manager));
  j["entries"] = nlohmann::json::array();
  for (const auto& e : p.entries) {
    j["entries"].push_back({{"name", e.name},
                            {"key", e.key},
                            {"range", str_or_null(e.range)},
                            {"allowed", e.allowed},
                            {"tool", e.tool},
                            {"manager", e.manager},
                            {"file", e.file},
                            {"line", e.line},
                            {"column", e.column}});
  }
  j["switches"] = nlohmann::json::array();
  for (const auto& s : p.switches) {
    j["switches"].push_back(
        {{"setting", s.setting}, {"managers", s.managers}, {"file", s.file}, {"line", s.line}});
  }
  return j;
}

void write_install_policy_text(const deps::PackageReport& p, const deps::ScriptPolicy* policy,
                               std::string_view manager, std::string_view prefix,
                               std::ostream& out) {
  if (!p.install.runs_code()) {
    return;
  }
  auto d = deps::decide_scripts(or_empty(policy), manager, p.name, p.version);
  out << prefix << d.text;
  if (d.verdict == deps::Verdict::unlisted && !d.effect.empty()) {
    out << " (" << d.effect << ")";
  }
  out << '\n';
}

}  // namespace archgate::reports
