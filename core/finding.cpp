#include "core/finding.hpp"

#include <algorithm>
#include <exception>
#include <thread>
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

constexpr std::uint64_t k_fnv_basis = 1469598103934665603ULL;

// The same view: one address and size, so the same bytes without reading
// them (a finding's rule and file are shared texts, mostly the same as the
// finding's before).
bool same_view(std::string_view a, std::string_view b) { return a.data() == b.data() && a.size() == b.size(); }

// FNV-1a 64 over the parts, each followed by a separator, continuing from
// the state `h` (k_fnv_basis to start).
std::uint64_t fnv_from(std::uint64_t h, std::initializer_list<std::string_view> parts) {
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

std::uint64_t fnv(std::initializer_list<std::string_view> parts) { return fnv_from(k_fnv_basis, parts); }

// FNV-1a is a multiply per byte, one after another: the state after a
// finding's rule and file is kept for the next finding, which mostly has
// the same ones (the same shared texts: equal addresses and sizes are equal
// bytes), so that only its subject is hashed.
class RuleFileHash {
 public:
  std::uint64_t state(std::string_view rule, std::string_view file) {
    if (!m_valid || !same_view(rule, m_rule) || !same_view(file, m_file)) {
      m_rule = rule;
      m_file = file;
      m_state = fnv_from(k_fnv_basis, {rule, file});
      m_valid = true;
    }
    return m_state;
  }

 private:
  std::string_view m_rule;
  std::string_view m_file;
  std::uint64_t m_state = 0;
  bool m_valid = false;
};

}  // namespace

void assign_fingerprints(std::span<Finding> findings) {
  // Findings that share rule, file and subject are numbered in report
  // order: the first keeps the key's hash, the n-th hashes the key and n.
  // Each finding is hashed once, in report order, into a flat table of the
  // hashes seen (no node per finding, as a hash map of 50,000 keys had, and
  // no sort of the hashes either); only findings whose hash was seen before
  // compare keys, field by field.
  auto subject_of = [](const Finding& f) -> const std::string& { return f.subject.empty() ? f.package : f.subject; };
  auto same_key = [&](const Finding& a, const Finding& b) {
    return a.rule == b.rule && a.location.file == b.location.file && subject_of(a) == subject_of(b);
  };
  std::size_t slots = 16;
  while (slots < 2 * findings.size()) slots *= 2;
  // A slot: a hash seen, and the first finding that had it (+1; 0 = empty).
  struct Slot {
    std::uint64_t hash;
    std::uint32_t first;
  };
  std::vector<Slot> table(slots, Slot{0, 0});
  // Hashes that more than one finding had: the distinct keys among them,
  // each with how many findings had it so far (rare: equal keys, or an
  // FNV collision).
  struct Seen {
    std::uint32_t first;
    int count;
  };
  std::unordered_map<std::uint64_t, std::vector<Seen>> shared;
  RuleFileHash prefix;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    // Each subject is a string of its own on the heap: fetched ahead.
    if (i + 8 < findings.size()) __builtin_prefetch(subject_of(findings[i + 8]).data());
    auto& f = findings[i];
    const std::uint64_t hash = fnv_from(prefix.state(f.rule, f.location.file), {subject_of(f)});
    // (The slot from the hash's high bits: FNV's low bits mix least.)
    std::size_t s = static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ULL) >> 40) & (slots - 1);
    while (table[s].first != 0 && table[s].hash != hash) s = (s + 1) & (slots - 1);
    if (table[s].first == 0) {
      table[s] = {hash, static_cast<std::uint32_t>(i + 1)};
      f.fingerprint = Fingerprint(hash);
      continue;
    }
    auto& keys = shared[hash];
    if (keys.empty()) keys.push_back({table[s].first - 1, 1});
    auto k = std::find_if(keys.begin(), keys.end(), [&](const Seen& e) { return same_key(findings[e.first], f); });
    if (k == keys.end()) {
      keys.push_back({static_cast<std::uint32_t>(i), 1});
      f.fingerprint = Fingerprint(hash);
    } else {
      f.fingerprint = Fingerprint(fnv({f.rule, f.location.file, subject_of(f), std::to_string(++k->count)}));
    }
  }
}

namespace {

// Moves the ordered findings of segment j ([at[j], at[j + 1]), up to
// `ordered` for the last) j + 1 places on and puts few[j] before them, for
// j from j_end - 1 down to j_begin: each segment lands above the sources
// still to move. Positions from side_from on, as many as `side` holds, are
// read from `side` (their findings were moved there first).
void shift_segments(std::vector<Finding>& findings, std::size_t ordered, std::vector<Finding>& few,
                    const std::vector<std::uint32_t>& at, std::size_t j_begin, std::size_t j_end,
                    std::vector<Finding>& side, std::size_t side_from) {
  for (std::size_t j = j_end; j-- > j_begin;) {
    const std::size_t to = j + 1 < at.size() ? at[j + 1] : ordered;
    for (std::size_t i = to; i-- > at[j];) {
      Finding& from = i >= side_from && i - side_from < side.size() ? side[i - side_from] : findings[i];
      findings[i + j + 1] = std::move(from);
    }
    findings[at[j] + j] = std::move(few[j]);
  }
}

// Makes room among the first `ordered` findings for `few` (moved from) and
// puts few[j] before the ordered finding at[j] (at: ascending, each at most
// `ordered`); `findings` holds ordered + few.size() elements, those after
// `ordered` moved-from. (sort_findings' merge of a few into many.)
void spread_in_place(std::vector<Finding>& findings, std::size_t ordered, std::vector<Finding>& few,
                     const std::vector<std::uint32_t>& at) {
  // Every ordered finding at or after at[0] moves (a Finding is a dozen
  // strings and vectors: 50,000 moves were 4.5 ms of a large check), so a
  // large spread runs in two halves on two threads. The upper half's first
  // j places are where the lower half's last findings land: those sources
  // are set aside first, and the halves touch disjoint positions.
  std::vector<Finding> side;
  std::size_t split = 0;  // the first segment of the upper half
  if (ordered - (at.empty() ? ordered : at.front()) >= 16384) {
    const auto middle = static_cast<std::uint32_t>((at.front() + ordered) / 2);
    split = static_cast<std::size_t>(std::lower_bound(at.begin(), at.end(), middle) - at.begin());
    if (split == at.size()) split = 0;
  }
  if (split == 0) {
    shift_segments(findings, ordered, few, at, 0, few.size(), side, ordered);
    return;
  }
  const std::size_t side_from = at[split];
  const std::size_t n_side = std::min(split, ordered - side_from);
  side.reserve(n_side);
  for (std::size_t i = 0; i < n_side; ++i) side.push_back(std::move(findings[side_from + i]));
  std::vector<Finding> none;
  std::exception_ptr failed;
  {
    std::jthread upper([&] {
      try {
        shift_segments(findings, ordered, few, at, split, few.size(), side, side_from);
      } catch (...) {
        failed = std::current_exception();
      }
    });
    shift_segments(findings, ordered, few, at, 0, split, none, ordered);
  }
  if (failed) std::rethrow_exception(failed);
}

}  // namespace

