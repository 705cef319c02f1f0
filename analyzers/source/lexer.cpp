// The JS/TS scanner. Two layers in one class:
//
//  - the tokenizer (lex()) turns bytes into tokens and keeps the stack of
//    open brackets, which is what decides the hard cases of JavaScript's
//    lexical grammar: whether '/' starts a regular expression, whether '}'
//    resumes a template literal or a JSX element, whether '<' opens JSX;
//  - the reader (handle()) looks at each token with a little state (the
//    current member chain, the open call, the import statement being read)
//    and records references and facts.
//
// Every byte is looked at a bounded number of times: the scanner is linear.
#include "analyzers/source/lexer.hpp"

#include <cctype>

#include <algorithm>
#include <array>
#include <cstring>

namespace archgate::analyzers::source {

std::optional<Dialect> dialect_for(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto ext = path.substr(dot + 1);
  if (ext == "js" || ext == "mjs" || ext == "cjs") return Dialect::js;
  if (ext == "jsx") return Dialect::jsx;
  if (ext == "ts" || ext == "mts" || ext == "cts") {
    return Dialect::ts;
  }
  if (ext == "tsx") return Dialect::tsx;
  return std::nullopt;
}

std::string_view to_string(RefKind kind) {
  switch (kind) {
    case RefKind::static_import: return "static";
    case RefKind::side_effect: return "side-effect";
    case RefKind::reexport: return "reexport";
    case RefKind::dynamic: return "dynamic";
    case RefKind::require: return "require";
    case RefKind::require_resolve: return "require-resolve";
    case RefKind::worker: return "worker";
    case RefKind::reference: return "reference";
  }
  return "static";
}

std::string skip_reason(std::string_view text) {
  auto head = text.substr(0, 4096);
  // The marker as a word: '@generated-content-virtual-file' in a string is
  // not one.
  for (auto at = head.find("@generated"); at != std::string_view::npos; at = head.find("@generated", at + 1)) {
    auto after = at + 10;
    if (after >= text.size()) return "generated (marked @generated)";
    auto c = static_cast<unsigned char>(text[after]);
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '$')) return "generated (marked @generated)";
  }
  // Minified: lines that average over 1,000 characters in a file over 20 KB
  // (a hand-written file with one long inline string is not).
  if (text.size() > 20000) {
    auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    if (text.size() / lines > 1000) {
      return "minified (" + std::to_string(lines) + " lines, " + std::to_string(text.size() / lines) +
             " characters each on average)";
    }
  }
  return {};
}

namespace {

enum class Tok : std::uint8_t {
  eof,
  ident,
  punct,
  string,         // '...' or "..."
  template_full,  // `...` without substitutions (a literal)
  template_part,  // a piece of a template with substitutions
  number,
  regex,
  private_name,  // #x
  jsx_end,       // a complete JSX element (acts as an expression)
};

struct Token {
  Tok kind = Tok::eof;
  std::string_view text;
  Pos pos;
  bool nl_before = false;
  bool space_before = false;
  bool regex_ok_after = true;  // may a '/' right after this token start a regex?
  std::uint16_t flags = 0;     // identifiers: WordFlag bits
  std::uint32_t op = 0;        // punctuators: op("=>") etc.

  Token() = default;
  // Copied field by field. A token is built with byte- and word-sized
  // stores just before it is copied (returned, remembered as the previous
  // token); the implicit copy reads it back in 16-byte pieces, which cannot
  // be forwarded from those stores and stalled every token (a fifth of the
  // lexer's time in perf). Word-sized loads are forwarded.
  Token(const Token& o) { assign(o); }
  Token& operator=(const Token& o) {
    assign(o);
    return *this;
  }
  ~Token() = default;

 private:
  void assign(const Token& o) {
    kind = o.kind;
    const char* data = o.text.data();
    std::size_t size = o.text.size();
#if defined(__GNUC__)
    asm("" : "+r"(data), "+r"(size));  // two 8-byte loads, never one 16-byte one
#endif
    text = std::string_view(data, size);
    int line = o.pos.line;
    int column = o.pos.column;
#if defined(__GNUC__)
    asm("" : "+r"(line), "+r"(column));  // likewise the position's two halves
#endif
    pos = Pos{line, column};
    // The flags were stored one byte each; read together as one 16-bit
    // load they could not be forwarded either (half of scan_source's own
    // time in perf, on the copy out of next()).
    bool nl = o.nl_before;
    bool space = o.space_before;
    bool regex = o.regex_ok_after;
#if defined(__GNUC__)
    asm("" : "+r"(nl), "+r"(space), "+r"(regex));
#endif
    nl_before = nl;
    space_before = space;
    regex_ok_after = regex;
    flags = o.flags;
    op = o.op;
  }
};

enum class Frame : std::uint8_t {
  paren,
  bracket,
  block,     // statement block
  fn,        // function or method body
  klass,     // class body
  object,    // object literal (or pattern)
  type,      // TypeScript object type, interface body
  tmpl,      // ${ ... } of a template literal
  jsx_expr,  // { ... } inside JSX
  template_, // inside a template literal's text
  jsx_tag,   // <Tag attr=...>
  jsx_children,
};

struct FrameRec {
  Frame kind = Frame::paren;
  Pos open;
  // paren: was the token before '(' a control keyword (if/while/for/...)?
  bool control = false;
  bool fn_params = false;   // paren: `function name(` parameters
  bool type_paren = false;  // paren opened inside a type
  bool type_run_at_open = false;  // bracket opened during a type run (`string[]`)
  bool arg_start = false;   // paren/object opened where a call argument starts
  int params = 0;           // paren: commas + 1 when non-empty
  bool any_token = false;
  int concise = 0;          // concise arrow bodies open in this frame
  int ternary = 0;          // pending '?' of conditional expressions
  bool case_pending = false;
  // call paren
  int call = -1;
  int arg_index = 0;
  int arg_tokens = 0;
  bool arg_literal = false;
  std::string_view arg_text;
  std::uint32_t arg_begin = 0, arg_end = 0;
  bool arg_async = false;
  // object literal that is (inside) a call argument
  int obj_call = -1;
  int key_state = 0;  // 0 none, 1 expecting a key, 2 have a key candidate, 3 in a value
  std::string_view key_candidate;
  int key_prefix = -1;  // index into Scanner::m_prefixes, -1 = none
  int value_key = -1;  // index into calls[obj_call].keys
  int value_tokens = 0;
  int pending_child_prefix = -1;
};

constexpr std::size_t k_max_depth = 1024;

constexpr std::array<std::uint8_t, 256> k_char_class = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    bool start = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80 || c == '\\';
    bool digit = c >= '0' && c <= '9';
    t[static_cast<std::size_t>(c)] =
        static_cast<std::uint8_t>((start ? 1 : 0) | ((start || digit) ? 2 : 0) | ((start || digit) && c != '\\' ? 4 : 0));
  }
  return t;
}();
inline bool is_ident_start(unsigned char c) { return (k_char_class[c] & 1) != 0; }
inline bool is_ident_char(unsigned char c) { return (k_char_class[c] & 2) != 0; }
inline bool is_plain_ident_char(unsigned char c) { return (k_char_class[c] & 4) != 0; }  // not '\\'
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Flags of the words the reader cares about, computed once per identifier.
enum WordFlag : std::uint16_t {
  w_regex_after = 1 << 0,   // a '/' after it starts a regular expression
  w_control = 1 << 1,       // if while for with switch catch: `(...)` then a block
  w_literal = 1 << 2,       // true false null undefined
  w_block_before = 1 << 3,  // else try finally do: `{` after it is a block
  w_object_before = 1 << 4, // return typeof case ...: `{` after it is an object
  w_type_op = 1 << 5,       // as satisfies implements keyof is: a type follows
  w_def_prefix = 1 << 6,    // function get set static async: `name(` defines
  w_not_callee = 1 << 7,    // keywords that are never a callee before `(`
  w_function = 1 << 8,      // the keyword `function`
};

struct Word {
  std::string_view text;
  std::uint16_t flags;
};

constexpr Word k_words[] = {
    {"as", w_type_op},
    {"async", w_def_prefix | w_not_callee},
    {"await", w_regex_after | w_object_before | w_not_callee},
    {"case", w_regex_after | w_object_before | w_not_callee},
    {"catch", w_control | w_not_callee},
    {"constructor", w_not_callee},
    {"default", w_object_before},
    {"delete", w_regex_after | w_object_before | w_not_callee},
    {"do", w_regex_after | w_block_before | w_not_callee},
    {"else", w_regex_after | w_block_before | w_not_callee},
    {"extends", w_regex_after},
    {"false", w_literal},
    {"finally", w_block_before},
    {"for", w_control | w_not_callee},
    {"function", w_def_prefix | w_not_callee | w_function},
    {"get", w_def_prefix},
    {"if", w_control | w_not_callee},
    {"implements", w_type_op},
    {"in", w_regex_after | w_object_before | w_not_callee},
    {"instanceof", w_regex_after},
    {"is", w_type_op},
    {"keyof", w_type_op},
    {"new", w_regex_after | w_not_callee},
    {"null", w_literal},
    {"of", w_regex_after | w_object_before | w_not_callee},
    {"return", w_regex_after | w_object_before | w_not_callee},
    {"satisfies", w_type_op},
    {"set", w_def_prefix},
    {"static", w_def_prefix},
    {"switch", w_control | w_not_callee},
    {"throw", w_regex_after | w_object_before | w_not_callee},
    {"true", w_literal},
    {"try", w_block_before},
    {"typeof", w_regex_after | w_object_before | w_not_callee},
    {"undefined", w_literal},
    {"void", w_regex_after | w_object_before | w_not_callee},
    {"while", w_control | w_not_callee},
    {"with", w_control},
    {"yield", w_regex_after | w_object_before | w_not_callee},
};

// s == lit, expanded inline: a length test and a fixed-size comparison
// (string_view's operator== was an out-of-line call for every identifier).
template <std::size_t N>
inline bool is(std::string_view s, const char (&lit)[N]) {
  return s.size() == N - 1 && __builtin_memcmp(s.data(), lit, N - 1) == 0;
}

std::uint16_t word_flags(std::string_view s) {
  if (s.size() < 2 || s.size() > 11 || s[0] < 'a' || s[0] > 'y') return 0;
  // k_words is sorted: scan the entries of the first letter.
  static const auto index = [] {
    std::array<std::pair<std::uint8_t, std::uint8_t>, 26> idx{};
    for (std::size_t i = 0; i < std::size(k_words); ++i) {
      auto& e = idx[static_cast<std::size_t>(k_words[i].text[0] - 'a')];
      if (e.second == 0) e.first = static_cast<std::uint8_t>(i);
      e.second = static_cast<std::uint8_t>(i + 1);
    }
    return idx;
  }();
  auto [b, e] = index[static_cast<std::size_t>(s[0] - 'a')];
  for (auto i = b; i < e; ++i) {
    const auto& w = k_words[i].text;
    if (w.size() == s.size() && std::equal(w.begin(), w.end(), s.begin())) return k_words[i].flags;
  }
  return 0;
}

