#pragma once
// Reordering vectors of large elements by a sorted index: sort positions
// (cheap to move), then move each element once along its permutation cycle,
// holding one element aside. No second vector of elements is built, and a
// merge or quick sort's log n moves per element are spared.
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace archgate::core {

// Afterwards position k holds what was at order[k]. `order` must be a
// permutation of 0..items.size()-1; it is consumed (left as the identity).
template <class T>
void apply_order(std::vector<T>& items, std::vector<std::uint32_t>& order) {
  for (std::uint32_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    T held = std::move(items[start]);
    auto k = start;
    while (order[k] != start) {
      auto from = order[k];
      items[k] = std::move(items[from]);
      order[k] = k;
      k = from;
    }
    items[k] = std::move(held);
    order[k] = k;
  }
}

// Bytes from..from+7 of `s`, big-endian and zero-padded: comparing two
// strings' prefixes as integers orders them as their bytes do, so a sort of
// many names decides most comparisons without a memcmp (ties fall back to
// comparing the strings).
inline std::uint64_t order_prefix(std::string_view s, std::size_t from) {
  std::uint64_t v = 0;
  for (std::size_t i = from; i < from + 8; ++i) {
    v = (v << 8) | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0U);
  }
  return v;
}

}  // namespace archgate::core
