#include "core/finding.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "core/permute.hpp"

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

namespace {

std::string fnv_hex(std::initializer_list<std::string_view> parts) {
  // FNV-1a 64 over the parts, each followed by a separator; 16 hex digits.
  std::uint64_t h = 1469598103934665603ULL;
  for (auto s : parts) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = k_hex[h & 0xf];
    h >>= 4;
  }
  return out;
}

}  // namespace

void assign_fingerprints(std::vector<Finding>& findings) {
  std::unordered_map<std::string, int> seen;
  for (auto& f : findings) {
    const std::string& subject = f.subject.empty() ? f.package : f.subject;
    std::string key = f.rule;
    key += '\0';
    key += f.location.file;
    key += '\0';
    key += subject;
    int n = ++seen[key];
    f.fingerprint = n == 1 ? fnv_hex({f.rule, f.location.file, subject})
                           : fnv_hex({f.rule, f.location.file, subject, std::to_string(n)});
  }
}

void sort_findings(std::vector<Finding>& findings) {
  // Sorts positions, then moves each finding once: a Finding is a dozen
  // strings and vectors, and a merge sort moves each one log n times
  // (50,000 findings: 3.3% of a whole check).
  std::vector<std::uint32_t> order(findings.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const auto& a = findings[i];
    const auto& b = findings[j];
    return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.package,
                    a.message) < std::tie(b.location.file, b.location.line, b.location.column,
                                          b.rule, b.package, b.message);
  });
  apply_order(findings, order);
}

}  // namespace archgate::core