// A punctuator packed into an integer: op("=>") == a token's `op`.
consteval std::uint32_t op(std::string_view s) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < s.size() && i < 3; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  return v;
}
inline std::uint32_t op_of(std::string_view s) {
  // Punctuators are 1 to 4 bytes long (`>>>=`); the first three count.
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  switch (s.size()) {
    case 0: return 0;
    case 1: return b(0);
    case 2: return b(0) | b(1) << 8;
    default: return b(0) | b(1) << 8 | b(2) << 16;
  }
}

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '\'' || s.front() == '"' || s.front() == '`')) {
    return s.substr(1, s.size() - 2);
  }
  return s;
}

bool is_literal(const Token& t) {
  if (t.kind == Tok::string || t.kind == Tok::template_full || t.kind == Tok::number) return true;
  return t.kind == Tok::ident && (t.flags & w_literal);
}

class Scanner {
 public:
  Scanner(std::string_view text, Dialect dialect, const ScanOptions& options)
      : m_text(text), m_p(0), m_dialect(dialect), m_opts(options) {
    m_ts = dialect == Dialect::ts || dialect == Dialect::tsx;
    m_jsx = dialect != Dialect::ts;
    m_frames.reserve(64);
  }

  FileScan run() {
    skip_hashbang();
    while (!m_out.error) {
      Token t = next();
      if (t.kind == Tok::eof) break;
      handle(t);
    }
    finish();
    return std::move(m_out);
  }

 private:
  // ---------------------------------------------------------------- errors
  void fail(std::string message, Pos pos) {
    if (!m_out.error) m_out.error = ScanError{std::move(message), pos};
    m_p = m_text.size();
  }

  Pos pos_at(std::size_t off) const {
    return Pos{m_line, static_cast<int>(off - m_line_start) + 1};
  }

  void newline_at(std::size_t off) {
    ++m_line;
    m_line_start = off + 1;
  }

  // ------------------------------------------------------------- tokenizer
  void skip_hashbang() {
    if (m_text.size() >= 2 && m_text[0] == '#' && m_text[1] == '!') {
      while (m_p < m_text.size() && m_text[m_p] != '\n') ++m_p;
    }
  }

  // Skips whitespace and comments; returns whether a newline was crossed.
  bool skip_trivia(bool& space) {
    // On a local index (see ident_end); m_p is written back before anything
    // that reads it and on every way out.
    const char* d = m_text.data();
    const std::size_t n = m_text.size();
    std::size_t p = m_p;
    bool nl = false;
    while (p < n) {
      unsigned char c = d[p];
      if (c == '\n') {
        newline_at(p);
        nl = true;
        ++p;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        space = true;
        ++p;
      } else if (c == '/' && p + 1 < n && d[p + 1] == '/') {
        auto start = p;
        auto end = m_text.find('\n', p + 2);
        p = end == std::string_view::npos ? n : end;
        if (!m_seen_token) triple_slash(m_text.substr(start, p - start), start);
      } else if (c == '/' && p + 1 < n && d[p + 1] == '*') {
        auto start = p;
        Pos at = pos_at(start);
        auto end = m_text.find("*/", p + 2);
        if (end == std::string_view::npos) {
          fail("unterminated comment", at);
          return nl;
        }
        // The comment's newlines (memchr from one to the next).
        for (auto q = m_text.find('\n', p + 2); q < end; q = m_text.find('\n', q + 1)) {
          newline_at(q);
          nl = true;
        }
        p = end + 2;
        space = true;
      } else if (c == 0xE2 && p + 2 < n && static_cast<unsigned char>(d[p + 1]) == 0x80 &&
                 (static_cast<unsigned char>(d[p + 2]) == 0xA8 || static_cast<unsigned char>(d[p + 2]) == 0xA9)) {
        p += 3;  // U+2028/2029 line separators
        nl = true;
      } else if (c == 0xEF && p + 2 < n && static_cast<unsigned char>(d[p + 1]) == 0xBB &&
                 static_cast<unsigned char>(d[p + 2]) == 0xBF) {
        p += 3;  // byte order mark
      } else if (c == 0xC2 && p + 1 < n && static_cast<unsigned char>(d[p + 1]) == 0xA0) {
        p += 2;  // no-break space
        space = true;
      } else {
        break;
      }
    }
    m_p = p;
    return nl;
  }

  // `/// <reference path="x" />` or types="x" before the first token.
  void triple_slash(std::string_view comment, std::size_t start) {
    if (comment.size() < 4 || comment[2] != '/') return;
    auto ref = comment.find("<reference");
    if (ref == std::string_view::npos) return;
    for (std::string_view attr : {"path", "types"}) {
      auto a = comment.find(attr, ref);
      while (a != std::string_view::npos) {
        auto q = a + attr.size();
        while (q < comment.size() && comment[q] == ' ') ++q;
        if (q < comment.size() && comment[q] == '=') {
          ++q;
          while (q < comment.size() && comment[q] == ' ') ++q;
          if (q < comment.size() && (comment[q] == '"' || comment[q] == '\'')) {
            char quote = comment[q];
            auto close = comment.find(quote, q + 1);
            if (close != std::string_view::npos) {
              add_ref_string(comment.substr(q + 1, close - q - 1), RefKind::reference, true, pos_at(start + q));
              m_out.refs.back().reference_types = attr == "types";
              return;
            }
          }
        }
        a = comment.find(attr, a + attr.size());
      }
    }
  }

  // The end of the identifier that starts at `p` (escapes `\\uXXXX` kept
  // inside it).
  [[nodiscard]] std::size_t ident_end(std::size_t p) const {
    const char* d = m_text.data();
    const std::size_t n = m_text.size();
    for (;;) {
      while (p < n && is_plain_ident_char(static_cast<unsigned char>(d[p]))) ++p;
      if (p >= n || d[p] != '\\') return p;
      p += p + 1 < n ? 2 : 1;  // the escape's next byte is part of it
    }
  }

  // Callers return what it makes as it is (a prvalue): a token finished
  // in a named local of lex() was copied on the way out.
  Token make(Tok kind, std::size_t start, Pos pos, bool nl, bool space, bool regex_ok_after = true,
             std::uint16_t flags = 0) {
    Token t;
    t.kind = kind;
    t.text = std::string_view(m_text.data() + start, m_p - start);  // start <= m_p <= size
    t.pos = pos;
    t.nl_before = nl;
    t.space_before = space;
    t.regex_ok_after = regex_ok_after;
    t.flags = flags;
    return t;
  }

  bool push(Frame kind, Pos at) {
    if (m_frames.size() >= k_max_depth) {
      fail("nesting deeper than " + std::to_string(k_max_depth) + " levels", at);
      return false;
    }
    // Copied from a fresh record: value-initialising one in place compiled
    // to `rep stos`, whose start-up cost was two thirds of push().
    static const FrameRec k_fresh{};
    auto& f = m_frames.emplace_back(k_fresh);
    f.kind = kind;
    f.open = at;
    if (kind == Frame::fn) ++m_fn_depth;
    return true;
  }

  void pop_into_popped() {
    m_popped = std::move(m_frames.back());
    m_frames.pop_back();
    if (m_popped.kind == Frame::fn) --m_fn_depth;
    m_concise_total -= m_popped.concise;
  }

  [[nodiscard]] Frame top() const { return m_frames.empty() ? Frame::block : m_frames.back().kind; }

  bool regex_ok() const { return !m_prev_valid || m_prev.regex_ok_after; }

  // Both returns are prvalues, so the token is built in the caller's
  // variable: returning a named token from one branch and m_back from the
  // other cost a copy of every token.
  Token next() {
    if (m_pushed_back) [[unlikely]] {
      m_pushed_back = false;
      return Token(m_back);
    }
    return lex_noted();
  }

  Token lex_noted() {
    Token t = lex();
    if (t.kind != Tok::eof) {
      m_seen_token = true;
      m_prev = PrevLexed{t.kind, t.regex_ok_after, t.flags, t.op};
      m_prev_valid = true;
    }
    return t;
  }

  Token lex() {
    for (;;) {
      if (m_out.error) return Token{};
      Frame tf = top();
      if (tf == Frame::jsx_tag) {
        if (auto t = lex_jsx_tag()) return *t;
        continue;
      }
      if (tf == Frame::jsx_children) {
        if (auto t = lex_jsx_children()) return *t;
        continue;
      }
      bool space = false;
      bool nl = false;
      // Most tokens follow another directly or after one space: only call
      // the trivia loop when a newline, a comment or more space may follow.
      if (m_p + 1 < m_text.size() && m_text[m_p] == ' ') {
        auto n = static_cast<unsigned char>(m_text[m_p + 1]);
        if (n > ' ' && n != '/' && n < 0x80) {
          ++m_p;
          space = true;
        }
      }
      if (m_p >= m_text.size() || static_cast<unsigned char>(m_text[m_p]) <= ' ' || m_text[m_p] == '/' ||
          static_cast<unsigned char>(m_text[m_p]) >= 0x80) {
        nl = skip_trivia(space);
      }
      if (m_out.error) return Token{};
      if (m_p >= m_text.size()) {
        if (!m_frames.empty()) {
          const auto& f = m_frames.back();
          fail(std::string("unclosed ") + open_char(f.kind) + " opened at " + std::to_string(f.open.line) + ":" +
                   std::to_string(f.open.column),
               f.open);
        }
        return Token{};
      }
      std::size_t start = m_p;
      // The position is taken where each kind of token needs it, not held
      // across the whole dispatch: held, GCC spilled it in halves and read
      // it back as one 8-byte load that no store could forward (a tenth of
      // lex() in perf).
      unsigned char c = m_text[m_p];
      if (is_ident_start(c)) {
        // On locals: m_p is a member that any char store could alias, so a
        // loop on it stored and reloaded it for every byte.
        m_p = ident_end(m_p);
        auto flags = word_flags(std::string_view(m_text.data() + start, m_p - start));
        // A property named `return` etc. (after `.`) is no keyword.
        bool regex_after = (flags & w_regex_after) != 0 &&
                           !(m_prev_valid && m_prev.kind == Tok::punct && (m_prev.op == op(".") || m_prev.op == op("?.")));
        return make(Tok::ident, start, pos_at(start), nl, space, regex_after, flags);
      }
      if (is_digit(c) || (c == '.' && m_p + 1 < m_text.size() && is_digit(static_cast<unsigned char>(m_text[m_p + 1])))) {
        bool hex = c == '0' && m_p + 1 < m_text.size() && (m_text[m_p + 1] | 0x20) == 'x';
        ++m_p;
        while (m_p < m_text.size()) {
          unsigned char d = m_text[m_p];
          if (is_ident_char(d) || d == '.') {
            ++m_p;
          } else if ((d == '+' || d == '-') && !hex && (m_text[m_p - 1] | 0x20) == 'e') {
            ++m_p;
          } else {
            break;
          }
        }
        return make(Tok::number, start, pos_at(start), nl, space, false);
      }
      if (c == '\'' || c == '"') {
        Pos pos = pos_at(start);  // before a line continuation moves the line
        ++m_p;
        const char* d = m_text.data();
        const std::size_t n = m_text.size();
        std::size_t q = m_p;
        while (q < n && d[q] != static_cast<char>(c)) {
          if (d[q] == '\\') {
            ++q;  // the escaped character; a line continuation ends a line
            if (q < n && d[q] == '\r' && q + 1 < n && d[q + 1] == '\n') ++q;
            if (q < n && d[q] == '\n') newline_at(q);
          } else if (d[q] == '\n') {
            m_p = q;
            fail("unterminated string literal", pos);
            return Token{};
          }
          ++q;
        }
        m_p = q;
        if (m_p >= m_text.size()) {
          fail("unterminated string literal", pos);
          return Token{};
        }
        ++m_p;
        return make(Tok::string, start, pos, nl, space, false);
      }
      if (c == '`') {
        ++m_p;
        return lex_template_rest(start, pos_at(start), nl, space, true);
      }
      if (c == '#' && m_p + 1 < m_text.size() && is_ident_start(static_cast<unsigned char>(m_text[m_p + 1]))) {
        ++m_p;
        while (m_p < m_text.size() && is_ident_char(static_cast<unsigned char>(m_text[m_p]))) ++m_p;
        return make(Tok::private_name, start, pos_at(start), nl, space, false);
      }
      if (c == '/' && regex_ok()) return lex_regex(start, pos_at(start), nl, space);
      if (c == '<' && m_jsx && regex_ok() && jsx_can_start()) {
        if (!open_jsx_element(pos_at(start))) return Token{};
        continue;  // the element's tokens (expression containers) follow
      }
      return lex_punct(start, nl, space);
    }
  }

