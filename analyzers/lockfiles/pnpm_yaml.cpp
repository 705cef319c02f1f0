// The pnpm YAML subset scanner, its libfyaml fallback and the 13.0 JSON
// reader. See pnpm_yaml.hpp for why there are three.
#include "analyzers/lockfiles/pnpm_yaml.hpp"

#include "core/yaml.hpp"

#include <libfyaml.h>

#include <cstring>
#include <functional>
#include <memory>

#include "core/json_util.hpp"

namespace archgate::analyzers::pnpm {

std::uint32_t YTree::find(std::uint32_t map, std::string_view key) const {
  if (map == k_none || nodes[map].kind != YKind::map) {
    return k_none;
  }
  std::uint32_t found = k_none;
  for (auto c = nodes[map].first_child; c != k_none; c = nodes[c].next) {
    if (nodes[c].key == key) {
      found = c;
    }
  }
  return found;
}

bool YTree::is_null(std::uint32_t id) const {
  if (id == k_none) {
    return true;
  }
  const auto& n = nodes[id];
  if (n.kind != YKind::scalar || n.quoted) {
    return false;
  }
  return n.value.empty() || n.value == "~" || n.value == "null" || n.value == "Null" ||
         n.value == "NULL";
}

namespace {

// ---------------------------------------------------------------------------
// Tree building shared by the three producers.
class Builder {
 public:
  explicit Builder(YTree& t) : m_t(t) {}

  std::uint32_t add(std::uint32_t parent, YKind kind, std::string_view key, std::size_t offset) {
    auto id = static_cast<std::uint32_t>(m_t.nodes.size());
    YNode n;
    n.kind = kind;
    n.key = key;
    n.offset = static_cast<std::uint32_t>(offset);
    m_t.nodes.push_back(n);
    if (parent != k_none) {
      auto& p = m_t.nodes[parent];
      if (p.last_child == k_none) {
        p.first_child = id;
      } else {
        m_t.nodes[p.last_child].next = id;
      }
      p.last_child = id;
    }
    return id;
  }

 private:
  YTree& m_t;
};

// ---------------------------------------------------------------------------
// The block YAML scanner.

bool is_space(char c) { return c == ' ' || c == '\t'; }

// Characters that may end or break a plain scalar inside a flow collection
// (the scanning loops skip everything else a table lookup at a time).
struct StopTable {
  bool flow[256] = {};
  bool block[256] = {};
  constexpr StopTable() {
    for (unsigned char c : {',', '{', '}', '[', ']', ':', '#', '\r'}) {
      flow[c] = true;
    }
    for (unsigned char c : {':', '#', '\r'}) {
      block[c] = true;
    }
  }
};
constexpr StopTable k_stops;
inline bool has_cr(const char* a, const char* b) {
  return a < b && std::memchr(a, '\r', static_cast<std::size_t>(b - a)) != nullptr;
}
inline bool flow_stop(char c) { return k_stops.flow[static_cast<unsigned char>(c)]; }
inline bool block_stop(char c) { return k_stops.block[static_cast<unsigned char>(c)]; }

class Scanner {
 public:
  Scanner(std::string_view text, std::size_t begin, std::size_t size, core::StringArena& arena)
      : m_text(text), m_begin(begin), m_end(begin + size), m_arena(arena), m_b(m_tree) {}

