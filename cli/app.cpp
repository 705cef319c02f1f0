#include "cli/app.hpp"

#include <algorithm>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/terminal.hpp"
#include "core/result.hpp"

namespace archgate::cli {

int report_error(const std::string& message) {
  std::cerr << "archgate: error: " << message << '\n';
  return k_exit_error;
}

namespace {

// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

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

  // --quiet applies to the usage errors below too.
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "-q" || std::string_view(argv[i]) == "--quiet") set_quiet(true);
  }
  // A mistyped command: say so, with the nearest one (CLI11 would only say
  // that a command is required).
  for (int i = 1; i < argc; ++i) {
    std::string_view word = argv[i];
    if (word.starts_with("-")) continue;
    if (std::none_of(commands.begin(), commands.end(), [&](const Command& c) { return c.app->get_name() == word; })) {
      std::string nearest;
      std::size_t best = 3;  // at most two edits away
      std::string names;
      for (const auto& c : commands) {
        auto d = edit_distance(word, c.app->get_name());
        if (d < best) {
          best = d;
          nearest = c.app->get_name();
        }
        names += (names.empty() ? "" : ", ") + c.app->get_name();
      }
      std::cerr << "archgate: error: unknown command '" << word << "'"
                << (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") << '\n';
      hint("the commands are " + names + " (`archgate --help`)");
      return k_exit_error;
    }
    break;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors in archgate's shape, with where to look.
    const CLI::App* where = &app;
    for (const auto& c : commands) {
      if (c.app->parsed()) where = c.app;
    }
    std::cerr << "archgate: error: " << e.what() << '\n';
    hint(where == &app ? "`archgate --help` lists the commands"
                       : "`archgate " + where->get_name() + " --help` lists its options");
    return k_exit_error;
  }
  set_quiet(quiet_flag || quiet());
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
