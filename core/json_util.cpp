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

#if defined(__SSE2__)

// Whether `text` is valid JSON, 64 bytes at a time: a yes or a no, never a
// where (the Scanner above says where, and runs only on a no). It is the
// Scanner's verdict at twice its speed on a 20 MB lockfile, which matters
// because the npm reader validates every file it reads.
//
// Each 64-byte block becomes bit masks: quotes not escaped, the bytes
// inside strings (a prefix XOR of those quotes), whitespace, and the six
// structural characters. Control characters inside strings, and escapes
// other than JSON's, fail at once. What is left is a stream of tokens (a
// structural character outside a string, an opening quote, the first byte of
// a literal or number) read against JSON's grammar with a stack of open
// containers. A literal or number is read from the text itself and must end
// at whitespace, a structural character, a quote or the end of the text.
class BlockValidator {
 public:
  BlockValidator(std::string_view text, bool trailing, std::size_t max_depth)
      : m_text(text), m_trailing(trailing), m_max_depth(max_depth) {}

  bool run() {
    if (!simdjson::validate_utf8(m_text.data(), m_text.size())) return false;
    const std::size_t full = m_text.size() / 64 * 64;
    for (std::size_t base = 0; base < full; base += 64) {
      if (!block(m_text.data() + base, base)) return false;
    }
    if (full < m_text.size()) {
      char tail[64];
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, m_text.data() + full, m_text.size() - full);
      if (!block(tail, full)) return false;
    }
    return !m_in_string && m_expect == Expect::done;
  }

 private:
  enum class Expect : std::uint8_t { value, key_or_close, key, colon, comma_or_close, value_or_close, done };

  static std::uint64_t eq(const __m128i (&v)[4], char c) {
    const __m128i k = _mm_set1_epi8(c);
    std::uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
      m |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v[i], k))))
           << (16 * i);
    }
    return m;
  }
  static std::uint64_t at_most_0x1f(const __m128i (&v)[4]) {
    const __m128i k = _mm_set1_epi8(0x1F);
    std::uint64_t m = 0;
    for (int i = 0; i < 4; ++i) {
      m |= static_cast<std::uint64_t>(
               static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v[i], k), k))))
           << (16 * i);
    }
    return m;
  }
  static std::uint64_t prefix_xor(std::uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
  }

  bool block(const char* p, std::size_t base) {
    __m128i v[4];
    for (int i = 0; i < 4; ++i) v[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    // Escaped bytes: the byte after a backslash that is not itself escaped.
    // Backslashes are rare in lockfiles: walked one by one.
    std::uint64_t escaped = m_escape_carry ? 1 : 0;
    m_escape_carry = false;
    for (std::uint64_t bs = eq(v, '\\'); bs != 0; bs &= bs - 1) {
      const int i = __builtin_ctzll(bs);
      if ((escaped >> i) & 1) continue;  // an escaped backslash
      if (i == 63) {
        m_escape_carry = true;
      } else {
        escaped |= std::uint64_t{1} << (i + 1);
      }
      // What a backslash escapes must be one of JSON's escapes (outside a
      // string it is not a token at all, and fails below).
      const std::size_t at = base + static_cast<std::size_t>(i) + 1;
      if (at >= m_text.size()) return false;
      const char c = m_text[at];
      if (c == 'u') {
        for (std::size_t k = 1; k <= 4; ++k) {
          if (at + k >= m_text.size() || !std::isxdigit(static_cast<unsigned char>(m_text[at + k]))) return false;
        }
      } else if (std::string_view("\"\\/bfnrt").find(c) == std::string_view::npos) {
        return false;
      }
    }
    const std::uint64_t quotes = eq(v, '"') & ~escaped;
    const std::uint64_t inside = prefix_xor(quotes) ^ (m_in_string ? ~std::uint64_t{0} : 0);
    m_in_string = (inside >> 63) != 0;
    if ((at_most_0x1f(v) & inside) != 0) {
      // A control character in a string; outside one only whitespace may be.
      return false;
    }
    const std::uint64_t ws = eq(v, ' ') | eq(v, '\n') | eq(v, '\t') | eq(v, '\r');
    const std::uint64_t ops =
        (eq(v, '{') | eq(v, '}') | eq(v, '[') | eq(v, ']') | eq(v, ':') | eq(v, ',')) & ~inside;
    const std::uint64_t scalar = ~inside & ~ws & ~ops & ~quotes;
    const std::uint64_t scalar_starts = scalar & ~((scalar << 1) | (m_scalar_carry ? 1 : 0));
    m_scalar_carry = (scalar >> 63) != 0;
    // Opening quotes are the quotes inside (a string's mask starts at its
    // opening quote and ends before its closing one).
    for (std::uint64_t tokens = ops | (quotes & inside) | scalar_starts; tokens != 0; tokens &= tokens - 1) {
      const auto at = base + static_cast<std::size_t>(__builtin_ctzll(tokens));
      if (!token(at)) return false;
    }
    return true;
  }

  void after_value() { m_expect = m_stack.empty() ? Expect::done : Expect::comma_or_close; }

  bool open(char c) {
    if (m_stack.size() >= m_max_depth) return false;
    m_stack.push_back(c);
    m_expect = c == '{' ? Expect::key_or_close : Expect::value_or_close;
    return true;
  }
  bool close(char c) {
    if (m_stack.empty() || m_stack.back() != (c == '}' ? '{' : '[')) return false;
    m_stack.pop_back();
    after_value();
    return true;
  }

  bool token(std::size_t at) {
    const char c = m_text[at];
    switch (m_expect) {
      case Expect::done:
        return false;
      case Expect::key_or_close:
        if (c == '}') return close(c);
        [[fallthrough]];
      case Expect::key:
        if (c == '"') {
          m_expect = Expect::colon;
          return true;
        }
        return m_trailing && m_expect == Expect::key && c == '}' && close(c);
      case Expect::colon:
        if (c != ':') return false;
        m_expect = Expect::value;
        return true;
      case Expect::comma_or_close:
        if (c == ',') {
          m_expect = m_stack.back() == '{' ? Expect::key : (m_trailing ? Expect::value_or_close : Expect::value);
          return true;
        }
        return (c == '}' || c == ']') && close(c);
      case Expect::value_or_close:
        if (c == ']') return close(c);
        [[fallthrough]];
      case Expect::value:
        switch (c) {
          case '{':
          case '[':
            return open(c);
          case '"':
            after_value();
            return true;
          case '}':
          case ']':
          case ':':
          case ',':
            return false;
          default:
            if (!scalar(at)) return false;
            after_value();
            return true;
        }
    }
    return false;
  }

  // A literal or number at `at`, ending where a token may follow.
  bool scalar(std::size_t at) const {
    const std::string_view t = m_text;
    std::size_t i = at;
    auto digits = [&] {
      const auto from = i;
      while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
      return i > from;
    };
    const char c = t[i];
    if (c == 't' || c == 'f' || c == 'n') {
      const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (t.substr(i, word.size()) != word) return false;
      i += word.size();
    } else {
      if (t[i] == '-') ++i;
      if (i < t.size() && t[i] == '0') {
        ++i;
      } else if (!digits()) {
        return false;
      }
      if (i < t.size() && t[i] == '.') {
        ++i;
        if (!digits()) return false;
      }
      if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (!digits()) return false;
      }
    }
    if (i == t.size()) return true;
    switch (t[i]) {
      case ' ': case '\n': case '\t': case '\r':
      case '{': case '}': case '[': case ']': case ':': case ',': case '"':
        return true;
      default:
        return false;
    }
  }

  std::string_view m_text;
  bool m_trailing;
  std::size_t m_max_depth;
  Expect m_expect = Expect::value;
  bool m_in_string = false;
  bool m_escape_carry = false;
  bool m_scalar_carry = false;
  std::vector<char> m_stack;
};

#endif

}  // namespace

namespace detail {

bool valid_by_blocks(std::string_view text, bool allow_trailing_commas, std::size_t max_depth) {
#if defined(__SSE2__)
  return BlockValidator(text, allow_trailing_commas, max_depth).run();
#else
  return !Scanner(text, allow_trailing_commas, max_depth).run();
#endif
}

std::optional<SyntaxError> scan_for_syntax_error(std::string_view text, bool allow_trailing_commas,
                                                 std::size_t max_depth) {
  return Scanner(text, allow_trailing_commas, max_depth).run();
}

}  // namespace detail

std::optional<SyntaxError> find_syntax_error(std::string_view text, bool allow_trailing_commas,
                                             std::size_t max_depth) {
  if (detail::valid_by_blocks(text, allow_trailing_commas, max_depth)) return std::nullopt;
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