  static const char* open_char(Frame f) {
    switch (f) {
      case Frame::paren: return "'('";
      case Frame::bracket: return "'['";
      case Frame::template_: return "template literal";
      case Frame::jsx_tag:
      case Frame::jsx_children: return "JSX element";
      default: return "'{'";
    }
  }

  Token lex_regex(std::size_t start, Pos pos, bool nl, bool space) {
    ++m_p;
    bool in_class = false;
    while (m_p < m_text.size()) {
      char c = m_text[m_p];
      if (c == '\\') {
        m_p += 2;
        continue;
      }
      if (c == '\n') break;
      if (in_class) {
        if (c == ']') in_class = false;
      } else if (c == '[') {
        in_class = true;
      } else if (c == '/') {
        ++m_p;
        while (m_p < m_text.size() && is_ident_char(static_cast<unsigned char>(m_text[m_p]))) ++m_p;
        Token t = make(Tok::regex, start, pos, nl, space);
        t.regex_ok_after = false;
        return t;
      }
      ++m_p;
    }
    fail("unterminated regular expression", pos);
    return Token{};
  }

  // Scans template text after '`' or '}' up to the closing '`' or the next
  // '${'. `whole`: the template started here (a '`').
  Token lex_template_rest(std::size_t start, Pos pos, bool nl, bool space, bool whole) {
    while (m_p < m_text.size()) {
      char c = m_text[m_p];
      if (c == '\\') {
        ++m_p;
        if (m_p < m_text.size() && m_text[m_p] == '\n') newline_at(m_p);
        ++m_p;
        continue;
      }
      if (c == '\n') newline_at(m_p);
      if (c == '`') {
        ++m_p;
        if (!whole) pop_into_popped();  // the template_ frame
        Token t = make(whole ? Tok::template_full : Tok::template_part, start, pos, nl, space);
        t.regex_ok_after = false;
        return t;
      }
      if (c == '$' && m_p + 1 < m_text.size() && m_text[m_p + 1] == '{') {
        m_p += 2;
        if (whole && !push(Frame::template_, pos)) return Token{};
        if (!push(Frame::tmpl, pos_at(m_p - 2))) return Token{};
        Token t = make(Tok::template_part, start, pos, nl, space);
        t.regex_ok_after = true;
        return t;
      }
      ++m_p;
    }
    fail("unterminated template literal", pos);
    return Token{};
  }

  // Every return below is `t` itself, so the token is built in the caller's
  // variable (a return of another object made GCC copy each punctuator).
  Token lex_punct(std::size_t start, bool nl, bool space) {
    const Pos pos = pos_at(start);
    char c = m_text[m_p];
    auto at = [&](std::size_t k) -> char { return m_p + k < m_text.size() ? m_text[m_p + k] : '\0'; };
    std::size_t len = 1;
    switch (c) {
      case '=':
        if (at(1) == '>') len = 2;
        else if (at(1) == '=') len = at(2) == '=' ? 3 : 2;
        break;
      case '?':
        if (at(1) == '.' && !is_digit(static_cast<unsigned char>(at(2)))) len = 2;
        else if (at(1) == '?') len = at(2) == '=' ? 3 : 2;
        break;
      case '.':
        if (at(1) == '.' && at(2) == '.') len = 3;
        break;
      case '!':
        if (at(1) == '=') len = at(2) == '=' ? 3 : 2;
        break;
      case '+': case '-':
        if (at(1) == c || at(1) == '=') len = 2;
        break;
      case '&': case '|':
        if (at(1) == c) len = at(2) == '=' ? 3 : 2;
        else if (at(1) == '=') len = 2;
        break;
      case '*':
        if (at(1) == '*') len = at(2) == '=' ? 3 : 2;
        else if (at(1) == '=') len = 2;
        break;
      case '<':
        if (at(1) == '<') len = at(2) == '=' ? 3 : 2;
        else if (at(1) == '=') len = 2;
        break;
      case '/': case '%': case '^':
        if (at(1) == '=') len = 2;
        break;
      default:
        break;  // '>' always alone: TypeScript's `A<B<C>>` closes twice
    }
    m_p += len;
    Token t = make(Tok::punct, start, pos, nl, space);
    t.op = op_of(t.text);
    // After `i++` a '/' divides (a prefix `++/re/` is not JavaScript). So
    // after TypeScript's non-null `x!`: a '!' right after a token that ends
    // an expression, on its line, is postfix (`sums[k]! / n`).
    t.regex_ok_after = !(t.op == op("++") || t.op == op("--") ||
                         (t.op == op("!") && !nl && m_prev_valid && !m_prev.regex_ok_after));
    switch (c) {
      case '(': {
        if (!push(Frame::paren, pos)) {
          t = Token{};
          return t;
        }
        auto& f = m_frames.back();
        f.control = m_prev_valid && m_prev.kind == Tok::ident && (m_prev.flags & w_control);
        break;
      }
      case '[':
        if (!push(Frame::bracket, pos)) {
          t = Token{};
          return t;
        }
        break;
      case '{':
        if (!push(classify_brace(), pos)) {
          t = Token{};
          return t;
        }
        break;
      case ')':
      case ']':
      case '}': {
        Frame want_any = top();
        bool ok = !m_frames.empty() &&
                  ((c == ')' && want_any == Frame::paren) || (c == ']' && want_any == Frame::bracket) ||
                   (c == '}' && want_any != Frame::paren && want_any != Frame::bracket &&
                    want_any != Frame::template_ && want_any != Frame::jsx_tag && want_any != Frame::jsx_children));
        if (!ok) {
          fail(std::string("unexpected '") + c + "'" + (m_frames.empty() ? "" : std::string(" (") + open_char(want_any) +
                                                                      " open since " + std::to_string(m_frames.back().open.line) + ":" +
                                                                      std::to_string(m_frames.back().open.column) + ")"),
               pos);
          t = Token{};
          return t;
        }
        pop_into_popped();
        if (c == ')') {
          t.regex_ok_after = m_popped.control;
        } else if (c == ']') {
          t.regex_ok_after = false;
        } else {
          Frame k = m_popped.kind;
          t.regex_ok_after = k == Frame::block || k == Frame::fn || k == Frame::klass;
          if (k == Frame::tmpl) {
            // Back into the template's text.
            std::size_t s2 = m_p;
            t = lex_template_rest(s2, pos_at(s2), false, false, false);
            return t;
          }
        }
        break;
      }
      default:
        break;
    }
    return t;
  }

  // What kind of '{' this is, from the tokens before it.
  Frame classify_brace() {
    if (!m_frames.empty() && (top() == Frame::jsx_tag || top() == Frame::jsx_children)) return Frame::jsx_expr;
    if (m_interface_pending) {
      m_interface_pending = false;
      return Frame::type;
    }
    if (m_class_pending) {
      m_class_pending = false;
      return Frame::klass;
    }
    bool after_colon = m_prev_valid && m_prev.kind == Tok::punct && m_prev.op == op(":");
    if (after_colon && m_ts && !m_last_colon_value) return Frame::type;  // x: { a: string }
    // A body follows the parameters' ')' or the end of a return type (a
    // name, '>', ']', '}'), never an operator or an expression keyword:
    // `check(x) ? { a } : b`, `f(x) || { a }`, `return [{ a }]` and
    // `return { a }` after a call open objects.
    bool sig_end =
        m_prev_valid &&
        (m_prev.kind == Tok::punct
             ? (m_prev.op == op(")") || m_prev.op == op(">") || m_prev.op == op(">>") || m_prev.op == op(">>>") ||
                m_prev.op == op("]") || m_prev.op == op("}"))
             : !(m_prev.kind == Tok::ident && m_prev.regex_ok_after && !m_type_run));  // return, in, new; not `): void {`
    if (m_fn_sig_pending && !after_colon && sig_end) {
      // `f(a): Ret {` / `method(): Promise<void> {`: the body after a return type
      m_fn_sig_pending = false;
      m_type_run = false;
      m_angle = 0;
      return Frame::fn;
    }
    if (in_type()) return Frame::type;
    if (!m_prev_valid) return Frame::block;
    const auto& p = m_prev;
    if (p.kind == Tok::punct) {
      if (p.op == op("=>")) return Frame::fn;
      if (p.op == op(")")) {
        if (m_popped.control) return Frame::block;
        return Frame::fn;
      }
      if (p.op == op(";") || p.op == op("}")) return Frame::block;
      if (p.op == op("{")) {
        // `{{` inside JSX (`style={{ a: 1 }}`), a template (`${{...}}`) or an
        // object is an object literal.
        Frame k = top();
        return k == Frame::object || k == Frame::type || k == Frame::jsx_expr || k == Frame::tmpl ? Frame::object
                                                                                                     : Frame::block;
      }
      if (p.op == op(":")) return m_last_colon_value ? Frame::object : Frame::block;
      return Frame::object;  // = ( , [ ? operators ...
    }
    if (p.kind == Tok::ident) {
      if (p.flags & w_block_before) return Frame::block;
      if (p.flags & w_object_before)
        return Frame::object;
      if (m_fn_sig_pending) {
        m_fn_sig_pending = false;
        return Frame::fn;
      }
      return Frame::block;
    }
    if (p.kind == Tok::template_part) return Frame::object;
    return m_fn_sig_pending ? (m_fn_sig_pending = false, Frame::fn) : Frame::block;
  }

