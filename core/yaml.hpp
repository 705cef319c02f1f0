#pragma once
// libfyaml helpers: build a document with positions in errors.
//
// Uses FYPCF_ALLOW_DUPLICATE_KEYS: libfyaml's duplicate-key check in the
// document API costs ~20x the parse (see ../shared/FACTS.md); use these
// helpers only for small files (workspace configs, CI files). Large lockfiles
// have their own scanners.
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <string_view>

#include "core/result.hpp"

struct fy_document;
struct fy_node;

namespace archgate::core {

struct YamlDocDeleter {
  void operator()(fy_document* doc) const;
};
using YamlDocument = std::unique_ptr<fy_document, YamlDocDeleter>;

// Where `text` holds a construct that crashes libfyaml 0.8 (a segfault in
// fy_indent_vacuum_internal while it cleans up after a parse error): a tab
// on a line that holds a `?` indicator (`? a:\t?`, `x%? k:\t?x`), or a tab
// followed by `?`. Explicit keys do not occur in the configuration files
// archgate reads, and such a tab is invalid or pointless YAML; callers
// report it instead of parsing. 1-based line and column, or nullopt.
std::optional<std::pair<int, int>> find_libfyaml_crash(std::string_view text);

// The offset of the first C0 control character other than tab, LF and CR
// (or DEL), which YAML does not allow in a stream; nullopt when none.
std::optional<std::size_t> find_control_character(std::string_view text);

// Parses one YAML document (the first of a stream). Errors carry the
// line:column libfyaml reports.
Result<YamlDocument> parse_yaml(std::string path, std::string_view text);

// 1-based line/column of a node (scalars; other nodes give {0,0}).
std::pair<int, int> yaml_position(fy_node* node);

// A scalar node's text, or nullopt for non-scalars / null.
std::optional<std::string_view> yaml_scalar(fy_node* node);

// The value of `key` in a mapping node, or nullptr (also for non-mappings).
fy_node* yaml_get(fy_node* map, std::string_view key);

// 1-based line/column of the key `key` in a mapping node, or {0,0}: where a
// mapping or sequence value is, which yaml_position cannot say.
std::pair<int, int> yaml_key_position(fy_node* map, std::string_view key);

// Calls fn(key, value) for each pair of a mapping node (non-scalar keys as "").
void yaml_for_each_pair(fy_node* map,
                        const std::function<void(std::string_view, fy_node*)>& fn);

}  // namespace archgate::core
