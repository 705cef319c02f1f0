#include "cli/app.hpp"

#include <iostream>
#include <vector>

#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "core/result.hpp"

namespace archgate::cli {

int report_error(const std::string& message) {
  std::cerr << "archgate: error: " << message << '\n';
  return k_exit_error;
}

int run_app(int argc, char** argv) {
  CLI::App app{
      "archgate audits a Node.js repository's architecture and dependencies: lockfiles,\n"
      "runtime pinning, dependency health and source architecture, as a checklist\n"
      "report that can gate CI.\n\n"
      "Start with `archgate check` in a project folder. Exit codes: 0 = nothing at or\n"
      "above --fail-on, 1 = findings at or above it, 2 = usage or input error.",
      "archgate"};
  app.set_version_flag("--version", std::string("archgate ") + ARCHGATE_VERSION);
  app.require_subcommand(1);
  bool quiet_flag = false;
  app.add_flag("-q,--quiet", quiet_flag,
               "No progress line, hints or notes on stderr: only the report, warnings and errors.\n"
               "Given before or after the command (archgate check -q .)");
  // Subcommands pass the options they do not know to this level: --quiet
  // works after the command name too.
  app.fallthrough(true);

  std::vector<Command> commands;
  commands.push_back(setup_check(app));
  commands.push_back(setup_inventory(app));
  commands.push_back(setup_graph(app));
  commands.push_back(setup_explain(app));
  commands.push_back(setup_runtime(app));
  commands.push_back(setup_schedule(app));
  commands.push_back(setup_deps(app));
  commands.push_back(setup_diff(app));
  commands.push_back(setup_semver(app));
  commands.push_back(setup_baseline(app));
  commands.push_back(setup_hook(app));
  commands.push_back(setup_init(app));
  commands.push_back(setup_completion(app));
  // COMMANDS: register new commands above this line.

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return k_exit_error;
  }
  set_quiet(quiet_flag);
  for (auto& c : commands) {
    if (c.app->parsed()) {
      try {
        return c.run();
      } catch (const core::FatalError& e) {
        return report_error(e.error.to_string());
      } catch (const std::exception& e) {
        return report_error(std::string("internal error: ") + e.what());
      }
    }
  }
  return report_error("no command given; see archgate --help");
}

}  // namespace archgate::cli
