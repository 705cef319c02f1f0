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
  raw(text);
  if (text.find_first_of(".eE") == std::string_view::npos) raw(".0");
  return done();
}

void JsonWriter::grow(std::size_t at_least) {
  // Doubling; the new bytes are room, never read before they are written.
  // (GCC 12's resize_and_overwrite passes the grown capacity, not the size
  // asked for, when it reallocates: the size is taken from the string.)
  const std::size_t size = std::max(at_least, 2 * m_buf.size());
  m_buf.resize_and_overwrite(size, [size](char*, std::size_t) { return size; });
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
  while (i < s.size() && json_plain_byte(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

namespace {

// Writes `s` as a JSON string at `p`, whose first `plain` bytes need no
// escape (plain_run), and returns the end: at most 6 bytes a byte ("\u00XX")
// and the quotes.
char* write_json_string(char* p, std::string_view s, std::size_t plain) {
  static constexpr char k_hex[] = "0123456789abcdef";
  *p++ = '"';
  std::memcpy(p, s.data(), plain);
  p += plain;
  std::size_t i = plain;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      std::size_t bad = 0;
      if (std::size_t n = utf8_length(s, i, bad)) {
        std::memcpy(p, s.data() + i, n);
        p += n;
        i += n;
      } else {
        std::memcpy(p, "\xEF\xBF\xBD", 3);
        p += 3;
        i += bad;
      }
    } else {
      *p++ = '\\';
      switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default:
          std::memcpy(p, "u00", 3);
          p[3] = k_hex[c >> 4];
          p[4] = k_hex[c & 15];
          p += 5;
      }
      ++i;
    }
    // Runs of plain ASCII are copied at once.
    const std::size_t start = i;
    i = plain_run(s, i);
    std::memcpy(p, s.data() + start, i - start);
    p += i - start;
  }
  *p++ = '"';
  return p;
}

// The most bytes write_json_string writes for `s`.
std::size_t json_string_bound(std::string_view s, std::size_t plain) { return 2 + plain + 6 * (s.size() - plain); }

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // (GCC 12's resize_and_overwrite passes the grown capacity, not the size
  // asked for, when it reallocates: the size is computed here.)
  const std::size_t plain = plain_run(s, 0);
  const std::size_t at = out.size();
  const std::size_t bound = at + json_string_bound(s, plain);
  out.resize_and_overwrite(bound, [&](char* p, std::size_t) {
    return static_cast<std::size_t>(write_json_string(p + at, s, plain) - p);
  });
}

void JsonWriter::quoted(std::string_view s) {
  // Most strings (names, versions, paths, URLs) need no escape: they are
  // written with their quotes in one step.
  const std::size_t plain = plain_run(s, 0);
  commit(write_json_string(room(json_string_bound(s, plain)), s, plain));
}

JsonWriter& JsonWriter::key(std::string_view k) {
  if (m_after_key || m_counts.empty() || plain_run(k, 0) != k.size()) {
    element();
    quoted(k);
    raw(": ");
    m_after_key = true;
    return *this;
  }
  return plain_key(k);
}

JsonWriter& JsonWriter::plain_key(std::string_view k) {
  // The common case in one step: comma, newline, indentation, "key": .
  const bool comma = m_counts.back()++ > 0;
  const std::size_t indent = m_counts.size() * 2;
  char* p = room(1 + 1 + indent + k.size() + 4);
  if (comma) *p++ = ',';
  *p++ = '\n';
  std::memset(p, ' ', indent);
  p += indent;
  *p++ = '"';
  std::memcpy(p, k.data(), k.size());
  p += k.size();
  std::memcpy(p, "\": ", 3);
  commit(p + 3);
  m_after_key = true;
  return *this;
}

}  // namespace archgate::reports
