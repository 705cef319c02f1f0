// archgate runtime [PATH]: every Node.js pin with its line and status, the
// runtime findings, and an upgrade plan.
#include <iostream>
#include <memory>

#include "analyzers/pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/node_schedule.hpp"
#include "core/snapshot.hpp"
#include "reports/runtime_report.hpp"
#include "rules/engine.hpp"

namespace archgate::cli {

namespace {

struct RuntimeOptions {
  std::string path = ".";
  std::string format = "text";
  std::string fail_on = "none";
  std::string output;
  std::string today;
  std::string cache_dir;
  int eol_soon_days = 180;
};

int run_runtime(const RuntimeOptions& o, const CLI::App& app) {
  core::WorkingTreeSnapshot snap(o.path);
  analyzers::PipelineOptions popts;
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  popts.schedule_cache_dir = o.cache_dir;
  bool eol_flag = app.count("--eol-soon-days") > 0;
  popts.adjust_settings = [&](core::Settings& s) {
    s.today = o.today.empty() ? system_today() : o.today;
    if (eol_flag) {
      s.eol_soon_days = o.eol_soon_days;
    }
  };
  auto facts = analyzers::run_pipeline(snap, analyzers::pass_bit(analyzers::Pass::runtime), popts);
  if (!facts) {
    return report_error(facts.error().to_string());
  }
  const auto& rt = *facts->runtime;
  rules::Selection runtime_rules{{"runtime/*", "deps/engines-incompatible"}, {}};
  auto result = rules::evaluate(*facts, runtime_rules);
  reports::RuntimeReport report;
  report.analysis = &rt.analysis;
  report.root = o.path;
  report.schedule_note = rt.schedule.cache_warning;
  report.findings = std::move(result.findings);
  report.errors = facts->errors;

  Output out(o.output);
  if (o.format == "json") {
    reports::write_runtime_json(report, out.stream());
  } else {
    reports::write_runtime_text(report, out.stream(),
                                use_color(out.to_terminal()));
  }
  if (!out.finish()) {
    return k_exit_error;
  }
  print_errors(report.errors);
  if (!report.errors.empty()) {
    return k_exit_error;
  }
  if (o.fail_on == "none") {
    return k_exit_ok;
  }
  auto threshold = core::parse_severity(o.fail_on).value_or(core::Severity::error);
  for (const auto& f : report.findings) {
    if (f.severity >= threshold) {
      return k_exit_findings;
    }
  }
  return k_exit_ok;
}

}  // namespace

Command setup_runtime(CLI::App& parent) {
  auto opts = std::make_shared<RuntimeOptions>();
  auto* app = parent.add_subcommand(
      "runtime",
      "Show every place the project pins Node.js (Dockerfiles, CI, .nvmrc, engines, ...),\n"
      "each pin's release line and status, the runtime findings and an upgrade plan.\n"
      "Example: archgate runtime . --today 2026-11-22 --format json");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when a finding at or above this severity exists")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}))
      ->capture_default_str();
  app->add_option("--eol-soon-days", opts->eol_soon_days,
                  "Warn when a pinned line ends within this many days")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app->add_option("--cache-dir", opts->cache_dir,
                  "Schedule cache folder (default: $ARCHGATE_CACHE_DIR, $XDG_CACHE_HOME/archgate "
                  "or ~/.cache/archgate)");
  app->add_option("--output,-o", opts->output, "Write the report to FILE instead of stdout");
  add_today_option(*app, opts->today);
  return {app, [opts, app] { return run_runtime(*opts, *app); }};
}

}  // namespace archgate::cli
