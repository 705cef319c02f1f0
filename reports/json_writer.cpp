#include "reports/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include <nlohmann/json.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace archgate::reports {

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
// The length of the well-formed UTF-8 sequence at `i`, or 0 when there is
// none; then `bad` is how many bytes one U+FFFD replaces, as nlohmann's
// dump(…, replace) counts them: an invalid lead byte alone, else the lead
// and the continuation bytes that fit, up to the byte that does not (read
// again as the start of what follows).
std::size_t utf8_length(std::string_view s, std::size_t i, std::size_t& bad) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    need = 1;
  } else if (c >= 0xE0 && c <= 0xEF) {
    need = 2;
    if (c == 0xE0) lo = 0xA0;  // overlong
    if (c == 0xED) hi = 0x9F;  // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    need = 3;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    bad = 1;
    return 0;
  }
  std::size_t k = i + 1;
  for (std::size_t n = 0; n < need; ++n, ++k) {
    unsigned char min = n == 0 ? lo : 0x80, max = n == 0 ? hi : 0xBF;
    if (k >= s.size() || b(k) < min || b(k) > max) {
      bad = k - i;
      return 0;
    }
  }
  return need + 1;
}

}  // namespace

JsonWriter& JsonWriter::value(double d) {
  if (!std::isfinite(d)) return null();  // as nlohmann: JSON has no NaN or infinity
  element();
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  m_buf += text;
  if (text.find_first_of(".eE") == std::string_view::npos) m_buf += ".0";
  return done();
}

namespace {

template <class Tree>
JsonWriter& write_tree(JsonWriter& w, const Tree& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object:
      w.begin_object();
      for (const auto& [k, v] : j.items()) {
        w.key(k);
        write_tree(w, v);
      }
      return w.end_object();
    case nlohmann::json::value_t::array:
      w.begin_array();
      for (const auto& v : j) write_tree(w, v);
      return w.end_array();
    case nlohmann::json::value_t::string:
      return w.value(std::string_view(j.template get_ref<const std::string&>()));
    case nlohmann::json::value_t::boolean:
      return w.value(j.template get<bool>());
    case nlohmann::json::value_t::number_integer:
      return w.value(j.template get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return w.value(static_cast<std::size_t>(j.template get<std::uint64_t>()));
    case nlohmann::json::value_t::number_float:
      return w.value(j.template get<double>());
    default:  // null, discarded, binary
      return w.null();
  }
}

}  // namespace

JsonWriter& JsonWriter::value(const nlohmann::json& j) { return write_tree(*this, j); }
JsonWriter& JsonWriter::value(const nlohmann::ordered_json& j) { return write_tree(*this, j); }

namespace {

// Whether none of the eight bytes at `p` needs more than a copy: no control
// character, quote, backslash or non-ASCII byte. Each test is the exact
// "some byte is less than n" word trick (no false answer for the word as a
// whole), on the word and on the word XOR the character sought.
inline bool plain_ascii8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  auto any_below = [](std::uint64_t x, std::uint64_t n) { return (x - ones * n) & ~x & high; };
  return ((v & high) | any_below(v, 0x20) | any_below(v ^ (ones * '"'), 1) | any_below(v ^ (ones * '\\'), 1)) == 0;
}

inline bool plain_byte(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\' && c < 0x80; }

// How many bytes from `from` on need no more than a copy. Sixteen at a time
// where SSE2 is (every x86-64): read as signed bytes, a control character
// and a non-ASCII byte are both less than 0x20, so one comparison finds
// both, and two more the quote and the backslash.
inline std::size_t plain_run(std::string_view s, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (i + 16 <= s.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, space),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
    if (const int mask = _mm_movemask_epi8(bad); mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    i += 16;
  }
#endif
  while (i + 8 <= s.size() && plain_ascii8(s.data() + i)) i += 8;
  while (i < s.size() && plain_byte(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

void append_json_string(std::string& m_buf, std::string_view s) {
  static constexpr char k_hex[] = "0123456789abcdef";
  // Most strings (names, versions, paths, URLs) need no escape: they are
  // written with their quotes in one step, without a call per piece.
  const std::size_t plain = plain_run(s, 0);
  if (plain == s.size()) {
    // (GCC 12's resize_and_overwrite passes the grown capacity, not the
    // size asked for, when it reallocates: the size is computed here.)
    const std::size_t at = m_buf.size();
    const std::size_t size = at + s.size() + 2;
    m_buf.resize_and_overwrite(size, [&](char* p, std::size_t) {
      p[at] = '"';
      std::memcpy(p + at + 1, s.data(), s.size());
      p[size - 1] = '"';
      return size;
    });
    return;
  }
  // The plain run found above is copied as it is; the scan goes on after it.
  m_buf += '"';
  m_buf.append(s.data(), plain);
  std::size_t i = plain;
  while (i < s.size()) {
    // Runs of plain ASCII are copied at once.
    std::size_t start = i;
    i = plain_run(s, i);
    m_buf.append(s.data() + start, i - start);
    if (i == s.size()) break;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t bad = 0;
      if (std::size_t n = utf8_length(s, i, bad)) {
        m_buf.append(s.data() + i, n);
        i += n;
      } else {
        m_buf += "\xEF\xBF\xBD";
        i += bad;
      }
      continue;
    }
    switch (c) {
      case '"': m_buf += "\\\""; break;
      case '\\': m_buf += "\\\\"; break;
      case '\b': m_buf += "\\b"; break;
      case '\f': m_buf += "\\f"; break;
      case '\n': m_buf += "\\n"; break;
      case '\r': m_buf += "\\r"; break;
      case '\t': m_buf += "\\t"; break;
      default:
        m_buf += "\\u00";
        m_buf += k_hex[c >> 4];
        m_buf += k_hex[c & 15];
    }
    ++i;
  }
  m_buf += '"';
}

void JsonWriter::quoted(std::string_view s) { append_json_string(m_buf, s); }

JsonWriter& JsonWriter::key(std::string_view k) {
  if (m_after_key || m_counts.empty() || plain_run(k, 0) != k.size()) {
    element();
    quoted(k);
    m_buf += ": ";
    m_after_key = true;
    return *this;
  }
  // The common case in one step: comma, newline, indentation, "key": .
  const bool comma = m_counts.back()++ > 0;
  const std::size_t indent = m_counts.size() * 2;
  const std::size_t at = m_buf.size();
  const std::size_t size = at + (comma ? 1 : 0) + 1 + indent + k.size() + 4;
  m_buf.resize_and_overwrite(size, [&](char* p, std::size_t) {
    char* q = p + at;
    if (comma) *q++ = ',';
    *q++ = '\n';
    std::memset(q, ' ', indent);
    q += indent;
    *q++ = '"';
    std::memcpy(q, k.data(), k.size());
    q += k.size();
    std::memcpy(q, "\": ", 3);
    return size;
  });
  m_after_key = true;
  return *this;
}

}  // namespace archgate::reports
