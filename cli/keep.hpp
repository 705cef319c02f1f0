#pragma once
// Results a command is about to exit with. Freeing them is work nobody
// waits for: on a 50,000-package lockfile, tearing down the findings, the
// package reports and the graph one allocation at a time was a tenth of a
// whole `check`, and the operating system takes the heap back at exit in
// one step (compilers skip the same teardown: clang's -disable-free).
//
// keep_until_exit() moves a value to the heap and never frees it. The
// pointer stays reachable from a global, so leak checkers (LeakSanitizer in
// the test build) do not count it as a leak. Only the command layer uses it,
// once per run: a loop that calls it would grow without bound.
#include <type_traits>
#include <utility>
#include <vector>

namespace archgate::cli {

namespace detail {
inline std::vector<const void*>& kept_values() {
  static auto* kept = new std::vector<const void*>();  // never destroyed, on purpose
  return *kept;
}
}  // namespace detail

template <class T>
std::remove_cvref_t<T>& keep_until_exit(T&& value) {
  auto* p = new std::remove_cvref_t<T>(std::forward<T>(value));
  detail::kept_values().push_back(p);
  return *p;
}

}  // namespace archgate::cli
