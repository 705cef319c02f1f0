// archgate deps [PATH]: per-dependency facts and scores (maintenance,
// install scripts, transitive weight) from the lockfile and the registry,
// with the deps/* findings. Registry documents come through the on-disk
// cache; --offline uses the cache alone.
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <memory>

#include "analyzers/deps/advisories.hpp"
#include "analyzers/deps/metadata.hpp"
#include "analyzers/deps/script_policy.hpp"
#include "analyzers/project_loader.hpp"
#include "analyzers/registry/client.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "core/node_schedule.hpp"
#include "core/snapshot.hpp"
#include "reports/deps_report.hpp"
#include "rules/config.hpp"
#include "rules/deps_rules.hpp"

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

int run_deps(const DepsOptions& o) {
  core::WorkingTreeSnapshot snap(o.path);
  auto project = analyzers::load_project(snap);
  if (!project) {
    return report_error(project.error().to_string());
  }
  auto today = core::day_or_today(o.today);
  if (!today) {
    return report_error("--today: expected YYYY-MM-DD");
  }
  if (!project->graph) {
    for (const auto& e : project->input_errors) {
      std::cerr << "archgate: error: " << e.to_string() << '\n';
    }
    return report_error("no lockfile could be read in " + o.path + ": `archgate deps` scores the locked packages");
  }
  registry::ConfigSources sources;
  sources.project = &snap;
  auto cfg = registry::load_npm_config(sources);
  if (!cfg) {
    return report_error(cfg.error().to_string());
  }
  registry::ClientOptions copts;
  copts.config = std::move(*cfg);
  copts.cache_dir = o.cache_dir.empty() ? registry::default_registry_cache_dir()
                                        : o.cache_dir + "/registry";
  copts.offline = o.offline;
  copts.concurrency = o.concurrency;
  copts.ttl = std::chrono::minutes(o.ttl_minutes);
  copts.read_timeout = std::chrono::seconds(o.timeout_seconds);
  copts.connect_timeout = std::chrono::seconds(std::min(o.timeout_seconds, 10));
  registry::RegistryClient client(std::move(copts));

  bool tty = ::isatty(STDERR_FILENO) != 0;
  auto progress = [tty](std::size_t done, std::size_t total) {
    if (tty && (done % 16 == 0 || done == total)) {
      std::cerr << "\rarchgate: registry metadata " << done << "/" << total << (done == total ? "\n" : "")
                << std::flush;
    }
  };
  auto loaded = deps::load_metadata(*project->graph, client, progress);
  std::optional<deps::LoadedAdvisories> advisories;
  if (!o.no_advisories) {
    advisories = deps::load_advisories(*project->graph, client);
  }

  deps::DepsSettings settings;
  settings.today = core::format_day(*today);
  settings.unmaintained_days = o.unmaintained_days;
  settings.heavy_threshold = o.heavy_threshold;
  auto report = deps::analyze_deps(*project->graph, loaded.meta, settings);
  if (advisories) {
    deps::apply_advisories(report, advisories->fetch, loaded.meta);
  } else {
    report.advisories.status = "skipped";
  }

  rules::RuleConfig rconfig;
  rconfig.today = settings.today;
  rconfig.snapshot = &snap;
  // deps/license policy: archgate.toml [deps], plus --license-allow/--license-deny.
  if (auto pc = rules::load_project_config(snap, "", rconfig); !pc) {
    return report_error(pc.error().to_string());
  }
  rconfig.license_allow.insert(rconfig.license_allow.end(), o.license_allow.begin(), o.license_allow.end());
  rconfig.license_deny.insert(rconfig.license_deny.end(), o.license_deny.begin(), o.license_deny.end());
  reports::DepsOutput dout;
  dout.report = &report;
  rules::RuleContext ctx{*project, rconfig, dout.findings};
  // Install-script allow-lists (package.json, pnpm-workspace.yaml, .yarnrc.yml,
  // .npmrc): verdicts and deps/stale-allowlist; wrong-typed settings are errors.
  auto script_policy = deps::load_script_policy(snap);
  dout.script_policy = &script_policy;
  dout.manager = deps::script_manager(*project);
  rules::emit_deps_findings(ctx, report, settings, &script_policy);
  core::sort_findings(dout.findings);
  dout.errors.insert(dout.errors.end(), script_policy.errors.begin(), script_policy.errors.end());
  dout.missing_offline = loaded.missing_offline;
  dout.explain = o.explain;
  // Offline, a name missing from the cache is reported once (below), not as
  // an error; a cached document that cannot be parsed still is one.
  for (const auto& e : loaded.errors) {
    if (!o.offline || e.message.find("offline and ") != 0) {
      dout.errors.push_back(e);
    }
  }
  if (advisories) {
    // 404/405 ("advisories unavailable from HOST") and failed batches are
    // errors: vulnerabilities were not checked, which is never an all-clear.
    dout.errors.insert(dout.errors.end(), advisories->fetch.errors.begin(),
                       advisories->fetch.errors.end());
  }
  auto errors = project->input_errors;
  errors.insert(errors.end(), dout.errors.begin(), dout.errors.end());

  Output out(o.output);
  bool found = true;
  if (o.format == "json") {
    if (!o.explain.empty() && report.find(o.explain) == nullptr) {
      found = false;
    }
    reports::write_deps_json(dout, out.stream());
  } else {
    found = reports::write_deps_text(dout, out.stream());
  }
  if (!out.finish()) {
    return k_exit_error;
  }
  for (const auto& e : errors) {
    std::cerr << "archgate: error: " << e.to_string() << '\n';
  }
  if (!loaded.missing_offline.empty()) {
    std::cerr << "archgate: offline: " << loaded.missing_offline.size()
              << " packages are not in the registry cache (" << client.options().cache_dir
              << "); their scores are unknown: ";
    for (std::size_t i = 0; i < loaded.missing_offline.size() && i < 20; ++i) {
      std::cerr << (i ? ", " : "") << loaded.missing_offline[i];
    }
    std::cerr << (loaded.missing_offline.size() > 20 ? ", …" : "") << '\n';
  }
  if (advisories && advisories->fetch.offline_missing) {
    std::cerr << "archgate: offline: " << advisories->fetch.problem() << '\n';
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
  return {app, [opts] { return run_deps(*opts); }};
}

}  // namespace archgate::cli