  ScanResult run() {
    ScanResult r;
    m_tree.nodes.reserve((m_end - m_begin) / 16 + 16);
    m_tree.root = m_b.add(k_none, YKind::map, {}, m_begin);
    struct Frame {
      int indent;
      std::uint32_t node;
    };
    std::vector<Frame> stack;
    stack.push_back({0, m_tree.root});
    std::uint32_t open = k_none;  // a key whose value is on the following lines
    int open_indent = -1;
    const char* base = m_text.data();
    const char* p = base + m_begin;
    const char* end = base + m_end;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* eol = nl ? nl : end;
      const char* next = nl ? nl + 1 : end;
      const char* le = eol;
      if (le > p && le[-1] == '\r') {
        --le;
      }
      const char* q = p;
      while (q < le && *q == ' ') {
        ++q;
      }
      if (q == le) {
        p = next;
        continue;
      }
      if (*q == '\t') {
        return unsupported(q, "tab in indentation");
      }
      // A tab elsewhere in a line (`z:\t:`, found by fuzzing: YAML takes the
      // tab after ':' as a separator, this scanner did not) is left to
      // libfyaml; pnpm writes none.
      if (std::memchr(q, '\t', static_cast<std::size_t>(le - q)) != nullptr) {
        return unsupported(q, "tab in a line");
      }
      if (*q == '#') {
        if (has_cr(q, le)) {
          return unsupported(q, "bare carriage return (a line break in YAML)");
        }
        p = next;
        continue;
      }
      int indent = static_cast<int>(q - p);
      if (indent == 0 && le - q >= 3 &&
          ((q[0] == '-' && q[1] == '-' && q[2] == '-') || (q[0] == '.' && q[1] == '.' && q[2] == '.')) &&
          (le - q == 3 || is_space(q[3]))) {
        return unsupported(q, "document marker");
      }
      bool dash = *q == '-' && (q + 1 == le || q[1] == ' ');
      if (open != k_none) {
        if (indent > open_indent) {
          m_tree.nodes[open].kind = dash ? YKind::seq : YKind::map;
          stack.push_back({indent, open});
        } else if (indent == open_indent && dash) {
          return unsupported(q, "sequence at the indentation of its key");
        }
        open = k_none;
      } else if (indent > stack.back().indent) {
        return unsupported(q, "unexpected indentation (continuation line)");
      }
      while (stack.back().indent > indent) {
        stack.pop_back();
      }
      if (stack.back().indent != indent) {
        return unsupported(q, "indentation does not match any open block");
      }
      std::uint32_t container = stack.back().node;
      if (m_tree.nodes[container].kind == YKind::seq) {
        if (!dash) {
          return unsupported(q, "expected a sequence entry");
        }
        const char* v = q + 1;
        while (v < le && *v == ' ') {
          ++v;
        }
        if (v == le || *v == '#') {
          return unsupported(q, "block under a sequence entry");
        }
        auto id = m_b.add(container, YKind::scalar, {}, static_cast<std::size_t>(v - base));
        const char* after = value(id, v, le, /*in_seq=*/true);
        if (!after) {
          return fail_result();
        }
      } else {
        if (dash) {
          return unsupported(q, "sequence entry in a mapping");
        }
        std::string_view key;
        const char* k = q;
        const char* after_key = parse_key(k, le, key);
        if (!after_key) {
          return fail_result();
        }
        auto id = m_b.add(container, YKind::scalar, key, static_cast<std::size_t>(k - base));
        const char* v = after_key;
        while (v < le && *v == ' ') {
          ++v;
        }
        if (v == le || *v == '#') {
          if (v < le && v == after_key) {
            return unsupported(v, "comment without a space");
          }
          if (has_cr(v, le)) {
            return unsupported(v, "bare carriage return (a line break in YAML)");
          }
          open = id;
          open_indent = indent;
        } else {
          if (!value(id, v, le, false)) {
            return fail_result();
          }
        }
      }
      p = next;
    }
    for (auto& n : m_tree.nodes) {
      n.last_child = k_none;
    }
    r.tree = std::move(m_tree);
    return r;
  }

 private:
  ScanResult unsupported(const char* at, std::string reason) {
    m_fail_at = at;
    m_reason = std::move(reason);
    return fail_result();
  }
  ScanResult fail_result() {
    ScanResult r;
    r.unsupported_offset = m_fail_at ? static_cast<std::size_t>(m_fail_at - m_text.data()) : m_begin;
    r.unsupported_reason = m_reason;
    return r;
  }
  const char* bail(const char* at, const char* reason) {
    m_fail_at = at;
    m_reason = reason;
    return nullptr;
  }

  static bool plain_start_ok(const char* s, const char* le, bool flow) {
    char c = *s;
    switch (c) {
      case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*':
      case '!': case '|': case '>': case '\'': case '"': case '%': case '@': case '`':
        return false;
      case '-': case '?': case ':':
        // Allowed when followed by a "safe" character.
        return s + 1 < le && !is_space(s[1]) &&
               !(flow && (s[1] == ',' || s[1] == '[' || s[1] == ']' || s[1] == '{' || s[1] == '}'));
      default:
        return true;
    }
  }

  // Key at `s` (plain or quoted) up to and including its ':'. Returns the
  // position after ':' or nullptr.
  const char* parse_key(const char*& s, const char* le, std::string_view& key) {
    if (*s == '\'' || *s == '"') {
      const char* e = quoted(s, le, key);
      if (!e) {
        return nullptr;
      }
      if (e >= le || *e != ':' || (e + 1 < le && e[1] != ' ')) {
        return bail(e, "expected ':' after a quoted key");
      }
      return e + 1;
    }
    if (!plain_start_ok(s, le, false)) {
      return bail(s, "key starts with an indicator");
    }
    const char* e = s;
    while (e < le) {
      if (*e == ':' && (e + 1 == le || e[1] == ' ')) {
        break;
      }
      if (*e == '\r') {
        return bail(e, "bare carriage return (a line break in YAML)");
      }
      if (*e == '#' && is_space(e[-1])) {
        return bail(e, "comment in a key");
      }
      ++e;
    }
    if (e == le) {
      return bail(s, "line without ':'");
    }
    const char* ke = e;
    while (ke > s && is_space(ke[-1])) {
      --ke;
    }
    key = std::string_view(s, static_cast<std::size_t>(ke - s));
    return e + 1;
  }