  // ----------------------------------------------------------------- JSX
  bool jsx_can_start() const {
    if (m_p + 1 >= m_text.size()) return false;
    unsigned char n = m_text[m_p + 1];
    if (n == '>') return true;  // fragment
    if (!is_ident_start(n)) return false;
    // In a type (`apiCall: <T>(url: string) => Promise<T>` in an interface,
    // or after an annotation's ':'), '<' opens type parameters: JSX is an
    // expression and cannot appear there.
    if (m_ts && type_context_around()) return false;
    if (m_ts && m_prev_valid && m_prev.kind == Tok::punct && m_prev.op == op(":") && !m_last_colon_value) {
      return false;
    }
    if (m_dialect == Dialect::tsx || m_dialect == Dialect::js) {
      // `<T,>(x) => x` and `<T extends U>(x) => x` are generic arrows.
      std::size_t q = m_p + 1;
      while (q < m_text.size() && is_ident_char(static_cast<unsigned char>(m_text[q]))) ++q;
      while (q < m_text.size() && (m_text[q] == ' ' || m_text[q] == '\t')) ++q;
      if (q < m_text.size() && m_text[q] == ',') return false;
      if (m_text.compare(q, 8, "extends ") == 0) {
        std::size_t r = q + 8;
        while (r < m_text.size() && m_text[r] == ' ') ++r;
        if (r < m_text.size() && m_text[r] != '=' && m_text[r] != '/' && m_text[r] != '>') return false;
      }
    }
    return true;
  }

  // At '<' of an element: reads the tag name and enters the tag.
  bool open_jsx_element(Pos pos) {
    ++m_p;  // '<'
    if (m_p < m_text.size() && m_text[m_p] == '>') {
      ++m_p;
      return push(Frame::jsx_children, pos);
    }
    std::size_t name = m_p;
    while (m_p < m_text.size() && (is_ident_char(static_cast<unsigned char>(m_text[m_p])) || m_text[m_p] == '.' ||
                                   m_text[m_p] == ':' || m_text[m_p] == '-')) {
      ++m_p;
    }
    auto tag = m_text.substr(name, m_p - name);
    auto first = tag.substr(0, tag.find('.'));
    if (!first.empty() && (first.front() < 'a' || first.front() > 'z' || tag.find('.') != std::string_view::npos)) {
      use_binding(first, /*type_use=*/false);  // <Foo> uses the value Foo
    }
    if (m_ts && m_p < m_text.size() && m_text[m_p] == '<') {
      // <Select<Option> ...>: type arguments of a generic component
      int depth = 0;
      while (m_p < m_text.size()) {
        char c = m_text[m_p];
        if (c == '\n') newline_at(m_p);
        if (c == '<') ++depth;
        if (c == '>' && --depth == 0) {
          ++m_p;
          break;
        }
        ++m_p;
      }
    }
    return push(Frame::jsx_tag, pos);
  }

  // `{` inside a tag or children: an expression container, lexed as JS.
  Token open_jsx_expr() {
    Pos pos = pos_at(m_p);
    std::size_t start = m_p++;
    if (!push(Frame::jsx_expr, pos)) return Token{};
    Token t = make(Tok::punct, start, pos, false, false);
    t.op = op("{");
    return t;
  }

  // Inside `<Tag ...`: attributes until '>' or '/>'. Returns a token when an
  // expression container opens or the element ends in a JS context.
  std::optional<Token> lex_jsx_tag() {
    while (m_p < m_text.size()) {
      char c = m_text[m_p];
      if (c == '\n') {
        newline_at(m_p);
        ++m_p;
      } else if (c == '{') {
        return open_jsx_expr();
      } else if (c == '"' || c == '\'') {
        Pos pos = pos_at(m_p);
        ++m_p;
        while (m_p < m_text.size() && m_text[m_p] != c) {
          if (m_text[m_p] == '\n') newline_at(m_p);
          ++m_p;
        }
        if (m_p >= m_text.size()) {
          fail("unterminated JSX attribute string", pos);
          return Token{};
        }
        ++m_p;
      } else if (c == '/' && m_p + 1 < m_text.size() && m_text[m_p + 1] == '>') {
        Pos pos = pos_at(m_p);
        m_p += 2;
        pop_into_popped();  // the tag: the element is complete
        if (top() == Frame::jsx_children) return std::nullopt;
        return jsx_end(pos);
      } else if (c == '>') {
        ++m_p;
        m_frames.back().kind = Frame::jsx_children;
        return std::nullopt;
      } else if (c == '/' && m_p + 1 < m_text.size() && (m_text[m_p + 1] == '/' || m_text[m_p + 1] == '*')) {
        bool space = false;
        skip_trivia(space);
      } else {
        ++m_p;
      }
    }
    fail("unterminated JSX element", m_frames.back().open);
    return Token{};
  }

  std::optional<Token> lex_jsx_children() {
    while (m_p < m_text.size()) {
      char c = m_text[m_p];
      if (c == '\n') {
        newline_at(m_p);
        ++m_p;
      } else if (c == '{') {
        return open_jsx_expr();
      } else if (c == '<') {
        Pos pos = pos_at(m_p);
        if (m_p + 1 < m_text.size() && m_text[m_p + 1] == '/') {
          // Closing tag: skip to '>'.
          while (m_p < m_text.size() && m_text[m_p] != '>') {
            if (m_text[m_p] == '\n') newline_at(m_p);
            ++m_p;
          }
          if (m_p >= m_text.size()) break;
          ++m_p;
          pop_into_popped();
          if (top() == Frame::jsx_children) continue;
          return jsx_end(pos);
        }
        if (!open_jsx_element(pos)) return Token{};
        return std::nullopt;  // now in the tag
      } else {
        ++m_p;
      }
    }
    fail("unterminated JSX element", m_frames.empty() ? Pos{m_line, 1} : m_frames.back().open);
    return Token{};
  }

  Token jsx_end(Pos pos) {
    Token t;
    t.kind = Tok::jsx_end;
    t.pos = pos;
    t.regex_ok_after = false;
    return t;
  }

  // ----------------------------------------------------------- type context
  [[nodiscard]] bool in_type() const {
    if (!m_ts) return false;
    if (m_type_run || m_type_alias || m_angle > 0) return true;
    for (auto it = m_frames.rbegin(); it != m_frames.rend(); ++it) {
      if (it->kind == Frame::type) return true;
      if (it->type_paren) return true;
      if (it->kind != Frame::bracket && it->kind != Frame::paren) break;
    }
    return false;
  }

  // ---------------------------------------------------------------- reader
  struct Binding {
    std::string_view name;
    int ref = -1;
  };

  void use_binding(std::string_view name, bool type_use) {
    if (!m_ts || m_bindings.empty() || type_use) return;
    if (!(m_binding_mask & bloom(name))) return;
    bool marked = false;
    for (auto& b : m_bindings) {
      if (b.name == name && b.ref >= 0) {
        m_ref_value_used[static_cast<std::size_t>(b.ref)] = true;
        marked = true;
      }
    }
    if (!marked) return;
    // An import used as a value stays whatever else happens: its bindings
    // leave the set. A file that imports fifty names filled the 64-bit
    // filter, and every identifier then walked all fifty (12% of the
    // scanner's instructions on excalidraw).
    std::erase_if(m_bindings, [&](const Binding& b) {
      return b.ref >= 0 && m_ref_value_used[static_cast<std::size_t>(b.ref)];
    });
    m_binding_mask = 0;
    for (const auto& b : m_bindings) m_binding_mask |= bloom(b.name);
  }

  // Whether the template names one of ref's bindings (still in m_bindings:
  // the ones no script code used as a value), as written or in kebab case.
  bool markup_uses(int ref) const {
    if (m_opts.markup.empty()) return false;
    for (const auto& b : m_bindings) {
      if (b.ref != ref) continue;
      if (names_word(m_opts.markup, b.name)) return true;
      std::string kebab;
      for (std::size_t k = 0; k < b.name.size(); ++k) {
        char ch = b.name[k];
        if (ch >= 'A' && ch <= 'Z') {
          if (k > 0) kebab += '-';
          kebab += static_cast<char>(ch - 'A' + 'a');
        } else {
          kebab += ch;
        }
      }
      // One word ("Doc" → "doc") would also match a variable.
      if (kebab.find('-') != std::string::npos && names_word(m_opts.markup, kebab)) return true;
    }
    return false;
  }

  static bool names_word(std::string_view text, std::string_view word) {
    auto part = [](char ch) { return is_ident_char(static_cast<unsigned char>(ch)) || ch == '-'; };
    for (auto at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
      bool start = at == 0 || !part(text[at - 1]);
      bool end = at + word.size() >= text.size() || !part(text[at + word.size()]);
      if (start && end) return true;
    }
    return false;
  }

  static std::uint64_t bloom(std::string_view s) {
    return std::uint64_t{1} << ((s.size() * 31 + static_cast<unsigned char>(s.front()) +
                                 static_cast<unsigned char>(s.back()) * 7) & 63);
  }

  void add_binding(std::string_view name, int ref) {
    if (!m_ts || name.empty()) return;
    m_bindings.push_back(Binding{name, ref});
    m_binding_mask |= bloom(name);
    m_ref_has_binding[static_cast<std::size_t>(ref)] = true;
  }

  int add_ref(std::string_view spec_token, RefKind kind, bool type_only, Pos pos) {
    ModuleRef r;
    r.spec = std::string(unquote(spec_token));
    r.kind = kind;
    r.type_only = type_only;
    r.pos = pos;
    m_out.refs.push_back(std::move(r));
    m_ref_value_used.push_back(false);
    m_ref_has_binding.push_back(false);
    return static_cast<int>(m_out.refs.size() - 1);
  }

  [[nodiscard]] bool top_level() const { return m_fn_depth == 0 && m_concise_total == 0; }

  FrameRec* frame() { return m_frames.empty() ? nullptr : &m_frames.back(); }

  bool facts() const { return m_opts.facts; }

