#pragma once
// `archgate diff`: the dependency review of a change as text (terminal),
// Markdown (a pull-request comment) or JSON (schemaVersion 1; see
// docs/diff.md).
#include <ostream>

#include "core/dep_diff.hpp"

namespace archgate::reports {

void write_diff_text(const core::DependencyDiff& diff, std::ostream& out);
void write_diff_markdown(const core::DependencyDiff& diff, std::ostream& out);
void write_diff_json(const core::DependencyDiff& diff, std::ostream& out);

}  // namespace archgate::reports
