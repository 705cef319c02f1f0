// npm-compatible semver (node-semver 7.8 semantics); see core/semver.hpp for
// the rules themselves.
//
// How this file is built. node-semver defines ranges operationally: a
// pipeline of regular-expression rewrites (strip build metadata, expand a
// hyphen range, glue operators to their versions, expand carets, tildes and
// x-ranges, drop stars) whose output is split into comparators. Its quirks
// are part of npm's behaviour (`= 1.2.3 - 2` is invalid while `1.2.3 - 2` is
// fine; `^00.1.2` is `>=0.1.2 <1.0.0-0` because the caret tests the text
// "0"; loose mode silently drops tokens it cannot read), so "equivalent"
// would not be exact. Each stage below is therefore a hand-written matcher
// that returns what the corresponding (length-capped, "safe") regex would
// return, leftmost match and greedy-first backtracking included; the
// comments on each say which regex it stands for and why the shortcuts taken
// (no backtracking where none can succeed) are sound. The matchers are
// linear, so hostile input cannot make them hang.
#include "core/semver.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <unordered_set>

namespace archgate::core::semver {

namespace {

// MAX_LENGTH - 6: the longest identifier the safe regexes accept.
constexpr std::size_t k_max_ident = 250;
// `\d{1,256}`: the longest digit run the safe regexes accept.
constexpr std::size_t k_max_digits = 256;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ident(char c) { return is_digit(c) || is_alpha(c) || c == '-'; }
bool is_xchar(char c) { return c == 'x' || c == 'X' || c == '*'; }
bool is_version_start(char c) { return is_digit(c) || is_xchar(c); }

std::size_t digit_run(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) {
    ++j;
  }
  return j - i;
}

// --- JavaScript whitespace --------------------------------------------------
// `\s` and String#trim: ASCII tab..CR and space, plus U+00A0, U+1680,
// U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF (as UTF-8).

std::size_t js_space_len(std::string_view s, std::size_t i) {
  if (i >= s.size()) {
    return 0;
  }
  auto c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= 0x09 && c <= 0x0d)) {
    return 1;
  }
  if (c < 0xc2) {
    return 0;
  }
  auto at = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  if (c == 0xc2) {
    return at(1) == 0xa0 ? 2 : 0;
  }
  unsigned b1 = at(1);
  unsigned b2 = at(2);
  if (c == 0xe1) {
    return b1 == 0x9a && b2 == 0x80 ? 3 : 0;
  }
  if (c == 0xe2) {
    if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8a) || b2 == 0xa8 || b2 == 0xa9 || b2 == 0xaf)) {
      return 3;
    }
    return b1 == 0x81 && b2 == 0x9f ? 3 : 0;
  }
  if (c == 0xe3) {
    return b1 == 0x80 && b2 == 0x80 ? 3 : 0;
  }
  if (c == 0xef) {
    return b1 == 0xbb && b2 == 0xbf ? 3 : 0;
  }
  return 0;
}

// Length of the whitespace character that ends at `end`, or 0.
std::size_t js_space_len_before(std::string_view s, std::size_t end) {
  for (std::size_t len = 1; len <= 3 && len <= end; ++len) {
    if (js_space_len(s, end - len) == len) {
      return len;
    }
  }
  return 0;
}

std::string_view js_trim(std::string_view s) {
  std::size_t b = 0;
  while (std::size_t w = js_space_len(s, b)) {
    b += w;
  }
  std::size_t e = s.size();
  while (e > b) {
    std::size_t w = js_space_len_before(s, e);
    if (w == 0) {
      break;
    }
    e -= w;
  }
  return s.substr(b, e - b);
}

// String#length: UTF-16 code units (for valid UTF-8; a fair count otherwise).
std::size_t utf16_length(std::string_view s) {
  std::size_t n = 0;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c & 0xc0) != 0x80) {
      n += c >= 0xf0 ? 2 : 1;
    }
  }
  return n;
}

// Trim plus /\s+/g -> ' ': afterwards the only whitespace is single spaces.
std::string normalize_spaces(std::string_view text) {
  std::string_view t = js_trim(text);
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size();) {
    if (js_space_len(t, i) != 0) {
      while (std::size_t w = js_space_len(t, i)) {
        i += w;
      }
      out.push_back(' ');
    } else {
      out.push_back(t[i++]);
    }
  }
  return out;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return s;
}

// JS `s.split(' ')`.
std::vector<std::string_view> split_each_space(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ' ') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// JS `s.split(/\s+/)` where the only whitespace is ' '.
std::vector<std::string_view> split_space_runs(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      out.push_back(s.substr(start, i - start));
      while (i < s.size() && s[i] == ' ') {
        ++i;
      }
      start = i;
    } else {
      ++i;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

// --- numbers ----------------------------------------------------------------

std::string_view strip_zeros(std::string_view d) {
  std::size_t i = 0;
  while (i + 1 < d.size() && d[i] == '0') {
    ++i;
  }
  return d.substr(i);
}

// `+digits` as a safe integer, or nullopt when above 2^53-1.
std::optional<std::uint64_t> safe_number(std::string_view digits) {
  std::string_view d = strip_zeros(digits);
  if (d.empty() || d.size() > 16) {
    return std::nullopt;
  }
  std::uint64_t v = 0;
  for (char c : d) {
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > k_max_safe_integer) {
    return std::nullopt;
  }
  return v;
}

double to_double(std::string_view digits) {
  double d = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), d);
  return d;
}

// JS `${+digits + 1}` for a digit string: the number is a double, printed as
// JavaScript prints numbers (shortest round-trip digits; zero-padded below
// 1e21, exponent form from there on). The exact text matters: in loose mode
// "9.9998e+21" re-parses as a patch, a prerelease and build metadata.
std::string js_increment(std::string_view digits) {
  std::string_view d = strip_zeros(digits);
  if (d.size() <= 16) {
    std::uint64_t v = 0;
    for (char c : d) {
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (v < (1ULL << 53)) {
      return std::to_string(v + 1);
    }
  }
  double x = to_double(d) + 1.0;
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string sci(buf, res.ptr);  // "d.ddde+XX" or "de+XX", shortest digits
  if (x >= 1e21) {
    return sci;
  }
  std::size_t e = sci.find('e');
  std::string mant;
  for (std::size_t i = 0; i < e; ++i) {
    if (sci[i] != '.') {
      mant.push_back(sci[i]);
    }
  }
  int exp10 = std::atoi(sci.c_str() + e + 1);
  auto int_digits = static_cast<std::size_t>(exp10 + 1);
  if (mant.size() <= int_digits) {
    return mant + std::string(int_digits - mant.size(), '0');
  }
  return mant.substr(0, int_digits) + "." + mant.substr(int_digits);
}

// --- identifiers ------------------------------------------------------------

enum class IdKind { pre_strict, pre_loose, build };

// One identifier, matched whole by the safe regex for its kind.
// Prerelease: NONNUMERIC `\d{0,256}[a-zA-Z-][a-zA-Z0-9-]{0,250}`, or
// NUMERIC `0|[1-9]\d{0,256}` (strict) / `\d{1,256}` (loose).
// Build: `[a-zA-Z0-9-]{1,250}`.
bool valid_identifier(std::string_view id, IdKind kind) {
  if (id.empty()) {
    return false;
  }
  if (kind == IdKind::build) {
    return id.size() <= k_max_ident && std::all_of(id.begin(), id.end(), is_ident);
  }
  std::size_t d = digit_run(id, 0);
  if (d == id.size()) {
    if (kind == IdKind::pre_strict) {
      return id == "0" || (id[0] != '0' && id.size() <= k_max_digits + 1);
    }
    return id.size() <= k_max_digits;
  }
  if (d > k_max_digits) {
    return false;
  }
  for (std::size_t k = d; k < id.size(); ++k) {
    if (!is_ident(id[k])) {
      return false;
    }
  }
  return id.size() - d - 1 <= k_max_ident;
}

bool valid_identifiers(std::string_view s, IdKind kind) {
  if (s.empty()) {
    return false;
  }
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      if (!valid_identifier(s.substr(start, i - start), kind)) {
        return false;
      }
      start = i + 1;
    }
  }
  return true;
}

