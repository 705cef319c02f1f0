#include "cli/terminal.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>

#include <fmt/format.h>

namespace archgate::cli {

namespace {

bool g_quiet = false;

bool stderr_is_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDERR_FILENO) == 1 && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

std::string grouped(std::size_t n) {
  auto s = std::to_string(n);
  for (auto i = s.size(); i > 3; i -= 3) {
    s.insert(i - 3, ",");
  }
  return s;
}

}  // namespace

void set_quiet(bool quiet) { g_quiet = quiet; }
bool quiet() { return g_quiet; }

void warning(std::string_view message) { std::cerr << "archgate: warning: " << message << '\n'; }

std::vector<std::string> error_lines(const std::vector<core::Error>& errors) {
  std::vector<std::vector<const core::Error*>> groups;
  std::map<std::string_view, std::size_t> by_message;
  for (const auto& e : errors) {
    auto [it, fresh] = by_message.emplace(e.message, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(&e);
  }
  std::vector<std::string> lines;
  for (const auto& g : groups) {
    if (g.size() < 3) {
      for (const auto* e : g) lines.push_back(e->to_string());
      continue;
    }
    std::string line = g.front()->to_string() + " (and " + grouped(g.size() - 1) + " more with the same error: ";
    for (std::size_t i = 1; i < g.size() && i <= 3; ++i) {
      line += (i > 1 ? ", " : "") + g[i]->file + (g[i]->line > 0 ? ":" + std::to_string(g[i]->line) : "");
    }
    lines.push_back(line + (g.size() > 4 ? ", …)" : ")"));
  }
  return lines;
}

void print_errors(const std::vector<core::Error>& errors) {
  for (const auto& line : error_lines(errors)) std::cerr << "archgate: error: " << line << '\n';
}

void info(std::string_view message) {
  if (!g_quiet) std::cerr << "archgate: " << message << '\n';
}

void hint(std::string_view message) {
  if (!g_quiet) std::cerr << "archgate: hint: " << message << '\n';
}

std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

bool use_color(bool to_terminal) {
  const char* no_color = std::getenv("NO_COLOR");
  return to_terminal && (no_color == nullptr || *no_color == '\0');
}

Progress::Progress(std::string label, std::size_t handful)
    : m_label(std::move(label)),
      m_handful(handful),
      m_enabled(!g_quiet && stderr_is_terminal()),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

Progress::~Progress() {
  std::lock_guard lock(m_mutex);
  erase();
}

std::string Progress::line(std::string_view label, std::size_t done, std::size_t total, double elapsed) {
  auto s = fmt::format("archgate: {} {}/{}", label, grouped(done), grouped(total));
  if (elapsed >= 0.1 && done > 0) {
    double rate = static_cast<double>(done) / elapsed;
    s += fmt::format(" · {}/s", grouped(static_cast<std::size_t>(std::lround(rate))));
    if (done < total) {
      auto left = static_cast<long>(std::ceil(static_cast<double>(total - done) / rate));
      s += left >= 60 ? fmt::format(" · about {} min {} s left", left / 60, left % 60)
                      : fmt::format(" · about {} s left", left);
    }
  }
  return s;
}

void Progress::update(std::size_t done, std::size_t total) {
  if (!m_enabled || total <= m_handful) return;
  std::lock_guard lock(m_mutex);
  auto now = std::chrono::steady_clock::now();
  if (done >= total) {
    erase();
    return;
  }
  if (m_drawn && now - m_last < std::chrono::milliseconds(100)) return;
  m_last = now;
  double elapsed = std::chrono::duration<double>(now - m_start).count();
  std::cerr << "\r\x1b[K" << line(m_label, done, total, elapsed) << std::flush;
  m_drawn = true;
}

void Progress::erase() {
  if (m_drawn) {
    std::cerr << "\r\x1b[K" << std::flush;
    m_drawn = false;
  }
}

}  // namespace archgate::cli
