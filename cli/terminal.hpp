#pragma once
// How archgate talks to a person on stderr. Every message has one shape:
//   archgate: error: WHAT        input or usage problem (exit 2); always shown
//   archgate: warning: WHAT      something was left out; always shown
//   archgate: WHAT               what was done (a file written, a hook installed)
//   archgate: hint: WHAT         what to do next
// The last two, and the progress line, are silenced by --quiet. Reports go to
// stdout (or --output) and are never silenced. Colour is used only when the
// report goes to a terminal and NO_COLOR is unset (https://no-color.org).
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace archgate::cli {

void set_quiet(bool quiet);
[[nodiscard]] bool quiet();

void warning(std::string_view message);
void info(std::string_view message);
void hint(std::string_view message);

// The `archgate: error:` lines for `errors`: one root cause, one line. Three
// or more errors with the same message (a registry that cannot be reached,
// asked for every package) become the first one and a count with a few of
// the others' places; fewer are listed as they are. JSON keeps every error.
[[nodiscard]] std::vector<std::string> error_lines(const std::vector<core::Error>& errors);
void print_errors(const std::vector<core::Error>& errors);

// `s` single-quoted for a POSIX shell (' becomes '\''): for commands shown
// in hints and written into completion scripts.
[[nodiscard]] std::string shell_quote(std::string_view s);

// Whether a report written to the terminal (`to_terminal`) may use colour.
[[nodiscard]] bool use_color(bool to_terminal);

// A one-line progress report on stderr, redrawn in place:
//   archgate: registry metadata 640/2,096 · 212/s · about 7 s left
// Only when stderr is a terminal (not TERM=dumb), not --quiet, and the work
// is more than a handful of items; at most ten redraws a second; update()
// may be called from several threads. The line is erased when the work is
// done or the object goes away, so the report that follows starts clean.
class Progress {
 public:
  explicit Progress(std::string label, std::size_t handful = 16);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();
  void update(std::size_t done, std::size_t total);
  // The line as it would be drawn (for tests): rate and time left once a
  // tenth of a second has passed.
  [[nodiscard]] static std::string line(std::string_view label, std::size_t done, std::size_t total,
                                        double elapsed_seconds);

 private:
  void erase();
  std::string m_label;
  std::size_t m_handful;
  bool m_enabled;
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
  std::mutex m_mutex;
};

}  // namespace archgate::cli
