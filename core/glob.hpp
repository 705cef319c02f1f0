#pragma once
// Glob matching for workspace patterns (npm/yarn/pnpm/bun `workspaces`,
// pnpm-workspace.yaml `packages`) and allow-lists.
//
// Semantics follow minimatch as the package managers use it for workspace
// globs: `*` matches within one path segment (not a leading '.'), `**`
// matches zero or more whole segments, `?` one character, `[abc]` a class,
// `{a,b}` alternatives. A leading `!` negates (handled by the caller).
// Brace expansion is bounded (256 patterns per call): a pattern that needs
// more matches nothing rather than taking exponential time.
#include <string_view>

namespace archgate::core {

bool glob_match(std::string_view pattern, std::string_view path);

}  // namespace archgate::core
