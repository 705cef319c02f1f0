#include "analyzers/pipeline.hpp"

#include "core/http.hpp"
#include "core/timing.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <thread>

#include "analyzers/project_loader.hpp"
#include "analyzers/runtime/pins.hpp"

namespace archgate::analyzers {

namespace {

// A path for people: the home folder as "~".
std::string display_path(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0' && path.starts_with(home) &&
      (path.size() == std::strlen(home) || path[std::strlen(home)] == '/')) {
    return "~" + path.substr(std::strlen(home));
  }
  return path;
}

std::map<std::string, std::string> environment(const PipelineOptions& o) {
  return o.env ? *o.env : registry::process_env();
}

void project_pass(Facts& facts, const PipelineOptions& o) {
  // load_project fails only for an unreadable root; run_pipeline checked it.
  LoadOptions lo;
  lo.read_graph = o.lockfile_graph;
  auto project = load_project(*facts.snapshot, lo);
  if (!project) {
    facts.errors.push_back(project.error());
    return;
  }
  facts.errors.insert(facts.errors.end(), project->input_errors.begin(),
                      project->input_errors.end());
  facts.project = std::move(*project);
}

void config_pass(Facts& facts, const PipelineOptions& o) {
  ConfigFacts c;
  auto env = environment(o);
  c.registries = read_registry_settings(*facts.snapshot, env);
  facts.errors.insert(facts.errors.end(), c.registries.errors.begin(), c.registries.errors.end());
  registry::ConfigSources sources;
  sources.project = facts.snapshot;
  if (o.env) {
    sources.env = *o.env;
    sources.use_process_env = false;
    sources.use_user_and_global = false;
  }
  if (auto npm = registry::load_npm_config(sources)) {
    c.npm = std::move(*npm);
  } else {
    facts.errors.push_back(npm.error());
  }
  c.script_policy = deps::load_script_policy(*facts.snapshot);
  facts.errors.insert(facts.errors.end(), c.script_policy.errors.begin(),
                      c.script_policy.errors.end());
  if (facts.project) {
    c.script_manager = deps::script_manager(*facts.project);
  }
  facts.config = std::move(c);
}

void runtime_pass(Facts& facts, const PipelineOptions& o) {
  if (!facts.project) {
    return;
  }
  RuntimeFacts r;
  r.today = *core::day_or_today(facts.settings.today);
  r.schedule = core::load_schedule(o.schedule_cache_dir.empty() ? core::default_cache_dir()
                                                               : o.schedule_cache_dir);
  auto scan = runtime::discover_pins(*facts.snapshot, *facts.project);
  facts.errors.insert(facts.errors.end(), scan.errors.begin(), scan.errors.end());
  r.analysis = runtime::analyze_runtime(std::move(scan.pins), r.schedule.schedule, r.today,
                                        facts.settings.eol_soon_days);
  facts.runtime = std::move(r);
}

void deps_pass(Facts& facts, const PipelineOptions& o) {
  if (!facts.project || !facts.project->graph) {
    return;
  }
  const auto& graph = *facts.project->graph;
  DepsFacts d;
  d.settings.today = facts.settings.today;
  d.settings.unmaintained_days = facts.settings.unmaintained_days;
  d.settings.heavy_threshold = facts.settings.heavy_threshold;
  d.settings.explain = o.deps_explain;
  d.cache_dir = o.registry_cache_dir.empty() ? registry::default_registry_cache_dir()
                                             : o.registry_cache_dir;
  d.cache_dir_shown = display_path(d.cache_dir);
  // Online needs the HTTP module: without it, one error (not one per
  // package) and the cache stands in for the network.
  auto access = o.registry;
  if (access == RegistryAccess::online) {
    if (auto why = core::http::unavailable()) {
      facts.errors.push_back(core::Error{"registry", 0, 0, *why + "; metadata and advisories were read from the cache only"});
      access = RegistryAccess::offline;
    }
  }
  deps::MetaMap meta;
  std::error_code ec;
  bool cache_exists = !d.cache_dir.empty() && std::filesystem::is_directory(d.cache_dir, ec);
  bool usable = access != RegistryAccess::cache_only || cache_exists;
  // The registry names, listed once when they are looked up (metadata and
  // advisories are asked for the same names); otherwise counted below.
  std::vector<std::pair<std::string, std::vector<std::string>>> packages;
  const bool reads_registry = usable && facts.config && facts.config->npm;
  if (reads_registry) {
    packages = deps::registry_packages(graph, o.deps_only);
    d.registry_packages = packages.size();
    registry::ClientOptions copts = o.client;
    copts.config = *facts.config->npm;
    copts.cache_dir = d.cache_dir;
    copts.offline = access != RegistryAccess::online;
    registry::RegistryClient client(std::move(copts));
    auto loaded = deps::load_metadata(packages, client, o.progress);
    meta = std::move(loaded.meta);
    d.missing_offline = std::move(loaded.missing_offline);
    // Offline, a name that is not cached is "unknown", not an error; the
    // report says how many.
    for (auto& e : loaded.errors) {
      if (access == RegistryAccess::online || e.message.find("offline and ") != 0) {
        facts.errors.push_back(std::move(e));
      }
    }
    if (o.advisories) {
      auto adv = registry::fetch_advisories(client, packages);
      d.advisories_checked = adv.status() == registry::AdvisoryStatus::complete;
      d.advisories_problem = adv.problem();
      if (access == RegistryAccess::cache_only &&
          adv.status() == registry::AdvisoryStatus::missing) {
        // The fetch's own words speak of --offline; `check` never fetches.
        d.advisories_problem = "no advisory data in the registry cache for " +
                               std::to_string(adv.missing.size()) +
                               " packages: run `archgate deps` (check reads only the cache)";
      }
      if (access == RegistryAccess::online) {
        facts.errors.insert(facts.errors.end(), adv.errors.begin(), adv.errors.end());
      }
      d.advisories = std::move(adv);
    } else {
      d.advisories_problem = "advisories were not looked up (--no-advisories)";
    }
  } else if (!usable) {
    d.advisories_problem = "no registry cache at " + display_path(d.cache_dir) +
                           ": run `archgate deps` once to fetch metadata and advisories";
  }
  d.with_metadata = meta.size();
  d.report = deps::analyze_deps(graph, meta, d.settings);
  // Without the registry, every registry name is one the report lists as
  // missing metadata: counted there (a pass hashing 50,000 names again was
  // 3.5 ms), unless a name filter applies.
  if (!reads_registry) {
    d.registry_packages = o.deps_only ? deps::count_registry_names(graph, o.deps_only) : d.report.missing_metadata.size();
  }
  if (d.advisories) {
    deps::apply_advisories(d.report, *d.advisories, meta);
  } else {
    d.report.advisories.status = o.advisories ? "" : "skipped";
  }
  if (facts.runtime) {
    d.floor = deps::runtime_floor(facts.runtime->analysis);
  } else {
    d.floor = deps::runtime_floor({});
  }
  if (o.deps_sources) d.sources = core::direct_sources(graph, DepsFacts::k_sources_cap);
  facts.deps = std::move(d);
}

}  // namespace

