#pragma once
// The runtime/* rule family (and deps/engines-incompatible): findings about
// where and how a repository pins Node.js, judged against the release
// schedule on RuleConfig::today.
#include "analyzers/runtime/analysis.hpp"
#include "core/node_schedule.hpp"
#include "rules/rule.hpp"

namespace archgate::rules {

// Appends the findings of one runtime analysis to ctx.out. Used by
// check_runtime() and by `archgate runtime`, which has already analysed.
// Never fails: pins that cannot be resolved produce no finding.
void emit_runtime_findings(RuleContext& ctx, const analyzers::runtime::RuntimeAnalysis& analysis,
                           const core::NodeSchedule& schedule);

}  // namespace archgate::rules