// PRERELEASE `-(ids)` matched to the end of `t`: the capture without '-'.
std::optional<std::string_view> pre_strict_full(std::string_view t) {
  if (!t.empty() && t[0] == '-' && valid_identifiers(t.substr(1), IdKind::pre_strict)) {
    return t.substr(1);
  }
  return std::nullopt;
}

// PRERELEASELOOSE `-?(ids)` matched to the end of `t`. The hyphen is taken
// when that works, else it starts the first identifier ("1.2.3-" has the
// prerelease "-").
std::optional<std::string_view> pre_loose_full(std::string_view t) {
  if (!t.empty() && t[0] == '-' && valid_identifiers(t.substr(1), IdKind::pre_loose)) {
    return t.substr(1);
  }
  if (valid_identifiers(t, IdKind::pre_loose)) {
    return t;
  }
  return std::nullopt;
}

// --- anchored version matchers ----------------------------------------------

enum class Prefix { v_only, v_eq_ws };

struct Partial {
  std::string_view major, minor, patch;  // empty when the part is absent
  std::optional<std::string_view> pre;
};

// XRANGEPLAIN / XRANGEPLAINLOOSE (allow_x, partials) and the MAINVERSION +
// PRERELEASE part of FULLPLAIN / LOOSEPLAIN (!allow_x, need_three), matched
// to the end of `t` (which holds no build metadata).
//
// Backtracking: a component must be followed by '.', the prerelease or the
// end, none of which is a digit, so a digit run is only ever shortened in one
// place: a loose patch, whose tail digits can become a prerelease identifier
// when nothing else fits ("1.2.34.5" loose is 1.2.3-4.5). Shorter patches
// only make that identifier's leading digit run longer, so the longest one
// that still leaves a digit (and at most 256 of them) is the only candidate.
std::optional<Partial> match_partial(std::string_view t, bool loose, bool allow_x, bool need_three,
                                     Prefix prefix) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  if (prefix == Prefix::v_only) {
    if (i < n && t[i] == 'v') {
      ++i;
    }
  } else {
    while (i < n) {
      if (t[i] == 'v' || t[i] == '=') {
        ++i;
      } else if (std::size_t w = js_space_len(t, i)) {
        i += w;
      } else {
        break;
      }
    }
  }
  // A non-final component: x/X/* or a number (strict: 0 or no leading zero).
  auto component = [&](std::size_t pos) -> std::string_view {
    if (pos >= n) {
      return {};
    }
    if (allow_x && is_xchar(t[pos])) {
      return t.substr(pos, 1);
    }
    std::size_t d = digit_run(t, pos);
    if (d == 0) {
      return {};
    }
    std::size_t take = loose ? std::min(d, k_max_digits)
                             : (t[pos] == '0' ? 1 : std::min(d, k_max_digits + 1));
    return t.substr(pos, take);
  };
  Partial p;
  p.major = component(i);
  if (p.major.empty()) {
    return std::nullopt;
  }
  i += p.major.size();
  if (i == n) {
    return need_three ? std::nullopt : std::optional<Partial>(p);
  }
  if (t[i] != '.') {
    return std::nullopt;
  }
  p.minor = component(++i);
  if (p.minor.empty()) {
    return std::nullopt;
  }
  i += p.minor.size();
  if (i == n) {
    return need_three ? std::nullopt : std::optional<Partial>(p);
  }
  if (t[i] != '.' || ++i >= n) {
    return std::nullopt;
  }
  auto rest_ok = [&](std::size_t end_of_patch) -> bool {
    std::string_view rest = t.substr(end_of_patch);
    if (rest.empty()) {
      return true;
    }
    p.pre = loose ? pre_loose_full(rest) : pre_strict_full(rest);
    return p.pre.has_value();
  };
  if (allow_x && is_xchar(t[i])) {
    p.patch = t.substr(i, 1);
    return rest_ok(i + 1) ? std::optional<Partial>(p) : std::nullopt;
  }
  std::size_t d = digit_run(t, i);
  if (d == 0) {
    return std::nullopt;
  }
  if (!loose) {
    std::size_t take = t[i] == '0' ? 1 : std::min(d, k_max_digits + 1);
    p.patch = t.substr(i, take);
    return rest_ok(i + take) ? std::optional<Partial>(p) : std::nullopt;
  }
  if (d <= k_max_digits) {
    p.patch = t.substr(i, d);
    if (rest_ok(i + d)) {
      return p;
    }
  }
  std::size_t take = std::min(d - 1, k_max_digits);
  if (take >= 1) {
    p.patch = t.substr(i, take);
    p.pre = pre_loose_full(t.substr(i + take));
    if (p.pre) {
      return p;
    }
  }
  return std::nullopt;
}

struct VersionText {
  Partial main;
  std::optional<std::string_view> build;
};

// FULL / LOOSE (and FULLPLAIN / LOOSEPLAIN when anchored): a whole version.
std::optional<VersionText> match_version_text(std::string_view t, bool loose) {
  VersionText v;
  std::size_t plus = t.find('+');
  if (plus != std::string_view::npos) {
    v.build = t.substr(plus + 1);
    if (!valid_identifiers(*v.build, IdKind::build)) {
      return std::nullopt;
    }
    t = t.substr(0, plus);
  }
  auto m = match_partial(t, loose, false, true, loose ? Prefix::v_eq_ws : Prefix::v_only);
  if (!m) {
    return std::nullopt;
  }
  v.main = *m;
  return v;
}

void split_dots(std::string_view s, std::vector<std::string>& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == '.') {
      out.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
}

// The SemVer constructor after its regex matched: numbers must be safe
// integers; numeric prerelease identifiers below 2^53-1 become numbers.
std::optional<Version> build_version(const VersionText& m) {
  auto major = safe_number(m.main.major);
  auto minor = safe_number(m.main.minor);
  auto patch = safe_number(m.main.patch);
  if (!major || !minor || !patch) {
    return std::nullopt;
  }
  Version v;
  v.major = *major;
  v.minor = *minor;
  v.patch = *patch;
  if (m.main.pre && !m.main.pre->empty()) {
    split_dots(*m.main.pre, v.prerelease);
    for (auto& id : v.prerelease) {
      if (digit_run(id, 0) == id.size()) {
        std::string_view d = strip_zeros(id);
        if (d.size() <= 16) {
          auto n = safe_number(d);
          if (n && *n < k_max_safe_integer) {
            id = std::string(d);
          }
        }
      }
    }
  }
  if (m.build) {
    split_dots(*m.build, v.build);
  }
  return v;
}

