#pragma once
// Text checks shared by every reader.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::core {

// Offset of the first byte that does not start a valid UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF are invalid), or
// nullopt when the whole text is valid. The common valid case runs at
// simdjson's SIMD validation speed.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// The first position at or after `pos` of any byte of `set` (few bytes), or
// npos. string_view::find_first_of calls memchr over `set` once per byte of
// `s`: on 50,000 lockfile URLs and hashes that was a quarter of a rule pass.
inline std::size_t find_any(std::string_view s, std::string_view set, std::size_t pos = 0) {
  for (; pos < s.size(); ++pos) {
    for (char c : set) {
      if (s[pos] == c) return pos;
    }
  }
  return std::string_view::npos;
}

// The parts joined in one allocation. `a + b` on two std::strings copies
// `a` and then grows the copy for `b`: two blocks where one is needed.
inline std::string concat(std::initializer_list<std::string_view> parts) {
  std::size_t n = 0;
  for (auto p : parts) n += p.size();
  std::string out;
  out.reserve(n);
  for (auto p : parts) out.append(p);
  return out;
}

// Appends code point `cp` (at most U+10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t cp);

// `s` without leading and trailing spaces, tabs and carriage returns (the
// line-oriented config formats: .npmrc, .yarnrc).
std::string_view trim_blanks(std::string_view s);

// `s` without one pair of matching surrounding quotes ("x" or 'x').
std::string_view strip_quotes(std::string_view s);

// A shell line split into its simple commands at `;`, `&&`, `||` and `|`
// outside quotes (the quotes stay, for shell_words).
std::vector<std::string> split_shell_commands(std::string_view line);

// The words of a simple command, split at blanks outside quotes, quotes
// removed as the shell removes them: `A='{"x": 1}' mocha` is two words.
std::vector<std::string> shell_words(std::string_view command);

// `word` as one shell word again (single-quoted when it holds a blank, a
// quote or an operator), for joining shell_words back into a line.
inline std::string shell_quote(std::string_view word) {
  if (!word.empty() && word.find_first_of(" \t'\"&|;<>()$`\\*?") == std::string_view::npos) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Where `cd DIR` (the words of one simple command) takes a shell that is in
// `dir` (project-relative): nullopt when the words are not a cd to follow
// (another command, or an absolute, home or variable path).
std::optional<std::string> cd_into(std::string_view dir, const std::vector<std::string>& words);

}  // namespace archgate::core
