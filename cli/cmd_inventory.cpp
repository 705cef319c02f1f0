// archgate inventory [PATH]: the resolved packages of the project's lockfile.
#include <iostream>
#include <memory>

#include "analyzers/pipeline.hpp"
#include "rules/rule.hpp"
#include "cli/commands.hpp"
#include "cli/keep.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/snapshot.hpp"
#include "core/timing.hpp"
#include "reports/cyclonedx_report.hpp"
#include "reports/inventory_report.hpp"

namespace archgate::cli {

namespace {

struct InventoryOptions {
  std::string path = ".";
  std::string format = "text";
  std::string output;
  std::string today;
};

int run_inventory(const InventoryOptions& o) {
  core::WorkingTreeSnapshot snap(o.path);
  analyzers::PipelineOptions popts;
  popts.known_rule = [](std::string_view id) { return rules::find_rule(id) != nullptr; };
  auto& facts = keep_until_exit(analyzers::run_pipeline(snap, analyzers::pass_bit(analyzers::Pass::project), popts));
  if (!facts) {
    return report_error(facts.error().to_string());
  }
  auto& project = facts->project;
  // Any unreadable input makes the inventory wrong: refuse rather than
  // print a partial list.
  if (!project->input_errors.empty()) {
    print_errors(project->input_errors);
    return k_exit_error;
  }
  if (!project->graph && !project->unread_lockfile.empty()) {
    return report_error(o.path + ": " + project->unread_lockfile);
  }
  if (!project->graph && !project->nested_lockfiles.empty()) {
    return report_error(o.path + ": " + project->nested_lockfiles);
  }
  if (!project->graph) {
    return report_error(o.path + ": no lockfile found (looked for package-lock.json, "
                        "npm-shrinkwrap.json, yarn.lock, pnpm-lock.yaml, bun.lock)");
  }
  auto& inv = keep_until_exit([&] {
    core::ScopedTiming timing("inventory");  // ARCHGATE_TIMINGS=1
    return core::make_inventory(*project->graph);
  }());
  core::ScopedTiming timing("report");
  Output out(o.output);
  if (o.format == "json") {
    reports::write_inventory_json(*project, inv, out.stream());
  } else if (o.format == "cyclonedx") {
    reports::write_inventory_cyclonedx(*project, inv, o.today.empty() ? system_today() : o.today, ARCHGATE_VERSION,
                                       out.stream());
  } else {
    reports::write_inventory_text(*project, inv, out.stream());
  }
  return out.finish() ? k_exit_ok : k_exit_error;
}

}  // namespace

Command setup_inventory(CLI::App& parent) {
  auto opts = std::make_shared<InventoryOptions>();
  auto* app = parent.add_subcommand(
      "inventory",
      "List every package the lockfile installs (one entry per name@version), with\n"
      "dev/optional/direct flags; --format cyclonedx writes a CycloneDX 1.5 SBOM.\n"
      "Example: archgate inventory . --format json");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  app->add_option("--format", opts->format, "Output format")
      ->check(CLI::IsMember({"text", "json", "cyclonedx"}))
      ->capture_default_str();
  app->add_option("--output,-o", opts->output, "Write to FILE instead of stdout");
  add_today_option(*app, opts->today);
  return {app, [opts] { return run_inventory(*opts); }};
}

}  // namespace archgate::cli
