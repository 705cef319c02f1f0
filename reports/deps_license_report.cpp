#include "reports/deps_license_report.hpp"

namespace archgate::reports {

void add_license_json(nlohmann::json& facts, const core::deps::PackageReport& p) {
  const auto& l = p.license;
  facts["license"] = l.known ? nlohmann::json(l.expression) : nlohmann::json(nullptr);
  facts["licenseSource"] = l.known ? nlohmann::json(l.source) : nlohmann::json(nullptr);
  if (!p.replacement) {
    facts["replacement"] = nullptr;
    return;
  }
  const auto& r = *p.replacement;
  nlohmann::json options = nlohmann::json::array();
  for (const auto& o : r.options) {
    nlohmann::json oj = {{"id", o.id}, {"removal", o.removal}};
    oj["nodeMin"] = o.node_min.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.node_min);
    oj["url"] = o.url.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.url);
    oj["description"] = o.description.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.description);
    options.push_back(std::move(oj));
  }
  facts["replacement"] = {{"kind", std::string(core::deps::to_string(r.kind))},
                          {"docs", r.docs.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.docs)},
                          {"options", std::move(options)}};
}

std::string license_label(const core::deps::PackageReport& p) {
  if (!p.license.known) {
    return "?";
  }
  return p.license.expression.empty() ? "none" : p.license.expression;
}

}  // namespace archgate::reports
