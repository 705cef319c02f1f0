#include "analyzers/lockfiles/yarn_syml.hpp"

#include "core/text.hpp"

#include <simdjson.h>

#include <cstring>
#include <string>

namespace archgate::analyzers::yarn {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

bool read_hex4(std::string_view s, std::size_t i, std::uint32_t& cp) {
  if (i + 4 > s.size()) {
    return false;
  }
  cp = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    int h = hex_value(s[i + k]);
    if (h < 0) {
      return false;
    }
    cp = cp * 16 + static_cast<std::uint32_t>(h);
  }
  return true;
}

}  // namespace

std::optional<std::string_view> unescape(std::string_view body, char quote,
                                         core::StringArena& arena) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (quote == '\'') {
      if (c == '\'' && i + 1 < body.size() && body[i + 1] == '\'') {
        ++i;
      }
      out += c;
      continue;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) {
      return std::nullopt;
    }
    switch (body[i]) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        std::uint32_t cp = 0;
        if (!read_hex4(body, i + 1, cp)) {
          return std::nullopt;
        }
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t lo = 0;
          if (i + 2 < body.size() && body[i + 1] == '\\' && body[i + 2] == 'u' &&
              read_hex4(body, i + 3, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          } else {
            return std::nullopt;
          }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return std::nullopt;
        }
        core::append_utf8(out, cp);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  if (out.empty()) {
    return std::string_view{};
  }
  return arena.store(out);
}

bool split_descriptor(std::string_view desc, std::string_view& name, std::string_view& range) {
  if (desc.empty()) {
    return false;
  }
  auto at = desc.find('@', desc[0] == '@' ? 1 : 0);
  if (at == std::string_view::npos || at == 0) {
    return false;
  }
  name = desc.substr(0, at);
  range = desc.substr(at + 1);
  return true;
}

void url_decode(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
}

bool is_berry(std::string_view content) {
  // yarn berry writes `__metadata:` as the first key, after a short comment
  // header; look at the start of the file only.
  auto head = content.substr(0, 4096);
  auto at = head.find("__metadata:");
  return at != std::string_view::npos &&
         (at == 0 || head[at - 1] == '\n' || (at == 3 && head.starts_with("\xEF\xBB\xBF")));
}

std::pair<int, int> Scanner::position(std::uint32_t offset) const {
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset && i < m_text.size(); ++i) {
    if (m_text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int>(offset - line_start) + 1};
}

bool Scanner::fail(std::size_t offset, std::string message) {
  if (!m_error) {
    m_error = ScanError{static_cast<int>(m_line), static_cast<int>(offset - m_line_start) + 1,
                        std::move(message)};
  }
  m_pos = m_text.size();
  return false;
}

bool Scanner::quoted(std::size_t& pos, std::size_t line_end, std::string_view& out) {
  const char* base = m_text.data();
  char q = base[pos];
  std::size_t start = pos + 1;
  // Fast path: the closing quote with no escape before it (almost always).
  if (start <= line_end) {
    const void* close = std::memchr(base + start, q, line_end - start);
    if (close) {
      auto end = static_cast<std::size_t>(static_cast<const char*>(close) - base);
      bool clean = q == '"' ? std::memchr(base + start, '\\', end - start) == nullptr
                            : (end + 1 >= line_end || base[end + 1] != '\'');
      if (clean) {
        out = m_text.substr(start, end - start);
        pos = end + 1;
        return true;
      }
    }
  }
  std::size_t i = start;
  bool escaped = false;
  for (;;) {
    if (i >= line_end) {
      return fail(pos, std::string("unterminated quoted string (missing closing ") + q + ")");
    }
    char c = base[i];
    if (c == q) {
      if (q == '\'' && i + 1 < line_end && base[i + 1] == '\'') {
        escaped = true;
        i += 2;
        continue;
      }
      break;
    }
    if (c == '\\' && q == '"') {
      escaped = true;
      i += 2;
      continue;
    }
    ++i;
  }
  out = m_text.substr(start, i - start);
  if (escaped) {
    auto u = unescape(out, q, m_arena);
    if (!u) {
      return fail(start, "malformed escape sequence in quoted string");
    }
    out = *u;
  }
  pos = i + 1;
  return true;
}

bool Scanner::next(Line& out) {
  const char* base = m_text.data();
  const std::size_t size = m_text.size();
  while (m_pos < size) {
    std::size_t line_start = m_pos;
    ++m_line;
    m_line_start = line_start;
    const void* nl = std::memchr(base + line_start, '\n', size - line_start);
    std::size_t line_end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : size;
    m_pos = nl ? line_end + 1 : size;
    if (line_end > line_start && base[line_end - 1] == '\r') {
      --line_end;
    }
    std::size_t p = line_start;
    while (p < line_end && base[p] == ' ') {
      ++p;
    }
    if (p < line_end && base[p] == '\t') {
      // A tab after the indentation of a blank line is harmless; in front
      // of a key it is not YAML and not what yarn writes.
      std::size_t q = p;
      while (q < line_end && (base[q] == ' ' || base[q] == '\t')) {
        ++q;
      }
      if (q == line_end) {
        continue;
      }
      return fail(p, "tab character in indentation; yarn.lock is indented with spaces");
    }
    if (p == line_end || base[p] == '#') {
      continue;  // blank line or comment
    }
    auto indent = static_cast<std::uint32_t>(p - line_start);
    if (m_prev_opened && indent > m_indents[m_depth]) {
      if (m_depth >= k_max_depth) {
        return fail(p, "nesting deeper than " + std::to_string(k_max_depth) +
                           " levels; this is not a yarn lockfile");
      }
      m_indents[++m_depth] = indent;
    } else {
      std::uint32_t sibling = m_indents[m_depth];
      while (m_depth > 0 && indent < m_indents[m_depth]) {
        sibling = m_indents[m_depth];
        --m_depth;
      }
      if (indent != m_indents[m_depth]) {
        if (sibling != m_indents[m_depth] || !m_prev_opened) {
          if (indent < sibling) {
            return fail(p, "bad indentation: found " + std::to_string(indent) + " spaces, expected " +
                               std::to_string(sibling) + " to continue the block above or " +
                               std::to_string(m_indents[m_depth]) + " to close it");
          }
        }
        return fail(p, "unexpected indentation: the line above has a value, so it cannot "
                       "open a nested block");
      }
    }
    out = Line{};
    out.depth = m_depth;
    out.indent = indent;
    out.number = m_line;
    out.key_offset = static_cast<std::uint32_t>(p);
    bool ok = m_dialect == Dialect::classic ? parse_classic(p, line_end, out)
                                            : parse_berry(p, line_end, out);
    if (!ok) {
      return false;
    }
    m_prev_opened = !out.has_value;
    return true;
  }
  return false;
}

