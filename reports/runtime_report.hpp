#pragma once
// Renders `archgate runtime` (pins, findings, upgrade plan) and
// `archgate schedule` (release lines and their status) as text or JSON.
// Writers only write to the stream they are given.
#include <ostream>
#include <string>
#include <vector>

#include "core/runtime_model.hpp"
#include "core/finding.hpp"
#include "core/node_schedule.hpp"
#include "core/result.hpp"

namespace archgate::reports {

struct RuntimeReport {
  const core::runtime::RuntimeAnalysis* analysis = nullptr;
  std::vector<core::Finding> findings;  // sorted
  std::vector<core::Error> errors;      // inputs that could not be read
  std::string root;
  std::string schedule_note;  // e.g. why the cache was ignored
};

// Text for people: a pin table, findings, the plan. Never fails.
void write_runtime_text(const RuntimeReport& report, std::ostream& out, bool color = false);
// JSON (schemaVersion 1): {today, schedule, runtime: {pins, production, plan},
// findings, errors}. See docs/runtime.md.
void write_runtime_json(const RuntimeReport& report, std::ostream& out);

// Every release line with its status on `today`, newest first.
void write_schedule_text(const core::NodeSchedule& schedule, core::Day today, std::ostream& out);
// {today, source, data_date, lines: [{line, major, codename, status, dates..., next}]}.
void write_schedule_json(const core::NodeSchedule& schedule, core::Day today, std::ostream& out);

}  // namespace archgate::reports
