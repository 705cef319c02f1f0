#pragma once
// Reordering vectors of large elements by a sorted index: sort positions
// (cheap to move), then move each element once along its permutation cycle,
// holding one element aside. No second vector of elements is built, and a
// merge or quick sort's log n moves per element are spared.
#include <cstdint>
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

}  // namespace archgate::core
