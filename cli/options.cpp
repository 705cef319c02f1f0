#include "cli/options.hpp"

#include <malloc.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>

namespace archgate::cli {

void add_today_option(CLI::App& app, std::string& target) {
  app.add_option("--today", target,
                 "Evaluate dates as of this day (YYYY-MM-DD) instead of the system date; "
                 "makes date-dependent findings reproducible")
      ->check([](const std::string& s) -> std::string {
        static const std::regex re(R"(\d{4}-\d{2}-\d{2})");
        if (!std::regex_match(s, re)) {
          return "expected a date as YYYY-MM-DD, got \"" + s + "\"";
        }
        int y = std::stoi(s.substr(0, 4));
        int m = std::stoi(s.substr(5, 2));
        int d = std::stoi(s.substr(8, 2));
        auto ymd = std::chrono::year_month_day{std::chrono::year{y},
                                               std::chrono::month{static_cast<unsigned>(m)},
                                               std::chrono::day{static_cast<unsigned>(d)}};
        if (!ymd.ok()) {
          return "not a valid calendar date: \"" + s + "\"";
        }
        return {};
      });
}

std::string system_today() {
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::chrono::year_month_day ymd{now};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

bool Output::finish() {
  if (m_path.empty()) {
    std::cout.flush();
    return true;
  }
  std::ofstream f(m_path, std::ios::binary | std::ios::trunc);
  if (!f) {
    std::cerr << "archgate: error: cannot write " << m_path << '\n';
    return false;
  }
  f << m_buffer.str();
  return static_cast<bool>(f);
}

bool Output::to_terminal() const { return m_path.empty() && ::isatty(STDOUT_FILENO) == 1; }

void return_large_allocations() { ::mallopt(M_MMAP_THRESHOLD, 256 * 1024); }

}  // namespace archgate::cli
