#include "core/json_util.hpp"

#include <simdjson.h>

#include "core/text.hpp"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace archgate::core::json {

std::shared_ptr<std::string> padded_copy(std::string_view text) {
  auto out = std::make_shared<std::string>();
  out->reserve(text.size() + k_padding);
  out->assign(text);
  return out;
}

void ensure_padding(std::string& text) {
  if (text.capacity() < text.size() + k_padding) {
    text.reserve(text.size() + k_padding);
  }
}

LineCol line_col(std::string_view text, std::size_t offset) {
  LineCol lc;
  if (offset > text.size()) {
    offset = text.size();
  }
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++lc.line;
      line_start = i + 1;
    }
  }
  lc.column = static_cast<int>(offset - line_start) + 1;
  return lc;
}

Error error_at(std::string file, std::string_view text, std::size_t offset, std::string message) {
  auto lc = line_col(text, offset);
  return Error{std::move(file), lc.line, lc.column, std::move(message)};
}

namespace {

// Length of the UTF-8 sequence at p, or 0 when invalid.
std::size_t utf8_len(const unsigned char* p, const unsigned char* end) {
  unsigned char c = p[0];
  if (c < 0x80) {
    return 1;
  }
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n) {
    return 0;
  }
  for (std::size_t i = 1; i < n; ++i) {
    if ((p[i] & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
      cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

class Scanner {
 public:
  Scanner(std::string_view text, bool trailing, std::size_t max_depth)
      : m_text(text), m_trailing(trailing), m_max_depth(max_depth) {}

  std::optional<SyntaxError> run() {
    // Validate UTF-8 over the whole input first: simdjson rejects invalid
    // UTF-8 anywhere, including between tokens.
    const auto* b = reinterpret_cast<const unsigned char*>(m_text.data());
    const auto* e = b + m_text.size();
    // simdjson's SIMD validator says whether there is an invalid sequence;
    // the loop below, only then, says where.
    const auto* p = simdjson::validate_utf8(m_text.data(), m_text.size()) ? e : b;
    while (p < e) {
      // ASCII fast path: 8 bytes at a time.
      while (e - p >= 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, 8);
        if ((w & 0x8080808080808080ULL) != 0) {
          break;
        }
        p += 8;
      }
      while (p < e && *p < 0x80) {
        ++p;
      }
      if (p >= e) {
        break;
      }
      auto n = utf8_len(p, e);
      if (n == 0) {
        return SyntaxError{static_cast<std::size_t>(p - b), "invalid UTF-8 byte sequence"};
      }
      p += n;
    }
    skip_ws();
    if (m_pos >= m_text.size()) {
      return err(m_text.empty() ? "empty file, expected a JSON value"
                                : "expected a JSON value, found only whitespace");
    }
    if (auto e1 = value()) {
      return e1;
    }
    skip_ws();
    if (m_pos < m_text.size()) {
      return err("unexpected content after the JSON value");
    }
    return std::nullopt;
  }

 private:
  enum class Ctx : std::uint8_t { object, array };

  std::optional<SyntaxError> err(std::string msg) const { return SyntaxError{m_pos, std::move(msg)}; }

  void skip_ws() {
#if defined(__SSE2__)
    // Pretty-printed files indent every line: 16 bytes at a time.
    const char* base = m_text.data();
    while (m_pos + 16 <= m_text.size()) {
      __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + m_pos));
      __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8(' ')),
                                             _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\n'))),
                                _mm_or_si128(_mm_cmpeq_epi8(chunk, _mm_set1_epi8('\t')),
                                             _mm_cmpeq_epi8(chunk, _mm_set1_epi8('\r'))));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(ws));
      if (mask != 0xFFFF) {
        m_pos += static_cast<std::size_t>(__builtin_ctz(~mask));
        return;
      }
      m_pos += 16;
    }
