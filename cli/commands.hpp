#pragma once
// One file per subcommand: `setup_<name>(CLI::App&)` registers the
// subcommand with its options (held by the returned closure) and returns the
// function that runs it. Only cli/ prints to the terminal and decides exit
// codes: 0 nothing at or above --fail-on, 1 findings at or above it,
// 2 usage or input error.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace archgate::cli {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_error = 2;

Command setup_check(CLI::App& parent);
Command setup_inventory(CLI::App& parent);
Command setup_explain(CLI::App& parent);
Command setup_runtime(CLI::App& parent);
Command setup_schedule(CLI::App& parent);
Command setup_deps(CLI::App& parent);
Command setup_semver(CLI::App& parent);
Command setup_graph(CLI::App& parent);
Command setup_baseline(CLI::App& parent);
Command setup_hook(CLI::App& parent);
Command setup_diff(CLI::App& parent);
Command setup_init(CLI::App& parent);
Command setup_completion(CLI::App& parent);
// COMMANDS: add new setup functions above this line (and in app.cpp).

// Prints `archgate: error: <message>` to stderr and returns k_exit_error.
int report_error(const std::string& message);

}  // namespace archgate::cli
