#include "core/text.hpp"

#include "core/snapshot.hpp"

#include <simdjson.h>

#include <cstdint>
#include <string>

namespace archgate::core {

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) {
    return std::nullopt;
  }
  // Slow path, only on failure: find where.
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t min = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      min = 0x80;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      min = 0x800;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      min = 0x10000;
      cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) {
      return i;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return i;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return n;  // simdjson disagreed; point at the end
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view strip_quotes(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s.remove_prefix(1);
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> split_shell_commands(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;  // the quote we are inside, if any: separators there are text
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        cur += c;
        c = line[++i];
      } else if (c == quote) {
        quote = 0;
      }
      cur += c;
      continue;
    }
    if (c == '\\' && i + 1 < line.size()) {
      cur += c;
      cur += line[++i];
      continue;
    }
    if (c == '"' || c == '\'') quote = c;
    bool twice = (c == '&' || c == '|') && i + 1 < line.size() && line[i + 1] == c;
    if (c == ';' || twice || c == '|') {
      out.push_back(std::move(cur));
      cur.clear();
      if (twice) ++i;
    } else {
      cur += c;
    }
  }
  out.push_back(std::move(cur));
  return out;
}

std::vector<std::string> shell_words(std::string_view command) {
  std::vector<std::string> w;
  std::string cur;
  bool word = false;  // a word has started (an empty '' is a word too)
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0;
      else cur += c;
    } else if (quote == '"') {
      if (c == '"') quote = 0;
      else if (c == '\\' && i + 1 < command.size() && (command[i + 1] == '"' || command[i + 1] == '\\')) cur += command[++i];
      else cur += c;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (word) w.push_back(std::move(cur));
      cur.clear();
      word = false;
    } else if (c == '"' || c == '\'') {
      quote = c;
      word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      cur += command[++i];
      word = true;
    } else {
      cur += c;
      word = true;
    }
  }
  if (word) w.push_back(std::move(cur));
  return w;
}

std::optional<std::string> cd_into(std::string_view dir, const std::vector<std::string>& words) {
  if (words.size() != 2 || words[0] != "cd") return std::nullopt;
  const auto& to = words[1];
  if (to.starts_with("/") || to.starts_with("~") || to.starts_with("$")) return std::nullopt;
  return normalize_path(join_path(dir, to));
}

}  // namespace archgate::core