#endif
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++m_pos;
      } else {
        break;
      }
    }
  }

  // Advances m_pos to the first byte of the string body that is '"', '\\'
  // or a control character (16 bytes at a time where SSE2 is available).
  void skip_plain_string_bytes() {
#if defined(__SSE2__)
    const char* base = m_text.data();
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i ctrl_max = _mm_set1_epi8(0x1F);
    while (m_pos + 16 <= m_text.size()) {
      __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + m_pos));
      __m128i special = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
          _mm_cmpeq_epi8(_mm_max_epu8(chunk, ctrl_max), ctrl_max));
      int mask = _mm_movemask_epi8(special);
      if (mask != 0) {
        m_pos += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        return;
      }
      m_pos += 16;
    }
#endif
    while (m_pos < m_text.size()) {
      auto c = static_cast<unsigned char>(m_text[m_pos]);
      if (c == '"' || c == '\\' || c < 0x20) {
        return;
      }
      ++m_pos;
    }
  }

  std::optional<SyntaxError> string() {
    ++m_pos;  // opening quote
    while (m_pos < m_text.size()) {
      skip_plain_string_bytes();
      if (m_pos >= m_text.size()) {
        break;
      }
      auto c = static_cast<unsigned char>(m_text[m_pos]);
      if (c == '"') {
        ++m_pos;
        return std::nullopt;
      }
      if (c < 0x20) {
        return err("control character in string (escape it)");
      }
      if (c == '\\') {
        ++m_pos;
        if (m_pos >= m_text.size()) {
          break;
        }
        char esc = m_text[m_pos];
        if (esc == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (m_pos + i >= m_text.size() || !std::isxdigit(static_cast<unsigned char>(m_text[m_pos + i]))) {
              return err("invalid \\u escape, expected 4 hex digits");
            }
          }
          m_pos += 5;
          continue;
        }
        if (std::string_view("\"\\/bfnrt").find(esc) == std::string_view::npos) {
          return err("invalid escape sequence in string");
        }
      }
      ++m_pos;
    }
    return err("unterminated string, expected a closing '\"'");
  }

  std::optional<SyntaxError> number() {
    auto start = m_pos;
    if (m_text[m_pos] == '-') {
      ++m_pos;
    }
    auto digits = [&] {
      auto s = m_pos;
      while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
        ++m_pos;
      }
      return m_pos - s;
    };
    if (m_pos < m_text.size() && m_text[m_pos] == '0') {
      ++m_pos;
    } else if (digits() == 0) {
      m_pos = start;
      return err("invalid number");
    }
    if (m_pos < m_text.size() && m_text[m_pos] == '.') {
      ++m_pos;
      if (digits() == 0) {
        return err("invalid number, expected digits after '.'");
      }
    }
    if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
      ++m_pos;
      if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) {
        ++m_pos;
      }
      if (digits() == 0) {
        return err("invalid number, expected exponent digits");
      }
    }
    return std::nullopt;
  }

  std::optional<SyntaxError> literal(std::string_view word) {
    if (m_text.substr(m_pos, word.size()) != word) {
      return err("unexpected character, expected a JSON value");
    }
    m_pos += word.size();
    return std::nullopt;
  }

  // Parses one scalar, or opens a container (pushed on m_stack).
  std::optional<SyntaxError> scalar_or_open(bool& opened) {
    opened = false;
    if (m_pos >= m_text.size()) {
      return err("unexpected end of file, expected a JSON value");
    }
    char c = m_text[m_pos];
    switch (c) {
      case '{':
      case '[':
        if (m_stack.size() >= m_max_depth) {
          return err("nesting deeper than " + std::to_string(m_max_depth) + " levels");
        }
        m_stack.push_back(c == '{' ? Ctx::object : Ctx::array);
        ++m_pos;
        opened = true;
        return std::nullopt;
      case '"':
        return string();
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
          return number();
        }
        return err(std::string("unexpected character '") + c + "', expected a JSON value");
    }
  }

  std::optional<SyntaxError> value() {
    bool opened = false;
    if (auto e = scalar_or_open(opened)) {
      return e;
    }
    // `first` means: just opened a container, nothing read in it yet.
    bool first = opened;
    while (!m_stack.empty()) {
      skip_ws();
      if (m_pos >= m_text.size()) {
        return err(m_stack.back() == Ctx::object ? "unexpected end of file, expected '}'"
                                                 : "unexpected end of file, expected ']'");
      }
      char close = m_stack.back() == Ctx::object ? '}' : ']';
      char c = m_text[m_pos];
      if (first) {
        if (c == close) {
          ++m_pos;
          m_stack.pop_back();
          first = false;
          continue;
        }
      } else {
        if (c == close) {
          ++m_pos;
          m_stack.pop_back();
          continue;
        }
        if (c != ',') {
          return err(std::string("expected ',' or '") + close + "'");
        }
        ++m_pos;
        skip_ws();
        if (m_trailing && m_pos < m_text.size() && m_text[m_pos] == close) {
          ++m_pos;
          m_stack.pop_back();
          continue;
        }
      }
      first = false;
      // one member / element
      if (m_stack.back() == Ctx::object) {
        skip_ws();
        if (m_pos >= m_text.size() || m_text[m_pos] != '"') {
          return err("expected a string key in object");
        }
        if (auto e = string()) {
          return e;
        }
        skip_ws();
        if (m_pos >= m_text.size() || m_text[m_pos] != ':') {
          return err("expected ':' after object key");
        }
        ++m_pos;
      }
      skip_ws();
      if (auto e = scalar_or_open(opened)) {
        return e;
      }
      first = opened;
    }
    return std::nullopt;
  }

  std::string_view m_text;
  bool m_trailing;
  std::size_t m_max_depth;
  std::size_t m_pos = 0;
  std::vector<Ctx> m_stack;
};

}  // namespace