  // A member chain ends: record it as a read when it is of interest.
  void end_chain() {
    if (!m_chain_active) return;
    m_chain_active = false;
    if (m_chain_segments >= 2 && m_chain_member_hit && facts() && !m_chain_decorator) {
      m_out.members.push_back(MemberRead{m_chain, m_chain_pos, top_level()});
    }
  }

  bool member_of_interest(std::string_view seg) const {
    for (const auto& n : m_opts.member_names) {
      if (n.size() == seg.size() && std::equal(n.begin(), n.end(), seg.begin())) return true;
    }
    return false;
  }

  // Starts a call record for the chain that precedes '('.
  void open_call(FrameRec& paren) {
    std::string callee = m_chain;
    if (m_chain_new) callee = "new " + callee;
    if (m_chain_decorator) callee = "@" + callee;
    bool special = is(callee, "require") || is(callee, "require.resolve") || is(callee, "import") ||
                   is(callee, "new Worker") || is(callee, "new SharedWorker") || is(callee, "new URL") ||
                   is(callee, "module.require");
    if (!facts() && !special) return;
    CallFact c;
    c.callee = std::move(callee);
    c.pos = m_chain_pos;
    c.top_level = top_level();
    m_calls.push_back(std::move(c));
    m_call_type.push_back(in_type());
    paren.call = static_cast<int>(m_calls.size() - 1);
  }