bool Scanner::parse_classic(std::size_t p, std::size_t line_end, Line& out) {
  const char* base = m_text.data();
  if (m_depth == 0) {
    // An entry: `key, "key", key:` up to the final colon.
    std::size_t e = line_end;
    while (e > p && base[e - 1] == ' ') {
      --e;
    }
    if (e == p || base[e - 1] != ':') {
      return fail(e, "expected ':' at the end of an entry's key line (`name@range:`)");
    }
    --e;
    while (e > p && base[e - 1] == ' ') {
      --e;
    }
    if (e == p) {
      return fail(p, "empty entry key");
    }
    out.key = m_text.substr(p, e - p);
    out.key_is_list = true;
    out.has_value = false;
    return true;
  }
  std::size_t i = p;
  if (base[i] == '"') {
    if (!quoted(i, line_end, out.key)) {
      return false;
    }
  } else {
    while (i < line_end && base[i] != ' ' && base[i] != ':' && base[i] != ',') {
      ++i;
    }
    out.key = m_text.substr(p, i - p);
    if (out.key.empty()) {
      return fail(p, "expected a key");
    }
  }
  while (i < line_end && base[i] == ' ') {
    ++i;
  }
  if (i < line_end && base[i] == ':') {
    ++i;
    while (i < line_end && base[i] == ' ') {
      ++i;
    }
    if (i == line_end) {
      out.has_value = false;
      return true;
    }
  } else if (i == line_end) {
    return fail(i, "expected a value or ':' after key \"" + std::string(out.key) + "\"");
  }
  out.value_offset = static_cast<std::uint32_t>(i);
  out.has_value = true;
  if (base[i] == '"') {
    if (!quoted(i, line_end, out.value)) {
      return false;
    }
  } else {
    std::size_t s = i;
    while (i < line_end && base[i] != ' ') {
      ++i;
    }
    out.value = m_text.substr(s, i - s);
  }
  while (i < line_end && base[i] == ' ') {
    ++i;
  }
  if (i != line_end) {
    return fail(i, "unexpected text after the value of \"" + std::string(out.key) + "\"");
  }
  return true;
}

bool Scanner::parse_berry(std::size_t p, std::size_t line_end, Line& out) {
  const char* base = m_text.data();
  std::size_t i = p;
  if (base[i] == '-' && (i + 1 == line_end || base[i + 1] == ' ')) {
    return fail(i, "YAML sequences are not part of the yarn.lock format");
  }
  if (base[i] == '"' || base[i] == '\'') {
    if (!quoted(i, line_end, out.key)) {
      return false;
    }
    while (i < line_end && base[i] == ' ') {
      ++i;
    }
    if (i == line_end || base[i] != ':') {
      return fail(i, "expected ':' after key \"" + std::string(out.key) + "\"");
    }
  } else {
    // A plain key runs to the first ':' followed by a space or the end.
    for (;;) {
      const void* c = std::memchr(base + i, ':', line_end - i);
      if (!c) {
        return fail(line_end, "expected ':' after key \"" +
                                  std::string(m_text.substr(p, line_end - p)) + "\"");
      }
      i = static_cast<std::size_t>(static_cast<const char*>(c) - base);
      if (i + 1 == line_end || base[i + 1] == ' ') {
        break;
      }
      ++i;
    }
    std::size_t e = i;
    while (e > p && base[e - 1] == ' ') {
      --e;
    }
    out.key = m_text.substr(p, e - p);
  }
  ++i;  // the ':'
  while (i < line_end && base[i] == ' ') {
    ++i;
  }
  if (i == line_end || base[i] == '#') {
    out.has_value = false;
    return true;
  }
  out.value_offset = static_cast<std::uint32_t>(i);
  out.has_value = true;
  if (base[i] == '"' || base[i] == '\'') {
    if (!quoted(i, line_end, out.value)) {
      return false;
    }
    while (i < line_end && base[i] == ' ') {
      ++i;
    }
    if (i != line_end && base[i] != '#') {
      return fail(i, "unexpected text after the value of \"" + std::string(out.key) + "\"");
    }
    return true;
  }
  std::size_t s = i;
  std::size_t e = line_end;
  // A plain scalar ends at " #" (a comment) or the end of the line.
  for (std::size_t k = s + 1; k < line_end;) {
    const void* hash = std::memchr(base + k, '#', line_end - k);
    if (!hash) {
      break;
    }
    k = static_cast<std::size_t>(static_cast<const char*>(hash) - base);
    if (base[k - 1] == ' ') {
      e = k;
      break;
    }
    ++k;
  }
  while (e > s && base[e - 1] == ' ') {
    --e;
  }
  out.value = m_text.substr(s, e - s);
  return true;
}

}  // namespace archgate::analyzers::yarn
