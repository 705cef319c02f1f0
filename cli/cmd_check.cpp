// archgate check [PATH]: run every rule, print findings, gate on --fail-on.
#include <algorithm>
#include <iostream>
#include <memory>

#include "analyzers/project_loader.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"

#include "core/glob.hpp"
#include "core/snapshot.hpp"
#include "reports/reporter.hpp"
#include "rules/config.hpp"
#include "rules/engine.hpp"

namespace archgate::cli {

namespace {

struct CheckOptions {
  std::string path = ".";
  std::string format = "text";
  std::string fail_on = "error";
  std::string output;
  std::string today;
  std::string config;             // --config FILE; default archgate.toml at PATH
  std::vector<std::string> only;  // rule-id globs to keep
  std::vector<std::string> skip;  // rule-id globs to drop
};

// Whether a rule id matches some --only glob (all when none) and no --skip
// glob. `lockfile/*` matches every lockfile rule.
bool in_scope(const CheckOptions& o, std::string_view id) {
  auto any = [&](const std::vector<std::string>& globs) {
    return std::any_of(globs.begin(), globs.end(),
                       [&](const std::string& g) { return g == id || core::glob_match(g, id); });
  };
  return (o.only.empty() || any(o.only)) && !any(o.skip);
}

int run_check(const CheckOptions& o) {
  core::WorkingTreeSnapshot snap(o.path);
  auto project = analyzers::load_project(snap);
  if (!project) {
    return report_error(project.error().to_string());
  }
  rules::RuleConfig config;
  config.today = o.today.empty() ? system_today() : o.today;
  config.snapshot = &snap;
  auto settings = rules::load_project_config(snap, o.config, config);
  if (!settings) {
    return report_error(settings.error().to_string());
  }

  core::AuditResult result;
  result.tool_version = ARCHGATE_VERSION;
  result.root = o.path;
  result.findings = rules::run_rules(*project, config);
  rules::apply_overrides(*settings, result.findings);
  std::erase_if(result.findings, [&](const core::Finding& f) { return !in_scope(o, f.rule); });
  for (const auto& info : rules::rule_catalog()) {
    if (in_scope(o, info.id) && rules::override_for(*settings, info.id, info.default_severity)) {
      result.rules_checked.emplace_back(info.id);
    }
  }
  result.errors = project->input_errors;

  Output out(o.output);
  reports::ReportOptions ropts;
  ropts.color = out.to_terminal() && std::getenv("NO_COLOR") == nullptr;
  auto reporter = reports::make_reporter(o.format, ropts);
  reporter->write(result, out.stream());
  if (!out.finish()) {
    return k_exit_error;
  }
  for (const auto& e : result.errors) {
    std::cerr << "archgate: error: " << e.to_string() << '\n';
  }
  if (result.incomplete()) {
    return k_exit_error;
  }
  if (o.fail_on == "none") {
    return k_exit_ok;
  }
  auto threshold = core::parse_severity(o.fail_on).value_or(core::Severity::error);
  for (const auto& f : result.findings) {
    if (f.severity >= threshold) {
      return k_exit_findings;
    }
  }
  return k_exit_ok;
}

}  // namespace

Command setup_check(CLI::App& parent) {
  auto opts = std::make_shared<CheckOptions>();
  auto* app = parent.add_subcommand(
      "check",
      "Audit a project and print findings, each with its location, rule id and fix.\n"
      "Example: archgate check . --format json --fail-on warning");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  std::vector<std::string> formats;
  for (auto f : reports::report_formats()) {
    formats.emplace_back(f);
  }
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember(formats))
      ->capture_default_str();
  app->add_option("--fail-on", opts->fail_on,
                  "Exit 1 when a finding at or above this severity exists")
      ->check(CLI::IsMember({"error", "warning", "note", "none"}))
      ->capture_default_str();
  app->add_option("--output,-o", opts->output, "Write the report to FILE instead of stdout");
  app->add_option("--config", opts->config,
                  "Settings file (default: archgate.toml or .archgate.toml in PATH); "
                  "see docs/configuration.md");
  app->add_option("--only", opts->only,
                  "Report only rules matching this id or glob (repeatable), e.g. --only 'lockfile/*'");
  app->add_option("--skip", opts->skip,
                  "Do not report rules matching this id or glob (repeatable), e.g. --skip runtime/floating");
  add_today_option(*app, opts->today);
  return {app, [opts] { return run_check(*opts); }};
}

}  // namespace archgate::cli
