#pragma once
// Install-script allow-lists: every place where a package manager (or
// LavaMoat's allow-scripts) reads which dependencies may run code at install
// time, each entry with its file:line, and the verdict for one package.
//
// Read at the project root only (the managers read them there):
//
//   package.json
//     pnpm.onlyBuiltDependencies            allow   pnpm (array; `name@range` allowed)
//     pnpm.allowBuilds                      map     pnpm (name -> true / false = deny)
//     pnpm.neverBuiltDependencies           deny    pnpm
//     pnpm.ignoredBuiltDependencies         deny    pnpm (build skipped, no warning)
//     pnpm.dangerouslyAllowAllBuilds: true  switch  pnpm: everything builds
//     trustedDependencies                   allow   bun (array)
//     dependenciesMeta.<name[@version]>.built  map  yarn berry (true / false)
//     allowScripts                          map     npm >= 11.16 (true / false; keys may
//                                                   be `name@range`; a string value is a
//                                                   range, as dominykas/allow-scripts has it)
//     lavamoat.allowScripts                 map     LavaMoat allow-scripts, any manager
//                                                   (keys may be `a>b` paths: the last
//                                                   segment is the package; `$root$`,
//                                                   the project itself, is skipped)
//   pnpm-workspace.yaml
//     onlyBuiltDependencies, allowBuilds, neverBuiltDependencies,
//     ignoredBuiltDependencies, dangerouslyAllowAllBuilds as above;
//     ignoreScripts: true                   switch  pnpm: nothing runs
//   .yarnrc.yml   enableScripts: false      switch  yarn berry: only dependenciesMeta
//                                                   `built: true` packages run
//   .yarnrc       ignore-scripts true       switch  yarn 1: nothing runs
//   .npmrc        ignore-scripts=true       switch  npm, pnpm: nothing runs
//                 allow-scripts=a,b         allow   npm reads it for global installs
//                                                   and npx only, never for the project
//
// Verdicts (decide_scripts), for the manager that installs the project:
//   1. a switch that turns every script off decides `disabled`, except that
//      LavaMoat entries still decide (LavaMoat runs the allowed scripts after
//      an install with ignore-scripts);
//   2. a switch that allows every build decides `allowed`;
//   3. entries the manager reads that match name and version: any deny wins
//      (`denied`), else an allow (`allowed`);
//   4. enableScripts: false makes the rest `disabled`;
//   5. otherwise `unlisted` (the manager's default applies: npm and yarn run
//      it, pnpm 10+ and bun do not).
// Entries of tools the manager does not read never decide; they are named in
// the decision so the message can say so.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/deps/scoring.hpp"
#include "core/deps_model.hpp"
#include "core/project.hpp"
#include "core/result.hpp"

namespace archgate::core {
class Snapshot;
}

namespace archgate::deps {

using core::deps::PolicyEntry;
using core::deps::PolicySwitch;
using core::deps::ScriptPolicy;
using core::deps::ScriptVerdict;
using core::deps::SwitchKind;
using core::deps::Verdict;
using core::deps::where_text;

// Reads every source above from `snap`. Never fails; see ScriptPolicy::errors.
ScriptPolicy load_script_policy(const core::Snapshot& snap);

// One source each (appending to `out`); exposed for tests.
void parse_package_json_policy(const std::string& path, std::string_view text, ScriptPolicy& out);
void parse_pnpm_workspace_policy(const std::string& path, std::string_view text, ScriptPolicy& out);
void parse_yarnrc_yml_policy(const std::string& path, std::string_view text, ScriptPolicy& out);
void parse_npmrc_policy(const std::string& path, std::string_view text, ScriptPolicy& out);
void parse_yarnrc_policy(const std::string& path, std::string_view text, ScriptPolicy& out);

// The installer key of a project: npm, pnpm, yarn (berry), yarn-classic, bun,
// from the lockfile read ("" when none was).
std::string script_manager(const core::Project& project);
// How people call a manager id: "yarn-classic" is "yarn 1".
std::string manager_label(std::string_view manager);

struct ScriptDecision {
  Verdict verdict = Verdict::unlisted;
  const PolicyEntry* entry = nullptr;  // the deciding entry, if any
  const PolicySwitch* sw = nullptr;    // the deciding switch, if any
  // Matching entries of tools that `manager` does not read.
  std::vector<const PolicyEntry*> unread;
  // "allowed by pnpm onlyBuiltDependencies at pnpm-workspace.yaml:4",
  // "not in any allow-list npm reads", ...
  std::string text;
  // What the manager does with it: "npm 11 runs it; npm 12 skips it", ...
  std::string effect;
};

// Does `e` cover `name`@`version`? (name equal, version inside e.range).
bool entry_matches(const PolicyEntry& e, std::string_view name, std::string_view version);

ScriptDecision decide_scripts(const ScriptPolicy& policy, std::string_view manager,
                              std::string_view name, std::string_view version);

// decide_scripts() for every package of `report` whose install runs code,
// by its index in report.packages, as the reports print it.
std::map<std::size_t, ScriptVerdict> script_verdicts(const DepsReport& report,
                                                     const ScriptPolicy& policy,
                                                     std::string_view manager);

// The concrete fix for an unlisted package: which allow-list of `manager`
// to add `name` to (the one the project already uses when it has one).
std::string allowlist_hint(const ScriptPolicy& policy, std::string_view manager,
                           std::string_view name);

struct StaleEntry {
  const PolicyEntry* entry = nullptr;
  std::string reason;  // "…, which is not in pnpm-lock.yaml"
};

// Entries that name a package the lockfile no longer has, a version range no
// locked version satisfies, or packages whose every matching locked version is
// known to run no install code. Install facts count as known when registry
// metadata was read or the lockfile records install scripts
// (`lockfile_records_scripts`); unknown facts never make an entry stale.
// `local_names` are workspace package names (never stale when listed).
std::vector<StaleEntry> stale_entries(const ScriptPolicy& policy, const DepsReport& report,
                                      bool lockfile_records_scripts,
                                      const std::vector<std::string>& local_names,
                                      std::string_view lockfile_path);

}  // namespace archgate::deps