  // A quoted scalar starting at `s` (on this line). Returns the position
  // after the closing quote, or nullptr.
  const char* quoted(const char* s, const char* le, std::string_view& out) {
    if (std::memchr(s, '\r', static_cast<std::size_t>(le - s)) != nullptr) {
      return bail(s, "bare carriage return (a line break in YAML)");
    }
    char q = *s;
    const char* b = s + 1;
    if (q == '\'') {
      bool escaped = false;
      const char* e = b;
      while (true) {
        e = static_cast<const char*>(std::memchr(e, '\'', static_cast<std::size_t>(le - e)));
        if (!e) {
          return bail(s, "single-quoted scalar continues on the next line");
        }
        if (e + 1 < le && e[1] == '\'') {
          escaped = true;
          e += 2;
          continue;
        }
        break;
      }
      if (!escaped) {
        out = std::string_view(b, static_cast<std::size_t>(e - b));
      } else {
        std::string tmp;
        for (const char* c = b; c < e; ++c) {
          tmp += *c;
          if (*c == '\'') {
            ++c;
          }
        }
        out = m_arena.store(tmp);
      }
      return e + 1;
    }
    // Double-quoted: find the closing quote, decoding escapes when present.
    const char* e = b;
    bool has_escape = false;
    while (e < le && *e != '"') {
      if (*e == '\\') {
        has_escape = true;
        if (e + 1 >= le) {
          return bail(e, "escaped line break in a double-quoted scalar");
        }
        e += 2;
        continue;
      }
      ++e;
    }
    if (e >= le) {
      return bail(s, "double-quoted scalar continues on the next line");
    }
    if (!has_escape) {
      out = std::string_view(b, static_cast<std::size_t>(e - b));
      return e + 1;
    }
    std::string tmp;
    for (const char* c = b; c < e; ++c) {
      if (*c != '\\') {
        tmp += *c;
        continue;
      }
      ++c;
      switch (*c) {
        case '"': tmp += '"'; break;
        case '\\': tmp += '\\'; break;
        case '/': tmp += '/'; break;
        case 'n': tmp += '\n'; break;
        case 't': case '\t': tmp += '\t'; break;
        case 'r': tmp += '\r'; break;
        case '0': tmp += '\0'; break;
        case ' ': tmp += ' '; break;
        case 'b': tmp += '\b'; break;
        case 'f': tmp += '\f'; break;
        case 'a': tmp += '\a'; break;
        case 'v': tmp += '\v'; break;
        case 'e': tmp += '\x1b'; break;
        default:
          // \x, \u, \U, \N, \_, \L, \P and invalid escapes: libfyaml decides.
          return bail(c - 1, "escape outside the subset");
      }
    }
    out = m_arena.store(tmp);
    return e + 1;
  }

  // Rest of the line after a value: spaces, then nothing or a comment.
  const char* line_end_ok(const char* s, const char* le) {
    const char* t = s;
    while (t < le && is_space(*t)) {
      ++t;
    }
    if (t == le) {
      return le;
    }
    if (*t == '#' && t > s) {
      if (has_cr(t, le)) {
        return bail(t, "bare carriage return (a line break in YAML)");
      }
      return le;
    }
    return bail(t, "text after a value");
  }

  // The value at `v` (block context) for node `id`.
  const char* value(std::uint32_t id, const char* v, const char* le, bool in_seq) {
    if (*v == '\'' || *v == '"') {
      std::string_view s;
      const char* e = quoted(v, le, s);
      if (!e) {
        return nullptr;
      }
      m_tree.nodes[id].value = s;
      m_tree.nodes[id].quoted = true;
      if (in_seq && e < le && *e == ':') {
        return bail(e, "mapping inside a sequence entry");
      }
      return line_end_ok(e, le);
    }
    if (*v == '{' || *v == '[') {
      const char* e = flow(id, v, le, 0);
      if (!e) {
        return nullptr;
      }
      return line_end_ok(e, le);
    }
    if (!plain_start_ok(v, le, false)) {
      return bail(v, "value starts with an indicator");
    }
    const char* e = v;
    const char* stop = le;
    while (e < le) {
      if (!block_stop(*e)) {
        ++e;
        continue;
      }
      if (*e == '\r') {
        return bail(e, "bare carriage return (a line break in YAML)");
      }
      if (*e == ':' && (e + 1 == le || e[1] == ' ')) {
        return bail(e, "': ' inside a plain scalar");
      }
      if (*e == '#' && is_space(e[-1])) {
        if (has_cr(e, le)) {
          return bail(e, "bare carriage return (a line break in YAML)");
        }
        stop = e;
        break;
      }
      ++e;
    }
    while (stop > v && is_space(stop[-1])) {
      --stop;
    }
    m_tree.nodes[id].value = std::string_view(v, static_cast<std::size_t>(stop - v));
    return le;
  }

