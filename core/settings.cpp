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
                     std::vector<Finding>& findings, std::size_t from) {
  if (overrides.empty() || from >= findings.size()) {
    return;
  }
  auto kept = std::remove_if(findings.begin() + static_cast<std::ptrdiff_t>(from), findings.end(), [&](Finding& f) {
    auto s = override_for(overrides, f.rule, f.severity);
    if (!s) {
      return true;
    }
    f.severity = *s;
    return false;
  });
  findings.erase(kept, findings.end());
}

}  // namespace archgate::core
