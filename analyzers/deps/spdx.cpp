#include "analyzers/deps/spdx.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace archgate::deps::spdx {

namespace {

constexpr std::size_t k_max_length = 4096;
constexpr int k_max_depth = 64;

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

bool id_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

bool is_idstring(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), id_char);
}

struct Token {
  enum class Kind : std::uint8_t { open, close, word, end } kind = Kind::end;
  std::string_view text;  // word: without a trailing "+"
  bool plus = false;      // word written with "+"
  std::size_t column = 0;  // 1-based
};

enum class Op : std::uint8_t { none, and_, or_, with };

Op op_of(const Token& t) {
  if (t.kind != Token::Kind::word || t.plus) {
    return Op::none;
  }
  if (iequals(t.text, "AND")) {
    return Op::and_;
  }
  if (iequals(t.text, "OR")) {
    return Op::or_;
  }
  if (iequals(t.text, "WITH")) {
    return Op::with;
  }
  return Op::none;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  core::Result<Expression> run() {
    if (auto e = tokenize(); !e) {
      return std::unexpected(e.error());
    }
    Expression ex;
    ex.form = Form::expression;
    ex.text = std::string(m_text);
    m_out = &ex;
    auto root = expression(0);
    if (!root) {
      return std::unexpected(root.error());
    }
    if (peek().kind != Token::Kind::end) {
      return error(peek().kind == Token::Kind::close ? "unbalanced \")\"" : "expected AND, OR or the end",
                   peek());
    }
    return ex;
  }

 private:
  core::Result<void> tokenize() {
    std::size_t i = 0;
    while (i < m_text.size()) {
      char c = m_text[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
        continue;
      }
      Token t;
      t.column = i + 1;
      if (c == '(' || c == ')') {
        t.kind = c == '(' ? Token::Kind::open : Token::Kind::close;
        t.text = m_text.substr(i, 1);
        ++i;
      } else if (id_char(c) || c == ':') {
        std::size_t start = i;
        while (i < m_text.size() && (id_char(m_text[i]) || m_text[i] == ':')) {
          ++i;
        }
        t.kind = Token::Kind::word;
        t.text = m_text.substr(start, i - start);
        if (i < m_text.size() && m_text[i] == '+') {
          t.plus = true;
          ++i;
        }
      } else {
        return core::fail("", fmt::format("unexpected character '{}' at column {}", c, i + 1));
      }
      m_tokens.push_back(t);
    }
    Token end;
    end.column = m_text.size() + 1;
    m_tokens.push_back(end);
    return {};
  }

  const Token& peek() const { return m_tokens[m_pos]; }
  const Token& next() { return m_tokens[m_pos < m_tokens.size() - 1 ? m_pos++ : m_pos]; }

  static std::unexpected<core::Error> error(std::string_view what, const Token& at) {
    return core::fail("", fmt::format("{} at column {}", what, at.column));
  }

  std::uint32_t add(Node n) {
    m_out->nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(m_out->nodes.size() - 1);
  }

  core::Result<std::uint32_t> expression(int depth) {
    auto left = conjunction(depth);
    if (!left) {
      return left;
    }
    while (op_of(peek()) == Op::or_) {
      next();
      auto right = conjunction(depth);
      if (!right) {
        return right;
      }
      left = add(Node{Node::Kind::disj, {}, *left, *right});
    }
    return left;
  }

  core::Result<std::uint32_t> conjunction(int depth) {
    auto left = primary(depth);
    if (!left) {
      return left;
    }
    while (op_of(peek()) == Op::and_) {
      next();
      auto right = primary(depth);
      if (!right) {
        return right;
      }
      left = add(Node{Node::Kind::conj, {}, *left, *right});
    }
    return left;
  }

  core::Result<std::uint32_t> primary(int depth) {
    const Token& t = next();
    if (t.kind == Token::Kind::open) {
      if (depth >= k_max_depth) {
        return error("parentheses nested too deeply", t);
      }
      auto inner = expression(depth + 1);
      if (!inner) {
        return inner;
      }
      if (peek().kind != Token::Kind::close) {
        return error("expected \")\"", peek());
      }
      next();
      return inner;
    }
    if (t.kind != Token::Kind::word || op_of(t) != Op::none) {
      return error(t.kind == Token::Kind::end
                       ? std::string("expected a license id")
                       : fmt::format("expected a license id, found \"{}\"", t.text),
                   t);
    }
    Term term;
    term.id = std::string(t.text);
    term.or_later = t.plus;
    if (auto colon = t.text.find(':'); colon != std::string_view::npos) {
      // DocumentRef-<idstring>:LicenseRef-<idstring>
      auto doc = t.text.substr(0, colon);
      auto ref = t.text.substr(colon + 1);
      if (!istarts_with(doc, "DocumentRef-") || !is_idstring(doc.substr(12)) ||
          !istarts_with(ref, "LicenseRef-") || !is_idstring(ref.substr(11))) {
        return error(fmt::format("invalid license reference \"{}\"", t.text), t);
      }
      term.ref = true;
    } else if (istarts_with(t.text, "LicenseRef-")) {
      if (t.text.size() == 11) {
        return error("empty LicenseRef", t);
      }
      term.ref = true;
    }
    if (term.ref && t.plus) {
      return error("\"+\" after a LicenseRef", t);
    }
    if (op_of(peek()) == Op::with) {
      next();
      const Token& ex = next();
      if (ex.kind != Token::Kind::word || op_of(ex) != Op::none || ex.plus ||
          !is_idstring(ex.text)) {
        return error("expected an exception id after WITH", ex);
      }
      term.exception = std::string(ex.text);
    }
    Node n;
    n.kind = Node::Kind::term;
    n.term = std::move(term);
    return add(std::move(n));
  }

  std::string_view m_text;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
  Expression* m_out = nullptr;
};

}  // namespace