  // A one-line flow collection at `s` filling node `id`. Returns the
  // position after its closing bracket.
  const char* flow(std::uint32_t id, const char* s, const char* le, int depth) {
    if (depth > 32) {
      return bail(s, "deep flow nesting");
    }
    bool is_map = *s == '{';
    char close = is_map ? '}' : ']';
    m_tree.nodes[id].kind = is_map ? YKind::map : YKind::seq;
    const char* c = s + 1;
    while (true) {
      while (c < le && *c == ' ') {
        ++c;
      }
      if (c >= le) {
        return bail(s, "flow collection continues on the next line");
      }
      if (*c == close) {
        return c + 1;
      }
      std::string_view key;
      const char* item_at = c;
      if (is_map) {
        if (*c == '\'' || *c == '"') {
          c = quoted(c, le, key);
          if (!c) {
            return nullptr;
          }
          if (c >= le || *c != ':') {
            return bail(c, "expected ':' in a flow mapping");
          }
          ++c;
        } else {
          if (!plain_start_ok(c, le, true)) {
            return bail(c, "flow key starts with an indicator");
          }
          const char* e = c;
          while (e < le && !(*e == ':' && (e + 1 == le || e[1] == ' ' || e[1] == ',' || e[1] == '}' ||
                                          e[1] == ']')) &&
                 *e != ',' && *e != '{' && *e != '}' && *e != '[' && *e != ']') {
            if (*e == '#' && is_space(e[-1])) {
              return bail(e, "comment in a flow collection");
            }
            if (*e == '\r') {
              return bail(e, "bare carriage return (a line break in YAML)");
            }
            ++e;
          }
          if (e >= le || *e != ':') {
            return bail(e, "flow mapping entry without ':'");
          }
          const char* ke = e;
          while (ke > c && is_space(ke[-1])) {
            --ke;
          }
          key = std::string_view(c, static_cast<std::size_t>(ke - c));
          c = e + 1;
        }
        while (c < le && *c == ' ') {
          ++c;
        }
        if (c >= le) {
          return bail(c, "flow collection continues on the next line");
        }
      }
      auto child = m_b.add(id, YKind::scalar, key, static_cast<std::size_t>(item_at - m_text.data()));
      if (*c == '{' || *c == '[') {
        c = flow(child, c, le, depth + 1);
        if (!c) {
          return nullptr;
        }
      } else if (*c == '\'' || *c == '"') {
        std::string_view v;
        c = quoted(c, le, v);
        if (!c) {
          return nullptr;
        }
        m_tree.nodes[child].value = v;
        m_tree.nodes[child].quoted = true;
      } else if (is_map && (*c == ',' || *c == close)) {
        // empty value: null
      } else {
        if (!plain_start_ok(c, le, true)) {
          return bail(c, "flow value starts with an indicator");
        }
        const char* e = c;
        while (e < le) {
          if (!flow_stop(*e)) {
            ++e;
            continue;
          }
          if (*e == ',' || *e == '{' || *e == '}' || *e == '[' || *e == ']') {
            break;
          }
          if (*e == '\r') {
            return bail(e, "bare carriage return (a line break in YAML)");
          }
          if (*e == ':' && (e + 1 == le || e[1] == ' ' || e[1] == ',' || e[1] == '}' || e[1] == ']')) {
            return bail(e, "': ' inside a flow scalar");
          }
          if (*e == '#' && is_space(e[-1])) {
            return bail(e, "comment in a flow collection");
          }
          ++e;
        }
        const char* ve = e;
        while (ve > c && is_space(ve[-1])) {
          --ve;
        }
        m_tree.nodes[child].value = std::string_view(c, static_cast<std::size_t>(ve - c));
        c = e;
      }
      while (c < le && *c == ' ') {
        ++c;
      }
      if (c >= le) {
        return bail(s, "flow collection continues on the next line");
      }
      if (*c == ',') {
        ++c;
        continue;
      }
      if (*c == close) {
        return c + 1;
      }
      return bail(c, "expected ',' or the end of the flow collection");
    }
  }

