#pragma once
// JSON helpers shared by every JSON reader (package.json, package-lock,
// bun.lock, registry documents).
//
// simdjson parses; these helpers turn its results into views that outlive
// the parser and its errors into file:line:col messages. find_syntax_error()
// validates a whole document, which simdjson's on-demand parser does not do
// for the values a reader skips, and says where the first error is.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/graph.hpp"
#include "core/result.hpp"

namespace archgate::core::json {

// Extra bytes simdjson may read past the end of its input.
inline constexpr std::size_t k_padding = 64;

// Copies `text` into a string whose capacity leaves simdjson's padding.
std::shared_ptr<std::string> padded_copy(std::string_view text);
// Makes sure `text` has padding capacity (may reallocate once).
void ensure_padding(std::string& text);

// `text` without a leading UTF-8 byte order mark. Node.js, npm and
// TypeScript read package.json and tsconfig files that start with one (some
// Windows editors write it), so archgate reads them too.
inline std::string_view without_bom(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text;
}

struct SyntaxError {
  std::size_t offset = 0;
  std::string message;
};

// The first syntax error in `text` as strict JSON (RFC 8259) and valid
// UTF-8, or nullopt. With allow_trailing_commas, `[1,]` and `{"a":1,}` pass
// (bun.lock). Nesting deeper than max_depth is an error. Never recursive.
std::optional<SyntaxError> find_syntax_error(std::string_view text,
                                             bool allow_trailing_commas = false,
                                             std::size_t max_depth = 1024);

// find_syntax_error() in two steps, for tests and fuzzing: a validator that
// reads 64 bytes at a time and only says yes or no (the common case, and
// twice as fast), then, on a no, a scanner that finds where. Their verdicts
// must agree on every input.
namespace detail {
bool valid_by_blocks(std::string_view text, bool allow_trailing_commas, std::size_t max_depth);
std::optional<SyntaxError> scan_for_syntax_error(std::string_view text, bool allow_trailing_commas,
                                                 std::size_t max_depth);
}  // namespace detail

struct LineCol {
  int line = 1;
  int column = 1;
};
// 1-based line and column (in bytes) of `offset` in `text`.
LineCol line_col(std::string_view text, std::size_t offset);

// An Error for `file` at `offset` in `text`.
Error error_at(std::string file, std::string_view text, std::size_t offset, std::string message);

// Decodes a JSON string body that starts right after its opening quote at
// `p` (within [p, end)); returns a view into the input when there is no
// escape, else into `arena`. Sets `next` past the closing quote. Returns
// nullopt on a malformed string.
std::optional<std::string_view> string_body(const char* p, const char* end, StringArena& arena,
                                            const char** next = nullptr);

}  // namespace archgate::core::json
