#pragma once
// The commands CI runs, for the checklist's `tests-in-ci` and
// `typecheck-in-ci` items: the `run:` steps of GitHub Actions workflows and
// composite actions, `script:` lists of GitLab CI and Travis, CircleCI
// `command:`/`run:`, AppVeyor `test_script`, Jenkinsfile `sh` steps.
// Commented-out lines are not steps.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/snapshot.hpp"

namespace archgate::core {
struct Manifest;
}  // namespace archgate::core

namespace archgate::analyzers {

struct CiCommand {
  std::string file;
  int line = 0;
  std::string text;  // one shell line
  // Where an earlier line of the same block left the shell (`cd apps/api`
  // on the line before): project-relative, "" = the root.
  std::string dir;
  // Its step or job may fail without failing the pipeline (GitHub Actions'
  // `continue-on-error: true` on the step, GitLab's `allow_failure: true`
  // on the job): it runs, but gates nothing.
  bool may_fail = false;
};

struct CiFacts {
  std::vector<std::string> files;     // CI configuration files found
  std::vector<CiCommand> commands;    // in file order
  // Shell scripts that package scripts run (`"build": "./build.sh"`, `sh
  // scripts/test.sh`), by project path: their text, for following what CI
  // runs through them.
  std::map<std::string, std::string> shell_scripts;
};

// The project path of the shell script a command runs (`./build.sh`, `bash
// scripts/x.sh`), from the folder `dir` it runs in; nullopt for anything else.
std::optional<std::string> shell_script_path(std::string_view dir, const std::vector<std::string>& words);

CiFacts read_ci(const core::Snapshot& snapshot);

// Reads into out.shell_scripts the shell scripts that the packages' scripts run.
void read_package_shell_scripts(const core::Snapshot& snapshot, const std::vector<const core::Manifest*>& packages,
                                CiFacts& out);

// Reads the commands of one CI file (tests feed strings).
void read_ci_file(const std::string& path, std::string_view text, CiFacts& out);

}  // namespace archgate::analyzers
