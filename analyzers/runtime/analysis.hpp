#pragma once
// Resolving runtime pins against the Node.js schedule on a given day, and
// planning the upgrade.
//
// A pin's version is one of: an exact version ("22.11.0"), a line ("22",
// "22.x", "22.11"), an alias ("lts/*", "node", "lts/jod", "iron"), a semver
// range (">=20 <23", engines' usual form) or nothing (an image without a
// tag). Each resolves to the release line nvm/volta/Docker would pick on
// that day; ranges also record every line they admit.
#include <optional>
#include <string>
#include <vector>

#include "analyzers/runtime/pins.hpp"
#include "core/node_schedule.hpp"

namespace archgate::analyzers::runtime {

enum class SpecKind : std::uint8_t {
  exact,     // 22.11.0
  line,      // 22, 22.x, 22.11
  codename,  // lts/jod, node:iron: one line, by name
  alias,     // lts/*, latest, node, current: moves between lines over time
  range,     // >=20, ^22 || ^24
  untagged,  // an image without a tag (latest)
  digest,    // an image pinned by digest only: pinned, line unknown
  unknown    // unset variable, unparsable text
};

std::string_view to_string(SpecKind kind);

struct ResolvedPin {
  RuntimePin pin;
  SpecKind kind = SpecKind::unknown;
  // The line the pin runs on (runtime/CI), or the lowest line a
  // constraint admits; nullopt when unknown.
  std::optional<int> major;
  std::string exact;          // the exact version when kind == exact
  std::vector<int> admitted;  // lines (majors) a range or line admits, ascending
  bool floating = false;      // may resolve to a different line tomorrow
  std::optional<core::LineStatus> status;
  std::optional<core::Day> end;
};

struct PlanChange {
  std::string file;
  int line = 0;
  std::string source;
  std::string current;   // what is written now
  std::string proposed;  // what to write
  std::string reason;
};

struct UpgradePlan {
  // "none" (already on the recommended line), "recommended", "required"
  // (a production line ends within the warning window), "overdue" (one has
  // ended), "pin" (nothing pins a runtime yet).
  std::string urgency = "none";
  std::optional<int> target;  // the line to move to
  std::string target_codename;
  std::optional<core::LineStatus> target_status;
  std::optional<core::Day> target_end;
  std::optional<core::Day> deadline;  // earliest end among the production lines
  std::vector<int> from;              // production lines today
  std::vector<PlanChange> changes;    // sorted by file, line
};

struct RuntimeAnalysis {
  core::Day today;
  std::string schedule_source;
  std::optional<core::Day> schedule_date;
  std::vector<ResolvedPin> pins;  // in discovery order (file, line)
  std::vector<int> production;    // distinct lines of runtime pins, ascending
  UpgradePlan plan;
};

// Resolves one pin. Never fails: what cannot be resolved is kind unknown.
ResolvedPin resolve_pin(const RuntimePin& pin, const core::NodeSchedule& schedule, core::Day today);

// Resolves every pin and plans the upgrade. `eol_soon_days` sets when an
// upcoming end makes the plan "required".
RuntimeAnalysis analyze_runtime(std::vector<RuntimePin> pins, const core::NodeSchedule& schedule,
                                core::Day today, int eol_soon_days = 180);

// End-of-life lines a constraint admits below the oldest supported line it
// admits (all of its end-of-life lines when it admits no supported one).
// So ">=18" gives 18-21, while ">=22" is not faulted for admitting the odd
// lines 23 and 25: nobody reads it as a promise to support those.
std::vector<int> stale_lines_admitted(const ResolvedPin& constraint,
                                      const core::NodeSchedule& schedule, core::Day today);

// Whether a range pin admits any version of `major` (node-semver intersects).
bool range_admits_line(std::string_view range, int major);

}  // namespace archgate::analyzers::runtime