// `new SemVer(text, {loose})`: length cap, trim, regex, numbers.
std::optional<Version> semver_ctor(std::string_view text, bool loose) {
  if (utf16_length(text) > k_max_length) {
    return std::nullopt;
  }
  auto m = match_version_text(js_trim(text), loose);
  if (!m) {
    return std::nullopt;
  }
  return build_version(*m);
}

// --- comparators --------------------------------------------------------------

Operator op_from(std::string_view gtlt) {
  if (gtlt == "<") {
    return Operator::lt;
  }
  if (gtlt == "<=") {
    return Operator::le;
  }
  if (gtlt == ">") {
    return Operator::gt;
  }
  if (gtlt == ">=") {
    return Operator::ge;
  }
  return Operator::eq;  // "" and "="
}

std::string_view op_text(Operator op) {
  switch (op) {
    case Operator::lt:
      return "<";
    case Operator::le:
      return "<=";
    case Operator::gt:
      return ">";
    case Operator::ge:
      return ">=";
    case Operator::eq:
      break;
  }
  return "";
}

// GTLT `((?:<|>)?=?)`, greedy. Shorter choices never help the regexes that
// use it: what they give back is '=' (which a loose prefix would swallow
// again) or '<'/'>' (which nothing after GTLT accepts).
std::size_t gtlt_length(std::string_view t) {
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '<' || t[i] == '>')) {
    ++i;
  }
  if (i < t.size() && t[i] == '=') {
    ++i;
  }
  return i;
}

struct ComparatorText {
  std::string_view gtlt;
  std::string_view version;  // empty for the any comparator
};

// COMPARATOR / COMPARATORLOOSE `^GTLT\s*(FULLPLAIN|LOOSEPLAIN)$|^$` on a token
// without whitespace.
std::optional<ComparatorText> match_comparator(std::string_view tok, bool loose) {
  if (tok.empty()) {
    return ComparatorText{};
  }
  std::size_t g = gtlt_length(tok);
  std::string_view body = tok.substr(g);
  if (body.empty() || !match_version_text(body, loose)) {
    return std::nullopt;
  }
  return ComparatorText{tok.substr(0, g), body};
}

// `new Comparator(tok)`: nullopt where it throws.
std::optional<Comparator> make_comparator(std::string_view tok, bool loose) {
  auto m = match_comparator(tok, loose);
  if (!m) {
    return std::nullopt;
  }
  Comparator c;
  if (m->version.empty()) {
    c.any = true;
    return c;
  }
  c.op = op_from(m->gtlt);
  auto v = semver_ctor(m->version, loose);
  if (!v) {
    return std::nullopt;
  }
  c.version = std::move(*v);
  return c;
}

bool is_null_set(const Comparator& c) {
  return !c.any && c.op == Operator::lt && c.version.major == 0 && c.version.minor == 0 &&
         c.version.patch == 0 && c.version.prerelease.size() == 1 && c.version.prerelease[0] == "0";
}

bool same_value(const Comparator& a, const Comparator& b) {
  if (a.any || b.any) {
    return a.any == b.any;
  }
  return a.op == b.op && a.version.major == b.version.major && a.version.minor == b.version.minor &&
         a.version.patch == b.version.patch && a.version.prerelease == b.version.prerelease;
}

bool test_set(const std::vector<Comparator>& set, const Version& v, bool include_prerelease) {
  for (const auto& c : set) {
    if (!c.test(v)) {
      return false;
    }
  }
  if (!v.prerelease.empty() && !include_prerelease) {
    for (const auto& c : set) {
      if (c.any || c.version.prerelease.empty()) {
        continue;
      }
      if (c.version.major == v.major && c.version.minor == v.minor &&
          c.version.patch == v.patch) {
        return true;
      }
    }
    return false;
  }
  return true;
}

// --- the range rewrite pipeline ---------------------------------------------

bool isx(std::string_view id) { return id.empty() || id == "x" || id == "X" || id == "*"; }

// The unbounded global BUILD stripper: every `+ident(.ident)*` goes. What
// remains can never match BUILD again (a '+' left behind is followed by a
// non-identifier character), so the later stages ignore build metadata.
std::string strip_build(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '+' && i + 1 < s.size() && is_ident(s[i + 1])) {
      std::size_t j = i + 1;
      while (j < s.size() && is_ident(s[j])) {
        ++j;
      }
      while (j + 1 < s.size() && s[j] == '.' && is_ident(s[j + 1])) {
        j += 1;
        while (j < s.size() && is_ident(s[j])) {
          ++j;
        }
      }
      i = j;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// `[v=\s]*` from i.
std::size_t skip_prefix(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == 'v' || s[i] == '=' || s[i] == ' ')) {
    ++i;
  }
  return i;
}

std::size_t next_space(std::string_view s, std::size_t i) {
  while (i < s.size() && s[i] != ' ') {
    ++i;
  }
  return i;
}

// HYPHENRANGE `^\s{0,1}(XRP)\s{1,1}-\s{1,1}(XRP)\s{0,1}$` and its rewrite.
// An XRANGEPLAIN holds spaces only in its `[v=\s]*` prefix, so its body runs
// from the first digit/x to the next space; that fixes every split.
std::optional<std::string> hyphen_replace(std::string_view s, bool loose, bool incpr) {
  std::size_t a = (!s.empty() && s[0] == ' ') ? 1 : 0;
  std::size_t q1 = skip_prefix(s, a);
  std::size_t k = next_space(s, q1);
  if (q1 == k || k + 3 > s.size() || s.substr(k, 3) != " - ") {
    return std::nullopt;
  }
  std::size_t b = k + 3;
  std::size_t q2 = skip_prefix(s, b);
  std::size_t k2 = next_space(s, q2);
  if (q2 == k2 || !(k2 == s.size() || (k2 + 1 == s.size()))) {
    return std::nullopt;
  }
  auto f = match_partial(s.substr(q1, k - q1), loose, true, false, Prefix::v_eq_ws);
  auto t = match_partial(s.substr(q2, k2 - q2), loose, true, false, Prefix::v_eq_ws);
  if (!f || !t) {
    return std::nullopt;
  }
  std::string_view from_text = s.substr(a, k - a);
  std::string_view to_text = s.substr(b, k2 - b);
  const char* z = incpr ? "-0" : "";
  std::string from;
  if (isx(f->major)) {
  } else if (isx(f->minor)) {
    from = ">=" + std::string(f->major) + ".0.0" + z;
  } else if (isx(f->patch)) {
    from = ">=" + std::string(f->major) + "." + std::string(f->minor) + ".0" + z;
  } else if (f->pre && !f->pre->empty()) {
    from = ">=" + std::string(from_text);
  } else {
    from = ">=" + std::string(from_text) + z;
  }
  std::string to;
  if (isx(t->major)) {
  } else if (isx(t->minor)) {
    to = "<" + js_increment(t->major) + ".0.0-0";
  } else if (isx(t->patch)) {
    to = "<" + std::string(t->major) + "." + js_increment(t->minor) + ".0-0";
  } else if (t->pre && !t->pre->empty()) {
    to = "<=" + std::string(t->major) + "." + std::string(t->minor) + "." +
         std::string(t->patch) + "-" + std::string(*t->pre);
  } else if (incpr) {
    to = "<" + std::string(t->major) + "." + std::string(t->minor) + "." +
         js_increment(t->patch) + "-0";
  } else {
    to = "<=" + std::string(to_text);
  }
  return std::string(trim_spaces(from + " " + to));
}