// Source: every JS/TS file scanned once, references resolved, the module
// graph built. Never fails: a file that does not lex is a finding.
void source_pass(Facts& facts, const PipelineOptions& options) {
  if (!facts.project) return;
  source::SourceOptions so;
  so.scan.facts = options.source_facts;
  so.secrets = options.source_secrets;
  facts.source = source::analyze_source(*facts.snapshot, *facts.project, so);
}

// Containers: Dockerfiles, their .dockerignore, orchestrator probes.
void containers_pass(Facts& facts, const PipelineOptions&) { facts.containers = read_containers(*facts.snapshot); }

// CI: the commands CI configuration runs.
void ci_pass(Facts& facts, const PipelineOptions&) {
  facts.ci = read_ci(*facts.snapshot);
  if (!facts.project) return;
  std::vector<const core::Manifest*> packages;
  if (facts.project->root) packages.push_back(&*facts.project->root);
  for (const auto& w : facts.project->workspaces) packages.push_back(&w);
  read_package_shell_scripts(*facts.snapshot, packages, *facts.ci);
}

// Usage: every declared dependency's uses, undeclared imports.
void usage_pass(Facts& facts, const PipelineOptions&) {
  if (!facts.project || !facts.source) return;
  facts.usage = source::analyze_usage(*facts.snapshot, *facts.project, *facts.source, facts.ci ? &*facts.ci : nullptr);
}

