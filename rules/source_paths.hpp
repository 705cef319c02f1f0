#pragma once
// Which source paths are dev-only (tests, stories, fixtures, mocks, build
// and test configuration, scripts, examples): findings only they have are
// notes, and the checklist does not count them as production code.
#include <string>
#include <string_view>

#include "core/project.hpp"

namespace archgate::rules {

bool dev_only_path(std::string_view path);

// The project's package manager's commands, for remediation text: the one
// whose lockfile was read, else the packageManager field, else npm. (Seen
// on a yarn project: advice said `npm uninstall` and `npm ci --omit=dev`.)
std::string remove_command(const core::Project& project, std::string_view package);
std::string production_install_command(const core::Project& project);

}  // namespace archgate::rules