// The end of an unanchored, greedy PRERELEASEIDENTIFIERLOOSE at i (i when
// none): NONNUMERIC is tried before the numeric form.
std::size_t pid_loose_end(std::string_view s, std::size_t i) {
  std::size_t d = digit_run(s, i);
  if (d <= k_max_digits && i + d < s.size() && (is_alpha(s[i + d]) || s[i + d] == '-')) {
    std::size_t j = i + d + 1;
    std::size_t limit = j + k_max_ident;
    while (j < s.size() && j < limit && is_ident(s[j])) {
      ++j;
    }
    return j;
  }
  return i + std::min(d, k_max_digits);
}

// Same for PRERELEASEIDENTIFIER (strict numbers: 0 or no leading zero).
std::size_t pid_strict_end(std::string_view s, std::size_t i) {
  std::size_t d = digit_run(s, i);
  if (d <= k_max_digits && i + d < s.size() && (is_alpha(s[i + d]) || s[i + d] == '-')) {
    std::size_t j = i + d + 1;
    std::size_t limit = j + k_max_ident;
    while (j < s.size() && j < limit && is_ident(s[j])) {
      ++j;
    }
    return j;
  }
  if (d == 0) {
    return i;
  }
  return s[i] == '0' ? i + 1 : i + std::min(d, k_max_digits + 1);
}

// Unanchored greedy BUILD at i.
std::size_t build_end(std::string_view s, std::size_t i) {
  auto ident_end = [&](std::size_t k) {
    std::size_t j = k;
    while (j < s.size() && j - k < k_max_ident && is_ident(s[j])) {
      ++j;
    }
    return j;
  };
  if (i >= s.size() || s[i] != '+') {
    return i;
  }
  std::size_t j = ident_end(i + 1);
  if (j == i + 1) {
    return i;
  }
  while (j < s.size() && s[j] == '.') {
    std::size_t k = ident_end(j + 1);
    if (k == j + 1) {
      break;
    }
    j = k;
  }
  return j;
}

// Where an unanchored `(LOOSEPLAIN|XRANGEPLAIN)` that starts at q (after its
// prefix; s[q] is a digit or x/X/*) ends. Nothing after the three numbers is
// required, so the greedy first choice is the match.
std::size_t version_match_end(std::string_view s, std::size_t q) {
  // LOOSEPLAIN: \d{1,256}\.\d{1,256}\.\d{1,256} PRERELEASELOOSE? BUILD?
  std::size_t e = q;
  bool loose_ok = true;
  for (int part = 0; part < 3; ++part) {
    std::size_t d = digit_run(s, e);
    if (d == 0 || (part < 2 && d > k_max_digits)) {
      loose_ok = false;
      break;
    }
    e += std::min(d, k_max_digits);
    if (part < 2) {
      if (e >= s.size() || s[e] != '.') {
        loose_ok = false;
        break;
      }
      ++e;
    }
  }
  if (loose_ok) {
    std::size_t pos = e;
    if (pos < s.size() && s[pos] == '-') {
      std::size_t j = pid_loose_end(s, pos + 1);
      pos = j > pos + 1 ? j : pid_loose_end(s, pos);
    } else {
      pos = pid_loose_end(s, pos);
    }
    if (pos != e) {
      while (pos < s.size() && s[pos] == '.') {
        std::size_t j = pid_loose_end(s, pos + 1);
        if (j == pos + 1) {
          break;
        }
        pos = j;
      }
    }
    return build_end(s, pos);
  }
  // XRANGEPLAIN (strict identifiers even in loose mode).
  auto xid_end = [&](std::size_t i) -> std::size_t {
    if (i >= s.size()) {
      return i;
    }
    if (is_xchar(s[i])) {
      return i + 1;
    }
    std::size_t d = digit_run(s, i);
    if (d == 0) {
      return i;
    }
    return s[i] == '0' ? i + 1 : i + std::min(d, k_max_digits + 1);
  };
  e = xid_end(q);
  for (int part = 1; part < 3; ++part) {
    if (e < s.size() && s[e] == '.') {
      std::size_t j = xid_end(e + 1);
      if (j == e + 1) {
        return e;
      }
      e = j;
    } else {
      return e;
    }
  }
  if (e < s.size() && s[e] == '-') {
    std::size_t j = pid_strict_end(s, e + 1);
    if (j > e + 1) {
      e = j;
      while (e < s.size() && s[e] == '.') {
        std::size_t k = pid_strict_end(s, e + 1);
        if (k == e + 1) {
          break;
        }
        e = k;
      }
    }
  }
  return build_end(s, e);
}

// COMPARATORTRIM `(\s{0,1})GTLT\s{0,1}(LOOSEPLAIN|XRANGEPLAIN)` -> '$1$2$3':
// drops the one space between an operator and its version ("> 1.2.3").
// A match at s exists iff its greedy path reaches a digit/x/* after the
// `[v=\s]*` prefix (every backtrack lands in the same prefix run), so a
// failed start also rules out every start inside that run.
std::string trim_comparators(std::string_view s) {
  if (s.find(' ') == std::string_view::npos) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size());
  std::size_t copied = 0;
  std::size_t cursor = 0;
  const std::size_t n = s.size();
  while (cursor < n) {
    std::size_t start = cursor;
    std::size_t a = s[start] == ' ' ? start + 1 : start;
    std::size_t g = a;
    if (g < n && (s[g] == '<' || s[g] == '>')) {
      ++g;
    }
    if (g < n && s[g] == '=') {
      ++g;
    }
    bool space = g < n && s[g] == ' ';
    std::size_t h = space ? g + 1 : g;
    std::size_t q = skip_prefix(s, h);
    if (q < n && is_version_start(s[q])) {
      if (space) {
        out.append(s.substr(copied, g - copied));
        copied = g + 1;
      }
      cursor = version_match_end(s, q);
    } else {
      cursor = q > start ? q : start + 1;
    }
  }
  out.append(s.substr(copied));
  return out;
}

