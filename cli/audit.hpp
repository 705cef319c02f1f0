#pragma once
// The audit `check` and `baseline` share: the pipeline over one snapshot,
// then the rules. Only the registry cache is read, never the network.
#include <string>

#include "core/audit.hpp"
#include "core/result.hpp"
#include "core/snapshot.hpp"
#include "rules/engine.hpp"

namespace archgate::cli {

// `last`: the process exits after this audit, so its facts are never freed
// (cli/keep.hpp); pass false when more work follows.
core::Result<core::AuditResult> audit_snapshot(const core::Snapshot& snap, const std::string& config,
                                               const std::string& today, const rules::Selection& selection,
                                               bool last);

}  // namespace archgate::cli
