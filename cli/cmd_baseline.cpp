// archgate baseline [PATH]: record today's findings by fingerprint, so that
// `check --baseline FILE` reports only what is new (docs/baselines.md).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/audit.hpp"
#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "cli/options.hpp"
#include "core/baseline.hpp"
#include "core/snapshot.hpp"

namespace archgate::cli {

namespace {

struct BaselineOptions {
  std::string path = ".";
  std::string output;  // default: PATH/archgate-baseline.json
  std::string config;
  std::string today;
};

int run_baseline(const BaselineOptions& o) {
  core::WorkingTreeSnapshot snap(o.path);
  std::string today = o.today.empty() ? system_today() : o.today;
  auto result = audit_snapshot(snap, o.config, today, {}, true);
  if (!result) return report_error(result.error().to_string());
  if (result->incomplete()) {
    print_errors(result->errors);
    return report_error("not every input could be read: a baseline of an incomplete run would hide findings");
  }
  std::string file = o.output.empty() ? (std::filesystem::path(o.path) / "archgate-baseline.json").string() : o.output;
  // Reasons and expiry dates written by hand survive a rewrite.
  std::optional<core::Baseline> old;
  if (std::ifstream in(file); in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto b = core::read_baseline(file, text);
    if (!b) return report_error(b.error().to_string() + " (fix or delete it before rewriting)");
    old = std::move(*b);
  }
  auto b = core::make_baseline(*result, old ? &*old : nullptr);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << core::write_baseline(b);
  if (!out.flush()) return report_error(file + ": cannot write the baseline");
  info("wrote " + std::to_string(b.entries.size()) + " findings to " + file + "; `archgate check --baseline " + file +
       "` now reports only new ones");
  return k_exit_ok;
}

}  // namespace

Command setup_baseline(CLI::App& parent) {
  auto opts = std::make_shared<BaselineOptions>();
  auto* app = parent.add_subcommand(
      "baseline",
      "Record today's findings by fingerprint so that `check --baseline FILE` reports only new ones.\n"
      "Entries may get a \"reason\" and an \"expires\" date (YYYY-MM-DD) by hand; a rewrite keeps them.\n"
      "Example: archgate baseline . && archgate check . --baseline archgate-baseline.json");
  app->add_option("path", opts->path, "Project folder (default: .)")->check(CLI::ExistingDirectory);
  app->add_option("--output,-o", opts->output, "Baseline file (default: PATH/archgate-baseline.json)");
  app->add_option("--config", opts->config, "Settings file (default: archgate.toml in PATH)");
  add_today_option(*app, opts->today);
  return {app, [opts] { return run_baseline(*opts); }};
}

}  // namespace archgate::cli
