#pragma once
// ARCHGATE_TIMINGS=1 prints the wall time of each pipeline pass, the rules
// and the report on stderr: for bench/ and for finding where a slow run
// spends its time. Off, a ScopedTiming costs one branch.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace archgate::core {

inline bool timings_enabled() {
  static const bool on = std::getenv("ARCHGATE_TIMINGS") != nullptr;
  return on;
}

class ScopedTiming {
 public:
  explicit ScopedTiming(std::string_view what) : m_what(what) {
    if (timings_enabled()) m_start = std::chrono::steady_clock::now();
  }
  ~ScopedTiming() {
    if (!timings_enabled()) return;
    std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - m_start;
    std::fprintf(stderr, "archgate: timing: %.*s %.1f ms\n", static_cast<int>(m_what.size()), m_what.data(), ms.count());
  }
  ScopedTiming(const ScopedTiming&) = delete;
  ScopedTiming& operator=(const ScopedTiming&) = delete;

 private:
  std::string_view m_what;
  std::chrono::steady_clock::time_point m_start{};
};

}  // namespace archgate::core