void sort_findings(std::vector<Finding>& findings, std::size_t ordered) {
  ordered = std::min(ordered, findings.size());
  if (ordered > 0 && (findings.size() - ordered) * 8 <= findings.size()) {
    // A few to add to many in order (check: the lockfile's findings were
    // ordered beside the deps pass): each of the few is placed by a binary
    // search among the many, which are not read one by one.
    auto less = [&](std::uint32_t x, std::uint32_t y) {
      const auto& a = findings[x];
      const auto& b = findings[y];
      return std::tie(a.location.file, a.location.line, a.location.column, a.rule, a.package, a.message) <
             std::tie(b.location.file, b.location.line, b.location.column, b.rule, b.package, b.message);
    };
    std::vector<std::uint32_t> tail(findings.size() - ordered);
    for (std::size_t i = 0; i < tail.size(); ++i) tail[i] = static_cast<std::uint32_t>(ordered + i);
    std::stable_sort(tail.begin(), tail.end(), less);
    // Where each of the few goes: before the ordered finding at[j] (after
    // every ordered finding equal to it: a stable sort keeps them first).
    std::vector<std::uint32_t> at(tail.size());
    std::uint32_t next = 0;
    for (std::size_t j = 0; j < tail.size(); ++j) {
      std::uint32_t lo = next;
      std::uint32_t hi = static_cast<std::uint32_t>(ordered);
      while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (less(tail[j], mid)) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      at[j] = next = lo;
    }
    std::vector<Finding> few;
    few.reserve(tail.size());
    for (auto t : tail) few.push_back(std::move(findings[t]));
    spread_in_place(findings, ordered, few, at);
    return;
  }
  // Sorts positions, then moves each finding once: a Finding is a dozen
  // strings and vectors, and a merge sort moves each one log n times
  // (50,000 findings: 3.3% of a whole check).
  // Files are ranked first (a few distinct names), so most comparisons are
  // of three integers; strings are compared only between findings at the
  // same place.
  // (Most findings share their file's text with the one before.)
  std::vector<std::string_view> files;
  for (const auto& f : findings) {
    if (files.empty() || !(same_view(files.back(), f.location.file) || files.back() == f.location.file)) {
      files.push_back(f.location.file);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  std::unordered_map<std::string_view, std::uint32_t> file_rank;
  for (std::uint32_t i = 0; i < files.size(); ++i) file_rank.emplace(files[i], i);
  // The integers of each finding's key side by side (the comparisons read
  // these, not 400-byte findings scattered over the heap).
  struct Key {
    std::uint32_t rank;
    int line;
    int column;
    std::uint32_t index;
  };
  std::vector<Key> keys(findings.size());
  std::string_view last_file;
  std::uint32_t last_rank = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const auto& l = findings[i].location;
    const std::string_view file = l.file;
    if (i == 0 || !same_view(file, last_file)) {
      last_file = file;
      last_rank = file_rank.at(file);
    }
    keys[i] = {last_rank, l.line, l.column, static_cast<std::uint32_t>(i)};
  }
  auto before = [&](const Key& x, const Key& y) {
    if (x.rank != y.rank) return x.rank < y.rank;
    if (x.line != y.line) return x.line < y.line;
    if (x.column != y.column) return x.column < y.column;
    const auto& a = findings[x.index];
    const auto& b = findings[y.index];
    return std::tie(a.rule, a.package, a.message) < std::tie(b.rule, b.package, b.message);
  };
  // Rules mostly report in file order: findings already in order (check's
  // 50,000 lockfile findings) stay where they are, found in one pass.
  if (std::is_sorted(keys.begin(), keys.end(), before)) return;
  // (Both steps are stable, and the ordered ones come first: equal findings
  // keep their order, as in one stable sort of all.)
  const auto tail = keys.begin() + static_cast<std::ptrdiff_t>(std::min(ordered, keys.size()));
  std::stable_sort(tail, keys.end(), before);
  std::inplace_merge(keys.begin(), tail, keys.end(), before);
  std::vector<std::uint32_t> order(findings.size());
  for (std::size_t i = 0; i < keys.size(); ++i) order[i] = keys[i].index;
  apply_order(findings, order);
}

}  // namespace archgate::core
