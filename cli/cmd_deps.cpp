// archgate deps [PATH]: per-dependency facts and scores (maintenance,
// install scripts, transitive weight) from the lockfile and the registry,
// with the deps/* findings. Registry documents come through the on-disk
// cache; --offline uses the cache alone.

#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "analyzers/pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/keep.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/snapshot.hpp"
#include "reports/deps_report.hpp"
#include "rules/engine.hpp"
#include "rules/source_paths.hpp"

namespace archgate::cli {

namespace {

struct DepsOptions {
  std::string path = ".";
  std::string format = "text";
  std::string output;
  std::string today;
  std::string explain;
  std::string cache_dir;
  bool offline = false;
  bool no_advisories = false;
  int unmaintained_days = 730;
  int heavy_threshold = 100;
  std::vector<std::string> license_allow;  // added to archgate.toml [deps] license-allow
  std::vector<std::string> license_deny;   // added to archgate.toml [deps] license-deny
  int concurrency = 16;
  int ttl_minutes = 12 * 60;
  int timeout_seconds = 30;
};

int run_deps(const DepsOptions& o, const CLI::App& app) {
  return_large_allocations();
  core::WorkingTreeSnapshot snap(o.path);
  analyzers::PipelineOptions popts;
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  // archgate.toml gives the thresholds and license lists; a flag given on
  // the command line wins over it, and license flags add to its lists.
  bool unmaintained_flag = app.count("--unmaintained-days") > 0;
  bool heavy_flag = app.count("--heavy-threshold") > 0;
  popts.adjust_settings = [&](core::Settings& s) {
    s.today = o.today.empty() ? system_today() : o.today;
    if (unmaintained_flag) {
      s.unmaintained_days = o.unmaintained_days;
    }
    if (heavy_flag) {
      s.heavy_threshold = o.heavy_threshold;
    }
    s.license_allow.insert(s.license_allow.end(), o.license_allow.begin(), o.license_allow.end());
    s.license_deny.insert(s.license_deny.end(), o.license_deny.begin(), o.license_deny.end());
  };
  popts.registry = o.offline ? analyzers::RegistryAccess::offline : analyzers::RegistryAccess::online;
  popts.registry_cache_dir = o.cache_dir.empty() ? std::string() : o.cache_dir + "/registry";
  popts.advisories = !o.no_advisories;
  popts.client.concurrency = o.concurrency;
  popts.client.ttl = std::chrono::minutes(o.ttl_minutes);
  popts.client.read_timeout = std::chrono::seconds(o.timeout_seconds);
  popts.client.connect_timeout = std::chrono::seconds(std::min(o.timeout_seconds, 10));
  Progress progress("registry metadata");
  popts.progress = [&progress](std::size_t done, std::size_t total) { progress.update(done, total); };
  // The source pass too: how each direct dependency is used (references
  // only, no checklist facts).
  popts.source_facts = false;
  popts.source_secrets = false;  // `deps` prints no secret findings
  auto& facts = keep_until_exit(analyzers::run_pipeline(
      snap, analyzers::pass_bit(analyzers::Pass::deps) | analyzers::pass_bit(analyzers::Pass::usage), popts));
  if (!facts) {
    return report_error(facts.error().to_string());
  }
  if (!facts->project->graph) {
    print_errors(facts->errors);
    return report_error("no lockfile could be read in " + o.path +
                        ": `archgate deps` scores the locked packages");
  }
  const auto& d = *facts->deps;
  rules::Selection deps_rules{{"deps/*"}, {"deps/engines-incompatible"}};
  auto result = rules::evaluate(*facts, deps_rules);

  std::map<std::string, reports::DependencyUsage, std::less<>> usage;
  if (facts->usage && facts->source) {
    const auto& g = facts->source->graph;
    std::map<std::string, std::set<std::string>> workspaces;
    std::map<std::string, std::set<std::uint32_t>> files;
    for (std::size_t i = 0; i < g.edges.size(); ++i) {
      const auto& pkg = facts->source->details[i].package;
      if (pkg.empty()) continue;
      const auto& e = g.edges[i];
      auto& u = usage[pkg];
      ++u.sites;
      (rules::dev_only_path(g.files[e.from].path) || e.kind == core::ModuleEdgeKind::type ? u.test : u.production)++;
      files[pkg].insert(e.from);
      workspaces[pkg].insert(g.files[e.from].workspace.empty() ? "." : g.files[e.from].workspace);
    }
    for (auto& [pkg, u] : usage) {
      u.files = files[pkg].size();
      u.workspaces.assign(workspaces[pkg].begin(), workspaces[pkg].end());
    }
  }
  reports::DepsOutput dout;
  dout.report = &d.report;
  if (facts->usage) dout.usage = &usage;
  dout.findings = std::move(result.findings);
  dout.script_policy = &facts->config->script_policy;
  dout.manager = facts->config->script_manager;
  const auto verdicts =
      deps::script_verdicts(d.report, facts->config->script_policy, facts->config->script_manager);
  dout.script_verdicts = &verdicts;
  dout.missing_offline = d.missing_offline;
  dout.explain = o.explain;
  dout.errors = facts->errors;
  const auto& errors = facts->errors;

  Output out(o.output);
  bool found = true;
  if (o.format == "json") {
    if (!o.explain.empty() && d.report.find(o.explain) == nullptr) {
      found = false;
    }
    reports::write_deps_json(dout, out.stream());
  } else {
    found = reports::write_deps_text(dout, out.stream());
  }
  if (!out.finish()) {
    return k_exit_error;
  }
  print_errors(errors);
  if (!d.missing_offline.empty()) {
    std::string m = "offline: " + std::to_string(d.missing_offline.size()) +
                    " packages are not in the registry cache (" + d.cache_dir + "); their scores are unknown: ";
    for (std::size_t i = 0; i < d.missing_offline.size() && i < 20; ++i) {
      m += (i ? ", " : "") + d.missing_offline[i];
    }
    warning(m + (d.missing_offline.size() > 20 ? ", …" : ""));
  }
  if (d.advisories && d.advisories->offline_missing) {
    warning("offline: " + d.advisories->problem());
  }
  if (!found) {
    return report_error("--explain: no package named " + o.explain + " in the lockfile");
  }
  return errors.empty() ? k_exit_ok : k_exit_error;
}

}  // namespace

Command setup_deps(CLI::App& parent) {
  auto opts = std::make_shared<DepsOptions>();
  auto* app = parent.add_subcommand(
      "deps",
      "Score every locked dependency (maintenance, install scripts, transitive weight) from\n"
      "the lockfile and registry metadata (cached; see docs/registry.md).\n"
      "Example: archgate deps . --explain request");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app->add_option("--output,-o", opts->output, "Write the report to FILE instead of stdout");
  app->add_option("--explain", opts->explain, "Show how NAME's (or NAME@VERSION's) scores were reached");
  app->add_flag("--offline", opts->offline,
                "Use cached registry metadata only; list the packages that are missing");
  app->add_flag("--no-advisories", opts->no_advisories,
                "Do not ask the registry's bulk advisory endpoint (deps/vulnerable is skipped)");
  app->add_option("--cache-dir", opts->cache_dir,
                  "Cache folder (default: $ARCHGATE_CACHE_DIR, $XDG_CACHE_HOME/archgate, "
                  "~/.cache/archgate); documents go in its registry/ subfolder");
  app->add_option("--unmaintained-days", opts->unmaintained_days,
                  "deps/unmaintained: days without a release")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--heavy-threshold", opts->heavy_threshold,
                  "deps/heavy: packages in a direct dependency's subtree")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app->add_option("--license-allow", opts->license_allow,
                  "deps/license: an accepted SPDX id (repeatable; adds to archgate.toml [deps])");
  app->add_option("--license-deny", opts->license_deny,
                  "deps/license: a refused SPDX id (repeatable; adds to archgate.toml [deps])");
  app->add_option("--concurrency", opts->concurrency, "Parallel registry connections")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app->add_option("--ttl-minutes", opts->ttl_minutes,
                  "Use cached documents younger than this without asking the registry")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--timeout", opts->timeout_seconds, "Registry read timeout in seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_today_option(*app, opts->today);
  return {app, [opts, app] { return run_deps(*opts, *app); }};
}

}  // namespace archgate::cli