// TILDETRIM `(\s{0,1})~>?\s{1,1}` -> '$1~' and CARETTRIM `(\s{0,1})\^\s{1,1}`
// -> '$1^': "~ 1.2" becomes "~1.2", "~> 1.2" becomes "~1.2".
std::string trim_lone(std::string_view s, char sigil) {
  if (s.find(' ') == std::string_view::npos) {
    return std::string(s);
  }
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    std::size_t a = s[i] == ' ' ? i + 1 : i;
    if (a < n && s[a] == sigil) {
      std::size_t j = a + 1;
      if (sigil == '~' && j + 1 < n && s[j] == '>' && s[j + 1] == ' ') {
        j += 2;
      } else if (j < n && s[j] == ' ') {
        j += 1;
      } else {
        j = 0;
      }
      if (j != 0) {
        if (a != i) {
          out.push_back(' ');
        }
        out.push_back(sigil);
        i = j;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string s;
  for (auto p : parts) {
    s.append(p);
  }
  return s;
}

// CARET / CARETLOOSE `^\^XRP$` and its rewrite.
std::string replace_caret(std::string_view comp, bool loose, bool incpr) {
  if (comp.empty() || comp[0] != '^') {
    return std::string(comp);
  }
  auto m = match_partial(comp.substr(1), loose, true, false, Prefix::v_eq_ws);
  if (!m) {
    return std::string(comp);
  }
  std::string_view M = m->major, mi = m->minor, p = m->patch;
  std::string_view z = incpr ? "-0" : "";
  if (isx(M)) {
    return "";
  }
  if (isx(mi)) {
    return cat({">=", M, ".0.0", z, " <", js_increment(M), ".0.0-0"});
  }
  if (isx(p)) {
    if (M == "0") {
      return cat({">=", M, ".", mi, ".0", z, " <", M, ".", js_increment(mi), ".0-0"});
    }
    return cat({">=", M, ".", mi, ".0", z, " <", js_increment(M), ".0.0-0"});
  }
  std::string lower = cat({">=", M, ".", mi, ".", p});
  if (m->pre && !m->pre->empty()) {
    lower = cat({lower, "-", *m->pre});
  }
  if (M == "0") {
    if (mi == "0") {
      return cat({lower, " <", M, ".", mi, ".", js_increment(p), "-0"});
    }
    return cat({lower, " <", M, ".", js_increment(mi), ".0-0"});
  }
  return cat({lower, " <", js_increment(M), ".0.0-0"});
}

// TILDE / TILDELOOSE `^~>?XRP$` and its rewrite.
std::string replace_tilde(std::string_view comp, bool loose, bool incpr) {
  if (comp.empty() || comp[0] != '~') {
    return std::string(comp);
  }
  std::size_t skip = comp.size() > 1 && comp[1] == '>' ? 2 : 1;
  auto m = match_partial(comp.substr(skip), loose, true, false, Prefix::v_eq_ws);
  if (!m) {
    return std::string(comp);
  }
  std::string_view M = m->major, mi = m->minor, p = m->patch;
  std::string_view z = incpr ? "-0" : "";
  if (isx(M)) {
    return "";
  }
  if (isx(mi)) {
    return cat({">=", M, ".0.0", z, " <", js_increment(M), ".0.0-0"});
  }
  if (isx(p)) {
    return cat({">=", M, ".", mi, ".0", z, " <", M, ".", js_increment(mi), ".0-0"});
  }
  if (m->pre && !m->pre->empty()) {
    return cat({">=", M, ".", mi, ".", p, "-", *m->pre, " <", M, ".", js_increment(mi), ".0-0"});
  }
  return cat({">=", M, ".", mi, ".", p, " <", M, ".", js_increment(mi), ".0-0"});
}

// XRANGE / XRANGELOOSE `^GTLT\s*XRP$` and its rewrite (on a trimmed piece).
std::string replace_xrange(std::string_view comp, bool loose, bool incpr) {
  std::size_t g = gtlt_length(comp);
  auto m = match_partial(comp.substr(g), loose, true, false, Prefix::v_eq_ws);
  if (!m) {
    return std::string(comp);
  }
  std::string gtlt(comp.substr(0, g));
  std::string M(m->major), mi(m->minor), p(m->patch);
  // invalidXRangeOrder: "x.1", "1.x.2" are left alone (and fail later).
  if ((isx(M) && !isx(mi)) || (isx(mi) && !p.empty() && !isx(p))) {
    return std::string(comp);
  }
  bool xM = isx(M);
  bool xm = xM || isx(mi);
  bool xp = xm || isx(p);
  bool any_x = xp;
  if (gtlt == "=" && any_x) {
    gtlt.clear();
  }
  std::string pr = incpr ? "-0" : "";
  if (xM) {
    return gtlt == ">" || gtlt == "<" ? "<0.0.0-0" : "*";
  }
  if (!gtlt.empty() && any_x) {
    if (xm) {
      mi = "0";
    }
    p = "0";
    if (gtlt == ">") {
      gtlt = ">=";
      if (xm) {
        M = js_increment(M);
        mi = "0";
      } else {
        mi = js_increment(mi);
      }
      p = "0";
    } else if (gtlt == "<=") {
      gtlt = "<";
      if (xm) {
        M = js_increment(M);
      } else {
        mi = js_increment(mi);
      }
    }
    if (gtlt == "<") {
      pr = "-0";
    }
    return cat({gtlt, M, ".", mi, ".", p, pr});
  }
  if (xm) {
    return cat({">=", M, ".0.0", pr, " <", js_increment(M), ".0.0-0"});
  }
  if (xp) {
    return cat({">=", M, ".", mi, ".0", pr, " <", M, ".", js_increment(mi), ".0-0"});
  }
  return std::string(comp);
}

// STAR `(<|>)?=?\s{0,1}\*`, first occurrence removed. A start matches iff its
// greedy path reaches '*' (what a backtrack gives up is never '*').
std::string replace_star(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    std::size_t j = i;
    if (s[j] == '<' || s[j] == '>') {
      ++j;
    }
    if (j < s.size() && s[j] == '=') {
      ++j;
    }
    if (j < s.size() && s[j] == ' ') {
      ++j;
    }
    if (j < s.size() && s[j] == '*') {
      return cat({s.substr(0, i), s.substr(j + 1)});
    }
  }
  return std::string(s);
}

template <typename F>
std::string map_pieces(std::string_view s, F f) {
  std::string out;
  bool first = true;
  for (auto piece : split_space_runs(s)) {
    if (!first) {
      out.push_back(' ');
    }
    first = false;
    out += f(piece);
  }
  return out;
}

// parseComparator: carets, tildes, x-ranges, stars, for one space-free token.
std::string parse_comparator(std::string_view comp, const Options& o) {
  std::string c = map_pieces(trim_spaces(comp), [&](std::string_view piece) {
    return replace_caret(piece, o.loose, o.include_prerelease);
  });
  c = map_pieces(trim_spaces(c), [&](std::string_view piece) {
    return replace_tilde(piece, o.loose, o.include_prerelease);
  });
  c = map_pieces(c, [&](std::string_view piece) {
    return replace_xrange(trim_spaces(piece), o.loose, o.include_prerelease);
  });
  return replace_star(trim_spaces(c));
}

enum class PartStatus { ok, invalid };

// --- fast path ----------------------------------------------------------------
// Most real ranges are single-spaced tokens like `^1.2.3`, `>=1.0.0`, `1.x`,
// `~2.4`, `2.0.0-beta.1`: an optional operator glued to a strict partial
// version with small numbers. For those the pipeline above reduces to the
// per-token rules below, computed on numbers instead of strings: no build
// metadata, no " - ", no operator followed by a space, and no double space
// means the stripping, hyphen and trimming stages change nothing, and each
// token is rewritten on its own. Anything else (or anything doubtful, such as
// "1.x.2", 16-digit numbers or long tokens) returns false and takes the
// faithful path. Tests check both paths against each other.

struct FastXid {
  bool x = true;  // x/X/* or absent
  std::uint64_t n = 0;
};

Version make_version(std::uint64_t ma, std::uint64_t mi, std::uint64_t pa, bool dash0) {
  Version v;
  v.major = ma;
  v.minor = mi;
  v.patch = pa;
  if (dash0) {
    v.prerelease.emplace_back("0");
  }
  return v;
}

bool fast_token(std::string_view tok, const Options& o, std::vector<Comparator>& comps) {
  if (tok.empty() || tok.size() > 128) {
    return false;
  }
  char kind = 'r';  // ^, ~ or r (a GTLT x-range)
  std::size_t i = 0;
  if (tok[0] == '^' || tok[0] == '~') {
    kind = tok[0];
    i = 1;
    if (i < tok.size() && tok[i] == '>') {
      return false;
    }
  } else {
    i = gtlt_length(tok);
  }
  std::string_view gtlt = kind == 'r' ? tok.substr(0, i) : std::string_view{};
  FastXid xid[3];
  int count = 0;
  std::string_view pre;
  while (true) {
    if (i >= tok.size()) {
      return false;
    }
    FastXid& c = xid[count];
    if (is_xchar(tok[i])) {
      ++i;
    } else {
      std::size_t d = digit_run(tok, i);
      if (d == 0 || d > 15 || (tok[i] == '0' && d > 1)) {
        return false;
      }
      c.x = false;
      c.n = *safe_number(tok.substr(i, d));
      i += d;
    }
    ++count;
    if (i == tok.size()) {
      break;
    }
    if (tok[i] == '.' && count < 3) {
      ++i;
      continue;
    }
    if (tok[i] == '-' && count == 3) {
      pre = tok.substr(i + 1);
      if (!valid_identifiers(pre, IdKind::pre_strict)) {
        return false;
      }
      break;
    }
    return false;
  }
  const FastXid& M = xid[0];
  const FastXid& m = xid[1];
  const FastXid& p = xid[2];
  const bool z = o.include_prerelease;
  auto push = [&](Operator op, Version v) {
    Comparator c;
    c.op = op;
    c.version = std::move(v);
    comps.push_back(std::move(c));
  };
  auto push_any = [&] {
    Comparator c;
    c.any = true;
    comps.push_back(std::move(c));
  };
  auto full = [&] {
    Version v = make_version(M.n, m.n, p.n, false);
    if (!pre.empty()) {
      split_dots(pre, v.prerelease);
    }
    return v;
  };
  if (kind == '^') {
    if (M.x) {
      push_any();
    } else if (m.x) {
      push(Operator::ge, make_version(M.n, 0, 0, z));
      push(Operator::lt, make_version(M.n + 1, 0, 0, true));
    } else if (p.x) {
      push(Operator::ge, make_version(M.n, m.n, 0, z));
      push(Operator::lt, M.n == 0 ? make_version(0, m.n + 1, 0, true)
                                  : make_version(M.n + 1, 0, 0, true));
    } else {
      push(Operator::ge, full());
      push(Operator::lt, M.n != 0   ? make_version(M.n + 1, 0, 0, true)
                         : m.n != 0 ? make_version(0, m.n + 1, 0, true)
                                    : make_version(0, 0, p.n + 1, true));
    }
  } else if (kind == '~') {
    if (M.x) {
      push_any();
    } else if (m.x) {
      push(Operator::ge, make_version(M.n, 0, 0, z));
      push(Operator::lt, make_version(M.n + 1, 0, 0, true));
    } else if (p.x) {
      push(Operator::ge, make_version(M.n, m.n, 0, z));
      push(Operator::lt, make_version(M.n, m.n + 1, 0, true));
    } else {
      push(Operator::ge, full());
      push(Operator::lt, make_version(M.n, m.n + 1, 0, true));
    }
  } else {
    if ((M.x && !m.x) || (m.x && count == 3 && !p.x)) {
      return false;  // invalidXRangeOrder: left to the faithful path
    }
    const bool xm = M.x || m.x;
    const bool any_x = xm || p.x;
    std::string g(gtlt);
    if (g == "=" && any_x) {
      g.clear();
    }
    if (M.x) {
      if (g == ">" || g == "<") {
        push(Operator::lt, make_version(0, 0, 0, true));
      } else {
        push_any();
      }
    } else if (!g.empty() && any_x) {
      std::uint64_t ma = M.n;
      std::uint64_t mi = xm ? 0 : m.n;
      bool dash0 = z;
      if (g == ">") {
        g = ">=";
        if (xm) {
          ++ma;
        } else {
          ++mi;
        }
      } else if (g == "<=") {
        g = "<";
        if (xm) {
          ++ma;
        } else {
          ++mi;
        }
      }
      if (g == "<") {
        dash0 = true;
      }
      push(op_from(g), make_version(ma, mi, 0, dash0));
    } else if (xm) {
      push(Operator::ge, make_version(M.n, 0, 0, z));
      push(Operator::lt, make_version(M.n + 1, 0, 0, true));
    } else if (p.x) {
      push(Operator::ge, make_version(M.n, m.n, 0, z));
      push(Operator::lt, make_version(M.n, m.n + 1, 0, true));
    } else {
      push(op_from(g), full());
    }
  }
  return true;
}

#ifndef ARCHGATE_SEMVER_NO_FAST_PATH
bool fast_part(std::string_view part, const Options& o, std::vector<Comparator>& comps) {
  if (part.find('+') != std::string_view::npos) {
    return false;
  }
  auto tokens = split_each_space(part);
  std::string glued;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view tok = tokens[i];
    // "> 1.2", "~ 1.2", "~> 1.2", "^ 1.2": the trimming stages glue an
    // operator to the version after it.
    if (tok == "<" || tok == ">" || tok == "<=" || tok == ">=" || tok == "=" || tok == "~" ||
        tok == "~>" || tok == "^") {
      if (i + 1 == tokens.size() || tokens[i + 1].empty() ||
          !is_version_start(tokens[i + 1][0])) {
        comps.clear();
        return false;
      }
      glued.assign(tok == "~>" ? "~" : tok);
      glued.append(tokens[++i]);
      tok = glued;
    }
    if (!fast_token(tok, o, comps)) {
      comps.clear();
      return false;
    }
  }
  // replaceGTE0
  for (auto& c : comps) {
    if (!c.any && c.op == Operator::ge && c.version.major == 0 && c.version.minor == 0 &&
        c.version.patch == 0 &&
        (o.include_prerelease
             ? (c.version.prerelease.size() == 1 && c.version.prerelease[0] == "0")
             : c.version.prerelease.empty())) {
      c = Comparator{};
      c.any = true;
    }
  }
  return true;
}
#else
bool fast_part(std::string_view, const Options&, std::vector<Comparator>&) { return false; }
#endif

