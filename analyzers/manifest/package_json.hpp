#pragma once
// package.json reader.
#include <string>
#include <string_view>

#include "core/manifest.hpp"
#include "core/result.hpp"

namespace archgate::analyzers {

// Parses a package.json. `path` is used in errors and stored in the result.
// Fails with file:line:col on invalid JSON, invalid UTF-8, a top-level value
// that is not an object, or a field of the wrong type (for the fields the
// model holds; unknown fields are ignored).
core::Result<core::Manifest> parse_package_json(std::string path, std::string_view text);

}  // namespace archgate::analyzers
