#pragma once
// A line scanner for the two yarn.lock grammars (yarn classic's own syntax
// and berry's "syml", a YAML subset), shared by both yarn readers and the
// .yarnrc.yml packageExtensions reader.
//
// Why a hand-written scanner: both formats are strictly line-oriented. Every
// meaningful line is `<indent><key><sep><value>` or `<indent><key>:` (which
// opens a block of deeper lines). yarn writes nothing else — no flow
// collections, anchors, tags or multi-line scalars — so one pass over the
// bytes, with views into the text, parses the whole file. General YAML
// libraries are 5–100× slower on the same input (see /work/shared/FACTS.md).
// Anything outside the subset is reported as an error with line:col rather
// than guessed at.
//
//   classic:  `key value`, `key "value"`, `key:`; top-level keys may be a
//             comma-separated list (`a@^1, "b@^2":`).
//   berry:    `key: value`, `"key": "value"`, `key:`; values run to the end
//             of the line; quoted strings use JSON escapes (and YAML '...').
//
// Indentation is checked: a line may only be deeper than the previous one
// when the previous one opened a block, and must otherwise return to the
// indentation of an open block. Tabs in indentation are errors. Nesting is
// limited to k_max_depth levels.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/graph.hpp"

namespace archgate::analyzers::yarn {

enum class Dialect : std::uint8_t { classic, berry };

inline constexpr std::uint32_t k_max_depth = 32;

struct Line {
  std::uint32_t depth = 0;   // 0 for top-level keys, +1 per open block
  std::uint32_t indent = 0;  // spaces before the key
  std::uint32_t number = 0;  // 1-based line number
  std::uint32_t key_offset = 0;
  std::uint32_t value_offset = 0;
  // The key, unquoted. For a classic top-level key list (`a, "b":`) this is
  // the raw text of the list; split it with for_each_key().
  std::string_view key;
  bool key_is_list = false;
  std::string_view value;  // unquoted; empty when has_value is false
  bool has_value = false;  // false: `key:` opening a block
};

struct ScanError {
  int line = 0;
  int column = 0;
  std::string message;
};

class Scanner {
 public:
  // `text` must outlive the scanner; unescaped strings go to `arena`.
  Scanner(std::string_view text, Dialect dialect, core::StringArena& arena)
      : m_text(text), m_dialect(dialect), m_arena(arena) {
    if (m_text.starts_with("\xEF\xBB\xBF")) {
      m_pos = 3;  // a UTF-8 byte order mark is not part of the first key
    }
  }

  // Reads the next key line (blank and comment lines are skipped). Returns
  // false at the end of the text or on an error; error() tells which.
  bool next(Line& out);
  [[nodiscard]] const std::optional<ScanError>& error() const { return m_error; }

  // 1-based line/column of a byte offset (for errors found by callers).
  [[nodiscard]] std::pair<int, int> position(std::uint32_t offset) const;

 private:
  bool fail(std::size_t offset, std::string message);
  // Reads a quoted string starting at m_text[pos] (a quote) that must end
  // before line_end. Sets `out` and `pos` past the closing quote.
  bool quoted(std::size_t& pos, std::size_t line_end, std::string_view& out);
  bool parse_classic(std::size_t pos, std::size_t line_end, Line& out);
  bool parse_berry(std::size_t pos, std::size_t line_end, Line& out);

  std::string_view m_text;
  Dialect m_dialect;
  core::StringArena& m_arena;
  std::size_t m_pos = 0;
  std::uint32_t m_line = 0;
  std::size_t m_line_start = 0;
  // Indentation of each open level; m_indents[0] is the top level (0).
  std::uint32_t m_indents[k_max_depth + 1] = {0};
  std::uint32_t m_depth = 0;  // number of open blocks
  bool m_prev_opened = false;
  std::optional<ScanError> m_error;
};

// Calls f(key, offset_in_raw) for each key of a classic top-level key list
// (`a@^1, "a@^2"`), unquoting into `arena` when needed. Returns false on a
// malformed list (an unterminated quote, an empty key).
template <class F>
bool for_each_key(std::string_view raw, core::StringArena& arena, F&& f);

// Splits a berry key (`a@npm:^1, a@npm:^2`) on ", " and calls f(part).
template <class F>
void for_each_berry_key(std::string_view key, F&& f) {
  std::size_t start = 0;
  while (start <= key.size()) {
    auto comma = key.find(", ", start);
    auto part = key.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                   : comma - start);
    if (!part.empty()) {
      f(part);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 2;
  }
}

// Decodes a JSON-quoted string body (without its quotes) into `arena`, or
// returns nullopt when an escape is malformed.
std::optional<std::string_view> unescape(std::string_view body, char quote,
                                         core::StringArena& arena);

// Splits a descriptor or locator `name@range` (scoped names start with '@').
// Returns false when there is no '@' after the name.
bool split_descriptor(std::string_view desc, std::string_view& name, std::string_view& range);

// True when `content` is a berry lockfile (a top-level `__metadata:` key near
// the start); classic files never have one.
bool is_berry(std::string_view content);

// Percent-decodes `s` ("npm%3A1.0.0" -> "npm:1.0.0") into `out`.
void url_decode(std::string_view s, std::string& out);

template <class F>
bool for_each_key(std::string_view raw, core::StringArena& arena, F&& f) {
  std::size_t i = 0;
  while (i < raw.size()) {
    while (i < raw.size() && raw[i] == ' ') {
      ++i;
    }
    std::size_t start = i;
    std::string_view key;
    if (i < raw.size() && raw[i] == '"') {
      std::size_t j = i + 1;
      bool escaped = false;
      while (j < raw.size() && raw[j] != '"') {
        if (raw[j] == '\\') {
          escaped = true;
          ++j;
        }
        ++j;
      }
      if (j >= raw.size()) {
        return false;
      }
      key = raw.substr(i + 1, j - i - 1);
      if (escaped) {
        auto u = unescape(key, '"', arena);
        if (!u) {
          return false;
        }
        key = *u;
      }
      i = j + 1;
    } else {
      std::size_t j = i;
      while (j < raw.size() && raw[j] != ',') {
        ++j;
      }
      std::size_t e = j;
      while (e > i && raw[e - 1] == ' ') {
        --e;
      }
      key = raw.substr(i, e - i);
      i = j;
    }
    if (key.empty()) {
      return false;
    }
    f(key, start);
    while (i < raw.size() && raw[i] == ' ') {
      ++i;
    }
    if (i < raw.size()) {
      if (raw[i] != ',') {
        return false;
      }
      ++i;
    }
  }
  return true;
}

}  // namespace archgate::analyzers::yarn
