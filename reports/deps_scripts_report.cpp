#include "reports/deps_scripts_report.hpp"

#include <string>

namespace archgate::reports {

namespace {

const core::deps::ScriptPolicy& or_empty(const core::deps::ScriptPolicy* policy) {
  static const core::deps::ScriptPolicy k_empty;
  return policy ? *policy : k_empty;
}

nlohmann::json str_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

void add_install_policy_json(nlohmann::json& facts, const core::deps::ScriptVerdict* v) {
  if (v == nullptr) {
    return;
  }
  using By = core::deps::ScriptVerdict::By;
  nlohmann::json j;
  j["verdict"] = std::string(core::deps::to_string(v->verdict));
  j["tool"] = v->by == By::none ? nlohmann::json(nullptr) : nlohmann::json(v->tool);
  j["key"] = v->by == By::entry ? nlohmann::json(v->key) : nlohmann::json(nullptr);
  j["file"] = v->by == By::none ? nlohmann::json(nullptr) : nlohmann::json(v->file);
  j["line"] = v->by == By::none ? nlohmann::json(nullptr) : nlohmann::json(v->line);
  j["text"] = v->text;
  j["effect"] = str_or_null(v->effect);
  facts["installScriptPolicy"] = std::move(j);
  nlohmann::json allowed_by(nullptr);
  if (v->verdict == core::deps::Verdict::allowed) {
    allowed_by = v->tool + " at " + core::deps::where_text(v->file, v->line);
  }
  facts["allowedBy"] = std::move(allowed_by);
}

nlohmann::json script_policy_json(const core::deps::ScriptPolicy* policy, std::string_view manager) {
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

void write_install_policy_text(const core::deps::ScriptVerdict* v, std::string_view prefix,
                               std::ostream& out) {
  if (v == nullptr) {
    return;
  }
  out << prefix << v->text;
  if (v->verdict == core::deps::Verdict::unlisted && !v->effect.empty()) {
    out << " (" << v->effect << ")";
  }
  out << '\n';
}

}  // namespace archgate::reports
