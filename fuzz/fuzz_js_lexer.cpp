// Fuzzes the JS/TS scanner (every dialect) and the small parsers of the
// source pass: .vue <script> extraction, tsconfig's JSON-with-comments and
// .gitignore patterns, the dependency-usage pass's config tokenizer and
// shell splitting, and the secret scanner. Invariants: no crash, no hang,
// positions inside the input, references and secrets in position order.
#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "analyzers/source/analysis.hpp"
#include "analyzers/source/files.hpp"
#include "analyzers/source/lexer.hpp"
#include "analyzers/source/resolver.hpp"
#include "analyzers/source/usage.hpp"
#include "core/text.hpp"

namespace src = archgate::analyzers::source;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  auto dialect = static_cast<src::Dialect>(data[0] % 4);
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  auto scan = src::scan_source(text, dialect);
  int last_line = 0;
  int last_col = 0;
  for (const auto& r : scan.refs) {
    if (r.pos.line < 1 || r.pos.line > lines || r.pos.column < 1) std::abort();
    if (r.pos.line < last_line || (r.pos.line == last_line && r.pos.column < last_col)) std::abort();
    last_line = r.pos.line;
    last_col = r.pos.column;
  }
  if (scan.error && (scan.error->pos.line < 1 || scan.error->pos.line > lines)) std::abort();
  for (const auto& c : scan.calls) {
    if (c.pos.line < 1 || c.pos.line > lines) std::abort();
  }
  // Without facts the references are the same.
  auto refs_only = src::scan_source(text, dialect, src::ScanOptions{.facts = false, .member_names = {}});
  if (refs_only.refs.size() != scan.refs.size()) std::abort();

  src::Dialect d = src::Dialect::js;
  auto blocks = src::script_blocks(text, d);
  if (blocks.size() != text.size()) std::abort();
  auto json = src::strip_jsonc(text);
  if (json.size() != text.size()) std::abort();
  src::GitIgnore ignore("", text);
  (void)ignore.match("src/a/b.ts", false);
  (void)ignore.match("dist", true);
  (void)src::skip_reason(text);
  // Config tokens are pieces of the input, never longer than it.
  std::size_t total = 0;
  for (const auto& t : src::config_tokens(text)) {
    if (t.empty() || t.size() > text.size()) std::abort();
    total += t.size();
  }
  if (total > text.size()) std::abort();
  for (const auto& cmd : archgate::core::split_shell_commands(text)) {
    for (const auto& w : archgate::core::shell_words(cmd)) {
      // A quoted empty argument ('') is an empty word, as in the shell.
      if (w.size() > text.size()) std::abort();
    }
  }
  (void)src::is_config_file(text);
  // Secrets: at most 20, in the order they occur, each inside the input.
  auto secrets = src::find_secrets(text);
  if (secrets.size() > 20) std::abort();
  last_line = 0;
  last_col = 0;
  for (const auto& [kind, pos] : secrets) {
    if (kind.empty() || pos.line < 1 || pos.line > lines || pos.column < 1) std::abort();
    if (pos.line < last_line || (pos.line == last_line && pos.column <= last_col)) std::abort();
    last_line = pos.line;
    last_col = pos.column;
  }
  return 0;
}
