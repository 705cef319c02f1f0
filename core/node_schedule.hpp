#pragma once
// The Node.js release schedule: release lines with their phase dates, the
// releases of each line, and what a line's status is on a given day.
//
// The data comes from two documents the Node.js project publishes: the
// Release working group's schedule.json (one entry per line: alpha, start,
// lts, maintenance, end, codename) and nodejs.org/dist/index.json (one entry
// per release: version, date, lts, security). Copies are compiled into the
// binary (data/node-release-schedule.json, data/node-releases.json);
// `archgate schedule --update` stores fresher copies in the cache, and
// load_schedule() uses whichever of the two is newer.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace archgate::core {

using Day = std::chrono::sys_days;

// Parses "YYYY-MM-DD" (a valid calendar date); nullopt otherwise.
std::optional<Day> parse_day(std::string_view s);
// "YYYY-MM-DD".
std::string format_day(Day d);
// Today's date (UTC) when `s` is empty, else parse_day(s); nullopt when `s`
// is not a valid date.
std::optional<Day> day_or_today(std::string_view s);

// Where a line is in its life on a given day. `maintenance` is the
// maintenance phase of a line that never became LTS (odd lines before 27);
// `planned` a line whose first phase has not begun.
enum class LineStatus : std::uint8_t {
  planned,
  alpha,
  current,
  active_lts,
  maintenance,
  maintenance_lts,
  end_of_life
};

// "alpha", "current", "active-lts", "maintenance-lts", "end-of-life", ...
std::string_view to_string(LineStatus status);
// True for statuses in which the project still ships fixes for the line.
bool is_supported(LineStatus status);

struct ReleaseLine {
  std::string key;  // as in schedule.json: "v20", "v0.12"
  int major = 0;    // 20; 0 for the v0.x lines
  int minor = -1;   // 12 for "v0.12", -1 otherwise
  std::optional<Day> alpha, start, lts, maintenance, end;
  std::string codename;  // "Iron"; empty when none

  // True when the line has (or will have) an LTS phase.
  [[nodiscard]] bool has_lts() const { return lts.has_value(); }
  // "20", or "0.12".
  [[nodiscard]] std::string label() const;
};

struct Transition {
  LineStatus to = LineStatus::end_of_life;
  Day date;
};

struct Release {
  std::string version;  // without "v": "22.11.0", "27.0.0-alpha.1"
  int major = 0;
  int minor = 0;
  int patch = 0;
  bool prerelease = false;
  Day date;
  std::string lts;  // codename, or empty
  bool security = false;
};

// Compares two release versions numerically (prereleases before their
// release); <0, 0, >0.
int compare_release_versions(std::string_view a, std::string_view b);

class NodeSchedule {
 public:
  std::vector<ReleaseLine> lines;  // sorted by (major, minor)
  std::vector<Release> releases;   // sorted by version
  std::string source;              // "embedded" or "cache <dir>"
  std::optional<Day> data_date;    // newest release date: how fresh the data is

  // Status of `line` on `today`: the last phase whose date is on or before
  // `today`. Missing phases are skipped (see node_schedule.cpp).
  [[nodiscard]] static LineStatus status(const ReleaseLine& line, Day today);
  // The first phase change after `today`, or nullopt once the line has ended.
  [[nodiscard]] static std::optional<Transition> next_transition(const ReleaseLine& line,
                                                                 Day today);

  // The line for a major (not the v0.x lines), or nullptr.
  [[nodiscard]] const ReleaseLine* line(int major) const;
  // The line whose codename is `name` (case-insensitive), or nullptr.
  [[nodiscard]] const ReleaseLine* by_codename(std::string_view name) const;
  // The newest line whose LTS phase has begun on `today`; `back` = 1 gives
  // the one before it (nvm's lts/-1). nullptr when none.
  [[nodiscard]] const ReleaseLine* latest_lts(Day today, int back = 0) const;
  // The newest line released (Current or later, not alpha) on `today`.
  [[nodiscard]] const ReleaseLine* newest_released(Day today) const;
  // The newest line in active LTS on `today` (else the newest maintenance
  // LTS): the line an upgrade plan moves to. nullptr when none.
  [[nodiscard]] const ReleaseLine* recommended(Day today) const;

  // The newest non-prerelease release of a major, or nullptr.
  [[nodiscard]] const Release* latest_release(int major) const;
  // The newest security release of a major, or nullptr.
  [[nodiscard]] const Release* latest_security_release(int major) const;

  // Resolves an alias as nvm/volta/Docker use them: "lts/*", "lts",
  // "lts/<codename>", "lts/-N", "node", "latest", "current", "stable", a
  // bare codename ("iron"). nullptr when `alias` is none of these or names
  // no known line.
  [[nodiscard]] const ReleaseLine* resolve_alias(std::string_view alias, Day today) const;
};

// Parses the two documents. `schedule_json` is schedule.json's shape (an
// object of "vN" → {start, end, ...}); `releases_json` an array of
// {version, date, lts, security} (dist/index.json or its trimmed copy).
// Fails naming `schedule_file`/`releases_file` and what was expected.
Result<NodeSchedule> parse_schedule(std::string_view schedule_json, std::string_view releases_json,
                                    std::string schedule_file = "node-release-schedule.json",
                                    std::string releases_file = "node-releases.json");

// The data compiled into the binary. Throws FatalError when the embedded
// copy is broken (a build problem, not an input problem).
const NodeSchedule& embedded_schedule();

// The cache folder: $ARCHGATE_CACHE_DIR, else $XDG_CACHE_HOME/archgate,
// else $HOME/.cache/archgate; empty when none of them is set.
std::string default_cache_dir();

// File names inside the cache folder.
inline constexpr std::string_view k_cache_schedule_file = "node-release-schedule.json";
inline constexpr std::string_view k_cache_releases_file = "node-releases.json";

struct LoadedSchedule {
  NodeSchedule schedule;
  // Why the cache was not used when it exists but is broken (empty otherwise).
  std::string cache_warning;
};

// The newer of the cached copy in `cache_dir` and the embedded data ("newer"
// = the newest release date; ties go to the embedded copy). A missing cache
// is not an error; a broken one is ignored and explained in cache_warning.
LoadedSchedule load_schedule(std::string_view cache_dir);

// The two URLs `archgate schedule --update` fetches by default: the only
// hosts archgate's schedule code contacts.
inline constexpr std::string_view k_default_schedule_url =
    "https://raw.githubusercontent.com/nodejs/Release/main/schedule.json";
inline constexpr std::string_view k_default_releases_url = "https://nodejs.org/dist/index.json";

struct UpdateOptions {
  std::string schedule_url = std::string(k_default_schedule_url);
  std::string releases_url = std::string(k_default_releases_url);
  std::string cache_dir;
  int timeout_seconds = 30;
};

struct UpdateSummary {
  std::size_t lines = 0;
  std::size_t releases = 0;
  std::optional<Day> data_date;
  std::string cache_dir;
};

// Fetches both documents over HTTP(S), checks that they parse, and writes
// them into the cache folder (creating it). Fails with the URL and the HTTP
// status or network error, or the parse error; the cache is left untouched
// on failure.
Result<UpdateSummary> update_schedule_cache(const UpdateOptions& options);

}  // namespace archgate::core
