#pragma once
// StringIndex: string_view -> uint32 map for the readers' hot lookups
// (install path -> node, descriptor -> entry).
//
// Why not std::unordered_map: every lookup there walks a linked bucket chain
// (one cache miss per node) and then compares keys that live in a lockfile
// of tens of MB (another miss). Here the slots are one flat array holding
// the full hash, the key view and the value, probed linearly: a miss usually
// costs one cache line, a hit one more for the key bytes. On a 50,000-entry
// package-lock this halves the time spent resolving dependencies.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace archgate::core {

// Open-addressing tables of any slot count: a hash picks its first slot by
// the high bits of hash * count (no power of two needed), and probes wrap.
__extension__ using SlotProduct = unsigned __int128;  // (GCC and Clang; -Wpedantic otherwise)
inline std::size_t first_slot(std::uint64_t hash, std::size_t count) {
  return static_cast<std::size_t>((static_cast<SlotProduct>(hash) * count) >> 64);
}

// Slots for `n` entries at most three quarters full. A table of a megabyte
// or more gets as many slots as fill its last 2 MB page: the executable puts
// such blocks on huge pages (cli/huge_pages.cpp), so the rest of that page
// would be memory held for nothing, while a page more than needed is one
// more fault and 2 MB more to clear.
inline std::size_t slots_for(std::size_t n, std::size_t slot_bytes) {
  constexpr std::size_t k_page = std::size_t{2} << 20;
  std::size_t slots = std::max<std::size_t>(16, n + n / 3 + 1);
  if (slots * slot_bytes >= k_page / 2) {
    slots = (slots * slot_bytes + k_page - 1) / k_page * k_page / slot_bytes;
  }
  return slots;
}

class StringIndex {
 public:
  static constexpr std::uint32_t k_missing = UINT32_MAX;

  explicit StringIndex(std::size_t expected = 16) { rehash(slots_for(expected, sizeof(Slot))); }

  // Inserts key -> value unless the key is present; returns the value now
  // stored for the key. The key's bytes must outlive the index.
  std::uint32_t emplace(std::string_view key, std::uint32_t value) {
    if ((m_size + 1) * 4 > m_slots.size() * 3) {
      rehash(slots_for(m_slots.size() * 3 / 2, sizeof(Slot)));  // twice the slots
    }
    auto h = hash(key);
    for (std::size_t i = first_slot(h, m_slots.size());; i = next(i)) {
      auto& s = m_slots[i];
      if (s.value == k_missing) {
        s = {h, key.data(), static_cast<std::uint32_t>(key.size()), value};
        ++m_size;
        return value;
      }
      if (s.hash == h && s.len == key.size() && std::string_view(s.data, s.len) == key) {
        return s.value;
      }
    }
  }

  // Room for `expected` keys without rehashing (one table, not a chain of
  // doublings, when the count is known up front).
  void reserve(std::size_t expected) {
    if (auto cap = slots_for(expected, sizeof(Slot)); cap > m_slots.size()) rehash(cap);
  }

  // The value stored for key, or k_missing.
  [[nodiscard]] std::uint32_t find(std::string_view key) const {
    auto h = hash(key);
    for (std::size_t i = first_slot(h, m_slots.size());; i = next(i)) {
      const auto& s = m_slots[i];
      if (s.value == k_missing) {
        return k_missing;
      }
      if (s.hash == h && s.len == key.size() && std::string_view(s.data, s.len) == key) {
        return s.value;
      }
    }
  }

  [[nodiscard]] std::size_t size() const { return m_size; }

  void clear() {
    std::fill(m_slots.begin(), m_slots.end(), Slot{});
    m_size = 0;
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    const char* data = nullptr;
    std::uint32_t len = 0;
    std::uint32_t value = k_missing;
  };

  static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  [[nodiscard]] std::size_t next(std::size_t i) const { return i + 1 == m_slots.size() ? 0 : i + 1; }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(m_slots);
    m_size = 0;
    for (const auto& s : old) {
      if (s.value != k_missing) {
        for (std::size_t i = first_slot(s.hash, m_slots.size());; i = next(i)) {
          if (m_slots[i].value == k_missing) {
            m_slots[i] = s;
            ++m_size;
            break;
          }
        }
      }
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_size = 0;
};

}  // namespace archgate::core
