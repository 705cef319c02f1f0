#pragma once
// `archgate inventory --format cyclonedx`: a CycloneDX 1.5 JSON SBOM of the
// resolved dependency graph. See docs/output-formats.md.
#include <ostream>
#include <string>

#include "core/graph.hpp"
#include "core/project.hpp"

namespace archgate::reports {

// One component per locked name@version (purl, scope from the dev/optional
// flags, licence and hashes as the lockfile records them), the workspaces
// as components of their own, and every dependency edge. Deterministic: the
// serial number is derived from the lockfile's bytes and the timestamp is
// `today` (YYYY-MM-DD), so the same lockfile gives the same SBOM.
void write_inventory_cyclonedx(const core::Project& project, const core::Inventory& inv, std::string_view today,
                               std::string_view tool_version, std::ostream& out);

// The package URL of an npm package: pkg:npm/%40scope/name@version.
std::string npm_purl(std::string_view name, std::string_view version);

}  // namespace archgate::reports