  std::string_view m_text;
  std::size_t m_begin;
  std::size_t m_end;
  core::StringArena& m_arena;
  YTree m_tree;
  Builder m_b;
  const char* m_fail_at = nullptr;
  std::string m_reason;
};

// ---------------------------------------------------------------------------
// libfyaml event fallback.

struct DiagCapture {
  std::string first;
};

void capture_diag(fy_diag* /*diag*/, void* user, const char* buf, size_t len) {
  auto* c = static_cast<DiagCapture*>(user);
  if (c->first.empty()) {
    c->first.assign(buf, len);
  }
}

// A scalar token's text, through a token iterator: fy_token_get_text()
// caches a buffer in the token that libfyaml 0.8 never frees when the stream
// ends in an error (LeakSanitizer, ../shared/fuzz-findings/
// pnpm13-libfyaml-leak.yaml); the iterator allocates nothing that outlives it.
std::string_view token_text(fy_token* tok, std::string_view input, std::string& out) {
  out.clear();
  if (tok == nullptr) {
    return out;
  }
  // A single-quoted scalar on one line is decoded from the input itself:
  // libfyaml 0.8's chunks repeat or drop quotes in long runs of '' escapes
  // (found by fuzzing: 33 escaped quotes came back as 64).
  if (fy_token_scalar_style(tok) == FYSS_SINGLE_QUOTED) {
    const fy_mark* b = fy_token_start_mark(tok);
    const fy_mark* e = fy_token_end_mark(tok);
    // libfyaml 0.8 marks the text between the quotes; allow for marks that
    // take the quotes in too.
    if (b && e && e->input_pos >= b->input_pos && e->input_pos <= input.size()) {
      auto raw = input.substr(b->input_pos, e->input_pos - b->input_pos);
      bool inside = b->input_pos > 0 && input[b->input_pos - 1] == '\'' && e->input_pos < input.size() &&
                    input[e->input_pos] == '\'';
      if (!inside && raw.size() >= 2 && raw.front() == '\'' && raw.back() == '\'') {
        raw = raw.substr(1, raw.size() - 2);
        inside = true;
      }
      if (inside && raw.find_first_of("\r\n") == std::string_view::npos) {
        for (std::size_t i = 0; i < raw.size(); ++i) {
          out += raw[i];
          if (raw[i] == '\'' && i + 1 < raw.size() && raw[i + 1] == '\'') ++i;
        }
        return out;
      }
    }
  }
  std::unique_ptr<fy_token_iter, decltype(&fy_token_iter_destroy)> it(fy_token_iter_create(tok),
                                                                       &fy_token_iter_destroy);
  if (!it) {
    return out;
  }
  // Chunk by chunk: fy_token_iter_read() garbles multi-chunk scalars (folded
  // and escaped text) in libfyaml 0.8.
  const fy_iter_chunk* chunk = nullptr;
  int err = 0;
  while ((chunk = fy_token_iter_chunk_next(it.get(), chunk, &err)) != nullptr) {
    out.append(chunk->str, chunk->len);
  }
  return out;
}

// libfyaml diagnostics read "<input>:<line>:<col>: error: message" (1-based
// positions); the input name may be absent.
core::Error diag_error(const std::string& path, std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  auto digits = [&](std::size_t i, int& out) {
    std::size_t j = i;
    out = 0;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9' && j - i < 9) {
      out = out * 10 + (text[j] - '0');
      ++j;
    }
    return j;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 0 && text[i - 1] != ':') {
      continue;
    }
    int line = 0;
    int col = 0;
    auto j = digits(i, line);
    if (j == i || j >= text.size() || text[j] != ':') {
      continue;
    }
    auto k = digits(j + 1, col);
    if (k == j + 1 || k >= text.size() || text[k] != ':') {
      continue;
    }
    std::string msg = text.substr(k + 1);
    while (!msg.empty() && msg.front() == ' ') {
      msg.erase(0, 1);
    }
    if (msg.starts_with("error:")) {
      msg.erase(0, 6);
      while (!msg.empty() && msg.front() == ' ') {
        msg.erase(0, 1);
      }
    }
    return core::Error{path, line, col, "invalid YAML: " + msg};
  }
  return core::Error{path, 0, 0, "invalid YAML" + (text.empty() ? std::string() : ": " + text)};
}

}  // namespace

ScanResult scan_block_yaml(std::string_view file_text, std::size_t begin, std::size_t size,
                           core::StringArena& arena) {
  Scanner s(file_text, begin, size, arena);
  return s.run();
}

