#include "core/settings.hpp"

#include "core/glob.hpp"

namespace archgate::core {

std::optional<Severity> override_for(const std::vector<SeverityOverride>& overrides,
                                     std::string_view rule_id, std::optional<Severity> fallback) {
  const SeverityOverride* last = nullptr;
  for (const auto& o : overrides) {
    if (o.rule == rule_id || glob_match(o.rule, rule_id)) {
      last = &o;
    }
  }
  return last ? last->severity : fallback;
}

void apply_overrides(const std::vector<SeverityOverride>& overrides,
                     std::vector<Finding>& findings) {
  if (overrides.empty()) {
    return;
  }
  std::erase_if(findings, [&](Finding& f) {
    auto s = override_for(overrides, f.rule, f.severity);
    if (!s) {
      return true;
    }
    f.severity = *s;
    return false;
  });
}

}  // namespace archgate::core
