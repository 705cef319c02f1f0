// archgate semver --range RANGE VERSION...: the versions that satisfy an npm
// range, like node-semver's `semver -r RANGE VERSION...` (but in the order
// given rather than sorted). Exit 0 when one does, 1 when none does, 2 on a
// usage error or an invalid range.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/semver.hpp"

namespace archgate::cli {

Command setup_semver(CLI::App& parent);

namespace {

struct SemverOptions {
  std::string range;
  bool loose = false;
  bool include_prerelease = false;
  std::vector<std::string> versions;
};

int run_semver(const SemverOptions& o) {
  core::semver::Options opts;
  opts.loose = o.loose;
  opts.include_prerelease = o.include_prerelease;
  auto range = core::semver::Range::parse(o.range, opts);
  if (!range) {
    return report_error("invalid range \"" + o.range + "\"");
  }
  bool any = false;
  for (const auto& text : o.versions) {
    // Invalid versions are skipped, as `semver -r` does.
    auto v = core::semver::parse_version(text, opts);
    if (v && range->satisfies(*v)) {
      std::cout << v->to_string() << '\n';
      any = true;
    }
  }
  return any ? k_exit_ok : k_exit_findings;
}

}  // namespace

Command setup_semver(CLI::App& parent) {
  auto opts = std::make_shared<SemverOptions>();
  auto* app = parent.add_subcommand(
      "semver",
      "Print the versions that satisfy an npm semver range, one per line in the order\n"
      "given (npm's own rules: carets, tildes, x-ranges, hyphens, ||, prereleases).\n"
      "Exit 0 if any does, 1 if none does, 2 on a usage error or an invalid range.\n"
      "Example: archgate semver --range '^1.2.3 || ~2.4' 1.2.2 1.9.0 2.4.7 2.5.0");
  app->add_option("-r,--range", opts->range, "The range, e.g. '>=1.2.3 <2 || ^3'")->required();
  app->add_flag("-l,--loose", opts->loose,
                "Accept sloppy versions and ranges (=1.2.3, 1.2.3beta, leading zeros)");
  app->add_flag("-p,--include-prerelease", opts->include_prerelease,
                "Let prerelease versions satisfy ranges that do not name them");
  app->add_option("versions", opts->versions, "Versions to test")->required();
  return {app, [opts] { return run_semver(*opts); }};
}

}  // namespace archgate::cli
