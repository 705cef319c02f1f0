#pragma once
// The license and native-replacement parts of `archgate deps` output
// (reports/deps_report.cpp calls these). The --explain lines come from the
// package's explanation (analyze_deps adds them).
#include <string>

#include <nlohmann/json.hpp>

#include "core/deps_model.hpp"

namespace archgate::reports {

// Sets facts.license (the expression as recorded; null when unknown, "" when
// none is declared), facts.licenseSource ("lockfile", "registry" or null)
// and facts.replacement (null, or {kind, docs, options:[{id, nodeMin, url,
// description, removal}]}).
void add_license_json(nlohmann::json& facts, const core::deps::PackageReport& p);

// The license for the text listing: "MIT", "none" or "?" (unknown).
std::string license_label(const core::deps::PackageReport& p);

}  // namespace archgate::reports
