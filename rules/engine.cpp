#include "rules/engine.hpp"

namespace archgate::rules {

std::vector<core::Finding> run_rules(const core::Project& project, const RuleConfig& config) {
  std::vector<core::Finding> out;
  RuleContext ctx{project, config, out};
  check_manifests(ctx);
  check_lockfile_presence(ctx);
  check_lockfile_drift(ctx);
  check_runtime(ctx);
  check_lockfile_hygiene(ctx);
  check_deps(ctx);
  // ENGINE: add rule families above this line.
  core::sort_findings(out);
  return out;
}

}  // namespace archgate::rules