core::Result<YTree> parse_yaml_events(const std::string& path, std::string_view file_text,
                                      std::size_t begin, std::size_t size,
                                      core::StringArena& arena) {
  DiagCapture capture;
  fy_diag_cfg dcfg{};
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = nullptr;
  dcfg.output_fn = capture_diag;
  dcfg.user = &capture;
  dcfg.colorize = false;
  dcfg.show_source = false;
  dcfg.show_position = true;
  dcfg.show_type = false;
  dcfg.show_module = false;
  std::unique_ptr<fy_diag, decltype(&fy_diag_destroy)> diag(fy_diag_create(&dcfg), &fy_diag_destroy);
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_ALLOW_DUPLICATE_KEYS | FYPCF_QUIET);
  cfg.diag = diag.get();
  std::unique_ptr<fy_parser, decltype(&fy_parser_destroy)> fyp(fy_parser_create(&cfg),
                                                                &fy_parser_destroy);
  if (!fyp) {
    return core::fail(path, "cannot create the YAML parser");
  }
  // libfyaml reports positions relative to the string it is given: add the
  // line of `begin` when turning them into errors.
  int base_line = 1;
  for (std::size_t i = 0; i < begin && i < file_text.size(); ++i) {
    if (file_text[i] == '\n') {
      ++base_line;
    }
  }
  if (auto bad = core::find_control_character(file_text.substr(begin, size))) {
    auto lc = core::json::line_col(file_text, begin + *bad);
    return core::fail(path, "invalid YAML: control character in the text", lc.line, lc.column);
  }
  if (auto at = core::find_libfyaml_crash(file_text.substr(begin, size))) {
    return core::fail(path, "invalid YAML: a tab in an explicit key's line (`? …`)",
                      at->first + base_line - 1, at->second);
  }
  if (fy_parser_set_string(fyp.get(), file_text.data() + begin, size) != 0) {
    return core::fail(path, "cannot read the YAML text");
  }
  YTree tree;
  tree.used_fallback = true;
  Builder b(tree);
  struct Frame {
    std::uint32_t node;
    bool expect_key;  // mapping waiting for a key
    std::string_view key;
    std::size_t key_offset;
  };
  std::vector<Frame> stack;
  std::string scratch;
  int documents = 0;
  auto fail_here = [&](fy_event* ev, std::string msg) -> std::unexpected<core::Error> {
    int line = 0;
    int col = 0;
    fy_token* tok = nullptr;
    if (ev) {
      switch (ev->type) {
        case FYET_ALIAS: tok = ev->alias.anchor; break;
        case FYET_DOCUMENT_START: tok = ev->document_start.document_start; break;
        default: break;
      }
    }
    if (tok) {
      if (const fy_mark* m = fy_token_start_mark(tok)) {
        line = m->line + base_line;
        col = m->column + 1;
      }
    }
    return core::fail(path, std::move(msg), line, col);
  };
  auto token_offset = [&](fy_token* tok) -> std::size_t {
    if (tok) {
      if (const fy_mark* m = fy_token_start_mark(tok)) {
        return begin + m->input_pos;
      }
    }
    return begin;
  };
  // Attaches a new node (scalar or container) where the stack says.
  auto place = [&](YKind kind, std::size_t offset) -> std::uint32_t {
    if (stack.empty()) {
      auto id = b.add(k_none, kind, {}, offset);
      tree.root = id;
      return id;
    }
    auto& f = stack.back();
    if (tree.nodes[f.node].kind == YKind::map) {
      auto id = b.add(f.node, kind, f.key, f.key_offset);
      f.expect_key = true;
      return id;
    }
    return b.add(f.node, kind, {}, offset);
  };
  while (true) {
    fy_event* ev = fy_parser_parse(fyp.get());
    if (!ev) {
      break;
    }
    std::unique_ptr<fy_event, std::function<void(fy_event*)>> guard(
        ev, [&](fy_event* e) { fy_parser_event_free(fyp.get(), e); });
    switch (ev->type) {
      case FYET_DOCUMENT_START:
        if (++documents > 1) {
          return fail_here(ev, "more than one YAML document (pnpm reads one, or an env document "
                               "starting with '---' followed by the lockfile)");
        }
        break;
      case FYET_ALIAS:
        return fail_here(ev, "YAML aliases are not used in pnpm lockfiles");
      case FYET_SCALAR: {
        fy_token* tok = ev->scalar.value;
        std::string_view sv = arena.store(token_text(tok, file_text.substr(begin, size), scratch));
        if (!stack.empty() && tree.nodes[stack.back().node].kind == YKind::map &&
            stack.back().expect_key) {
          stack.back().key = sv;
          stack.back().key_offset = token_offset(tok);
          stack.back().expect_key = false;
          break;
        }
        auto id = place(YKind::scalar, token_offset(tok));
        tree.nodes[id].value = sv;
        tree.nodes[id].quoted = fy_token_scalar_style(tok) == FYSS_SINGLE_QUOTED ||
                                fy_token_scalar_style(tok) == FYSS_DOUBLE_QUOTED;
        break;
      }
      case FYET_MAPPING_START:
      case FYET_SEQUENCE_START: {
        bool is_map = ev->type == FYET_MAPPING_START;
        if (!stack.empty() && tree.nodes[stack.back().node].kind == YKind::map &&
            stack.back().expect_key) {
          return fail_here(ev, "complex mapping keys are not used in pnpm lockfiles");
        }
        fy_token* tok = is_map ? ev->mapping_start.mapping_start : ev->sequence_start.sequence_start;
        auto id = place(is_map ? YKind::map : YKind::seq, token_offset(tok));
        stack.push_back({id, true, {}, 0});
        break;
      }
      case FYET_MAPPING_END:
      case FYET_SEQUENCE_END:
        if (!stack.empty()) {
          stack.pop_back();
        }
        break;
      default:
        break;
    }
  }
  if (fy_parser_get_stream_error(fyp.get())) {
    auto e = diag_error(path, capture.first);
    if (e.line > 0) {
      e.line += base_line - 1;
    }
    return std::unexpected(e);
  }
  if (tree.root == k_none) {
    // An empty stream: an empty mapping, as the scanner reads it.
    tree.root = b.add(k_none, YKind::map, {}, begin);
  }
  for (auto& n : tree.nodes) {
    n.last_child = k_none;
  }
  return tree;
}

