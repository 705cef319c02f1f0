#pragma once
// The install-script allow-list parts of `archgate deps` output
// (reports/deps_report.cpp calls these): facts.installScriptPolicy and
// facts.allowedBy per package and the top-level "scriptPolicy" in JSON, the
// verdict line under each package in the text listing.
#include <ostream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/deps_model.hpp"

namespace archgate::reports {

// The verdict of a package that runs code at install time
// (analyzers/deps/script_policy.hpp script_verdicts()) sets in `facts`:
//   installScriptPolicy: {verdict: allowed|denied|disabled|unlisted,
//                         tool, key, file, line (null unless an entry or
//                         setting decided), text, effect}
//   allowedBy: "pnpm onlyBuiltDependencies at pnpm-workspace.yaml:4" or null.
// Packages that run nothing have no verdict (null) and get neither.
void add_install_policy_json(nlohmann::json& facts, const core::deps::ScriptVerdict* v);
// {"manager": "pnpm", "entries": [{name, key, range, allowed, tool, manager,
// file, line, column}], "switches": [{setting, managers, file, line}]}.
nlohmann::json script_policy_json(const core::deps::ScriptPolicy* policy, std::string_view manager);
// `prefix` + "allowed by … at file:line" (or "in no allow-list npm reads
// (npm 11 runs it; npm 12 skips it)") and a newline, for a package that runs
// install code; nothing for a null verdict.
void write_install_policy_text(const core::deps::ScriptVerdict* v, std::string_view prefix,
                               std::ostream& out);

}  // namespace archgate::reports
