// archgate hook install|uninstall [PATH]: a git pre-commit hook that checks
// what is staged. Only archgate's own hook is ever overwritten or removed.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "core/git_snapshot.hpp"

namespace archgate::cli {

namespace {

constexpr std::string_view k_marker = "# archgate pre-commit hook";

struct HookOptions {
  std::string action;
  std::string path = ".";
  std::string fail_on = "error";
};

int run_hook(const HookOptions& o) {
  auto dir = core::git_hooks_dir(o.path);
  if (!dir) return report_error(dir.error().to_string());
  auto file = std::filesystem::path(*dir) / "pre-commit";
  std::string existing;
  bool exists = std::filesystem::exists(file);
  if (exists) {
    std::ifstream in(file);
    std::ostringstream ss;
    ss << in.rdbuf();
    existing = ss.str();
  }
  bool ours = existing.find(k_marker) != std::string::npos;
  if (o.action == "uninstall") {
    if (!exists) {
      info("no pre-commit hook in " + *dir + "; nothing to remove");
      return k_exit_ok;
    }
    if (!ours) return report_error(file.string() + " is not archgate's hook: left as it is");
    std::filesystem::remove(file);
    info("removed " + file.string());
    return k_exit_ok;
  }
  if (exists && !ours) {
    return report_error(file.string() +
                        " exists and is not archgate's: left as it is. Add `archgate check --staged --fail-on " +
                        o.fail_on + "` to it, or use the pre-commit framework / husky / lefthook (docs/git.md)");
  }
  std::filesystem::create_directories(*dir);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << "#!/bin/sh\n"
      << k_marker << " (written by `archgate hook install`; `archgate hook uninstall` removes it).\n"
      << "# Checks what this commit stages, not the working tree.\n"
      << "exec archgate check --staged --fail-on " << o.fail_on << " \"$(git rev-parse --show-toplevel)\"\n";
  out.close();
  if (!out) return report_error(file.string() + ": cannot write the hook");
  ::chmod(file.c_str(), 0755);
  info("installed " + file.string() + " (archgate check --staged --fail-on " + o.fail_on + ")");
  return k_exit_ok;
}

}  // namespace

Command setup_hook(CLI::App& parent) {
  auto opts = std::make_shared<HookOptions>();
  auto* app = parent.add_subcommand(
      "hook",
      "Install or remove a git pre-commit hook that runs `archgate check --staged`.\n"
      "Never overwrites or removes a hook archgate did not write.\n"
      "Example: archgate hook install");
  app->add_option("action", opts->action, "install or uninstall")
      ->required()
      ->check(CLI::IsMember({"install", "uninstall"}));
  app->add_option("path", opts->path, "A folder inside the repository (default: .)")->check(CLI::ExistingDirectory);
  app->add_option("--fail-on", opts->fail_on, "The severity that blocks the commit")
      ->check(CLI::IsMember({"error", "warning", "note"}))
      ->capture_default_str();
  return {app, [opts] { return run_hook(*opts); }};
}

}  // namespace archgate::cli
