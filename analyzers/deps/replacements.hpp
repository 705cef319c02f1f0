#pragma once
// Packages that Node.js itself (or a one-line snippet) replaces, from the
// e18e module-replacements lists (data/module-replacements.json, refreshed
// by scripts/update-module-replacements.sh), and the lowest Node.js version
// a project runs on, to tell whether a built-in is available
// (deps/native-replacement).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/runtime/analysis.hpp"
#include "core/deps_model.hpp"
#include "core/result.hpp"
#include "core/semver.hpp"

namespace archgate::deps {

using core::deps::Replacement;
using core::deps::ReplacementKind;
using core::deps::ReplacementOption;
using core::deps::to_string;

using ReplacementTable = std::map<std::string, Replacement, std::less<>>;

// Parses the compact data file (the format data/README.md describes).
core::Result<ReplacementTable> parse_replacements(std::string_view json);
// The embedded table (parsed once); empty if the embedded file is broken.
const ReplacementTable& replacement_table();
// The entry for `package` in the embedded table (which lives for the
// process), or null.
const Replacement* find_replacement(std::string_view package);

// "mdn:Web/…" → "https://developer.mozilla.org/en-US/docs/Web/…", "node:api/…" →
// "https://nodejs.org/api/…", "e18e:id" → "https://e18e.dev/docs/replacements/id";
// other text unchanged.
std::string expand_url(std::string_view url);

// The lowest Node.js version the project runs on.
struct RuntimeFloor {
  enum class From : std::uint8_t { pins, engines, unknown } from = From::unknown;
  std::optional<core::semver::Version> version;
  std::string text;  // "your pins: 20, 22.11.0", "engines.node \">=18\"", "runtime unknown: ..."
};

// From the runtime pins (.nvmrc, Dockerfile, volta, ...; CI pins do not
// count): the lowest of them, a line pin "20" counting as 20.0.0 and "20.11"
// as 20.11.0. Without runtime pins, the lowest version the root
// package.json's engines.node admits. Otherwise unknown.
RuntimeFloor runtime_floor(const analyzers::runtime::RuntimeAnalysis& analysis);

// The options usable on `floor`: removals, snippets, and built-ins whose
// minVersion is at or below it (all built-ins when the floor is unknown).
std::vector<const ReplacementOption*> available_options(const Replacement& r,
                                                         const RuntimeFloor& floor);

// "replacement: String.prototype.padStart (native, Node.js >= 8.0.0)": one
// line for --explain.
std::string describe_replacement(const Replacement& r);

}  // namespace archgate::deps
