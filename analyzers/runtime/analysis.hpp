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
