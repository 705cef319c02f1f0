#pragma once
// `archgate inventory` output: the resolved package list (JSON contract
// schemaVersion 1, see docs/output-formats.md) or a text table.
#include <ostream>

#include "core/graph.hpp"
#include "core/project.hpp"

namespace archgate::reports {

void write_inventory_json(const core::Project& project, const core::Inventory& inv,
                          std::ostream& out);
void write_inventory_text(const core::Project& project, const core::Inventory& inv,
                          std::ostream& out);

}  // namespace archgate::reports