// The faithful pipeline (see the top of the file) for one `||` alternative.
PartStatus slow_part(std::string_view part, const Options& o, std::vector<Comparator>& comps) {
  std::string s = part.find('+') == std::string_view::npos ? std::string(part) : strip_build(part);
  if (s.find(" - ") != std::string::npos) {
    if (auto h = hyphen_replace(s, o.loose, o.include_prerelease)) {
      s = std::move(*h);
    }
  }
  s = trim_comparators(s);
  s = trim_lone(s, '~');
  s = trim_lone(s, '^');

  std::string joined;
  bool first = true;
  for (auto comp : split_each_space(s)) {
    if (!first) {
      joined.push_back(' ');
    }
    first = false;
    joined += parse_comparator(comp, o);
  }

  for (auto tok : split_space_runs(joined)) {
    tok = trim_spaces(tok);
    if (tok == (o.include_prerelease ? ">=0.0.0-0" : ">=0.0.0")) {
      tok = {};
    }
    if (o.loose && !match_comparator(tok, true)) {
      continue;  // loose mode drops what is not a comparator
    }
    auto c = make_comparator(tok, o.loose);
    if (!c) {
      return PartStatus::invalid;
    }
    comps.push_back(std::move(*c));
  }

  return PartStatus::ok;
}

