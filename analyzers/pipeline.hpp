#pragma once
// The audit pipeline: passes over one Snapshot, each reading the snapshot and
// the facts of the passes before it and adding its own. Every command runs
// the passes it needs through run_pipeline(), with the same archgate.toml:
//
//   settings ─► project ─► config ─► runtime ─► deps      (facts)
//                  └──────► source                │
//                             └──────────────────┴──► rules ─► report (rules/, reports/)
//
// - settings: archgate.toml (or --config), then the command's flags;
// - project:  manifests, workspaces, lockfiles, the resolved graph;
// - config:   the package managers' config files, read once (.npmrc with
//             ${ENV}, .yarnrc, .yarnrc.yml, bunfig.toml), npm's configuration
//             and the install-script allow-lists;
// - runtime:  every Node.js pin, judged against the schedule;
// - deps:     scores, allow-list verdicts, advisories; from the registry cache
//             only unless the command asks for the network (`check` never does);
// - source:   every JS/TS file scanned once, its references resolved without
//             node_modules, the module graph;
// - containers, ci: Dockerfiles and probes; the commands CI runs;
// - usage:    for each declared dependency, everything that uses it (imports,
//             binaries in scripts and CI, configuration files, peers), and
//             the imports no manifest declares (source + ci).
//
// To add a pass: a Pass value, an entry in passes() (pipeline.cpp) naming
// the passes it needs, and its facts in Facts.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/ci.hpp"
#include "analyzers/config_files.hpp"
#include "analyzers/containers.hpp"
#include "analyzers/deps/advisories.hpp"
#include "analyzers/deps/metadata.hpp"
#include "analyzers/deps/replacements.hpp"
#include "analyzers/deps/scoring.hpp"
#include "analyzers/deps/script_policy.hpp"
#include "analyzers/registry/client.hpp"
#include "analyzers/runtime/analysis.hpp"
#include "analyzers/settings.hpp"
#include "analyzers/source/analysis.hpp"
#include "analyzers/source/usage.hpp"
#include "core/node_schedule.hpp"
#include "core/project.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"
#include "core/snapshot.hpp"

namespace archgate::analyzers {

enum class Pass : std::uint8_t { project, config, runtime, deps, source, containers, ci, usage };
using PassSet = std::uint32_t;
constexpr PassSet pass_bit(Pass p) { return PassSet{1} << static_cast<unsigned>(p); }
constexpr PassSet k_all_passes = ~PassSet{0};

enum class RegistryAccess : std::uint8_t {
  cache_only,  // read what `archgate deps` cached; never the network (`check`)
  online,      // fetch, revalidate, cache
  offline,     // `deps --offline`: the cache only, its age ignored
};

struct Facts;

struct PipelineOptions {
  std::string settings_file;  // --config; empty = archgate.toml at the root
  KnownRule known_rule;       // validates [rules] ids in archgate.toml
  // Applied after archgate.toml: flags given on the command line win.
  std::function<void(core::Settings&)> adjust_settings;
  std::string schedule_cache_dir;  // empty = the default cache folder
  // deps pass
  RegistryAccess registry = RegistryAccess::cache_only;
  registry::ClientOptions client;  // config and cache_dir are filled in by the pass
  std::string registry_cache_dir;  // empty = the default registry cache
  bool advisories = true;
  // Look up metadata and advisories only for these names (`archgate diff`:
  // what a change touches); unset = every registry package.
  deps::NameFilter deps_only;
  // Build each package's explanation lines (only `archgate deps` prints them).
  bool deps_explain = true;
  // Also work out, in the deps pass, which direct dependencies bring each
  // package (core::direct_sources, three at most): `check` names them on
  // findings about transitive packages. Done there, beside the rules that
  // run with the deps pass, rather than after it on the rules' critical path.
  bool deps_sources = false;
  // source pass: record calls, member reads and decorators too (the
  // checklist's facts); off, only module references (archgate graph).
  bool source_facts = true;
  // source pass: look for committed credentials in every file read.
  bool source_secrets = true;
  // project pass: read the lockfile into the dependency graph (archgate
  // graph prints none of it: the module graph does not need it).
  bool lockfile_graph = true;
  std::function<void(std::size_t, std::size_t)> progress;
  // Work that reads only the facts of the passes that ran before `deps`
  // (their set is the second argument): started on a thread of its own just
  // before the deps pass, beside it and the passes after it, and joined
  // before run_pipeline returns (an exception it throws is rethrown there).
  // Not started when the deps pass does not run. `check` evaluates the rule
  // families that need no later pass there.
  std::function<void(const Facts&, PassSet)> beside_deps;
  // Tests: no user/global npmrc, this environment instead of the process's.
  std::optional<std::map<std::string, std::string>> env;
};

struct ConfigFacts {
  RegistrySettings registries;  // registry URLs with where they are written
  std::optional<registry::NpmConfig> npm;  // npm's precedence: env, project, user, global
  deps::ScriptPolicy script_policy;        // install-script allow-lists
  std::string script_manager;              // the manager whose allow-list applies
};

struct RuntimeFacts {
  core::LoadedSchedule schedule;
  core::Day today{};
  runtime::RuntimeAnalysis analysis;
};

struct DepsFacts {
  deps::DepsSettings settings;
  deps::DepsReport report;
  deps::RuntimeFloor floor;  // what native replacements are judged against
  // Registry metadata: how many registry packages have it, out of how many.
  std::size_t with_metadata = 0;
  std::size_t registry_packages = 0;
  std::vector<std::string> missing_offline;
  std::string cache_dir;
  std::string cache_dir_shown;  // for messages: the home folder as "~"
  // Advisories: checked for every package, or why not.
  bool advisories_checked = false;
  std::string advisories_problem;
  std::optional<registry::AdvisoryFetch> advisories;
  // PipelineOptions::deps_sources: up to k_sources_cap direct dependencies
  // per node.
  static constexpr std::size_t k_sources_cap = 3;
  std::optional<core::SourceLists> sources;
};

struct Facts {
  const core::Snapshot* snapshot = nullptr;
  core::Settings settings;
  std::optional<core::Project> project;
  std::optional<ConfigFacts> config;
  std::optional<RuntimeFacts> runtime;
  std::optional<DepsFacts> deps;
  std::optional<source::SourceFacts> source;
  std::optional<ContainerFacts> containers;
  std::optional<CiFacts> ci;
  std::optional<source::UsageFacts> usage;
  // Every problem a pass met with an input: each makes the run incomplete
  // (exit 2) and reaches the user.
  std::vector<core::Error> errors;
  PassSet ran = 0;
};

struct PassInfo {
  Pass id;
  std::string_view name;
  PassSet needs;  // passes that must run first
  void (*run)(Facts& facts, const PipelineOptions& options);
};

// Every pass, in the order they run.
const std::vector<PassInfo>& passes();

// Reads settings, then runs the passes in `wanted` and those they need, in
// order. Fails only when the run cannot start: an unreadable root, an
// invalid settings file, a `today` that is not a date.
core::Result<Facts> run_pipeline(const core::Snapshot& snapshot, PassSet wanted,
                                 const PipelineOptions& options);

}  // namespace archgate::analyzers