namespace {

// JSON with trailing commas, iterative, into the same tree.
class FlowJson {
 public:
  FlowJson(const std::string& path, std::string_view text, std::size_t begin, std::size_t size,
           core::StringArena& arena)
      : m_path(path), m_text(text), m_p(begin), m_end(begin + size), m_arena(arena), m_b(m_tree) {}

  core::Result<YTree> run() {
    m_tree.nodes.reserve((m_end - m_p) / 24 + 16);
    struct Frame {
      std::uint32_t node;
      bool is_map;
    };
    std::vector<Frame> stack;
    skip_ws();
    if (m_p >= m_end) {
      return error(m_p, "empty document, expected a JSON-like object");
    }
    std::string_view key;
    std::size_t key_offset = 0;
    // state: after a container opens or a comma, we expect a value (or key)
    // or the closing bracket.
    bool root_done = false;
    while (true) {
      skip_ws();
      if (root_done) {
        if (m_p < m_end) {
          return error(m_p, "text after the end of the document");
        }
        break;
      }
      if (m_p >= m_end) {
        return error(m_p, stack.empty() ? "expected a value"
                                        : (stack.back().is_map ? "unterminated object, expected '}'"
                                                               : "unterminated array, expected ']'"));
      }
      std::uint32_t parent = stack.empty() ? k_none : stack.back().node;
      if (!stack.empty()) {
        char close = stack.back().is_map ? '}' : ']';
        if (at() == close) {
          ++m_p;
          stack.pop_back();
          if (stack.empty()) {
            root_done = true;
            continue;
          }
          if (!after_value(stack.back().is_map ? '}' : ']')) {
            return m_err;
          }
          continue;
        }
        if (stack.back().is_map) {
          if (at() != '"') {
            return error(m_p, "expected a double-quoted key or '}'");
          }
          key_offset = m_p;
          auto k = string();
          if (!k) {
            return m_err;
          }
          key = *k;
          skip_ws();
          if (m_p >= m_end || at() != ':') {
            return error(m_p, "expected ':' after the key");
          }
          ++m_p;
          skip_ws();
          if (m_p >= m_end) {
            return error(m_p, "expected a value");
          }
        }
      }
      bool in_map = !stack.empty() && stack.back().is_map;
      std::size_t off = in_map ? key_offset : m_p;
      std::string_view k = in_map ? key : std::string_view{};
      char c = at();
      if (c == '{' || c == '[') {
        if (stack.size() >= 256) {
          fatal = true;
          return error(m_p, "nesting deeper than 256 levels");
        }
        auto id = m_b.add(parent, c == '{' ? YKind::map : YKind::seq, k, off);
        if (parent == k_none) {
          m_tree.root = id;
        }
        ++m_p;
        stack.push_back({id, c == '{'});
        continue;
      }
      auto id = m_b.add(parent, YKind::scalar, k, off);
      if (parent == k_none) {
        m_tree.root = id;
      }
      if (c == '"') {
        auto v = string();
        if (!v) {
          return m_err;
        }
        m_tree.nodes[id].value = *v;
        m_tree.nodes[id].quoted = true;
      } else {
        std::size_t s = m_p;
        while (m_p < m_end && ((at() >= 'a' && at() <= 'z') || (at() >= '0' && at() <= '9') ||
                               at() == '-' || at() == '+' || at() == '.' || at() == 'E')) {
          ++m_p;
        }
        auto tok = m_text.substr(s, m_p - s);
        bool ok = tok == "true" || tok == "false" || tok == "null";
        if (!ok && !tok.empty()) {
          ok = true;
          for (char d : tok) {
            if (!((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E')) {
              ok = false;
            }
          }
        }
        if (!ok) {
          return error(s, "expected a value (string, number, true, false, null, object or array)");
        }
        m_tree.nodes[id].value = tok;
      }
      if (stack.empty()) {
        root_done = true;
        continue;
      }
      if (!after_value(stack.back().is_map ? '}' : ']')) {
        return m_err;
      }
    }
    for (auto& n : m_tree.nodes) {
      n.last_child = k_none;
    }
    return std::move(m_tree);
  }

 private:
  char at() const { return m_text[m_p]; }
  void skip_ws() {
    while (m_p < m_end) {
      char c = at();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++m_p;
      } else {
        break;
      }
    }
  }
  std::unexpected<core::Error> error(std::size_t offset, std::string msg) {
    m_err = std::unexpected(core::json::error_at(m_path, m_text, offset, std::move(msg)));
    return m_err;
  }
  // After a value inside a container: ',' or the closing bracket (left for
  // the main loop).
  bool after_value(char close) {
    skip_ws();
    if (m_p >= m_end) {
      error(m_p, std::string("expected ',' or '") + close + "'");
      return false;
    }
    if (at() == ',') {
      ++m_p;
      return true;
    }
    if (at() == close) {
      return true;
    }
    error(m_p, std::string("expected ',' or '") + close + "'");
    return false;
  }
  std::optional<std::string_view> string() {
    std::size_t start = m_p;
    ++m_p;
    std::size_t b = m_p;
    bool escaped = false;
    while (m_p < m_end && at() != '"') {
      unsigned char c = static_cast<unsigned char>(at());
      if (c < 0x20) {
        error(m_p, "control character or line break inside a string");
        return std::nullopt;
      }
      if (c == '\\') {
        escaped = true;
        m_p += 2;
        continue;
      }
      ++m_p;
    }
    if (m_p >= m_end) {
      error(start, "unterminated string");
      return std::nullopt;
    }
    std::size_t e = m_p;
    ++m_p;
    if (!escaped) {
      return m_text.substr(b, e - b);
    }
    const char* next = nullptr;
    auto s = core::json::string_body(m_text.data() + b, m_text.data() + m_end, m_arena, &next);
    if (!s) {
      error(start, "invalid escape in a string");
      return std::nullopt;
    }
    return s;
  }

  const std::string& m_path;
  std::string_view m_text;
  std::size_t m_p;
  std::size_t m_end;
  core::StringArena& m_arena;
  YTree m_tree;
  Builder m_b;
  std::unexpected<core::Error> m_err{core::Error{}};

 public:
  bool fatal = false;  // an error no YAML reading could fix (nesting)
};

void dump_node(const YTree& t, std::uint32_t id, int depth, std::string& out) {
  const auto& n = t.nodes[id];
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  if (!n.key.empty()) {
    out += n.key;
    out += ": ";
  }
  switch (n.kind) {
    case YKind::scalar:
      out += '=';
      out += n.value;
      out += '\n';
      return;
    case YKind::map:
      out += "{\n";
      break;
    case YKind::seq:
      out += "[\n";
      break;
  }
  for (auto c = n.first_child; c != k_none; c = t.nodes[c].next) {
    dump_node(t, c, depth + 1, out);
  }
}

}  // namespace

core::Result<YTree> parse_flow_json(const std::string& path, std::string_view file_text,
                                    std::size_t begin, std::size_t size,
                                    core::StringArena& arena) {
  FlowJson j(path, file_text, begin, size, arena);
  return j.run();
}

namespace {

// The JSON reader, telling whether its error is final.
core::Result<YTree> parse_flow_json_checked(const std::string& path, std::string_view file_text,
                                            std::size_t begin, std::size_t size,
                                            core::StringArena& arena, bool& fatal) {
  FlowJson j(path, file_text, begin, size, arena);
  auto r = j.run();
  fatal = j.fatal;
  return r;
}

}  // namespace

core::Result<YTree> parse_pnpm_yaml(const std::string& path, std::string_view file_text,
                                    std::size_t begin, std::size_t size,
                                    core::StringArena& arena) {
  std::size_t i = begin;
  while (i < begin + size && (file_text[i] == ' ' || file_text[i] == '\t' || file_text[i] == '\n' ||
                              file_text[i] == '\r')) {
    ++i;
  }
  if (i < begin + size && file_text[i] == '{') {
    bool fatal = false;
    auto j = parse_flow_json_checked(path, file_text, begin, size, arena, fatal);
    if (j || fatal) {
      return j;
    }
    // Flow YAML that is not JSON (plain scalars, comments): libfyaml reads
    // it; when it cannot either, the JSON error is the more precise one.
    auto y = parse_yaml_events(path, file_text, begin, size, arena);
    if (y) {
      return y;
    }
    return j;
  }
  auto s = scan_block_yaml(file_text, begin, size, arena);
  if (s.tree) {
    return std::move(*s.tree);
  }
  return parse_yaml_events(path, file_text, begin, size, arena);
}

std::string dump_tree(const YTree& tree) {
  std::string out;
  if (tree.root != k_none) {
    dump_node(tree, tree.root, 0, out);
  }
  return out;
}

}  // namespace archgate::analyzers::pnpm
