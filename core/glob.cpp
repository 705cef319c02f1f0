#include "core/glob.hpp"

#include <string>
#include <vector>

namespace archgate::core {

namespace {

// Matches one path segment against one pattern segment (no '/').
bool match_segment(std::string_view p, std::string_view s) {
  if (!s.empty() && s[0] == '.' && (p.empty() || p[0] != '.')) {
    return false;  // '*' and '?' never match a leading dot
  }
  std::size_t pi = 0;
  std::size_t si = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_s = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star_p = pi++;
      star_s = si;
      continue;
    }
    if (pi < p.size() && p[pi] == '[') {
      auto close = p.find(']', pi + 1);
      if (close != std::string_view::npos) {
        bool negate = pi + 1 < close && (p[pi + 1] == '!' || p[pi + 1] == '^');
        bool found = false;
        for (std::size_t k = pi + 1 + (negate ? 1 : 0); k < close; ++k) {
          if (k + 2 < close && p[k + 1] == '-') {
            found = found || (s[si] >= p[k] && s[si] <= p[k + 2]);
            k += 2;
          } else {
            found = found || s[si] == p[k];
          }
        }
        if (found != negate) {
          pi = close + 1;
          ++si;
          continue;
        }
      } else if (s[si] == '[') {
        ++pi;
        ++si;
        continue;
      }
    } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
      continue;
    }
    if (star_p != std::string_view::npos) {
      pi = star_p + 1;
      si = ++star_s;
      continue;
    }
    return false;
  }
  while (pi < p.size() && p[pi] == '*') {
    ++pi;
  }
  return pi == p.size();
}

std::vector<std::string_view> split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    auto next = s.find('/', pos);
    if (next == std::string_view::npos) {
      next = s.size();
    }
    auto part = s.substr(pos, next - pos);
    if (!part.empty() && part != ".") {
      out.push_back(part);
    }
    pos = next + 1;
  }
  return out;
}

bool match_parts(const std::vector<std::string_view>& p, std::size_t pi,
                 const std::vector<std::string_view>& s, std::size_t si) {
  while (pi < p.size()) {
    if (p[pi] == "**") {
      for (std::size_t k = si; k <= s.size(); ++k) {
        if (match_parts(p, pi + 1, s, k)) {
          return true;
        }
        if (k < s.size() && !s[k].empty() && s[k][0] == '.') {
          return false;
        }
      }
      return false;
    }
    if (si >= s.size() || !match_segment(p[pi], s[si])) {
      return false;
    }
    ++pi;
    ++si;
  }
  return si == s.size();
}

// Most brace expansions tried for one glob_match call: nested or repeated
// groups multiply (`{a,b}{c,d}...` is 2^n patterns), and no real workspace
// pattern or rule glob comes near this (found by fuzz_config).
constexpr int k_max_expansions = 256;

// Expands the first {a,b} group (recursively handles the rest).
bool match_braces(std::string_view pattern, std::string_view path, int depth, int& budget) {
  if (--budget < 0) {
    return false;
  }
  auto open = pattern.find('{');
  if (open == std::string_view::npos || depth > 8) {
    // One segment against one segment (a .gitignore's `*.log` against a file
    // name, for every file of a tree): no lists to build.
    if (open == std::string_view::npos && !pattern.empty() && !path.empty() && pattern != "." && path != "." &&
        pattern != "**" && pattern.find('/') == std::string_view::npos && path.find('/') == std::string_view::npos) {
      return match_segment(pattern, path);
    }
    return match_parts(split(pattern), 0, split(path), 0);
  }
  int level = 0;
  std::size_t close = std::string_view::npos;
  std::vector<std::size_t> commas;
  for (std::size_t i = open; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      ++level;
    } else if (pattern[i] == '}') {
      if (--level == 0) {
        close = i;
        break;
      }
    } else if (pattern[i] == ',' && level == 1) {
      commas.push_back(i);
    }
  }
  if (close == std::string_view::npos || commas.empty()) {
    return match_parts(split(pattern), 0, split(path), 0);
  }
  std::size_t start = open + 1;
  commas.push_back(close);
  for (auto end : commas) {
    std::string expanded(pattern.substr(0, open));
    expanded += pattern.substr(start, end - start);
    expanded += pattern.substr(close + 1);
    if (match_braces(expanded, path, depth + 1, budget)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  while (pattern.starts_with("./")) {
    pattern.remove_prefix(2);
  }
  while (!pattern.empty() && pattern.back() == '/') {
    pattern.remove_suffix(1);
  }
  int budget = k_max_expansions;
  return match_braces(pattern, path, 0, budget);
}

}  // namespace archgate::core
