// manifest/invalid: every package.json that failed to parse.
#include "rules/engine.hpp"

namespace archgate::rules {

void check_manifests(RuleContext& ctx, const analyzers::Facts& /*facts*/) {
  for (const auto& err : ctx.project.input_errors) {
    if (!err.file.ends_with("package.json")) {
      continue;
    }
    ctx.emit("manifest/invalid", err.message, {err.file, err.line, err.column});
  }
}

}  // namespace archgate::rules
