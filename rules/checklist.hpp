#pragma once
// Builds the architecture checklist (core/checklist.hpp) from the pipeline's
// facts and the findings evaluate() produced.
#include "analyzers/pipeline.hpp"
#include "core/audit.hpp"

namespace archgate::rules {

void build_checklist(const analyzers::Facts& facts, core::AuditResult& result);

}  // namespace archgate::rules
