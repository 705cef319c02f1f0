#pragma once
// archgate.toml: the project's own settings, read by the pipeline's config
// pass (analyzers/pipeline.cpp) for every command.
//
//   [lockfile]
//   allowed-hosts = ["npm.internal.example.com"]
//   [runtime]
//   eol-soon-days = 180
//   [deps]
//   unmaintained-days = 730
//   heavy-threshold = 100
//   license-allow = ["MIT", "ISC", "Apache-2.0"]
//   license-deny = ["AGPL-3.0-only"]
//   [rules]
//   "runtime/floating" = "off"          # off | error | warning | note
//   "deps/*" = "note"                   # ids or globs; the last matching entry wins
//
// Unknown sections or keys, and values of the wrong type, are errors with
// the file's line:column, so a typo never silently turns a check off.
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/settings.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

// The config file names looked for at the project root, in order.
inline constexpr std::string_view k_settings_names[] = {"archgate.toml", ".archgate.toml"};

// Tells whether a [rules] key that is not a glob names a rule. The rule
// catalog lives above the analyzers, so the caller hands this in; null
// accepts every id.
using KnownRule = std::function<bool(std::string_view)>;

// Parses settings text (`file` names it in errors) into `settings`; values
// not in the text keep what `settings` held (flags set before).
core::Result<void> parse_settings(std::string file, std::string_view text,
                                  core::Settings& settings, const KnownRule& known = nullptr);

// Reads `explicit_file` (a path on disk) when given, else the first of
// k_settings_names at the snapshot's root; no file is not an error.
core::Result<void> load_settings(const core::Snapshot& snap, std::string_view explicit_file,
                                 core::Settings& settings, const KnownRule& known = nullptr);

}  // namespace archgate::analyzers