std::string Term::to_string() const {
  std::string s = id;
  if (or_later) {
    s += '+';
  }
  if (!exception.empty()) {
    s += " WITH " + exception;
  }
  return s;
}

std::vector<const Term*> Expression::terms() const {
  // Nodes are stored children first; walk from the root left to right.
  std::vector<const Term*> out;
  if (nodes.empty()) {
    return out;
  }
  std::vector<std::uint32_t> stack{root()};
  while (!stack.empty()) {
    auto i = stack.back();
    stack.pop_back();
    const auto& n = nodes[i];
    if (n.kind == Node::Kind::term) {
      out.push_back(&n.term);
    } else {
      stack.push_back(n.right);
      stack.push_back(n.left);
    }
  }
  return out;
}

bool Expression::satisfiable(const std::function<bool(const Term&)>& ok) const {
  if (form != Form::expression || nodes.empty()) {
    return false;
  }
  // Children always precede their parent, so one pass in order evaluates.
  std::vector<char> val(nodes.size(), 0);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    switch (n.kind) {
      case Node::Kind::term:
        val[i] = ok(n.term) ? 1 : 0;
        break;
      case Node::Kind::conj:
        val[i] = static_cast<char>(val[n.left] && val[n.right]);
        break;
      case Node::Kind::disj:
        val[i] = static_cast<char>(val[n.left] || val[n.right]);
        break;
    }
  }
  return val[root()] != 0;
}

std::string Expression::to_string() const {
  switch (form) {
    case Form::none:
      return {};
    case Form::unlicensed:
      return "UNLICENSED";
    case Form::see_file:
      return "SEE LICENSE IN " + file;
    case Form::expression:
      break;
  }
  if (nodes.empty()) {
    return {};
  }
  std::vector<std::string> s(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const auto& n = nodes[i];
    if (n.kind == Node::Kind::term) {
      s[i] = n.term.to_string();
      continue;
    }
    auto side = [&](std::uint32_t c) {
      bool paren = n.kind == Node::Kind::conj && nodes[c].kind == Node::Kind::disj;
      return paren ? "(" + s[c] + ")" : s[c];
    };
    s[i] = side(n.left) + (n.kind == Node::Kind::conj ? " AND " : " OR ") + side(n.right);
  }
  return s[root()];
}

core::Result<Expression> parse(std::string_view text) {
  auto t = trim(text);
  if (t.size() > k_max_length) {
    return core::fail("", fmt::format("license expression longer than {} characters", k_max_length));
  }
  Expression ex;
  ex.text = std::string(t);
  if (t.empty() || iequals(t, "NONE") || iequals(t, "NOASSERTION")) {
    ex.form = Form::none;
    return ex;
  }
  if (iequals(t, "UNLICENSED")) {
    ex.form = Form::unlicensed;
    return ex;
  }
  if (istarts_with(t, "SEE LICENSE IN") &&
      (t.size() == 14 || std::isspace(static_cast<unsigned char>(t[14])))) {
    auto file = trim(t.substr(14));
    if (file.empty()) {
      return core::fail("", "SEE LICENSE IN names no file");
    }
    ex.form = Form::see_file;
    ex.file = std::string(file);
    return ex;
  }
  return Parser(t).run();
}

std::string match_key(std::string_view id) {
  std::string k(id);
  std::transform(k.begin(), k.end(), k.begin(), lower);
  if (k.starts_with("licenseref-") || k.find(':') != std::string::npos) {
    return k;
  }
  if (k.ends_with('+')) {
    k.pop_back();
  }
  for (std::string_view suffix : {"-only", "-or-later"}) {
    if (k.ends_with(suffix)) {
      k.resize(k.size() - suffix.size());
      break;
    }
  }
  return k;
}

}  // namespace archgate::deps::spdx
