#pragma once
// The YAML that pnpm writes, read into one small tree.
//
// pnpm-lock.yaml uses a narrow, regular subset of YAML: block mappings
// indented by spaces, block sequences of scalars, plain / single-quoted /
// double-quoted scalars, and one-line flow collections such as
// `{integrity: sha512-...}` or `[darwin]`. lockfileVersion 13.0 is JSON-like
// flow YAML (tabs, double-quoted keys, trailing commas).
//
// Why three producers for one tree: general YAML libraries top out well
// below the 200 MB/s asked of this reader (see ../shared/FACTS.md), so
// scan_block_yaml() reads the subset directly, line by line, and says
// "outside the subset" (never guesses) for anything else: block scalars,
// anchors, tags, multi-line scalars or flow collections, odd indentation.
// parse_pnpm_yaml() then hands that text to libfyaml's event parser (with
// FYPCF_ALLOW_DUPLICATE_KEYS, never the document API), which either builds
// the same tree or reports the YAML error with its line:column. The
// JSON-like 13.0 form is read by parse_flow_json(), a JSON parser that
// accepts trailing commas. A differential test keeps the scanner and
// libfyaml in agreement on the corpus and on tricky fixtures.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/graph.hpp"
#include "core/result.hpp"

namespace archgate::analyzers::pnpm {

inline constexpr std::uint32_t k_none = UINT32_MAX;

enum class YKind : std::uint8_t { scalar, map, seq };

// One node: a scalar, a mapping or a sequence. Children of a container are
// linked through first_child/next; a mapping's children carry their key.
struct YNode {
  std::string_view key;    // key when the node is a mapping value, else ""
  std::string_view value;  // scalar text (unquoted, unescaped); "" otherwise
  std::uint32_t offset = 0;  // byte offset (in the whole file) of the key, or of the node
  std::uint32_t first_child = k_none;
  std::uint32_t next = k_none;
  std::uint32_t last_child = k_none;  // used while building
  YKind kind = YKind::scalar;
  bool quoted = false;  // scalar was written quoted (so `null`/`~` stay strings)
};

struct YTree {
  std::vector<YNode> nodes;
  std::uint32_t root = k_none;
  bool used_fallback = false;  // libfyaml read it (the text was outside the subset)

  [[nodiscard]] const YNode& operator[](std::uint32_t id) const { return nodes[id]; }
  // The child of mapping `map` with key `key`, or k_none (last one wins on
  // duplicates, as js-yaml's `json: true` mode does).
  [[nodiscard]] std::uint32_t find(std::uint32_t map, std::string_view key) const;
  // True when the node is a null scalar: empty plain, `~`, `null`.
  [[nodiscard]] bool is_null(std::uint32_t id) const;
};

// Result of the fast scanner: a tree, or the offset where the text leaves
// the subset it reads (not necessarily an error).
struct ScanResult {
  std::optional<YTree> tree;
  std::size_t unsupported_offset = 0;
  std::string unsupported_reason;
};

// Scans block YAML in [begin, begin+size) of `file_text`. Unescaped strings
// go into `arena`; other strings are views into `file_text`. Never fails:
// anything outside the subset comes back as unsupported.
ScanResult scan_block_yaml(std::string_view file_text, std::size_t begin, std::size_t size,
                           core::StringArena& arena);

// Reads one YAML document in [begin, begin+size) with libfyaml's event
// parser. Fails with the file:line:col libfyaml reports, and for several
// documents or aliases (pnpm never writes those).
core::Result<YTree> parse_yaml_events(const std::string& path, std::string_view file_text,
                                      std::size_t begin, std::size_t size,
                                      core::StringArena& arena);

// Reads JSON with trailing commas (the 13.0 form). Fails with file:line:col
// and what was expected. Nesting deeper than 256 is an error.
core::Result<YTree> parse_flow_json(const std::string& path, std::string_view file_text,
                                    std::size_t begin, std::size_t size,
                                    core::StringArena& arena);

// The dispatcher: JSON-like text (first character `{`) through
// parse_flow_json (then libfyaml when that fails), block YAML through the
// scanner, falling back to libfyaml. Fails with file:line:col.
core::Result<YTree> parse_pnpm_yaml(const std::string& path, std::string_view file_text,
                                    std::size_t begin, std::size_t size,
                                    core::StringArena& arena);

// A canonical text dump of a tree (for the differential test and debugging).
std::string dump_tree(const YTree& tree);

}  // namespace archgate::analyzers::pnpm
