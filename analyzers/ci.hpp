#pragma once
// The commands CI runs, for the checklist's `tests-in-ci` and
// `typecheck-in-ci` items: the `run:` steps of GitHub Actions workflows and
// composite actions, `script:` lists of GitLab CI and Travis, CircleCI
// `command:`/`run:`, AppVeyor `test_script`, Jenkinsfile `sh` steps.
// Commented-out lines are not steps.
#include <string>
#include <vector>

#include "core/snapshot.hpp"

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
};

CiFacts read_ci(const core::Snapshot& snapshot);

// Reads the commands of one CI file (tests feed strings).
void read_ci_file(const std::string& path, std::string_view text, CiFacts& out);

}  // namespace archgate::analyzers
