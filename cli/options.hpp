#pragma once
// Options shared by several commands, and their checks.
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "core/finding.hpp"

namespace archgate::cli {

// Adds `--today YYYY-MM-DD` (validated) bound to `target`.
void add_today_option(CLI::App& app, std::string& target);
// The system date as YYYY-MM-DD (UTC), for when --today is not given.
std::string system_today();

// For commands that fetch registry documents on many threads: large
// allocations go straight to mmap and back to the system when freed.
// glibc otherwise raises its mmap threshold after the first large free and
// keeps each thread's freed documents in that thread's arena (a cold
// `archgate deps` of 2,200 packages peaked at 397 MB; with this, ~107 MB).
void return_large_allocations();

// Where a command writes its report: stdout, or --output FILE (written whole
// at the end so a failed run does not leave half a file).
class Output {
 public:
  explicit Output(const std::string& path) : m_path(path) {}
  std::ostream& stream() { return m_path.empty() ? std::cout : m_buffer; }
  // Writes the buffered report to the file; false (with a message on
  // stderr) when it cannot.
  bool finish();
  [[nodiscard]] bool to_terminal() const;

 private:
  std::string m_path;
  std::ostringstream m_buffer;
};

}  // namespace archgate::cli
