#pragma once
// npm-compatible semantic versioning: versions, ranges and their canonical
// form, with the semantics of node-semver 7.8 (the `semver` npm package that
// npm, pnpm and yarn resolve `dependencies` ranges with).
//
// Versions. `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`. Precedence compares the
// three numbers, then the prerelease identifiers one by one (numeric ones
// numerically and below alphanumeric ones, alphanumeric ones by ASCII order,
// a shorter list first when one is a prefix of the other); a version without
// a prerelease is above all its prereleases; build metadata never counts.
// Strict parsing accepts an optional leading `v` and surrounding whitespace;
// loose parsing also accepts `=`/`v`/space prefixes, leading zeros and a
// prerelease without its hyphen (`1.2.3beta`). Inputs longer than 256
// characters, and numbers above 2^53-1, are invalid.
//
// Ranges. `||` joins comparator sets; a set is comparators separated by
// spaces that must all hold. `<`, `<=`, `>`, `>=`, `=` compare; `1.2.3 - 2.3`
// (hyphen), `~1.2` (tilde), `^1.2.3` (caret), `1.x`/`1.*`/`1` (x-ranges) are
// sugar that node-semver rewrites into comparators, and that rewrite is also
// what its canonical string shows (`^1.2.3` is `>=1.2.3 <2.0.0-0`).
//
// The prerelease rule. A version with a prerelease tag satisfies a comparator
// set only if the comparators hold AND some comparator in the set names the
// same MAJOR.MINOR.PATCH with a prerelease of its own (unless
// `include_prerelease`). So `^1.2.3-beta.1` (>=1.2.3-beta.1 <2.0.0-0) accepts
// 1.2.3-beta.2 but not 1.3.0-alpha, although 1.3.0-alpha sorts inside the
// bounds. Why: a prerelease is an opt-in that a publisher ships for people who
// ask for that exact line; a user who wrote `^1.2.3` must never be moved onto
// somebody's unstable 1.4.0-rc by accident, yet a user who already pinned a
// prerelease of 1.2.3 should get later prereleases of the same 1.2.3. (The
// `-0` upper bounds such as `<2.0.0-0` make 2.0.0-alpha fall outside `^1`
// even with `include_prerelease`.)
//
// Every function here is total: invalid input gives nullopt/false, never an
// exception, and parsing is linear in the input (no std::regex).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archgate::core::semver {

// node-semver's MAX_LENGTH (versions) and Number.MAX_SAFE_INTEGER.
inline constexpr std::size_t k_max_length = 256;
inline constexpr std::uint64_t k_max_safe_integer = 9007199254740991ULL;
// Our own cap on range text (node-semver has none): parsing is linear, but
// intersection is quadratic in the comparator count, as in node-semver, and
// no real range comes near this.
inline constexpr std::size_t k_max_range_length = 16 * 1024;

struct Options {
  bool loose = false;               // accept sloppy versions (see above)
  bool include_prerelease = false;  // drop the prerelease rule
};

struct Version {
  std::uint64_t major = 0, minor = 0, patch = 0;
  // Numeric identifiers below 2^53-1 are stored without leading zeros.
  std::vector<std::string> prerelease;
  std::vector<std::string> build;
  // `1.2.3-beta.1` (never the build), like node-semver's `version`.
  std::string to_string() const;
};

// node-semver `parse`/`valid`: nullopt when `text` is not a version.
std::optional<Version> parse_version(std::string_view text, Options opts = {});

// node-semver `coerce` (left to right, no prerelease): the first
// `N[.N[.N]]` in `text` as a version, e.g. "v3.4 replaces v3.3.1" -> 3.4.0.
std::optional<Version> coerce(std::string_view text);

// -1, 0 or 1 by precedence (build metadata ignored).
int compare(const Version& a, const Version& b);

// node-semver `compareIdentifiers` for two prerelease identifiers.
int compare_identifiers(std::string_view a, std::string_view b);

enum class Operator : std::uint8_t { eq, lt, le, gt, ge };

// One primitive comparison; `any` is node-semver's empty comparator (`*`).
struct Comparator {
  Operator op = Operator::eq;
  bool any = false;
  Version version;

  bool test(const Version& v) const;  // the comparison alone, no prerelease rule
  std::string to_string() const;      // ">=1.2.3", "" when any
  // node-semver Comparator#intersects: can one version satisfy both?
  bool intersects(const Comparator& other, Options opts) const;
};

class Range {
 public:
  // node-semver `new Range(text, opts)`; nullopt where it throws, and for
  // text longer than k_max_range_length bytes.
  static std::optional<Range> parse(std::string_view text, Options opts = {});

  // node-semver Range#test: some set whose comparators all hold and that
  // passes the prerelease rule.
  bool satisfies(const Version& v) const;
  // Canonical form, e.g. ">=1.2.3 <2.0.0-0||>=3.0.0"; "*" for any version
  // (node-semver's `validRange`; its `range` property is "" then).
  std::string to_string() const;
  // node-semver `minVersion`: the lowest version that satisfies, if any.
  std::optional<Version> min_version() const;
  // node-semver Range#intersects, with this range's options.
  bool intersects(const Range& other) const;

  // The comparator sets, outer list OR-ed, inner list AND-ed.
  const std::vector<std::vector<Comparator>>& comparator_sets() const { return m_sets; }
  const Options& options() const { return m_options; }

 private:
  std::vector<std::vector<Comparator>> m_sets;
  Options m_options;
};

// node-semver `satisfies`: false when either input is invalid.
bool satisfies(std::string_view version, std::string_view range, Options opts = {});

// node-semver `maxSatisfying`: the highest of `versions` (invalid ones are
// skipped) that satisfies `range`; nullopt when none does or the range is
// invalid. Of equal versions the first one given wins.
std::optional<Version> max_satisfying(const std::vector<std::string>& versions,
                                      std::string_view range, Options opts = {});

// node-semver `intersects`: false when either range is invalid.
bool intersects(std::string_view range_a, std::string_view range_b, Options opts = {});

// node-semver `validRange`: the canonical string, nullopt when invalid.
std::optional<std::string> valid_range(std::string_view text, Options opts = {});

}  // namespace archgate::core::semver