// The end of Range#parseRange: a null set (`<0.0.0-0`) stands alone, equal
// comparators are kept once (first position, like its Map), and `*` goes when
// anything else is left.
void finish_part(std::vector<Comparator>& comps) {
  for (std::size_t i = 0; i < comps.size(); ++i) {
    if (is_null_set(comps[i])) {
      if (i != 0) {
        comps[0] = std::move(comps[i]);
      }
      comps.resize(1);
      return;
    }
  }
  // Keep the first of equal comparators (a Map keyed by the canonical text).
  if (comps.size() <= 16) {
    std::size_t kept = 0;
    for (std::size_t i = 0; i < comps.size(); ++i) {
      bool seen = false;
      for (std::size_t k = 0; k < kept && !seen; ++k) {
        seen = same_value(comps[k], comps[i]);
      }
      if (!seen) {
        if (kept != i) {
          comps[kept] = std::move(comps[i]);
        }
        ++kept;
      }
    }
    comps.resize(kept);
  } else {
    std::unordered_set<std::string> seen;
    std::vector<Comparator> out;
    for (auto& c : comps) {
      if (seen.insert(c.to_string()).second) {
        out.push_back(std::move(c));
      }
    }
    comps = std::move(out);
  }
  if (comps.size() > 1) {
    std::erase_if(comps, [](const Comparator& c) { return c.any; });
  }
}

// Range#parseRange for one `||` alternative. An empty result means loose
// mode dropped every token.
PartStatus parse_part(std::string_view part, const Options& o, std::vector<Comparator>& comps) {
  comps.reserve(4);
  if (!fast_part(part, o, comps)) {
    if (slow_part(part, o, comps) == PartStatus::invalid) {
      return PartStatus::invalid;
    }
  }
  finish_part(comps);
  return PartStatus::ok;
}

bool starts_with_lt_zero(const Comparator& c) {
  return !c.any && c.op == Operator::lt && c.version.major == 0 && c.version.minor == 0 &&
         c.version.patch == 0;
}

bool is_gt_like(Operator op) { return op == Operator::gt || op == Operator::ge; }
bool is_lt_like(Operator op) { return op == Operator::lt || op == Operator::le; }