std::optional<SyntaxError> find_syntax_error(std::string_view text, bool allow_trailing_commas,
                                             std::size_t max_depth) {
  return Scanner(text, allow_trailing_commas, max_depth).run();
}

namespace {

std::optional<std::uint32_t> hex4(const char* p, const char* end) {
  if (end - p < 4) {
    return std::nullopt;
  }
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    char c = p[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<std::uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<std::uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return v;
}

}  // namespace

namespace {

// First '"' or '\\' in [p, end), or end.
const char* find_quote_or_backslash(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (end - p >= 16) {
    __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    int mask = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)));
    if (mask != 0) {
      return p + __builtin_ctz(static_cast<unsigned>(mask));
    }
    p += 16;
  }
#endif
  while (p < end && *p != '"' && *p != '\\') {
    ++p;
  }
  return p;
}

}  // namespace

std::optional<std::string_view> string_body(const char* p, const char* end, StringArena& arena,
                                            const char** next) {
  const char* q = find_quote_or_backslash(p, end);
  if (q >= end) {
    return std::nullopt;
  }
  if (*q == '"') {
    if (next) {
      *next = q + 1;
    }
    return std::string_view(p, static_cast<std::size_t>(q - p));
  }
  std::string out(p, q);
  while (q < end && *q != '"') {
    if (*q != '\\') {
      out += *q++;
      continue;
    }
    if (++q >= end) {
      return std::nullopt;
    }
    char c = *q++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
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
        auto cp = hex4(q, end);
        if (!cp) {
          return std::nullopt;
        }
        q += 4;
        if (*cp >= 0xD800 && *cp <= 0xDBFF && end - q >= 6 && q[0] == '\\' && q[1] == 'u') {
          auto lo = hex4(q + 2, end);
          if (lo && *lo >= 0xDC00 && *lo <= 0xDFFF) {
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*lo - 0xDC00);
            q += 6;
          }
        }
        append_utf8(out, *cp);
        break;
      }
      default:
        return std::nullopt;
    }
  }
  if (q >= end) {
    return std::nullopt;
  }
  if (next) {
    *next = q + 1;
  }
  return arena.store(out);
}

}  // namespace archgate::core::json
