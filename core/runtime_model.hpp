#pragma once
// The result model of the runtime analysis: the pins found
// (analyzers/runtime/pins.hpp discovers them), each resolved against the
// Node.js schedule, and the upgrade plan (analyzers/runtime/analysis.hpp).
// Plain data that rules/ and reports/ read; it lives in core/ so that
// reports see only core/, and the analyzers re-declare these names in
// archgate::analyzers::runtime.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/node_schedule.hpp"

namespace archgate::core::runtime {

// What a pin means for the project.
enum class PinRole : std::uint8_t {
  runtime,     // the Node.js the project runs on (.nvmrc, Dockerfile, volta, ...)
  build,       // a Node.js only a build runs (a Dockerfile stage the shipped image does not come from)
  ci,          // a Node.js CI tests on (setup-node, .gitlab-ci.yml image, ...)
  constraint,  // a range the project accepts (engines.node, devEngines.runtime)
  types,       // the @types/node major
  dev          // a development or test environment (Dockerfile.dev, docker-compose.test.yml, .devcontainer/)
};

std::string_view to_string(PinRole role);

// A container or compose file for development or tests, judged by its
// place and name: under .devcontainer/ or .github/, in a test, e2e or
// example folder, or a name with a word such as dev, test, e2e, ci, local
// or debug (Dockerfile.dev, docker-compose.test.yml, dev.Dockerfile).
bool dev_environment_file(std::string_view path);

struct RuntimePin {
  std::string source;  // kebab-case id: "nvmrc", "dockerfile", "github-actions", ...
  PinRole role = PinRole::runtime;
  std::string file;  // project-relative
  int line = 0;      // 1-based
  int column = 0;
  std::string spec;     // as written, after variable substitution ("node:20-alpine")
  std::string version;  // the version part to resolve ("20", "lts/*", ">=18"; "" = none)
  // Where the version is actually written when that is elsewhere (a
  // Dockerfile ARG default, a CI variable); empty when it is at file:line.
  std::string value_file;
  int value_line = 0;
  std::string context;  // "stage build", "matrix node", "workspace packages/a", ...
  bool has_digest = false;  // an image pinned by @sha256:...
  bool unresolved_variable = false;  // the version comes from a variable with no default
};

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

}  // namespace archgate::core::runtime
