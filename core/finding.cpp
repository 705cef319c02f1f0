#include "core/finding.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>
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

// FNV-1a 64 over the parts, each followed by a separator.
std::uint64_t fnv(std::initializer_list<std::string_view> parts) {
  std::uint64_t h = 1469598103934665603ULL;
  for (auto s : parts) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xff;
    h *= 1099511628211ULL;
  }
  return h;
}

// 16 hex digits.
std::string hex16(std::uint64_t h) {
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
  // Findings that share rule, file and subject are numbered in report
  // order. The key's hash is the first occurrence's fingerprint, so each
  // finding is hashed once; equal hashes are compared field by field.
  struct Seen {
    const Finding* first;
    int count;
  };
  std::unordered_multimap<std::uint64_t, Seen> seen;
  seen.reserve(findings.size());
  auto subject_of = [](const Finding& f) -> const std::string& { return f.subject.empty() ? f.package : f.subject; };
  for (auto& f : findings) {
    const std::string& subject = subject_of(f);
    auto h = fnv({f.rule, f.location.file, subject});
    Seen* same = nullptr;
    auto [b, e] = seen.equal_range(h);
    for (auto it = b; it != e; ++it) {
      const auto& g = *it->second.first;
      if (g.rule == f.rule && g.location.file == f.location.file && subject_of(g) == subject) {
        same = &it->second;
        break;
      }
    }
    if (same == nullptr) {
      seen.emplace(h, Seen{&f, 1});
      f.fingerprint = hex16(h);
    } else {
      f.fingerprint = hex16(fnv({f.rule, f.location.file, subject, std::to_string(++same->count)}));
    }
  }
}

void sort_findings(std::vector<Finding>& findings) {
  // Sorts positions, then moves each finding once: a Finding is a dozen
  // strings and vectors, and a merge sort moves each one log n times
  // (50,000 findings: 3.3% of a whole check).
  // Files are ranked first (a few distinct names), so most comparisons are
  // of three integers; strings are compared only between findings at the
  // same place.
  std::vector<std::string_view> files;
  for (const auto& f : findings) {
    if (files.empty() || files.back() != f.location.file) files.push_back(f.location.file);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::unordered_map<std::string_view, std::uint32_t> file_rank;
  for (std::uint32_t i = 0; i < files.size(); ++i) file_rank.emplace(files[i], i);
  std::vector<std::uint32_t> rank(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) rank[i] = file_rank.at(findings[i].location.file);
  std::vector<std::uint32_t> order(findings.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const auto& a = findings[i];
    const auto& b = findings[j];
    if (rank[i] != rank[j]) return rank[i] < rank[j];
    return std::tie(a.location.line, a.location.column, a.rule, a.package, a.message) <
           std::tie(b.location.line, b.location.column, b.rule, b.package, b.message);
  });
  apply_order(findings, order);
}

}  // namespace archgate::core
