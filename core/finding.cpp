#include "core/finding.hpp"

#include <algorithm>
#include <tuple>

namespace archgate::core {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::note:
      return "note";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "warning";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "note") {
    return Severity::note;
  }
  if (s == "warning") {
    return Severity::warning;
  }
  if (s == "error") {
    return Severity::error;
  }
  return std::nullopt;
}

std::string Finding::fingerprint() const {
  // FNV-1a 64 over the identifying fields; printed as 16 hex digits.
  std::uint64_t h = 1469598103934665603ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  };
  mix(rule);
  mix(location.file);
  mix(package);
  mix(message);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = k_hex[h & 0xf];
    h >>= 4;
  }
  return out;
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.package,
                    a.message) < std::tie(b.location.file, b.location.line, b.location.column,
                                          b.rule, b.package, b.message);
  });
}

}  // namespace archgate::core