bool satisfiable(const std::vector<Comparator>& set, const Options& o) {
  // isSatisfiable: every pair of comparators must intersect.
  for (std::size_t i = set.size(); i-- > 1;) {
    for (std::size_t k = 0; k < i; ++k) {
      if (!set[i].intersects(set[k], o)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

// --- Version ------------------------------------------------------------------

std::string Version::to_string() const {
  std::string s = std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  for (std::size_t i = 0; i < prerelease.size(); ++i) {
    s += i == 0 ? '-' : '.';
    s += prerelease[i];
  }
  return s;
}

std::optional<Version> parse_version(std::string_view text, Options opts) {
  return semver_ctor(text, opts.loose);
}

std::optional<Version> coerce(std::string_view text) {
  // COERCE `(^|[^\d])(\d{1,16})(?:\.(\d{1,16}))?(?:\.(\d{1,16}))?(?:$|[^\d])`:
  // the first digit run of at most 16 digits that starts the text or follows a
  // non-digit; a following ".digits" counts only when that run has 1-16 digits.
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t d = digit_run(text, i);
    if (d > 16) {
      i += d;
      continue;
    }
    std::string_view major = text.substr(i, d);
    std::string_view minor = "0";
    std::string_view patch = "0";
    std::size_t e = i + d;
    auto part = [&](std::string_view& into) {
      if (e < n && text[e] == '.') {
        std::size_t k = digit_run(text, e + 1);
        if (k >= 1 && k <= 16) {
          into = text.substr(e + 1, k);
          e += 1 + k;
          return true;
        }
      }
      return false;
    };
    if (part(minor)) {
      part(patch);
    }
    return parse_version(cat({major, ".", minor, ".", patch}));
  }
  return std::nullopt;
}

int compare_identifiers(std::string_view a, std::string_view b) {
  bool anum = !a.empty() && digit_run(a, 0) == a.size();
  bool bnum = !b.empty() && digit_run(b, 0) == b.size();
  if (anum && bnum) {
    std::string_view x = strip_zeros(a);
    std::string_view y = strip_zeros(b);
    if (x.size() <= 15 && y.size() <= 15) {
      if (x.size() != y.size()) {
        return x.size() < y.size() ? -1 : 1;
      }
      int c = x.compare(y);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    // JavaScript compares these as doubles, rounding included.
    double dx = to_double(x);
    double dy = to_double(y);
    return dx == dy ? 0 : dx < dy ? -1 : 1;
  }
  if (anum) {
    return -1;
  }
  if (bnum) {
    return 1;
  }
  int c = a.compare(b);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

int compare(const Version& a, const Version& b) {
  if (a.major != b.major) {
    return a.major < b.major ? -1 : 1;
  }
  if (a.minor != b.minor) {
    return a.minor < b.minor ? -1 : 1;
  }
  if (a.patch != b.patch) {
    return a.patch < b.patch ? -1 : 1;
  }
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() && b.prerelease.empty()) {
      return 0;
    }
    return a.prerelease.empty() ? 1 : -1;
  }
  for (std::size_t i = 0;; ++i) {
    bool ha = i < a.prerelease.size();
    bool hb = i < b.prerelease.size();
    if (!ha && !hb) {
      return 0;
    }
    if (!hb) {
      return 1;
    }
    if (!ha) {
      return -1;
    }
    if (a.prerelease[i] == b.prerelease[i]) {
      continue;
    }
    // Like node-semver, an identifier pair that compares equal (two numbers
    // past 2^53 that round alike) ends the comparison.
    return compare_identifiers(a.prerelease[i], b.prerelease[i]);
  }
}

// --- Comparator -------------------------------------------------------------

bool Comparator::test(const Version& v) const {
  if (any) {
    return true;
  }
  int c = compare(v, version);
  switch (op) {
    case Operator::eq:
      return c == 0;
    case Operator::lt:
      return c < 0;
    case Operator::le:
      return c <= 0;
    case Operator::gt:
      return c > 0;
    case Operator::ge:
      return c >= 0;
  }
  return false;
}

std::string Comparator::to_string() const {
  if (any) {
    return "";
  }
  return std::string(op_text(op)) + version.to_string();
}

bool Comparator::intersects(const Comparator& other, Options opts) const {
  // `new Range(c.value).test(v)` is test_set({c}, v): a canonical comparator
  // parses back to itself.
  if (!any && op == Operator::eq) {
    return test_set({other}, version, opts.include_prerelease);
  }
  if (any) {
    return true;
  }
  if (other.any) {
    return true;
  }
  if (other.op == Operator::eq) {
    return test_set({*this}, other.version, opts.include_prerelease);
  }
  if (opts.include_prerelease ? (is_null_set(*this) || is_null_set(other))
                              : (starts_with_lt_zero(*this) || starts_with_lt_zero(other))) {
    return false;
  }
  if (is_gt_like(op) && is_gt_like(other.op)) {
    return true;
  }
  if (is_lt_like(op) && is_lt_like(other.op)) {
    return true;
  }
  int c = compare(version, other.version);
  bool same_text = version.major == other.version.major && version.minor == other.version.minor &&
                   version.patch == other.version.patch &&
                   version.prerelease == other.version.prerelease;
  if (same_text && (op == Operator::ge || op == Operator::le) &&
      (other.op == Operator::ge || other.op == Operator::le)) {
    return true;
  }
  if (c < 0 && is_gt_like(op) && is_lt_like(other.op)) {
    return true;
  }
  if (c > 0 && is_lt_like(op) && is_gt_like(other.op)) {
    return true;
  }
  return false;
}

// --- Range --------------------------------------------------------------------

std::optional<Range> Range::parse(std::string_view text, Options opts) {
  if (text.size() > k_max_range_length) {
    return std::nullopt;
  }
  Range r;
  r.m_options = opts;
  std::string raw = normalize_spaces(text);
  std::string_view rv = raw;
  std::size_t start = 0;
  while (true) {
    std::size_t bar = rv.find("||", start);
    std::string_view part = trim_spaces(rv.substr(start, bar == std::string_view::npos
                                                            ? std::string_view::npos
                                                            : bar - start));
    std::vector<Comparator> set;
    if (parse_part(part, opts, set) == PartStatus::invalid) {
      return std::nullopt;
    }
    if (!set.empty()) {
      r.m_sets.push_back(std::move(set));
    }
    if (bar == std::string_view::npos) {
      break;
    }
    start = bar + 2;
  }
  if (r.m_sets.empty()) {
    return std::nullopt;
  }
  if (r.m_sets.size() > 1) {
    auto first = r.m_sets.front();
    std::erase_if(r.m_sets, [](const std::vector<Comparator>& c) { return is_null_set(c[0]); });
    if (r.m_sets.empty()) {
      r.m_sets.push_back(std::move(first));
    } else if (r.m_sets.size() > 1) {
      for (auto& c : r.m_sets) {
        if (c.size() == 1 && c[0].any) {
          auto keep = std::move(c);
          r.m_sets.clear();
          r.m_sets.push_back(std::move(keep));
          break;
        }
      }
    }
  }
  return r;
}

bool Range::satisfies(const Version& v) const {
  for (const auto& set : m_sets) {
    if (test_set(set, v, m_options.include_prerelease)) {
      return true;
    }
  }
  return false;
}

std::string Range::to_string() const {
  std::string s;
  for (std::size_t i = 0; i < m_sets.size(); ++i) {
    if (i > 0) {
      s += "||";
    }
    for (std::size_t k = 0; k < m_sets[i].size(); ++k) {
      if (k > 0) {
        s += ' ';
      }
      s += m_sets[i][k].to_string();
    }
  }
  return s.empty() ? "*" : s;
}

std::optional<Version> Range::min_version() const {
  Version zero;
  if (satisfies(zero)) {
    return zero;
  }
  zero.prerelease = {"0"};
  if (satisfies(zero)) {
    return zero;
  }
  std::optional<Version> minver;
  for (const auto& set : m_sets) {
    std::optional<Version> set_min;
    for (const auto& c : set) {
      // Upper bounds do not raise the minimum. (An any comparator only
      // stands alone, and 0.0.0 satisfied it above.)
      if (c.any || c.op == Operator::lt || c.op == Operator::le) {
        continue;
      }
      Version v = c.version;
      v.build.clear();
      if (c.op == Operator::gt) {
        if (v.prerelease.empty()) {
          ++v.patch;
        } else {
          v.prerelease.emplace_back("0");
        }
      }
      if (!set_min || compare(v, *set_min) > 0) {
        set_min = std::move(v);
      }
    }
    if (set_min && (!minver || compare(*minver, *set_min) > 0)) {
      minver = std::move(set_min);
    }
  }
  // node-semver re-parses the candidate when the range is loose or includes
  // prereleases, and throws if `>9007199254740991` bumped the patch past
  // 2^53-1; we answer "none" there.
  if (minver && minver->patch > k_max_safe_integer &&
      (m_options.loose || m_options.include_prerelease)) {
    return std::nullopt;
  }
  if (minver && satisfies(*minver)) {
    return minver;
  }
  return std::nullopt;
}

bool Range::intersects(const Range& other) const {
  // Each set's satisfiability once, rather than once per pair of sets.
  std::vector<char> theirs_ok;
  theirs_ok.reserve(other.m_sets.size());
  for (const auto& theirs : other.m_sets) {
    theirs_ok.push_back(satisfiable(theirs, m_options) ? 1 : 0);
  }
  for (const auto& mine : m_sets) {
    if (!satisfiable(mine, m_options)) {
      continue;
    }
    for (std::size_t t = 0; t < other.m_sets.size(); ++t) {
      const auto& theirs = other.m_sets[t];
      if (!theirs_ok[t]) {
        continue;
      }
      bool all = true;
      for (const auto& a : mine) {
        for (const auto& b : theirs) {
          if (!a.intersects(b, m_options)) {
            all = false;
            break;
          }
        }
        if (!all) {
          break;
        }
      }
      if (all) {
        return true;
      }
    }
  }
  return false;
}

// --- free functions -----------------------------------------------------------

bool satisfies(std::string_view version, std::string_view range, Options opts) {
  auto r = Range::parse(range, opts);
  if (!r) {
    return false;
  }
  auto v = parse_version(version, opts);
  return v && r->satisfies(*v);
}

std::optional<Version> max_satisfying(const std::vector<std::string>& versions,
                                      std::string_view range, Options opts) {
  auto r = Range::parse(range, opts);
  if (!r) {
    return std::nullopt;
  }
  std::optional<Version> best;
  for (const auto& s : versions) {
    auto v = parse_version(s, opts);
    if (v && r->satisfies(*v) && (!best || compare(*best, *v) < 0)) {
      best = std::move(v);
    }
  }
  return best;
}

bool intersects(std::string_view range_a, std::string_view range_b, Options opts) {
  auto a = Range::parse(range_a, opts);
  auto b = Range::parse(range_b, opts);
  return a && b && a->intersects(*b);
}

std::optional<std::string> valid_range(std::string_view text, Options opts) {
  auto r = Range::parse(text, opts);
  if (!r) {
    return std::nullopt;
  }
  return r->to_string();
}

}  // namespace archgate::core::semver