  // `comma`: the argument ends at a ','; an empty one there (`f(, 'x')`)
  // still takes its index, so args[0] is never the second argument (found
  // by fuzzing: `import(, './x')` took './x' for its specifier, at the
  // position of an argument that was never seen). At ')' an empty argument
  // is no argument: `f()`, or a trailing comma `f(a,)`.
  void finish_arg(FrameRec& f, bool comma) {
    if (f.call < 0) return;
    auto& c = m_calls[static_cast<std::size_t>(f.call)];
    if (f.arg_tokens == 0 && !comma) return;
    if (c.args.size() < 8) {
      bool lit = f.arg_tokens == 1 && f.arg_literal;
      if (lit) {
        c.literal_mask |= 1u << c.args.size();
        c.args.emplace_back(unquote(f.arg_text));
      } else if (f.arg_begin < f.arg_end && f.arg_end - f.arg_begin <= 64 &&
                 m_text.substr(f.arg_begin, f.arg_end - f.arg_begin) == "import.meta.url") {
        c.args.emplace_back("import.meta.url");
      } else {
        if (f.arg_begin < f.arg_end && f.arg_end - f.arg_begin <= 64 && f.arg_end <= m_text.size()) {
          auto text = m_text.substr(f.arg_begin, f.arg_end - f.arg_begin);
          // `handler`, `ctrl.list`: a name or a member path.
          auto member_path = [](std::string_view t) {
            bool ok = !t.empty() && !(t[0] >= '0' && t[0] <= '9') && t[0] != '.' && t.back() != '.';
            for (char ch : t) {
              ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                          ch == '_' || ch == '$' || ch == '.');
            }
            return ok;
          };
          bool name = member_path(text);
          if (name && c.idents.size() < 8) c.idents.emplace_back(static_cast<int>(c.args.size()), std::string(text));
          // A factory's result passed on: app.use(errorHandler()) records
          // "errorHandler()" (the callee and empty parentheses).
          // (The argument's text ends at its '(': the tokens inside belong
          // to the inner call, so `errorHandler(opts)` reads "errorHandler(".)
          auto open = text.find('(');
          if (!name && open != std::string_view::npos && open > 0 && open + 1 == text.size() && c.idents.size() < 8 &&
              member_path(text.substr(0, open))) {
            c.idents.emplace_back(static_cast<int>(c.args.size()), std::string(text.substr(0, open)) + "()");
          }
        }
        c.args.emplace_back();
      }
    }
  }

  void close_call(FrameRec& f) {
    if (f.call < 0) return;
    auto idx = static_cast<std::size_t>(f.call);
    auto& c = m_calls[idx];
    bool lit0 = (c.literal_mask & 1u) != 0 && !c.args.empty();
    const std::string& callee = c.callee;
    if (is(callee, "require") || is(callee, "module.require")) {
      if (lit0) {
        add_ref_string(c.args[0], RefKind::require, false, m_call_arg0_pos[idx]);
      } else if (!c.args.empty() || f.arg_tokens > 0) {
        m_out.notes.push_back(ScanNote{"require() with a computed specifier", c.pos});
      }
    } else if (is(callee, "require.resolve")) {
      if (lit0) add_ref_string(c.args[0], RefKind::require_resolve, false, m_call_arg0_pos[idx]);
    } else if (is(callee, "import")) {
      if (lit0) {
        add_ref_string(c.args[0], RefKind::dynamic, m_call_type[idx], m_call_arg0_pos[idx]);
      } else {
        m_out.notes.push_back(ScanNote{"import() with a computed specifier", c.pos});
      }
    } else if (is(callee, "new URL")) {
      if (lit0 && c.args.size() >= 2 && is(c.args[1], "import.meta.url")) {
        // Inside new Worker(...)? The enclosing frame is the Worker's paren.
        if (!m_frames.empty() && m_frames.back().call >= 0) {
          const auto& outer = m_calls[static_cast<std::size_t>(m_frames.back().call)];
          if (is(outer.callee, "new Worker") || is(outer.callee, "new SharedWorker")) {
            add_ref_string(c.args[0], RefKind::worker, false, m_call_arg0_pos[idx]);
          }
        }
      }
    }
  }

  void add_ref_string(std::string_view spec, RefKind kind, bool type_only, Pos pos) {
    ModuleRef r;
    r.spec = std::string(spec);
    r.kind = kind;
    r.type_only = type_only;
    r.pos = pos;
    m_out.refs.push_back(std::move(r));
    m_ref_value_used.push_back(true);
    m_ref_has_binding.push_back(false);
  }

  // Key bookkeeping of object literals inside call arguments.
  void object_token(FrameRec& f, const Token& t) {
    if (f.obj_call < 0) return;
    auto& keys = m_calls[static_cast<std::size_t>(f.obj_call)].keys;
    if (f.key_state == 1) {
      if (t.kind == Tok::ident || t.kind == Tok::string || t.kind == Tok::number) {
        f.key_state = 2;
        f.key_candidate = unquote(t.text);
      } else {
        f.key_state = 0;  // `...spread` or a computed key
      }
      return;
    }
    if (f.key_state == 2) {
      bool colon = t.kind == Tok::punct && t.op == op(":");
      bool shorthand = t.kind == Tok::punct && (t.op == op(",") || t.op == op("}") || t.op == op("("));
      if ((colon || shorthand) && keys.size() < 64) {
        std::string path = (f.key_prefix >= 0 ? m_prefixes[static_cast<std::size_t>(f.key_prefix)] : std::string()) +
                           std::string(f.key_candidate);
        f.pending_child_prefix = -1;
        if (colon) {
          m_prefixes.push_back(path + ".");
          f.pending_child_prefix = static_cast<int>(m_prefixes.size() - 1);
        }
        keys.push_back(ObjectKey{std::move(path), {}});
        f.value_key = colon ? static_cast<int>(keys.size() - 1) : -1;
        f.value_tokens = 0;
      }
      f.key_state = colon ? 3 : 0;
      return;
    }
    if (f.key_state == 3) {
      if (t.kind == Tok::punct && (t.op == op(",") || t.op == op("}"))) return;
      ++f.value_tokens;
      if (f.value_key >= 0 && f.value_tokens == 1 && is_literal(t)) {
        keys[static_cast<std::size_t>(f.value_key)].value = std::string(unquote(t.text));
      } else if (f.value_key >= 0 && f.value_tokens > 1) {
        keys[static_cast<std::size_t>(f.value_key)].value.clear();
        f.value_key = -1;
      }
    }
  }

  // Reads `import ...` after the keyword (static forms only; import( and
  // import.meta go through the ordinary path).
  void read_import(const Token& kw) {
    Token t = next();
    if (t.kind == Tok::punct && (t.op == op("(") || t.op == op("."))) {
      // dynamic import / import.meta: hand back to the ordinary reader
      m_chain = "import";
      m_chain_kept = true;
      m_chain_prev_flags = 0;
      m_chain_first_flags = 0;
      m_chain_at_key = false;
      m_chain_segments = 1;
      m_chain_active = true;
      m_chain_member_hit = false;
      m_chain_new = false;
      m_chain_decorator = false;
      m_chain_pos = kw.pos;
      handle(t);
      return;
    }
    if (t.kind == Tok::string) {
      add_ref(t.text, RefKind::side_effect, false, t.pos);
      return;
    }
    bool type_only = false;
    if (t.kind == Tok::ident && is(t.text, "type") && m_ts) {
      Token u = next();
      if ((u.kind == Tok::punct && (u.op == op("{") || u.op == op("*"))) ||
          (u.kind == Tok::ident && u.text != "from")) {
        type_only = true;
        t = u;
      } else if (u.kind == Tok::ident && is(u.text, "from")) {
        Token w = next();
        if (w.kind == Tok::string) {  // import type from 'x': a default import named `type`
          int r = add_ref(w.text, RefKind::static_import, false, w.pos);
          add_binding("type", r);
          return;
        }
        type_only = true;  // import type from from 'x'
        t = w;
        if (t.kind == Tok::ident && is(t.text, "from")) t = next();
        if (t.kind == Tok::string) add_ref(t.text, RefKind::static_import, true, t.pos);
        else push_back(t);
        return;
      } else {
        push_back(u);  // `import type, { a } from` — a default import named type
      }
    }
    // The clause: default, * as ns, { a, b as c, type d }
    std::vector<std::string_view> names;
    bool all_inline_type = true;
    int items = 0;
    for (int guard = 0; guard < 100000 && !m_out.error; ++guard) {
      if (t.kind == Tok::eof) return;
      if (t.kind == Tok::ident) {
        // default binding, or `X = require(...)`
        Token u = next();
        if (u.kind == Tok::punct && u.op == op("=")) {
          read_import_equals(t, type_only);
          return;
        }
        if (t.text != "from") {
          names.push_back(t.text);
          all_inline_type = false;
          ++items;
        } else if (u.kind == Tok::string) {
          finish_import(u, names, type_only, items > 0 && all_inline_type);
          return;
        }
        t = u;
        continue;
      }
      if (t.kind == Tok::punct && t.op == op(",")) {
        t = next();
        continue;
      }
      if (t.kind == Tok::punct && t.op == op("*")) {
        Token as = next();
        Token ns = next();
        if (is(as.text, "as") && ns.kind == Tok::ident) names.push_back(ns.text);
        all_inline_type = false;
        ++items;
        t = next();
        continue;
      }
      if (t.kind == Tok::punct && t.op == op("{")) {
        items += read_specifiers(names, all_inline_type, /*exporting=*/false);
        t = next();
        continue;
      }
      if (t.kind == Tok::string) {  // after `from`
        finish_import(t, names, type_only, items > 0 && all_inline_type);
        return;
      }
      push_back(t);  // not an import declaration we understand
      return;
    }
  }

  void finish_import(const Token& spec, const std::vector<std::string_view>& names, bool type_only,
                     bool all_inline_type) {
    bool t_only = type_only || all_inline_type;
    int r = add_ref(spec.text, RefKind::static_import, t_only, spec.pos);
    // `import { type A } from 'x'`: elided by default, but verbatimModuleSyntax
    // keeps it as `import {} from 'x'`, which loads the module.
    if (!type_only && all_inline_type) m_out.refs[static_cast<std::size_t>(r)].elided = true;
    if (!t_only) {
      for (auto n : names) add_binding(n, r);
      if (names.empty()) m_ref_value_used[static_cast<std::size_t>(r)] = true;  // import {} from 'x'
    }
  }

  // `{ a, b as c, type d, "x" as e }` after '{' of an import or export.
  int read_specifiers(std::vector<std::string_view>& names, bool& all_type, bool exporting) {
    int items = 0;
    bool item_type = false;
    std::string_view last;
    bool have = false;
    for (int guard = 0; guard < 100000 && !m_out.error; ++guard) {
      Token t = next();
      if (t.kind == Tok::eof) return items;
      if (t.kind == Tok::punct && (t.op == op(",") || t.op == op("}"))) {
        if (have) {
          ++items;
          if (!item_type) {
            all_type = false;
            names.push_back(last);
          }
        }
        have = false;
        item_type = false;
        if (t.op == op("}")) return items;
        continue;
      }
      if (t.kind == Tok::ident && is(t.text, "type") && !have && m_ts) {
        // `type` as a modifier, unless it is the name itself: `{ type }` / `{ type as x }`
        Token u = next();
        if (u.kind == Tok::ident && u.text != "as") {
          item_type = true;
          last = u.text;
          have = true;
          continue;
        }
        if (u.kind == Tok::ident && is(u.text, "as")) {
          Token w = next();
          if (w.kind == Tok::ident && is(w.text, "as")) {  // `type as as x`
            item_type = true;
            Token x = next();
            last = x.text;
          } else {
            last = exporting ? std::string_view("type") : w.text;
          }
          have = true;
          continue;
        }
        last = "type";
        have = true;
        push_back(u);
        continue;
      }
      if (t.kind == Tok::ident && is(t.text, "as")) {
        Token u = next();
        if (!exporting) last = u.text;  // the local name
        continue;
      }
      if (t.kind == Tok::ident || t.kind == Tok::string) {
        last = t.text;
        have = true;
      }
    }
    return items;
  }

  void read_import_equals(const Token& name, bool type_only) {
    Token t = next();
    if (t.kind == Tok::ident && is(t.text, "require")) {
      Token open = next();
      Token spec = next();
      Token close = next();
      if (open.op == op("(") && spec.kind == Tok::string && close.op == op(")")) {
        int r = add_ref(spec.text, RefKind::require, type_only, spec.pos);
        if (!type_only) add_binding(name.text, r);
        return;
      }
      push_back(close);
      return;
    }
    push_back(t);
  }

  void read_export() {
    Token t = next();
    bool type_only = false;
    if (t.kind == Tok::ident && is(t.text, "type") && m_ts) {
      Token u = next();
      if (u.kind == Tok::punct && (u.op == op("{") || u.op == op("*"))) {
        type_only = true;
        t = u;
      } else {
        // export type X = ...
        m_type_alias = true;
        m_type_alias_depth = static_cast<int>(m_frames.size());
        push_back(u);
        return;
      }
    }
    if (t.kind == Tok::punct && t.op == op("*")) {
      Token u = next();
      if (u.kind == Tok::ident && is(u.text, "as")) {
        next();  // the namespace name
        u = next();
      }
      if (u.kind == Tok::ident && is(u.text, "from")) {
        Token s = next();
        if (s.kind == Tok::string) {
          add_ref(s.text, RefKind::reexport, type_only, s.pos);
          return;
        }
        push_back(s);
        return;
      }
      push_back(u);
      return;
    }
    if (t.kind == Tok::punct && t.op == op("{")) {
      std::vector<std::string_view> names;
      bool all_type = true;
      int items = read_specifiers(names, all_type, true);
      Token u = next();
      if (u.kind == Tok::ident && is(u.text, "from")) {
        Token s = next();
        if (s.kind == Tok::string) {
          add_ref(s.text, RefKind::reexport, type_only || (items > 0 && all_type), s.pos);
          return;
        }
        push_back(s);
        return;
      }
      // export { a, b }: local names used as values
      if (!type_only) {
        for (auto n : names) use_binding(n, false);
      }
      push_back(u);
      return;
    }
    push_back(t);
  }

  void push_back(const Token& t) {
    if (t.kind == Tok::eof) return;
    m_back = t;
    m_pushed_back = true;
  }

  void handle(const Token& t) {
    FrameRec* f = frame();
    bool is_punct = t.kind == Tok::punct;
    std::string_view s = t.text;
    if (m_ts && t.kind != Tok::punct) {
      // `declare module "x"`: remember the `module` that follows a
      // `declare`; the string right after it names the module.
      if (t.kind == Tok::ident) {
        if (s.size() == 6 && is(s, "module") && m_prev2_valid && m_prev2.kind == Tok::ident &&
            is(m_prev2.text, "declare")) {
          m_declare_module = s.data();
        }
      } else if (t.kind == Tok::string && m_declare_module != nullptr && m_prev2_valid &&
                 m_prev2.text.data() == m_declare_module) {
        m_out.ambient_modules.emplace_back(unquote(s));
        m_declare_module = nullptr;
      }
    }

    // --- newline-terminated statements end concise arrow bodies and type runs
    if (t.nl_before && m_prev2_valid) {
      bool prev_ends = m_prev2.kind == Tok::ident || m_prev2.kind == Tok::number || m_prev2.kind == Tok::string ||
                       m_prev2.kind == Tok::template_full || m_prev2.kind == Tok::template_part ||
                       m_prev2.kind == Tok::jsx_end || m_prev2.kind == Tok::regex ||
                       (m_prev2.kind == Tok::punct && (m_prev2.op == op(")") || m_prev2.op == op("]") || m_prev2.op == op("}")));
      // `type A = X<number>` ends at the line's end too (no semicolon).
      prev_ends = prev_ends || (m_ts && (m_type_alias || m_type_run) && m_prev2.kind == Tok::punct &&
                                (m_prev2.op == op(">") || m_prev2.op == op(">>") || m_prev2.op == op(">>>")));
      bool starts = t.kind == Tok::ident || t.kind == Tok::private_name || (is_punct && (t.op == op("@") || t.op == op("}")));
      if (prev_ends && starts && (m_angle == 0)) {
        m_type_run = false;
        if (m_type_alias && static_cast<int>(m_frames.size()) == m_type_alias_depth) m_type_alias = false;
        if (f && f->concise && (f->kind == Frame::block || f->kind == Frame::fn || f->kind == Frame::klass)) {
          m_concise_total -= f->concise;
          f->concise = 0;
        }
        if (m_frames.empty() && m_root_concise) {
          m_concise_total -= m_root_concise;
          m_root_concise = 0;
        }
      }
    }

    // --- call argument bookkeeping (the frame the token sits in)
    FrameRec* argf = nullptr;
    bool opening = is_punct && (t.op == op("(") || t.op == op("[") || t.op == op("{")) ;
    if (opening) {
      // the new frame is on top; its parent holds the argument
      if (m_frames.size() >= 2) argf = &m_frames[m_frames.size() - 2];
    } else if (is_punct && (t.op == op(")") || t.op == op("]") || t.op == op("}"))) {
      argf = nullptr;  // handled below with m_popped
    } else {
      argf = f;
    }
    if (argf && argf->kind == Frame::paren && !(is_punct && t.op == op(","))) {
      if (argf->arg_tokens == 0) {
        argf->arg_begin = static_cast<std::uint32_t>(t.text.data() ? t.text.data() - m_text.data() : 0);
        argf->arg_async = t.kind == Tok::ident && is(s, "async");
        if (argf->call >= 0 && argf->arg_index == 0 && !opening) {
          auto ci = static_cast<std::size_t>(argf->call);
          if (m_call_arg0_pos.size() <= ci) m_call_arg0_pos.resize(ci + 1);
          m_call_arg0_pos[ci] = t.pos;
        }
      }
      ++argf->arg_tokens;
      argf->any_token = true;
      argf->arg_literal = is_literal(t);
      argf->arg_text = t.text;
      if (t.text.data()) argf->arg_end = static_cast<std::uint32_t>(t.text.data() + t.text.size() - m_text.data());
    }
    if (argf && (argf->kind == Frame::object) && !opening) object_token(*argf, t);
    if (opening && argf && argf->kind == Frame::object) object_token(*argf, t);

    // --- pending arity: the token after a closed parameter list
    if (m_arity_pending) {
      // `(a, b) =>`, `function (a, b) {`, or either with a return type first
      // (`(a: A): R =>`): the arity counts once the body starts.
      bool at_depth = static_cast<int>(m_frames.size()) - (opening ? 1 : 0) == m_arity_depth;
      bool body = is_punct && at_depth && (t.op == op("=>") || t.op == op("{"));
      if (body) {
        m_arity_pending = false;
        if (m_arity_call >= 0 && facts()) {
          auto& c = m_calls[static_cast<std::size_t>(m_arity_call)];
          if (c.fn_arity.size() < 8) c.fn_arity.emplace_back(m_arity_arg, m_arity_count);
        }
      } else if (m_ts && is_punct && t.op == op(":") && at_depth && !m_arity_typed) {
        m_arity_typed = true;
      } else if (!m_arity_typed || (at_depth && is_punct && (t.op == op(",") || t.op == op(";") || t.op == op(")")))) {
        m_arity_pending = false;
      }
    }

    // --- member chains
    if (t.kind == Tok::ident || t.kind == Tok::private_name) {
      bool continues = m_chain_active && m_prev2_valid && m_prev2.kind == Tok::punct &&
                       (m_prev2.op == op(".") || m_prev2.op == op("?."));
      if (continues) {
        if (m_chain_segments < 8) {
          if (m_chain_kept) {
            m_chain += '.';
            m_chain += s;
            if (facts() && member_of_interest(s)) m_chain_member_hit = true;
          }
          ++m_chain_segments;
        }
      } else {
        end_chain();
        bool after_dot = m_prev2_valid && m_prev2.kind == Tok::punct && (m_prev2.op == op(".") || m_prev2.op == op("?."));
        if (after_dot && facts() && t.kind == Tok::ident && m_prev3_valid && m_prev3.kind == Tok::punct &&
            m_prev3.op == op(")")) {
          // A method of a call's result: `app.withTypeProvider().get('/x')`,
          // `Router().post(...)`. The callee reads "().get".
          m_chain_prev_flags = 0;
          m_chain_first_flags = 0;
          m_chain_at_key = false;
          m_chain_new = false;
          m_chain_decorator = false;
          m_chain_kept = true;
          m_chain.assign("().");
          m_chain += s;
          m_chain_segments = 2;
          m_chain_active = true;
          m_chain_member_hit = false;
          m_chain_pos = t.pos;
        }
        if (!after_dot && t.kind == Tok::ident) {
          if (is(s, "import")) {
            remember(t);
            read_import(t);
            return;
          }
          if (is(s, "export") && f_is_statement_level()) {
            remember(t);
            read_export();
            return;
          }
          if (m_ts && is(s, "type") && type_alias_starts()) {
            m_type_alias = true;
            m_type_alias_depth = static_cast<int>(m_frames.size());
          } else if (m_ts && is(s, "interface") && ident_follows()) {
            m_interface_pending = true;
          }
          if (is(s, "class") && !next_nonspace_is(':') && !next_nonspace_is('=') && !next_nonspace_is(',')) {
            m_class_pending = true;
          }
          if (is(s, "function")) m_fn_keyword = true;
          if (is(s, "case") && f) f->case_pending = true;
          m_chain_prev_flags = m_prev2_valid && m_prev2.kind == Tok::ident ? m_prev2.flags : 0;
          if (m_prev2_valid && m_prev2.kind == Tok::punct && m_prev2.op == op("*") && m_prev3_valid &&
              m_prev3.function_keyword) {
            m_chain_prev_flags = w_def_prefix;  // function* name(
          }
          m_chain_first_flags = t.flags;
          m_chain_at_key = member_name_position(f);
          // binding use
          bool type_use = in_type() || type_position_before();
          use_binding(s, type_use);
          m_chain_new = m_prev2_valid && m_prev2.kind == Tok::ident && is(m_prev2.text, "new");
          m_chain_decorator = m_prev2_valid && m_prev2.kind == Tok::punct && m_prev2.op == op("@");
          // Without facts only the chains that make references are spelled out.
          m_chain_kept = facts() || is(s, "require") || is(s, "module") || is(s, "import") || is(s, "URL") ||
                         is(s, "Worker") || is(s, "SharedWorker");
          if (m_chain_kept) m_chain.assign(s);
          else m_chain.clear();
          m_chain_segments = 1;
          m_chain_active = true;
          m_chain_member_hit = false;
          m_chain_pos = t.pos;
        }
      }
      if (m_ts && (t.flags & w_type_op) && !continues &&
          !(m_prev2_valid && m_prev2.kind == Tok::punct && (m_prev2.op == op(".") || m_prev2.op == op("?.")))) {
        m_type_run = true;
      }
      if (m_ts && is(s, "extends") && !m_class_pending) m_type_run = true;
    } else if (!(is_punct && (t.op == op(".") || t.op == op("?.") || t.op == op("(")))) {
      end_chain();
    }

    if (is_punct) handle_punct(t, f);
    remember(t);
  }

  // Is the current position one where `export` starts a declaration?
  bool f_is_statement_level() const {
    Frame k = top();
    return m_frames.empty() || k == Frame::block || k == Frame::fn || k == Frame::type;
  }

  // Does an identifier here name an object/class member (a method
  // definition when `(` follows) rather than start an expression?
  bool member_name_position(const FrameRec* f) const {
    if (!f || !m_prev2_valid) return false;
    const Token& p = m_prev2;
    bool star = p.kind == Tok::punct && p.op == op("*");
    if (f->kind == Frame::object) {
      if (star) return m_prev3_valid && m_prev3.kind == Tok::punct && (m_prev3.op == op("{") || m_prev3.op == op(","));
      return p.kind == Tok::punct && (p.op == op("{") || p.op == op(","));
    }
    if (f->kind == Frame::klass) {
      // Not after `=` (a field initializer), `new`, `return`, an operator.
      if (p.kind == Tok::ident) return (p.flags & w_regex_after) == 0;
      if (p.kind == Tok::punct) {
        return p.op == op("{") || p.op == op(";") || p.op == op("}") || star || p.op == op(")") || p.op == op("]");
      }
      return true;  // after a literal that ended a field without `;`
    }
    return false;
  }

  // At ':' after an identifier: is it a statement label?
  bool is_label() const {
    if (!m_prev2_valid || m_prev2.kind != Tok::ident) return false;
    bool statement_start = !m_prev3_valid || m_prev2.nl_before ||
                           (m_prev3.kind == Tok::punct && (m_prev3.op == op(";") || m_prev3.op == op("{") ||
                                                           m_prev3.op == op("}")));
    if (!statement_start) return false;
    std::size_t q = m_p;
    while (q < m_text.size() && (m_text[q] == ' ' || m_text[q] == '\t' || m_text[q] == '\n' || m_text[q] == '\r')) ++q;
    auto rest = m_text.substr(q, 8);
    for (std::string_view kw : {"for", "while", "do", "switch"}) {
      if (rest.starts_with(kw) && (rest.size() == kw.size() || !is_ident_char(static_cast<unsigned char>(rest[kw.size()])))) {
        return true;
      }
    }
    return false;
  }

  bool ident_follows() const {
    std::size_t q = m_p;
    while (q < m_text.size() && (m_text[q] == ' ' || m_text[q] == '\t')) ++q;
    return q < m_text.size() && is_ident_start(static_cast<unsigned char>(m_text[q]));
  }

  bool type_alias_starts() {
    // type Name = / type Name<
    if (m_prev2_valid && m_prev2.kind == Tok::punct && (m_prev2.op == op(".") || m_prev2.op == op("?."))) return false;
    std::size_t q = m_p;
    while (q < m_text.size() && (m_text[q] == ' ' || m_text[q] == '\t')) ++q;
    if (q >= m_text.size() || !is_ident_start(static_cast<unsigned char>(m_text[q]))) return false;
    while (q < m_text.size() && is_ident_char(static_cast<unsigned char>(m_text[q]))) ++q;
    while (q < m_text.size() && (m_text[q] == ' ' || m_text[q] == '\t')) ++q;
    return q < m_text.size() && (m_text[q] == '=' || m_text[q] == '<');
  }

  bool type_position_before() const {
    if (!m_ts || !m_prev2_valid) return false;
    if (m_prev2.kind == Tok::punct && m_prev2.op == op(":") && !m_last_colon_value) return true;
    return false;
  }

  void remember(const Token& t) {
    m_prev3 = PrevToken{m_prev2.kind, m_prev2.op, m_prev2.kind == Tok::ident && (m_prev2.flags & w_function) != 0};
    m_prev3_valid = m_prev2_valid;
    m_prev2 = t;
    m_prev2_valid = true;
  }

  void handle_punct(const Token& t, FrameRec* f) {
    if (t.op == op("(")) {
      // The frame is on top already.
      auto& nf = m_frames.back();
      nf.type_paren = m_ts && (m_type_run || m_type_alias || m_angle > 0 ||
                               (m_frames.size() >= 2 && (m_frames[m_frames.size() - 2].kind == Frame::type ||
                                                         m_frames[m_frames.size() - 2].type_paren)));
      nf.fn_params = m_fn_keyword;
      m_fn_keyword = false;
      FrameRec* parent = m_frames.size() >= 2 ? &m_frames[m_frames.size() - 2] : nullptr;
      nf.arg_start = parent && parent->kind == Frame::paren && parent->call >= 0 &&
                     (parent->arg_tokens == 1 || (parent->arg_tokens == 2 && parent->arg_async));
      bool definition = !m_chain_decorator && (m_chain_at_key || (m_chain_prev_flags & w_def_prefix) ||
                                               (m_chain_segments == 1 && (m_chain_first_flags & w_not_callee)));
      if (m_chain_active && m_chain_member_hit && m_chain_segments >= 3 && facts()) {
        // process.env.X.split(): the read before the call
        auto cut = m_chain.rfind('.');
        m_out.members.push_back(MemberRead{m_chain.substr(0, cut), m_chain_pos, top_level()});
      }
      bool type_import = m_chain_kept && is(m_chain, "import");  // `typeof import('m')` in a type
      if (m_chain_active && !nf.control && (!nf.type_paren || type_import) && !definition) {
        open_call(nf);
        if (nf.call >= 0 && m_call_arg0_pos.size() <= static_cast<std::size_t>(nf.call)) {
          m_call_arg0_pos.resize(static_cast<std::size_t>(nf.call) + 1);
        }
      }
      m_chain_active = false;
      m_type_run = false;
      return;
    }
    if (t.op == op("[")) {
      // Whether the bracket opens in a type (`string[]`, a tuple) or in an
      // expression (`[s as const]`): the type run inside it ends at ']'.
      m_frames.back().type_run_at_open = m_type_run;
      return;
    }
    if (t.op == op("]")) {
      // `f(): [A, B] {`: no type goes on from ']' into a '{'; that is a body.
      m_type_run = m_popped.type_run_at_open && !next_nonspace_is('{');
      return;
    }
    if (t.op == op(")")) {
      FrameRec& pf = m_popped;
      if (pf.arg_tokens > 0 || pf.arg_index > 0) {
        ++pf.params;
      }
      if (pf.call >= 0) {
        finish_arg(pf, false);
        close_call(pf);
      }
      // A parameter list just closed? (arrow params or function params)
      int count = pf.arg_index + (pf.arg_tokens > 0 ? 1 : 0);
      FrameRec* parent = frame();
      if (parent && parent->kind == Frame::paren && parent->call >= 0 && (pf.arg_start || pf.fn_params)) {
        m_arity_pending = true;
        m_arity_typed = false;
        m_arity_depth = static_cast<int>(m_frames.size());
        m_arity_call = parent->call;
        m_arity_arg = parent->arg_index;
        m_arity_count = count;
      }
      if (!pf.control) {
        // `function f(...)` / method `(...)` possibly followed by a return
        // type and then the body.
        m_fn_sig_pending = m_ts;
      }
      m_type_run = pf.type_paren;
      m_chain_active = false;
      return;
    }
    if (t.op == op(",")) {
      if (f && f->kind == Frame::paren) {
        finish_arg(*f, true);
        ++f->arg_index;
        f->arg_tokens = 0;
        f->arg_literal = false;
      }
      if (f && f->kind == Frame::object && f->obj_call >= 0) {
        f->key_state = 1;
      }
      if (f) {
        m_concise_total -= f->concise;
        f->concise = 0;
        f->ternary = 0;
      } else {
        m_concise_total -= m_root_concise;
        m_root_concise = 0;
      }
      if (m_angle == 0) m_type_run = false;
      return;
    }
    if (t.op == op(";")) {
      if (f) {
        m_concise_total -= f->concise;
        f->concise = 0;
        f->ternary = 0;
      } else {
        m_concise_total -= m_root_concise;
        m_root_concise = 0;
      }
      m_type_run = false;
      m_angle = 0;
      if (m_type_alias && static_cast<int>(m_frames.size()) <= m_type_alias_depth) m_type_alias = false;
      m_class_pending = false;
      m_fn_sig_pending = false;
      return;
    }
    if (t.op == op("{")) {
      auto& nf = m_frames.back();
      FrameRec* parent = m_frames.size() >= 2 ? &m_frames[m_frames.size() - 2] : nullptr;
      if (nf.kind == Frame::object && facts()) {
        if (parent && parent->kind == Frame::paren && parent->call >= 0 && parent->arg_tokens == 1) {
          nf.obj_call = parent->call;
          nf.key_state = 1;
        } else if (parent && parent->kind == Frame::object && parent->obj_call >= 0 && parent->key_state == 3 &&
                   parent->value_tokens == 1) {
          nf.obj_call = parent->obj_call;
          nf.key_prefix = parent->pending_child_prefix;
          nf.key_state = 1;
        }
      }
      if (nf.kind != Frame::type) {
        m_type_run = false;
        if (nf.kind != Frame::object) m_angle = 0;
        m_fn_sig_pending = false;  // a type body (`): { a: T } {`) keeps it for the body
      }
      return;
    }
    if (t.op == op("}")) {
      if (m_type_alias && static_cast<int>(m_frames.size()) < m_type_alias_depth) m_type_alias = false;
      if (m_popped.kind == Frame::type && m_ts) {
        // `x: { a: string } = ...`: the annotation goes on after the type body
        m_type_run = type_context_around();
      }
      if (f && f->kind == Frame::object && f->obj_call >= 0 && f->key_state == 3) {
        // the nested object was the value
      }
      return;
    }
    if (t.op == op("=>")) {
      bool braced = m_p < m_text.size() && next_nonspace_is('{');
      if (!braced) {
        if (f) ++f->concise;
        else ++m_root_concise;
        ++m_concise_total;
      }
      // single-parameter arrow as a call argument: `x => ...`
      if (f && f->kind == Frame::paren && f->call >= 0 && facts() &&
          m_prev2_valid && m_prev2.kind == Tok::ident && (f->arg_tokens == 2 || (f->arg_tokens == 3 && f->arg_async))) {
        auto& c = m_calls[static_cast<std::size_t>(f->call)];
        if (c.fn_arity.size() < 8) c.fn_arity.emplace_back(f->arg_index, 1);
      }
      m_type_run = false;
      return;
    }
    if (t.op == op("?")) {
      if (m_ts && m_p < m_text.size() && (m_text[m_p] == ':' || m_text[m_p] == ')' || m_text[m_p] == ',' ||
                                          m_text[m_p] == '=')) {
        return;  // `a?: T`, `(a?)`: an optional marker
      }
      if (f) ++f->ternary;
      else ++m_root_ternary;
      return;
    }
    if (t.op == op(":")) {
      bool value = false;
      if (f && f->ternary > 0) {
        --f->ternary;
        value = true;
      } else if (!f && m_root_ternary > 0) {
        --m_root_ternary;
        value = true;
      } else if (f && (f->kind == Frame::object || f->kind == Frame::jsx_expr || f->kind == Frame::tmpl)) {
        value = true;
      } else if (m_prev2_valid && m_prev2.kind == Tok::ident && (is(m_prev2.text, "default"))) {
        value = true;
      } else if (!m_ts) {
        value = true;
      } else if (is_label()) {
        value = true;  // `outer: for (...)`
      } else if (f && (f->kind == Frame::block || f->kind == Frame::fn) && f->case_pending) {
        value = true;
        f->case_pending = false;
      }
      m_last_colon_value = value;
      if (!value && m_ts) m_type_run = true;
      return;
    }
    if (t.op == op("<")) {
      if (m_ts && !t.space_before && m_prev2_valid && (m_prev2.kind == Tok::ident || m_prev2.op == op(">"))) {
        ++m_angle;
      } else if (m_ts && (m_type_run || m_type_alias || in_type())) {
        ++m_angle;
      } else if (m_ts && regex_ok_for(m_prev2)) {
        ++m_angle;  // <T>expr assertion or <T>(x) => generic arrow
      }
      return;
    }
    if (t.op == op(">")) {
      // The end of type arguments/parameters ends a type that began inside
      // them (`<T extends U>(x: T)`: the parameters are not a type).
      if (m_angle > 0 && --m_angle == 0) m_type_run = false;
      return;
    }
    if (t.op == op("=")) {
      if (m_angle == 0) m_type_run = false;
      return;
    }
  }

  static bool regex_ok_for(const Token& t) { return t.regex_ok_after; }

  bool type_context_around() const {
    for (auto it = m_frames.rbegin(); it != m_frames.rend(); ++it) {
      if (it->kind == Frame::type || it->type_paren) return true;
      if (it->kind != Frame::paren && it->kind != Frame::bracket) break;
    }
    return m_type_alias;
  }

  bool next_nonspace_is(char c) const {
    std::size_t q = m_p;
    while (q < m_text.size() && (m_text[q] == ' ' || m_text[q] == '\t' || m_text[q] == '\n' || m_text[q] == '\r')) ++q;
    return q < m_text.size() && m_text[q] == c;
  }

  void finish() {
    // TypeScript elides an import whose bindings are only used as types.
    if (m_ts) {
      for (std::size_t i = 0; i < m_out.refs.size(); ++i) {
        auto& r = m_out.refs[i];
        if (r.kind == RefKind::static_import && !r.type_only && m_ref_has_binding[i] && !m_ref_value_used[i] &&
            !markup_uses(static_cast<int>(i))) {
          r.type_only = r.elided = true;
        }
        if (r.kind == RefKind::require && !r.type_only && m_ref_has_binding[i] && !m_ref_value_used[i]) {
          r.type_only = r.elided = true;  // import x = require('m') used as a type only
        }
      }
    }
    if (facts()) {
      for (auto& c : m_calls) {
        if (!c.callee.empty() && c.callee.front() == '@') {
          DecoratorFact d;
          d.name = c.callee.substr(1);
          if ((c.literal_mask & 1u) && !c.args.empty()) d.arg = c.args[0];
          d.pos = c.pos;
          m_out.decorators.push_back(std::move(d));
        } else {
          m_out.calls.push_back(std::move(c));
        }
      }
    }
    // Decorators without a call: `@Injectable` (no parentheses) are rare and
    // carry no arguments; they are not recorded.
    std::stable_sort(m_out.refs.begin(), m_out.refs.end(), [](const ModuleRef& a, const ModuleRef& b) {
      return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
    });
  }

  std::string_view m_text;
  std::size_t m_p;
  Dialect m_dialect;
  const ScanOptions& m_opts;
  bool m_ts = false;
  bool m_jsx = false;
  int m_line = 1;
  std::size_t m_line_start = 0;
  bool m_seen_token = false;

  std::vector<FrameRec> m_frames;
  FrameRec m_popped;
  int m_fn_depth = 0;
  int m_concise_total = 0;
  int m_root_concise = 0;
  int m_root_ternary = 0;

  // The tokenizer's previous token (regex and brace decisions): only what
  // those ask of it, not a whole token copied per token.
  struct PrevLexed {
    Tok kind = Tok::eof;
    bool regex_ok_after = true;
    std::uint16_t flags = 0;
    std::uint32_t op = 0;
  } m_prev;
  bool m_prev_valid = false;
  Token m_prev2;  // the reader's previous token
  bool m_prev2_valid = false;
  const char* m_declare_module = nullptr;  // the text of a `module` right after `declare`
  // The one before m_prev2: only what the reader asks of it.
  struct PrevToken {
    Tok kind = Tok::eof;
    std::uint32_t op = 0;
    bool function_keyword = false;
  } m_prev3;
  bool m_prev3_valid = false;
  Token m_back;
  bool m_pushed_back = false;

  // reader state
  std::string m_chain;
  int m_chain_segments = 0;
  bool m_chain_active = false;
  bool m_chain_kept = false;  // m_chain holds the chain's text
  bool m_chain_member_hit = false;
  bool m_chain_new = false;
  bool m_chain_decorator = false;
  Pos m_chain_pos;
  bool m_class_pending = false;
  std::uint16_t m_chain_prev_flags = 0;   // of the word before the chain (function, async, get, ...)
  std::uint16_t m_chain_first_flags = 0;  // of the chain's first word
  bool m_chain_at_key = false;    // the chain starts where an object/class member is named
  bool m_interface_pending = false;
  bool m_fn_keyword = false;
  bool m_fn_sig_pending = false;
  bool m_type_run = false;
  bool m_type_alias = false;
  int m_type_alias_depth = 0;
  int m_angle = 0;
  bool m_last_colon_value = false;

  bool m_arity_pending = false;
  bool m_arity_typed = false;  // a return type sits between the parameters and the body
  int m_arity_depth = 0;
  int m_arity_call = -1;
  int m_arity_arg = 0;
  int m_arity_count = 0;

  std::vector<CallFact> m_calls;
  std::vector<std::string> m_prefixes;  // key paths of nested call-argument objects
  std::vector<Pos> m_call_arg0_pos;
  std::vector<bool> m_call_type;  // the call sits in a type: `typeof import('m')`
  std::vector<Binding> m_bindings;
  std::uint64_t m_binding_mask = 0;
  std::vector<bool> m_ref_value_used;
  std::vector<bool> m_ref_has_binding;

  FileScan m_out;
};

}  // namespace

namespace {

// Whether the file opens with the "use client" directive (React Server
// Components: the module runs in the browser), after a hashbang, blank
// space and comments.
bool opens_with_use_client(std::string_view t) {
  std::size_t p = 0;
  if (t.starts_with("#!")) p = t.find('\n') == std::string_view::npos ? t.size() : t.find('\n');
  while (p < t.size()) {
    char c = t[p];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';') {
      ++p;
    } else if (t.compare(p, 2, "//") == 0) {
      auto nl = t.find('\n', p);
      p = nl == std::string_view::npos ? t.size() : nl;
    } else if (t.compare(p, 2, "/*") == 0) {
      auto end = t.find("*/", p + 2);
      p = end == std::string_view::npos ? t.size() : end + 2;
    } else {
      break;
    }
  }
  return t.compare(p, 12, "'use client'") == 0 || t.compare(p, 12, "\"use client\"") == 0;
}

}  // namespace

FileScan scan_source(std::string_view text, Dialect dialect, const ScanOptions& options) {
  Scanner s(text, dialect, options);
  auto out = s.run();
  out.use_client = opens_with_use_client(text);
  return out;
}

}  // namespace archgate::analyzers::source