const std::vector<PassInfo>& passes() {
  static const std::vector<PassInfo> k_passes = {
      {Pass::project, "project", 0, project_pass},
      {Pass::config, "config", pass_bit(Pass::project), config_pass},
      {Pass::runtime, "runtime", pass_bit(Pass::project), runtime_pass},
      {Pass::deps, "deps",
       pass_bit(Pass::project) | pass_bit(Pass::config) | pass_bit(Pass::runtime), deps_pass},
      {Pass::source, "source", pass_bit(Pass::project), source_pass},
      {Pass::containers, "containers", 0, containers_pass},
      {Pass::ci, "ci", pass_bit(Pass::project), ci_pass},
      {Pass::usage, "usage", pass_bit(Pass::source) | pass_bit(Pass::ci), usage_pass},
      // PASSES: add new passes above this line.
  };
  return k_passes;
}

core::Result<Facts> run_pipeline(const core::Snapshot& snapshot, PassSet wanted,
                                 const PipelineOptions& options) {
  Facts facts;
  facts.snapshot = &snapshot;
  if (auto r = load_settings(snapshot, options.settings_file, facts.settings, options.known_rule);
      !r) {
    return std::unexpected(r.error());
  }
  if (options.adjust_settings) {
    options.adjust_settings(facts.settings);
  }
  if (!core::day_or_today(facts.settings.today)) {
    return core::fail("", "--today: expected YYYY-MM-DD, got \"" + facts.settings.today + "\"");
  }
  if (facts.settings.today.empty()) {
    facts.settings.today = core::format_day(*core::day_or_today(""));
  }
  // Close `wanted` over the passes' needs (needs always come earlier).
  const auto& all = passes();
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (wanted & pass_bit(it->id)) {
      wanted |= it->needs;
    }
  }
  // The source pass reads only the snapshot (safe to share: its caches are
  // locked) and the project, and writes only facts.source; it runs on a
  // thread of its own beside the passes that do not read it (config,
  // runtime, deps, containers, ci), joined before the first that does. On
  // ghostfolio, `deps --offline` spent ~40 ms in source after ~55 in deps.
  const auto source_bit = pass_bit(Pass::source);
  const PassSet beside = pass_bit(Pass::config) | pass_bit(Pass::runtime) | pass_bit(Pass::deps);
  const bool overlap = (wanted & source_bit) && (wanted & beside) && std::thread::hardware_concurrency() >= 2;
  // Declared before the thread, so that unwinding joins the thread before
  // what it writes is destroyed.
  std::exception_ptr source_failed;  // rethrown here, as if the pass had run inline
  std::jthread source_job;
  auto join_source = [&] {
    if (!source_job.joinable()) return;
    source_job.join();
    if (source_failed) std::rethrow_exception(source_failed);
  };
  // options.beside_deps: reads only what the passes before deps wrote.
  std::exception_ptr beside_failed;
  std::jthread beside_job;
  auto join_beside = [&] {
    if (!beside_job.joinable()) return;
    beside_job.join();
    if (beside_failed) std::rethrow_exception(beside_failed);
  };
  for (const auto& p : all) {
    if (!(wanted & pass_bit(p.id))) continue;
    if (p.id == Pass::deps && options.beside_deps) {
      beside_job = std::jthread([&facts, &options, &beside_failed, ran = facts.ran] {
        try {
          options.beside_deps(facts, ran);
        } catch (...) {
          beside_failed = std::current_exception();
        }
      });
    }
    if (overlap && p.id == Pass::project) {
      {
        core::ScopedTiming timing(p.name);  // ARCHGATE_TIMINGS=1
        p.run(facts, options);
      }
      facts.ran |= pass_bit(p.id);
      const auto& source = *std::find_if(all.begin(), all.end(), [](const PassInfo& q) { return q.id == Pass::source; });
      source_job = std::jthread([&facts, &options, &source, &source_failed] {
        core::ScopedTiming timing("source (beside the passes after project)");
        try {
          source.run(facts, options);
        } catch (...) {
          source_failed = std::current_exception();
        }
      });
      continue;
    }
    if (overlap && p.id == Pass::source) continue;  // already running
    if (overlap && (p.needs & source_bit)) join_source();
    core::ScopedTiming timing(p.name);  // ARCHGATE_TIMINGS=1
    p.run(facts, options);
    facts.ran |= pass_bit(p.id);
  }
  join_source();
  join_beside();
  if (overlap) facts.ran |= source_bit;
  // The project pass failing means the root itself could not be read.
  if ((wanted & pass_bit(Pass::project)) && !facts.project) {
    return std::unexpected(facts.errors.front());
  }
  return facts;
}

}  // namespace archgate::analyzers
